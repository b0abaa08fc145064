"""Every output of a round's results, tried the way a reader would break it: gather every
figure shown on the pages, the PDFs, the Excel file and the API, then subtract the shown
parts of each figure from it, for counts and for mean scores."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter, defaultdict
from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.services import create_api_token
from moralprovince.geo.models import District
from moralprovince.monitoring.sources import SOURCES
from moralprovince.organisations.models import Organisation
from moralprovince.surveys.disclosure import Key
from moralprovince.surveys.exports import no_rows_text
from moralprovince.surveys.models import ResultCell
from moralprovince.surveys.services import RoundData, add_round_schools, create_round
from moralprovince.surveys.spec import spec_for
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes, many
from moralprovince.testing import make_organisation

K = 10
Shown = dict[Key, tuple[int, float]]  # a group's respondents and mean total percent
ROW = re.compile(r'<tr(?: class="[^"]*")?><td class="group">([^<]*)(.*?)</tr>', re.S)
NUMBER = re.compile(r'<td class="num">([^<%]*)</td>')


def th(text: str) -> str:
    with translation.override("th"):
        return translation.gettext(text)


def html_table(html: str, start: int) -> dict[str, Any]:
    """The rows of the figures table that starts at `start`: label → (n, mean) or a word."""
    end = html.index("</table>", start)
    rows: dict[str, Any] = {}
    for label, rest in ROW.findall(html[start:end]):
        numbers = NUMBER.findall(rest)
        if numbers:
            rows[label] = (int(numbers[0].replace(",", "")), float(numbers[1]))
        else:
            rows[label] = "empty" if th("no responses") in rest else "hidden"
    return rows


def tables(html: str) -> list[dict[str, Any]]:
    return [html_table(html, m.start()) for m in re.finditer(r"<table", html)]


class PrivacyTestCase(SurveyTestCase):
    def fill(self) -> None:
        """Five schools in three districts:
        บ้านนาเดิม (8413): 13 boys ม.1 and 12 girls ม.2, all answers 4;
        ไชยา (8406): ไชยาวิทยา 3 girls ม.2, ท่าชนะ 11 boys ม.1;
        เมือง (8401): เมืองใหม่ 15 boys and 15 girls ม.3, วัดโพธิ์ no one."""
        self.third = make_organisation(self.surat, "โรงเรียนท่าชนะ", "school", "840601")
        self.fourth = make_organisation(self.surat, "โรงเรียนเมืองใหม่", "school", "840104")
        self.empty = make_organisation(self.surat, "โรงเรียนวัดโพธิ์", "school", "840101")
        add_round_schools(
            actor=self.admin, survey_round=self.round, schools=[self.third, self.fourth, self.empty]
        )
        rows = many(13, self.school.code, answers=[4] * 48)
        rows += many(12, self.school.code, start=100, sex="หญิง", grade="ม.2", answers=[4] * 48)
        rows += many(3, self.school2.code, start=200, sex="หญิง", grade="ม.2", answers=[1] * 48)
        rows += many(11, "โรงเรียนท่าชนะ", start=300, answers=[2] * 48)
        rows += many(15, "โรงเรียนเมืองใหม่", start=400, grade="ม.3")
        rows += many(15, "โรงเรียนเมืองใหม่", start=500, grade="ม.3", sex="หญิง")
        import_bytes(self.round, csv_text(rows, self.items).encode())

    def schools(self) -> list[Organisation]:
        return [self.school, self.school2, self.third, self.fourth, self.empty]

    def labels(self) -> dict[str, dict[str, Key]]:
        """What each table's row labels stand for."""
        codes = {o.subdistrict.district_id for o in self.schools()}
        districts = {
            d.name_th: ("district", d.code, 0, 0) for d in District.objects.filter(pk__in=codes)
        }
        return {
            "province": {self.surat.name_th: ("province", "84", 0, 0)},
            "districts": districts,
            "schools": {o.name: ("school", str(o.pk), 0, 0) for o in self.schools()},
        }


