"""Typed inputs to services: one frozen dataclass per kind of row a service writes.

The dataclass's fields are the entity's one field list: the service assigns them, snapshots
them for the audit log, and forms and serializers name them through `names()`. Pages build an
input from a form's `cleaned_data`; the API builds it from a serializer's `validated_data`,
on top of the row's current values for a partial update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

from django.db import models


@dataclass(frozen=True)
class Input:
    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Self:
        """The known fields of a form's or serializer's cleaned data; the rest keep defaults."""
        return cls(**{name: data[name] for name in cls.names() if name in data})

    @classmethod
    def changing(cls, row: models.Model, data: Mapping[str, Any]) -> Self:
        """The row's current values, with those given in `data` changed."""
        values = {name: getattr(row, name) for name in cls.names()}
        values.update({name: data[name] for name in cls.names() if name in data})
        return cls(**values)

    def apply_to(self, row: models.Model) -> None:
        for name in self.names():
            setattr(row, name, getattr(self, name))
