"""The audit log in words: what was done to what, and each changed field by its label.

Entries store codes (`plans.plan.submitted`), field names and raw values (`"draft"`, the id of
a related row, ISO dates). The log page shows them as a person reads them: the kind of row
and the step in the page's language, each field's label, a choice's label, a date in the
Buddhist Era, a figure with thousands separators and a related row by its name. Related
rows are named with one query per kind of row on the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from moralprovince.audit.models import AuditEntry
from moralprovince.core.templatetags.humanize_baht import figure
from moralprovince.core.templatetags.thai import bedate, bedatetime, period

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
}
# Keys some services log that are not fields of the row.
EXTRA_LABELS = {
    "scope": gettext_lazy("scope"),
    "fy": gettext_lazy("fiscal year (BE)"),
    "activities": gettext_lazy("key activities"),
    "comment": gettext_lazy("comment"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    action: str
    changes: list[Change]


def described(entries: Iterable[AuditEntry]) -> list[Row]:
    entries = list(entries)
    names = _related_names(entries)
    return [Row(e, action_label(e), _changes(e, names)) for e in entries]


def action_label(entry: AuditEntry) -> str:
    """ "Plan: sent for review" for `plans.plan.submitted`; the code itself if unknown."""
    model = _model(entry.object_type)
    verb = VERBS.get(entry.action.rsplit(".", 1)[-1])
    if model is None or verb is None:
        return entry.action
    # A model without a label of its own is named by its class; the catalogue has the words.
    thing = _(str(model._meta.verbose_name))
    return _("%(thing)s: %(step)s") % {"thing": capfirst(thing), "step": verb}


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
        field = _field(model, name)
        label = _label(field, name)
        if not isinstance(change, dict):
            change = {"before": None, "after": change}
        before, after = change.get("before"), change.get("after")
        if name == "period":  # a reporting period's code: Q1 is ไตรมาส 1
            before, after = (period(v) if isinstance(v, str) else v for v in (before, after))
        year = name == "fy" or name.endswith("year")
        if year and not getattr(field, "is_relation", False):  # no thousands separator
            before, after = (v if v is None else str(v) for v in (before, after))
            field = None
        rows.append(
            Change(str(capfirst(label)), shown(field, before, names), shown(field, after, names))
        )
    return rows


def _label(field: Any, name: str) -> str:
    if field is None:
        return str(EXTRA_LABELS.get(name, name))
    label = str(field.verbose_name)
    # A field without a label of its own gets its name as label, which no catalogue
    # translated; the catalogue knows the same words from other models and pages.
    if label != name.replace("_", " "):
        return label
    translated = _(label)
    return translated if translated != label else _(capfirst(label))


def shown(field: Any, value: Any, names: dict[tuple[str, str], str]) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(shown(field, v, names) for v in value)
    if field is not None and field.is_relation and field.related_model is not None:
        return names.get((field.related_model._meta.label_lower, str(value)), str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return _plain(field, value)


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
    return str(value)


def _related_names(entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """The name of every related row the entries mention, one query per kind of row."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = _model(entry.object_type)
        for name, change in (entry.changes or {}).items():
            field = _field(model, name)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            values = change.values() if isinstance(change, dict) else [change]
            for value in values:
                for one in value if isinstance(value, list) else [value]:
                    if one not in (None, ""):
                        wanted[field.related_model].add(str(one))
    names = {}
    for model, pks in wanted.items():
        label = model._meta.label_lower
        try:
            rows = list(model._default_manager.filter(pk__in=pks))
        except (ValueError, ValidationError):  # a value that is no id of this kind of row
            continue
        names.update({(label, str(row.pk)): str(row) for row in rows})
    return names
