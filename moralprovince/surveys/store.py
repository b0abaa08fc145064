"""The bulk path: responses and result cells written with the database's own fast paths.

SQLite: `executemany` on the raw connection; PostgreSQL: `COPY`. Callers hold one
transaction around a whole import, so a failure leaves nothing behind.
"""

from __future__ import annotations

import io

import polars as pl
from django.db import connection

from moralprovince.surveys.models import MAX_BANDS
from moralprovince.surveys.spec import Spec

RESPONSE_COLUMNS = ("school_id", "key", "grade", "sex", "age", "answers")
CELL_KEY = ("level", "unit", "sex", "grade", "domain")
CELL_VALUES = ("n", "score_sum", *(f"band{i}" for i in range(MAX_BANDS)))


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def round_has_responses(round_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM surveys_response WHERE round_id = %s LIMIT 1", [round_id])
        return cursor.fetchone() is not None


def existing_keys(round_id: int, keys: list[int]) -> set[int]:
    """Which of these submission keys the round already holds."""
    found: set[int] = set()
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                "SELECT key FROM surveys_response WHERE round_id = %s AND key = ANY(%s)",
                [round_id, keys],
            )
            return {row[0] for row in cursor.fetchall()}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT key FROM surveys_response WHERE round_id = %s AND key IN ({marks})",
                [round_id, *part],
            )
            found.update(row[0] for row in cursor.fetchall())
    return found


def insert_responses(round_id: int, batch_id: int | None, frame: pl.DataFrame) -> None:
    """Append responses; `frame` has RESPONSE_COLUMNS."""
    if frame.is_empty():
        return
    # In key order, the unique index grows by appends within each batch.
    rows = frame.sort("key").select(
        pl.lit(round_id).alias("round_id"), *RESPONSE_COLUMNS, pl.lit(batch_id).alias("batch")
    )
    names = ", ".join(rows.columns)
    if _is_postgres():
        _copy(f"COPY surveys_response ({names}) FROM STDIN (FORMAT csv)", rows)
        return
    connection.ensure_connection()
    marks = ", ".join("?" * len(rows.columns))
    # A larger page cache keeps the (round, key) index in memory while it grows.
    connection.connection.execute("PRAGMA cache_size = -262144")
    connection.connection.executemany(
        f"INSERT INTO surveys_response ({names}) VALUES ({marks})", rows.iter_rows()
    )


def _copy(sql: str, frame: pl.DataFrame) -> None:
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(buffer.getvalue())


# --- result cells -----------------------------------------------------------------------------


def school_cells(spec: Spec, frame: pl.DataFrame) -> pl.DataFrame:
    """Per school, sex, grade and domain: n, score sum and band counts.

    `frame` has school_id, sex, grade and the scored columns sum{d}, band{d}.
    """
    parts = []
    for d in range(len(spec.domains) + 1):
        parts.append(
            frame.select(
                "school_id",
                "sex",
                "grade",
                pl.lit(d, pl.Int16).alias("domain"),
                pl.col(f"sum{d}").cast(pl.Int64).alias("score"),
                pl.col(f"band{d}").alias("band"),
            )
        )
    long = pl.concat(parts)
    return long.group_by("school_id", "sex", "grade", "domain").agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("score").sum().alias("score_sum"),
        *[(pl.col("band") == i).sum().cast(pl.Int64).alias(f"band{i}") for i in range(MAX_BANDS)],
    )


def level_cells(grouped: pl.DataFrame, district_of: dict[int, str], province: str) -> pl.DataFrame:
    """From per-school counts, the cells of every level and group (everyone, by sex, by grade)."""
    units = grouped.with_columns(
        pl.col("school_id").cast(pl.String).alias("school"),
        pl.col("school_id").replace_strict(district_of, return_dtype=pl.String).alias("district"),
        pl.lit(province).alias("province"),
    )
    sums = [pl.col(c).sum() for c in CELL_VALUES]
    frames = []
    for level in ("school", "district", "province"):
        base = units.with_columns(pl.col(level).alias("unit"), pl.lit(level).alias("level"))
        for by_sex, by_grade in ((False, False), (True, False), (False, True)):
            group = base.with_columns(
                pl.col("sex") if by_sex else pl.lit(0, pl.Int8).alias("sex"),
                pl.col("grade") if by_grade else pl.lit(0, pl.Int8).alias("grade"),
            )
            frames.append(group.group_by("level", "unit", "sex", "grade", "domain").agg(sums))
    return pl.concat(
        [
            f.select(*CELL_KEY, *CELL_VALUES).cast({"sex": pl.Int16, "grade": pl.Int16})
            for f in frames
        ]
    )


def upsert_cells(round_id: int, cells: pl.DataFrame, sign: int = 1) -> None:
    """Add (or with sign −1, take away) counts to the round's cells."""
    if cells.is_empty():
        return
    # Cells are written (and so locked) in the order of their key: two submissions that
    # share cells (the province's, a district's) then wait for each other instead of each
    # holding a cell the other needs, which PostgreSQL would end as a deadlock.
    rows = cells.sort(CELL_KEY).select(
        pl.lit(round_id).alias("round_id"), *CELL_KEY, *[pl.col(c) * sign for c in CELL_VALUES]
    )
    names = ", ".join(rows.columns)
    key = ", ".join(("round_id", *CELL_KEY))
    updates = ", ".join(f"{c} = surveys_resultcell.{c} + excluded.{c}" for c in CELL_VALUES)
    if _is_postgres():
        with connection.cursor() as cursor:
            bands = ", ".join(f"band{i} integer" for i in range(MAX_BANDS))
            cursor.execute(
                "CREATE TEMP TABLE survey_cells_in (round_id integer, level varchar(10), "
                "unit varchar(12), sex smallint, grade smallint, domain smallint, n integer, "
                f"score_sum bigint, {bands}) ON COMMIT DROP"
            )
        _copy(f"COPY survey_cells_in ({names}) FROM STDIN (FORMAT csv)", rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO surveys_resultcell ({names}) SELECT {names} FROM survey_cells_in "
                f"ORDER BY {key} ON CONFLICT ({key}) DO UPDATE SET {updates}"
            )
            cursor.execute("DROP TABLE survey_cells_in")
        return
    connection.ensure_connection()
    marks = ", ".join("?" * len(rows.columns))
    connection.connection.executemany(
        f"INSERT INTO surveys_resultcell ({names}) VALUES ({marks}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}",
        rows.iter_rows(),
    )
