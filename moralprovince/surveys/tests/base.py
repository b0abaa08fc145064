from __future__ import annotations

import datetime as dt
import io
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

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
    record = upload_bytes(survey_round, content, name, **options)
    return import_responses(actor=SYSTEM, record=record, only_valid=only_valid)


def cell_total(survey_round: SurveyRound) -> int:
    cell = ResultCell.objects.filter(
        round=survey_round, level="province", sex=0, grade=0, domain=0
    ).first()
    return cell.n if cell else 0


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
