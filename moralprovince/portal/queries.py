"""A person's own work, for the page they land on after logging in.

What they owe (indicator values of ended periods, reports of ended key activities, plans
still in draft), what came back to them to fix, what waits for their review, and the units
they answer for. Their units are those their roles name: the province itself for its admins,
a network for its coordinators, an organisation for its reporters; that is also whom the
reminder e-mails go to (`monitoring.access.people_answering_for`). Every row is read through
the apps' own `*_visible_to` helpers as well, so nothing outside the person's scope can show.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from moralprovince.accounts.access import Actor
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.core.actions import links_for
from moralprovince.core.workflow import ReviewStatus
from moralprovince.lib.fiscal import PERIODS, fiscal_year_of, period_bounds
from moralprovince.monitoring.access import (
    activities_reportable_by,
    indicators_visible_to,
    values_visible_to,
)
from moralprovince.monitoring.models import (
    ActivityReport,
    Indicator,
    IndicatorValue,
    PeriodLock,
    Target,
)
from moralprovince.organisations.access import (
    networks_visible_to,
    organisations_visible_to,
    programmes_visible_to,
)
from moralprovince.organisations.models import ProgrammeYear, unit_order
from moralprovince.plans import access as plans_access
from moralprovince.plans.access import Unit, plans_visible_to
from moralprovince.plans.models import Activity, ActivityStatus, Plan, PlanEvent
from moralprovince.surveys import access as surveys_access
from moralprovince.surveys.disclosure import Status
from moralprovince.surveys.models import RoundSchool
from moralprovince.surveys.results import minimum_group, round_disclosure

# Each list on the page shows at most this many rows (the oldest first) and says how many
# there are in all; one person's units owe a handful, so this only guards against a flood.
SHOWN = 20


@dataclass(frozen=True)
class OwedValue:
    """A value an indicator owes for a period that has ended."""

    indicator: Indicator
    fiscal_year: int
    period: str
    due: dt.date  # the period's last day: the value is owed from the day after
    draft: IndicatorValue | None  # entered but not yet sent for review


@dataclass
class Listed:
    """The first rows of a list and how many there are in all."""

    rows: list[Any]
    total: int

    @classmethod
    def of(cls, rows: list[Any]) -> Listed:
        return cls(rows[:SHOWN], len(rows))

    @classmethod
    def first_of(cls, rows: QuerySet[Any]) -> Listed:
        """From the database: the first rows and a count, not every row (a province's
        queue of values to review can hold thousands)."""
        first = list(rows[: SHOWN + 1])
        total = rows.count() if len(first) > SHOWN else len(first)
        return cls(first[:SHOWN], total)

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass
class UnitCard:
    """One unit the person answers for, with its plans and the next plan to start."""

    level: str  # "province", "network" or "organisation"
    name: str
    url: str
    plans: list[Plan] = field(default_factory=list)
    # The programme year plans are made for now, its commitments and plans page, and the
    # address that starts the unit's plan for it when the unit has none yet.
    year: int | None = None
    year_url: str = ""
    start_url: str = ""


@dataclass(frozen=True)
class SurveyPlace:
    """A survey round open now at one of the person's schools, and how many have answered
    there, told as the school's page of the round tells it."""

    member: RoundSchool
    status: str  # "shown", "empty" (nobody yet) or "hidden"
    answered: int | None  # only when the count may be shown
    small: bool  # hidden because fewer than the minimum have answered
    minimum: int  # the smallest group shown
    gives_link: bool  # the person hands out the school's answer link and QR code


@dataclass
class Work:
    owed_values: Listed
    owed_reports: Listed
    draft_plans: Listed
    returned_values: Listed
    returned_plans: Listed
    review_plans: Listed
    review_values: Listed
    units: list[UnitCard]

    @property
    def owes(self) -> bool:
        return bool(self.owed_values.total or self.owed_reports.total or self.draft_plans.total)

    @property
    def returned(self) -> bool:
        return bool(self.returned_values.total or self.returned_plans.total)

    @property
    def to_review(self) -> bool:
        return bool(self.review_plans.total or self.review_values.total)


def own_units_q(scope: Scope, prefix: str = "") -> Q:
    """Rows of the units the person's roles name (a national role names none)."""
    return (
        Q(
            **{
                f"{prefix}province_id__in": scope.admin_provinces,
                f"{prefix}network__isnull": True,
                f"{prefix}organisation__isnull": True,
            }
        )
        | Q(**{f"{prefix}network_id__in": scope.coordinated_networks})
        | Q(**{f"{prefix}organisation_id__in": scope.reported_organisations})
    )


