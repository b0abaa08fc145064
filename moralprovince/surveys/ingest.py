"""Reading responses into the store, for `services` only: a file of responses checked cell
by cell, and responses sent one at a time (the web form, the API).

The same pass checks (the preview) and imports; problems are kept by row and column with a
code, so they are shown in the reader's language. Importing the same file twice adds
nothing: each response has a key made from its submission id, or from the file and row.
A whole import is one transaction: a failure, or a refused file, leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from moralprovince.lib.thaidate import arabic_digits
from moralprovince.lib.thaitext import normalise
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import store
from moralprovince.surveys.columns import auto_mapping, identifying_columns, mapping_problems
from moralprovince.surveys.files import (
    ROW,
    FileRefused,
    Table,
    local_copy,
    open_stored,
    open_table,
    write_clean,
)
from moralprovince.surveys.models import InstrumentVersion, ResponseImport, SurveyRound
from moralprovince.surveys.spec import Spec, scored_columns, spec_for
from moralprovince.surveys.validation import AGE_MAX, AGE_MIN, check_answers

PROBLEM_LIMIT = 500
Progress = Callable[[int, int], None]  # rows read, rows in the file (0 if not known)


class ImportRefused(Exception):
    """The import stored nothing: the file has problems and only-valid was not chosen."""


@dataclass
class Outcome:
    rows: int = 0
    valid_rows: int = 0
    added: int = 0
    already_present: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def add_problems(self, code: str, column: str, rows: pl.DataFrame, extra: str = "") -> None:
        self.counts[code] = self.counts.get(code, 0) + len(rows)
        room = PROBLEM_LIMIT - len(self.problems)
        for row in rows.head(max(room, 0)).iter_rows(named=True):
            value = row.get("value")
            self.problems.append(
                {
                    "row": row[ROW],
                    "column": column,
                    "code": code,
                    "value": value,
                    "first": row.get(extra),
                }
            )


def submission_key(text: str, _hash: Any = hashlib.blake2b, _int: Any = int.from_bytes) -> int:
    """A 64-bit key of a submission id; stable across versions (unlike a dataframe hash)."""
    return _int(_hash(text.encode(), digest_size=8).digest(), "big", signed=True)


def submission_keys(texts: list[str]) -> pl.Series:
    """`submission_key` of each text, as one column."""
    digest = hashlib.blake2b
    packed = b"".join(digest(t.encode(), digest_size=8).digest() for t in texts)
    return pl.Series(struct.unpack(f">{len(texts)}q", packed), dtype=pl.Int64)


# --- the spellings accepted in the other columns ----------------------------------------------


def _grades() -> dict[str, int]:
    grades: dict[str, int] = {}
    for number in range(1, 7):
        for prefix, offset in (
            ("ป", 0),
            ("ประถมศึกษาปีที่", 0),
            ("p", 0),
            ("ม", 6),
            ("มัธยมศึกษาปีที่", 6),
            ("m", 6),
        ):
            grades[f"{prefix}{number}"] = number + offset
    for number in range(1, 13):
        grades[str(number)] = number
        grades[f"grade{number}"] = number
    return grades


GRADES = _grades()
SEXES = {
    **dict.fromkeys(("ชาย", "ช", "เด็กชาย", "นาย", "male", "m", "boy", "1"), 1),
    **dict.fromkeys(("หญิง", "ญ", "เด็กหญิง", "นางสาว", "female", "f", "girl", "2"), 2),
    **dict.fromkeys(("อื่นๆ", "อื่น", "ไม่ระบุ", "ไม่ประสงค์จะระบุ", "other", "3"), 3),
}


@dataclass
class Context:
    survey_round: SurveyRound
    spec: Spec
    mapping: dict[str, str]
    default_school: int | None
    file_tag: str
    schools: dict[str, int]
    district_of: dict[int, str]

    def column(self, target: str) -> str | None:
        return next((c for c, t in self.mapping.items() if t == target), None)


def make_context(record: ResponseImport) -> Context:
    survey_round = record.round
    spec = spec_for(survey_round.version)
    schools: dict[str, int] = {}
    district_of: dict[int, str] = {}
    members = Organisation.objects.filter(
        pk__in=survey_round.round_schools.values("organisation_id")
    )
    for org in members.select_related("subdistrict"):
        for name in (org.code, org.name_th, org.name_en):
            if name:
                schools[normalise(name)] = org.pk
        district_of[org.pk] = org.subdistrict.district_id
    return Context(
        survey_round=survey_round,
        spec=spec,
        mapping=record.mapping,
        default_school=record.school_id,
        file_tag=record.sha256,
        schools=schools,
        district_of=district_of,
    )


# --- checking one batch -----------------------------------------------------------------------


def check_batch(
    ctx: Context, batch: pl.DataFrame, outcome: Outcome, seen: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return the batch's valid rows (ready to store) and the (key, row) of its submissions."""
    answers, invalid = _answers(ctx, batch, outcome)
    school, bad = _schools(ctx, batch, outcome)
    invalid = invalid | bad
    grade, bad = _coded(ctx, batch, "grade", GRADES, "bad_grade", outcome, required=True)
    invalid = invalid | bad
    sex, bad = _coded(ctx, batch, "sex", SEXES, "bad_sex", outcome, required=False)
    invalid = invalid | bad
    age, bad = _ages(ctx, batch, outcome)
    invalid = invalid | bad
    keys = _keys(ctx, batch)
    repeated = _repeated(batch, keys, seen, outcome, ctx.column("submission"))
    invalid = invalid | repeated
    frame = answers.with_columns(
        school.alias("school_id"),
        keys.alias("key"),
        grade.cast(pl.Int16).alias("grade"),
        sex.fill_null(3).cast(pl.Int16).alias("sex"),
        age.alias("age"),
    )
    return frame.filter(~invalid), pl.DataFrame({"key": keys, ROW: batch[ROW]}).filter(~repeated)


