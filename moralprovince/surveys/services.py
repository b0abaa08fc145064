"""Every write of the survey: instruments, rounds, imports and responses, each checked
against `surveys.access` and recorded in the audit log.

Views, the API, jobs and commands call these functions only; `ingest` and `store` are the
private helpers they use to store responses and result cells.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NotRequired, Protocol, TypedDict

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.accounts.models import User
from moralprovince.audit.services import log_action, snapshot
from moralprovince.geo.models import Province
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import enqueue
from moralprovince.lib.storage import files_removed_on_rollback
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import access, ingest
from moralprovince.surveys.columns import mapping_problems
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.ingest import ImportRefused, NewResponse, Outcome, Progress
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
from moralprovince.surveys.problems import text as problem_text
from moralprovince.surveys.queries import version_data
from moralprovince.surveys.spec import BandRow, InstrumentData, spec_for
from moralprovince.surveys.validation import profile_problems, read_answers

ROUND_FIELDS = ["province", "version", "fiscal_year", "name", "opens_on", "closes_on"]
OUTCOME_FIELDS = ["status", "rows", "valid_rows", "added", "already_present", "problem_counts"]


@dataclass(frozen=True)
class ScoringChange:
    rule: str
    note: str
    bands: list[BandRow] | None = None  # None keeps the version's bands


@dataclass(frozen=True)
class RoundData:
    province: Province
    version: InstrumentVersion
    fiscal_year: int
    name: str
    opens_on: dt.date
    closes_on: dt.date


class SubmittedResponse(TypedDict):
    """One response sent by an app (KoboCollect or another) through the API."""

    submission_id: str
    school: int
    grade: int
    sex: int
    age: NotRequired[int | None]
    answers: dict[str, Any]


@dataclass(frozen=True)
class WebAnswers:
    """One student's answered web form: the form's random id, profile and answers."""

    nonce: str
    grade: int
    sex: int
    age: int | None
    answers: dict[str, Any]


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


# --- instruments ------------------------------------------------------------------------------


def check_data(data: InstrumentData) -> None:
    """Refuse an instrument that cannot be scored, saying what is wrong."""
    errors: list[str] = []
    low, high = data.scale
    if not (0 <= low < high <= 9):
        errors.append(_("The answer values must be whole numbers from 0 to 9, lowest first."))
    if data.rule not in ScoringRule.values:
        errors.append(_("The scoring rule must be “raw” or “rescaled”."))
    _check_items(data, errors)
    if sorted(c[0] for c in data.choices) != list(range(low, high + 1)):
        errors.append(
            _("The answer choices must be the values %(low)s to %(high)s, once each.")
            % {"low": low, "high": high}
        )
    _check_bands(data.bands, errors)
    if errors:
        raise ValidationError(errors)


def _check_items(data: InstrumentData, errors: list[str]) -> None:
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


def _check_bands(bands: list[BandRow], errors: list[str]) -> None:
    if not 2 <= len(bands) <= MAX_BANDS:
        errors.append(_("Give between 2 and %(max)s grade bands.") % {"max": MAX_BANDS})
        return
    limits = [b[3] for b in bands]
    if limits != sorted(limits, reverse=True) or len(set(limits)) != len(limits):
        errors.append(_("Grade bands go from the best to the lowest, each with a lower limit."))
    if limits[-1] != 0 or not bands[-1][4]:
        errors.append(_("The last grade band must start at 0 % and include it."))


@transaction.atomic
def create_version(data: InstrumentData, *, actor: Actor) -> InstrumentVersion:
    """Save a new version of the instrument (creating the instrument the first time)."""
    access.require(actor, "surveys.instrument.manage")
    check_data(data)
    instrument, created = _instrument(data)
    if created:
        log_action(
            actor=actor,
            action="surveys.instrument.created",
            obj=instrument,
            province_id=None,
            after=snapshot(instrument, ["code", "name_th", "name_en"]),
        )
    version = _write_version(instrument, data, created_by=person(actor))
    log_action(
        actor=actor,
        action="surveys.version.created",
        obj=version,
        province_id=None,
        after={
            "instrument": data.code,
            **snapshot(version, ["number", "scale_min", "scale_max", "scoring_rule", "note"]),
            "items": len(data.items),
            "bands": [b[0] for b in data.bands],
        },
    )
    return version


@transaction.atomic
def create_reference_version(data: InstrumentData) -> InstrumentVersion:
    """Save the reference instrument an installation starts with.

    Like the other apps' reference data, it is loaded at installation, not done by anyone,
    and is not audited.
    """
    check_data(data)
    instrument, _created = _instrument(data)
    return _write_version(instrument, data, created_by=None)


def _instrument(data: InstrumentData) -> tuple[Instrument, bool]:
    return Instrument.objects.get_or_create(
        code=data.code, defaults={"name_th": data.name_th, "name_en": data.name_en}
    )


def _write_version(
    instrument: Instrument, data: InstrumentData, *, created_by: User | None
) -> InstrumentVersion:
    """The version with its powers, questions, choices and bands (covered by its entry)."""
    last = instrument.latest()
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=(last.number + 1) if last else 1,
        scale_min=data.scale[0],
        scale_max=data.scale[1],
        scoring_rule=data.rule,
        note=data.note,
        created_by=created_by,
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
    return version


def update_scoring(
    version: InstrumentVersion, *, actor: Actor, change: ScoringChange
) -> InstrumentVersion:
    """A change of scoring is a new version: results scored before keep their version."""
    data = version_data(version)
    data.rule, data.note = change.rule, change.note
    if change.bands is not None:
        data.bands = change.bands
    return create_version(data, actor=actor)


# --- rounds -----------------------------------------------------------------------------------


@transaction.atomic
def create_round(*, actor: Actor, data: RoundData, schools: list[Organisation]) -> SurveyRound:
    """Open a round of the survey in a province, with its schools and their answer links."""
    access.require(actor, "surveys.round.create", data.province.pk)
    if data.opens_on > data.closes_on:
        raise ValidationError(
            {"closes_on": _("The round must close on or after the day it opens.")}
        )
    _check_schools(data.province, schools)
    survey_round = SurveyRound.objects.create(
        province=data.province,
        version=data.version,
        fiscal_year=data.fiscal_year,
        name=data.name,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        created_by=person(actor),
    )
    added = _add_schools(survey_round, schools)
    log_action(
        actor=actor,
        action="surveys.round.created",
        obj=survey_round,
        province_id=data.province.pk,
        after={**snapshot(survey_round, ROUND_FIELDS), "schools": added},
    )
    return survey_round


@transaction.atomic
def add_round_schools(
    *, actor: Actor, survey_round: SurveyRound, schools: list[Organisation]
) -> None:
    """Add schools to a round, each with its own answer link."""
    access.require(actor, "surveys.round.run", survey_round)
    _check_schools(survey_round.province, schools)
    before = sorted(survey_round.round_schools.values_list("organisation_id", flat=True))
    added = _add_schools(survey_round, schools)
    if not added:
        return
    log_action(
        actor=actor,
        action="surveys.round.schools_added",
        obj=survey_round,
        province_id=survey_round.province_id,
        before={"schools": before},
        after={"schools": sorted(before + added)},
    )


def _check_schools(province: Province, schools: list[Organisation]) -> None:
    if any(s.province_id != province.pk for s in schools):
        raise ValidationError({"schools": _("Every school must be in the round's province.")})


def _add_schools(survey_round: SurveyRound, schools: list[Organisation]) -> list[int]:
    """Add the schools not yet in the round; return their ids."""
    present = set(survey_round.round_schools.values_list("organisation_id", flat=True))
    new = [s for s in schools if s.pk not in present]
    RoundSchool.objects.bulk_create(RoundSchool(round=survey_round, organisation=s) for s in new)
    return [s.pk for s in new]


# --- files of responses -----------------------------------------------------------------------


def create_import(
    *,
    actor: Actor,
    survey_round: SurveyRound,
    upload: Readable,
    name: str,
    school: Organisation | None = None,
) -> ResponseImport:
    """Keep an uploaded file of responses, read its header and match its columns.

    Raises FileRefused (nothing kept) when the file cannot be read as a table.
    """
    access.require(actor, "surveys.round.run", survey_round)
    with tempfile.TemporaryDirectory() as folder:
        read = ingest.read_upload(upload, Path(folder))
        record = ResponseImport(
            round=survey_round,
            original_name=name[:255],
            sha256=read.sha256,
            kind=read.table.kind,
            encoding=read.table.encoding,
            columns=read.table.columns,
            mapping=ingest.first_mapping(survey_round.version, read.table.columns),
            school=school,
            notices=read.table.notices,
            created_by=person(actor),
        )
        with files_removed_on_rollback() as stored, read.path.open("rb") as handle:
            stored.store(record.file, File(handle), f"{read.sha256[:16]}.{read.table.kind}")
            record.save()
            log_action(
                actor=actor,
                action="surveys.import.created",
                obj=record,
                province_id=survey_round.province_id,
                after=snapshot(record, ["original_name", "sha256", "kind", "school", "file"]),
            )
    return record


@transaction.atomic
def update_import_mapping(*, actor: Actor, record: ResponseImport, mapping: dict[str, str]) -> None:
    """Match the file's columns to the instrument's fields; the file must be checked again."""
    access.require(actor, "surveys.round.run", record.round)
    before = {"mapping": record.mapping, "status": record.status}
    record.mapping = {column: mapping.get(column, "") for column in record.columns}
    record.status = ResponseImport.Status.UPLOADED
    record.problems, record.problem_counts = [], {}
    record.save()
    log_action(
        actor=actor,
        action="surveys.import.mapped",
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after={"mapping": record.mapping, "status": record.status},
    )


def start_import_check(*, actor: Actor, record: ResponseImport) -> Job:
    """Queue the check of the whole file; its outcome is kept on the import."""
    _require_importable(actor, record)
    return enqueue(
        actor=actor,
        kind="surveys.check",
        province=record.round.province,
        params={"import_id": record.pk, "back": reverse("surveys:import", args=[record.pk])},
    )


def start_import(*, actor: Actor, record: ResponseImport, only_valid: bool) -> Job:
    """Queue the import of the file (of its valid rows only, if asked)."""
    _require_importable(actor, record)
    return enqueue(
        actor=actor,
        kind="surveys.import",
        province=record.round.province,
        params={
            "import_id": record.pk,
            "only_valid": only_valid,
            "back": reverse("surveys:import", args=[record.pk]),
        },
    )


def _require_importable(actor: Actor, record: ResponseImport) -> None:
    access.require(actor, "surveys.round.run", record.round)
    if record.status == ResponseImport.Status.IMPORTED:
        raise ValidationError(_("This file has already been imported."))
    spec = spec_for(record.round.version)
    if mapping_problems(record.mapping, spec, record.school_id is not None):
        raise ValidationError(_("Match the columns first."))


def check_import(
    *, actor: Actor, record: ResponseImport, progress: Progress | None = None
) -> ResponseImport:
    """Check every row of the file and keep the problems on the import; store nothing else."""
    access.require(actor, "surveys.round.run", record.round)
    try:
        outcome = ingest.run(record, store_rows=False, progress=progress)
    except FileRefused as error:
        _keep_refusal(actor, record, str(error))
        return record
    _keep_outcome(actor, record, outcome, "surveys.import.checked")
    return record


def import_responses(
    *,
    actor: Actor,
    record: ResponseImport,
    only_valid: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Store the file's responses and add them to the result cells, all or nothing.

    Raises ImportRefused (nothing stored, the problems kept on the import) when rows have
    problems and only the valid rows were not asked for.
    """
    _require_importable(actor, record)
    try:
        with transaction.atomic():
            outcome = ingest.run(record, store_rows=True, only_valid=only_valid, progress=progress)
            _keep_outcome(actor, record, outcome, "surveys.responses.imported")
    except ImportRefused as refused:
        _keep_outcome(actor, record, refused.args[0], "surveys.import.refused")
        raise
    return outcome


