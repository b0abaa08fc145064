import datetime as dt

import pytest

from moralprovince.lib.fiscal import (
    first_half_end,
    fiscal_year_bounds,
    fiscal_year_of,
    to_be,
    to_ce,
)
from moralprovince.lib.thaidate import (
    arabic_digits,
    format_date,
    format_fiscal_year,
    thai_digits,
)


def test_the_source_article_date_is_13_november_2563_in_fiscal_year_2564():
    day = dt.date(2020, 11, 13)
    assert format_date(day) == "13 พฤศจิกายน 2563"
    assert fiscal_year_of(day) == 2564
    assert format_fiscal_year(fiscal_year_of(day)) == "ปีงบประมาณ 2564"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2020, 9, 30), 2563),
        (dt.date(2020, 10, 1), 2564),
        (dt.date(2021, 9, 30), 2564),
        (dt.date(2021, 10, 1), 2565),
        (dt.date(2020, 1, 1), 2563),
    ],
)
def test_it_names_a_fiscal_year_by_the_buddhist_year_it_ends_in(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_2564_runs_from_1_october_2020_to_30_september_2021():
    assert fiscal_year_bounds(2564) == (dt.date(2020, 10, 1), dt.date(2021, 9, 30))
    assert first_half_end(2564) == dt.date(2021, 3, 31)


def test_buddhist_and_christian_years_convert_both_ways():
    assert to_be(2020) == 2563
    assert to_ce(2563) == 2020


def test_english_dates_keep_the_buddhist_year():
    assert format_date(dt.date(2020, 11, 13), "en") == "13 November 2563 BE"
    assert format_date(dt.date(2020, 11, 13), "th", short=True) == "13 พ.ย. 2563"
    assert format_fiscal_year(2564, "en") == "FY2564"


def test_thai_digits_convert_both_ways():
    assert thai_digits("2564") == "๒๕๖๔"
    assert arabic_digits("๒๕๖๔") == "2564"
