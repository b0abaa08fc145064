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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from moralprovince.accounts.access import SYSTEM, Actor, person
from moralprovince.accounts.models import User
from moralprovince.audit.services import log_action, snapshot
from moralprovince.geo.models import Province
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import enqueue
from moralprovince.lib.storage import files_removed_on_rollback, remove_after_commit
from moralprovince.lib.thaidate import format_date
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import access, ingest, store
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
    LinkSubmission,
    ResponseImport,
    RoundSchool,
    ScoringRule,
    SurveyRound,
)
from moralprovince.surveys.problems import text as problem_text
from moralprovince.surveys.queries import link_limit, version_data
from moralprovince.surveys.spec import BandRow, InstrumentData, spec_for
from moralprovince.surveys.validation import profile_problems, read_answers

Status = ResponseImport.Status
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


@transaction.atomic
def delete_round(*, actor: Actor, survey_round: SurveyRound) -> None:
    """Remove a round that has no responses, with its schools' links and its imports.

    A round with responses is refused: its responses and results are the record of what the
    pupils said, and are not removed with it (`Response.round` protects them too).
    """
    access.require(actor, "surveys.round.delete", survey_round)
    if store.round_has_responses(survey_round.pk):
        raise _has_responses(survey_round)
    imports = list(survey_round.imports.all())
    before = {
        **snapshot(survey_round, ROUND_FIELDS),
        "schools": sorted(survey_round.round_schools.values_list("organisation_id", flat=True)),
        "imports": [i.original_name for i in imports],
    }
    log_action(
        actor=actor,
        action="surveys.round.deleted",
        obj=survey_round,
        province_id=survey_round.province_id,
        before=before,
    )
    for record in imports:
        remove_after_commit(record.file)
    try:
        survey_round.delete()
    except ProtectedError:
        # Responses arrived since the check above: the round stays, with them.
        raise _has_responses(survey_round) from None


def _has_responses(survey_round: SurveyRound) -> ValidationError:
    return ValidationError(
        _(
            "The round “%(name)s” has responses, so it cannot be deleted: its responses and results are kept."
        )
        % {"name": survey_round.name}
    )


@transaction.atomic
def set_shared_device(*, actor: Actor, member: RoundSchool, shared: bool) -> None:
    """Say whether several pupils answer on one device through this school's link."""
    access.require(actor, "surveys.school.devices", member)
    if member.shared_device == shared:
        return
    before = snapshot(member, ["shared_device"])
    member.shared_device = shared
    member.save(update_fields=["shared_device"])
    log_action(
        actor=actor,
        action="surveys.school.device_changed",
        obj=member.round,
        province_id=member.round.province_id,
        before={**before, "school": member.organisation_id},
        after={"shared_device": shared, "school": member.organisation_id},
    )


def _day(day: dt.date) -> str:
    return format_date(day, "en" if get_language() == "en" else "th")


def closed_text(survey_round: SurveyRound) -> str:
    """Why the round takes no answers today, in the reader's language."""
    if not survey_round.has_opened():
        return _("This survey is not open yet: it opens on %(first)s.") % {
            "first": _day(survey_round.opens_on)
        }
    return _("This survey is closed: it was open from %(first)s to %(last)s.") % {
        "first": _day(survey_round.opens_on),
        "last": _day(survey_round.closes_on),
    }


