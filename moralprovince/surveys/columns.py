"""Matching a file's columns to the instrument: by item code, by question text, or by the
usual names of the other columns in Thai and English, Google Forms and KoboToolbox exports."""

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
