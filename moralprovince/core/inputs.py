"""Typed inputs to services: one dataclass per kind of row a service writes.

The dataclass's fields are the entity's one field list: the service assigns them, snapshots
them for the audit log, and forms and serializers name them through `names()`. Pages build an
input from a form's `cleaned_data` (`from_data`); the API builds it on top of the row's current
values for a partial update (`from_row`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any, Self

from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile


class Input:
    """A service's typed input. Its fields, in order, are those forms and serializers offer."""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]  # type: ignore[arg-type]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        """Build from a form's or serializer's cleaned data; other keys are left out."""
        return cls(**{name: _plain(data[name]) for name in cls.names() if name in data})

    @classmethod
    def from_row(cls, row: Model, **changes: Any) -> Self:
        """The row's values with some changed, for an update that sends only a few fields."""
        names = cls.names()
        current = {name: _current(row, name) for name in names}
        given = {name: _plain(value) for name, value in changes.items() if name in names}
        return cls(**(current | given))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, QuerySet) else value


def _current(row: Model, name: str) -> Any:
    value = getattr(row, name)
    if row._meta.get_field(name).many_to_many:
        return list(value.all()) if row.pk else []
    # A stored file is kept as it is unless a new one is given.
    return None if isinstance(value, FieldFile) else value


def assign(row: Model, data: Input, skip: Iterable[str] = ()) -> None:
    """Copy the input's plain fields onto the row; many-to-many ones wait for its save."""
    for name in data.names():
        if name not in skip and not row._meta.get_field(name).many_to_many:
            setattr(row, name, getattr(data, name))


def assign_many(row: Model, data: Input) -> None:
    """Set the input's many-to-many fields on the saved row."""
    for name in data.names():
        if row._meta.get_field(name).many_to_many:
            getattr(row, name).set(getattr(data, name))
