"""National-scale synthetic data for measuring speed: every province runs the programme.

About 100,000 organisations, 1,000,000 activity reports and 2,000,000 indicator values for
FY2564, with the read models (`IndicatorYearTotal`, `ActivityMonthTotal`) filled as the
services would have kept them. Rows go in through the database cursor in batches inside
one transaction: Django's bulk_create is far too slow on SQLite at this size.
All of it is sample data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from moralprovince.framework.models import Strategy
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.lib.fiscal import fiscal_month_index
from moralprovince.lib.thaitext import normalise, sort_key
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Indicator,
    IndicatorValue,
    IndicatorYearTotal,
    Target,
)
from moralprovince.organisations.models import (
    Membership,
    Network,
    Organisation,
    OrganisationType,
    Programme,
)
from moralprovince.plans.models import Activity, BudgetLine, FundingSource, Goal, Plan

FY = 2564
FIRST_DAY = dt.date(2020, 10, 1)
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
NETWORK_NAMES = [
    "เครือข่ายภาครัฐ",
    "เครือข่ายภาคธุรกิจเอกชน",
    "เครือข่ายภาคการศึกษา",
    "เครือข่ายศาสนา",
    "เครือข่ายสื่อมวลชน",
    "เครือข่ายประชาสังคม",
    "เครือข่ายเด็กและเยาวชน",
    "เครือข่ายสาธารณสุขและอาสาสมัคร",
]
BATCH = 50_000


@dataclass(frozen=True)
class Scale:
    organisations: int = 100_000
    reports: int = 1_000_000
    values: int = 2_000_000
    activities_per_plan: int = 30
    province_indicators: int = 10


def insert(model: Any, fields: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert rows through the cursor in batches; return how many went in.

    Columns not named get their field's default, as the ORM would give them.
    """
    meta = model._meta
    named = [meta.get_field(f) for f in fields]
    rest = [
        f
        for f in meta.concrete_fields
        if f not in named and not f.primary_key and not f.null and (f.has_default() or f.blank)
    ]
    # A blank text field without a default gets "", as the ORM would store.
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [*named, *rest])
    marks = ", ".join(["%s"] * (len(named) + len(rest)))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"
    count = 0
    with connection.cursor() as cursor:
        for batch in _batches(row + defaults for row in rows):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def next_id(model: Any) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


