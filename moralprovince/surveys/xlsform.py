"""Instruments as XLSForm workbooks: the `survey` and `choices` sheets KoboToolbox and ODK
read, plus a `scoring` sheet (ignored by them) with the scoring rule and the grade bands.

survey:  type | name | label::Thai (th) | label::English (en) | required | reverse
         one `begin_group`/`end_group` per power (domain); questions `select_one answers`.
choices: list_name | name | label::Thai (th) | label::English (en)
scoring: kind | name | value | label::Thai (th) | label::English (en) | includes_min
         kind "rule" (name raw or rescaled) and one "band" row per grade band, best first.
settings: form_title | form_id | version | instrument_name_en | note
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from moralprovince.lib.sheets import workbook_bytes
from moralprovince.lib.uploads import XLSFORM, check_workbook
from moralprovince.surveys.spec import InstrumentData

TH, EN = "label::Thai (th)", "label::English (en)"
LIST = "answers"
META_QUESTIONS = [
    ("select_one sex", "sex", "เพศ", "Sex"),
    ("integer", "grade", "ระดับชั้น (1–12: ป.1 = 1, ม.1 = 7)", "Grade (1–12: P1 = 1, M1 = 7)"),
    ("integer", "age", "อายุ (ปี)", "Age (years)"),
    ("text", "school", "รหัสโรงเรียน", "School code"),
]


def write_workbook(data: InstrumentData, version: int) -> bytes:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", TH, EN, "required", "reverse"])
    for kind, name, th, en in META_QUESTIONS:
        survey.append([kind, name, th, en, "yes" if name != "age" else "", ""])
    for code, th, en in data.domains:
        survey.append(["begin_group", code, th, en, "", ""])
        for item, domain, text_th, text_en, reverse in data.items:
            if domain == code:
                survey.append(
                    [f"select_one {LIST}", item, text_th, text_en, "yes", "yes" if reverse else ""]
                )
        survey.append(["end_group", "", "", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", TH, EN])
    for value, th, en in data.choices:
        choices.append([LIST, value, th, en])
    for value, th, en in ((1, "ชาย", "Male"), (2, "หญิง", "Female"), (3, "ไม่ระบุ", "Not stated")):
        choices.append(["sex", value, th, en])
    scoring = book.create_sheet("scoring")
    scoring.append(["kind", "name", "value", TH, EN, "includes_min"])
    scoring.append(["rule", data.rule, "", "", "", ""])
    for code, th, en, minimum, includes in data.bands:
        scoring.append(["band", code, float(minimum), th, en, "yes" if includes else "no"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "instrument_name_en", "note"])
    settings.append([data.name_th, data.code, str(version), data.name_en, data.note])
    return workbook_bytes(book)


class WorkbookRefused(Exception):
    pass


def _rows(book: Any, name: str) -> list[dict[str, Any]]:
    if name not in book.sheetnames:
        raise WorkbookRefused(_("The workbook has no “%(sheet)s” sheet.") % {"sheet": name})
    rows = list(book[name].iter_rows(values_only=True))
    if not rows:
        raise WorkbookRefused(_("The “%(sheet)s” sheet is empty.") % {"sheet": name})
    header = [str(h or "").strip() for h in rows[0]]
    return [
        {
            "_row": number,
            **{h: ("" if v is None else str(v).strip()) for h, v in zip(header, row, strict=False)},
        }
        for number, row in enumerate(rows[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]


def _first_row(book: Any, name: str) -> dict[str, Any]:
    rows = _rows(book, name)
    if not rows:
        raise WorkbookRefused(
            _("The “%(sheet)s” sheet has headings but no row under them.") % {"sheet": name}
        )
    return rows[0]


def read_workbook(content: bytes) -> InstrumentData:
    """Read an instrument; raise WorkbookRefused saying which sheet and row is wrong."""
    check_workbook(content, XLSFORM, refuse=WorkbookRefused)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise WorkbookRefused(_("This is not an Excel workbook (.xlsx).")) from None
    settings = _first_row(book, "settings")
    domains: list[tuple[str, str, str]] = []
    items: list[tuple[str, str, str, str, bool]] = []
    current = ""
    for row in _rows(book, "survey"):
        kind = row.get("type", "")
        if kind == "begin_group":
            current = row.get("name", "")
            domains.append((current, row.get(TH, ""), row.get(EN, "")))
        elif kind == "end_group":
            current = ""
        elif kind.startswith(f"select_one {LIST}"):
            if not current:
                raise WorkbookRefused(
                    _("survey sheet, row %(row)s: the question is outside any power (group).")
                    % {"row": row["_row"]}
                )
            reverse = row.get("reverse", "").lower() in ("yes", "true", "1", "ใช่")
            items.append((row.get("name", ""), current, row.get(TH, ""), row.get(EN, ""), reverse))
    choices = []
    for row in _rows(book, "choices"):
        if row.get("list_name") == LIST:
            try:
                choices.append((int(float(row.get("name", ""))), row.get(TH, ""), row.get(EN, "")))
            except (ValueError, OverflowError):
                raise WorkbookRefused(
                    _("choices sheet, row %(row)s: the answer value must be a whole number.")
                    % {"row": row["_row"]}
                ) from None
    rule, bands = _scoring(_rows(book, "scoring"))
    values = [c[0] for c in choices] or [0, 1]
    return InstrumentData(
        code=settings.get("form_id", ""),
        name_th=settings.get("form_title", ""),
        name_en=settings.get("instrument_name_en", ""),
        note=settings.get("note", ""),
        scale=(min(values), max(values)),
        rule=rule,
        domains=domains,
        items=items,
        choices=choices,
        bands=bands,
    )


def _scoring(rows: list[dict[str, Any]]) -> tuple[str, list[Any]]:
    rule = ""
    bands = []
    for row in rows:
        if row.get("kind") == "rule":
            rule = row.get("name", "")
        elif row.get("kind") == "band":
            try:
                minimum = Decimal(row.get("value", ""))
                if not minimum.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                raise WorkbookRefused(
                    _("scoring sheet, row %(row)s: the band's lowest percent must be a number.")
                    % {"row": row["_row"]}
                ) from None
            includes = row.get("includes_min", "").lower() in ("yes", "true", "1", "ใช่")
            bands.append((row.get("name", ""), row.get(TH, ""), row.get(EN, ""), minimum, includes))
    return rule, bands
