"""The bulk path: responses and result cells written with the database's own fast paths.

SQLite: `executemany` on the raw connection; PostgreSQL: `COPY`. Callers hold one
transaction around a whole import, so a failure leaves nothing behind.
"""

from __future__ import annotations

import io
import queue
import threading
from typing import Any

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
    connection.ensure_connection()
    _insert(connection.connection, round_id, batch_id, frame)


def _insert(raw: Any, round_id: int, batch_id: int | None, frame: pl.DataFrame) -> None:
    """Append responses through the driver's connection `raw` (the one Django holds)."""
    if frame.is_empty():
        return
    # In key order, the unique index grows by appends within each batch.
    rows = frame.sort("key").select(
        pl.lit(round_id).alias("round_id"), *RESPONSE_COLUMNS, pl.lit(batch_id).alias("batch")
    )
    names = ", ".join(rows.columns)
    if _is_postgres():
        _copy(f"COPY surveys_response ({names}) FROM STDIN (FORMAT csv)", rows, raw)
        return
    marks = ", ".join("?" * len(rows.columns))
    # A larger page cache keeps the (round, key) index in memory while it grows.
    raw.execute("PRAGMA cache_size = -131072")
    raw.executemany(f"INSERT INTO surveys_response ({names}) VALUES ({marks})", rows.iter_rows())


class ResponseWriter:
    """Appends batches of responses on a second thread while the next batch is read and
    checked: the database works while Python and polars do, on another core.

    The thread writes through the connection Django holds, so in the same transaction;
    leaving the `with` block waits for the last batch and raises the writer's error, if any.
    """

    def __init__(self, round_id: int, batch_id: int | None) -> None:
        self.round_id, self.batch_id = round_id, batch_id
        self.error: BaseException | None = None
        self.queue: queue.Queue[pl.DataFrame | None] = queue.Queue(maxsize=1)
        self.thread = threading.Thread(target=self._run, name="response-writer", daemon=True)

    def __enter__(self) -> ResponseWriter:
        connection.ensure_connection()
        self.raw = connection.connection
        self.thread.start()
        return self

    def write(self, frame: pl.DataFrame) -> None:
        self._raise()
        self.queue.put(frame)

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if exc[0] is None:
            self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (frame := self.queue.get()) is not None:
            if self.error is None:
                try:
                    _insert(self.raw, self.round_id, self.batch_id, frame)
                except BaseException as error:  # handed to the importing thread
                    self.error = error


def _copy(sql: str, frame: pl.DataFrame, raw: Any = None) -> None:
    """COPY the frame in through `raw`, the driver's connection (this thread's if None)."""
    if raw is None:
        connection.ensure_connection()
        raw = connection.connection
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False)
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write(buffer.getvalue())


# --- result cells -----------------------------------------------------------------------------


def school_cells(spec: Spec, frame: pl.DataFrame) -> pl.DataFrame:
    """Per school, sex, grade and domain: n, score sum and band counts.

    `frame` has school_id, sex, grade and the scored columns sum{d}, band{d}. One grouping
    counts every domain side by side; the domains are then set one under the other.
    """
    domains = range(len(spec.domains) + 1)
    counts = [pl.len().cast(pl.Int64).alias("n")]
    for d in domains:
        counts.append(pl.col(f"sum{d}").cast(pl.Int64).sum().alias(f"score_sum.{d}"))
        counts += [
            (pl.col(f"band{d}") == i).sum().cast(pl.Int64).alias(f"band{i}.{d}")
            for i in range(MAX_BANDS)
        ]
    wide = frame.group_by("school_id", "sex", "grade").agg(counts)
    names = ("score_sum", *(f"band{i}" for i in range(MAX_BANDS)))
    return pl.concat(
        wide.select(
            "school_id",
            "sex",
            "grade",
            pl.lit(d, pl.Int16).alias("domain"),
            "n",
            *[pl.col(f"{name}.{d}").alias(name) for name in names],
        )
        for d in domains
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