def require_open(survey_round: SurveyRound) -> None:
    """Refuse answers outside the round's dates (the web form and the API)."""
    if not survey_round.is_open():
        raise ValidationError(closed_text(survey_round), code="closed")


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

    Raises FileRefused (nothing kept) when the file cannot be read as a table. The columns
    that identify a child are dropped before anything is stored (`ingest.read_upload`); the
    import names them.
    """
    access.require(actor, "surveys.round.run", survey_round)
    # Uploads left unimported are cleared whenever a file comes in (and by the command).
    purge_stale_imports(actor=SYSTEM)
    with tempfile.TemporaryDirectory() as folder:
        read = ingest.read_upload(upload, Path(folder), name, survey_round.version)
        record = ResponseImport(
            round=survey_round,
            original_name=name[:255],
            sha256=read.sha256,
            kind=read.table.kind,
            encoding=read.table.encoding,
            columns=read.columns,
            dropped_columns=read.dropped,
            mapping=read.mapping,
            school=school,
            notices=[*read.table.notices, *_imported_before(survey_round, read.sha256)],
            created_by=person(actor),
        )
        with files_removed_on_rollback() as stored, read.path.open("rb") as handle:
            stored.store(record.file, File(handle), f"{read.sha256[:16]}.parquet")
            record.save()
            log_action(
                actor=actor,
                action="surveys.import.created",
                obj=record,
                province_id=survey_round.province_id,
                after=snapshot(
                    record, ["original_name", "sha256", "kind", "school", "file", "dropped_columns"]
                ),
            )
    return record


def _imported_before(survey_round: SurveyRound, sha256: str) -> list[str]:
    earlier = (
        survey_round.imports.filter(sha256=sha256, status=ResponseImport.Status.IMPORTED)
        .order_by("imported_at")
        .first()
    )
    if earlier is None or earlier.imported_at is None:
        return []
    return [
        _(
            "This file was imported into the round before, on %(day)s: importing it again adds nothing."
        )
        % {"day": _day(timezone.localdate(earlier.imported_at))}
    ]


def import_keep_hours() -> int:
    return int(getattr(settings, "SURVEY_IMPORT_KEEP_HOURS", 24))


def purge_stale_imports(*, actor: Actor) -> int:
    """Delete the kept files of imports that are over (imported, refused, failed: files kept
    before they were deleted at once) and of uploads never imported within
    SURVEY_IMPORT_KEEP_HOURS; return how many. Each removal is audited."""
    since = timezone.now() - dt.timedelta(hours=import_keep_hours())
    over = [Status.IMPORTED, Status.REFUSED, Status.FAILED]
    kept = ResponseImport.objects.exclude(file="")
    stale = kept.filter(Q(status__in=over) | Q(created_at__lt=since))
    count = 0
    for record in stale.select_related("round"):
        with transaction.atomic():
            _drop_file(actor, record)
        count += 1
    return count


def _drop_file(actor: Actor, record: ResponseImport) -> None:
    """Delete the import's kept file (once the change commits) and say why on the import."""
    before = snapshot(record, ["status", "file"])
    remove_after_commit(record.file)
    record.file = ""  # type: ignore[assignment]
    if record.status in (Status.UPLOADED, Status.CHECKED):
        record.status = Status.FAILED
        notice = _(
            "The file was deleted after %(hours)s hours without being imported; upload it again to import it."
        ) % {"hours": import_keep_hours()}
        record.notices = [*record.notices, notice]
    record.save(update_fields=["file", "status", "notices"])
    log_action(
        actor=actor,
        action="surveys.import.file_removed",
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after=snapshot(record, ["status", "file"]),
    )


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


def start_import(
    *, actor: Actor, record: ResponseImport, only_valid: bool, after_close: bool = False
) -> Job:
    """Queue the import of the file (of its valid rows only, if asked)."""
    _require_importable(actor, record)
    require_import_dates(record.round, after_close)
    return enqueue(
        actor=actor,
        kind="surveys.import",
        province=record.round.province,
        params={
            "import_id": record.pk,
            "only_valid": only_valid,
            "after_close": after_close,
            "back": reverse("surveys:import", args=[record.pk]),
        },
    )


def _require_importable(actor: Actor, record: ResponseImport) -> None:
    access.require(actor, "surveys.round.run", record.round)
    if record.status == ResponseImport.Status.IMPORTED:
        raise ValidationError(_("This file has already been imported."))
    if not record.file:
        raise ValidationError(
            _(
                "The file is no longer kept (it was imported, refused or left too long); upload it again."
            )
        )
    spec = spec_for(record.round.version)
    if mapping_problems(record.mapping, spec, record.school_id is not None):
        raise ValidationError(_("Match the columns first."))


