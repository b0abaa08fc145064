from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from moralprovince.accounts.access import SYSTEM, Actor
from moralprovince.surveys.models import Instrument, ResponseImport, ResultCell, SurveyRound
from moralprovince.surveys.reference import REFERENCE_CODE
from moralprovince.surveys.services import (
    RoundData,
    create_import,
    create_round,
    import_responses,
)
from moralprovince.testing import MoralTestCase, make_organisation

MEDIA = tempfile.mkdtemp(prefix="moralprovince-survey-test-")


@override_settings(MEDIA_ROOT=MEDIA, JOBS_RUN_INLINE=True)
class SurveyTestCase(MoralTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.school.code = "1084130001"
        cls.school.save()
        cls.school2 = make_organisation(cls.surat, "โรงเรียนไชยาวิทยา", "school", "840601")
        cls.school2.code = "1084060002"
        cls.school2.save()
        cls.version = Instrument.objects.get(code=REFERENCE_CODE).latest()
        cls.items = list(cls.version.items.order_by("order").values_list("code", flat=True))
        cls.round = create_round(
            actor=cls.admin,
            data=RoundData(
                province=cls.surat,
                version=cls.version,
                fiscal_year=2569,
                name="รอบสำรวจ 2569",
                opens_on=dt.date(2020, 1, 1),
                closes_on=dt.date(2099, 12, 31),
            ),
            schools=[cls.school, cls.school2],
        )

    def setUp(self) -> None:
        super().setUp()
        # Requests sent in English leave English active in this thread; later tests that
        # render outside a request expect the site's default (Thai).
        self.addCleanup(translation.deactivate)

    def fresh_media(self) -> str:
        """A MEDIA_ROOT of the test's own, so the files a test leaves can be counted."""
        media = tempfile.mkdtemp(prefix="survey-test-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        return media


def csv_text(rows: list[dict[str, Any]], items: list[str], separator: str = ",") -> str:
    header = ["submission_id", "school", "grade", "sex", "age", *items]
    lines = [separator.join(header)]
    for row in rows:
        answers = row.get("answers") or [3] * len(items)
        values = [
            row.get("id", ""),
            row.get("school", ""),
            row.get("grade", "ม.1"),
            row.get("sex", "ชาย"),
            str(row.get("age", 13)),
        ]
        lines.append(separator.join([*map(str, values), *map(str, answers)]))
    return "\n".join(lines) + "\n"


def many(count: int, school: str, start: int = 0, **extra: Any) -> list[dict[str, Any]]:
    return [{"id": f"S{start + n}", "school": school, **extra} for n in range(count)]


def upload_bytes(
    survey_round: SurveyRound,
    content: bytes,
    name: str = "responses.csv",
    actor: Actor = SYSTEM,
    **options: Any,
) -> ResponseImport:
    return create_import(
        actor=actor, survey_round=survey_round, upload=io.BytesIO(content), name=name, **options
    )


def import_bytes(
    survey_round: SurveyRound,
    content: bytes,
    name: str = "responses.csv",
    only_valid: bool = False,
    **options: Any,
) -> Any:
    """Upload and import; into a closed round (the results tests' past rounds) as the
    correction a manager confirms (`test_open_rounds` tests the refusal)."""
    record = upload_bytes(survey_round, content, name, **options)
    return import_responses(
        actor=SYSTEM, record=record, only_valid=only_valid, after_close=survey_round.has_closed()
    )


def cell_total(survey_round: SurveyRound) -> int:
    cell = ResultCell.objects.filter(
        round=survey_round, level="province", sex=0, grade=0, domain=0
    ).first()
    return cell.n if cell else 0


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def answer_form(client: Any, token: str, version: Any, value: str = "3") -> Any:
    """Fill the web form through every page as a pupil; the last page's answer."""
    client.post(reverse("surveys:answer", args=[token]), {"grade": 7, "sex": 1})
    last = None
    for number, domain in enumerate(version.domains.order_by("order"), start=1):
        answers = {item.code: value for item in domain.items.all()}
        last = client.post(reverse("surveys:answer-step", args=[token, number]), answers)
    return last


def stored_files(media: str) -> list[Path]:
    """The survey files kept in this MEDIA_ROOT."""
    return [p for p in (Path(media) / "survey-imports").rglob("*") if p.is_file()]
