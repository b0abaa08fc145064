import json
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.monitoring.sources import SOURCES
from moralprovince.people.models import Person, Trainer
from moralprovince.people.tests.base import TrainingTestCase

PROVINCE = SimpleNamespace(province_id="84", organisation_id=None, network_id=None)
KEYS = [
    "people_trained",
    "people_trained_female",
    "people_trained_male",
    "training_completion_rate",
    "training_average_gain",
]


def figures() -> dict[str, Decimal]:
    return {k: SOURCES[k].figure(SOURCES[k].records(PROVINCE, 2563, "Y")) for k in KEYS}


class PersonalDataTests(TrainingTestCase):
    def setUp(self) -> None:
        somsri, somchai, malee, _wichai = self.enrolments
        self.attend(somsri, 4), self.score(somsri, 8, 15)
        self.attend(somchai, 3), self.score(somchai, 10, 12)
        self.attend(malee, 2), self.score(malee, 9, 18)
        Trainer.objects.create(person=self.people[0], province=self.surat, topics="สุจริต")

    def test_the_figures_count_completers_by_sex_rate_and_gain(self):
        self.assertEqual(
            figures(),
            {
                "people_trained": 2,
                "people_trained_female": 1,
                "people_trained_male": 1,
                "training_completion_rate": Decimal("50.00"),
                "training_average_gain": Decimal("6.00"),  # (7 + 2 + 9) / 3
            },
        )

    def test_the_export_holds_everything_about_the_person_and_is_audited(self):
        self.login(self.admin)
        response = self.client.get(reverse("people:person-export", args=[self.people[0].pk]))
        data = json.loads(response.content)
        self.assertEqual(data["person"]["name_th"], "นางสาวสมศรี ใจดี")
        self.assertEqual(data["person"]["phone"], "0811111111")
        self.assertEqual(data["enrolments"][0]["hours_attended"], "12")
        self.assertEqual(data["enrolments"][0]["post_score"], "15")
        self.assertEqual(data["trainer"]["topics"], ["สุจริต"])
        entry = AuditEntry.objects.get(action="people.person.exported")
        self.assertEqual(entry.actor, self.admin)

    def test_erasing_replaces_the_name_and_keeps_the_figures(self):
        before = figures()
        self.login(self.admin)
        url = reverse("people:person-erase", args=[self.people[0].pk])
        self.client.post(url, {})
        self.assertEqual(Person.objects.get(pk=self.people[0].pk).name_th, "นางสาวสมศรี ใจดี")
        self.client.post(url, {"confirm": "erase"})
        somsri = Person.objects.get(pk=self.people[0].pk)
        self.assertTrue(somsri.name_th.startswith("ข้อมูลถูกลบ"))
        self.assertEqual((somsri.phone, somsri.email, somsri.sex), ("", "", "female"))
        self.assertIsNotNone(somsri.erased_at)
        self.assertFalse(Trainer.objects.filter(person=somsri).exists())
        self.assertEqual(figures(), before)
        self.assertTrue(AuditEntry.objects.filter(action="people.person.erased").exists())
        page = self.client.get(reverse("people:batch", args=[self.batch.pk]))
        self.assertNotContains(page, "นางสาวสมศรี ใจดี")

    def test_the_commands_export_and_erase_with_an_audit_entry(self):
        out = StringIO()
        call_command("export_person", str(self.people[1].pk), stdout=out)
        self.assertEqual(json.loads(out.getvalue())["person"]["name_th"], "นายสมชาย รักดี")
        before = figures()
        call_command("erase_person", str(self.people[1].pk), "--yes", stdout=StringIO())
        self.assertTrue(Person.objects.get(pk=self.people[1].pk).name_th.startswith("ข้อมูลถูกลบ"))
        self.assertEqual(figures(), before)
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        self.assertTrue({"people.person.exported", "people.person.erased"} <= actions)

    def test_the_audit_log_never_holds_a_name_that_erasure_could_not_reach(self):
        from moralprovince.people import services
        from moralprovince.people.services import PersonInput, TrainerInput

        name = "นางสาวลับ เฉพาะ"
        enrolment = services.enrol_person(
            actor=self.admin,
            batch=self.batch,
            data=PersonInput(name_th=name, phone="0877777777"),
            purpose="อบรม",
            consent=True,
        )
        trainer = services.add_trainer(
            actor=self.admin,
            province=self.surat,
            data=PersonInput(name_th=name),
            trainer_data=TrainerInput(topics="สุจริต", is_public=True),
        )
        services.export_person(actor=self.admin, someone=enrolment.person)
        services.erase_person(actor=self.admin, someone=trainer.person)
        written = " ".join(
            f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.filter(province_id="84")
        )
        self.assertNotIn("ลับ", written)
        self.assertNotIn("0877777777", written)
        self.assertGreaterEqual(AuditEntry.objects.filter(province_id="84").count(), 5)
