"""A catalogue of bad files and values thrown at every form, import and API endpoint of the
survey: each is refused in words that name the file (and line) or the field, never with a
500, and nothing is stored."""

from __future__ import annotations

import codecs
import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from moralprovince.audit.models import AuditEntry
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.models import (
    InstrumentVersion,
    LinkSubmission,
    Response,
    ResponseImport,
    RoundSchool,
    SurveyRound,
)
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    csv_text,
    many,
    stored_files,
    upload,
    upload_bytes,
)

HUGE = 10**30


def workbook(rows: list[list[Any]], **options: Any) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if options.get("formula"):
        sheet["A2"] = "=1+2"
    if options.get("merge"):
        sheet.merge_cells("A1:B1")
    if options.get("empty"):
        book.remove(sheet)
        book.create_sheet("ว่าง")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def without_sheets(content: bytes) -> bytes:
    """A workbook whose sheets' data is gone (its list of sheets still names them)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    return zipped({n: source.read(n) for n in source.namelist() if "worksheets" not in n})


def bad_files() -> dict[str, bytes]:
    header = "school,grade,sex\n"
    good = workbook([["school", "grade"], ["x", "ม.1"]])
    return {
        "bom-then-cp874.csv": codecs.BOM_UTF8
        + header.encode()
        + "โรงเรียนไชยา,ม.1,ชาย\n".encode("cp874"),
        "neither-utf8-nor-cp874.csv": header.encode() + b"\xdb\xfc,1,1\n",
        "truncated.xlsx": good[: len(good) // 2],
        "text-named.xlsx": header.encode() + b"x,1,1\n",
        "not-a-workbook.xlsx": zipped({"notes.txt": b"hello"}),
        "no-sheets.xlsx": without_sheets(good),
        "no-workbook.xlsx": zipped({"[Content_Types].xml": b"<Types/>"}),
        "empty-sheet.xlsx": workbook([], empty=True),
        "formula.xlsx": workbook([["a", "b"], [1, 2]], formula=True),
        "merged.xlsx": workbook([["a", "b"], [1, 2]], merge=True),
        "same-heading.xlsx": workbook([["grade", "grade"], [1, 2]]),
        "workbook-named.csv": good,
        "old-excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "empty.csv": b"",
        "blank.csv": b"\n \n\t\n",
        "nul.csv": b"a,b\x00,c\n1,2,3\n",
        "utf16.csv": "school,grade\n".encode("utf-16"),
        "pdf.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "long-line.csv": b"a," + b"x" * (1024 * 1024 + 10) + b"\n",
        "many-columns.csv": b",".join([b"q"] * 5000) + b"\n",
    }


class CatalogueTestCase(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.media = self.fresh_media()
        self.client.raise_request_exception = False

    def counts(self) -> dict[str, Any]:
        return {
            "responses": Response.objects.count(),
            "imports": ResponseImport.objects.count(),
            "rounds": SurveyRound.objects.count(),
            "versions": InstrumentVersion.objects.count(),
            "shared": RoundSchool.objects.filter(shared_device=True).count(),
            "links": LinkSubmission.objects.count(),
            "audit": AuditEntry.objects.count(),
            "files": len(stored_files(self.media)),
        }

    def assert_refused(
        self, what: str, send: Callable[..., Any], *args: Any, said: tuple[str, ...] = (), **kw: Any
    ) -> Any:
        """Send (`send(*args, **kw)`); the answer is no 500, names each of `said`, and
        nothing was stored."""
        names = said
        before = self.counts()
        with self.captureOnCommitCallbacks(execute=True):
            response = send(*args, **kw)
        status = getattr(response, "status_code", 0)
        self.assertLess(status, 500, f"{what}: {status}")
        self.assertEqual(self.counts(), before, f"{what} stored something")
        text = _said(response)
        for name in names:
            self.assertIn(name, text, f"{what}: the refusal does not name {name}: {text[:300]}")
        return response


def _said(response: Any) -> str:
    """What the person is told: the page, its messages, or the API's JSON."""
    if response is None:
        return ""
    parts = [response.content.decode(errors="replace")]
    request = getattr(response, "wsgi_request", None)
    if request is not None:
        parts += [str(m) for m in get_messages(request)]
    return "\n".join(parts)


