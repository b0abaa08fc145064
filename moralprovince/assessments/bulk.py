"""Results collected on paper, entered through an Excel template; a round's results out.

The template is per round and unit type: row 1 says what each column holds in Thai and
English, row 2 holds the column keys that are read back, one row per unit follows (its id,
code and name, then for each item its score and an optional account). A share item takes
the percent, and its points follow from the item's bands.

Reading checks every row and cell first and names each problem by row and column; nothing
is stored while any is left. A row whose content is what is already stored, at the status
the import gives, is left alone, so importing the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from moralprovince.accounts.access import Actor, person
from moralprovince.assessments import access
from moralprovince.assessments.levels import Reason, rules_of
from moralprovince.assessments.models import (
    Assessment,
    AssessmentStatus,
    CriterionItem,
    ItemScore,
    Level,
    Round,
    ScoringKind,
    Transition,
    UnitType,
)
from moralprovince.assessments.problems import Problem, percent, text, whole_number
from moralprovince.audit.services import actor_name, log_action
from moralprovince.lib.sheets import workbook_bytes
from moralprovince.lib.thaidate import arabic_digits
from moralprovince.lib.thaitext import normalise
from moralprovince.lib.uploads import PLAN_WORKBOOK, workbook_problems
from moralprovince.organisations.models import Membership, Organisation

S = AssessmentStatus
LABEL_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3
UNIT_COLUMNS = ["unit_id", "code", "name", "district"]
# The statuses an import may give, and those whose content it may replace.
TARGETS = (S.SUBMITTED, S.VERIFIED)
REPLACEABLE = (S.NOT_STARTED, S.DRAFT, S.RETURNED, S.SUBMITTED)
# How far along a status is: a row already stored at or past the import's status is left alone.
RANK: dict[str, int] = {S.SUBMITTED: 1, S.VERIFIED: 2, S.APPROVED: 3}
# Types whose units the template lists; the province assesses itself on its own page.
BULK_TYPES = (UnitType.ORGANISATION, UnitType.COMMUNITY, UnitType.DISTRICT)


def sheet_name(unit_type: str) -> str:
    return str(unit_type)


def _score_key(number: int) -> str:
    return f"item_{number}"


def _account_key(number: int) -> str:
    return f"account_{number}"


# --- the template -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    assessment_id: int
    # An organisation's or community's id, a district's code: as text, as a cell reads.
    unit_id: str
    code: str
    name: str
    district: str
    status: str


def round_units(rnd: Round, unit_type: str) -> list[Unit]:
    """The round's units of a type, in one query, in the order of their names."""
    rows = Assessment.objects.filter(round=rnd, unit_type=unit_type)
    if unit_type == UnitType.ORGANISATION:
        unit, code, name = "organisation_id", "organisation__code", "organisation__name_th"
    elif unit_type == UnitType.COMMUNITY:
        unit, code, name = "community_id", "", "community__name_th"
    else:
        unit, code, name = "district_id", "district_id", "district__name_th"
    found = [
        Unit(
            assessment_id=values["pk"],
            unit_id=str(values[unit]),
            code=values[code] if code else "",
            name=values[name],
            district=values["district__name_th"] or "",
            status=values["status"],
        )
        for values in rows.values(
            *{"pk", unit, name, "district__name_th", "status", *([code] if code else [])}
        )
    ]
    return sorted(found, key=lambda u: (u.name, u.unit_id))


