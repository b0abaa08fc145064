"""Reading response files: CSV (UTF-8, UTF-8 with BOM, TIS-620/cp874) and .xlsx.

Every column is read as text, in batches, so a file of any size is read in constant memory
and every cell can be checked and reported by its row and column. Problems that stop the
whole file (not a table, damaged, formulas, merged header cells) raise `FileRefused`.

What is stored of an upload is not the file itself but a copy of the columns kept (those
that identify no child) with each row's number as the person's spreadsheet shows it, in
Parquet (`write_clean`, read back by `open_stored`): checks and imports read that copy.
"""

from __future__ import annotations

import codecs
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import polars as pl
from django.utils.translation import gettext as _

from moralprovince.lib.uploads import check_table

BATCH_ROWS = 200_000
# A batch holds at most BATCH_ROWS rows and about BATCH_CELLS cells: a file of 500 columns is
# read 8,000 rows at a time (200,000 rows of 500 text columns would take gigabytes).
BATCH_CELLS = 4_000_000
ROW = "__row"
PARQUET = b"PAR1"
TEXT_NAMES = (".csv", ".tsv", ".txt")


class FileRefused(Exception):
    """The file cannot be read as a table of responses; the message says why and where."""


@dataclass
class Table:
    kind: str  # csv, xlsx, or parquet (a stored copy)
    encoding: str
    columns: list[str]
    notices: list[str] = field(default_factory=list)
    path: Path | None = None
    separator: str = ","
    sheet: str = ""
    frame: pl.DataFrame | None = None

    def batches(self, size: int = 0) -> Iterator[pl.DataFrame]:
        """Frames of text columns with `__row`, the row number a spreadsheet shows."""
        size = size or self.batch_rows()
        if self.kind == "csv":
            yield from _csv_batches(self, size)
        elif self.kind == "parquet":
            yield from _parquet_batches(self, size)
        else:
            yield from _xlsx_batches(self, size)

    def batch_rows(self) -> int:
        return max(1_000, min(BATCH_ROWS, BATCH_CELLS // max(len(self.columns), 1)))


def local_copy(stored: Any, workdir: Path) -> Path:
    """Copy a stored file to the work folder, through the storage API.

    The readers need a file on the local disk; the storage may be elsewhere (object storage,
    memory), so a stored file is never opened by its `.path`.
    """
    path = workdir / "stored"
    with stored.open("rb") as source, path.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    return path


def sniff_kind(path: Path, name: str = "") -> str:
    """ "csv" or "xlsx", from the file's first bytes; a name that says otherwise is refused."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    suffix = Path(name.lower()).suffix
    if suffix in (".xls", ".ods", ".numbers"):
        raise FileRefused(
            _("“%(name)s” is not read: save it as an Excel workbook (.xlsx) or as CSV UTF-8.")
            % {"name": name}
        )
    if head.startswith(b"PK\x03\x04"):
        if suffix in TEXT_NAMES:
            raise FileRefused(
                _(
                    "“%(name)s” is named as a text (CSV) file but is a workbook or another zip file. Name it .xlsx if it is an Excel workbook."
                )
                % {"name": name}
            )
        return "xlsx"
    if not head.strip():
        raise FileRefused(_("The file is empty."))
    if b"\x00" in head or head.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise FileRefused(
            _("This is not a CSV or .xlsx file. Save the sheet as CSV or Excel workbook (.xlsx).")
        )
    if suffix == ".xlsx":
        raise FileRefused(
            _(
                "“%(name)s” is named .xlsx but is not an Excel workbook (its content is text). Save it from Excel as .xlsx, or name it .csv if it is a CSV file."
            )
            % {"name": name}
        )
    return "csv"


def open_table(path: Path, workdir: Path, name: str = "") -> Table:
    """An uploaded file as a table (CSV or .xlsx); FileRefused if it is not one."""
    kind = sniff_kind(path, name)
    check_table(path, kind, refuse=FileRefused)
    return _open_csv(path, workdir) if kind == "csv" else _open_xlsx(path)


def open_stored(path: Path, workdir: Path) -> Table:
    """A stored copy (Parquet); a file stored before copies were made is read as uploaded."""
    with path.open("rb") as handle:
        head = handle.read(len(PARQUET))
    if head != PARQUET:
        return open_table(path, workdir)
    try:
        columns = [c for c in pl.read_parquet_schema(path) if c != ROW]
    except pl.exceptions.PolarsError:
        raise FileRefused(
            _("The stored copy of the file cannot be read; upload the file again.")
        ) from None
    return Table("parquet", "utf-8", columns, path=path)


def write_clean(table: Table, keep: list[str], path: Path) -> None:
    """Write the table's rows, only the columns kept, each with its row number, as Parquet.

    A CSV file is streamed (any size, in constant memory); a workbook's sheet is in memory
    already. A file that cannot be read to its end is refused, naming where.
    """
    if table.kind == "csv":
        try:
            _csv_frame(table).with_row_index(ROW, offset=2).select(
                pl.col(ROW).cast(pl.Int64), *keep
            ).sink_parquet(path, compression="lz4", row_group_size=table.batch_rows())
            return
        except pl.exceptions.PolarsError:
            for _batch in table.batches():
                pass  # the batches name the row where reading stops
            raise FileRefused(_("The CSV file could not be read to its end.")) from None
    frames = [batch.select(ROW, *keep) for batch in table.batches()]
    empty = pl.DataFrame(schema={ROW: pl.Int64, **dict.fromkeys(keep, pl.String)})
    pl.concat([empty, *frames], how="vertical_relaxed").write_parquet(path, compression="lz4")


def _parquet_batches(table: Table, size: int) -> Iterator[pl.DataFrame]:
    assert table.path is not None
    yield from pl.scan_parquet(table.path).collect_batches(chunk_size=size)


# --- CSV --------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the bytes decode, else Thai Windows (cp874).

    A file that starts with the UTF-8 byte-order mark must be UTF-8 to its end: one that
    goes on in another encoding (pasted together from two files) is refused, naming the line.
    """
    with path.open("rb") as handle:
        bom = handle.read(3) == codecs.BOM_UTF8
    wrong = _first_wrong_byte(path, "utf-8")
    if wrong is None:
        return "utf-8-sig" if bom else "utf-8"
    if bom:
        raise FileRefused(
            _(
                "The file starts as UTF-8 (with a byte-order mark) but line %(line)s is not UTF-8 (byte %(position)s): it mixes two text encodings. Save it again as “CSV UTF-8”."
            )
            % {"line": f"{wrong[1]:,}", "position": f"{wrong[0]:,}"}
        )
    wrong = _first_wrong_byte(path, "cp874")
    if wrong is not None:
        raise FileRefused(
            _(
                "The file's text encoding is not UTF-8 or Thai Windows (TIS-620/cp874): line %(line)s (byte %(position)s). Save it again as “CSV UTF-8”."
            )
            % {"line": f"{wrong[1]:,}", "position": f"{wrong[0]:,}"}
        )
    return "cp874"


def _first_wrong_byte(path: Path, encoding: str) -> tuple[int, int] | None:
    """The offset and line of the first byte the encoding cannot read; None if all can be."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = lines = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(1 << 22)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as error:
                # The decoder may hold a few bytes of the block before: the line is right,
                # the offset within a character or two.
                start = max(0, min(error.start, len(block)))
                return offset + start, lines + block[:start].count(b"\n") + 1
            if not block:
                return None
            offset += len(block)
            lines += block.count(b"\n")


def _open_csv(path: Path, workdir: Path) -> Table:
    encoding = detect_encoding(path)
    source = path
    if encoding != "utf-8":
        # Polars reads UTF-8 only: write a UTF-8 copy (without the BOM) once.
        source = Path(tempfile.mkstemp(suffix=".csv", dir=workdir)[1])
        with (
            path.open(encoding=encoding, newline="") as src,
            source.open("w", encoding="utf-8", newline="") as out,
        ):
            while block := src.read(1 << 22):
                out.write(block)
    with source.open(encoding="utf-8", newline="") as handle:
        first = handle.readline()
    separator = max((",", ";", "\t"), key=first.count)
    try:
        header = pl.read_csv(source, separator=separator, n_rows=0, infer_schema=False).columns
    except pl.exceptions.PolarsError as error:
        raise FileRefused(
            _("The file could not be read as CSV: %(error)s") % {"error": error}
        ) from None
    return Table("csv", encoding, [c.strip() for c in header], path=source, separator=separator)


def _csv_frame(table: Table) -> pl.LazyFrame:
    assert table.path is not None
    return pl.scan_csv(
        table.path,
        separator=table.separator,
        infer_schema=False,
        truncate_ragged_lines=True,
        new_columns=table.columns,
    )


def _csv_batches(table: Table, size: int) -> Iterator[pl.DataFrame]:
    frame = _csv_frame(table)
    start = 2  # row 1 is the header
    try:
        for batch in frame.collect_batches(chunk_size=size):
            yield batch.with_columns(
                pl.int_range(start, start + len(batch), dtype=pl.Int64).alias(ROW)
            )
            start += len(batch)
    except pl.exceptions.PolarsError as error:
        raise FileRefused(
            _(
                "The CSV file could not be read after row %(row)s (is it cut off or wrongly quoted?): %(error)s"
            )
            % {"row": start - 1, "error": str(error).splitlines()[0]}
        ) from None


# --- xlsx -------------------------------------------------------------------------------------

_FORMULA = re.compile(rb"<c r=\"([A-Z]+[0-9]+)\"[^>]*>(?:(?!</c>).)*?<f[ >/]", re.S)
_MERGE = re.compile(rb"<mergeCell ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _open_xlsx(path: Path) -> Table:
    try:
        import fastexcel

        reader = fastexcel.read_excel(str(path))
        sheets = list(reader.sheet_names)
    except Exception:
        raise FileRefused(
            _("The workbook is damaged or incomplete; open it in Excel and save it again.")
        ) from None
    if not sheets:
        raise FileRefused(_("The workbook has no sheets."))
    sheet = sheets[0]
    _check_sheet_xml(path, 0, sheet)
    frame = _xlsx_frame(path, sheet)
    table = Table("xlsx", "", frame.columns, path=path, sheet=sheet, frame=frame)
    if len(sheets) > 1:
        table.notices.append(
            _(
                "Only the first sheet, “%(sheet)s”, was read; the other sheets (%(others)s) were left aside."
            )
            % {"sheet": sheet, "others": ", ".join(sheets[1:])}
        )
    return table


def _xlsx_frame(path: Path, sheet: str) -> pl.DataFrame:
    """The sheet as text, blank rows kept (so row numbers are the ones Excel shows)."""
    import fastexcel

    try:
        grid = fastexcel.read_excel(str(path)).load_sheet(sheet, header_row=None, dtypes="string")
        frame = grid.to_polars()
    except Exception:
        raise FileRefused(
            _(
                "Sheet “%(sheet)s” is damaged or incomplete; open the workbook in Excel and save it again."
            )
            % {"sheet": sheet}
        ) from None
    if len(frame) == 0:
        raise FileRefused(_("The sheet “%(sheet)s” is empty.") % {"sheet": sheet})
    header = [
        str(v or "").strip() or _("(column %(n)s)") % {"n": i + 1}
        for i, v in enumerate(frame.row(0))
    ]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise FileRefused(
            _(
                "Sheet “%(sheet)s”: more than one column is headed %(names)s; give each column its own heading."
            )
            % {"sheet": sheet, "names": ", ".join(f"“{h}”" for h in repeated)}
        )
    return frame.slice(1).rename(dict(zip(frame.columns, header, strict=True)))


def _check_sheet_xml(path: Path, index: int, sheet: str) -> None:
    """Formulas and merged cells are refused with the cell where they are."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(
                n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)
            )
            name = f"xl/worksheets/sheet{index + 1}.xml"
            if name not in names and index >= len(names):
                raise FileRefused(
                    _(
                        "The workbook names the sheet “%(sheet)s” but holds no sheet data; open it in Excel and save it again."
                    )
                    % {"sheet": sheet}
                )
            with archive.open(name if name in names else names[index]) as xml:
                formula, merged = _formula_and_merge(xml)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        raise FileRefused(
            _("The workbook is damaged or incomplete; open it in Excel and save it again.")
        ) from None
    if formula:
        raise FileRefused(
            _(
                "Sheet “%(sheet)s”, cell %(cell)s holds a formula. Copy the sheet and paste it as values only, then upload again."
            )
            % {"sheet": sheet, "cell": formula.decode()}
        )
    if merged:
        raise FileRefused(
            _(
                "Sheet “%(sheet)s” has merged cells at %(cells)s. Unmerge them so that the first row holds one heading per column and every other row one response."
            )
            % {"sheet": sheet, "cells": merged.decode()}
        )