class EveryOutputTests(PrivacyTestCase):
    def gather(self) -> tuple[Shown, dict[str, set[Key]]]:
        """Every figure any output shows, and what each output hides or shows as empty."""
        self.login(self.admin)
        shown: Shown = {}
        marked: dict[str, set[Key]] = defaultdict(set)
        sex = {
            th(label): value
            for value, label in ((1, "Male"), (2, "Female"), (3, "Other or not stated"))
        }
        grade = {f"ม.{g - 6}": g for g in range(7, 13)}

        def take(rows: dict[str, Any], key_of: Any, source: str) -> None:
            for label, value in rows.items():
                key = key_of(label)
                if isinstance(value, tuple):
                    if key in shown:
                        self.assertAlmostEqual(shown[key][1], value[1], places=1)
                    shown[key] = value
                else:
                    marked[f"{source}:{value}"].add(key)

        labels = self.labels()

        def round_tables(found: list[dict[str, Any]], source: str, unit: tuple[str, str]) -> None:
            overall, by_sex, by_grade = found[:3]
            named = labels["province"] | labels["schools"]
            take(overall, lambda label: named[label], source)
            take(by_sex, lambda label: (*unit, sex[label], 0), source)
            take(by_grade, lambda label: (*unit, 0, grade[label]), source)

        captured: list[str] = []
        with mock.patch(
            "moralprovince.surveys.exports.render_pdf",
            side_effect=lambda html: captured.append(html) or b"%PDF",
        ):
            for page in ("results", "results-pdf"):
                html = self.client.get(reverse(f"surveys:{page}", args=[self.round.pk]))
                found = tables(captured[-1] if page.endswith("pdf") else html.content.decode())
                round_tables(found, page, ("province", "84"))
                take(found[3], lambda label: labels["districts"][label], page)
                take(found[4], lambda label: labels["schools"][label], page)
            for school in self.schools():
                for page in ("school-results", "school-pdf"):
                    url = reverse(f"surveys:{page}", args=[self.round.pk, school.pk])
                    html = self.client.get(url)
                    found = tables(captured[-1] if page.endswith("pdf") else html.content.decode())
                    round_tables(found, page, ("school", str(school.pk)))
        self.gather_excel(take, labels, sex, grade)
        self.gather_api(shown, marked)
        return shown, marked

    def gather_excel(self, take: Any, labels: dict[str, Any], sex: Any, grade: Any) -> None:
        content = self.client.get(reverse("surveys:results-xlsx", args=[self.round.pk])).content
        book = load_workbook(io.BytesIO(content))
        for sheet, named in zip(book.worksheets, ("province", "districts", "schools"), strict=True):
            rows: dict[str, Any] = {}
            for row in list(sheet.iter_rows(values_only=True))[1:]:
                if isinstance(row[1], int):
                    rows[row[0]] = (row[1], row[2])
                elif row[1] is not None and row[0] != th("Group"):
                    rows[row[0]] = "empty" if row[1] == th("no responses") else "hidden"
            names = labels[named] | {th("Everyone"): ("province", "84", 0, 0)}
            names |= {label: ("province", "84", value, 0) for label, value in sex.items()}
            names |= {label: ("province", "84", 0, value) for label, value in grade.items()}
            take(rows, lambda label, names=names: names[label], "excel")

    def gather_api(self, shown: Shown, marked: dict[str, set[Key]]) -> None:
        _row, token = create_api_token(actor=self.evaluator, user=self.evaluator, name="t")
        data = self.client.get(
            f"/api/v1/survey-rounds/{self.round.pk}/results/", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).json()
        parts = {
            "province": lambda code: ("province", code, 0, 0),
            "districts": lambda code: ("district", code, 0, 0),
            "schools": lambda code: ("school", code, 0, 0),
            "by_sex": lambda code: ("province", "84", int(code), 0),
            "by_grade": lambda code: ("province", "84", 0, int(code)),
        }
        for part, key_of in parts.items():
            for code, figure in data[part].items():
                key = key_of(code)
                if figure["suppressed"]:
                    marked["api:hidden"].add(key)
                elif not figure["respondents"]:
                    marked["api:empty"].add(key)
                else:
                    shown[key] = (figure["respondents"], figure["scores"]["total"]["percent"])

    def relations(self) -> list[tuple[Key, list[Key]]]:
        """Every figure that is the sum of others, the way the outputs let a reader add."""
        cells = set(
            ResultCell.objects.filter(round=self.round, domain=0).values_list(
                "level", "unit", "sex", "grade"
            )
        )
        district_of = {str(o.pk): o.subdistrict.district_id for o in self.schools()}
        sums: dict[Key, list[Key]] = defaultdict(list)
        for level, unit, sex, grade in cells:
            key = (level, unit, sex, grade)
            if level == "school":
                sums["province", "84", sex, grade].append(key)
                if not sex and not grade:
                    sums["district", district_of[unit], 0, 0].append(key)
            if level == "district" and not sex and not grade:
                sums["province", "84", 0, 0].append(key)
        found = list(sums.items())
        for level, unit, sex, grade in cells:
            if not sex and not grade:
                for field in (2, 3):
                    kids = [
                        c for c in cells if c[:2] == (level, unit) and c[field] and not c[5 - field]
                    ]
                    found.append(((level, unit, 0, 0), kids))
        return [(p, kids) for p, kids in found if kids]

    def test_subtraction_reveals_no_group_under_the_minimum(self) -> None:
        self.fill()
        shown, marked = self.gather()
        true = {
            (c.level, c.unit, c.sex, c.grade): c
            for c in ResultCell.objects.filter(round=self.round, domain=0)
        }
        small = {key for key, cell in true.items() if 0 < cell.n < K}
        spec = spec_for(self.version)
        self.assertTrue(small)
        self.assertFalse(small & set(shown), "a small group is shown")
        # Same decision everywhere: no output hides what another shows.
        hidden = set().union(*(keys for name, keys in marked.items() if name.endswith("hidden")))
        self.assertFalse(hidden & set(shown))
        for parent, kids in self.relations():
            if parent not in shown:
                continue
            n, mean = shown[parent]
            rest_n = n - sum(shown[k][0] for k in kids if k in shown)
            rest_sum = n * mean - sum(shown[k][0] * shown[k][1] for k in kids if k in shown)
            with self.subTest(parent=parent):
                self.assertFalse(0 < rest_n < K, f"{parent} minus its shown parts: {rest_n}")
                for key in small:
                    cell = true[key]
                    if rest_n == cell.n:
                        # The rest has the small group's size: its mean must not be the group's.
                        group_mean = spec.percent(0, cell.score_sum, cell.n)
                        self.assertNotAlmostEqual(rest_sum / rest_n, group_mean, places=0)
        # Province minus shown districts minus shown schools of hidden districts.
        total = shown[("province", "84", 0, 0)][0]
        district_of = {str(o.pk): o.subdistrict.district_id for o in self.schools()}
        rest = total - sum(
            n for k, (n, _m) in shown.items() if k[0] == "district" and k[2:] == (0, 0)
        )
        rest -= sum(
            n
            for k, (n, _m) in shown.items()
            if k[0] == "school"
            and k[2:] == (0, 0)
            and ("district", district_of[k[1]], 0, 0) not in shown
        )
        self.assertFalse(0 < rest < K)

    def test_what_is_hidden_and_what_is_empty(self) -> None:
        self.fill()
        shown, marked = self.gather()
        school2 = ("school", str(self.school2.pk), 0, 0)
        third = ("school", str(self.third.pk), 0, 0)
        empty = ("school", str(self.empty.pk), 0, 0)
        for source in ("results", "results-pdf", "excel", "api"):
            with self.subTest(source=source):
                self.assertIn(school2, marked[f"{source}:hidden"])  # 3 respondents
                # The next smallest school of its district, or ไชยา minus it gives it back.
                self.assertIn(third, marked[f"{source}:hidden"])
                # A school no one answered in says so, not "fewer than 10".
                self.assertIn(empty, marked[f"{source}:empty"])
                self.assertNotIn(empty, marked[f"{source}:hidden"])
        self.assertEqual(shown[("province", "84", 0, 0)][0], 69)
        self.assertEqual(shown[("school", str(self.fourth.pk), 0, 0)][0], 30)
        self.assertIn(empty, marked["school-results:empty"])


