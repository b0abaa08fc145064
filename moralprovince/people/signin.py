"""Import a batch's sign-in sheet (Excel or CSV, such as a Google Form export).

Columns are matched by their usual Thai and English names; columns matched to nothing are
reported and left out. Every row is checked first and every problem is named by its row and
column; nothing is stored if any row is wrong. A person who signs in on several days is one
person with several sessions attended, matched by name to the people the province already
holds, so importing the same file again changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from moralprovince.accounts.access import Actor
from moralprovince.audit.services import log_action
from moralprovince.lib.thaidate import arabic_digits, parse_date
from moralprovince.lib.thaitext import normalise
from moralprovince.lib.uploads import Limits, UnsafeFile, check_csv, workbook_problems
from moralprovince.people import access, queries, services
from moralprovince.people.models import (
    Attendance,
    Batch,
    EnrolmentSource,
    Sex,
)
from moralprovince.people.services import PersonInput, Scores

MiB = 1024 * 1024
MAX_BYTES = 5 * MiB
# A sign-in sheet: a few hundred people over a few days.
SHEET_LIMITS = Limits(expanded_bytes=50 * MiB, rows=5_000, columns=60)

ALIASES = {
    "name": (
        "name",
        "full name",
        "name surname",
        "ชื่อ",
        "ชื่อ สกุล",
        "ชื่อ นามสกุล",
        "ชื่อ-นามสกุล",
        "ชื่อ - นามสกุล",
        "ชื่อและนามสกุล",
        "ชื่อ-สกุล",
    ),
    "name_en": ("name english", "english name", "ชื่อภาษาอังกฤษ"),
    "sex": ("sex", "gender", "เพศ"),
    "position": ("position", "job title", "ตำแหน่ง"),
    "organisation": (
        "organisation",
        "organization",
        "agency",
        "หน่วยงาน",
        "องค์กร",
        "สังกัด",
        "หน่วยงานสังกัด",
        "ชื่อหน่วยงาน",
    ),
    "phone": ("phone", "telephone", "tel", "mobile", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"),
    "email": ("email", "e-mail", "email address", "อีเมล", "อีเมล์", "ที่อยู่อีเมล"),
    "date": ("date", "timestamp", "วันที่", "ประทับเวลา", "วันที่ลงชื่อ", "วันที่เข้าอบรม"),
    "pre_score": ("pre-test", "pretest", "pre test", "คะแนนก่อนเรียน", "คะแนนก่อนอบรม", "ก่อนเรียน"),
    "post_score": (
        "post-test",
        "posttest",
        "post test",
        "คะแนนหลังเรียน",
        "คะแนนหลังอบรม",
        "หลังเรียน",
    ),
    "consent": ("consent", "ยินยอม", "ความยินยอม", "ยินยอมให้เก็บข้อมูล"),
}
SEXES = {
    "ชาย": Sex.MALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "หญิง": Sex.FEMALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
    "อื่นๆ": Sex.OTHER,
    "อื่น ๆ": Sex.OTHER,
    "ไม่ระบุ": Sex.OTHER,
    "other": Sex.OTHER,
}
REFUSALS = {"no", "n", "false", "ไม่", "ไม่ยินยอม", "0"}
_TIME = re.compile(r"[,\s]+\d{1,2}[:.]\d{2}([:.]\d{2})?(\s*(am|pm|น\.|gmt[+-]\d+))*\s*$", re.I)


@dataclass
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Signer:
    """One person of the sheet, gathered from all the rows they signed."""

    row: int
    data: PersonInput
    dates: set[dt.date] = field(default_factory=set)
    pre: Decimal | None = None
    post: Decimal | None = None


@dataclass
class SheetResult:
    problems: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    signers: dict[str, Signer] = field(default_factory=dict)
    people_added: int = 0
    enrolled: int = 0
    attendance_added: int = 0
    scores_changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return self.people_added + self.enrolled + self.attendance_added + self.scores_changed


def read_table(upload: Any) -> list[list[Any]]:
    """The rows of an uploaded .xlsx or .csv, within the sign-in sheet's limits."""
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if name.endswith(".xlsx"):
        return _read_xlsx(upload)
    if name.endswith(".csv"):
        return _read_csv(upload)
    raise ValidationError(_("Upload an Excel (.xlsx) or CSV file."))