def _answers(ctx: Context, batch: pl.DataFrame, outcome: Outcome) -> tuple[pl.DataFrame, pl.Series]:
    """One Int8 column per item and the answer digits as one text ("answers"), read by the
    one answer check; problems are reported under the file's own column names."""
    names = {code: ctx.column(f"item:{code}") or "" for code in ctx.spec.items}
    raw = batch.select([pl.col(name).alias(code) for code, name in names.items()])
    checked = check_answers(ctx.spec, raw)
    for problem in checked.problems:
        rows = pl.DataFrame({ROW: batch[ROW], "value": problem.given}).filter(problem.rows)
        outcome.add_problems(problem.code, names[problem.item], rows)
    answers = checked.digits.alias("answers").to_frame()
    return pl.concat([checked.values, answers], how="horizontal"), checked.invalid


def _report(
    outcome: Outcome, batch: pl.DataFrame, mask: pl.Series, code: str, column: str, raw: pl.Series
) -> None:
    if mask.any():
        rows = pl.DataFrame({ROW: batch[ROW], "value": raw}).filter(mask)
        outcome.add_problems(code, column, rows)


def _schools(ctx: Context, batch: pl.DataFrame, outcome: Outcome) -> tuple[pl.Series, pl.Series]:
    name = ctx.column("school")
    if name is None:
        return pl.Series([ctx.default_school] * len(batch), dtype=pl.Int32), pl.Series(
            [False] * len(batch)
        )
    raw = batch[name].str.strip_chars()
    school = _lookup(raw, lambda v: ctx.schools.get(normalise(v)), pl.Int32)
    missing = raw.is_null() | (raw == "")
    unknown = school.is_null() & ~missing
    if unknown.any():
        elsewhere = _other_province_names(ctx, raw.filter(unknown).unique().to_list())
        other = unknown & raw.is_in(list(elsewhere))
        _report(outcome, batch, other, "other_province_school", name, raw)
        _report(outcome, batch, unknown & ~other, "unknown_school", name, raw)
    _report(outcome, batch, missing, "missing_school", name, raw)
    return school, school.is_null()


def _other_province_names(ctx: Context, values: list[str]) -> set[str]:
    if not values:
        return set()
    others = Organisation.objects.exclude(province=ctx.survey_round.province)
    found = set(others.filter(code__in=values).values_list("code", flat=True))
    found |= set(others.filter(name_th__in=values).values_list("name_th", flat=True))
    return found


def _lookup(raw: pl.Series, convert: Callable[[str], Any], dtype: Any) -> pl.Series:
    """Convert a column through its distinct values only (grades, sexes, ages repeat)."""
    distinct = raw.drop_nulls().unique().to_list()
    return raw.replace_strict({v: convert(v) for v in distinct}, default=None, return_dtype=dtype)


def _compact_text(value: str) -> str:
    return "".join(arabic_digits(value).lower().replace(".", "").split())


def _coded(
    ctx: Context,
    batch: pl.DataFrame,
    target: str,
    accepted: dict[str, int],
    code: str,
    outcome: Outcome,
    required: bool,
) -> tuple[pl.Series, pl.Series]:
    name = ctx.column(target)
    if name is None:
        return pl.Series([None] * len(batch), dtype=pl.Int16), pl.Series([False] * len(batch))
    raw = batch[name].str.strip_chars()
    value = _lookup(raw, lambda v: accepted.get(_compact_text(v)), pl.Int16)
    missing = raw.is_null() | (raw == "")
    wrong = value.is_null() & ~missing
    _report(outcome, batch, wrong, code, name, raw)
    if required:
        _report(outcome, batch, missing, f"missing_{target}", name, raw)
        return value, wrong | missing
    return value, wrong