def write_template(rnd: Round, unit_type: str) -> bytes:
    """The template for a round and unit type, with what each unit has already stored."""
    version = rnd.criteria.get(unit_type=unit_type).version
    items = list(version.items.order_by("number"))
    units = round_units(rnd, unit_type)
    stored = _stored([u.assessment_id for u in units])
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(unit_type)
    labels, keys = _columns(items)
    sheet.append(labels)
    sheet.append(keys)
    for cell in sheet[LABEL_ROW]:
        cell.font = Font(bold=True)
    for cell in sheet[KEY_ROW]:
        cell.font = Font(color="808080", size=9)
    sheet.freeze_panes = f"{get_column_letter(len(UNIT_COLUMNS) + 1)}{FIRST_ROW}"
    for unit in units:
        row: list[Any] = [_cell_id(unit.unit_id), unit.code, unit.name, unit.district]
        scores = stored.get(unit.assessment_id, {})
        for item in items:
            points, share, account = scores.get(item.number, (None, None, ""))
            row += [float(share) if share is not None else points, account or None]
        sheet.append(row)
    for index in range(1, len(keys) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.column_dimensions["C"].width = 40
    about = book.create_sheet("about")
    about.append(["round_id", "unit_type", "version_id", "fiscal_year"])
    about.append([rnd.pk, unit_type, version.pk, rnd.fiscal_year])
    return workbook_bytes(book)


def _cell_id(unit_id: str) -> Any:
    return int(unit_id) if unit_id.isdigit() and not unit_id.startswith("0") else unit_id


def _columns(items: list[CriterionItem]) -> tuple[list[str], list[str]]:
    labels = [
        _("Unit ID (do not change)"),
        _("Code"),
        _("Name"),
        _("District"),
    ]
    keys = list(UNIT_COLUMNS)
    for item in items:
        if item.scoring == ScoringKind.SHARE:
            rule = _("share, 0–100 %")
        else:
            rule = ", ".join(str(p) for p in range(item.max_points + 1))
        labels += [
            _("Item %(item)s (%(rule)s)") % {"item": item.number, "rule": rule},
            _("Item %(item)s: account") % {"item": item.number},
        ]
        keys += [_score_key(item.number), _account_key(item.number)]
    return labels, keys


def _stored(assessment_ids: Iterable[int]) -> dict[int, dict[int, tuple[Any, Any, str]]]:
    """Each assessment's own scores by item number: (points, share, account)."""
    ids = list(assessment_ids)
    found: dict[int, dict[int, tuple[Any, Any, str]]] = defaultdict(dict)
    for chunk in _chunks(ids, 5000):
        rows = ItemScore.objects.filter(assessment_id__in=chunk).values_list(
            "assessment_id", "item__number", "self_points", "self_share", "account"
        )
        for assessment_id, number, points, share, account in rows:
            found[assessment_id][number] = (points, share, account)
    return found


def _chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- reading ------------------------------------------------------------------------------------


@dataclass
class Row:
    row: int
    unit: Unit
    # Item number -> (points, share, account).
    scores: dict[int, tuple[int, Decimal | None, str]]
    changed: bool = True


@dataclass
class BulkResult:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> list[Row]:
        return [row for row in self.rows if row.changed]

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))


def content_hash(scores: dict[int, tuple[Any, Any, str]]) -> str:
    """A digest of a unit's scores, equal for equal content however it was read."""
    canonical = [
        [
            number,
            points,
            None if share is None else str(Decimal(share).quantize(Decimal("0.01"))),
            (account or "").strip(),
        ]
        for number, (points, share, account) in sorted(scores.items())
    ]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()


def read_results(upload: Any, *, rnd: Round, unit_type: str, target: str) -> BulkResult:
    """Check every row of a filled template; return the rows to store or the problems."""
    result = BulkResult()
    name = sheet_name(unit_type)
    for message in workbook_problems(upload, PLAN_WORKBOOK):
        result.problem(_("file"), None, "", message)
    if result.problems:
        return result
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read() if hasattr(upload, "read") else upload
    try:
        rows = _sheet_rows(content, name)
    except KeyError:
        result.problem(name, None, "", _("The sheet %(name)s is missing.") % {"name": name})
        return result
    except Exception:
        # A damaged file fails in the reader in many ways; each means it cannot be read.
        result.problem(_("file"), None, "", _("This is not an Excel workbook (.xlsx)."))
        return result
    Reader(rnd, unit_type, target, name, result).read(rows)
    return result


def _sheet_rows(content: bytes, name: str) -> list[tuple[Any, ...]]:
    """A sheet's rows as text (None for an empty cell), blank rows kept.

    Read with calamine (fastexcel), several times faster than openpyxl on thousands of rows.
    Its grid starts at the first filled cell, which in the template is A1, so row numbers are
    those Excel shows. KeyError when the sheet is missing.
    """
    import fastexcel

    reader = fastexcel.read_excel(content)
    if name not in reader.sheet_names:
        raise KeyError(name)
    frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
    return frame.rows()