def require_import_dates(survey_round: SurveyRound, after_close: bool) -> None:
    """An import is the managers' door: never before the round opens; after it closes, only
    as a correction they confirm (answers given on paper while it was open, typed in later)."""
    if not survey_round.has_opened():
        raise ValidationError(
            _("The round opens on %(first)s: no answers can be imported into it before then.")
            % {"first": _day(survey_round.opens_on)},
            code="closed",
        )
    if survey_round.has_closed() and not after_close:
        raise ValidationError(
            _(
                "The round closed on %(last)s. Import into it only answers given while it was open (paper forms typed in later), and confirm that this is such a correction."
            )
            % {"last": _day(survey_round.closes_on)},
            code="closed",
        )


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
    after_close: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Store the file's responses and add them to the result cells, all or nothing.

    Raises ImportRefused (nothing stored, the problems kept on the import) when rows have
    problems and only the valid rows were not asked for. A closed round takes an import
    only as a correction (`after_close`), recorded as such. The kept copy of the file is
    deleted once it is imported or refused.
    """
    _require_importable(actor, record)
    require_import_dates(record.round, after_close)
    late = record.round.has_closed()
    try:
        with transaction.atomic():
            outcome = ingest.run(record, store_rows=True, only_valid=only_valid, progress=progress)
            _keep_outcome(actor, record, outcome, "surveys.responses.imported", late)
    except ImportRefused as refused:
        _keep_outcome(actor, record, refused.args[0], "surveys.import.refused")
        raise
    return outcome


@transaction.atomic
def _keep_outcome(
    actor: Actor, record: ResponseImport, outcome: Outcome, action: str, late: bool = False
) -> None:
    """Keep a check's or an import's outcome on the import: one audit entry for the import
    and the responses and result cells it stored."""
    before = {**snapshot(record, OUTCOME_FIELDS), "kept_file": record.file.name}
    record.rows, record.valid_rows = outcome.rows, outcome.valid_rows
    record.added, record.already_present = outcome.added, outcome.already_present
    record.problems, record.problem_counts = outcome.problems, outcome.counts
    # What was said at the upload (sheets left aside, blank rows) holds after any outcome.
    record.notices = list(dict.fromkeys([*record.notices, *outcome.notices]))
    statuses = {
        "surveys.responses.imported": ResponseImport.Status.IMPORTED,
        "surveys.import.refused": ResponseImport.Status.REFUSED,
    }
    record.status = statuses.get(action, ResponseImport.Status.CHECKED)
    if record.status == ResponseImport.Status.IMPORTED:
        record.imported_at = timezone.now()
    if record.status != ResponseImport.Status.CHECKED:
        # Imported or refused: the copy is not needed any more (the digest stays).
        remove_after_commit(record.file)
        record.file = ""  # type: ignore[assignment]
    record.save()
    after = {
        **snapshot(record, OUTCOME_FIELDS),
        "kept_file": record.file.name,
        "file": record.original_name,
    }
    if late:
        after["after_close"] = True
    log_action(
        actor=actor,
        action=action,
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after=after,
    )


@transaction.atomic
def _keep_refusal(actor: Actor, record: ResponseImport, reason: str) -> None:
    before = snapshot(record, ["status", "notices", "file"])
    record.status, record.problems, record.problem_counts = ResponseImport.Status.FAILED, [], {}
    record.notices = [reason]
    remove_after_commit(record.file)
    record.file = ""  # type: ignore[assignment]
    record.save()
    log_action(
        actor=actor,
        action="surveys.import.failed",
        obj=record,
        province_id=record.round.province_id,
        before=before,
        after=snapshot(record, ["status", "notices", "file"]),
    )


# --- responses sent one at a time -------------------------------------------------------------


@transaction.atomic
def submit_responses(
    *, actor: Actor, survey_round: SurveyRound, rows: list[SubmittedResponse]
) -> int:
    """Store responses sent by an app, all or none; return how many were new.

    Each submission id is stored once, so an app that sends the same batch again adds nothing.
    A round takes answers only while it is open.
    """
    access.require(actor, "surveys.round.run", survey_round)
    if not survey_round.is_open():
        raise ValidationError({"round": [closed_text(survey_round)]}, code="closed")
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


def _require_link_room(member: RoundSchool) -> None:
    """Refuse a form when the link has taken its limit in the window just past."""
    # Forms through one link wait for each other here, so two cannot both take the last place.
    RoundSchool.objects.select_for_update().filter(pk=member.pk).exists()
    limit, seconds = link_limit()
    since = timezone.now() - dt.timedelta(seconds=seconds)
    if LinkSubmission.objects.filter(member=member, at__gte=since).count() >= limit:
        raise ValidationError(
            _(
                "Many answers have just been sent through this school's link. Please wait a few minutes, then press “Send my answers” again: your answers are kept."
            ),
            code="busy",
        )


@transaction.atomic
def submit_web_response(*, actor: Actor, member: RoundSchool, answers: WebAnswers) -> bool:
    """Store one student's answered web form; False if this form was already received.

    Refused when the round is not open, and when the school's link has taken its limit of
    forms in the last minutes (`link_limit`).
    """
    survey_round = member.round
    require_open(survey_round)
    access.require(actor, "surveys.round.answer", member)
    values, problems = read_answers(spec_for(survey_round.version), [answers.answers])
    wrong: list[str] = profile_problems(answers.grade, answers.sex, answers.age)
    wrong += [
        _("Answer “%(item)s”: %(problem)s") % {"item": p["column"], "problem": problem_text(p)}
        for p in problems
    ]
    if wrong:
        raise ValidationError(wrong)
    _require_link_room(member)
    response = NewResponse(
        submission=answers.nonce,
        school_id=member.organisation_id,
        grade=answers.grade,
        sex=answers.sex,
        age=answers.age,
        answers=values[0],
    )
    added = ingest.store_responses(survey_round, [response])
    if added:
        now = timezone.now()
        LinkSubmission.objects.create(member=member, at=now, slot=LinkSubmission.slot_of(now))
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
