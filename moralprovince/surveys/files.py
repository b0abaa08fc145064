"""Reading response files: CSV (UTF-8, UTF-8 with BOM, TIS-620/cp874) and .xlsx.

Every column is read as text, in batches, so a file of any size is read in constant memory
and every cell can be checked and reported by its row and column. Problems that stop the
whole file (not a table, damaged, formulas, merged header cells) raise `FileRefused`.
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
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from moralprovince.lib.uploads import check_table

BATCH_ROWS = 200_000
ROW = "__row"


class FileRefused(Exception):
    """The file cannot be read as a table of responses; the message says why and where."""


@dataclass
class Table:
    kind: str  # csv or xlsx
    encoding: str
    columns: list[str]
    notices: list[str] = field(default_factory=list)
    path: Path | None = None
    separator: str = ","
    sheet: str = ""
    frame: pl.DataFrame | None = None

    def batches(self, size: int = BATCH_ROWS) -> Iterator[pl.DataFrame]:
        """Frames of text columns with `__row`, the row number a spreadsheet shows."""
        if self.kind == "csv":
            yield from _csv_batches(self, size)
        else:
            yield from _xlsx_batches(self, size)


def local_copy(stored: Any, workdir: Path) -> Path:
    """Copy a stored file to the work folder, through the storage API.

    The readers need a file on the local disk; the storage may be elsewhere (object storage,
    memory), so a stored file is never opened by its `.path`.
    """
    path = workdir / "stored"
    with stored.open("rb") as source, path.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    return path


def first_rows(stored: Any, rows: int = 10) -> list[list[str]]:
    """A stored file's first rows as text, each after its row number; none if unreadable."""
    try:
        with tempfile.TemporaryDirectory() as folder:
            workdir = Path(folder)
            table = open_table(local_copy(stored, workdir), workdir)
            first = next(table.batches(size=rows), None)
            if first is None:
                return []
            return [
                [str(v if v is not None else "") for v in row]
                for row in first.select(ROW, *table.columns).head(rows).rows()
            ]
    except FileRefused:
        return []


def sniff_kind(path: Path) -> str:
    head = path.open("rb").read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if not head.strip():
        raise FileRefused(_("The file is empty."))
    if b"\x00" in head or head.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise FileRefused(
            _("This is not a CSV or .xlsx file. Save the sheet as CSV or Excel workbook (.xlsx).")
        )
    return "csv"


def open_table(path: Path, workdir: Path) -> Table:
    kind = sniff_kind(path)
    check_table(path, kind, refuse=FileRefused)
    return _open_csv(path, workdir) if kind == "csv" else _open_xlsx(path)


# --- CSV --------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the bytes decode, else Thai Windows (cp874)."""
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 22):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 22):
                block.decode("cp874")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _(
                "The file's text encoding is not UTF-8 or Thai Windows (TIS-620/cp874)"
                " (byte %(position)s). Save it again as “CSV UTF-8”."
            )
            % {"position": error.start}
        ) from None
    return "cp874"


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


def _csv_batches(table: Table, size: int) -> Iterator[pl.DataFrame]:
    assert table.path is not None
    frame = pl.scan_csv(
        table.path,
        separator=table.separator,
        infer_schema=False,
        truncate_ragged_lines=True,
        new_columns=table.columns,
    )
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

    grid = fastexcel.read_excel(str(path)).load_sheet(sheet, header_row=None, dtypes="string")
    frame = grid.to_polars()
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
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)
        )
        name = f"xl/worksheets/sheet{index + 1}.xml"
        xml = archive.read(name if name in names else names[index])
    found = _FORMULA.search(xml)
    if found:
        raise FileRefused(
            _(
                "Sheet “%(sheet)s”, cell %(cell)s holds a formula. Copy the sheet and paste it as values only, then upload again."
            )
            % {"sheet": sheet, "cell": found.group(1).decode()}
        )
    merged = _MERGE.search(xml)
    if merged:
        raise FileRefused(
            _(
                "Sheet “%(sheet)s” has merged cells at %(cells)s. Unmerge them so that the first row holds one heading per column and every other row one response."
            )
            % {"sheet": sheet, "cells": merged.group(1).decode()}
        )


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
