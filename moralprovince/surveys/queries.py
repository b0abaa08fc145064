"""Reads for the survey's pages and API: lists, results, trend, the national comparison.

Results come from the result cells (`results`), marked with what the round's one decision
(`disclosure`, through `results.round_disclosure`) lets be shown; nothing here reads the
responses themselves. Access is decided before:
these functions are given rows the actor may see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor
from moralprovince.geo.models import District, Province
from moralprovince.lib.charts import bar_chart
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import access, disclosure, results, store
from moralprovince.surveys.columns import (
    dropped_text,
    identifying_columns,
    mapping_problems,
    target_choices,
    target_label,
)
from moralprovince.surveys.disclosure import Disclosure
from moralprovince.surveys.exports import grade_label
from moralprovince.surveys.ingest import PROBLEM_LIMIT
from moralprovince.surveys.models import (
    BURST_MINUTES,
    Instrument,
    InstrumentVersion,
    LinkSubmission,
    ResponseImport,
    ResultCell,
    RoundSchool,
    Sex,
    SurveyRound,
)
from moralprovince.surveys.problems import by_column as problems_by_column
from moralprovince.surveys.problems import summary as problem_summary
from moralprovince.surveys.spec import InstrumentData, Spec, spec_for

# --- lists and instruments --------------------------------------------------------------------


def index_context(actor: Actor) -> dict[str, Any]:
    rounds = access.rounds_visible_to(actor).annotate(schools_count=Count("round_schools"))
    return {
        "rounds": rounds,
        "school_places": access.school_places_visible_to(actor),
        "instruments": access.instruments_visible_to(actor),
        "can_start": access.provinces_runnable_by(actor) != set(),
        "can_manage_instruments": access.can(actor, "surveys.instrument.manage"),
        "can_compare": access.can(actor, "surveys.province.compare"),
    }


def instrument_context(instrument: Instrument, number: str | None) -> dict[str, Any]:
    """An instrument with its versions; the chosen version (the latest if none) in full."""
    versions = list(instrument.versions.order_by("-number"))
    chosen = next((v for v in versions if str(v.number) == number), versions[0])
    return {
        "instrument": instrument,
        "versions": versions,
        "version": chosen,
        "domains": chosen.domains.prefetch_related("items"),
    }


def version_data(version: InstrumentVersion) -> InstrumentData:
    """The version as plain data: for its workbook, the API, and the start of a new version."""
    instrument = version.instrument
    return InstrumentData(
        code=instrument.code,
        name_th=instrument.name_th,
        name_en=instrument.name_en,
        note=version.note,
        scale=(version.scale_min, version.scale_max),
        rule=version.scoring_rule,
        domains=[(d.code, d.name_th, d.name_en) for d in version.domains.order_by("order")],
        items=[
            (i.code, i.domain.code, i.text_th, i.text_en, i.reverse)
            for i in version.items.select_related("domain").order_by("order")
        ],
        choices=[(c.value, c.label_th, c.label_en) for c in version.choices.order_by("value")],
        bands=[
            (b.code, b.label_th, b.label_en, b.min_percent, b.includes_min)
            for b in version.bands.order_by("order")
        ],
    )


def runnable_provinces(actor: Actor) -> QuerySet[Province]:
    """Provinces with a programme where the actor may start a round."""
    allowed = access.provinces_runnable_by(actor)
    provinces = Province.objects.filter(programme__isnull=False)
    return provinces if allowed is None else provinces.filter(pk__in=allowed)


def province_schools(province: Province) -> list[Organisation]:
    return list(Organisation.objects.filter(province=province, kind__code="school"))


# --- a round ----------------------------------------------------------------------------------


def round_schools(survey_round: SurveyRound) -> QuerySet[RoundSchool]:
    return survey_round.round_schools.select_related("organisation").order_by(
        "organisation__name_th"
    )


def school_choices(survey_round: SurveyRound) -> QuerySet[Organisation]:
    """The round's schools, to choose the school of a whole file."""
    return Organisation.objects.filter(pk__in=survey_round.round_schools.values("organisation_id"))


