"""Numbers as people type them in Thai offices: Thai digits, thousands separators, บาท."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from moralprovince.lib.thaidate import arabic_digits

_NOISE = (",", " ", "\u00a0", "บาท", "฿")


def parse_amount(value: object) -> Decimal:
    """Read 1,500.50 or ๑,๕๐๐ บาท as a Decimal; raise ValueError if it is not a number."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = arabic_digits(str(value)).strip()
    for noise in _NOISE:
        text = text.replace(noise, "")
    if not text:
        raise ValueError("empty")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not amount.is_finite():
        raise ValueError(value)
    return amount
