"""A catalogue of bad values thrown at every monitoring form, URL parameter and API endpoint:
each is answered with a 400, a 404 or a message naming the field, never a 500, and nothing
is stored, not even half of a write.

Each group ends by sending its valid base once, which must be stored: so a group whose
base is wrong cannot pass by refusing everything.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moralprovince.accounts.services import create_api_token
from moralprovince.audit.models import AuditEntry
from moralprovince.geo.models import Subdistrict
from moralprovince.jobs.models import Job
from moralprovince.monitoring import services
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Evidence,
    Indicator,
    IndicatorValue,
    IndicatorYearTotal,
    MonitoringVisit,
    ParticipantCount,
    PeriodLock,
    Target,
    ValuePart,
    VisitedOrganisation,
)
from moralprovince.monitoring.services import ActivityReportInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.tests.base import TemporaryMedia

HUGE = "99999999999999999999"
BAD_YEARS = ["0", "-1", "2499", "2701", HUGE, "abc", "2564.5", "๒๕๖๔x", "1e3", "NaN"]
BAD_FIGURES = ["abc", "-1", "1e400", "NaN", "Infinity", "-Infinity", HUGE, "1e20", "๑๒x"]
BAD_PERIODS = ["Q9", "Y2", "H3", "\x00", "Q1'--", "x" * 500, "H1"]
BAD_IDS = ["0", "-1", "abc", HUGE, "1.5", "1e3", "\x00"]
BAD_DATES = ["31/02/2564", "99/99/9999", "abc", f"1/1/{HUGE}", "0/0/0", "\x00"]
BAD_COUNTS = ["-1", "abc", "1000001", HUGE, "1.5", "\x00"]
# What JSON can carry where a text, a number or an id is expected.
BAD_JSON = [None, [], {}, ["a"], {"x": 1}, True, 10**30, -(10**30), 1.5e300, "abc", "\x00"]

WATCHED: list[Any] = [
    Indicator,
    Indicator.virtues.through,
    Indicator.dimensions.through,
    Target,
    IndicatorValue,
    ValuePart,
    PeriodLock,
    ActivityReport,
    ParticipantCount,
    Evidence,
    MonitoringVisit,
    VisitedOrganisation,
    ActivityMonthTotal,
    IndicatorYearTotal,
    AuditEntry,
    Job,
]


def stored() -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables monitoring writes, and the audit log."""
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in WATCHED}


class BadInputTestCase(TemporaryMedia, MonitoringTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.submitted = self.enter(self.network_indicator, "Q1", 3)
        services.submit_value(actor=self.coordinator, value=self.submitted)
        self.computed = self.make_indicator(self.education, "E2", "ผู้เข้าร่วม", source="participants")
        self.report = services.create_activity_report(
            actor=self.coordinator,
            activity=self.training,
            data=ActivityReportInput(
                held_on=dt.date(2020, 11, 24),
                subdistrict=Subdistrict.objects.get(pk="841301"),
                participants=120,
                description="อบรมครู",
            ),
        )
        self.lock = services.lock_period(
            actor=self.admin, province=self.surat, fiscal_year=2564, period="Q4"
        )
        self.tokens: dict[int, str] = {}
        for user in (self.admin, self.coordinator, self.evaluator):
            self.api(user, "get", "indicators/")

    def api(
        self, user: Any, method: str, path: str, data: Any = ..., raw: str | None = None
    ) -> Any:
        """Call the API with the person's token (made once: each new token is logged)."""
        if user.pk not in self.tokens:
            _row, self.tokens[user.pk] = create_api_token(actor=user, user=user)
        body = raw if raw is not None else (None if data is ... else json.dumps(data))
        return getattr(self.client, method)(
            f"/api/v1/{path}",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.tokens[user.pk]}"},
        )

    def refused(
        self, label: object, codes: tuple[int, ...], send: Any, *args: Any, **kw: Any
    ) -> Any:
        """Send a bad request: no 500, nothing stored, and the status among `codes`."""
        before = stored()
        response = send(*args, **kw)
        self.assertLess(response.status_code, 500, label)
        if codes:
            self.assertIn(response.status_code, codes, label)
        after = stored()
        self.assertEqual([t for t in after if after[t] != before[t]], [], label)
        return response

    def stores(self, label: object, send: Any, *args: Any, **kw: Any) -> Any:
        """The valid base of a group is stored, so the group's refusals mean something."""
        before = stored()
        response = send(*args, **kw)
        self.assertLess(response.status_code, 400, (label, response.content[:500]))
        after = stored()
        self.assertTrue([t for t in after if after[t] != before[t]], label)
        return response

    def get(self, codes: tuple[int, ...], url: str, params: Any = None) -> Any:
        return self.refused((url, params), codes, self.client.get, url, params)

    def post(self, codes: tuple[int, ...], url: str, data: Any = None) -> Any:
        return self.refused((url, data), codes, self.client.post, url, data)

    def call(
        self, codes: tuple[int, ...], user: Any, method: str, path: str, data: Any = ...
    ) -> Any:
        return self.refused((method, path, data), codes, self.api, user, method, path, data)

    def each(self, base: dict[str, Any], bad: dict[str, list[Any]]):  # type: ignore[no-untyped-def]
        for name, values in bad.items():
            for value in values:
                yield f"{name}={value!r}"[:80], base | {name: value}


