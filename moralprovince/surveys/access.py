"""Who sees and runs survey rounds: the province's readers see them; its admins and its
academic partners (evaluators) run them and import responses; national staff see all and
manage the instruments. A school (its reporters and readers) sees only its own place in a
round: its results, and (its reporters) its answer link and QR code; nothing of another
school. Students answer through their school's link while the round is open, without an
account, once per browser unless the school's reporter or the round's managers say that
several pupils share a device.

Answers enter a round through three doors, and each refuses them outside the round's dates:
the web form and the API (`services.submit_web_response`, `services.submit_responses`); a file
import, the managers' door, refuses a round that has not opened and takes a closed round's
answers (paper forms typed in later, devices that synced late) only as a correction its
manager confirms, recorded as such in the audit log.

`RULES` is the one table of what an actor may do; the `*_visible_to` and `get_*` helpers
are the one place that says what an actor may see. Pages, the API and the services all ask
here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.lib.lookup import MAX_ID, get_or_404
from moralprovince.surveys.models import (
    Instrument,
    InstrumentVersion,
    ResponseImport,
    RoundSchool,
    SurveyRound,
)


def _runs(scope: Scope, province_id: str) -> bool:
    return (
        scope.national
        or province_id in scope.admin_provinces
        or province_id in scope.evaluator_provinces
    )


def _school_reporter_or_runner(scope: Scope, member: RoundSchool) -> bool:
    return member.organisation_id in scope.reported_organisations or _runs(
        scope, member.round.province_id
    )


RULES: Rules = {
    # Instruments are shared by every province: only national staff add versions.
    "surveys.instrument.manage": lambda scope, _obj: scope.national,
    # Comparing provinces shows every province's figures.
    "surveys.province.compare": lambda scope, _obj: scope.national,
    "surveys.round.view": lambda scope, survey_round: scope.can_read_province(
        survey_round.province_id
    ),
    # Running a round: its answer links, imports, submitted responses and the response file.
    "surveys.round.run": lambda scope, survey_round: _runs(scope, survey_round.province_id),
    "surveys.round.create": lambda scope, province_id: _runs(scope, province_id),
    # Removing a round: its managers, and only while it has no responses (the service checks).
    "surveys.round.delete": lambda scope, survey_round: _runs(scope, survey_round.province_id),
    # Anyone holding a school's link answers, and only while the round is open.
    "surveys.round.answer": lambda _scope, member: member.round.is_open(),
    # "Several pupils share this device", and the bursts of answers through the school's link:
    # the school's reporters, who run the survey in the school, and the round's managers.
    "surveys.school.devices": _school_reporter_or_runner,
    # A school's own page of a round: its results, as the round's readers see them.
    "surveys.school.view": lambda scope, member: (
        scope.can_read_province(member.round.province_id)
        or member.organisation_id in scope.read_organisations
    ),
    # The school's own people, who are told why its results are not shown yet.
    "surveys.school.own": lambda scope, member: member.organisation_id in scope.read_organisations,
    # A school's answer link and QR code: the round's readers (the round's page lists every
    # school's) and the school's reporters, who hand it to their students.
    "surveys.school.link": lambda scope, member: (
        scope.can_read_province(member.round.province_id)
        or member.organisation_id in scope.reported_organisations
    ),
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def rounds_visible_to(actor: Actor) -> QuerySet[SurveyRound]:
    scope = scope_for(actor)
    rounds = SurveyRound.objects.select_related("province", "version__instrument")
    if scope.national:
        return rounds
    return rounds.filter(province_id__in=scope.read_provinces)


def rounds_runnable_by(actor: Actor) -> QuerySet[SurveyRound]:
    scope = scope_for(actor)
    if scope.national:
        return rounds_visible_to(actor)
    provinces = scope.admin_provinces | scope.evaluator_provinces
    return rounds_visible_to(actor).filter(province_id__in=provinces)


def provinces_runnable_by(actor: Actor) -> set[str] | None:
    """Provinces where the actor may start rounds; None means every province."""
    scope = scope_for(actor)
    if scope.national:
        return None
    return set(scope.admin_provinces | scope.evaluator_provinces)


def get_round(actor: Actor, pk: Any, run: bool = False) -> SurveyRound:
    return get_or_404(rounds_runnable_by(actor) if run else rounds_visible_to(actor), pk)


def get_import(actor: Actor, pk: Any) -> ResponseImport:
    imports = ResponseImport.objects.filter(round__in=rounds_runnable_by(actor))
    return get_or_404(imports.select_related("round__province", "round__version"), pk)


def instruments_visible_to(actor: Actor) -> QuerySet[Instrument]:
    """Instruments are shared reference data: every signed-in person reads them."""
    if not actor.is_authenticated:
        return Instrument.objects.none()
    return Instrument.objects.all()


def get_instrument(actor: Actor, pk: Any) -> Instrument:
    return get_or_404(instruments_visible_to(actor), pk)


def get_version(actor: Actor, instrument_id: Any, number: int) -> InstrumentVersion:
    instrument = _row_id(instrument_id)
    version = (
        InstrumentVersion.objects.filter(
            instrument__in=instruments_visible_to(actor), instrument_id=instrument, number=number
        )
        .select_related("instrument")
        .first()
        if instrument is not None
        else None
    )
    if version is None:
        raise Http404
    return version


def school_places_visible_to(actor: Actor) -> QuerySet[RoundSchool]:
    """The places in rounds of the schools the actor reads as a school (not as a province)."""
    scope = scope_for(actor)
    return (
        RoundSchool.objects.filter(organisation_id__in=scope.read_organisations)
        .select_related("round__province", "round__version__instrument", "organisation")
        .order_by("-round__fiscal_year", "-round__opens_on", "organisation__sort_key")
    )


def get_school_place(actor: Actor, round_id: Any, school_id: Any) -> RoundSchool:
    """A school's place in a round, if the actor may see it; otherwise a 404."""
    round_pk, school_pk = _row_id(round_id), _row_id(school_id)
    member = None
    if round_pk is not None and school_pk is not None:
        member = (
            RoundSchool.objects.select_related(
                "round__province", "round__version__instrument", "organisation"
            )
            .filter(round_id=round_pk, organisation_id=school_pk)
            .first()
        )
    if member is None or not can(actor, "surveys.school.view", member):
        raise Http404
    return member


def _row_id(value: Any) -> int | None:
    """A row id from a URL or a form; None if it is not one (a database integer is 64-bit:
    a larger number is no row, not an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def get_round_school(token: str) -> RoundSchool:
    """A school's place in a round, found by the token of its answer link."""
    members = RoundSchool.objects.select_related("round__version", "organisation")
    member = members.filter(token=token).first()
    if member is None:
        raise Http404
    return member