def work_of(actor: Actor, today: dt.date) -> Work:
    scope = scope_for(actor)
    years = programme_years(actor)
    return Work(
        owed_values=Listed.of(owed_values(actor, today, years)),
        owed_reports=Listed.of(list(owed_reports(actor, today))),
        draft_plans=Listed.of(list(own_plans(actor).filter(status=ReviewStatus.DRAFT))),
        returned_values=Listed.of(list(returned_values(actor))),
        returned_plans=Listed.of(list(returned_plans(actor))),
        review_plans=Listed.first_of(
            plans_visible_to(actor).filter(**_waiting(scope)).order_by("updated_at", "pk")
        ),
        review_values=Listed.first_of(
            values_visible_to(actor)
            .filter(**_waiting(scope))
            .select_related("indicator__province", "indicator__network", "indicator__organisation")
            .order_by("updated_at", "pk")
        ),
        units=unit_cards(actor, today, years),
    )


def programme_years(actor: Actor) -> dict[str, list[int]]:
    """The fiscal years of each programme the person belongs to, by province."""
    years: dict[str, list[int]] = defaultdict(list)
    rows = ProgrammeYear.objects.filter(programme__in=programmes_visible_to(actor))
    for province_id, fiscal_year in rows.values_list("programme__province_id", "fiscal_year"):
        years[province_id].append(fiscal_year)
    return years


# --- what the person owes -----------------------------------------------------------------------


def owed_values(actor: Actor, today: dt.date, years: dict[str, list[int]]) -> list[OwedValue]:
    """Values of the person's typed-in indicators for ended periods, not yet sent or approved.

    The current fiscal year counts for every indicator, as on the reporting-status board;
    an earlier year of the programme counts for the indicators with targets that year. A
    locked period is closed, and a returned value is listed with the returns instead.
    """
    current = fiscal_year_of(today)
    indicators = list(
        indicators_visible_to(actor, write=True)
        .filter(own_units_q(scope_for(actor)), source="")
        .order_by("province_id", *unit_order(), "code", "pk")
    )
    ids = [i.pk for i in indicators]
    targeted = set(
        Target.objects.filter(indicator_id__in=ids)
        .values_list("indicator_id", "fiscal_year")
        .distinct()
    )
    values = {
        (v.indicator_id, v.fiscal_year, v.period): v
        for v in IndicatorValue.objects.filter(indicator_id__in=ids)
    }
    locks = set(
        PeriodLock.objects.filter(province_id__in={i.province_id for i in indicators}).values_list(
            "province_id", "fiscal_year", "period"
        )
    )
    owed = []
    for indicator in indicators:
        for fy in sorted(set(years.get(indicator.province_id, [])) | {current}):
            if fy > current or (fy != current and (indicator.pk, fy) not in targeted):
                continue
            for period in PERIODS[indicator.frequency]:
                due = period_bounds(fy, period)[1]
                value = values.get((indicator.pk, fy, period))
                closed = {(indicator.province_id, fy, period), (indicator.province_id, fy, "Y")}
                if due >= today or closed & locks:
                    continue
                if value is None or value.status == ReviewStatus.DRAFT:
                    owed.append(OwedValue(indicator, fy, period, due, value))
    return sorted(owed, key=lambda o: o.due)


def owed_reports(actor: Actor, today: dt.date) -> QuerySet[Activity]:
    """Key activities of the person's units, or run by their organisation, that have ended
    with no report."""
    scope = scope_for(actor)
    return (
        activities_reportable_by(actor)
        .filter(
            own_units_q(scope, "plan__") | Q(responsible_id__in=scope.reported_organisations),
            end__lt=today,
        )
        .exclude(status=ActivityStatus.CANCELLED)
        .exclude(pk__in=ActivityReport.objects.values("activity_id"))
        .select_related("plan__network", "plan__organisation", "plan__province")
        .order_by("end", "pk")
    )


def own_plans(actor: Actor) -> QuerySet[Plan]:
    return (
        plans_visible_to(actor, write=True)
        .filter(own_units_q(scope_for(actor)))
        .order_by("fiscal_year", *unit_order())
    )


# --- what came back, and what waits for the person's review -------------------------------------


def returned_values(actor: Actor) -> QuerySet[IndicatorValue]:
    return (
        values_visible_to(actor, write=True)
        .filter(own_units_q(scope_for(actor), "indicator__"), status=ReviewStatus.RETURNED)
        .select_related("indicator__network", "indicator__organisation")
        .order_by("-reviewed_at", "-pk")
    )


