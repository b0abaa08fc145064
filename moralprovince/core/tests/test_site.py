import datetime as dt
from unittest import mock

from django.core.exceptions import SuspiciousOperation
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.views import defaults

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


class ErrorPagesWithDebugTests(MoralTestCase):
    """With DEBUG on (a development install), a missing page is still the site's own."""

    def assert_site_404(self, response) -> None:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "ไม่พบหน้าที่ต้องการ", status_code=404)
        self.assertContains(response, 'class="textsize"', status_code=404)
        self.assertNotContains(response, "URLconf", status_code=404)
        self.assertNotContains(response, "Django", status_code=404)

    @override_settings(DEBUG=True)
    def test_a_missing_row_is_the_sites_404_even_with_debug(self):
        self.login(self.admin)
        self.assert_site_404(self.client.get(reverse("organisations:network", args=[999999])))

    @override_settings(DEBUG=True)
    def test_a_row_of_another_province_is_the_same_404_with_debug(self):
        self.login(self.outsider)
        self.assert_site_404(
            self.client.get(reverse("organisations:network", args=[self.education.pk]))
        )

    @override_settings(DEBUG=True)
    def test_an_address_that_matches_nothing_is_the_sites_404_with_debug(self):
        self.assert_site_404(self.client.get("/no-such-page/"))
        self.login(self.admin)
        self.assert_site_404(self.client.get("/provinces/84/no-such-page/"))

    @override_settings(DEBUG=True)
    def test_a_missing_address_without_its_slash_is_still_sent_to_it(self):
        response = self.client.get("/organisations")
        self.assertRedirects(
            response, "/organisations/", status_code=301, fetch_redirect_response=False
        )

    def test_a_form_refused_by_the_csrf_check_is_the_sites_page_in_thai(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.admin)
        response = client.post(reverse("organisations:network-create", args=["84"]), {})
        self.assertContains(response, "แบบฟอร์มหมดอายุแล้ว", status_code=403)
        self.assertContains(response, "ออกจากระบบ", status_code=403)  # drawn for the person
        self.assertContains(response, 'class="textsize"', status_code=403)
        self.assertNotContains(response, "CSRF", status_code=403)

    def test_a_request_that_cannot_be_read_is_the_sites_page_in_thai(self):
        request = RequestFactory().get("/")
        request.user = self.admin
        response = defaults.bad_request(request, SuspiciousOperation())
        self.assertContains(response, "ระบบอ่านคำขอนี้ไม่ได้", status_code=400)

    def test_the_server_error_page_has_no_inline_style_and_reads_the_sites_css(self):
        response = defaults.server_error(RequestFactory().get("/"))
        self.assertContains(response, "ระบบขัดข้องชั่วคราว", status_code=500)
        self.assertContains(response, "css/site.css", status_code=500)
        self.assertNotContains(response, "<style", status_code=500)
        self.assertNotContains(response, "style=", status_code=500)
