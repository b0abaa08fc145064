"""Criteria versions as Excel workbooks, out and back in, as the survey instruments are.

items:    number | text_th | text_en | level | scoring | band_2_th … band_0_en |
          share_high | share_mid | evidence_th | evidence_en | evidence_required | prefill
rules:    level | min_share | requirements ("1=1, 2=1": item 1 at least 1 point, …)
settings: unit_type | fiscal_year | title_th | title_en | note | version_id (row 2)
readme:   what each column means, in Thai and English (not read back)

Reading checks every cell and names each problem by sheet, row and column; importing makes a
NEW draft version, so a version that rounds and assessments use is never changed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from moralprovince.accounts.access import Actor, person
from moralprovince.assessments import access
from moralprovince.assessments.models import (
    LEVELS,
    MAX_POINTS,
    CriteriaVersion,
    CriterionItem,
    ItemRequirement,
    LevelRule,
    Prefill,
    ScoringKind,
    UnitType,
    VersionStatus,
)
from moralprovince.assessments.problems import Problem, percent, text, whole_number, yes_no
from moralprovince.audit.services import log_action
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from moralprovince.lib.sheets import workbook_bytes
from moralprovince.lib.thaitext import normalise
from moralprovince.lib.uploads import XLSFORM, workbook_problems

SETTINGS, ITEMS, RULES, README = "settings", "items", "rules", "readme"
SETTINGS_COLUMNS = ["unit_type", "fiscal_year", "title_th", "title_en", "note", "version_id"]
ITEM_COLUMNS = [
    "number",
    "text_th",
    "text_en",
    "level",
    "scoring",
    "band_2_th",
    "band_1_th",
    "band_0_th",
    "band_2_en",
    "band_1_en",
    "band_0_en",
    "share_high",
    "share_mid",
    "evidence_th",
    "evidence_en",
    "evidence_required",
    "prefill",
]
RULE_COLUMNS = ["level", "min_share", "requirements"]
TEXT_LIMITS = {"title_th": 300, "title_en": 300}
README_ROWS = [
    ("items", "number", "เลขข้อ (จำนวนเต็ม ไม่ซ้ำ)", "Item number (a whole number, not repeated)"),
    ("items", "level", "ระดับที่ข้อนี้อยู่: 1, 2 หรือ 3", "The level the item belongs to: 1, 2 or 3"),
    (
        "items",
        "scoring",
        "วิธีให้คะแนน: points (2/1/0), share (ร้อยละเป็นช่วง), yes_no (มี/ไม่มี)",
        "Scoring: points (2/1/0), share (a percent in bands), yes_no",
    ),
    (
        "items",
        "share_high / share_mid",
        "สำหรับ share: ร้อยละขั้นต่ำที่ได้ 2 และ 1 คะแนน",
        "For share: the least percent scoring 2 and 1 points",
    ),
    ("items", "evidence_required", "ต้องมีหลักฐาน: yes หรือ no", "Evidence is required: yes or no"),
    (
        "items",
        "prefill",
        "ข้อมูลที่ระบบเติมให้ (ว่างได้): " + ", ".join(p.value for p in Prefill if p.value),
        "Filled in from the system's records (may be empty)",
    ),
    ("rules", "min_share", "ร้อยละของคะแนนที่ต้องได้", "The share of points needed (%)"),
    (
        "rules",
        "requirements",
        "ข้อที่ต้องได้คะแนนขั้นต่ำ เช่น 1=1, 2=1",
        "Items that must score at least so much, e.g. 1=1, 2=1",
    ),
]


# --- writing ------------------------------------------------------------------------------------


def write_workbook(version: CriteriaVersion) -> bytes:
    """The version as a workbook that `read_workbook` reads back to the same criteria."""
    book = Workbook()
    settings = book.active
    settings.title = SETTINGS
    _header(settings, SETTINGS_COLUMNS)
    settings.append(
        [
            version.unit_type,
            version.fiscal_year,
            version.title_th,
            version.title_en,
            version.note,
            version.pk,
        ]
    )
    items = book.create_sheet(ITEMS)
    _header(items, ITEM_COLUMNS)
    for item in version.items.order_by("number"):
        row = [getattr(item, name) for name in ITEM_COLUMNS]
        row[ITEM_COLUMNS.index("share_high")] = float(item.share_high)
        row[ITEM_COLUMNS.index("share_mid")] = float(item.share_mid)
        row[ITEM_COLUMNS.index("evidence_required")] = "yes" if item.evidence_required else "no"
        items.append(row)
    rules = book.create_sheet(RULES)
    _header(rules, RULE_COLUMNS)
    for rule in version.rules.prefetch_related("requirements__item").order_by("level"):
        needs = ", ".join(
            f"{r.item.number}={r.min_points}"
            for r in sorted(rule.requirements.all(), key=lambda r: r.item.number)
        )
        rules.append([rule.level, float(rule.min_share), needs])
    readme = book.create_sheet(README)
    _header(readme, ["sheet", "column", "ภาษาไทย", "English"])
    for line in README_ROWS:
        readme.append(list(line))
    # The items open first and the level rule comes second; the version's settings after.
    book.move_sheet(SETTINGS, offset=2)
    book.active = 0
    return workbook_bytes(book)


def _header(sheet: Any, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index in range(1, len(names) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18


# --- reading ------------------------------------------------------------------------------------


@dataclass
class ItemData:
    row: int
    values: dict[str, Any]


@dataclass
class CriteriaData:
    """A workbook read whole: the version's fields, its items and its rule; or problems."""

    version: dict[str, Any] = field(default_factory=dict)
    based_on: CriteriaVersion | None = None
    items: list[ItemData] = field(default_factory=list)
    shares: dict[int, Decimal] = field(default_factory=dict)
    requirements: dict[int, dict[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))


