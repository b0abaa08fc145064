"""A catalogue of bad values, and a test mixin that throws them at pages, forms and the API.

Each request runs in a savepoint rolled back afterwards, so one request's writes (or a
database error it caused, which on PostgreSQL spoils the transaction) never reach the next.
What a refusal must leave behind is checked before the rollback: the rows of every model of
the apps that hold the programme's data, the audit log, and the stored files.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import reverse

HUGE = "99999999999999999999"

# Text any form field may be sent. The first kind is refused by every field that reads text
# (it holds a NUL byte): sent there, it must leave nothing stored. The others are odd in one
# way each: past 64 bits, negative, zero, not a number, an impossible date, empty, long,
# markup, an escaped NUL.
ALWAYS_BAD_TEXT = ["a\x00b"]
ODD_TEXT = [
    HUGE,
    "-" + HUGE,
    "0",
    "-1",
    "1e400",
    "NaN",
    "2021-02-30",
    "",
    "x" * 100_001,
    "<script>alert(1)</script>",
    "%00",
]
BAD_TEXT = ALWAYS_BAD_TEXT + ODD_TEXT

# JSON values: the first group fits no field of ours (no field takes an object, and no text
# field takes a NUL byte), so a request carrying one must store nothing.
ALWAYS_BAD_JSON: list[Any] = [{"a": 1}, "a\x00b", [[["deep"]]]]
ODD_JSON: list[Any] = [
    int(HUGE),
    -int(HUGE),
    HUGE,
    -1,
    1.5,
    True,
    None,
    "",
    [],
    ["a"],
    "x" * 100_001,
    "2021-02-30",
]
BAD_JSON = ALWAYS_BAD_JSON + ODD_JSON

# Query-string values for filters, page numbers and ids in the path.
BAD_QUERY = [HUGE, "-1", "abc", "\x00", "x" * 5000]

# The apps whose rows a refused request must leave as they were.
DATA_APPS = (
    "accounts",
    "audit",
    "framework",
    "organisations",
    "plans",
    "monitoring",
    "knowledge",
    "jobs",
)
THAI = re.compile("[\u0e00-\u0e7f]")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# Files that start as their kind should but hold nothing more: a page that checks only the
# signature accepts them, and must still not fail on them.
HEADER_ONLY = ("pdf-header-only", "png-header-only")


def damaged_files(name: str) -> list[SimpleUploadedFile]:
    """Uploads named like `name` (its extension kept) that are not what they claim to be."""
    stem, _dot, extension = name.rpartition(".")
    xlsx_like = zip_bytes(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook><sheets>"}
    )
    contents = {
        "empty": b"",
        "text": "ไม่ใช่ไฟล์ ข้อความธรรมดา\n".encode(),
        "truncated-zip": xlsx_like[: len(xlsx_like) // 2],
        "zip-not-office": zip_bytes({"readme.txt": b"hello"}),
        "office-zip-damaged": xlsx_like,
        "pdf-header-only": b"%PDF-1.7\n",
        "png-header-only": b"\x89PNG\r\n\x1a\n",
        "nul-bytes": b"\x00" * 2048,
    }
    return [
        SimpleUploadedFile(f"{stem or 'file'}-{kind}.{extension or 'bin'}", content)
        for kind, content in contents.items()
    ]


def thai_messages(body: Any) -> list[str]:
    """Every message in an API error body that has no Thai in it."""
    if isinstance(body, dict):
        return [m for value in body.values() for m in thai_messages(value)]
    if isinstance(body, list):
        return [m for value in body for m in thai_messages(value)]
    text = str(body)
    return [] if THAI.search(text) else [text]


# --- reading the forms of a page ------------------------------------------------------------


@dataclass
class Form:
    action: str
    values: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """The form as the browser would send it, less its files and CSRF token."""
        return {
            name: values if len(values) != 1 else values[0]
            for name, values in self.values.items()
            if self.kinds[name] != "file" and name != "csrfmiddlewaretoken"
        }

    def text_fields(self) -> list[str]:
        return [
            name
            for name, kind in self.kinds.items()
            if kind not in ("file", "checkbox", "radio", "hidden", "submit")
            and name != "csrfmiddlewaretoken"
        ]

    def file_fields(self) -> list[str]:
        return [name for name, kind in self.kinds.items() if kind == "file"]

    def other_fields(self) -> list[str]:
        """Check boxes and the like: any text sent there may be read as "on"."""
        return [
            name
            for name, kind in self.kinds.items()
            if kind in ("checkbox", "radio", "hidden") and name != "csrfmiddlewaretoken"
        ]


class FormReader(HTMLParser):
    """The POST forms of a page: each field's kind and the values it would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, bool] | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = Form(action=a.get("action", ""))
                self.forms.append(self.form)
            return
        if self.form is None or (not a.get("name") and tag in ("input", "select", "textarea")):
            return
        if tag == "input":
            self._input(a)
        elif tag == "select":
            self.select = (a["name"], "multiple" in a)
            self.first_option = None
            self.form.kinds[a["name"]] = "select"
            self.form.values.setdefault(a["name"], [])
        elif tag == "option" and self.select:
            name, _multiple = self.select
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.form.values[name].append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.form.kinds[a["name"]] = "textarea"
            self.form.values[a["name"]] = [""]

    def _input(self, a: dict[str, str]) -> None:
        assert self.form is not None
        kind = a.get("type", "text").lower()
        name = a["name"]
        self.form.kinds[name] = kind
        values = self.form.values.setdefault(name, [])
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                values.append(a.get("value", "on"))
        elif kind not in ("file", "submit", "button"):
            values.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self.form is not None and self.textarea:
            self.form.values[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            self.select = None


def forms_of(html: str) -> list[Form]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


# --- the mixin ----------------------------------------------------------------------------


class BadInputMixin:
    """Throw values at a request; collect every 500 and every refusal that stored something."""

    problems: list[str]
    client: Any

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.problems = []
        self.client.raise_request_exception = False

    def counts(self) -> dict[str, int]:
        """The rows of every table of the data apps (one query) and the stored files."""
        models = [m for label in DATA_APPS for m in apps.get_app_config(label).get_models()]
        quote_name = connection.ops.quote_name
        sql = "SELECT " + ", ".join(
            f"(SELECT COUNT(*) FROM {quote_name(m._meta.db_table)})" for m in models
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
        rows = {m._meta.label: int(n) for m, n in zip(models, row, strict=True)}
        return rows | {"files": len(stored_files())}

    def attempt(
        self,
        what: str,
        send: Callable[[], HttpResponse],
        *,
        must_refuse: bool = False,
        check: Callable[[HttpResponse], Iterable[str]] | None = None,
    ) -> HttpResponse | None:
        """Send one request; a 500 is a problem, and so is a refusal that stored anything.

        `must_refuse`: the value fits nowhere, so the request must store nothing at all.
        """
        sid = transaction.savepoint()
        try:
            before = self.counts()
            response = send()
            if response.status_code >= 500:
                self.problems.append(f"{what}: {response.status_code}")
                return response
            if must_refuse or refused(response):
                after = self.counts()
                if after != before:
                    changed = sorted(k for k in after if after[k] != before.get(k))
                    self.problems.append(
                        f"{what}: answered {response.status_code}, stored {changed}"
                    )
            if check is not None:
                self.problems.extend(f"{what}: {p}" for p in check(response))
            return response
        except Exception as error:
            self.problems.append(f"{what}: {type(error).__name__}: {str(error)[:120]}")
            return None
        finally:
            transaction.savepoint_rollback(sid)

    def assert_no_problems(self) -> None:
        report = os.environ.get("BAD_INPUT_REPORT")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                out.writelines(f"{p}\n" for p in self.problems)
        shown = "\n".join(self.problems[:60])
        more = len(self.problems) - 60
        if more > 0:
            shown += f"\n… and {more} more"
        assert not self.problems, f"{len(self.problems)} problems:\n{shown}"

    # --- pages and forms --------------------------------------------------------------------

    def page_form(self, url: str, action: str | None = None) -> Form | None:
        """The page's form that posts to `action` (the page itself by default)."""
        response = self.client.get(url)
        if response.status_code >= 500:
            self.problems.append(f"GET {url}: {response.status_code}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return None
        path = url.split("?")[0]
        wanted = {action} if action else {url, path, ""}
        for form in forms_of(response.content.decode()):
            if form.action in wanted:
                return form
        return None

    def throw_at_form(self, url: str, form: Form, post_to: str | None = None) -> None:
        """Each bad value in each field of the form, the other fields as the page filled them."""
        target = post_to or url
        base = form.data()
        for name in form.text_fields():
            for value in BAD_TEXT:
                self.attempt(
                    f"POST {target} {name}={value[:20]!r}",
                    lambda name=name, value=value: self.client.post(target, base | {name: value}),
                    must_refuse=value in ALWAYS_BAD_TEXT,
                )
            self.attempt(
                f"POST {target} {name}=[two values]",
                lambda name=name: self.client.post(target, base | {name: ["1", "2"]}),
            )
        for name in form.other_fields():
            for value in BAD_TEXT:
                self.attempt(
                    f"POST {target} {name}={value[:20]!r}",
                    lambda name=name, value=value: self.client.post(target, base | {name: value}),
                )
        for name in form.file_fields():
            for upload in damaged_files(self.upload_name(name)):
                self.attempt(
                    f"POST {target} {name}={upload.name}",
                    lambda name=name, upload=upload: self.client.post(
                        target, base | {name: upload}
                    ),
                    must_refuse=not any(kind in upload.name for kind in HEADER_ONLY),
                )
                upload.seek(0)

    def throw_at_pages(
        self, namespace: str, routes: dict[str, list[dict[str, Any]]], query: str = ""
    ) -> set[str]:
        """Every form of the app's pages that posts to the page itself; the names fuzzed."""
        tried = set()
        for name, targets in routes.items():
            for kwargs in targets:
                url = reverse(f"{namespace}:{name}", kwargs=kwargs) + query
                form = self.page_form(url)
                if form is not None and (form.text_fields() or form.file_fields()):
                    self.throw_at_form(url, form)
                    tried.add(name)
        return tried

    def throw_at_addresses(
        self, namespace: str, routes: dict[str, list[dict[str, Any]]], params: Iterable[str]
    ) -> None:
        """Each argument of each address replaced by bad ones (GET and POST), and bad values
        in the query parameters the pages read."""
        for name, targets in routes.items():
            for kwargs in targets:
                url = reverse(f"{namespace}:{name}", kwargs=kwargs)
                for value in kwargs.values():
                    for bad in (HUGE, "0", "\x00", "x" * 300):
                        changed = url.replace(f"/{value}/", f"/{quote(bad)}/", 1)
                        for method in ("get", "post"):
                            self.attempt(
                                f"{method} {changed[:70]}",
                                lambda m=method, u=changed: getattr(self.client, m)(u),
                                must_refuse=True,
                            )
                for param in params:
                    for bad in BAD_QUERY:
                        address = f"{url}?{param}={quote(bad)}"
                        self.attempt(f"get {address[:70]}", lambda a=address: self.client.get(a))

    def upload_name(self, field_name: str) -> str:
        return {"photos": "photo.jpg", "photo": "photo.jpg", "file": "workbook.xlsx"}.get(
            field_name, "document.pdf"
        )

    def throw_at_fields(self, url: str, fields: Iterable[str], base: dict[str, Any]) -> None:
        """Each bad value in each named field of a form posted from another page."""
        for name in fields:
            for value in BAD_TEXT:
                self.attempt(
                    f"POST {url} {name}={value[:20]!r}",
                    lambda name=name, value=value: self.client.post(url, base | {name: value}),
                    must_refuse=value in ALWAYS_BAD_TEXT,
                )

    # --- the API ----------------------------------------------------------------------------

    def api(self, token: str, method: str, path: str, body: Any = None) -> HttpResponse:
        raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return getattr(self.client, method)(
            f"/api/v1/{path}",
            raw if body is not None else None,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "th"},
        )


def refused(response: HttpResponse) -> bool:
    """A page that shows its form again (200 to a POST), or a 4xx answer."""
    if 400 <= response.status_code < 500:
        return True
    page = response.get("Content-Type", "").startswith("text/html")
    return page and response.status_code == 200 and response.wsgi_request.method == "POST"


def stored_files() -> list[str]:
    root = str(settings.MEDIA_ROOT)
    found = []
    for folder, _dirs, files in os.walk(root):
        found.extend(os.path.join(folder, f) for f in files)
    return found


def api_field_check(name: str) -> Callable[[HttpResponse], list[str]]:
    """A 400 names the field and says what is wrong in Thai."""

    def check(response: HttpResponse) -> list[str]:
        if response.status_code != 400:
            return []
        body = response.json()
        problems = [f"not in Thai: {m[:80]!r}" for m in thai_messages(body)]
        if not isinstance(body, dict) or name not in body:
            problems.append(f"400 does not name {name}: {str(body)[:120]}")
        return problems

    return check


def api_thai_check(response: HttpResponse) -> list[str]:
    if response.status_code != 400:
        return []
    return [f"not in Thai: {m[:80]!r}" for m in thai_messages(response.json())]
