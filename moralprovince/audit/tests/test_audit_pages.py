from django.urls import reverse

from moralprovince.organisations.services import OrganisationInput, update_organisation
from moralprovince.testing import MoralTestCase


class AuditPageTests(MoralTestCase):
    def setUp(self):
        data = OrganisationInput.from_row(self.school, **{"phone": "077-000000"})
        update_organisation(actor=self.reporter, organisation=self.school, data=data)

    def test_province_admins_read_their_provinces_log(self):
        self.login(self.admin)
        response = self.client.get(reverse("portal:audit-province", args=["84"]))
        self.assertContains(response, "organisations.organisation.updated")
        self.assertContains(response, "077-000000")
        self.assertContains(response, "reporter")

    def test_others_get_nothing_of_the_log(self):
        for user in (self.coordinator, self.reporter, self.evaluator, self.outsider):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.get(reverse("portal:audit-province", args=["84"])).status_code, 404
                )
                self.assertEqual(self.client.get(reverse("portal:audit-national")).status_code, 404)

    def test_the_national_admin_reads_every_provinces_log(self):
        self.login(self.national)
        response = self.client.get(reverse("portal:audit-national"))
        self.assertContains(response, "077-000000")