class Sheet:
    """A sheet's rows by column key, with each key's column letter for the messages."""

    def __init__(self, book: Any, name: str, keys: list[str], data: CriteriaData) -> None:
        self.name = name
        self.letters: dict[str, str] = {}
        self.rows: list[tuple[int, dict[str, Any]]] = []
        if name not in book.sheetnames:
            data.problem(name, None, "", _("The sheet %(name)s is missing.") % {"name": name})
            return
        rows = book[name].iter_rows(values_only=True)
        header = [text(v) for v in next(rows, ())]
        for index, title in enumerate(header):
            if title in keys:
                self.letters[title] = get_column_letter(index + 1)
        missing = [k for k in keys if k not in self.letters and k != "version_id"]
        for key in missing:
            data.problem(name, 1, key, _("The column %(name)s is missing.") % {"name": key})
        if missing:
            return
        for number, values in enumerate(rows, start=2):
            if all(v is None or text(v) == "" for v in values):
                continue
            cells = {
                title: values[i] if i < len(values) else None
                for i, title in enumerate(header)
                if title in keys
            }
            self.rows.append((number, cells))

    def where(self, key: str) -> str:
        letter = self.letters.get(key, "")
        return f"{letter} ({key})" if letter else key


def read_workbook(upload: Any) -> CriteriaData:
    """Check every sheet, row and cell of a criteria workbook; return the data or problems."""
    data = CriteriaData()
    for message in workbook_problems(upload, XLSFORM):
        data.problem(_("file"), None, "", message)
    if data.problems:
        return data
    try:
        content = upload.read() if hasattr(upload, "read") else upload
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        # A damaged file fails in openpyxl in many ways; each means it cannot be read.
        data.problem(_("file"), None, "", _("This is not an Excel workbook (.xlsx)."))
        return data
    sheets = [
        Sheet(book, SETTINGS, SETTINGS_COLUMNS, data),
        Sheet(book, ITEMS, ITEM_COLUMNS, data),
        Sheet(book, RULES, RULE_COLUMNS, data),
    ]
    book.close()
    if data.problems:
        return data
    _read_settings(sheets[0], data)
    maxima = _read_items(sheets[1], data)
    _read_rules(sheets[2], data, maxima)
    return data