class BadFileTests(CatalogueTestCase):
    def test_every_bad_file_is_refused_by_the_upload_page_naming_it(self):
        self.client.force_login(self.admin)
        url = reverse("surveys:import-upload", args=[self.round.pk])
        for name, content in bad_files().items():
            # An empty file is refused by the form, which names its field.
            said = "ไฟล์คำตอบ" if content == b"" else name
            with self.subTest(file=name):
                self.assert_refused(
                    name,
                    self.client.post,
                    url,
                    {"file": upload(name, content)},
                    follow=True,
                    said=(said,),
                )

    def test_the_mixed_encoding_is_refused_naming_its_line(self):
        content = bad_files()["bom-then-cp874.csv"]
        with self.assertRaises(FileRefused) as refused:
            upload_bytes(self.round, content, "bom-then-cp874.csv")
        self.assertIn("บรรทัดที่ 2", str(refused.exception))

    def test_every_bad_file_is_refused_by_the_command(self):
        with tempfile.TemporaryDirectory() as folder:
            for name, content in bad_files().items():
                path = Path(folder) / name
                path.write_bytes(content)
                with self.subTest(file=name):

                    def run(path: Path = path) -> None:
                        with self.assertRaises(CommandError):
                            call_command(
                                "import_survey_responses",
                                "--round",
                                str(self.round.pk),
                                str(path),
                                stdout=io.StringIO(),
                                stderr=io.StringIO(),
                            )

                    self.assert_refused(name, run)

    def test_every_bad_file_is_refused_as_an_instrument_workbook(self):
        self.client.force_login(self.national)
        url = reverse("surveys:instrument-upload")
        for name, content in bad_files().items():
            with self.subTest(file=name):
                self.assert_refused(name, self.client.post, url, {"file": upload(name, content)})


# Values that are not what a field takes: too large for any database integer, negative,
# lists and objects where one value is meant, text where a number is, and the empty.
BAD_VALUES: list[Any] = [HUGE, -HUGE, -1, 0, 1.5, 1e308, [7], {"a": 1}, "x", "9" * 400, None, True]


