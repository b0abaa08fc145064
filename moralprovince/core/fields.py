"""Form fields that read Thai input: Buddhist-Era dates, Thai digits, amounts in baht."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from moralprovince.lib.numbers import parse_amount
from moralprovince.lib.thaidate import format_numeric_date, parse_date


class ThaiDateInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_numeric_date(value)
        return super().format_value(value)


class ThaiDateField(forms.Field):
    """A date typed as 13/11/2563 (Buddhist Era), 13/11/2020, 2020-11-13 or 13 พ.ย. 2563."""

    widget = ThaiDateInput(attrs={"placeholder": "13/11/2563", "inputmode": "numeric"})
    default_error_messages = {
        "invalid": _("Write a date as day/month/year, for example 13/11/2563."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MoneyField(forms.Field):
    """An amount in baht; accepts Thai digits and thousands separators, refuses negatives."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})
    default_error_messages = {
        "invalid": _("Write an amount in baht, for example 15,000."),
        "negative": _("An amount cannot be negative."),
        "too_large": _("This amount is too large."),
    }

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            amount = parse_amount(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if amount >= Decimal("1e12"):
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount.quantize(Decimal("0.01"))
