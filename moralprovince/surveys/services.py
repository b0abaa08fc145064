"""Writes of the survey: instrument versions, scoring changes and rounds, each audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action
from moralprovince.surveys.models import (
    MAX_BANDS,
    Choice,
    Domain,
    GradeBand,
    Instrument,
    InstrumentVersion,
    Item,
    ResponseImport,
    RoundSchool,
    ScoringRule,
    SurveyRound,
)


@dataclass
class InstrumentData:
    """An instrument version as plain data, as read from a workbook or written in code."""

    code: str
    name_th: str
    name_en: str
    note: str
    scale: tuple[int, int]
    rule: str
    domains: list[tuple[str, str, str]]  # code, Thai, English
    items: list[tuple[str, str, str, str, bool]]  # code, domain, Thai, English, reverse
    choices: list[tuple[int, str, str]]  # value, Thai, English
    bands: list[tuple[str, str, str, Decimal, bool]]  # code, Thai, English, min %, includes


def check_data(data: InstrumentData) -> None:
    """Refuse an instrument that cannot be scored, saying what is wrong."""
    errors: list[str] = []
    low, high = data.scale
    if not (0 <= low < high <= 9):
        errors.append(_("The answer values must be whole numbers from 0 to 9, lowest first."))
    if data.rule not in ScoringRule.values:
        errors.append(_("The scoring rule must be “raw” or “rescaled”."))
    domain_codes = [d[0] for d in data.domains]
    if not domain_codes or len(set(domain_codes)) != len(domain_codes):
        errors.append(_("Each power (domain) needs its own code."))
    item_codes = [i[0] for i in data.items]
    if len(set(item_codes)) != len(item_codes):
        errors.append(_("Each question needs its own name (code)."))
    for code, domain, text_th, _en, _rev in data.items:
        if domain not in domain_codes:
            errors.append(_("Question %(code)s is in no power (domain).") % {"code": code})
        if not text_th:
            errors.append(_("Question %(code)s has no Thai text.") % {"code": code})
    for domain in domain_codes:
        if not any(i[1] == domain for i in data.items):
            errors.append(_("The power %(code)s has no questions.") % {"code": domain})
    if sorted(c[0] for c in data.choices) != list(range(low, high + 1)):
        errors.append(
            _("The answer choices must be the values %(low)s to %(high)s, once each.")
            % {"low": low, "high": high}
        )
    _check_bands(data.bands, errors)
    if errors:
        raise ValidationError(errors)


def _check_bands(bands: list[Any], errors: list[str]) -> None:
    if not 2 <= len(bands) <= MAX_BANDS:
        errors.append(_("Give between 2 and %(max)s grade bands.") % {"max": MAX_BANDS})
        return
    limits = [b[3] for b in bands]
    if limits != sorted(limits, reverse=True) or len(set(limits)) != len(limits):
        errors.append(_("Grade bands go from the best to the lowest, each with a lower limit."))
    if limits[-1] != 0 or not bands[-1][4]:
        errors.append(_("The last grade band must start at 0 % and include it."))


@transaction.atomic
def create_version(data: InstrumentData, *, actor: Actor, audit: bool = True) -> InstrumentVersion:
    """Save a new version of the instrument (creating the instrument the first time).

    Reference data loaded at installation is not a person's action and is not audited."""
    check_data(data)
    instrument, _created = Instrument.objects.get_or_create(
        code=data.code, defaults={"name_th": data.name_th, "name_en": data.name_en}
    )
    last = instrument.latest()
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=(last.number + 1) if last else 1,
        scale_min=data.scale[0],
        scale_max=data.scale[1],
        scoring_rule=data.rule,
        note=data.note,
        created_by=person(actor),
    )
    domains = {
        code: Domain.objects.create(version=version, code=code, name_th=th, name_en=en, order=i)
        for i, (code, th, en) in enumerate(data.domains)
    }
    Item.objects.bulk_create(
        Item(version=version, domain=domains[d], code=c, text_th=th, text_en=en, reverse=r, order=i)
        for i, (c, d, th, en, r) in enumerate(data.items)
    )
    Choice.objects.bulk_create(
        Choice(version=version, value=v, label_th=th, label_en=en) for v, th, en in data.choices
    )
    GradeBand.objects.bulk_create(
        GradeBand(
            version=version,
            code=c,
            label_th=th,
            label_en=en,
            min_percent=m,
            includes_min=inc,
            order=i,
        )
        for i, (c, th, en, m, inc) in enumerate(data.bands)
    )
    if not audit:
        return version
    log_action(
        actor=actor,
        action="surveys.version.created",
        obj=version,
        province_id=None,
        after={"instrument": data.code, "number": version.number, "rule": data.rule},
    )
    return version


