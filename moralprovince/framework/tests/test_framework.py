from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.testing import MoralTestCase


class VirtueTests(MoralTestCase):
    def test_four_virtues_are_valid_in_2564_and_five_from_2566(self):
        codes_2564 = set(Virtue.objects.valid_in(2564).values_list("name_th", flat=True))
        self.assertEqual(codes_2564, {"พอเพียง", "วินัย", "สุจริต", "จิตอาสา"})
        self.assertEqual(Virtue.objects.valid_in(2566).count(), 5)
        self.assertIn("กตัญญู", Virtue.objects.valid_in(2566).values_list("name_th", flat=True))

    def test_master_plan_1_has_four_strategies(self):
        self.assertEqual(Strategy.objects.filter(master_plan__start_year=2559).count(), 4)


class FrameworkPageTests(MoralTestCase):
    def test_everyone_with_a_role_reads_the_framework_but_only_national_admins_edit(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("framework:index"))
        self.assertContains(response, "พอเพียง")
        self.assertNotContains(response, reverse("framework:create", args=["virtue"]))
        for user in (self.admin, self.coordinator, self.outsider):
            self.login(user)
            with self.subTest(user=user.username):
                url = reverse("framework:create", args=["virtue"])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_national_admin_ends_a_virtues_validity_and_the_log_records_it(self):
        self.login(self.national)
        virtue = Virtue.objects.get(code="discipline")
        url = reverse("framework:edit", args=["virtue", virtue.pk])
        response = self.client.post(
            url,
            {
                "code": "discipline",
                "name_th": "วินัย",
                "name_en": "Discipline",
                "valid_from": 2559,
                "valid_to": 2570,
                "order": 1,
            },
        )
        self.assertRedirects(response, reverse("framework:index"))
        self.assertFalse(Virtue.objects.valid_in(2571).filter(code="discipline").exists())
        entry = AuditEntry.objects.get(action="framework.virtue.updated")
        self.assertEqual(entry.changes["valid_to"], {"before": None, "after": 2570})

    def test_a_validity_that_ends_before_it_starts_is_refused(self):
        self.login(self.national)
        response = self.client.post(
            reverse("framework:create", args=["virtue"]),
            {"code": "x", "name_th": "ทดสอบ", "valid_from": 2566, "valid_to": 2560, "order": 9},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Virtue.objects.filter(code="x").exists())

    def test_an_unknown_kind_is_404(self):
        self.login(self.national)
        self.assertEqual(self.client.get("/framework/nothing/new/").status_code, 404)