class AnonymisedCsvTests(PrivacyTestCase):
    def rows(self) -> list[dict[str, str]]:
        response = self.client.get(reverse("surveys:responses-csv", args=[self.round.pk]))
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        return list(csv.DictReader(io.StringIO(text)))

    def test_a_round_of_32_respondents_gives_its_32_rows(self) -> None:
        # Spread over four schools, every school, sex and grade group is under 10: the file
        # used to hold only its header. Now each row says as much as the pages show.
        third = make_organisation(self.surat, "โรงเรียนท่าชนะ", "school", "840601")
        add_round_schools(actor=self.admin, survey_round=self.round, schools=[third])
        rows = many(7, self.school.code) + many(7, self.school.code, 20, sex="หญิง", grade="ม.2")
        rows += many(9, self.school2.code, 40, grade="ม.3") + many(6, "โรงเรียนท่าชนะ", 60)
        rows += many(3, "โรงเรียนท่าชนะ", 80, sex="หญิง")
        import_bytes(self.round, csv_text(rows, self.items).encode())
        self.login(self.admin)
        lines = self.rows()
        self.assertEqual(len(lines), 32)
        with translation.override("th"):
            school, district, grade, sex = (
                translation.gettext(w) for w in ("School code", "District", "Grade", "Sex")
            )
        self.assertNotIn("S0", str(lines))  # no submission ids
        classes = Counter((r[school], r[district], r[grade], r[sex]) for r in lines)
        self.assertTrue(all(n >= K for n in classes.values()), classes)
        by_school = Counter(r[school] for r in lines)
        self.assertEqual(by_school[self.school.code], 14)  # its results are shown: 14
        self.assertEqual(by_school[""], 18)  # the others, placed only by district or province
        self.assertEqual({r[sex] for r in lines}, {""})  # no school shows every sex
        page = self.client.get(reverse("surveys:round", args=[self.round.pk]))
        self.assertContains(page, reverse("surveys:responses-csv", args=[self.round.pk]))
        self.assertContains(page, 'id="csv-rule"')

    def test_labels_follow_what_the_pages_show(self) -> None:
        PrivacyTestCase.fill(self)
        self.login(self.admin)
        lines = self.rows()
        self.assertEqual(len(lines), 69)
        with translation.override("th"):
            school, sex, grade = (translation.gettext(w) for w in ("School code", "Sex", "Grade"))
            girl = translation.gettext("Female")
        fourth = [r for r in lines if r[school] == (self.fourth.code or str(self.fourth.pk))]
        self.assertEqual(len(fourth), 30)
        # Its 15 boys and 15 girls are both shown on its page: the rows say their sex in Thai.
        self.assertEqual(Counter(r[sex] for r in fourth), Counter({girl: 15, th("Male"): 15}))
        self.assertEqual({r[grade] for r in fourth}, {"ม.3"})
        self.assertFalse([r for r in lines if r[school] == self.school2.code])

    def test_no_file_below_the_minimum_and_the_page_says_why(self) -> None:
        import_bytes(self.round, csv_text(many(4, self.school.code, 700), self.items).encode())
        self.login(self.admin)
        response = self.client.get(
            reverse("surveys:responses-csv", args=[self.round.pk]), follow=True
        )
        self.assertRedirects(response, reverse("surveys:round", args=[self.round.pk]))
        with translation.override("th"):
            self.assertContains(response, no_rows_text())
        self.assertNotContains(response, reverse("surveys:responses-csv", args=[self.round.pk]))


