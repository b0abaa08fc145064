"""Two rounds of the youth life-assets survey in the education network's schools (sample data).

The Moral Center's survey of the life assets of children and youth is one of the topics of
the source article; the demo runs it in FY2564 and again in FY2565 with the reference form.
The answers are generated: each school, pupil and power has its own seeded leaning around
means close to the national picture (about 70 % overall, the power of community below 60 %),
a little higher in the second round. They arrive as a KoboToolbox-style CSV export through the
survey's own import, as a province's file would. Schools differ in size on purpose: most are
above the privacy minimum, one or two are below it and one sent nothing, so the results pages
show what they hide.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import uuid
from dataclasses import dataclass
from typing import Any

from moralprovince.accounts.access import SYSTEM
from moralprovince.organisations.models import Network, Organisation
from moralprovince.surveys import services
from moralprovince.surveys.models import Instrument, SurveyRound
from moralprovince.surveys.reference import REFERENCE_CODE

SEXES = [("ชาย", 48), ("หญิง", 50), ("ไม่ระบุ", 2)]
GRADES = ["ม.1", "ม.2", "ม.3"]


@dataclass(frozen=True)
class Round:
    fiscal_year: int
    name: str
    opens_on: dt.date
    closes_on: dt.date
    # Respondents per school, in the order of the network's sample schools.
    respondents: list[int]
    # Mean answer (1–4) of each power, in the instrument's order.
    means: dict[str, float]


ROUNDS = [
    Round(
        2564,
        "ต้นทุนชีวิตเด็กและเยาวชน รอบที่ 1 · ข้อมูลตัวอย่าง",
        dt.date(2021, 1, 4),
        dt.date(2021, 2, 26),
        [186, 142, 118, 97, 64, 45, 28, 6],
        {"self": 2.95, "family": 3.1, "wisdom": 2.85, "peers": 2.75, "community": 2.35},
    ),
    Round(
        2565,
        "ต้นทุนชีวิตเด็กและเยาวชน รอบที่ 2 · ข้อมูลตัวอย่าง",
        dt.date(2022, 1, 10),
        dt.date(2022, 2, 28),
        [204, 161, 137, 102, 71, 52, 33, 8, 5, 0],
        {"self": 3.0, "family": 3.12, "wisdom": 2.92, "peers": 2.83, "community": 2.42},
    ),
]


def load_surveys(province: Any, education: Network) -> None:
    """Open each round with its schools and import its responses, unless it is there."""
    version = Instrument.objects.get(code=REFERENCE_CODE).latest()
    assert version is not None
    schools = list(education.members.filter(is_sample=True, kind__code="school").order_by("pk"))
    for spec in ROUNDS:
        if SurveyRound.objects.filter(province=province, name=spec.name).exists():
            continue
        chosen = schools[: len(spec.respondents)]
        survey_round = services.create_round(
            actor=SYSTEM,
            data=services.RoundData(
                province=province,
                version=version,
                fiscal_year=spec.fiscal_year,
                name=spec.name,
                opens_on=spec.opens_on,
                closes_on=spec.closes_on,
            ),
            schools=chosen,
        )
        _import(survey_round, spec, chosen)


def _import(survey_round: SurveyRound, spec: Round, schools: list[Organisation]) -> None:
    content = export_csv(survey_round, spec, schools)
    record = services.create_import(
        actor=SYSTEM,
        survey_round=survey_round,
        upload=io.BytesIO(content),
        name=f"kobotoolbox-export-{spec.fiscal_year}.csv",
    )
    # The demo's rounds are over: their answers come in as the correction a manager confirms.
    services.import_responses(actor=SYSTEM, record=record, after_close=True)


def export_csv(survey_round: SurveyRound, spec: Round, schools: list[Organisation]) -> bytes:
    """The round's answers as KoboToolbox would export them: one row per pupil."""
    items = list(survey_round.version.items.select_related("domain").order_by("order"))
    codes = [item.code for item in items]
    domains = [item.domain.code for item in items]
    draw = random.Random(f"life-assets-{spec.fiscal_year}")
    leaning = [draw.gauss(0, 0.12) for _ in items]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["_uuid", "โรงเรียน", "ชั้น", "เพศ", "อายุ", *codes])
    for school, count in zip(schools, spec.respondents, strict=True):
        school_leaning = draw.gauss(0, 0.12)
        for _pupil in range(count):
            grade = draw.randrange(len(GRADES))
            powers = {d: draw.gauss(0, 0.22) for d in spec.means}
            pupil = draw.gauss(0, 0.3) + school_leaning
            answers = [
                _answer(spec.means[d] + pupil + powers[d] + lean + draw.gauss(0, 0.6))
                for d, lean in zip(domains, leaning, strict=True)
            ]
            writer.writerow(
                [
                    str(uuid.UUID(int=draw.getrandbits(128), version=4)),
                    school.name_th,
                    GRADES[grade],
                    draw.choices([s for s, _w in SEXES], [w for _s, w in SEXES])[0],
                    12 + grade + draw.randrange(2),
                    *answers,
                ]
            )
    return buffer.getvalue().encode("utf-8")


def _answer(value: float) -> int:
    return min(4, max(1, round(value)))
