"""The survey's services: the access rules they apply and the audit entry each write leaves."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import override_settings

from moralprovince.accounts.access import SYSTEM, NotAllowed
from moralprovince.audit.models import AuditEntry
from moralprovince.surveys import access
from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import InstrumentVersion, Response, SurveyRound
from moralprovince.surveys.queries import trend, version_data
from moralprovince.surveys.services import (
    RoundData,
    ScoringChange,
    SubmittedResponse,
    WebAnswers,
    add_round_schools,
    check_import,
    create_round,
    create_version,
    import_responses,
    submit_responses,
    submit_web_response,
    update_import_mapping,
    update_scoring,
)
from moralprovince.surveys.spec import spec_for
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    csv_text,
    import_bytes,
    many,
    upload_bytes,
)
from moralprovince.testing import make_organisation


def entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


class AuditTests(SurveyTestCase):
    def test_an_import_leaves_one_entry_per_step_with_before_and_after(self) -> None:
        rows = [*many(2, self.school.code), {"id": "bad", "school": "nowhere"}]
        record = upload_bytes(self.round, csv_text(rows, self.items).encode())
        created = entry("surveys.import.created")
        self.assertEqual(created.object_id, str(record.pk))
        self.assertEqual(created.changes["file"]["after"], record.file.name)
        mapping = {**record.mapping, "age": ""}
        update_import_mapping(actor=self.evaluator, record=record, mapping=mapping)
        self.assertEqual(entry("surveys.import.mapped").actor, self.evaluator)
        check_import(actor=self.evaluator, record=record)
        checked = entry("surveys.import.checked").changes
        self.assertEqual(checked["status"], {"before": "uploaded", "after": "checked"})
        self.assertEqual(checked["valid_rows"], {"before": 0, "after": 2})
        with self.assertRaises(ImportRefused):
            import_responses(actor=self.evaluator, record=record)
        refused = entry("surveys.import.refused")
        self.assertEqual(refused.object_id, str(record.pk))
        self.assertEqual(refused.changes["status"], {"before": "checked", "after": "refused"})
        # A refused file is not kept: its valid rows are imported from a new upload.
        again = upload_bytes(self.round, csv_text(rows, self.items).encode())
        check_import(actor=self.evaluator, record=again)
        import_responses(actor=self.evaluator, record=again, only_valid=True)
        imported = entry("surveys.responses.imported").changes
        self.assertEqual(imported["status"], {"before": "checked", "after": "imported"})
        self.assertEqual(imported["added"], {"before": 0, "after": 2})

    def test_a_web_form_leaves_one_entry_and_a_repeat_none(self) -> None:
        member = self.round.round_schools.get(organisation=self.school)
        answers = WebAnswers("n1", grade=7, sex=2, age=None, answers=dict.fromkeys(self.items, 3))
        self.assertTrue(submit_web_response(actor=self.outsider, member=member, answers=answers))
        self.assertFalse(submit_web_response(actor=self.outsider, member=member, answers=answers))
        submitted = entry("surveys.responses.submitted")
        self.assertEqual(submitted.object_id, str(self.round.pk))
        self.assertEqual(submitted.changes["source"]["after"], "web")

    def test_a_web_form_with_an_answer_missing_is_refused_naming_it(self) -> None:
        member = self.round.round_schools.get(organisation=self.school)
        given = {code: 3 for code in self.items if code != "comm08"}
        answers = WebAnswers("n2", grade=7, sex=2, age=None, answers=given)
        with self.assertRaises(ValidationError) as refused:
            submit_web_response(actor=SYSTEM, member=member, answers=answers)
        self.assertEqual(refused.exception.messages, ["คำตอบข้อ “comm08”: ไม่มีคำตอบ"])

    def test_rounds_and_their_schools_are_audited(self) -> None:
        created = AuditEntry.objects.get(action="surveys.round.created", object_id=self.round.pk)
        self.assertEqual(created.changes["name"]["after"], self.round.name)
        self.assertEqual(created.changes["schools"]["after"], [self.school.pk, self.school2.pk])
        third = make_organisation(self.surat, "โรงเรียนท่าชนะ", "school", "840601")
        add_round_schools(actor=self.admin, survey_round=self.round, schools=[third, self.school])
        added = entry("surveys.round.schools_added").changes["schools"]
        self.assertEqual(added["after"], sorted([self.school.pk, self.school2.pk, third.pk]))

    def test_a_scoring_change_is_a_new_audited_version(self) -> None:
        change = ScoringChange(rule="rescaled", note="ตามคู่มือ")
        new = update_scoring(self.version, actor=self.national, change=change)
        logged = AuditEntry.objects.get(action="surveys.version.created", object_id=new.pk)
        self.assertEqual(logged.changes["scoring_rule"]["after"], "rescaled")
        self.assertEqual(version_data(new).bands, version_data(self.version).bands)


class AccessTests(SurveyTestCase):
    def round_data(self) -> RoundData:
        return RoundData(
            province=self.surat,
            version=self.version,
            fiscal_year=2570,
            name="รอบ 2570",
            opens_on=dt.date(2026, 6, 1),
            closes_on=dt.date(2026, 8, 31),
        )

    def test_only_those_who_run_the_province_start_rounds_and_import(self) -> None:
        for person in (self.viewer, self.coordinator, self.outsider):
            with self.subTest(person=person.username), self.assertRaises(NotAllowed):
                create_round(actor=person, data=self.round_data(), schools=[])
            with self.subTest(person=person.username), self.assertRaises(NotAllowed):
                content = csv_text(many(1, self.school.code), self.items).encode()
                upload_bytes(self.round, content, actor=person)
        created = create_round(actor=self.evaluator, data=self.round_data(), schools=[self.school])
        self.assertEqual(created.round_schools.count(), 1)
        self.assertTrue(access.can(self.evaluator, "surveys.round.run", created))
        self.assertFalse(access.can(self.coordinator, "surveys.round.run", created))
        self.assertFalse(access.can(self.outsider, "surveys.round.view", created))

    def test_only_national_staff_add_instrument_versions(self) -> None:
        with self.assertRaises(NotAllowed):
            create_version(version_data(self.version), actor=self.admin)
        self.assertEqual(
            InstrumentVersion.objects.filter(instrument=self.version.instrument).count(), 1
        )

    def test_no_one_submits_to_another_province_or_a_closed_round(self) -> None:
        row: SubmittedResponse = {
            "submission_id": "a",
            "school": self.school.pk,
            "grade": 7,
            "sex": 1,
            "answers": dict.fromkeys(self.items, 3),
        }
        with self.assertRaises(NotAllowed):
            submit_responses(actor=self.outsider, survey_round=self.round, rows=[row])
        SurveyRound.objects.filter(pk=self.round.pk).update(closes_on=dt.date(2021, 1, 1))
        member = self.round.round_schools.select_related("round").get(organisation=self.school)
        answers = WebAnswers("late", grade=7, sex=1, age=None, answers=row["answers"])
        with self.assertRaises(ValidationError) as closed:
            submit_web_response(actor=self.outsider, member=member, answers=answers)
        self.assertEqual(closed.exception.code, "closed")
        with self.assertRaises(ValidationError) as closed:
            submit_responses(actor=self.evaluator, survey_round=member.round, rows=[row])
        self.assertIn("round", closed.exception.message_dict)
        self.assertFalse(Response.objects.exists())


@override_settings(SURVEY_MIN_GROUP=1)
class TrendTests(SurveyTestCase):
    def add_round(self, year: int, respondents: int) -> SurveyRound:
        survey_round = create_round(
            actor=SYSTEM,
            data=RoundData(
                province=self.surat,
                version=self.version,
                fiscal_year=year,
                name=f"รอบ {year}",
                opens_on=dt.date(year - 543, 6, 1),
                closes_on=dt.date(year - 543, 8, 31),
            ),
            schools=[self.school],
        )
        # Past rounds take answers only as an import (a manager's correction).
        rows = many(respondents, self.school.code, start=year * 100)
        import_bytes(survey_round, csv_text(rows, self.items).encode())
        return survey_round

    def test_the_trend_reads_every_round_at_once(self) -> None:
        latest = self.add_round(2566, 1)
        self.add_round(2565, 2)
        spec = spec_for(self.version)
        # The rounds, then the cells of all of them: the same two queries for any number.
        with self.assertNumQueries(2):
            self.assertEqual([f.n for _r, f in trend(latest, spec)], [2, 1])
        for year in (2562, 2563, 2564):
            self.add_round(year, 3)
        with self.assertNumQueries(2):
            found = trend(latest, spec)
        self.assertEqual(
            [(r.fiscal_year, f.n) for r, f in found],
            [(2562, 3), (2563, 3), (2564, 3), (2565, 2), (2566, 1)],
        )