class BadApiValueTests(CatalogueTestCase):
    def url(self, pk: Any = None, action: str = "responses") -> str:
        return f"/api/v1/survey-rounds/{pk or self.round.pk}/{action}/"

    def row(self, **changes: Any) -> dict[str, Any]:
        return {
            "submission_id": "s1",
            "school": self.school.pk,
            "grade": 7,
            "sex": 1,
            "age": 13,
            "answers": dict.fromkeys(self.items, 3),
        } | changes

    def post(self, body: Any) -> Any:
        return self.client.post(self.url(), body, content_type="application/json")

    def test_every_field_of_a_response_refuses_every_bad_value_naming_it(self):
        self.client.force_login(self.evaluator)
        fields = {
            "school": BAD_VALUES,
            "grade": BAD_VALUES,
            "sex": BAD_VALUES,
            "age": [v for v in BAD_VALUES if v is not None],
            "submission_id": [[1], {"a": 1}, None, "", "x" * 101],
            "answers": [[], "x", None, 5, [1, 2], {"self01": [1]}],
        }
        for field, values in fields.items():
            for value in values:
                with self.subTest(field=field, value=repr(value)[:20]):
                    self.assert_refused(field, self.post, [self.row(**{field: value})])
        for value in [HUGE, -1, 1e308, [3], {"a": 1}, "๙" * 40, None]:
            with self.subTest(answer=repr(value)[:20]):
                answers = dict.fromkeys(self.items, 3) | {"self01": value}
                self.assert_refused(
                    "answer", self.post, [self.row(answers=answers)], said=("self01",)
                )

    def test_a_field_with_a_wrong_type_is_named(self):
        self.client.force_login(self.evaluator)
        for field in ("school", "grade", "sex", "age"):
            with self.subTest(field=field):
                self.assert_refused(field, self.post, [self.row(**{field: [1]})], said=(field,))

    def test_bodies_that_are_not_a_list_of_responses_are_refused(self):
        self.client.force_login(self.evaluator)
        bodies = [{}, {"a": 1}, "x", 1, [], [1], [[1]], [None], ["x"], [self.row()] + [[]] * 999]
        for body in bodies:
            with self.subTest(body=repr(body)[:30]):
                self.assert_refused("body", self.post, body)
        for raw in (b"{[", b"[" * 100_000 + b"]" * 100_000, b'[{"grade": NaN}]', b"\xff\xfe"):
            with self.subTest(raw=raw[:10]):
                self.assert_refused(
                    "not json", self.client.post, self.url(), raw, content_type="application/json"
                )
        # A number past any float is read as infinity, which no field takes.
        answers = ", ".join(f'"{c}": 3' for c in self.items[1:])
        inf = f'[{{"submission_id": "s", "school": {self.school.pk}, "grade": 1e400, "sex": 1, '
        inf += f'"answers": {{"self01": 1e400, {answers}}}}}]'
        response = self.assert_refused(
            "1e400", lambda: self.client.post(self.url(), inf, content_type="application/json")
        )
        self.assertEqual(set(response.json()["0"]), {"grade", "answers"})
        # A form instead of JSON is not an empty list of responses.
        response = self.assert_refused("form", lambda: self.client.post(self.url(), {"a": "1"}))
        self.assertEqual(response.status_code, 400)

    def test_ids_and_filters_out_of_range_are_not_found_or_ignored(self):
        self.client.force_login(self.evaluator)
        for path in (
            f"/api/v1/survey-rounds/{HUGE}/",
            f"/api/v1/survey-rounds/{HUGE}/results/",
            f"/api/v1/survey-rounds/{-1}/",
            f"/api/v1/survey-instruments/{HUGE}/",
            f"/api/v1/survey-rounds/?page={HUGE}",
            f"/api/v1/survey-rounds/?page=1&page=x&limit={HUGE}&offset=-1",
            f"/api/v1/survey-rounds/?limit=-5&offset={HUGE}",
            f"/api/v1/survey-instruments/?limit={HUGE}&offset={HUGE}",
            f"/api/v1/survey-rounds/?province={HUGE}&fiscal_year=[1]&ordering=x",
            f"/api/v1/survey-instruments/?page={HUGE}&number=x",
            f"/api/v1/survey-rounds/{self.round.pk}/results/?school={HUGE}&level=[]",
        ):
            with self.subTest(path=path):
                self.assert_refused(path, self.client.get, path)
        self.assert_refused(
            "post",
            lambda: self.client.post(self.url(HUGE), [self.row()], content_type="application/json"),
        )


