"""Results as PDF and Excel, and the responses as an anonymised CSV streamed in chunks.

The CSV has no submission id and no age; a row's school, sex and grade are given only when
that group has at least the minimum number of respondents; smaller groups' rows are left
out altogether, so no respondent can be picked out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.sheets import csv_text, workbook_bytes
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import results
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
    if figure.suppressed:
        return [label, _("fewer than %(n)s") % {"n": results.minimum_group()}]
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
        header += [f"{name} %", f"{name} {_('grade')}"]
    header += [f"{_('Total')}: {b.code} (% {_('of respondents')})" for b in spec.bands]
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
    return workbook_bytes(book)


def grade_label(grade: int) -> str:
    return f"ป.{grade}" if grade <= 6 else f"ม.{grade - 6}"


# --- anonymised CSV ---------------------------------------------------------------------------


def small_groups(survey_round: SurveyRound, minimum: int) -> pl.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT school_id, sex, grade FROM surveys_response WHERE round_id = %s "
            "GROUP BY school_id, sex, grade HAVING count(*) < %s",
            [survey_round.pk, minimum],
        )
        rows = cursor.fetchall()
    return pl.DataFrame(
        rows, schema={"school_id": pl.Int64, "sex": pl.Int64, "grade": pl.Int64}, orient="row"
    )


def anonymised_csv(survey_round: SurveyRound) -> Iterator[bytes]:
    """Yield the CSV in chunks: memory stays the same whatever the number of responses."""
    spec = spec_for(survey_round.version)
    schools = Organisation.objects.filter(
        pk__in=survey_round.round_schools.values("organisation_id")
    )
    codes = {o.pk: csv_text(o.code or str(o.pk)) for o in schools}
    districts = dict(schools.values_list("pk", "subdistrict__district__name_th"))
    hidden = small_groups(survey_round, results.minimum_group())
    names = ["respondent", "school", "district", "grade", "sex", *spec.items]
    names += [f"percent_{d}" for d in ("total", *spec.domains)] + [
        f"grade_{d}" for d in ("total", *spec.domains)
    ]
    yield ("\ufeff" + ",".join(names) + "\n").encode()
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
        )
        if not hidden.is_empty():
            frame = frame.join(hidden, on=["school_id", "sex", "grade"], how="anti")
        if frame.is_empty():
            continue
        out = _rows(spec, frame, codes, districts, number)
        number += len(frame)
        yield out.write_csv(include_header=False).encode()


def _chunks(round_id: int) -> Iterator[list[tuple[Any, ...]]]:
    sql = "SELECT school_id, sex, grade, answers FROM surveys_response WHERE round_id = %s"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [round_id])
        while rows := cursor.fetchmany(CHUNK):
            yield rows


def _rows(
    spec: Spec, frame: pl.DataFrame, codes: dict[int, str], districts: dict[int, str], start: int
) -> pl.DataFrame:
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
    sexes = {s.value: s.name.lower() for s in Sex}
    return pl.concat(
        [
            frame.select(
                pl.int_range(start + 1, start + 1 + len(frame)).alias("respondent"),
                pl.col("school_id").replace_strict(codes, default="").alias("school"),
                pl.col("school_id").replace_strict(districts, default="").alias("district"),
                pl.col("grade")
                .replace_strict({g: grade_label(g) for g in range(1, 13)}, default="")
                .alias("grade"),
                pl.col("sex").replace_strict(sexes, default="").alias("sex"),
            ),
            answers,
            scored.select(
                percents
                + [pl.col(f"band{d}").replace_strict(bands).alias(f"g{d}") for d in domains]
            ),
        ],
        how="horizontal",
    )