def _age(value: str) -> int | None:
    text = _compact_text(value).removesuffix("ปี")
    return int(text) if text.isdigit() and AGE_MIN <= int(text) <= AGE_MAX else None


def _ages(ctx: Context, batch: pl.DataFrame, outcome: Outcome) -> tuple[pl.Series, pl.Series]:
    name = ctx.column("age")
    if name is None:
        return pl.Series([None] * len(batch), dtype=pl.Int16), pl.Series([False] * len(batch))
    raw = batch[name].str.strip_chars()
    value = _lookup(raw, _age, pl.Int16)
    missing = raw.is_null() | (raw == "")
    wrong = value.is_null() & ~missing
    _report(outcome, batch, wrong, "bad_age", name, raw)
    return value, wrong


def _keys(ctx: Context, batch: pl.DataFrame) -> pl.Series:
    """The submission id's key; without an id, the key of the file and row."""
    name = ctx.column("submission")
    tag = ctx.file_tag
    if name is None:
        return submission_keys([f"{tag}:{r}" for r in batch[ROW].to_list()])
    ids = batch.select(
        pl.when(pl.col(name).str.strip_chars() != "")
        .then(pl.col(name).str.strip_chars())
        .otherwise(pl.lit(f"{tag}:") + pl.col(ROW).cast(pl.String))
    ).to_series()
    return submission_keys(ids.to_list())


def _repeated(
    batch: pl.DataFrame, keys: pl.Series, seen: pl.DataFrame, outcome: Outcome, column: str | None
) -> pl.Series:
    """Submissions that came before in this file: in earlier batches or on earlier rows."""
    earlier = pl.select(pl.lit(keys).is_in(pl.lit(seen["key"].implode()))).to_series()
    repeated = earlier | (keys.is_duplicated() & ~keys.is_first_distinct())
    if repeated.any() and column:
        here = pl.DataFrame({"key": keys, ROW: batch[ROW], "value": batch[column]})
        firsts = pl.concat([seen, here.select("key", ROW)]).unique(
            "key", keep="first", maintain_order=True
        )
        rows = here.filter(repeated).join(
            firsts.rename({ROW: "first"}), on="key", how="left", maintain_order="left"
        )
        outcome.add_problems("repeated_id", column, rows, extra="first")
    return repeated


# --- the whole import -------------------------------------------------------------------------