def data_of(version: InstrumentVersion) -> InstrumentData:
    """The version as plain data: the start of a new version."""
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


def change_scoring(
    version: InstrumentVersion, *, rule: str, bands: list[Any], note: str, actor: Actor
) -> InstrumentVersion:
    """A change of scoring is a new version: results scored before keep their version."""
    data = data_of(version)
    data.rule, data.bands, data.note = rule, bands, note
    return create_version(data, actor=actor)


@transaction.atomic
def create_round(
    *,
    actor: Actor,
    province: Any,
    version: InstrumentVersion,
    fiscal_year: int,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    schools: list[Any],
) -> SurveyRound:
    if opens_on > closes_on:
        raise ValidationError(
            {"closes_on": _("The round must close on or after the day it opens.")}
        )
    others = [s for s in schools if s.province_id != province.pk]
    if others:
        raise ValidationError({"schools": _("Every school must be in the round's province.")})
    survey_round = SurveyRound.objects.create(
        province=province,
        version=version,
        fiscal_year=fiscal_year,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=person(actor),
    )
    add_schools(survey_round, schools)
    log_action(
        actor=actor,
        action="surveys.round.created",
        obj=survey_round,
        province_id=province.pk,
        after={"name": name, "version": str(version), "schools": len(schools)},
    )
    return survey_round


def add_schools(survey_round: SurveyRound, schools: list[Any]) -> None:
    present = set(survey_round.round_schools.values_list("organisation_id", flat=True))
    RoundSchool.objects.bulk_create(
        RoundSchool(round=survey_round, organisation=s) for s in schools if s.pk not in present
    )


@transaction.atomic
def set_import_mapping(*, actor: Actor, record: ResponseImport, mapping: dict[str, str]) -> None:
    """Match the file's columns to the instrument's fields; the file must be checked again."""
    before = {"mapping": record.mapping}
    record.mapping = mapping
    record.status = ResponseImport.Status.UPLOADED
    record.problems, record.problem_counts = [], {}
    record.save()
    log_action(
        actor=actor,
        action="surveys.import.mapped",
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after={"mapping": mapping},
    )


def response_problems(
    row: dict[str, Any], codes: list[str], schools: set[int], spec: Any
) -> list[str]:
    """What is wrong with one submitted response (school, missing and out-of-scale answers)."""
    problems = []
    if row["school"] not in schools:
        problems.append(_("The school is not in this round."))
    missing = [c for c in codes if c not in row["answers"]]
    if missing:
        problems.append(_("No answer to %(codes)s.") % {"codes": ", ".join(missing)})
    wrong = [
        c
        for c, v in row["answers"].items()
        if c in codes and not spec.scale_min <= v <= spec.scale_max
    ]
    if wrong:
        problems.append(_("Answers outside the scale: %(codes)s.") % {"codes": ", ".join(wrong)})
    return problems


@transaction.atomic
def submit_responses(*, actor: Actor, survey_round: SurveyRound, rows: list[dict[str, Any]]) -> int:
    """Store responses sent by an app, all or none; return how many were new.

    Each submission id is stored once, so an app that sends the same batch again adds nothing.
    """
    from moralprovince.surveys.ingest import store_web_response
    from moralprovince.surveys.spec import spec_for

    codes = list(survey_round.version.items.order_by("order").values_list("code", flat=True))
    schools = set(survey_round.round_schools.values_list("organisation_id", flat=True))
    spec = spec_for(survey_round.version)
    errors = {
        str(i): found
        for i, row in enumerate(rows)
        if (found := response_problems(row, codes, schools, spec))
    }
    if errors:
        raise ValidationError(errors)
    added = 0
    for row in rows:
        profile = {"grade": row["grade"], "sex": row["sex"], "age": row.get("age")}
        answers = [row["answers"][c] for c in codes]
        nonce = f"api:{row['submission_id']}"
        added += store_web_response(survey_round, row["school"], nonce, profile, answers)
    log_action(
        actor=actor,
        action="surveys.responses.submitted",
        obj=survey_round,
        province_id=survey_round.province_id,
        after={"added": added, "already_present": len(rows) - added},
    )
    return added
