"""Results as PDF and Excel, and the responses as an anonymised CSV streamed in chunks.

The CSV has every respondent of the round (none when the round's total is hidden), with no
submission id and no age. A row names its school, district, sex and grade only as far as
the round's one decision (`disclosure`) shows them on the pages: see `_places` and
`row_labels`. So every set of rows with the same labels has at least the minimum number
of respondents, and no sum over the file gives a group the pages hide.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.prefetch import read_ahead
from moralprovince.lib.sheets import csv_text, workbook_bytes
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import results
from moralprovince.surveys.disclosure import Disclosure
from moralprovince.surveys.models import Sex, SurveyRound
from moralprovince.surveys.spec import Spec, scored_columns, spec_for

CHUNK = 50_000


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Excel ------------------------------------------------------------------------------------


def _figure_row(label: str, figure: results.Figure, spec: Spec) -> list[Any]:
    if figure.empty:
        return [label, _("no responses")]
    if figure.suppressed:
        return [label, hidden_text()]
    row: list[Any] = [label, figure.n]
    for score in figure.scores:
        row += [round(score.percent, 1), spec.bands[score.band].code]
    assert figure.scores
    row += [round(s, 1) for s in figure.scores[0].shares]
    return row


def results_workbook(context: dict[str, Any]) -> bytes:
    spec: Spec = context["spec"]
    header = [_("Group"), _("Respondents")]
    for name in context["domain_names"]:
        header += [
            _("Percent: %(name)s") % {"name": name},
            _("Grade band: %(name)s") % {"name": name},
        ]
    header += [_("Total: %(band)s (percent of respondents)") % {"band": b.code} for b in spec.bands]
    book = Workbook()
    sheet = book.active
    sheet.title = _("Province")[:31]
    sheet.append([str(context["round"]), str(context["round"].version)])
    sheet.append(header)
    if context["overall"]:
        sheet.append(_figure_row(_("Everyone"), context["overall"], spec))
    for figure in context["by_sex"]:
        sheet.append(_figure_row(str(Sex(figure.key[1]).label), figure, spec))
    for figure in context["by_grade"]:
        sheet.append(_figure_row(grade_label(figure.key[1]), figure, spec))
    for title, rows in ((_("Districts"), context["districts"]), (_("Schools"), context["schools"])):
        part = book.create_sheet(title[:31])
        part.append(header)
        for figure in rows:
            part.append(_figure_row(figure.label, figure, spec))
    for part in book.worksheets:
        for (cell,) in part.iter_rows(min_col=2, max_col=2):
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"  # respondents with thousands separators
    return workbook_bytes(book)


def hidden_text() -> str:
    return _("hidden: fewer than %(minimum)s respondents, or would reveal such a group") % {
        "minimum": results.minimum_group()
    }


def grade_label(grade: int) -> str:
    return f"ป.{grade}" if grade <= 6 else f"ม.{grade - 6}"


# --- anonymised CSV ---------------------------------------------------------------------------

# How a row of the anonymised CSV places its respondent.
BY_SCHOOL, BY_DISTRICT, BY_PROVINCE = "school", "district", "province"


@dataclass
class CsvSummary:
    """What the anonymised CSV holds, from the result cells (no scan of the responses)."""

    rows: int  # every respondent, or none when the round's total is hidden
    by_school: int
    by_district: int
    by_province: int


def csv_summary(survey_round: SurveyRound, seen: Disclosure | None = None) -> CsvSummary:
    seen = seen or results.round_disclosure(survey_round)
    total = seen.counts.get(("province", survey_round.province_id, 0, 0), 0)
    if not seen.shown(("province", survey_round.province_id, 0, 0)):
        return CsvSummary(0, 0, 0, 0)
    places = _places(survey_round, seen)
    by_level = {level: 0 for level in (BY_SCHOOL, BY_DISTRICT, BY_PROVINCE)}
    for school, level in places.items():
        by_level[level] += seen.counts.get(("school", str(school), 0, 0), 0)
    return CsvSummary(total, by_level[BY_SCHOOL], by_level[BY_DISTRICT], by_level[BY_PROVINCE])


def _places(survey_round: SurveyRound, seen: Disclosure) -> dict[int, str]:
    """How the rows of each school are placed: by the school when its results are shown,
    else by its district when that is shown, else only by the province.

    The rows placed only by their district are the district minus its shown schools, and
    those placed only by the province the province minus the rest: the round's one decision
    makes each of these at least the minimum, so the file tells no more than the pages.
    """
    schools = Organisation.objects.filter(
        pk__in=survey_round.round_schools.values("organisation_id")
    ).values_list("pk", "subdistrict__district_id")
    places = {}
    for pk, district in schools:
        if seen.shown(("school", str(pk), 0, 0)):
            places[pk] = BY_SCHOOL
        elif seen.shown(("district", district, 0, 0)):
            places[pk] = BY_DISTRICT
        else:
            places[pk] = BY_PROVINCE
    return places


def group_counts(survey_round: SurveyRound) -> list[tuple[int, int, int, int]]:
    """Respondents per school, sex and grade (one pass over the round's responses)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT school_id, sex, grade, count(*) FROM surveys_response WHERE round_id = %s "
            "GROUP BY school_id, sex, grade",
            [survey_round.pk],
        )
        return [tuple(row) for row in cursor.fetchall()]


