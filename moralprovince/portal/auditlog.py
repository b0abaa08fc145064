"""The audit log in words: what was done to what, and each changed field by its label.

Entries store codes (`plans.plan.submitted`), field names and raw values (`"draft"`, the id of
a related row, ISO dates). The log page shows them as a person reads them: the kind of row
and the step in the page's language, each field's label, a choice's label, a date in the
Buddhist Era, a figure with thousands separators, a related row by its name, the text of
an HTML body shortened, the system or an anonymous visitor and a background job in words.
Related rows are named with one query per kind of row on the page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from moralprovince.audit.models import AuditEntry
from moralprovince.audit.services import actor_label as stored_actor_label
from moralprovince.certificates.sources import source_of as certificate_source
from moralprovince.core.templatetags.humanize_baht import figure
from moralprovince.core.templatetags.thai import bedate, bedatetime, period
from moralprovince.jobs.models import Job
from moralprovince.monitoring.sources import SOURCES
from moralprovince.surveys import problems

# The last part of an action code: what was done (a context of their own: "published" as
# a step differs from the "published" of a date).
VERBS = {
    "created": pgettext_lazy("audit step", "created"),
    "updated": pgettext_lazy("audit step", "changed"),
    "deleted": pgettext_lazy("audit step", "deleted"),
    "saved": pgettext_lazy("audit step", "saved"),
    "submitted": pgettext_lazy("audit step", "sent for review"),
    "approved": pgettext_lazy("audit step", "approved"),
    "returned": pgettext_lazy("audit step", "returned for changes"),
    "revision": pgettext_lazy("audit step", "opened for revision"),
    "locked": pgettext_lazy("audit step", "period closed"),
    "unlocked": pgettext_lazy("audit step", "period opened again"),
    "held": pgettext_lazy("audit step", "marked as held"),
    "published": pgettext_lazy("audit step", "published"),
    "unpublished": pgettext_lazy("audit step", "taken off the public site"),
    "imported": pgettext_lazy("audit step", "imported"),
    "checked": pgettext_lazy("audit step", "checked"),
    "mapped": pgettext_lazy("audit step", "columns matched"),
    "refused": pgettext_lazy("audit step", "refused"),
    "failed": pgettext_lazy("audit step", "failed"),
    "schools_added": pgettext_lazy("audit step", "schools added"),
    "accepted": pgettext_lazy("audit step", "accepted"),
    "declined": pgettext_lazy("audit step", "declined"),
    "issued": pgettext_lazy("audit step", "issued"),
    "revoked": pgettext_lazy("audit step", "revoked"),
    "cancelled": pgettext_lazy("audit step", "withdrawn"),
    "password_changed": pgettext_lazy("audit step", "password changed"),
    "password_reset": pgettext_lazy("audit step", "password set again by e-mail link"),
    "verified": pgettext_lazy("audit step", "verified"),
    "added": pgettext_lazy("audit step", "added"),
    "carried_forward": pgettext_lazy("audit step", "open actions carried forward"),
}
# Actions that are not a step of the row they are logged on: a pupil's answers are logged on
# the round they answer, but what happened is that answers arrived, not that the round was
# sent for review.
ACTIONS = {
    "surveys.responses.submitted": (
        pgettext_lazy("audit log", "survey answers"),
        pgettext_lazy("audit step", "answers sent"),
    ),
    "people.results.recorded": (
        pgettext_lazy("audit log", "attendance and test scores"),
        pgettext_lazy("audit step", "recorded"),
    ),
    "people.activity_trainer.picked": (
        pgettext_lazy("audit log", "trainer of a key activity"),
        pgettext_lazy("audit step", "picked"),
    ),
    "people.activity_trainer.removed": (
        pgettext_lazy("audit log", "trainer of a key activity"),
        pgettext_lazy("audit step", "taken off"),
    ),
}
# What entries name beyond labelled fields: keys services log beside a row's fields, and
# fields of rows whose models give them no label. By kind of row; "" for any kind of row.
LABELS = {
    "": {
        "scope": gettext_lazy("scope"),
        "activity": gettext_lazy("key activity"),
        "categories": pgettext_lazy("audit log", "participants by group"),
        "files": pgettext_lazy("audit log", "photos and documents"),
        "fy": gettext_lazy("fiscal year (BE)"),
        "activities": gettext_lazy("key activities"),
        "comment": gettext_lazy("comment"),
        "batch": pgettext_lazy("audit log", "training batch"),
    },
    "jobs.job": {
        "kind": pgettext_lazy("audit log", "task"),
        "certificate_kind": gettext_lazy("kind of certificate"),
        "object_ids": pgettext_lazy("audit log", "certified records"),
        "count": pgettext_lazy("audit log", "number of certificates"),
        "fiscal_year": gettext_lazy("fiscal year (BE)"),
        "import_id": gettext_lazy("response import"),
        "only_valid": pgettext_lazy("audit log", "only the valid rows"),
        "after_close": pgettext_lazy("audit log", "a correction after the round closed"),
    },
    "surveys.surveyround": {
        "added": pgettext_lazy("audit log", "answers added"),
        "already_present": pgettext_lazy("audit log", "answers already received"),
        "source": pgettext_lazy("audit log", "sent through"),
    },
    "surveys.responseimport": {
        "round": gettext_lazy("survey round"),
        "original_name": pgettext_lazy("audit log", "file name"),
        "sha256": pgettext_lazy("audit log", "file checksum"),
        "kind": pgettext_lazy("audit log", "file type"),
        "encoding": pgettext_lazy("audit log", "character encoding"),
        "columns": pgettext_lazy("audit log", "columns"),
        "mapping": pgettext_lazy("audit log", "columns matched to questions"),
        "rows": pgettext_lazy("audit log", "rows"),
        "valid_rows": pgettext_lazy("audit log", "valid rows"),
        "added": pgettext_lazy("audit log", "answers added"),
        "already_present": pgettext_lazy("audit log", "answers already received"),
        "problems": pgettext_lazy("audit log", "problems found"),
        "problem_counts": pgettext_lazy("audit log", "problems by kind"),
        "notices": pgettext_lazy("audit log", "notes on the file"),
        "imported_at": pgettext_lazy("audit log", "imported at"),
        "kept_file": pgettext_lazy("audit log", "kept copy of the file"),
        "dropped_columns": pgettext_lazy("audit log", "columns naming a child, dropped"),
        "after_close": pgettext_lazy("audit log", "a correction after the round closed"),
    },
    "knowledge.newsphoto": {"post": gettext_lazy("news post")},
    "assessments.round": {
        "approved": pgettext_lazy("audit log", "assessments approved"),
        "units": pgettext_lazy("audit log", "units"),
    },
    "assessments.assessment": {
        "reason": gettext_lazy("reason"),
        "self_points": pgettext_lazy("audit log", "own scores by item"),
        "verified_points": pgettext_lazy("audit log", "verified scores by item"),
    },
    "assessments.assessmentevidence": {"item": pgettext_lazy("audit log", "item")},
    "partnerships.meeting": {"actions": pgettext_lazy("audit log", "actions carried forward")},
    "people.batch": {
        "attendance": pgettext_lazy("audit log", "attendance marks"),
        "changed": pgettext_lazy("audit log", "marks and scores changed"),
    },
    "certificates.certificate": {"object_id": pgettext_lazy("audit log", "certified record")},
    "geo.province": {"signatories": gettext_lazy("signatories")},
    "knowledge.document": {
        "case": gettext_lazy("lessons-learned case"),
        "project": gettext_lazy("research project"),
    },
}
# Keys logged for the site's own use, not facts a reader of the log needs: the page a job's
# page links back to.
HIDDEN = {("jobs.job", "back")}
# Keys that name a row of another kind without being a foreign key of the row.
RELATED = {("jobs.job", "import_id"): "surveys.responseimport"}
# Keys naming stored files that are no file field of their row.
FILE_NAMES = {"kept_file"}
# Fields holding a year, shown without a thousands separator.
YEAR_NAMES = {"fy", "valid_from", "valid_to"}
# How long a text may be in the log before it is shortened.
TEXT_LENGTH = 160
HTML_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# Where a block of HTML ends, its text and the next block's are two words.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    actor: str
    action: str
    thing: str
    changes: list[Change]


def described(entries: Iterable[AuditEntry]) -> list[Row]:
    entries = list(entries)
    names = _related_names(entries)
    return [
        Row(e, actor_label(e), action_label(e), object_label(e), _changes(e, names))
        for e in entries
    ]


def action_label(entry: AuditEntry) -> str:
    """ "Plan: sent for review" for `plans.plan.submitted`; the code itself if unknown."""
    if entry.action in ACTIONS:
        named, step = ACTIONS[entry.action]
        return _("%(thing)s: %(step)s") % {"thing": capfirst(str(named)), "step": step}
    model = _model(entry.object_type)
    verb = VERBS.get(entry.action.rsplit(".", 1)[-1])
    if model is None or verb is None:
        return entry.action
    # A model without a label of its own is named by its class; the catalogue has the words.
    thing = _(str(model._meta.verbose_name))
    return _("%(thing)s: %(step)s") % {"thing": capfirst(thing), "step": verb}


def actor_label(entry: AuditEntry) -> str:
    """The person's username; the system or an anonymous visitor in words."""
    if entry.actor_id is None:
        return stored_actor_label(entry.actor_name)
    return entry.actor_name