def _formula_and_merge(xml: IO[bytes]) -> tuple[bytes | None, bytes | None]:
    """The first cell holding a formula and the first merged range of a sheet, read in
    pieces cut after a whole cell (the sheet may be hundreds of MB once inflated)."""
    tail = b""
    merged = None
    while block := xml.read(1 << 20):
        data = tail + block
        cut = data.rfind(b"</c>") + 4
        if cut < 4:
            cut = 0 if len(data) <= 1 << 22 else len(data)
        found = _FORMULA.search(data, 0, cut) if _has_formula(data) else None
        if found:
            return found.group(1), None
        merge = _MERGE.search(data, 0, cut) if b"<mergeCell " in data else None
        merged = merged or (merge.group(1) if merge else None)
        tail = data[cut:]
    found = _FORMULA.search(tail)
    merge = _MERGE.search(tail)
    return (found.group(1) if found else None), merged or (merge.group(1) if merge else None)


def _has_formula(data: bytes) -> bool:
    """Whether a formula tag may be in the piece: the search for the cell that holds it is
    slow, so it runs only then."""
    return b"<f>" in data or b"<f " in data or b"<f/" in data


def _xlsx_batches(table: Table, size: int) -> Iterator[pl.DataFrame]:
    assert table.path is not None
    frame = table.frame if table.frame is not None else _xlsx_frame(table.path, table.sheet)
    frame = frame.with_columns(pl.int_range(2, 2 + len(frame), dtype=pl.Int64).alias(ROW))
    blank = frame.select(
        pl.all_horizontal(pl.exclude(ROW).is_null() | (pl.exclude(ROW).str.strip_chars() == ""))
    ).to_series()
    if blank.any():
        table.notices.append(
            _("%(count)s blank rows were skipped.") % {"count": f"{int(blank.sum()):,}"}
        )
        frame = frame.filter(~blank)
    for offset in range(0, len(frame), size):
        yield frame.slice(offset, size)