@transaction.atomic
def _keep_outcome(actor: Actor, record: ResponseImport, outcome: Outcome, action: str) -> None:
    """Keep a check's or an import's outcome on the import: one audit entry for the import
    and the responses and result cells it stored."""
    before = snapshot(record, OUTCOME_FIELDS)
    record.rows, record.valid_rows = outcome.rows, outcome.valid_rows
    record.added, record.already_present = outcome.added, outcome.already_present
    record.problems, record.problem_counts = outcome.problems, outcome.counts
    record.notices = outcome.notices
    imported = action == "surveys.responses.imported"
    record.status = ResponseImport.Status.IMPORTED if imported else ResponseImport.Status.CHECKED
    if imported:
        record.imported_at = timezone.now()
    record.save()
    after = snapshot(record, OUTCOME_FIELDS)
    log_action(
        actor=actor,
        action=action,
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after={**after, "file": record.original_name},
    )


@transaction.atomic
def _keep_refusal(actor: Actor, record: ResponseImport, reason: str) -> None:
    before = snapshot(record, ["status", "notices"])
    record.status, record.problems, record.problem_counts = ResponseImport.Status.FAILED, [], {}
    record.notices = [reason]
    record.save()
    log_action(
        actor=actor,
        action="surveys.import.failed",
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after=snapshot(record, ["status", "notices"]),
    )