def _read_xlsx(upload: Any) -> list[list[Any]]:
    problems = workbook_problems(upload, SHEET_LIMITS)
    if problems:
        raise ValidationError(problems)
    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ValidationError(
            _("The file is damaged or is not an Office file; open it and save it again.")
        ) from None
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _read_csv(upload: Any) -> list[list[Any]]:
    upload.seek(0)
    content = upload.read()
    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        handle.write(content)
        handle.flush()
        try:
            check_csv(Path(handle.name), SHEET_LIMITS)
        except UnsafeFile as error:
            raise ValidationError(error.messages) from None
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("Save the CSV file as UTF-8 and upload it again."))
    dialect: Any = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _plain(header: Any) -> str:
    text = str(header or "").strip().lstrip("\ufeff")
    text = re.sub(r"^\s*\d+\s*[.)]\s*", "", text)
    text = re.sub(r"\s*[(\[].*[)\]]\s*$", "", text)  # "คะแนนหลังเรียน (เต็ม 20)"
    return normalise(text)


def map_columns(header: list[Any]) -> tuple[dict[str, int], list[str]]:
    """Each known column's index by target, and the headers matched to nothing."""
    known = {normalise(alias): target for target, names in ALIASES.items() for alias in names}
    mapping: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        target = known.get(_plain(title))
        if target and target not in mapping:
            mapping[target] = index
        else:
            unknown.append(str(title).strip())
    return mapping, unknown


def read_sheet(batch: Batch, upload: Any) -> SheetResult:
    """Check every row of a sign-in sheet and gather its people; nothing is stored."""
    result = SheetResult()
    try:
        rows = read_table(upload)
    except ValidationError as error:
        result.problems = [Problem(None, "", m) for m in error.messages]
        return result
    start = next((i for i, row in enumerate(rows) if any(_text(v) for v in row)), None)
    if start is None:
        result.problems.append(Problem(None, "", _("The file has no rows.")))
        return result
    mapping, result.unknown_columns = map_columns(rows[start])
    if "name" not in mapping:
        result.problems.append(
            Problem(start + 1, "", _("No column holds the names (ชื่อ-นามสกุล or Name)."))
        )
        return result
    reader = _RowReader(batch, mapping, rows[start])
    for offset, row in enumerate(rows[start + 1 :], start=start + 2):
        if any(_text(v) for v in row):
            reader.read(offset, row, result)
    if not result.signers and not result.problems:
        result.problems.append(Problem(None, "", _("The file has no rows.")))
    return result


