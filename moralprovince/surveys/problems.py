"""Import problems in words, in the reader's language: each names its row and column."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


# Each kind of problem without the value found: what the import's page shows, so that no
# child's grade, sex or age is read there.
KINDS = {
    "missing_answer": gettext_lazy("no answer"),
    "out_of_scale": gettext_lazy("not an answer on the scale"),
    "missing_school": gettext_lazy("no school"),
    "unknown_school": gettext_lazy("not one of the round's schools"),
    "other_province_school": gettext_lazy("a school of another province"),
    "missing_grade": gettext_lazy("no grade"),
    "bad_grade": gettext_lazy("not a grade (ป.1–ม.6 or 1–12)"),
    "bad_sex": gettext_lazy("not a sex (ชาย, หญิง, ไม่ระบุ)"),
    "bad_age": gettext_lazy("not an age from 6 to 25"),
    "repeated_id": gettext_lazy("repeats the submission id of an earlier row"),
}
ROWS_NAMED = 10


def by_column(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The problems grouped by column and kind, in the file's order: how many rows, and the
    numbers of the first few (to find them in the file); never the values found."""
    groups: dict[tuple[str, str], list[int]] = {}
    for problem in problems:
        groups.setdefault((problem["column"], problem["code"]), []).append(problem["row"])
    return [
        {
            "column": column,
            "text": str(KINDS.get(code, code)),
            "count": len(rows),
            "rows": ", ".join(f"{row:,}" for row in sorted(rows)[:ROWS_NAMED])
            + (" …" if len(rows) > ROWS_NAMED else ""),
        }
        for (column, code), rows in sorted(groups.items(), key=lambda item: (min(item[1]), item[0]))
    ]


def text(problem: dict[str, Any]) -> str:
    message = str(MESSAGES.get(problem["code"], problem["code"]))
    return message % {"value": problem.get("value") or "", "first": problem.get("first") or "?"}


def describe(problem: dict[str, Any]) -> str:
    return _("Row %(row)s, column “%(column)s”: %(problem)s") % {
        "row": problem["row"],
        "column": problem["column"],
        "problem": text(problem),
    }


def summary(code: str, count: int) -> str:
    """How many times a kind of problem was found, as a sentence in the reader's language."""
    number = f"{count:,}"
    words = {
        "missing_answer": ngettext(
            "%(count)s answer is missing.", "%(count)s answers are missing.", count
        ),
        "out_of_scale": ngettext(
            "%(count)s answer is not a value of the answer scale.",
            "%(count)s answers are not values of the answer scale.",
            count,
        ),
        "missing_school": ngettext(
            "%(count)s row has no school.", "%(count)s rows have no school.", count
        ),
        "unknown_school": ngettext(
            "%(count)s row names a school that is not in the round.",
            "%(count)s rows name a school that is not in the round.",
            count,
        ),
        "other_province_school": ngettext(
            "%(count)s row names a school of another province.",
            "%(count)s rows name a school of another province.",
            count,
        ),
        "missing_grade": ngettext(
            "%(count)s row has no grade.", "%(count)s rows have no grade.", count
        ),
        "bad_grade": ngettext(
            "%(count)s row has a grade that is not ป.1–ม.6 (1–12).",
            "%(count)s rows have a grade that is not ป.1–ม.6 (1–12).",
            count,
        ),
        "bad_sex": ngettext(
            "%(count)s row has a sex that is not ชาย, หญิง or ไม่ระบุ.",
            "%(count)s rows have a sex that is not ชาย, หญิง or ไม่ระบุ.",
            count,
        ),
        "bad_age": ngettext(
            "%(count)s row has an age outside 6 to 25.",
            "%(count)s rows have an age outside 6 to 25.",
            count,
        ),
        "repeated_id": ngettext(
            "%(count)s row repeats the submission id of an earlier row.",
            "%(count)s rows repeat the submission id of an earlier row.",
            count,
        ),
    }
    text = words.get(code) or _("%(count)s problems of another kind.")
    return text % {"count": number}