# --- responses sent one at a time -------------------------------------------------------------


@transaction.atomic
def submit_responses(
    *, actor: Actor, survey_round: SurveyRound, rows: list[SubmittedResponse]
) -> int:
    """Store responses sent by an app, all or none; return how many were new.

    Each submission id is stored once, so an app that sends the same batch again adds nothing.
    """
    access.require(actor, "surveys.round.run", survey_round)
    values = _checked(survey_round, rows)
    added = ingest.store_responses(
        survey_round,
        [
            NewResponse(
                submission=f"api:{row['submission_id']}",
                school_id=row["school"],
                grade=row["grade"],
                sex=row["sex"],
                age=row.get("age"),
                answers=answers,
            )
            for row, answers in zip(rows, values, strict=True)
        ],
    )
    _log_submission(actor, survey_round, added, len(rows) - added, "api")
    return added


def _checked(survey_round: SurveyRound, rows: list[SubmittedResponse]) -> list[dict[str, int]]:
    """Each response's answers read by the one answer check; refuse naming each problem."""
    values, problems = read_answers(spec_for(survey_round.version), [r["answers"] for r in rows])
    schools = set(survey_round.round_schools.values_list("organisation_id", flat=True))
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        if row["school"] not in schools:
            errors.setdefault(str(index), []).append(
                _("In submission “%(submission)s”: the school is not one of the round's schools.")
                % {"submission": row["submission_id"]}
            )
        for wrong in profile_problems(row["grade"], row["sex"], row.get("age")):
            errors.setdefault(str(index), []).append(
                _("In submission “%(submission)s”: %(problem)s")
                % {"submission": row["submission_id"], "problem": wrong}
            )
    for problem in problems:
        errors.setdefault(str(problem["row"]), []).append(
            _("In submission “%(submission)s”, question “%(item)s”: %(problem)s")
            % {
                "submission": rows[problem["row"]]["submission_id"],
                "item": problem["column"],
                "problem": problem_text(problem),
            }
        )
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def submit_web_response(*, actor: Actor, member: RoundSchool, answers: WebAnswers) -> bool:
    """Store one student's answered web form; False if this form was already received."""
    access.require(actor, "surveys.round.answer", member)
    survey_round = member.round
    values, problems = read_answers(spec_for(survey_round.version), [answers.answers])
    wrong: list[str] = profile_problems(answers.grade, answers.sex, answers.age)
    wrong += [
        _("Answer “%(item)s”: %(problem)s") % {"item": p["column"], "problem": problem_text(p)}
        for p in problems
    ]
    if wrong:
        raise ValidationError(wrong)
    response = NewResponse(
        submission=answers.nonce,
        school_id=member.organisation_id,
        grade=answers.grade,
        sex=answers.sex,
        age=answers.age,
        answers=values[0],
    )
    added = ingest.store_responses(survey_round, [response])
    _log_submission(actor, survey_round, added, 1 - added, "web")
    return bool(added)


def _log_submission(
    actor: Actor, survey_round: SurveyRound, added: int, present: int, source: str
) -> None:
    """One entry per submission that stored something: it covers the responses and the
    result cells it added."""
    if not added:
        return
    log_action(
        actor=actor,
        action="surveys.responses.submitted",
        obj=survey_round,
        province_id=survey_round.province_id,
        after={"added": added, "already_present": present, "source": source},
    )