class BadFormValueTests(CatalogueTestCase):
    def test_the_pages_refuse_bad_numbers_and_lists_in_their_forms(self):
        self.client.force_login(self.admin)
        new = reverse("surveys:round-new")
        round_data = {
            "province": self.surat.pk,
            "version": self.version.pk,
            "fiscal_year": 2570,
            "name": "รอบใหม่",
            "opens_on": "1/6/2570",
            "closes_on": "31/8/2570",
        }
        changes = [
            {"fiscal_year": HUGE},
            {"fiscal_year": "-1"},
            {"fiscal_year": ["2570", "x"]},
            {"version": HUGE},
            {"version": "x"},
            {"province": "99"},
            {"opens_on": f"1/{HUGE}/2570"},
            {"closes_on": f"{HUGE}/1/2570"},
            {"opens_on": "31/2/2570"},
            {"opens_on": "x"},
            {"name": "x" * 300},
            {"closes_on": "1/1/2500"},
        ]
        for change in changes:
            with self.subTest(change=repr(change)[:40]):
                self.assert_refused("round", self.client.post, new, round_data | change)
        record = upload_bytes(self.round, csv_text(many(1, self.school.code), self.items).encode())
        before_mapping = record.mapping
        imports = reverse("surveys:import", args=[record.pk])
        for data in (
            {"action": "x"},
            {"action": ["check", "x"], "confirm": HUGE},
            {"action": "import-valid"},
        ):
            with self.subTest(data=repr(data)[:40]):
                self.assert_refused("import", self.client.post, imports, data)
        mapping = {"action": "mapping", "col-0": "item:nothing", f"col-{HUGE}": "school"}
        self.client.post(imports, mapping)
        record.refresh_from_db()
        self.assertNotIn("item:nothing", record.mapping.values())
        self.assertEqual(set(record.mapping), set(before_mapping))
        devices = reverse("surveys:school-devices", args=[self.round.pk, self.school.pk])
        self.assert_refused("devices", lambda: self.client.post(devices, {"back": "x"}))
        self.client.force_login(self.national)
        scoring = reverse(
            "surveys:instrument-scoring", args=[self.version.instrument_id, self.version.number]
        )
        for data in ({"rule": "x", "note": "n"}, {"rule": ["raw", HUGE]}, {}):
            with self.subTest(data=repr(data)[:40]):
                self.assert_refused("scoring", self.client.post, scoring, data)

    def test_the_web_form_refuses_bad_values_on_every_page(self):
        token = self.round.round_schools.get(organisation=self.school).token
        start = reverse("surveys:answer", args=[token])
        for data in (
            {"grade": HUGE, "sex": 1},
            {"grade": 7, "sex": HUGE},
            {"grade": 7, "sex": 1, "age": HUGE},
            {"grade": 7, "sex": 1, "age": -1},
            {"grade": 7, "sex": 1, "age": "1e5"},
            {"grade": ["7", "x"], "sex": [1, 2]},
            {"grade": "๗" * 40, "sex": "1"},
        ):
            with self.subTest(data=repr(data)[:40]):
                self.assert_refused("start", self.client.post, start, data)
        self.client.post(start, {"grade": 7, "sex": 1})
        domain = self.version.domains.order_by("order").first()
        assert domain is not None
        codes = list(domain.items.values_list("code", flat=True))
        step = reverse("surveys:answer-step", args=[token, 1])
        for value in (HUGE, -1, "x", "๙" * 40, ["3", "x"], "", "3" * 400):
            with self.subTest(value=repr(value)[:20]):
                answers = dict.fromkeys(codes, "3") | {codes[0]: value}
                self.assert_refused("step", self.client.post, step, answers)
        for number in (0, HUGE, -1):
            with self.subTest(number=number):
                path = f"/s/{token}/{number}/"
                self.assert_refused("step number", self.client.get, path)

    def test_ids_and_query_values_out_of_range_are_not_found_or_ignored(self):
        self.client.force_login(self.national)
        pk, school, instrument = self.round.pk, self.school.pk, self.version.instrument_id
        paths = [
            f"/surveys/rounds/{HUGE}/",
            f"/surveys/rounds/{pk}/schools/{HUGE}/",
            f"/surveys/rounds/{HUGE}/schools/{school}/",
            f"/surveys/rounds/{pk}/schools/{HUGE}.pdf",
            f"/surveys/rounds/{HUGE}/results/",
            f"/surveys/rounds/{HUGE}/results.pdf",
            f"/surveys/rounds/{HUGE}/results.xlsx",
            f"/surveys/rounds/{HUGE}/responses.csv",
            f"/surveys/imports/{HUGE}/",
            f"/surveys/instruments/{HUGE}/",
            f"/surveys/instruments/{HUGE}/v1.xlsx",
            f"/surveys/instruments/{instrument}/v{HUGE}.xlsx",
            f"/surveys/rounds/{pk}/results/?page={HUGE}",
            f"/surveys/rounds/{pk}/results/?page=-1&page=x",
            f"/surveys/rounds/{pk}/?qr={HUGE}",
            f"/surveys/national/?version={HUGE}&year={HUGE}",
            "/surveys/national/?version=x&year=-1&version=[1]",
            f"/surveys/instruments/{instrument}/?v={HUGE}",
            f"/s/{'x' * 500}/",
        ]
        for path in paths:
            with self.subTest(path=path):
                self.assert_refused(path, self.client.get, path)
        for path in (
            f"/surveys/rounds/{HUGE}/delete/",
            f"/surveys/rounds/{pk}/schools/{HUGE}/devices/",
            f"/surveys/rounds/{HUGE}/import/",
            f"/surveys/instruments/{instrument}/v{HUGE}/scoring/",
        ):
            with self.subTest(path=path):
                self.assert_refused(path, self.client.post, path, {"shared": "1"})