class PageBadInputTests(BadInputTestCase):
    def test_url_parameters(self) -> None:
        self.login(self.admin)
        pages = [
            reverse("monitoring:indicators", args=["84"]),
            reverse("monitoring:iptt", args=["84"]),
            reverse("monitoring:dashboard", args=["84"]),
            reverse("monitoring:status", args=["84"]),
            reverse("monitoring:periods", args=["84"]),
            reverse("monitoring:visits", args=["84"]),
            reverse("monitoring:indicator", args=[self.network_indicator.pk]),
        ]
        for page in pages:
            for year in BAD_YEARS:
                self.get((404,) if "visits" not in page else (200,), page, {"fy": year})
        iptt = reverse("monitoring:iptt", args=["84"])
        for name in ("network", "organisation"):
            elsewhere = self.other_network if name == "network" else self.other_org
            for bad in [*BAD_IDS, str(elsewhere.pk)]:
                self.get((404,), iptt, {name: bad})
        create = reverse("monitoring:indicator-create", args=["84"])
        for name in ("network", "organisation"):
            for bad in BAD_IDS:
                self.get((404,), create, {name: bad})

    def test_path_parameters(self) -> None:
        self.login(self.admin)
        pk = self.computed.pk
        for fy in (0, 1, 2499, 2701, int(HUGE)):
            for period in ("Q1", "Y"):
                self.get((404,), f"/indicators/{pk}/records/{fy}/{period}/")
        for period in ("Y", "Q9", "%00", "H1", "x" * 300):
            self.get((404,), f"/indicators/{pk}/records/2564/{period}/")
        self.assertEqual(self.client.get(f"/indicators/{pk}/records/2564/Q1/").status_code, 200)
        for url in [
            f"/indicators/{HUGE}/",
            f"/indicators/{HUGE}/edit/",
            f"/plans/{HUGE}/iptt/",
            f"/activity-reports/{HUGE}/",
            f"/activities/{HUGE}/reports/new/",
            f"/visits/{HUGE}/edit/",
            f"/values/{HUGE}/submit/",
        ]:
            self.get((404, 405), url)
        for url in [
            f"/activity-reports/{HUGE}/delete/",
            f"/values/{self.submitted.pk}/bogus/",
            f"/values/{self.submitted.pk}/delete/",
            f"/provinces/84/periods/{HUGE}/unlock/",
            f"/provinces/57/periods/{self.lock.pk}/unlock/",
            f"/indicators/{HUGE}/compute/",
            f"/indicators/{HUGE}/values/",
            f"/indicators/{HUGE}/targets/",
        ]:
            self.post((404,), url)

    def test_indicator_form(self) -> None:
        self.login(self.coordinator)
        url = reverse("monitoring:indicator-create", args=["84"]) + f"?network={self.education.pk}"
        base = {
            "name_th": "ครูที่ผ่านการอบรม",
            "unit": "number",
            "direction": "up",
            "frequency": "quarter",
            "aggregation": "sum",
        }
        bad = {
            "name_th": ["", " ", "x" * 1000],
            "code": ["x" * 31],
            "unit": ["", "bogus"],
            "direction": ["bogus"],
            "frequency": ["bogus", "month"],
            "aggregation": ["bogus"],
            "baseline": [f for f in BAD_FIGURES if f != "-1"],
            "baseline_year": BAD_YEARS,
            "virtues": BAD_IDS,
            "strategy": BAD_IDS,
            "dimensions": BAD_IDS,
            "source": ["bogus", "x" * 60],
        }
        edit = reverse("monitoring:indicator-edit", args=[self.network_indicator.pk])
        for page in (url, edit):
            for label, data in self.each(base, bad):
                response = self.post((200,), page, data)
                self.assertTrue(response.context["form"].errors, (page, label))
        both = reverse("monitoring:indicator-create", args=["84"])
        both += f"?network={self.education.pk}&organisation={self.school.pk}"
        response = self.post((200,), both, base)
        self.assertIn("เครือข่ายหรือองค์กร", str(response.context["form"].errors))
        self.stores("base", self.client.post, url, base)

    def test_target_and_value_forms(self) -> None:
        self.login(self.coordinator)
        pk = self.network_indicator.pk
        target = reverse("monitoring:target-set", args=[pk])
        value = reverse("monitoring:value-save", args=[pk])
        base = {"fiscal_year": "2564", "period": "Q2", "value": "5"}
        bad = {
            "fiscal_year": ["", *BAD_YEARS],
            "period": ["", *BAD_PERIODS],
            "value": ["", *BAD_FIGURES],
        }
        for url in (target, value):
            for label, data in self.each(base, bad):
                response = self.post((302,), url, data)
                self.assertTrue(list(response.wsgi_request._messages), label)
        # Parts that do not add up, and evidence that is not a photo or a document.
        by_sex = self.make_indicator(self.education, "E3", "ครู", dimensions=["sex"])
        parts = reverse("monitoring:value-save", args=[by_sex.pk])
        for female in ["abc", "-1", HUGE, "4"]:
            self.post((302,), parts, base | {"part_sex_female": female, "part_sex_male": "0"})
        fake = SimpleUploadedFile("photo.jpg", b"not a jpeg", content_type="image/jpeg")
        self.post((302,), value, base | {"evidence": fake})
        self.stores("target", self.client.post, target, base)
        self.stores("value", self.client.post, value, base)

    def test_compute_review_and_lock(self) -> None:
        self.login(self.coordinator)
        compute = reverse("monitoring:value-compute", args=[self.computed.pk])
        good = {"fiscal_year": "2564", "period": "Q1"}
        bad = {"fiscal_year": BAD_YEARS, "period": ["", *BAD_PERIODS]}
        for _label, data in self.each(good, bad):
            self.post((302, 404), compute, data)
        for year in BAD_YEARS:
            self.post((404,), f"{compute}?fy={year}", {"period": "Q1"})
        typed = reverse("monitoring:value-compute", args=[self.network_indicator.pk])
        self.post((302,), typed, good)
        self.login(self.admin)
        back = reverse("monitoring:value-review", args=[self.submitted.pk, "return"])
        for comment in ["", " ", "\n\t"]:
            self.post((302,), back, {"comment": comment})
        periods = reverse("monitoring:periods", args=["84"])
        bad = {"fiscal_year": BAD_YEARS, "period": ["", *BAD_PERIODS[:-1]]}
        for _label, data in self.each(good, bad):
            self.post((302, 404), periods, data)
        for year in BAD_YEARS:
            self.post((404,), f"{periods}?fy={year}", {"period": "Q1"})
        year_report = reverse("monitoring:year-report", args=["84"])
        for year in BAD_YEARS:
            self.post((404,), year_report, {"fiscal_year": year})
        self.stores("return", self.client.post, back, {"comment": "แก้ตัวเลข"})
        self.stores("compute", self.client.post, compute, good)
        self.stores("lock", self.client.post, periods, good)

    def test_activity_report_form(self) -> None:
        self.login(self.coordinator)
        url = reverse("monitoring:report-create", args=[self.camp.pk])
        base = {
            "held_on": "6/4/2564",
            "subdistrict": "841301",
            "participants": "40",
            "description": "ค่าย",
        }
        bad = {
            "held_on": ["", *BAD_DATES, "6/4/2565"],
            "subdistrict": ["", *BAD_IDS, "570102"],
            "participants": ["", *BAD_COUNTS],
            "description": ["", "   "],
            "count_sex_female": BAD_COUNTS,
        }
        for label, data in self.each(base, bad):
            response = self.post((200,), url, data)
            self.assertTrue(response.context["form"].errors, label)
        fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
        self.post((200,), url, base | {"attachments": fake})
        self.stores("base", self.client.post, url, base)

    def test_visit_form(self) -> None:
        self.login(self.evaluator)
        url = reverse("monitoring:visit-create", args=["84"])
        base = {"visited_on": "25/12/2563", "team": "คณะ", "findings": "พบ"}
        bad = {
            "visited_on": ["", *BAD_DATES],
            "team": ["", " "],
            "findings": [""],
            "organisations": [*BAD_IDS, str(self.other_org.pk)],
        }
        for label, data in self.each(base, bad):
            response = self.post((200,), url, data)
            self.assertTrue(response.context["form"].errors, label)
        self.stores("base", self.client.post, url, base)
        edit = reverse("monitoring:visit-edit", args=[MonitoringVisit.objects.get().pk])
        for label, data in self.each(base, bad):
            response = self.post((200,), edit, data)
            self.assertTrue(response.context["form"].errors, label)


