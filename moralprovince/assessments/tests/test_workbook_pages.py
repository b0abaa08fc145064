"""The pages that take criteria workbooks out and back in: for national staff only."""

from __future__ import annotations

from django.urls import reverse

from moralprovince.assessments.criteria_workbook import ITEMS, SETTINGS, write_workbook
from moralprovince.assessments.models import CriteriaVersion, UnitType
from moralprovince.assessments.tests.base import AssessmentTestCase
from moralprovince.assessments.tests.test_workbooks import XLSX, edited, upload


class CriteriaWorkbookPageTests(AssessmentTestCase):
    def test_national_staff_download_and_upload_a_new_version(self) -> None:
        self.login(self.national)
        url = reverse("assessments:criteria-workbook", args=[self.version.pk])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], XLSX)
        content = edited(response.content, SETTINGS, "C2", "เกณฑ์ใหม่")
        response = self.client.post(
            reverse("assessments:criteria-import"), {"file": upload(content)}
        )
        new = CriteriaVersion.objects.get(title_th="เกณฑ์ใหม่")
        self.assertRedirects(response, reverse("assessments:criteria-detail", args=[new.pk]))

    def test_the_upload_page_lists_the_problems_in_thai(self) -> None:
        self.login(self.national)
        self.client.cookies["django_language"] = "th"
        content = edited(write_workbook(self.version), ITEMS, "D3", 7)
        response = self.client.post(
            reverse("assessments:criteria-import"), {"file": upload(content)}
        )
        self.assertContains(response, "ระดับ: 1, 2 หรือ 3")
        self.assertEqual(CriteriaVersion.objects.filter(unit_type=UnitType.ORGANISATION).count(), 1)

    def test_only_national_staff_upload(self) -> None:
        for user in (self.admin, self.outsider):
            self.login(user)
            response = self.client.post(
                reverse("assessments:criteria-import"),
                {"file": upload(write_workbook(self.version))},
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(CriteriaVersion.objects.filter(unit_type=UnitType.ORGANISATION).count(), 1)

    def test_the_criteria_pages_link_to_the_workbook(self) -> None:
        self.login(self.national)
        response = self.client.get(reverse("assessments:criteria-detail", args=[self.version.pk]))
        self.assertContains(
            response, reverse("assessments:criteria-workbook", args=[self.version.pk])
        )
        response = self.client.get(reverse("assessments:criteria"))
        self.assertContains(response, reverse("assessments:criteria-import"))
        self.login(self.admin)
        response = self.client.get(reverse("assessments:criteria"))
        self.assertNotContains(response, reverse("assessments:criteria-import"))
