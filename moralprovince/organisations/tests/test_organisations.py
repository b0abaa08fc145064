from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.organisations.models import Organisation, OrganisationType
from moralprovince.testing import MoralTestCase


class OrganisationTests(MoralTestCase):
    def form(self, **overrides):
        data = {
            "name_th": "โรงเรียนวัดประดู่",
            "name_en": "Wat Pradu School",
            "kind": OrganisationType.objects.get(code="school").pk,
            "subdistrict": "840103",
        }
        return data | overrides

    def test_a_coordinator_adds_an_organisation_to_their_network(self):
        self.login(self.coordinator)
        url = reverse("organisations:organisation-create", args=["84"])
        response = self.client.post(f"{url}?network={self.education.pk}", self.form())
        org = Organisation.objects.get(name_th="โรงเรียนวัดประดู่")
        self.assertRedirects(response, reverse("organisations:organisation", args=[org.pk]))
        self.assertEqual(org.province_id, "84")
        self.assertEqual(list(org.networks.all()), [self.education])
        self.assertTrue(
            AuditEntry.objects.filter(
                action="organisations.organisation.created", actor=self.coordinator
            ).exists()
        )

    def test_a_subdistrict_of_another_province_is_refused_and_nothing_is_saved(self):
        self.login(self.admin)
        url = reverse("organisations:organisation-create", args=["84"])
        response = self.client.post(url, self.form(subdistrict="570102"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ตำบล:")
        self.assertFalse(Organisation.objects.filter(name_th="โรงเรียนวัดประดู่").exists())

    def test_a_missing_name_is_named_in_the_message_in_thai_and_in_english(self):
        self.login(self.admin)
        url = reverse("organisations:organisation-create", args=["84"])
        response = self.client.post(url, self.form(name_th=""))
        self.assertContains(response, "ชื่อภาษาไทย: ")
        self.client.cookies["django_language"] = "en"
        response = self.client.post(url, self.form(name_th=""))
        self.assertContains(response, "Thai name: This field is required.")

    def test_a_reporter_updates_their_organisation_and_the_log_keeps_before_and_after(self):
        self.login(self.reporter)
        url = reverse("organisations:organisation-edit", args=[self.school.pk])
        self.client.post(
            url, self.form(name_th="โรงเรียนบ้านนาเดิม", phone="077-123456", subdistrict="841301")
        )
        self.school.refresh_from_db()
        self.assertEqual(self.school.phone, "077-123456")
        entry = AuditEntry.objects.get(action="organisations.organisation.updated")
        self.assertEqual(entry.changes["phone"], {"before": "", "after": "077-123456"})
        self.assertNotIn("name_th", entry.changes)

    def test_the_organisation_page_shows_its_place_and_networks(self):
        self.login(self.admin)
        response = self.client.get(reverse("organisations:organisation", args=[self.school.pk]))
        self.assertContains(response, "บ้านนาเดิม")
        self.assertContains(response, "เครือข่ายภาคการศึกษา")
        self.assertContains(response, "ข้อมูลตัวอย่าง")