class ApiBadInputTests(BadInputTestCase):
    def test_filters_and_ids(self) -> None:
        for path in [
            "indicators/",
            "targets/",
            "indicator-values/",
            "activity-reports/",
            "visits/",
        ]:
            for page in ["page=0", "page=abc", f"page={HUGE}", "limit=-1", "limit=abc"]:
                self.call((200, 404), self.admin, "get", f"{path}?{page}")
            for page in [f"limit={HUGE}", f"offset={HUGE}", f"limit={HUGE}&offset={HUGE}"]:
                response = self.call((200,), self.admin, "get", f"{path}?{page}")
                self.assertLessEqual(len(response.json()["results"]), 1000)
            self.call((404,), self.admin, "get", f"{path}{HUGE}/")
            self.call((404,), self.admin, "get", f"{path}abc/")
        for path, name in [
            ("targets/", "indicator"),
            ("indicator-values/", "indicator"),
            ("indicator-values/", "fiscal_year"),
            ("activity-reports/", "activity"),
        ]:
            for bad in [*BAD_IDS, "", " "]:
                response = self.call((200, 400), self.admin, "get", f"{path}?{name}={bad}")
                if response.status_code == 400:
                    self.assertIn(name, response.json())
            response = self.call((400,), self.admin, "get", f"{path}?{name}={HUGE}")
            self.assertIn(name, response.json())
        for province in [HUGE, "x" * 500]:
            response = self.call((200,), self.admin, "get", f"indicators/?province={province}")
            self.assertEqual(response.json()["results"], [])
        response = self.call((400,), self.admin, "get", "indicators/?province=84%00")
        self.assertIn("province", response.json())

    def test_review_comments(self) -> None:
        path = f"indicator-values/{self.submitted.pk}/return/"
        for comment in [*BAD_JSON[:-2], "", "   "]:
            response = self.call((400,), self.admin, "post", path, {"comment": comment})
            self.assertIn("comment", response.json(), comment)
        for body in [[1, 2], "text", 5, None]:
            self.call((400,), self.admin, "post", path, body)
        for action in ("submit", "approve", "return"):
            for body in [[1, 2], "text", {"comment": []}]:
                self.call((404,), self.admin, "post", f"indicator-values/{HUGE}/{action}/", body)
        self.stores("base", self.api, self.admin, "post", path, {"comment": "แก้ตัวเลข"})

    def test_writes(self) -> None:
        indicator = self.network_indicator.pk
        endpoints: list[tuple[Any, str, dict[str, Any], dict[str, list[Any]]]] = [
            (
                self.coordinator,
                "indicator-values/",
                {"indicator": indicator, "fiscal_year": 2564, "period": "Q2", "value": "5"},
                {
                    "indicator": BAD_JSON,
                    "fiscal_year": [*BAD_JSON, 0, 2499, 2701, "2564x"],
                    "period": [*BAD_JSON, "Q9", "Y", "H1"],
                    "value": [*BAD_JSON, "-1", "1e20", "NaN", "Infinity"],
                    "comment": [[], {}, ["a"], {"x": 1}, True],
                },
            ),
            (
                self.coordinator,
                "targets/",
                {"indicator": indicator, "fiscal_year": 2564, "period": "Y", "value": "20"},
                {
                    "indicator": BAD_JSON,
                    "fiscal_year": [*BAD_JSON, 0, 2499, 2701],
                    "period": [*BAD_JSON, "Q9", "H1"],
                    "value": [*BAD_JSON, "-1", "1e20", "NaN"],
                },
            ),
            (
                self.coordinator,
                "indicators/",
                {"province": "84", "network": self.education.pk, "name_th": "ครู"},
                {
                    "province": [x for x in BAD_JSON if x is not None] + ["57"],
                    "network": [x for x in BAD_JSON if x is not None] + [self.religion.pk],
                    "organisation": [[], {}, True, 10**30, "abc", self.temple.pk],
                    "name_th": [None, "", [], {}, "x" * 1000],
                    "unit": [None, [], "bogus"],
                    "frequency": [None, [], "month"],
                    "baseline": [[], {}, "abc", "1e20", "NaN", 10**30],
                    "baseline_year": [[], {}, "abc", 0, 2499, 2701, 10**30],
                    "source": [[], {}, "bogus"],
                    "virtues": [None, "abc", [10**30], [{}], ["no-such-virtue"]],
                    "dimensions": ["abc", ["no-such"], [[]]],
                    "strategy": [[], {}, "abc", 10**30],
                },
            ),
            (
                self.coordinator,
                "activity-reports/",
                {
                    "activity": self.camp.pk,
                    "held_on": "2021-04-06",
                    "subdistrict": "841301",
                    "participants": 40,
                    "description": "ค่าย",
                },
                {
                    "activity": BAD_JSON,
                    "held_on": [*BAD_JSON, "2022-04-06", "0000-01-01", "2021-02-30"],
                    "subdistrict": [*BAD_JSON, "570102"],
                    "participants": [*BAD_JSON, -1, 1_000_001],
                    "description": [None, "", [], {}],
                },
            ),
            (
                self.evaluator,
                "visits/",
                {"province": "84", "visited_on": "2020-12-25", "team": "คณะ", "findings": "พบ"},
                {
                    "province": [*BAD_JSON, "57"],
                    "visited_on": [*BAD_JSON, "2021-02-30", "0000-01-01"],
                    "team": [None, "", [], {}],
                    "findings": [None, "", [], {}],
                    "organisations": [None, "abc", [10**30], [{}], [self.other_org.pk], [-1]],
                },
            ),
        ]
        for user, path, base, bad in endpoints:
            for label, data in self.each(base, bad):
                response = self.call((400, 403), user, "post", path, data)
                if response.status_code == 400:
                    self.assertTrue(response.json(), label)
            self.stores(path, self.api, user, "post", path, base)

    def test_updates(self) -> None:
        indicator = f"indicators/{self.network_indicator.pk}/"
        bad = {
            "name_th": [None, "", []],
            "frequency": ["month", "half"],
            "baseline": ["abc", "1e20"],
            "baseline_year": [0, 10**30],
            "source": ["bogus"],
        }
        for _label, data in self.each({"name_th": "จำนวนโรงเรียน"}, bad):
            for method in ("patch", "put"):
                self.call((400,), self.coordinator, method, indicator, data)
        visit = self.api(
            self.evaluator,
            "post",
            "visits/",
            {"province": "84", "visited_on": "2020-12-25", "team": "คณะ", "findings": "พบ"},
        ).json()["id"]
        for data in [{"visited_on": "abc"}, {"team": ""}, {"organisations": [self.other_org.pk]}]:
            self.call((400,), self.evaluator, "patch", f"visits/{visit}/", data)
        for path in [indicator, f"visits/{visit}/"]:
            self.call((405,), self.admin, "delete", path)
        self.stores("base", self.api, self.coordinator, "patch", indicator, {"name_th": "โรงเรียน"})

    def test_bodies_that_are_not_json_objects(self) -> None:
        for path in [
            "indicator-values/",
            "targets/",
            "indicators/",
            "activity-reports/",
            "visits/",
        ]:
            for body in [[1, 2], "text", 5, None, []]:
                self.call((400,), self.admin, "post", path, body)
            for raw in ["[" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000, '{"value": NaN}']:
                self.refused(path, (400,), self.api, self.admin, "post", path, raw=raw)
            response = self.refused(
                path, (400,), self.api, self.admin, "post", path, raw="{not json"
            )
            self.assertTrue(response.json())
