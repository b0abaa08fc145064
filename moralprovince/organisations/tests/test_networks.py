from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.organisations.models import Membership, Network
from moralprovince.testing import MoralTestCase, make_organisation


class NetworkTests(MoralTestCase):
    def test_a_coordinator_renames_their_network_and_the_audit_log_keeps_both_names(self):
        self.login(self.coordinator)
        url = reverse("organisations:network-edit", args=[self.education.pk])
        response = self.client.post(
            url,
            {
                "number": 3,
                "name_th": "เครือข่ายการศึกษา",
                "name_en": "Education",
                "chair": self.university.pk,
            },
        )
        self.assertRedirects(response, reverse("organisations:network", args=[self.education.pk]))
        self.education.refresh_from_db()
        self.assertEqual(self.education.name_th, "เครือข่ายการศึกษา")
        entry = AuditEntry.objects.get(action="organisations.network.updated")
        self.assertEqual(entry.actor, self.coordinator)
        self.assertEqual(entry.province_id, "84")
        self.assertEqual(
            entry.changes["name_th"], {"before": "เครือข่ายภาคการศึกษา", "after": "เครือข่ายการศึกษา"}
        )
        self.assertEqual(entry.changes["chair"], {"before": None, "after": self.university.pk})

    def test_a_coordinator_cannot_change_a_network_that_is_not_theirs(self):
        self.login(self.coordinator)
        url = reverse("organisations:network-edit", args=[self.religion.pk])
        response = self.client.post(url, {"number": 4, "name_th": "ถูกแก้"})
        self.assertEqual(response.status_code, 404)
        self.religion.refresh_from_db()
        self.assertEqual(self.religion.name_th, "เครือข่ายศาสนา")
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_chair_from_another_province_is_refused(self):
        self.login(self.admin)
        url = reverse("organisations:network-edit", args=[self.education.pk])
        response = self.client.post(
            url, {"number": 3, "name_th": "เครือข่ายภาคการศึกษา", "chair": self.other_org.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errorlist")
        self.education.refresh_from_db()
        self.assertIsNone(self.education.chair)

    def test_a_duplicate_network_number_gets_a_clear_message_and_nothing_is_saved(self):
        self.login(self.admin)
        url = reverse("organisations:network-create", args=["84"])
        response = self.client.post(url, {"number": 3, "name_th": "เครือข่ายใหม่"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "มีเครือข่ายที่ใช้ลำดับที่นี้แล้ว")
        self.assertEqual(Network.objects.filter(province=self.surat).count(), 2)

    def test_the_admin_adds_a_ninth_network_because_counts_are_data(self):
        self.login(self.admin)
        url = reverse("organisations:network-create", args=["84"])
        response = self.client.post(url, {"number": 9, "name_th": "เครือข่ายศิลปวัฒนธรรม"})
        network = Network.objects.get(province=self.surat, number=9)
        self.assertRedirects(response, reverse("organisations:network", args=[network.pk]))

    def test_members_are_added_and_removed_within_the_province(self):
        library = make_organisation(self.surat, "ห้องสมุดประชาชนอำเภอไชยา", "government", "840601")
        self.login(self.coordinator)
        add = reverse("organisations:member-add", args=[self.education.pk])
        self.client.post(add, {"organisation": library.pk})
        self.assertTrue(
            Membership.objects.filter(network=self.education, organisation=library).exists()
        )
        self.client.post(add, {"organisation": self.other_org.pk})
        self.assertFalse(
            Membership.objects.filter(organisation=self.other_org, network=self.education).exists()
        )
        remove = reverse("organisations:member-remove", args=[self.education.pk, library.pk])
        self.client.post(remove)
        self.assertFalse(
            Membership.objects.filter(network=self.education, organisation=library).exists()
        )

    def test_the_programme_page_lists_the_networks_and_hides_admin_links_from_coordinators(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("organisations:programme", args=["84"]))
        self.assertContains(response, "เครือข่ายภาคการศึกษา")
        self.assertNotContains(response, reverse("organisations:programme-edit", args=["84"]))
        self.login(self.admin)
        response = self.client.get(reverse("organisations:programme", args=["84"]))
        self.assertContains(response, reverse("organisations:programme-edit", args=["84"]))