def row_labels(survey_round: SurveyRound, seen: Disclosure) -> pl.DataFrame:
    """The school, district, grade and sex written on the rows of each (school, sex, grade).

    A school's rows give their sex only when every sex of the school is shown on its page,
    and their grade only when every grade is; both only when each sex within each grade
    has at least the minimum too, else only the sex. Rows not placed by their school give
    neither. Every set of rows that shares the same labels so has at least the minimum.
    """
    minimum = results.minimum_group()
    places = _places(survey_round, seen)
    groups = group_counts(survey_round)
    schools = Organisation.objects.filter(pk__in=places).select_related("subdistrict__district")
    codes = {o.pk: csv_text(o.code or str(o.pk)) for o in schools}
    districts = {o.pk: csv_text(o.subdistrict.district.name_th) for o in schools}
    by_school: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for school, sex, grade, n in groups:
        by_school[school].append((sex, grade, n))
    rows = []
    for school, members in by_school.items():
        place = places.get(school, BY_PROVINCE)
        unit = str(school)
        with_sex = place == BY_SCHOOL and all(
            seen.shown(("school", unit, sex, 0)) for sex, _g, _n in members
        )
        with_grade = place == BY_SCHOOL and all(
            seen.shown(("school", unit, 0, grade)) for _s, grade, _n in members
        )
        if with_sex and with_grade and any(n < minimum for _s, _g, n in members):
            with_grade = False
        for sex, grade, _n in members:
            rows.append(
                (
                    school,
                    sex,
                    grade,
                    codes.get(school, "") if place == BY_SCHOOL else "",
                    districts.get(school, "") if place != BY_PROVINCE else "",
                    grade_label(grade) if with_grade else "",
                    str(Sex(sex).label) if with_sex else "",
                )
            )
    return pl.DataFrame(
        rows,
        schema={
            "school_id": pl.Int64,
            "sex": pl.Int64,
            "grade": pl.Int64,
            "school": pl.String,
            "district": pl.String,
            "grade_label": pl.String,
            "sex_label": pl.String,
        },
        orient="row",
    )


def anonymised_csv(survey_round: SurveyRound) -> Iterator[bytes] | None:
    """The CSV in chunks (memory stays the same whatever the number of responses), or None
    when no row may be given (the round's total is hidden).

    Labels and the header are made now, in the reader's language; the rows as they are sent.
    """
    seen = results.round_disclosure(survey_round)
    if not seen.shown(("province", survey_round.province_id, 0, 0)):
        return None
    spec = spec_for(survey_round.version)
    labels = row_labels(survey_round, seen)
    names = [_("Respondent"), _("School code"), _("District"), _("Grade"), _("Sex"), *spec.items]
    domains = [_("Total"), *[d.name for d in survey_round.version.domains.order_by("order")]]
    names += [_("Percent: %(name)s") % {"name": d} for d in domains]
    names += [_("Grade band: %(name)s") % {"name": d} for d in domains]
    header = ("\ufeff" + ",".join(_quoted(n) for n in names) + "\n").encode()
    return _csv_chunks(survey_round, spec, labels, header)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"' if any(c in name for c in ',"\n') else name


def _csv_chunks(
    survey_round: SurveyRound, spec: Spec, labels: pl.DataFrame, header: bytes
) -> Iterator[bytes]:
    yield header
    number = 0
    for chunk in _chunks(survey_round.pk):
        frame = pl.DataFrame(
            chunk,
            schema={
                "school_id": pl.Int64,
                "sex": pl.Int64,
                "grade": pl.Int64,
                "answers": pl.String,
            },
            orient="row",
        ).join(labels, on=["school_id", "sex", "grade"], how="left", maintain_order="left")
        out = io.BytesIO()
        _rows(spec, frame, number).write_csv(out, include_header=False)
        number += len(frame)
        yield out.getvalue()


def _chunks(round_id: int) -> Iterator[list[tuple[Any, ...]]]:
    """The round's responses, CHUNK rows at a time; the next chunk is read from the
    database on a second thread while this one is written out."""
    # In the order of the submission keys (hashes): no order of import or school shows
    # through, so rows placed only by their district or province cannot be told apart by
    # where they stand in the file.
    sql = (
        "SELECT school_id, sex, grade, answers FROM surveys_response WHERE round_id = %s "
        "ORDER BY key"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [round_id])
        # The driver's cursor: Django's wrapper belongs to this thread's connection.
        yield from read_ahead(lambda: cursor.cursor.fetchmany(CHUNK))


def _rows(spec: Spec, frame: pl.DataFrame, start: int) -> pl.DataFrame:
    answers = frame.select(
        [pl.col("answers").str.slice(i, 1).cast(pl.Int8).alias(c) for i, c in enumerate(spec.items)]
    )
    scored = scored_columns(spec, answers)
    domains = range(len(spec.domains) + 1)
    bands = {i: b.code for i, b in enumerate(spec.bands)}
    percents = []
    for d in domains:
        offset, denominator = spec.bounds(d)
        percents.append(((pl.col(f"sum{d}") - offset) * 100 / denominator).round(1).alias(f"p{d}"))
    return pl.concat(
        [
            frame.select(
                pl.int_range(start + 1, start + 1 + len(frame)).alias("respondent"),
                pl.col("school").fill_null(""),
                pl.col("district").fill_null(""),
                pl.col("grade_label").fill_null(""),
                pl.col("sex_label").fill_null(""),
            ),
            answers,
            scored.select(
                percents
                + [pl.col(f"band{d}").replace_strict(bands).alias(f"g{d}") for d in domains]
            ),
        ],
        how="horizontal",
    )


def no_rows_text() -> str:
    return _(
        "The anonymised responses hold no row: the round has fewer than %(minimum)s "
        "respondents, and a group that small is never shown."
    ) % {"minimum": results.minimum_group()}
