import datetime as dt
from unittest import mock

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from moralprovince.testing import MoralTestCase


class HomePageTests(MoralTestCase):
    def test_visitors_see_the_public_programme_with_its_networks_in_thai(self):
        response = self.client.get("/")
        self.assertContains(response, '<html lang="th"')
        self.assertContains(response, "สุราษฎร์ธานีจังหวัดคุณธรรม")
        self.assertContains(response, "เครือข่ายภาคการศึกษา")
        self.assertNotContains(response, "เชียงรายจังหวัดคุณธรรม")
        self.assertContains(response, "CC BY 4.0")

    def test_the_outsider_sees_only_their_own_province(self):
        self.login(self.outsider)
        response = self.client.get("/")
        self.assertContains(response, "เชียงรายจังหวัดคุณธรรม")
        self.assertNotContains(response, "สุราษฎร์ธานีจังหวัดคุณธรรม")
        self.assertNotContains(response, "เครือข่ายภาคการศึกษา")

    def test_a_private_programme_is_not_shown_to_visitors(self):
        self.programme.is_public = False
        self.programme.save()
        self.assertNotContains(self.client.get("/"), "สุราษฎร์ธานีจังหวัดคุณธรรม")

    def test_the_home_page_shows_today_in_the_buddhist_era(self):
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2020, 11, 13)):
            response = self.client.get("/")
        self.assertContains(response, "13 พฤศจิกายน 2563")
        self.assertContains(response, "ปีงบประมาณ 2564")


class LanguageTests(MoralTestCase):
    def test_switching_to_english_is_remembered(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertRedirects(response, "/")
        response = self.client.get("/")
        self.assertContains(response, '<html lang="en"')
        self.assertContains(response, "Log in")
        self.assertContains(response, "ไทย")

    def test_date_filters_follow_the_language(self):
        template = Template(
            "{% load thai %}{{ d|bedate }} · {{ d|fiscalyear }} · {{ y|fiscalyear }}"
        )
        context = Context({"d": dt.date(2020, 11, 13), "y": 2565})
        self.assertEqual(
            template.render(context), "13 พฤศจิกายน 2563 · ปีงบประมาณ 2564 · ปีงบประมาณ 2565"
        )
        with translation.override("en"):
            self.assertEqual(template.render(context), "13 November 2563 BE · FY2564 · FY2565")


class TextSizeTests(MoralTestCase):
    def test_the_text_size_is_kept_in_a_cookie_and_drawn_by_the_server(self):
        response = self.client.get(
            reverse("core:text-size"), {"step": "up", "next": "/organisations/"}
        )
        self.assertRedirects(response, "/organisations/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["textsize"].value, "1")
        self.assertContains(self.client.get("/"), 'data-textsize="1"')

    def test_the_size_stays_within_bounds_and_resets(self):
        for _ in range(10):
            self.client.get(reverse("core:text-size"), {"step": "up"})
        self.assertEqual(self.client.cookies["textsize"].value, "3")
        self.client.get(reverse("core:text-size"), {"step": "reset"})
        self.assertEqual(self.client.cookies["textsize"].value, "0")

    def test_a_forged_cookie_or_foreign_next_is_ignored(self):
        self.client.cookies["textsize"] = "99"
        self.assertContains(self.client.get("/"), 'data-textsize="0"')
        response = self.client.get(
            reverse("core:text-size"), {"step": "up", "next": "https://evil.example/"}
        )
        self.assertEqual(response["Location"], "/")

    def test_every_page_has_the_text_size_control(self):
        self.login(self.admin)
        for url in [
            "/",
            reverse("organisations:directory"),
            reverse("organisations:programme", args=["84"]),
        ]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), 'data-textsize-step="up"')


class ThaiFirstTests(MoralTestCase):
    def test_pages_are_thai_even_when_the_browser_asks_for_english(self):
        response = self.client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertContains(response, '<html lang="th"')


class ErrorPageTests(MoralTestCase):
    def test_a_missing_page_is_the_sites_own_in_thai_with_the_text_size_control(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "ไม่พบหน้าที่ต้องการ", status_code=404)
        self.assertContains(response, 'class="textsize"', status_code=404)

    def test_a_refusal_and_a_server_error_are_the_sites_own_in_thai(self):
        from django.core.exceptions import PermissionDenied
        from django.test import RequestFactory
        from django.views import defaults

        request = RequestFactory().get("/")
        request.user = self.viewer
        refused = defaults.permission_denied(request, PermissionDenied())
        self.assertContains(refused, "ไม่มีสิทธิ์", status_code=403)
        self.assertContains(defaults.server_error(request), "ระบบขัดข้อง", status_code=500)
