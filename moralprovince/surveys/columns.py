"""Matching a file's columns to the instrument: by item code, by question text, or by the
usual names of the other columns in Thai and English, Google Forms and KoboToolbox exports;
and finding the columns that identify a child, which are never stored."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moralprovince.lib.thaitext import normalise
from moralprovince.surveys.spec import Spec

META = {
    "school": (
        "school",
        "school_code",
        "school code",
        "school name",
        "โรงเรียน",
        "รหัสโรงเรียน",
        "ชื่อโรงเรียน",
        "สถานศึกษา",
        "ชื่อสถานศึกษา",
    ),
    "grade": ("grade", "class", "level", "ชั้น", "ระดับชั้น", "ชั้นเรียน", "ชั้นปี", "กำลังศึกษาชั้น"),
    "sex": ("sex", "gender", "เพศ"),
    "age": ("age", "อายุ", "อายุ ปี"),
    "submission": (
        "submission_id",
        "submission id",
        "_uuid",
        "uuid",
        "instanceid",
        "meta instanceid",
        "_id",
        "id",
        "response id",
        "รหัสแบบสอบถาม",
        "เลขที่แบบสอบถาม",
    ),
}
TARGET_LABELS = {
    "school": gettext_lazy("School"),
    "grade": gettext_lazy("Grade"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age"),
    "submission": gettext_lazy("Submission id"),
}


def _plain(header: str) -> str:
    text = header.strip().lstrip("\ufeff")
    text = text.rsplit("/", 1)[-1] if "/" in text and " " not in text else text
    bracket = re.search(r"\[(.+)\]\s*$", text)  # Google Forms grid: "Title [question]"
    if bracket:
        text = bracket.group(1)
    text = re.sub(r"^\s*\d+\s*[.)]\s*", "", text)  # "12. question"
    return normalise(text)


def auto_mapping(columns: list[str], spec: Spec, texts: list[tuple[str, str]]) -> dict[str, str]:
    """Column → target ("item:<code>", "school", "grade", "sex", "age", "submission", "")."""
    by_code = {normalise(code): f"item:{code}" for code in spec.items}
    by_text = {normalise(text): f"item:{code}" for text, code in texts if text}
    meta = {normalise(alias): target for target, aliases in META.items() for alias in aliases}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        plain = _plain(column)
        target = (
            by_code.get(plain)
            or by_code.get(normalise(column))
            or by_text.get(plain)
            or meta.get(plain, "")
        )
        if target in taken:
            target = ""
        mapping[column] = target
        if target:
            taken.add(target)
    return mapping


def mapping_problems(mapping: dict[str, str], spec: Spec, has_default_school: bool) -> list[str]:
    """What is missing or doubled in a mapping, as messages; empty when it can be imported."""
    targets = [t for t in mapping.values() if t]
    problems = []
    missing = [c for c in spec.items if f"item:{c}" not in targets]
    if missing:
        problems.append(
            _("No column is matched to the questions %(codes)s.") % {"codes": ", ".join(missing)}
        )
    doubled = sorted({t for t in targets if targets.count(t) > 1})
    if doubled:
        problems.append(
            _("More than one column is matched to %(targets)s.")
            % {"targets": ", ".join(target_label(t) for t in doubled)}
        )
    if "school" not in targets and not has_default_school:
        problems.append(_("Match a column to the school, or choose the school of the whole file."))
    if "grade" not in targets:
        problems.append(_("Match a column to the grade."))
    return problems


def target_label(target: str) -> str:
    if target.startswith("item:"):
        return target[5:]
    return str(TARGET_LABELS.get(target, target))


def target_choices(spec: Spec) -> list[tuple[str, Any]]:
    return [
        ("", _("(not imported)")),
        *TARGET_LABELS.items(),
        *[(f"item:{code}", code) for code in spec.items],
    ]


# --- columns that identify a child ------------------------------------------------------------

# Headings (folded: lower case, no spaces or punctuation) that name a child, a student or
# national id, a phone, an address, an e-mail or a birth date, in Thai and English.
IDENTIFYING_HEADINGS = {
    # names
    "name",
    "names",
    "firstname",
    "fname",
    "givenname",
    "lastname",
    "lname",
    "surname",
    "familyname",
    "fullname",
    "nickname",
    "ชื่อ",
    "ชื่อจริง",
    "ชื่อเล่น",
    "สกุล",
    "นามสกุล",
    "ชื่อสกุล",
    "ชื่อนามสกุล",
    "คำนำหน้าชื่อสกุล",
    # ids
    "studentid",
    "studentno",
    "studentnumber",
    "studentcode",
    "pupilid",
    "citizenid",
    "citizenno",
    "nationalid",
    "idcard",
    "idcardno",
    "idcardnumber",
    "personalid",
    "pid",
    "เลขที่",
    "เลขประจำตัว",
    "รหัสประจำตัว",
    "เลขประจำตัวนักเรียน",
    "รหัสนักเรียน",
    "รหัสประจำตัวนักเรียน",
    "เลขบัตรประชาชน",
    "เลขประจำตัวประชาชน",
    "เลขบัตรประจำตัวประชาชน",
    # phones, e-mail, address, birth date, messaging ids
    "phone",
    "tel",
    "telephone",
    "mobile",
    "email",
    "mail",
    "address",
    "dob",
    "birthday",
    "birthdate",
    "lineid",
    "facebook",
    "instagram",
    "passport",
    "โทร",
    "มือถือ",
    "เบอร์",
    "อีเมล",
    "อีเมล์",
    "ที่อยู่",
    "วันเกิด",
    "ไลน์",
    "ไลน์ไอดี",
    "เฟซบุ๊ก",
    "เฟสบุ๊ค",
    "บ้านเลขที่",
}
# Parts of a folded heading that give it away wherever they stand ("เบอร์โทรผู้ปกครอง",
# "student_first_name", "date_of_birth").
IDENTIFYING_PARTS = (
    "firstname",
    "lastname",
    "surname",
    "fullname",
    "nickname",
    "studentname",
    "pupilname",
    "childname",
    "studentid",
    "studentno",
    "studentnumber",
    "citizen",
    "nationalid",
    "idcard",
    "phone",
    "mobile",
    "email",
    "address",
    "birth",
    "นามสกุล",
    "ชื่อสกุล",
    "ชื่อนักเรียน",
    "ชื่อผู้ตอบ",
    "ชื่อจริง",
    "ชื่อเล่น",
    "ชื่อผู้ปกครอง",
    "ประจำตัวนักเรียน",
    "รหัสนักเรียน",
    "บัตรประชาชน",
    "ประจำตัวประชาชน",
    "เบอร์โทร",
    "โทรศัพท์",
    "มือถือ",
    "อีเมล",
    "ที่อยู่",
    "วันเกิด",
    "ปีเกิด",
    "วดปเกิด",
    "เกิดวันที่",
    "บ้านเลขที่",
    "หนังสือเดินทาง",
)
# Words beside "name"/"ชื่อ" that make it a place's or an instrument's name, not a child's.
NOT_A_PERSON = ("school", "โรงเรียน", "สถานศึกษา", "district", "province", "อำเภอ", "จังหวัด", "ตำบล")


def _folded(header: str) -> list[str]:
    """The heading folded whole and, for a KoboToolbox group path, its last part."""
    text = header.strip().lstrip("\ufeff")
    parts = [text]
    if "/" in text and " " not in text:
        parts.append(text.rsplit("/", 1)[-1])
    return [normalise(part) for part in parts]


def _identifies(words: str) -> bool:
    joined = words.replace(" ", "")
    if not joined:
        return False
    if joined in IDENTIFYING_HEADINGS or any(part in joined for part in IDENTIFYING_PARTS):
        return True
    if any(place in joined for place in NOT_A_PERSON):
        return False
    tokens = words.split()
    # "name", "student name", "ชื่อ นักเรียน"; "ชื่อเสียง" (reputation) is no name.
    return any(t in ("name", "names", "ชื่อ") for t in tokens) or (
        joined.startswith("ชื่อ") and not joined.startswith("ชื่อเสียง")
    )


def identifying_columns(columns: list[str], mapping: dict[str, str]) -> list[str]:
    """The columns whose heading says they identify a child, in the file's order.

    A column matched to a question (by its code or text) or to the school, grade, sex, age or
    submission id is kept whatever its words: a question may contain "ชื่อ".
    """
    return [
        column
        for column in columns
        if not mapping.get(column) and any(_identifies(words) for words in _folded(column))
    ]


def dropped_text(columns: list[str]) -> str:
    """The sentence that names the columns left out of a file."""
    return _("Left out and not stored, because they identify a child: the columns %(columns)s.") % {
        "columns": ", ".join(f"“{c}”" for c in columns)
    }