def returned_plans(actor: Actor) -> QuerySet[Plan]:
    """Returned plans, each with its returns newest first (`plan.returns`) for the comment."""
    returns = PlanEvent.objects.filter(action=PlanEvent.Action.RETURNED).select_related("actor")
    return (
        own_plans(actor)
        .filter(status=ReviewStatus.RETURNED)
        .prefetch_related(
            Prefetch("events", returns.order_by("-created_at", "-pk"), to_attr="returns")
        )
        .order_by("-updated_at", "-pk")
    )


def _waiting(scope: Scope) -> dict[str, Any]:
    """Sent for review in a province the person administers (a national role reviews on the
    province's pages, not from this list)."""
    return {"province_id__in": scope.admin_provinces, "status": ReviewStatus.SUBMITTED}


# --- survey rounds open at the person's schools ----------------------------------------------


def open_survey_places(actor: Actor, today: dt.date) -> list[SurveyPlace]:
    """The open rounds at the schools the person belongs to (not those of a province they
    read: its rounds have pages of their own), with each school's answers so far.

    A school's count is a group like any other of the round's results: it is given only when
    the round's one decision on what may be shown shows it, as on the school's page.
    """
    places = surveys_access.school_places_visible_to(actor).filter(
        round__opens_on__lte=today, round__closes_on__gte=today
    )
    found = []
    for member in places[:SHOWN]:
        seen = round_disclosure(member.round)
        key = ("school", str(member.organisation_id), 0, 0)
        status, count = seen.status(key), seen.counts.get(key, 0)
        found.append(
            SurveyPlace(
                member=member,
                status=str(status),
                answered=count if status == Status.SHOWN else None,
                small=0 < count < minimum_group(),
                minimum=minimum_group(),
                gives_link=surveys_access.can(actor, "surveys.school.link", member),
            )
        )
    return found


# --- the person's units ----------------------------------------------------------------------


def working_year(years: list[int], today: dt.date) -> int | None:
    """The programme year plans are made for now: this fiscal year if it is one, else the
    latest that has begun, else the first to come."""
    current = fiscal_year_of(today)
    if not years:
        return None
    if current in years:
        return current
    begun = [y for y in years if y < current]
    return max(begun) if begun else min(years)


def unit_cards(actor: Actor, today: dt.date, years: dict[str, list[int]]) -> list[UnitCard]:
    scope = scope_for(actor)
    plans: dict[tuple[Any, ...], list[Plan]] = defaultdict(list)
    for plan in own_plans(actor):
        plans[_key(plan)].append(plan)
    units = [
        (Unit(p.province_id), p.name, reverse("organisations:programme", args=[p.province_id]))
        for p in programmes_visible_to(actor).filter(province_id__in=scope.admin_provinces)
    ]
    units += [
        (Unit(n.province_id, network=n), n.name, reverse("organisations:network", args=[n.pk]))
        for n in networks_visible_to(actor).filter(pk__in=scope.coordinated_networks)
    ]
    units += [
        (
            Unit(o.province_id, organisation=o),
            o.name,
            reverse("organisations:organisation", args=[o.pk]),
        )
        for o in organisations_visible_to(actor).filter(pk__in=scope.reported_organisations)
    ]
    return [
        _card(actor, unit, name, url, plans[_key(unit)], years, today) for unit, name, url in units
    ]


def _key(unit: Any) -> tuple[Any, ...]:
    return (unit.province_id, unit.network_id, unit.organisation_id)


def _card(
    actor: Actor,
    unit: Unit,
    name: str,
    url: str,
    plans: list[Plan],
    years: dict[str, list[int]],
    today: dt.date,
) -> UnitCard:
    level = "organisation" if unit.organisation else "network" if unit.network else "province"
    card = UnitCard(level, name, url, plans)
    year = working_year(years.get(unit.province_id, []), today)
    if year is None:
        return card
    card.year = year
    card.year_url = reverse("plans:year", args=[unit.province_id, year])
    if any(p.fiscal_year == year for p in plans):
        return card
    if plans_access.can(actor, "plans.write", unit):
        query = (
            f"?organisation={unit.organisation_id}"
            if unit.organisation
            else f"?network={unit.network_id}"
            if unit.network
            else ""
        )
        card.start_url = reverse("plans:plan-create", args=[unit.province_id, year]) + query
    return card


def provinces_of(actor: Actor) -> list[dict[str, Any]]:
    """The person's programmes, each with the pages they may open there.

    National staff see every programme by name only: their list grows with the country.
    """
    member = scope_for(actor).member_provinces
    return [
        {
            "programme": programme,
            "links": links_for("programme", actor, programme.province_id)
            if programme.province_id in member
            else [],
        }
        for programme in programmes_visible_to(actor)
    ]