class _RowReader:
    def __init__(self, batch: Batch, mapping: dict[str, int], header: list[Any]) -> None:
        self.header = header
        self.batch = batch
        self.course = batch.course
        self.mapping = mapping
        self.session_dates = set(batch.sessions.values_list("date", flat=True))

    def column(self, target: str) -> str:
        """The column's letter and its heading as the file has it."""
        index = self.mapping[target]
        return f"{get_column_letter(index + 1)} ({_text(self.header[index])})"

    def value(self, row: list[Any], target: str) -> Any:
        index = self.mapping.get(target)
        if index is None or index >= len(row):
            return None
        return row[index]

    def read(self, number: int, row: list[Any], result: SheetResult) -> None:
        problems: list[Problem] = []

        def problem(target: str, message: str) -> None:
            problems.append(Problem(number, self.column(target), message))

        name = " ".join(_text(self.value(row, "name")).split())
        if not name:
            problem("name", _("The name is empty."))
        elif len(name) > 200:
            problem("name", _("The name is longer than 200 characters."))
        sex = self._sex(row, problem)
        day = self._date(row, problem)
        pre = self._score(row, "pre_score", problem)
        post = self._score(row, "post_score", problem)
        if "consent" in self.mapping and _text(self.value(row, "consent")).lower() in REFUSALS:
            problem("consent", _("The person did not consent; remove the row."))
        email = _text(self.value(row, "email"))
        if email and "@" not in email:
            problem("email", _("This is not an e-mail address."))
        result.problems += problems
        if problems:
            return
        self._gather(number, name, sex, day, pre, post, row, result)

    def _gather(
        self,
        number: int,
        name: str,
        sex: str,
        day: dt.date | None,
        pre: Decimal | None,
        post: Decimal | None,
        row: list[Any],
        result: SheetResult,
    ) -> None:
        key = normalise(name)
        signer = result.signers.get(key)
        if signer is None:
            data = PersonInput(
                name_th=name,
                name_en=_text(self.value(row, "name_en"))[:200],
                sex=sex,
                position=_text(self.value(row, "position"))[:200],
                organisation_name=_text(self.value(row, "organisation"))[:300],
                phone=arabic_digits(_text(self.value(row, "phone")))[:40],
                email=_text(self.value(row, "email"))[:254],
            )
            signer = result.signers[key] = Signer(row=number, data=data)
        if day:
            signer.dates.add(day)
        for target, value in (("pre_score", pre), ("post_score", post)):
            held = signer.pre if target == "pre_score" else signer.post
            if value is None:
                continue
            if held is not None and held != value:
                result.problems.append(
                    Problem(
                        number,
                        self.column(target),
                        _("%(name)s has another score in row %(row)s.")
                        % {"name": name, "row": signer.row},
                    )
                )
            elif target == "pre_score":
                signer.pre = value
            else:
                signer.post = value

    def _sex(self, row: list[Any], problem: Any) -> str:
        text = _text(self.value(row, "sex")).lower()
        if not text:
            return Sex.OTHER
        if text not in SEXES:
            problem("sex", _("Write the sex as ชาย, หญิง or ไม่ระบุ (male, female, other)."))
            return Sex.OTHER
        return SEXES[text]

    def _date(self, row: list[Any], problem: Any) -> dt.date | None:
        value = self.value(row, "date")
        if value is None or not _text(value):
            return None
        day = _as_date(value)
        if day is None:
            problem("date", _("This is not a date (for example 17/3/2563)."))
        elif day not in self.session_dates:
            problem("date", _("The batch has no session on this date."))
            return None
        return day

    def _score(self, row: list[Any], target: str, problem: Any) -> Decimal | None:
        text = arabic_digits(_text(self.value(row, target)))
        if not text:
            return None
        try:
            score = Decimal(text.replace(",", ""))
        except InvalidOperation:
            problem(target, _("This is not a number."))
            return None
        if not Decimal(0) <= score <= self.course.test_max_score:
            problem(
                target,
                _("The score %(score)s is outside the test's range 0–%(max)s.")
                % {"score": text, "max": queries.plain(self.course.test_max_score)},
            )
            return None
        return score


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for candidate in (text, _TIME.sub("", text)):
        try:
            return parse_date(candidate)
        except (ValueError, TypeError):
            continue
    return None


def import_sheet(*, actor: Actor, batch: Batch, upload: Any, purpose: str) -> SheetResult:
    """Read a sign-in sheet and, if every row is right, enrol its people, mark the sessions
    they signed in to and set their scores, in one transaction."""
    access.require(actor, "people.training.write", batch)
    result = read_sheet(batch, upload)
    if not purpose.strip():
        result.problems.insert(0, Problem(None, "", _("Say what the people's data is kept for.")))
    if result.ok:
        with transaction.atomic():
            _store(actor, batch, result, purpose)
    return result


def _store(actor: Actor, batch: Batch, result: SheetResult, purpose: str) -> None:
    # Signing in on a day is attending each of that day's sessions.
    sessions: dict[dt.date, list[Any]] = {}
    for session in batch.sessions.all():
        sessions.setdefault(session.date, []).append(session)
    for signer in result.signers.values():
        someone = queries.match_person(batch.province_id, signer.data.name_th)
        if someone is None:
            someone = services.new_person(actor, batch.province_id, signer.data)
            result.people_added += 1
        enrolment, created = services.enrol_once(
            actor, batch, someone, purpose, EnrolmentSource.SHEET
        )
        result.enrolled += int(created)
        for day in signer.dates:
            for session in sessions[day]:
                _, added = Attendance.objects.get_or_create(session=session, enrolment=enrolment)
                result.attendance_added += int(added)
        pre = signer.pre if signer.pre is not None else enrolment.pre_score
        post = signer.post if signer.post is not None else enrolment.post_score
        result.scores_changed += services.set_scores(enrolment, Scores(pre, post))
    if result.changed:
        log_action(
            actor=actor,
            action="people.signin.imported",
            obj=batch,
            province_id=batch.province_id,
            after={
                "people_added": result.people_added,
                "enrolled": result.enrolled,
                "attendance_added": result.attendance_added,
                "scores_changed": result.scores_changed,
            },
        )
        services.sync_trainers(actor=actor, batch=batch)