def recent_imports(survey_round: SurveyRound) -> list[ResponseImport]:
    return list(survey_round.imports.all()[:20])


def shown_columns(record: ResponseImport) -> list[str]:
    """The import's columns that may be shown and matched.

    A file kept before identifying columns were dropped (not a Parquet copy) still holds
    them: they are hidden all the same.
    """
    if not record.file or record.file.name.endswith(".parquet"):
        return list(record.columns)
    hidden = identifying_columns(record.columns, record.mapping)
    return [c for c in record.columns if c not in hidden]


def import_context(record: ResponseImport) -> dict[str, Any]:
    spec = spec_for(record.round.version)
    mapping = record.mapping
    columns = shown_columns(record)
    survey_round = record.round
    return {
        "record": record,
        "round": survey_round,
        "columns": [(c, mapping.get(c, ""), target_label(mapping.get(c, ""))) for c in columns],
        "dropped": dropped_text(record.dropped_columns) if record.dropped_columns else "",
        "kept": bool(record.file),
        "closed": survey_round.has_closed(),
        "not_open": not survey_round.has_opened(),
        "choices": target_choices(spec),
        "mapping_problems": mapping_problems(mapping, spec, record.school_id is not None),
        # Only column names and how many rows have each problem: never a row's values (a
        # child's school, grade, sex or age), which the people running the round do not need.
        "problems": problems_by_column(record.problems),
        "problems_capped": len(record.problems) >= PROBLEM_LIMIT,
        "problem_limit": PROBLEM_LIMIT,
        "counts": [problem_summary(code, count) for code, count in record.problem_counts.items()],
        "invalid_rows": record.rows - record.valid_rows,
        "encoding": encoding_label(record.encoding),
    }


def encoding_label(encoding: str) -> str:
    """A file's text encoding as people know it."""
    if encoding == "cp874":
        return _("Thai Windows (TIS-620)")
    return _("UTF-8 with a byte-order mark") if encoding == "utf-8-sig" else "UTF-8"


