from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def baht(value: Decimal | int | float | None) -> str:
    """1234567.5 → 1,234,567.50"""
    if value in (None, ""):
        return "0.00"
    return f"{Decimal(value):,.2f}"


@register.filter
def figure(value: Decimal | int | float | None) -> str:
    """125 → 125, 1250.5 → 1,250.50, None → —"""
    if value in (None, ""):
        return "—"
    number = Decimal(value)
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"
