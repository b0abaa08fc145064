"""Read a meeting's sign-in sheet (Excel or CSV, such as a Google Form export) into its
attendance: every problem named by row and column, nothing stored if any row is wrong, and
a sheet imported twice changing nothing the second time.

People already recorded in the province are matched by name (spaces and Thai digits do not
count), preferring one whose phone or e-mail matches; everyone else is added as a person of
the province with the purpose of keeping their data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action
from moralprovince.lib.thaidate import arabic_digits, parse_date
from moralprovince.lib.thaitext import normalise
from moralprovince.lib.uploads import Limits, check_csv, check_workbook
from moralprovince.organisations.models import Organisation
from moralprovince.partnerships.access import require
from moralprovince.partnerships.models import Meeting, Participant
from moralprovince.people.models import Person, Sex

MiB = 1024 * 1024
# A sign-in sheet has a few hundred names at most.
SIGN_IN_XLSX = Limits(expanded_bytes=20 * MiB, rows=5_000, columns=40)
SIGN_IN_CSV = Limits(expanded_bytes=0, rows=5_000, columns=40)
MAX_UPLOAD_BYTES = 5 * MiB

# Each column the sheet may have, by the headings people give it (compared normalised).
HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อ นามสกุล", "ชื่อ", "name", "full name"),
    "position": ("ตำแหน่ง", "position"),
    "organisation": ("หน่วยงาน", "สังกัด", "organisation", "organization"),
    "phone": ("โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์", "phone"),
    "email": ("อีเมล", "อีเมล์", "e-mail", "email", "email address"),
    "sex": ("เพศ", "sex"),
    "date": ("วันที่", "date"),
    # A Google Form's export starts with the time each answer was sent: read, not stored.
    "timestamp": ("ประทับเวลา", "timestamp"),
    "signature": ("ลายมือชื่อ", "signature"),
}
BY_HEADING = {normalise(h): key for key, names in HEADINGS.items() for h in names}
SEXES = {
    "ชาย": Sex.MALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "หญิง": Sex.FEMALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
}
PURPOSE = "บันทึกการเข้าร่วมประชุม"


@dataclass
class Row:
    number: int
    name: str
    position: str = ""
    organisation: Organisation | None = None
    organisation_text: str = ""
    phone: str = ""
    email: str = ""
    sex: str = Sex.OTHER


@dataclass
class Result:
    added_people: int = 0
    matched_people: int = 0
    new_attendance: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def problem(row: int | None, column: str, message: str) -> str:
    if row is None:
        return _("Column %(column)s: %(message)s") % {"column": column, "message": message}
    return _("Row %(row)s, column %(column)s: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


def read_table(upload: Any) -> list[list[Any]]:
    """The sheet's rows as lists of cells (the heading first), after the size checks."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        check_workbook(io.BytesIO(data), SIGN_IN_XLSX)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ValidationError(
                _("This file is not an Excel workbook that can be opened.")
            ) from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if not name.endswith((".csv", ".txt")):
        raise ValidationError(_("Upload the sign-in sheet as .xlsx or .csv."))
    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        handle.write(data)
        handle.flush()
        check_csv(Path(handle.name), SIGN_IN_CSV)
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is not in UTF-8 or Thai (TIS-620) text."))
    # The separator is the one the heading row uses most (a one-column sheet has none).
    heading = text.split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=heading.count)
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=separator)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(arabic_digits(str(value)).split())