class Reader:
    def __init__(self, rnd: Round, unit_type: str, target: str, name: str, result: BulkResult):
        self.rnd, self.unit_type, self.target, self.name = rnd, unit_type, target, name
        self.result = result
        version = rnd.criteria.get(unit_type=unit_type).version
        self.items = list(version.items.order_by("number"))
        self.units = round_units(rnd, unit_type)
        self.by_id = {u.unit_id: u for u in self.units}
        self.by_code: dict[str, list[Unit]] = defaultdict(list)
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            if unit.code:
                self.by_code[normalise(unit.code)].append(unit)
            self.by_name[normalise(unit.name)].append(unit)
        self.letters: dict[str, str] = {}
        self.seen: dict[str, int] = {}

    def problem(self, row: int | None, key: str, message: str) -> None:
        letter = self.letters.get(key, "")
        column = f"{letter} ({key})" if letter else key
        self.result.problem(self.name, row, column, message)

    def read(self, rows: list[tuple[Any, ...]]) -> None:
        header = [text(v) for v in rows[KEY_ROW - 1]] if len(rows) >= KEY_ROW else []
        index = {key: i for i, key in enumerate(header) if key}
        self.letters = {key: get_column_letter(i + 1) for key, i in index.items()}
        needed = ["unit_id", "code", "name"] + [_score_key(i.number) for i in self.items]
        missing = [key for key in needed if key not in index]
        for key in missing:
            self.result.problem(
                self.name, KEY_ROW, key, _("The column %(name)s is missing.") % {"name": key}
            )
        if missing:
            return
        stored = _stored(u.assessment_id for u in self.units)
        for number, values in enumerate(rows[KEY_ROW:], start=FIRST_ROW):
            cells = {key: values[i] if i < len(values) else None for key, i in index.items()}
            self._read_row(number, cells, stored)

    def _read_row(
        self, number: int, cells: dict[str, Any], stored: dict[int, dict[int, Any]]
    ) -> None:
        score_keys = [_score_key(i.number) for i in self.items]
        if all(text(cells.get(k)) == "" for k in score_keys):
            if any(text(v) for v in cells.values()):
                self.result.skipped += 1
            return
        unit = self._unit(number, cells)
        scores = self._scores(number, cells)
        if unit is None or scores is None:
            return
        if unit.unit_id in self.seen:
            self.problem(
                number,
                "unit_id",
                _("This unit is already on row %(row)s.") % {"row": self.seen[unit.unit_id]},
            )
            return
        self.seen[unit.unit_id] = number
        row = Row(number, unit, scores)
        same = content_hash(scores) == content_hash(stored.get(unit.assessment_id, {}))
        if same and RANK.get(unit.status, 0) >= RANK[self.target]:
            row.changed = False
        elif unit.status not in REPLACEABLE:
            self.problem(
                number,
                "unit_id",
                _("This unit's assessment is %(status)s: return or reopen it before importing.")
                % {"status": S(unit.status).label},
            )
            return
        self.result.rows.append(row)

    def _unit(self, number: int, cells: dict[str, Any]) -> Unit | None:
        raw_id, code, name = cells.get("unit_id"), text(cells.get("code")), text(cells.get("name"))
        if text(raw_id):
            unit_id = arabic_digits(text(raw_id))
            unit = self.by_id.get(unit_id)
            if unit is None:
                self.problem(number, "unit_id", self._not_found(unit_id))
            return unit
        for key, value, table in (("code", code, self.by_code), ("name", name, self.by_name)):
            if not value:
                continue
            found = table.get(normalise(value), [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                self.problem(
                    number,
                    key,
                    _("Several units have this %(key)s: write the unit ID.") % {"key": key},
                )
                return None
            self.problem(number, key, self._not_found(None, value))
            return None
        self.problem(number, "unit_id", _("Write the unit ID, code or name."))
        return None

    def _not_found(self, unit_id: str | None, value: str = "") -> str:
        if self.unit_type == UnitType.ORGANISATION:
            others = Organisation.objects.exclude(province_id=self.rnd.province_id)
            if unit_id is not None:
                other = unit_id.isdigit() and others.filter(pk=int(unit_id)).exists()
            else:
                other = others.filter(code=value).exists() or others.filter(name_th=value).exists()
            if other:
                return _("This organisation belongs to another province.")
            return _("There is no such organisation in this round.")
        return _("There is no such unit in this round.")

    def _scores(
        self, number: int, cells: dict[str, Any]
    ) -> dict[int, tuple[int, Decimal | None, str]] | None:
        scores = {}
        clean = True
        for item in self.items:
            key = _score_key(item.number)
            try:
                scores[item.number] = (*score_of(item, cells.get(key)), self._account(cells, item))
            except ValueError as error:
                self.problem(number, key, str(error))
                clean = False
        return scores if clean else None

    def _account(self, cells: dict[str, Any], item: CriterionItem) -> str:
        return text(cells.get(_account_key(item.number)))


def score_of(item: CriterionItem, value: Any) -> tuple[int, Decimal | None]:
    """An item's points (and for a share item, the share) from a cell; ValueError if the
    cell is empty or outside the item's rule."""
    if text(value) == "":
        raise ValueError(_("Item %(item)s has no score.") % {"item": item.number})
    if item.scoring == ScoringKind.SHARE:
        try:
            share = percent(value)
        except ValueError:
            raise ValueError(
                _("Item %(item)s: write the share as a percent from 0 to 100.")
                % {"item": item.number}
            ) from None
        return item.points_for_share(share), share
    allowed = range(item.max_points + 1)
    try:
        points = whole_number(value)
    except ValueError:
        points = -1
    if points not in allowed:
        raise ValueError(
            _("Item %(item)s: the score must be one of %(allowed)s.")
            % {"item": item.number, "allowed": ", ".join(str(p) for p in allowed)}
        )
    return points, None


# --- storing ------------------------------------------------------------------------------------


@transaction.atomic
def apply_results(
    *, actor: Actor, rnd: Round, unit_type: str, target: str, result: BulkResult
) -> int:
    """Store the changed rows of a checked import; return how many assessments changed."""
    access.require(actor, "assessments.round.manage", rnd)
    if not result.ok or target not in TARGETS:
        raise ValueError("an import with problems is never stored")
    rows = result.changed
    if not rows:
        return 0
    version = rnd.criteria.get(unit_type=unit_type).version
    items = {i.number: i for i in version.items.all()}
    rule = rules_of(version)
    ids = [row.unit.assessment_id for row in rows]
    # Lock the rows, so a page that saves one meanwhile waits for the import.
    list(Assessment.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    verified = target == S.VERIFIED
    _write_scores(rows, items, verified)
    now = timezone.now()
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in rows:
        decision = rule.decide({n: p for n, (p, _s, _a) in row.scores.items()})
        groups[(decision.level, json.dumps(decision.reasons_data()))].append(row.unit.assessment_id)
    changes: dict[str, Any] = {"status": target, "entered_by": person(actor), "submitted_at": now}
    if verified:
        changes.update(verified_by=person(actor), verified_at=now)
    for (level, reasons), members in groups.items():
        for chunk in _chunks(members, 500):
            Assessment.objects.filter(pk__in=chunk).update(
                level=level, level_reason=json.loads(reasons), updated_at=now, **changes
            )
    step = _("Entered from an Excel import of paper results.")
    _insert(
        Transition,
        ["assessment", "from_status", "to_status", "actor", "actor_name", "reason", "at"],
        [
            (
                row.unit.assessment_id,
                row.unit.status,
                target,
                _pk(actor),
                actor_name(actor),
                step,
                now,
            )
            for row in rows
        ],
    )
    log_action(
        actor=actor,
        action="assessments.results.imported",
        obj=rnd,
        province_id=rnd.province_id,
        after={"unit_type": unit_type, "status": target, "changed": len(rows)},
    )
    return len(rows)


def _write_scores(rows: list[Row], items: dict[int, CriterionItem], verified: bool) -> None:
    """Update the item scores in place (evidence stays attached), adding those missing.

    One statement run for many parameter sets: the ORM's bulk_update writes a CASE per row,
    which is slow at thousands of units.
    """
    have = _have_scores([row.unit.assessment_id for row in rows])
    share_field = ItemScore._meta.get_field("self_share")
    missing: list[tuple[Any, ...]] = []
    updates = []
    for row in rows:
        for number, (points, share, account) in row.scores.items():
            item = items[number]
            checked = points if verified else None
            if (row.unit.assessment_id, item.pk) in have:
                stored_share = share_field.get_db_prep_save(share, connection)
                updates.append(
                    (points, stored_share, account, checked, row.unit.assessment_id, item.pk)
                )
            else:
                missing.append(
                    (row.unit.assessment_id, item.pk, points, share, account, checked, "", False)
                )
    table = connection.ops.quote_name(ItemScore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET self_points = %s, self_share = %s, account = %s, "
            "verified_points = %s WHERE assessment_id = %s AND item_id = %s",
            updates,
        )
    _insert(
        ItemScore,
        [
            "assessment",
            "item",
            "self_points",
            "self_share",
            "account",
            "verified_points",
            "comment",
            "needs_evidence",
        ],
        missing,
    )


def _pk(actor: Actor) -> int | None:
    who = person(actor)
    return who.pk if who else None


def _insert(model: Any, fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows with one statement run for many parameter sets.

    The ORM's bulk_create sends about 100 rows a statement on SQLite (its cap of 999
    parameters) and builds a model instance for each: tens of thousands of item scores
    took seconds that way.
    """
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) VALUES ({marks})"
    # Only decimals and times need the database's form; ids, numbers and text go as they are.
    kinds = (models.DecimalField, models.DateTimeField)
    convert = [f.get_db_prep_save if isinstance(f, kinds) else None for f in columns]
    prepared = [
        tuple(
            v if c is None or v is None else c(v, connection)
            for c, v in zip(convert, row, strict=True)
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 5000):
            cursor.executemany(sql, prepared[start : start + 5000])


def _have_scores(ids: list[int]) -> set[tuple[int, int]]:
    have: set[tuple[int, int]] = set()
    for chunk in _chunks(ids, 5000):
        have |= set(
            ItemScore.objects.filter(assessment_id__in=chunk).values_list(
                "assessment_id", "item_id"
            )
        )
    return have


# --- a round's results out ----------------------------------------------------------------------


def write_results(rnd: Round, rows: Any) -> bytes:
    """The round's results, one row per unit the reader may see, one sheet per unit type."""
    book = Workbook()
    book.remove(book.active)
    versions = {c.unit_type: c.version for c in rnd.criteria.select_related("version")}
    assessments = list(
        rows.filter(round=rnd).values_list(
            "pk",
            "unit_type",
            "organisation_id",
            "organisation__name_th",
            "community__name_th",
            "district__name_th",
            "status",
            "level",
            "level_reason",
        )
    )
    networks = _networks(rnd)
    scores: dict[int, dict[int, tuple[Any, Any]]] = defaultdict(dict)
    for chunk in _chunks([a[0] for a in assessments], 5000):
        for aid, number, own, checked in ItemScore.objects.filter(
            assessment_id__in=chunk
        ).values_list("assessment_id", "item__number", "self_points", "verified_points"):
            scores[aid][number] = (own, checked)
    for unit_type, version in versions.items():
        numbers = list(version.items.order_by("number").values_list("number", flat=True))
        sheet = book.create_sheet(sheet_name(unit_type))
        header = [_("Unit"), _("Network"), _("District"), _("Type"), _("Status")]
        for number in numbers:
            header += [
                _("Item %(item)s: self") % {"item": number},
                _("Item %(item)s: verified") % {"item": number},
            ]
        sheet.append([*header, _("Level"), _("Why this level")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        for pk, kind, org_id, org, community, district, status, level, reason in assessments:
            if kind != unit_type:
                continue
            unit = (
                org or community or (district if kind == UnitType.DISTRICT else str(rnd.province))
            )
            line: list[Any] = [
                unit,
                ", ".join(networks.get(org_id, [])),
                district or "",
                str(UnitType(kind).label),
                str(S(status).label),
            ]
            for number in numbers:
                line += list(scores[pk].get(number, (None, None)))
            reasons = " ".join(Reason.from_dict(r).message() for r in reason or [])
            line += [str(Level(level).label), reasons]
            sheet.append(line)
        sheet.column_dimensions["A"].width = 40
    return workbook_bytes(book)


def _networks(rnd: Round) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for org_id, name in Membership.objects.filter(network__province_id=rnd.province_id).values_list(
        "organisation_id", "network__name_th"
    ):
        found[org_id].append(name)
    return found