def object_label(entry: AuditEntry) -> str:
    """What the entry is about. A job is named by what it does, in the page's language: its
    stored name is the code of its kind."""
    if entry.object_type == "jobs.job":
        return _job_title(entry)
    return entry.object_repr


def _job_title(entry: AuditEntry) -> str:
    params = {
        name: change.get("after") if isinstance(change, dict) else change
        for name, change in (entry.changes or {}).items()
    }
    return Job(kind=str(params.pop("kind", "")), params=params).title


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _changes(entry: AuditEntry, names: dict[tuple[str, str], str]) -> list[Change]:
    model = _model(entry.object_type)
    rows = []
    for name, change in (entry.changes or {}).items():
        if (entry.object_type, name) in HIDDEN:
            continue
        field = _field(model, name)
        label = _label(entry.object_type, field, name)
        if not isinstance(change, dict):
            change = {"before": None, "after": change}
        values: tuple[Any, Any] = (change.get("before"), change.get("after"))
        words = VALUE_WORDS.get((entry.object_type, name))
        if isinstance(field, models.FileField) or name in FILE_NAMES:
            words = _stored_file
        if words is not None:
            before, after = (v if v in (None, "", []) else words(v, entry) for v in values)
            rows.append(Change(str(capfirst(label)), shown(None, before), shown(None, after)))
            continue
        target = _target(entry.object_type, field, name)
        if name == "period":  # a reporting period's code: Q1 is ไตรมาส 1
            values = (_period(values[0]), _period(values[1]))
        year = name in YEAR_NAMES or name.endswith("year")
        if year and target is None:  # no thousands separator
            values = (_year(values[0]), _year(values[1]))
            field = None
        before, after = (shown(field, v, names, target) for v in values)
        rows.append(Change(str(capfirst(label)), before, after))
    return rows


