"""The one check of answers, used by the web form, the API and the file import.

An answer is one of the version's values, written as a digit, a Thai digit or a choice's
label; an empty cell is no answer. Every path reads its answers here, so a value is
accepted or refused the same way wherever it comes from, and `problems.text` words the
refusal the same way too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from moralprovince.surveys.spec import Spec

MISSING = "missing_answer"
OUT_OF_SCALE = "out_of_scale"


@dataclass
class Problem:
    code: str  # MISSING or OUT_OF_SCALE
    item: str
    rows: pl.Series  # which rows have it
    given: pl.Series  # the column's answers as given, stripped


@dataclass
class CheckedAnswers:
    values: pl.DataFrame  # one Int8 column per item, null where the answer is wrong
    digits: pl.Series  # each row's answers as one text of digits, in the columns' order
    invalid: pl.Series  # rows with at least one problem
    problems: list[Problem]


def check_answers(spec: Spec, raw: pl.DataFrame) -> CheckedAnswers:
    """Read a frame of text answers, one column per item code.

    Plain digits are read in one vectorised pass; only a column holding anything else
    (labels, Thai digits, spaces, wrong values) goes through the slower lookup.
    """
    quick = raw.select(pl.all().cast(pl.Int8, strict=False))
    plain_row = pl.concat(
        [
            quick.select(pl.all().is_between(spec.scale_min, spec.scale_max).all()),
            quick.select(pl.all().null_count() == 0),
            raw.select(pl.all().str.len_bytes().max() == 1),
        ]
    ).select(pl.all().all())
    invalid = pl.Series("invalid", [False] * len(raw))
    problems: list[Problem] = []
    accepted = spec.accepted_values()
    plain: list[bool] = []
    for index, code in enumerate(raw.columns):
        plain.append(bool(plain_row[0, index]))
        if not plain[-1]:
            given = raw[code].str.strip_chars()
            value, missing, wrong = _read_column(given, accepted)
            quick = quick.with_columns(value.alias(code))
            invalid = invalid | missing | wrong
            problems += [
                Problem(name, code, mask, given)
                for name, mask in ((MISSING, missing), (OUT_OF_SCALE, wrong))
                if mask.any()
            ]
    # Plain columns keep their text digit; the others are written from the read value.
    both = pl.concat([raw, quick.rename(lambda c: f"{c}#")], how="horizontal")
    parts = [
        pl.col(code) if is_plain else pl.col(f"{code}#").cast(pl.String)
        for code, is_plain in zip(raw.columns, plain, strict=True)
    ]
    digits = both.select(pl.concat_str(parts).alias("answers")).to_series()
    return CheckedAnswers(quick, digits, invalid, problems)


def _read_column(
    given: pl.Series, accepted: dict[str, int]
) -> tuple[pl.Series, pl.Series, pl.Series]:
    """The values of one column, and which rows have no answer or a wrong one."""
    value = pl.select(
        pl.coalesce(
            given.replace_strict(accepted, default=None, return_dtype=pl.Int8),
            given.str.to_lowercase().replace_strict(accepted, default=None, return_dtype=pl.Int8),
        )
    ).to_series()
    missing = given.is_null() | (given == "")
    wrong = value.is_null() & ~missing
    return value, missing, wrong


def read_answers(
    spec: Spec, rows: Sequence[Mapping[str, Any]], items: Sequence[str] | None = None
) -> tuple[list[dict[str, int]], list[dict[str, Any]]]:
    """Check answers given one response at a time (the web form, the API).

    Returns each response's values by item code, and the problems in the import's shape:
    the response ("row", counted from 0), the item ("column"), the code and the value given.
    """
    codes = list(spec.items if items is None else items)
    if not codes or not rows:
        return [{} for _row in rows], []
    raw = pl.DataFrame(
        {code: [_text(row.get(code)) for row in rows] for code in codes},
        schema=dict.fromkeys(codes, pl.String),
    )
    checked = check_answers(spec, raw)
    found = [
        {"row": row, "column": p.item, "code": p.code, "value": p.given[row]}
        for p in checked.problems
        for row in p.rows.arg_true().to_list()
    ]
    found.sort(key=lambda p: (p["row"], codes.index(p["column"])))
    values = [
        {code: value for code, value in row.items() if value is not None}
        for row in checked.values.to_dicts()
    ]
    return values, found


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# --- who answered: grade, sex and age, checked the same way on every path --------------------

GRADES = range(1, 13)  # ป.1–ป.6 are 1–6, ม.1–ม.6 are 7–12
SEXES = (1, 2, 3)  # the codes of models.Sex
AGE_MIN, AGE_MAX = 6, 25


def profile_problems(grade: Any, sex: Any, age: Any) -> list[str]:
    """What is wrong with a respondent's grade, sex and age (age may be missing)."""
    problems = []
    if not _whole(grade) or grade not in GRADES:
        problems.append(_("the grade must be 1–12 (ป.1 is 1, ม.1 is 7)"))
    if not _whole(sex) or sex not in SEXES:
        problems.append(_("the sex must be 1 (male), 2 (female) or 3 (other or not stated)"))
    if age is not None and (not _whole(age) or not AGE_MIN <= age <= AGE_MAX):
        problems.append(
            _("the age must be %(low)s–%(high)s years or left out")
            % {"low": AGE_MIN, "high": AGE_MAX}
        )
    return problems


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
