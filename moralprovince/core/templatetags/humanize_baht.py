from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def baht(value: Decimal | int | float | None) -> str:
    """1234567.5 → 1,234,567.50"""
    if value in (None, ""):
        return "0.00"
    return f"{Decimal(value):,.2f}"
