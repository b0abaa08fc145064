"""Security headers on every answer: CSP without inline script, nosniff, HSTS off DEBUG."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings

from moralprovince.accounts.models import RoleKind
from moralprovince.core.files import url_for
from moralprovince.knowledge.models import NewsPhoto, NewsPost
from moralprovince.testing import make_user

BASE = Path(settings.BASE_DIR)
TEMPLATES = BASE / "templates"
# Rendered to PDF by WeasyPrint, never served as a page: CSP does not apply to them.
PDF_TEMPLATES = re.compile(r"_pdf\.html$")


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


class ContentSecurityPolicyTests(TestCase):
    def test_pages_allow_scripts_and_styles_only_from_the_site(self):
        directives = policy(self.client.get("/accounts/login/"))
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertIn("'self'", directives["style-src"])
        for source in directives["style-src"]:
            self.assertTrue(source == "'self'" or source.startswith("'sha256-"), source)

    def test_the_api_docs_page_loads_its_script_from_a_url(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        self.assertNotRegex(response.content.decode(), r"<script>\s*\S")
        script = re.search(r'<script src="([^"]*\?script=[^"]*)"', response.content.decode())
        assert script is not None
        self.assertEqual(self.client.get(script.group(1).replace("&amp;", "&")).status_code, 200)

    def test_the_style_hashes_match_the_inline_styles_they_allow(self):
        allowed = set(policy(self.client.get("/"))["style-src"])
        htmx = (BASE / "node_modules/htmx.org/dist/htmx.min.js").read_text()
        indicator = re.search(
            r"`\.\$\{t\}(\{[^`]*)` ?\+ ?`\.\$\{n\} \.\$\{t\}, \.\$\{n\}\.\$\{t\}(\{[^`]*)`", htmx
        )
        assert indicator is not None, "htmx changed how it adds its indicator style"
        css = (
            f".htmx-indicator{indicator.group(1)}"
            f".htmx-request .htmx-indicator, .htmx-request.htmx-indicator{indicator.group(2)}"
        )
        self.assertIn(sha256(css), allowed)
        swagger = Path(__import__("drf_spectacular").__file__).parent / (
            "templates/drf_spectacular/swagger_ui.html"
        )
        block = re.search(r"<style>(.*?)</style>", swagger.read_text(), re.S)
        assert block is not None
        self.assertIn(sha256(block.group(1)), allowed)
        self.assertNotIn("<style", (TEMPLATES / "500.html").read_text())

    def test_no_page_template_has_inline_script_handlers_or_style_attributes(self):
        found = []
        for path in sorted(TEMPLATES.rglob("*.html")):
            name = path.relative_to(TEMPLATES).as_posix()
            if PDF_TEMPLATES.search(name):
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
                found.append(f"{name}: inline <script>")
            if re.search(r"\sstyle=", text):
                found.append(f"{name}: style attribute")
            if re.search(r"\son[a-z]+=", text):
                found.append(f"{name}: on* handler")
            if "<style" in text and name != "500.html":
                found.append(f"{name}: <style> block")
        self.assertEqual(found, [])


class NoSniffTests(TestCase):
    def test_pages_and_static_files_carry_nosniff(self):
        page = self.client.get("/")
        self.assertEqual(page["X-Content-Type-Options"], "nosniff")
        static = self.client.get(f"{settings.STATIC_URL}css/site.css")
        self.assertEqual(static.status_code, 200)
        self.assertEqual(static["X-Content-Type-Options"], "nosniff")

    def test_stored_files_carry_nosniff_and_the_policy(self):
        # Served through the files view, as every stored file is: nothing serves /media/.
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            post = NewsPost.objects.create(province_id="84", title="ข่าว", body="<p>x</p>")
            upload = ContentFile(b"<script>alert(1)</script>", name="x.txt")
            stored = NewsPhoto.objects.create(post=post, image=upload)
            self.client.force_login(make_user("national", RoleKind.NATIONAL_ADMIN))
            response = self.client.get(url_for(stored))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
            self.assertIn("script-src 'self'", response["Content-Security-Policy"])
            response.close()


PRODUCTION = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in (
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SESSION_COOKIE_HTTPONLY")}))
"""


class ProductionSettingsTests(TestCase):
    def run_with_debug_off(self, *args: str) -> subprocess.CompletedProcess[str]:
        # The test run's own variables (e.g. the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) are
        # not a deployment's.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env = {
            **inherited,
            "DEBUG": "0",
            "SECRET_KEY": "a-production-secret-" + "x" * 50,
            "ALLOWED_HOSTS": "moral.example.org",
            "DJANGO_SETTINGS_MODULE": "moralprovince.settings",
        }
        return subprocess.run(
            [sys.executable, *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
        )

    def test_with_debug_off_cookies_are_secure_and_hsts_is_sent(self):
        done = self.run_with_debug_off("-c", PRODUCTION)
        self.assertEqual(done.returncode, 0, done.stderr)
        values = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertEqual(values["SECURE_HSTS_SECONDS"], 31536000)
        for name in (
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "LANGUAGE_COOKIE_SECURE",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SESSION_COOKIE_HTTPONLY",
        ):
            self.assertIs(values[name], True, name)

    def test_the_deployment_check_is_clean(self):
        done = self.run_with_debug_off("manage.py", "check", "--deploy", "--fail-level", "WARNING")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