def _choice(choices: Any, value: Any) -> str:
    """A choice by its stored value or by its Thai or English label; ValueError if none."""
    wanted = normalise(text(value))
    for language in ("th", "en"):
        with translation.override(language):
            for stored, label in choices.choices:
                if wanted in (normalise(str(stored)), normalise(str(label))):
                    return str(stored)
    raise ValueError(
        _("Write one of: %(values)s.") % {"values": ", ".join(str(v) for v in choices.values if v)}
    )


def _read_settings(sheet: Sheet, data: CriteriaData) -> None:
    if not sheet.rows:
        data.problem(sheet.name, 2, "", _("Write the version's unit type, year and title."))
        return
    row, cells = sheet.rows[0]
    readers = {
        "unit_type": lambda v: _choice(UnitType, v),
        "fiscal_year": _year,
        "title_th": lambda v: _required_text(v, 300),
        "title_en": lambda v: _optional_text(v, 300),
        "note": lambda v: text(v),
    }
    for key, read in readers.items():
        try:
            data.version[key] = read(cells.get(key))
        except ValueError as error:
            data.problem(sheet.name, row, sheet.where(key), str(error))
    source = cells.get("version_id")
    if text(source).isdigit():
        data.based_on = CriteriaVersion.objects.filter(pk=int(text(source))).first()


