"""Web forms sent at the same moment from four schools, on PostgreSQL: none deadlocks.

Each form adds to the result cells of its school, its district and the province, so the
forms lock some of the same cells. They must take those locks in one order (the cells'
key), or each waits for the other and PostgreSQL kills one as a deadlock: the pupil would
get an error page for a form that was right. Runs outside a test transaction, because the
threads need each other's commits; it removes what it made afterwards.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from pathlib import Path
from unittest import skipUnless

from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import TransactionTestCase, override_settings

from moralprovince.accounts.access import SYSTEM
from moralprovince.core.backup import restore_backup, write_backup
from moralprovince.geo.models import Province
from moralprovince.surveys.models import Instrument, Response, ResultCell, RoundSchool
from moralprovince.surveys.reference import REFERENCE_CODE
from moralprovince.surveys.services import RoundData, WebAnswers, create_round, submit_web_response
from moralprovince.testing import make_organisation

FORMS_EACH = 12


@skipUnless(connection.vendor == "postgresql", "row locks and deadlocks are PostgreSQL's")
@override_settings(SURVEY_LINK_LIMIT=1000)
class ConcurrentWebFormTests(TransactionTestCase):
    def setUp(self) -> None:
        # The audit log cannot be deleted from (a trigger refuses it), so the database is put
        # back as it was with a backup of its own, as the backup tests do.
        work = tempfile.TemporaryDirectory(prefix="moralprovince-concurrent-test-")
        self.addCleanup(work.cleanup)
        media = FileSystemStorage(location=Path(work.name) / "media")
        baseline = Path(work.name) / "baseline.tar"
        write_backup(baseline, storage=media)
        self.addCleanup(restore_backup, baseline, storage=media)
        surat = Province.objects.get(pk="84")
        # Four schools in four districts: every form locks cells of the province, and
        # forms of a school wait for each other on its link, so the four send at once.
        self.schools = [
            make_organisation(surat, f"โรงเรียนทดสอบพร้อมกัน {n}", "school", subdistrict)
            for n, subdistrict in enumerate(["841301", "840601", "840101", "840201"])
        ]
        version = Instrument.objects.get(code=REFERENCE_CODE).latest()
        self.items = list(version.items.values_list("code", flat=True))
        self.round = create_round(
            actor=SYSTEM,
            data=RoundData(
                province=surat,
                version=version,
                fiscal_year=2569,
                name="รอบทดสอบส่งพร้อมกัน",
                opens_on=dt.date(2020, 1, 1),
                closes_on=dt.date(2099, 12, 31),
            ),
            schools=self.schools,
        )

    def _fixture_teardown(self) -> None:
        """The cleanup above restores the state from before the test (Django's flush would
        remove the geography and reference data that every other test needs)."""

    def send(self, member: RoundSchool, prefix: str, start: threading.Barrier) -> None:
        try:
            start.wait()
            for n in range(FORMS_EACH):
                answers = WebAnswers(
                    f"{prefix}{n}",
                    grade=7 + n % 3,
                    sex=1 + n % 2,
                    age=None,
                    answers=dict.fromkeys(self.items, 1 + n % 4),
                )
                submit_web_response(actor=AnonymousUser(), member=member, answers=answers)
        except Exception as error:
            self.errors.append(error)
        finally:
            connection.close()

    def test_four_schools_sending_at_once_store_every_form_without_a_deadlock(self) -> None:
        members = list(RoundSchool.objects.filter(round=self.round).select_related("round"))
        self.errors: list[Exception] = []
        start = threading.Barrier(len(members))
        threads = [
            threading.Thread(target=self.send, args=(member, f"t{i}-", start))
            for i, member in enumerate(members)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(self.errors, [])
        self.assertEqual(
            Response.objects.filter(round=self.round).count(), len(members) * FORMS_EACH
        )
        province = ResultCell.objects.get(
            round=self.round, level="province", unit="84", sex=0, grade=0, domain=0
        )
        self.assertEqual(province.n, len(members) * FORMS_EACH)