def _period(value: Any) -> Any:
    return period(value) if isinstance(value, str) else value


def _year(value: Any) -> Any:
    return value if value is None else str(value)


def _label(object_type: str, field: Any, name: str) -> str:
    own = LABELS.get(object_type, {}).get(name)
    if own is not None:
        return str(own)
    if field is None:
        return str(LABELS[""].get(name, name))
    label = str(field.verbose_name)
    # A field without a label of its own gets its name as label, which no catalogue
    # translated; the catalogue knows the same words from other models and pages.
    if label != name.replace("_", " "):
        return label
    translated = _(label)
    if translated == label:
        translated = _(capfirst(label))
    if translated in (label, capfirst(label)) and name in LABELS[""]:
        return str(LABELS[""][name])
    return translated


def _target(object_type: str, field: Any, name: str) -> type[models.Model] | None:
    """The kind of row a field or a logged key names by its id, if it names one."""
    if field is not None and field.is_relation:
        return field.related_model  # type: ignore[no-any-return]
    related = RELATED.get((object_type, name))
    return _model(related) if related else None


def shown(
    field: Any,
    value: Any,
    names: dict[tuple[str, str], str] | None = None,
    target: type[models.Model] | None = None,
) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(shown(field, v, names, target) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} → {shown(None, v)}" for k, v in value.items())
    if target is not None:
        return (names or {}).get((target._meta.label_lower, str(value)), str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return _plain(field, value)


def _text(value: str) -> str:
    """A text as read: the words of an HTML body without its tags, a long text shortened."""
    if HTML_TAG.search(value):
        value = html.unescape(strip_tags(BLOCK_END.sub(" ", value)))
    return Truncator(" ".join(value.split())).chars(TEXT_LENGTH)


def _plain(field: Any, value: Any) -> str:
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return bedatetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return bedate(dt.date.fromisoformat(value))
        except ValueError:
            return value
    numeric = (models.DecimalField, models.IntegerField, models.FloatField)
    if isinstance(field, numeric) or isinstance(value, int | float):
        try:
            return figure(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    return _text(value) if isinstance(value, str) else str(value)


# Values stored as codes of something other than a field's choices, in words.
def _job_kind(value: Any, entry: AuditEntry) -> str:
    return _job_title(entry)


def _answer_channel(value: Any, entry: AuditEntry) -> str:
    channels = {
        "web": pgettext("audit log", "the web form"),
        "api": pgettext("audit log", "another system, through the API"),
    }
    return channels.get(value, str(value))


def _indicator_source(value: Any, entry: AuditEntry) -> str:
    source = SOURCES.get(value)
    return str(source.label) if source else str(value)


def _problem_count(value: Any, entry: AuditEntry) -> str:
    count = len(value) if isinstance(value, list) else 0
    return ngettext("%(count)s problem", "%(count)s problems", count) % {"count": figure(count)}


def _problem_kinds(value: Any, entry: AuditEntry) -> str:
    counts = value.items() if isinstance(value, dict) else []
    return " ".join(problems.summary(code, count) for code, count in counts)


def _file_type(value: Any, entry: AuditEntry) -> str:
    return str(value).upper()


def _stored_file(value: Any, entry: AuditEntry) -> str:
    """A stored file's random name says nothing to a reader; that there is one does."""
    return str(pgettext_lazy("audit log", "a stored file"))


def _checksum(value: Any, entry: AuditEntry) -> str:
    return f"{str(value)[:16]}…"


def _certificate_kind(value: Any, entry: AuditEntry) -> str:
    source = certificate_source(str(value))
    return str(source.label) if source is not None else str(value)


VALUE_WORDS: dict[tuple[str, str], Callable[[Any, AuditEntry], str]] = {
    ("jobs.job", "kind"): _job_kind,
    ("jobs.job", "certificate_kind"): _certificate_kind,
    ("certificates.certificate", "kind"): _certificate_kind,
    ("surveys.surveyround", "source"): _answer_channel,
    ("monitoring.indicator", "source"): _indicator_source,
    ("surveys.responseimport", "problems"): _problem_count,
    ("surveys.responseimport", "problem_counts"): _problem_kinds,
    ("surveys.responseimport", "kind"): _file_type,
    ("surveys.responseimport", "sha256"): _checksum,
}


def _related_names(entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """The name of every related row the entries mention, one query per kind of row."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = _model(entry.object_type)
        for name, change in (entry.changes or {}).items():
            target = _target(entry.object_type, _field(model, name), name)
            if target is None:
                continue
            values = change.values() if isinstance(change, dict) else [change]
            for value in values:
                for one in value if isinstance(value, list) else [value]:
                    if one not in (None, ""):
                        wanted[target].add(str(one))
    names = {}
    for model, pks in wanted.items():
        label = model._meta.label_lower
        try:
            rows = list(model._default_manager.filter(pk__in=pks))
        except (ValueError, ValidationError):  # a value that is no id of this kind of row
            continue
        names.update({(label, str(row.pk)): str(row) for row in rows})
    return names