def _year(value: Any) -> int:
    year = whole_number(value)
    if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        raise ValueError(
            _("Write a fiscal year in the Buddhist Era, from %(first)s to %(last)s.")
            % {"first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR}
        )
    return year


def _required_text(value: Any, limit: int = 0) -> str:
    written = text(value)
    if not written:
        raise ValueError(_("This cell must be filled in."))
    return _optional_text(written, limit)


def _optional_text(value: Any, limit: int = 0) -> str:
    written = text(value)
    if limit and len(written) > limit:
        raise ValueError(_("Write at most %(n)s characters.") % {"n": limit})
    return written


def _level(value: Any) -> int:
    level = whole_number(value)
    if level not in [lv.value for lv in LEVELS]:
        raise ValueError(_("Write a level: 1, 2 or 3."))
    return level


ITEM_READERS: dict[str, Any] = {
    "number": whole_number,
    "text_th": _required_text,
    "text_en": _optional_text,
    "level": _level,
    "scoring": lambda v: _choice(ScoringKind, v),
    "share_high": percent,
    "share_mid": percent,
    "evidence_required": yes_no,
    "prefill": lambda v: _choice(Prefill, v) if text(v) else "",
}


def _read_items(sheet: Sheet, data: CriteriaData) -> dict[int, int]:
    """Read the items; return each well-read item's most points, by number."""
    maxima: dict[int, int] = {}
    first_row: dict[int, int] = {}
    for row, cells in sheet.rows:
        values: dict[str, Any] = {}
        clean = True
        for key in ITEM_COLUMNS:
            read = ITEM_READERS.get(key, _optional_text)
            try:
                values[key] = read(cells.get(key))
            except ValueError as error:
                data.problem(sheet.name, row, sheet.where(key), str(error))
                clean = False
        if not clean:
            # The rules sheet may still name the item: its problem is said here, once.
            if isinstance(values.get("number"), int):
                maxima.setdefault(values["number"], 2)
            continue
        number = values["number"]
        if number < 1:
            data.problem(sheet.name, row, sheet.where("number"), _("Write a number from 1 up."))
            continue
        if number in first_row:
            data.problem(
                sheet.name,
                row,
                sheet.where("number"),
                _("Item %(item)s is already on row %(row)s.")
                % {"item": number, "row": first_row[number]},
            )
            continue
        first_row[number] = row
        maxima[number] = MAX_POINTS[ScoringKind(values["scoring"])]
        if values["share_mid"] > values["share_high"]:
            data.problem(
                sheet.name,
                row,
                sheet.where("share_mid"),
                _("The share for 1 point must not be above the share for 2 points."),
            )
            continue
        data.items.append(ItemData(row, values))
    if not sheet.rows:
        data.problem(sheet.name, 2, "", _("Write at least one item."))
    return maxima


def _read_rules(sheet: Sheet, data: CriteriaData, maxima: dict[int, int]) -> None:
    for row, cells in sheet.rows:
        try:
            level = _level(cells.get("level"))
        except ValueError as error:
            data.problem(sheet.name, row, sheet.where("level"), str(error))
            continue
        if level in data.shares:
            data.problem(
                sheet.name,
                row,
                sheet.where("level"),
                _("Level %(level)s has a rule on an earlier row.") % {"level": level},
            )
            continue
        try:
            data.shares[level] = percent(cells.get("min_share"))
        except ValueError as error:
            data.problem(sheet.name, row, sheet.where("min_share"), str(error))
        try:
            data.requirements[level] = _requirements(cells.get("requirements"), maxima)
        except ValueError as error:
            data.problem(sheet.name, row, sheet.where("requirements"), str(error))


def _requirements(value: Any, maxima: dict[int, int]) -> dict[int, int]:
    needs: dict[int, int] = {}
    for part in text(value).replace(";", ",").split(","):
        if not part.strip():
            continue
        item_text, sep, points_text = part.replace("≥", "=").partition("=")
        try:
            item, points = whole_number(item_text.strip()), whole_number(points_text.strip())
        except ValueError:
            raise ValueError(
                _("Write each item and its least points as item=points, e.g. 1=1, 2=1.")
            ) from None
        if not sep:
            raise ValueError(
                _("Write each item and its least points as item=points, e.g. 1=1, 2=1.")
            )
        if item not in maxima:
            raise ValueError(_("There is no item %(item)s on the items sheet.") % {"item": item})
        if points > maxima[item]:
            raise ValueError(
                _("Item %(item)s scores at most %(max)s.") % {"item": item, "max": maxima[item]}
            )
        needs[item] = points
    return needs


# --- storing ------------------------------------------------------------------------------------


@transaction.atomic
def import_version(*, actor: Actor, data: CriteriaData) -> CriteriaVersion:
    """Store a workbook read without problems as a new draft version of its criteria."""
    access.require(actor, "assessments.criteria.manage")
    if not data.ok:
        raise ValueError("a workbook with problems is never stored")
    unit_type, year = data.version["unit_type"], data.version["fiscal_year"]
    # Lock the versions of this unit type and year, so two imports never take one number.
    numbers = CriteriaVersion.objects.select_for_update().filter(
        unit_type=unit_type, fiscal_year=year
    )
    number = (numbers.aggregate(n=Max("number"))["n"] or 0) + 1
    based_on = data.based_on if data.based_on and data.based_on.unit_type == unit_type else None
    version = CriteriaVersion.objects.create(
        **data.version,
        number=number,
        status=VersionStatus.DRAFT,
        based_on=based_on,
        created_by=person(actor),
    )
    items = CriterionItem.objects.bulk_create(
        CriterionItem(version=version, **item.values) for item in data.items
    )
    by_number = {item.number: item for item in items}
    for level, share in sorted(data.shares.items()):
        rule = LevelRule.objects.create(version=version, level=level, min_share=share)
        ItemRequirement.objects.bulk_create(
            ItemRequirement(rule=rule, item=by_number[n], min_points=p)
            for n, p in sorted(data.requirements.get(level, {}).items())
        )
    log_action(
        actor=actor,
        action="assessments.criteria.imported",
        obj=version,
        province_id=None,
        after={
            "items": len(items),
            "levels": sorted(data.shares),
            "based_on": based_on.pk if based_on else None,
        },
    )
    return version