def round_context(survey_round: SurveyRound, run: bool) -> dict[str, Any]:
    """What the round's page says about deleting it and about its links' bursts."""
    has_responses = store.round_has_responses(survey_round.pk)
    return {
        "has_responses": has_responses,
        "bursts": bursts(survey_round) if run else [],
        "burst_threshold": burst_threshold(),
        "burst_minutes": BURST_MINUTES,
        "link_limit": link_limit(),
        "link_minutes": max(1, link_limit()[1] // 60),
    }


def link_limit() -> tuple[int, int]:
    """How many forms one school's link takes in how many seconds (a sliding window)."""
    return (
        int(getattr(settings, "SURVEY_LINK_LIMIT", 30)),
        int(getattr(settings, "SURVEY_LINK_WINDOW_SECONDS", 300)),
    )


def burst_threshold() -> int:
    """More forms than this through one link in one 10-minute slot are shown as a burst."""
    return int(getattr(settings, "SURVEY_BURST_THRESHOLD", 25))


def bursts(survey_round: SurveyRound, member: RoundSchool | None = None) -> list[dict[str, Any]]:
    """The 10-minute slots in which a school's link took more forms than the threshold,
    newest first (at most 100)."""
    rows = LinkSubmission.objects.filter(member__round=survey_round)
    if member is not None:
        rows = rows.filter(member=member)
    found = list(
        rows.values("member", "slot")
        .annotate(n=Count("id"))
        .filter(n__gt=burst_threshold())
        .order_by("-slot", "member")[:100]
    )
    names = {
        rs.pk: rs.organisation
        for rs in RoundSchool.objects.filter(pk__in={f["member"] for f in found}).select_related(
            "organisation"
        )
    }
    width = dt.timedelta(minutes=BURST_MINUTES)
    return [
        {
            "school": names[f["member"]],
            "start": (start := _slot_start(f["slot"])),
            "end": start + width,
            "count": f["n"],
        }
        for f in found
    ]


def _slot_start(slot: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(slot * BURST_MINUTES * 60, tz=dt.UTC).astimezone(
        timezone.get_current_timezone()
    )


def import_targets(record: ResponseImport) -> set[str]:
    """What a column of this import may be matched to."""
    return {value for value, _label in target_choices(spec_for(record.round.version))}


# --- results ----------------------------------------------------------------------------------


def results_context(
    survey_round: SurveyRound, page: Any = None, per_page: int = 50
) -> dict[str, Any]:
    spec = spec_for(survey_round.version)
    seen = results.round_disclosure(survey_round)
    ids = [survey_round.pk]
    province = results.figures(spec, ids, "province", [survey_round.province_id])
    overall = list(province.values())
    disclosure.apply(overall, seen)
    by_sex, by_grade = breakdowns(
        spec, survey_round, "province", survey_round.province_id, overall[0] if overall else None
    )
    disclosure.apply([*by_sex, *by_grade], seen)
    cover_breakdowns(by_sex, by_grade, overall[0] if overall else None)
    for figure in overall:
        figure.label = survey_round.province.name_th
    paged = Paginator(round_schools(survey_round), per_page).get_page(page)
    names = domain_names(survey_round.version)
    first = overall[0] if overall else None
    return {
        "round": survey_round,
        "spec": spec,
        "domain_names": names,
        "colspan": len(names) + len(spec.bands) + 1,
        "overall": first,
        "overall_rows": overall,
        "chart_data": chart_data(names, first),
        "chart_svg": chart_svg(names, first),
        "trend_rows": trend_rows(survey_round, spec),
        "by_sex": by_sex,
        "by_grade": by_grade,
        "districts": district_figures(spec, survey_round, seen),
        "schools": school_figures(spec, survey_round, list(paged), seen),
        "page": paged,
        "minimum": results.minimum_group(),
    }


def district_figures(
    spec: Spec, survey_round: SurveyRound, seen: Disclosure
) -> list[results.Figure]:
    districts = results.figures(spec, [survey_round.pk], "district")
    names = dict(District.objects.filter(pk__in=districts).values_list("code", "name_th"))
    for figure in districts.values():
        figure.label = names.get(figure.key, figure.key)
    rows = sorted(districts.values(), key=lambda f: f.label)
    disclosure.apply(rows, seen)
    return rows


def school_figures(
    spec: Spec, survey_round: SurveyRound, members: list[RoundSchool], seen: Disclosure
) -> list[results.Figure]:
    """The figures of these schools of the round, in their order."""
    units = [str(rs.organisation_id) for rs in members]
    found = results.figures(spec, [survey_round.pk], "school", units)
    rows = []
    for rs in members:
        unit = str(rs.organisation_id)
        figure = found.get(unit) or results.empty_figure("school", unit)
        figure.label = rs.organisation.name
        rows.append(figure)
    disclosure.apply(rows, seen)
    return rows


def school_context(survey_round: SurveyRound, member: RoundSchool) -> dict[str, Any]:
    """A school's results in a round, as the round's one decision allows."""
    spec = spec_for(survey_round.version)
    seen = results.round_disclosure(survey_round)
    unit = str(member.organisation_id)
    found = results.figures(spec, [survey_round.pk], "school", [unit])
    overall = [found.get(unit) or results.empty_figure("school", unit)]
    by_sex, by_grade = breakdowns(spec, survey_round, "school", unit, overall[0])
    disclosure.apply([*overall, *by_sex, *by_grade], seen)
    cover_breakdowns(by_sex, by_grade, overall[0])
    overall[0].label = member.organisation.name
    names = domain_names(survey_round.version)
    return {
        "round": survey_round,
        "member": member,
        "school": member.organisation,
        "spec": spec,
        "domain_names": names,
        "colspan": len(names) + len(spec.bands) + 1,
        "total": overall[0],
        "small": 0 < overall[0].n < results.minimum_group(),
        "overall_rows": overall,
        "by_sex": by_sex,
        "by_grade": by_grade,
        "minimum": results.minimum_group(),
    }


def breakdowns(
    spec: Spec, survey_round: SurveyRound, level: str, unit: str, parent: results.Figure | None
) -> tuple[list[results.Figure], list[results.Figure]]:
    """A unit's figures by sex and by grade, named: every sex, and every grade of the round,
    a category with nobody in it included (leaving it out would say it is empty)."""
    ids = [survey_round.pk]
    by_sex = results.breakdown(
        results.figures(spec, ids, level, [unit], "sex"),
        level,
        unit,
        "sex",
        results.sex_categories(),
    )
    by_grade = results.breakdown(
        results.figures(spec, ids, level, [unit], "grade"),
        level,
        unit,
        "grade",
        results.round_grades(survey_round),
    )
    label_groups(by_sex, by_grade)
    return by_sex, by_grade


def cover_breakdowns(
    by_sex: list[results.Figure], by_grade: list[results.Figure], parent: results.Figure | None
) -> None:
    """After the round's decision is applied: empty categories beside hidden ones look hidden."""
    results.cover_empty(by_sex, parent)
    results.cover_empty(by_grade, parent)


def label_groups(by_sex: list[results.Figure], by_grade: list[results.Figure]) -> None:
    """Name the sex and grade groups (their keys are (unit, sex) and (unit, grade))."""
    for figure in by_sex:
        figure.label = str(Sex(figure.key[1]).label)
    for figure in by_grade:
        figure.label = grade_label(figure.key[1])


def chart_data(names: list[str], figure: results.Figure | None) -> dict[str, Any]:
    if figure is None or figure.suppressed:
        return {"labels": [], "values": []}
    return {
        "labels": names,
        "values": [round(s.percent, 1) for s in figure.scores],
        "label": _("Percent of the maximum"),
    }


def chart_svg(names: list[str], figure: results.Figure | None) -> str:
    data = chart_data(names, figure)
    if not data["values"]:
        return ""
    return bar_chart(data["labels"], [(data["label"], data["values"])])


def domain_names(version: InstrumentVersion) -> list[str]:
    return [_("Total"), *[d.name for d in version.domains.order_by("order")]]


def trend(
    survey_round: SurveyRound, spec: Spec | None = None
) -> list[tuple[SurveyRound, results.Figure]]:
    """The province's rounds of the same instrument, oldest first, each with its total.

    The cells of all the rounds are read in one query; a spec is read once per version.
    """
    rounds = list(
        SurveyRound.objects.filter(
            province_id=survey_round.province_id,
            version__instrument_id=survey_round.version.instrument_id,
        ).order_by("fiscal_year", "opens_on")
    )
    by_version = {survey_round.version_id: spec or spec_for(survey_round.version)}
    for other in rounds:
        if other.version_id not in by_version:
            by_version[other.version_id] = spec_for(other.version)
    specs = {other.pk: by_version[other.version_id] for other in rounds}
    found = results.figures_by_round(specs, "province", survey_round.province_id)
    # Rounds are not parts of one another: each total is hidden only when it is small.
    seen = disclosure.decide({f.cell: f.n for f in found.values()}, {}, results.minimum_group())
    disclosure.apply(found.values(), seen)
    return [(other, found[other.pk]) for other in rounds if other.pk in found]


def trend_rows(survey_round: SurveyRound, spec: Spec) -> list[results.Figure]:
    rows = []
    for other, figure in trend(survey_round, spec):
        figure.label = f"{other.name} ({other.fiscal_year})"
        rows.append(figure)
    return rows


def public_results(survey_round: SurveyRound) -> dict[str, Any]:
    """A round's results as data for the API, with the same decision as the pages."""
    spec = spec_for(survey_round.version)
    seen = results.round_disclosure(survey_round)
    ids = [survey_round.pk]

    def block(found: dict[Any, results.Figure], key: Any = str) -> dict[str, Any]:
        figures = list(found.values())
        disclosure.apply(figures, seen)
        return {key(f.key): results.public_dict(spec, f) for f in figures}

    schools = results.figures(spec, ids, "school")
    for unit in survey_round.round_schools.values_list("organisation_id", flat=True):
        schools.setdefault(str(unit), results.empty_figure("school", str(unit)))
    province = results.figures(spec, ids, "province")
    total = province.get(survey_round.province_id)
    if total is not None:
        disclosure.apply([total], seen)
    by_sex, by_grade = breakdowns(spec, survey_round, "province", survey_round.province_id, total)
    disclosure.apply([*by_sex, *by_grade], seen)
    cover_breakdowns(by_sex, by_grade, total)
    return {
        "round": survey_round.pk,
        "version": str(survey_round.version),
        "minimum_group": results.minimum_group(),
        "province": block(province),
        "districts": block(results.figures(spec, ids, "district")),
        "schools": block(schools),
        "by_sex": {str(f.key[1]): results.public_dict(spec, f) for f in by_sex},
        "by_grade": {str(f.key[1]): results.public_dict(spec, f) for f in by_grade},
    }


# --- the provinces compared -------------------------------------------------------------------


def national_context(version_id: str | None, year: str | None) -> dict[str, Any]:
    """Every province's figures for one version and fiscal year, and the nation's."""
    versions = (
        InstrumentVersion.objects.filter(rounds__isnull=False)
        .distinct()
        .select_related("instrument")
    )
    years = sorted(set(SurveyRound.objects.values_list("fiscal_year", flat=True)), reverse=True)
    version = versions.filter(pk=_number(version_id)).first() or versions.first()
    chosen_year = _number(year) or (years[0] if years else dt.date.today().year + 543)
    context: dict[str, Any] = {
        "versions": versions,
        "version": version,
        "years": years,
        "year": chosen_year,
        "rows": [],
        "total_rows": [],
        "domain_names": [],
        "colspan": 1,
        "spec": None,
        "minimum": results.minimum_group(),
    }
    if version:
        context.update(_national_figures(version, chosen_year))
    return context


def _national_figures(version: InstrumentVersion, year: int) -> dict[str, Any]:
    spec = spec_for(version)
    rounds = SurveyRound.objects.filter(version=version, fiscal_year=year)
    ids = list(rounds.values_list("pk", flat=True))
    by_province = results.figures(spec, ids, "province")
    province_names = dict(Province.objects.values_list("code", "name_th"))
    for code, figure in by_province.items():
        figure.label = province_names.get(code, code)
        figure.cell = ("province", code, 0, 0)
    total = results.overall(spec, ids)
    if total:
        total.label = _("Thailand")
    seen = results.provinces_disclosure(round_totals(ids))
    rows = sorted(by_province.values(), key=lambda f: f.label)
    disclosure.apply([*rows, *([total] if total else [])], seen)
    names = domain_names(version)
    return {
        "rows": rows,
        "total_rows": [total] if total else [],
        "domain_names": names,
        "colspan": len(names) + len(spec.bands) + 1,
        "spec": spec,
    }


def round_totals(round_ids: list[int]) -> dict[int, tuple[str, int]]:
    """Each round's province and respondents."""
    cells = ResultCell.objects.filter(
        round_id__in=round_ids, level="province", sex=0, grade=0, domain=0
    )
    return {pk: (unit, n) for pk, unit, n in cells.values_list("round_id", "unit", "n")}


def _number(text: str | None) -> int:
    """A whole number from a query string; 0 when it is missing or not a number."""
    try:
        return int(text or 0)
    except ValueError:
        return 0