def _columns(heading: list[Any], problems: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(heading):
        text = _text(cell)
        letter = get_column_letter(index + 1)
        if not text:
            continue
        key = BY_HEADING.get(normalise(text))
        if key is None:
            problems.append(
                problem(
                    None,
                    letter,
                    _("the heading “%(heading)s” is not a column of a sign-in sheet.")
                    % {"heading": text},
                )
            )
        elif key in columns:
            problems.append(
                problem(
                    None, letter, _("the column “%(heading)s” appears twice.") % {"heading": text}
                )
            )
        else:
            columns[key] = index
    if "name" not in columns:
        problems.append(problem(None, "-", _("the sheet has no column of names (ชื่อ-สกุล).")))
    return columns


def read_rows(meeting: Meeting, table: list[list[Any]]) -> tuple[list[Row], list[str]]:
    """The sheet's people, and every problem found in it."""
    problems: list[str] = []
    if not table:
        return [], [_("The sheet is empty.")]
    columns = _columns(table[0], problems)
    if problems:
        return [], problems
    organisations = {
        normalise(o.name_th): o for o in Organisation.objects.filter(province=meeting.province)
    }
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        cell = partial(_cell, cells, columns)
        if not any(_text(c) for c in cells):
            continue
        row = _read_row(number, cell, columns, meeting, organisations, problems)
        if row is None:
            continue
        key = normalise(row.name)
        if key in seen:
            letter = get_column_letter(columns["name"] + 1)
            problems.append(
                problem(
                    number,
                    letter,
                    _("“%(name)s” is already on row %(first)s.")
                    % {"name": row.name, "first": seen[key]},
                )
            )
            continue
        seen[key] = number
        rows.append(row)
    return rows, problems


def _cell(cells: list[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def _read_row(
    number: int,
    cell: Any,
    columns: dict[str, int],
    meeting: Meeting,
    organisations: dict[str, Organisation],
    problems: list[str],
) -> Row | None:
    def letter(key: str) -> str:
        return get_column_letter(columns[key] + 1)

    name = _text(cell("name"))
    if not name:
        problems.append(problem(number, letter("name"), _("the name is missing.")))
        return None
    if len(name) > 200:
        problems.append(
            problem(number, letter("name"), _("the name is longer than 200 characters."))
        )
        return None
    row = Row(number=number, name=name, position=_text(cell("position"))[:200])
    org_text = _text(cell("organisation"))
    row.organisation = organisations.get(normalise(org_text)) if org_text else None
    row.organisation_text = "" if row.organisation else org_text[:200]
    row.phone = _text(cell("phone"))[:40]
    email = _text(cell("email"))
    if email and ("@" not in email or " " in email or len(email) > 254):
        problems.append(
            problem(
                number,
                letter("email"),
                _("“%(value)s” is not an e-mail address.") % {"value": email},
            )
        )
    row.email = email
    sex = _text(cell("sex")).lower()
    if sex and sex not in SEXES:
        problems.append(problem(number, letter("sex"), _("write the sex as ชาย or หญิง.")))
    row.sex = SEXES.get(sex, Sex.OTHER)
    if "date" in columns and (value := cell("date")) not in (None, ""):
        day = _date(value)
        if day is None:
            problems.append(
                problem(
                    number,
                    letter("date"),
                    _("write a date as day/month/year, for example 13/11/2563."),
                )
            )
        elif day != meeting.held_on:
            problems.append(
                problem(number, letter("date"), _("this is not the day of the meeting."))
            )
    return row


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(_text(value).split(" ")[0] if ":" in str(value) else _text(value))
    except ValueError:
        return None


def _match(meeting: Meeting, row: Row, people: dict[str, list[Person]]) -> Person | None:
    found = people.get(normalise(row.name), [])
    for candidate in found:
        if (row.phone and candidate.phone == row.phone) or (
            row.email and candidate.email.lower() == row.email.lower()
        ):
            return candidate
    return found[0] if found else None


def import_attendance(*, actor: Actor, meeting: Meeting, upload: Any) -> Result:
    """Mark everyone on the sheet as attending the meeting, adding the people not yet known.

    Raises ValidationError listing every problem; then nothing is stored.
    """
    require(actor, "partnerships.meeting.write", meeting)
    rows, problems = read_rows(meeting, read_table(upload))
    if problems:
        raise ValidationError(problems)
    result = Result()
    with transaction.atomic():
        people: dict[str, list[Person]] = {}
        for p in Person.objects.filter(province=meeting.province, erased_at=None).order_by("pk"):
            people.setdefault(normalise(p.name_th), []).append(p)
        for row in rows:
            _attend(actor, meeting, row, people, result)
        if result.added_people or result.new_attendance:
            log_action(
                actor=actor,
                action="partnerships.meeting.attendance_imported",
                obj=meeting,
                province_id=meeting.province_id,
                after={"people_added": result.added_people, "attended": result.new_attendance},
            )
    return result


def _attend(
    actor: Actor, meeting: Meeting, row: Row, people: dict[str, list[Person]], result: Result
) -> None:
    found = _match(meeting, row, people)
    if found is None:
        found = Person.objects.create(
            province=meeting.province,
            name_th=row.name,
            sex=row.sex,
            position=row.position,
            organisation=row.organisation,
            phone=row.phone,
            email=row.email,
            consent_purpose=PURPOSE,
            consent_at=timezone.now(),
            is_sample=meeting.is_sample,
            search_text=normalise(row.name),
            created_by=person(actor),
        )
        people.setdefault(normalise(row.name), []).append(found)
        result.added_people += 1
    else:
        result.matched_people += 1
    participant, created = Participant.objects.get_or_create(
        meeting=meeting,
        person=found,
        defaults={"attended": True, "invited": False, "role": row.organisation_text},
    )
    if created:
        result.new_attendance += 1
    elif not participant.attended:
        participant.attended = True
        participant.save(update_fields=["attended"])
        result.new_attendance += 1
    else:
        result.unchanged += 1