def run(
    record: ResponseImport,
    *,
    store_rows: bool,
    only_valid: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Check the file (store_rows False) or import it; nothing is stored unless all is well
    or only the valid rows were asked for."""
    ctx = make_context(record)
    problems = mapping_problems(record.mapping, ctx.spec, record.school_id is not None)
    if problems:
        raise FileRefused(" ".join(problems))
    if not record.file:
        raise FileRefused(
            _(
                "The file is no longer kept (it was imported, refused or left too long); upload it again."
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        table = open_stored(local_copy(record.file, workdir), workdir)
        if store_rows:
            with transaction.atomic():
                outcome = _pass(ctx, table, record, only_valid, progress)
        else:
            outcome = _pass(ctx, table, record, False, progress, store_rows=False)
    # What was said when the file was uploaded (sheets left aside, blank rows) still holds.
    outcome.notices = list(dict.fromkeys([*record.notices, *table.notices]))
    return outcome


def _pass(
    ctx: Context,
    table: Table,
    record: ResponseImport,
    only_valid: bool,
    progress: Progress | None,
    store_rows: bool = True,
) -> Outcome:
    outcome = Outcome()
    seen = pl.DataFrame(schema={"key": pl.Int64, ROW: pl.Int64})
    cells: list[pl.DataFrame] = []
    check_existing = store.round_has_responses(ctx.survey_round.pk)
    with store.ResponseWriter(ctx.survey_round.pk, record.pk) as writer:
        for batch in table.batches():
            valid, submissions = check_batch(ctx, batch, outcome, seen)
            seen = pl.concat([seen, submissions])
            outcome.rows += len(batch)
            outcome.valid_rows += len(valid)
            writing = store_rows and (only_valid or not outcome.counts)
            if writing or check_existing:
                new = _new_only(ctx, valid, outcome) if check_existing else valid
                if writing:
                    cells.append(_store(ctx, new, writer.write))
                    outcome.added += len(new)
            if progress:
                progress(outcome.rows, 0)
    if store_rows and outcome.counts and not only_valid:
        raise ImportRefused(outcome)
    if store_rows and cells:
        _add_cells(ctx, cells)
    return outcome


def _add_cells(ctx: Context, cells: list[pl.DataFrame]) -> None:
    """Sum per-school cells of the stored batches and add them to every level's cells."""
    keys = ("school_id", "sex", "grade", "domain")
    grouped = pl.concat(cells).group_by(keys).agg(pl.exclude(keys).sum())
    survey_round = ctx.survey_round
    store.upsert_cells(
        survey_round.pk, store.level_cells(grouped, ctx.district_of, survey_round.province_id)
    )


def _new_only(ctx: Context, valid: pl.DataFrame, outcome: Outcome) -> pl.DataFrame:
    present = store.existing_keys(ctx.survey_round.pk, valid["key"].to_list())
    outcome.already_present += len(present)
    return valid.filter(~pl.col("key").is_in(list(present))) if present else valid


def _store(
    ctx: Context, valid: pl.DataFrame, write: Callable[[pl.DataFrame], None]
) -> pl.DataFrame:
    """Hand valid rows (item columns, answers, school_id, key, grade, sex, age) to `write`;
    return their per-school cells."""
    spec = ctx.spec
    write(valid.select(*store.RESPONSE_COLUMNS))
    scored = scored_columns(spec, valid.select(spec.items))
    frame = pl.concat([valid.select("school_id", "sex", "grade"), scored], how="horizontal")
    return store.school_cells(spec, frame)


@dataclass(frozen=True)
class NewResponse:
    """One response sent on its own: its submission id, school, profile and answers."""

    submission: str
    school_id: int
    grade: int
    sex: int
    age: int | None
    answers: dict[str, int]


def store_responses(survey_round: SurveyRound, responses: list[NewResponse]) -> int:
    """Store responses sent one at a time and add them to the result cells; return how many
    were new (a submission already stored, or sent twice, is stored once)."""
    spec = spec_for(survey_round.version)
    schools = Organisation.objects.filter(pk__in={r.school_id for r in responses})
    district_of = dict(schools.values_list("pk", "subdistrict__district_id"))
    ctx = Context(survey_round, spec, {}, None, "", {}, district_of)
    frame = pl.DataFrame(
        {
            **{
                code: pl.Series([r.answers[code] for r in responses], dtype=pl.Int8)
                for code in spec.items
            },
            "answers": ["".join(str(r.answers[c]) for c in spec.items) for r in responses],
            "school_id": pl.Series([r.school_id for r in responses], dtype=pl.Int32),
            "key": submission_keys([f"web:{r.submission}" for r in responses]),
            "grade": pl.Series([r.grade for r in responses], dtype=pl.Int16),
            "sex": pl.Series([r.sex for r in responses], dtype=pl.Int16),
            "age": pl.Series([r.age for r in responses], dtype=pl.Int16),
        }
    )
    new = _new_only(ctx, frame.unique("key", keep="first", maintain_order=True), Outcome())
    if new.is_empty():
        return 0
    _add_cells(ctx, [_store(ctx, new, partial(store.insert_responses, survey_round.pk, None))])
    return len(new)


# --- a new file of responses ------------------------------------------------------------------


@dataclass
class Upload:
    """An uploaded file read whole, ready to keep: the copy to store (the columns that
    identify no child, as Parquet), the digest of the file as uploaded, its table as read,
    the columns kept and dropped, and the first matching of the kept ones."""

    path: Path
    sha256: str
    table: Table
    columns: list[str]
    dropped: list[str]
    mapping: dict[str, str]


def read_upload(upload: Any, workdir: Path, name: str, version: InstrumentVersion) -> Upload:
    """Read the upload; FileRefused if it is not a table. The file itself is not kept: the
    copy to store has no column that identifies a child.

    The digest is the file's as uploaded: the same file gives the same keys to its rows
    (`_keys`) however it is stored, so importing it again adds nothing.
    """
    digest = hashlib.sha256()
    path = workdir / "upload"
    with path.open("wb") as out:
        for chunk in iter(lambda: upload.read(1 << 20), b""):
            digest.update(chunk)
            out.write(chunk)
    table = open_table(path, workdir, name)
    mapping = first_mapping(version, table.columns)
    dropped = identifying_columns(table.columns, mapping)
    # A column named like the row number the reader adds would take its place.
    dropped += [c for c in table.columns if c == ROW and c not in dropped]
    kept = [c for c in table.columns if c not in dropped]
    clean = workdir / "clean.parquet"
    write_clean(table, kept, clean)
    path.unlink()
    return Upload(
        clean, digest.hexdigest(), table, kept, dropped, {c: mapping.get(c, "") for c in kept}
    )


def first_mapping(version: InstrumentVersion, columns: list[str]) -> dict[str, str]:
    """The file's columns matched to the instrument by code, question text or usual name."""
    items = version.items.all()
    texts = [(i.text_th, i.code) for i in items] + [(i.text_en, i.code) for i in items if i.text_en]
    return auto_mapping(columns, spec_for(version), texts)