class Generator:
    def __init__(self, scale: Scale, seed: int = 2564) -> None:
        self.scale = scale
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.provinces = list(Province.objects.exclude(programme__isnull=False).order_by("code"))
        self.subdistricts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, district, province in Subdistrict.objects.values_list(
            "code", "district_id", "province_id"
        ):
            self.subdistricts[province].append((code, district))
        self.kinds = list(OrganisationType.objects.values_list("pk", flat=True))
        self.sources = list(FundingSource.objects.values_list("pk", flat=True))
        self.strategies = list(
            Strategy.objects.filter(master_plan__start_year=2559).values_list("pk", flat=True)
        )
        self.counts: dict[str, int] = {}

    @transaction.atomic
    def run(self) -> dict[str, int]:
        networks = self._programmes_and_networks()
        orgs = self._organisations(networks)
        activities = self._plans(networks, orgs)
        self._reports(activities)
        self._indicators(networks, orgs)
        return self.counts

    def _programmes_and_networks(self) -> dict[str, list[int]]:
        insert(
            Programme,
            ["province", "name_th", "name_en", "description", "is_public", "created_at"],
            (
                (
                    p.code,
                    f"{p.name_th}จังหวัดคุณธรรม",
                    f"{p.name_en} Moral Province",
                    "",
                    False,
                    self.now,
                )
                for p in self.provinces
            ),
        )
        first = next_id(Network)
        networks: dict[str, list[int]] = {}
        rows = []
        for i, province in enumerate(self.provinces):
            ids = list(range(first + i * 8, first + i * 8 + 8))
            networks[province.code] = ids
            rows += [
                (pk, province.code, n + 1, name, "", "")
                for n, (pk, name) in enumerate(zip(ids, NETWORK_NAMES, strict=True))
            ]
        self.counts["networks"] = insert(
            Network, ["id", "province", "number", "name_th", "name_en", "description"], rows
        )
        return networks

    def _organisations(
        self, networks: dict[str, list[int]]
    ) -> dict[str, list[tuple[int, str, int]]]:
        """Organisations spread over the provinces, each a member of one network."""
        per_province = self.scale.organisations // len(self.provinces)
        first = next_id(Organisation)
        orgs: dict[str, list[tuple[int, str, int]]] = {}
        org_rows, member_rows = [], []
        pk = first
        for province in self.provinces:
            places = self.subdistricts[province.code]
            orgs[province.code] = []
            for n in range(per_province):
                subdistrict, _district = places[n % len(places)]
                network = networks[province.code][n % 8]
                name = f"องค์กรตัวอย่าง {province.code}-{n + 1:05d}"
                org_rows.append(
                    (
                        pk,
                        province.code,
                        subdistrict,
                        self.kinds[n % len(self.kinds)],
                        name,
                        "",
                        True,
                        normalise(name),
                        sort_key(name),
                        self.now,
                        self.now,
                    )
                )
                member_rows.append((network, pk, self.now))
                orgs[province.code].append((pk, subdistrict, network))
                pk += 1
        fields = [
            "id",
            "province",
            "subdistrict",
            "kind",
            "name_th",
            "name_en",
            "is_sample",
            "search_text",
            "sort_key",
            "created_at",
            "updated_at",
        ]
        self.counts["organisations"] = insert(Organisation, fields, org_rows)
        insert(Membership, ["network", "organisation", "joined_at"], member_rows)
        return orgs

    def _plans(
        self, networks: dict[str, list[int]], orgs: dict[str, list[tuple[int, str, int]]]
    ) -> list[tuple[int, str, int | None, dt.date]]:
        """A province plan and eight network plans per province, with activities and money."""
        plan_id, goal_id, activity_id = next_id(Plan), next_id(Goal), next_id(Activity)
        plans, goals, activities, lines = [], [], [], []
        made: list[tuple[int, str, int | None, dt.date]] = []
        for province in self.provinces:
            for network in [None, *networks[province.code]]:
                plans.append(
                    (
                        plan_id,
                        province.code,
                        network,
                        FY,
                        "แผนตัวอย่าง",
                        "approved",
                        1,
                        self.now,
                        self.now,
                    )
                )
                goals.append((goal_id, plan_id, 1, "เป้าหมายตัวอย่าง"))
                for n in range(self.scale.activities_per_plan):
                    start = FIRST_DAY + dt.timedelta(days=self.random.randrange(300))
                    responsible = orgs[province.code][
                        self.random.randrange(len(orgs[province.code]))
                    ][0]
                    activities.append(
                        (
                            activity_id,
                            plan_id,
                            goal_id,
                            province.code,
                            n + 1,
                            f"กิจกรรมตัวอย่าง {n + 1}",
                            start,
                            start + dt.timedelta(days=self.random.randrange(1, 60)),
                            responsible,
                            "done" if start < dt.date(2021, 4, 1) else "planned",
                            self.strategies[n % len(self.strategies)],
                        )
                    )
                    for s in range(2):
                        state = ("spent", "approved", "requested")[self.random.randrange(3)]
                        lines.append(
                            (
                                activity_id,
                                province.code,
                                self.sources[(n + s) % len(self.sources)],
                                self.random.randrange(5, 200) * 1000,
                                state,
                                "",
                            )
                        )
                    made.append((activity_id, province.code, network, start))
                    activity_id += 1
                plan_id += 1
                goal_id += 1
        insert(
            Plan,
            [
                "id",
                "province",
                "network",
                "fiscal_year",
                "title",
                "status",
                "version",
                "created_at",
                "updated_at",
            ],
            plans,
        )
        insert(Goal, ["id", "plan", "number", "text"], goals)
        fields = [
            "id",
            "plan",
            "goal",
            "province",
            "number",
            "title",
            "start",
            "end",
            "responsible",
            "status",
            "strategy",
        ]
        self.counts["activities"] = insert(Activity, fields, activities)
        self.counts["budget_lines"] = insert(
            BudgetLine, ["activity", "province", "source", "amount", "state", "note"], lines
        )
        return made

    def _reports(self, activities: list[tuple[int, str, int | None, dt.date]]) -> None:
        """Activity reports, and the month totals the services would have kept."""
        totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])

        def rows() -> Iterator[tuple[Any, ...]]:
            for i in range(self.scale.reports):
                activity, province, network, start = activities[i % len(activities)]
                held = min(
                    start + dt.timedelta(days=self.random.randrange(60)), dt.date(2021, 9, 30)
                )
                subdistrict, district = self.subdistricts[province][
                    self.random.randrange(len(self.subdistricts[province]))
                ]
                people = self.random.randrange(5, 200)
                total = totals[(province, fiscal_month_index(held), network, district)]
                total[0] += 1
                total[1] += people
                yield (
                    activity,
                    province,
                    network,
                    held,
                    subdistrict,
                    people,
                    "รายงานตัวอย่าง",
                    "",
                    self.now,
                )

        fields = [
            "activity",
            "province",
            "network",
            "held_on",
            "subdistrict",
            "participants",
            "description",
            "outcomes",
            "created_at",
        ]
        self.counts["activity_reports"] = insert(ActivityReport, fields, rows())
        insert(
            ActivityMonthTotal,
            ["province", "fiscal_year", "month", "network", "district", "reports", "participants"],
            ((p, FY, m, n, d, t[0], t[1]) for (p, m, n, d), t in totals.items()),
        )

    def _indicators(
        self, networks: dict[str, list[int]], orgs: dict[str, list[tuple[int, str, int]]]
    ) -> None:
        """Province, network and organisation indicators with quarterly targets and values."""
        units: list[tuple[str, Any, Any]] = []
        for province in self.provinces:
            units += [(province.code, None, None)] * self.scale.province_indicators
            units += [(province.code, n, None) for n in networks[province.code]]
        per_org = max(1, round((self.scale.values / 4 - len(units)) / self.scale.organisations))
        for province in self.provinces:
            units += [
                (province.code, None, org)
                for org, _s, _n in orgs[province.code]
                for _ in range(per_org)
            ]
        first = next_id(Indicator)
        rows = (
            (
                first + i,
                p,
                n,
                o,
                f"I{i % 10}",
                "ตัวชี้วัดตัวอย่าง",
                "number",
                "up",
                "quarter",
                "sum",
                "",
                "",
                self.now,
            )
            for i, (p, n, o) in enumerate(units)
        )
        fields = [
            "id",
            "province",
            "network",
            "organisation",
            "code",
            "name_th",
            "unit",
            "direction",
            "frequency",
            "aggregation",
            "means_of_verification",
            "source",
            "created_at",
        ]
        self.counts["indicators"] = insert(Indicator, fields, rows)
        self._targets_values_totals(first, units)

    def _targets_values_totals(self, first: int, units: list[tuple[str, Any, Any]]) -> None:
        targets: list[tuple[Any, ...]] = []
        totals: list[tuple[Any, ...]] = []

        def values() -> Iterator[tuple[Any, ...]]:
            for i, (province, network, org) in enumerate(units):
                pk = first + i
                target = self.random.randrange(5, 50)
                actual = 0
                for q in QUARTERS:
                    value = max(0, target + self.random.randrange(-10, 10))
                    approved = self.random.random() < 0.9
                    actual += value if approved else 0
                    yield (
                        pk,
                        province,
                        FY,
                        q,
                        value,
                        "",
                        "approved" if approved else "submitted",
                        False,
                        self.now,
                    )
                if org is None:
                    targets.extend((pk, FY, q, target) for q in QUARTERS)
                totals.append((pk, province, network, org, FY, actual, target * 4, target * 4, 4))

        fields = [
            "indicator",
            "province",
            "fiscal_year",
            "period",
            "value",
            "comment",
            "status",
            "computed",
            "updated_at",
        ]
        self.counts["indicator_values"] = insert(IndicatorValue, fields, values())
        insert(Target, ["indicator", "fiscal_year", "period", "value"], targets)
        fields = [
            "indicator",
            "province",
            "network",
            "organisation",
            "fiscal_year",
            "actual",
            "target",
            "target_to_date",
            "approved_periods",
        ]
        insert(IndicatorYearTotal, fields, totals)


def load_national(scale: Scale | None = None) -> dict[str, int]:
    """Give every province without a programme a synthetic one at national scale."""
    return Generator(scale or Scale()).run()
