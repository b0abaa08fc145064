"""Import problems in words, in the reader's language: each names its row and column."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MESSAGES = {
    "missing_answer": gettext_lazy("no answer"),
    "out_of_scale": gettext_lazy("“%(value)s” is not an answer on the scale"),
    "missing_school": gettext_lazy("no school"),
    "unknown_school": gettext_lazy("“%(value)s” is not one of the round's schools"),
    "other_province_school": gettext_lazy("“%(value)s” is a school of another province"),
    "missing_grade": gettext_lazy("no grade"),
    "bad_grade": gettext_lazy("“%(value)s” is not a grade (ป.1–ม.6 or 1–12)"),
    "bad_sex": gettext_lazy("“%(value)s” is not a sex (ชาย, หญิง, ไม่ระบุ)"),
    "bad_age": gettext_lazy("“%(value)s” is not an age from 6 to 25"),
    "repeated_id": gettext_lazy("submission “%(value)s” is repeated (first on row %(first)s)"),
}


def text(problem: dict[str, Any]) -> str:
    message = str(MESSAGES.get(problem["code"], problem["code"]))
    return message % {"value": problem.get("value") or "", "first": problem.get("first") or "?"}


def describe(problem: dict[str, Any]) -> str:
    return _("Row %(row)s, column “%(column)s”: %(problem)s") % {
        "row": problem["row"],
        "column": problem["column"],
        "problem": text(problem),
    }


def label(code: str) -> str:
    return str(MESSAGES.get(code, code)).split("“")[0].replace("%(value)s", "").strip() or code