class AcrossRoundsTests(SurveyTestCase):
    def add_round(self, province: Any, school: Organisation, respondents: int, name: str) -> Any:
        survey_round = create_round(
            actor=SYSTEM,
            data=RoundData(
                province=province,
                version=self.version,
                fiscal_year=2569,
                name=name,
                opens_on=dt.date(2026, 1, 1),
                closes_on=dt.date(2026, 3, 31),
            ),
            schools=[school],
        )
        rows = many(respondents, school.code or school.name_th, start=1000 * survey_round.pk)
        import_bytes(survey_round, csv_text(rows, self.items).encode())
        return survey_round

    def test_provinces_compared_give_no_small_round_or_province_away(self) -> None:
        # Surat Thani's year: the base round (empty), one round of 25 and one of 4; Chiang
        # Rai's: 30. Each round of 10 or more shows its total on its own pages, so Surat
        # Thani (29) would give the 4 away, and the nation (59) minus Chiang Rai would too.
        self.add_round(self.surat, self.school, 25, "ใหญ่")
        self.add_round(self.surat, self.school2, 4, "เล็ก")
        self.other_org.code = "1057010001"
        self.other_org.save()
        self.add_round(self.chiangrai, self.other_org, 30, "เชียงราย")
        self.login(self.national)
        page = self.client.get(
            reverse("surveys:national"), {"version": self.version.pk, "year": 2569}
        ).content.decode()
        provinces = tables(page)[0]
        self.assertEqual(provinces[self.chiangrai.name_th][0], 30)
        self.assertEqual(provinces[self.surat.name_th], "hidden")
        self.assertEqual(tables(page)[1][th("Thailand")], "hidden")

    def test_trend_hides_only_small_rounds(self) -> None:
        big = self.add_round(self.surat, self.school, 25, "ใหญ่")
        self.add_round(self.surat, self.school2, 4, "เล็ก")
        self.login(self.admin)
        page = self.client.get(reverse("surveys:results", args=[big.pk])).content.decode()
        trend = tables(page)[-1]
        self.assertEqual(trend["ใหญ่ (2569)"][0], 25)
        self.assertEqual(trend["เล็ก (2569)"], "hidden")

    def test_the_indicator_source_counts_only_rounds_shown(self) -> None:
        self.add_round(self.surat, self.school, 25, "ใหญ่")
        small = self.add_round(self.surat, self.school2, 4, "เล็ก")
        source = SOURCES["survey_share_top_two_bands"]
        indicator = SimpleNamespace(province_id=self.surat.pk)
        records = source.records(indicator, 2569, "Y")
        self.assertEqual([cell.n for cell in records], [25])
        self.assertNotIn(small.pk, [cell.round_id for cell in records])
