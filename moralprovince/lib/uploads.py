"""Checks on uploaded files before anything reads them.

A small file can expand to gigabytes when it is opened: a .docx or .xlsx is a zip whose
members may inflate a thousandfold, a sheet may name a cell a million rows down (and readers
that keep a sheet as a grid allocate every cell up to it), an image header may promise
billions of pixels, and a PDF stream may inflate without end. Each reader of the site calls
one guard here first; the guard looks at the file's real size after expansion, its pixels,
rows and columns, within a time limit, reading in small pieces, and refuses with a message
that says which limit the file passed (`UnsafeFile`, a ValidationError).
"""

from __future__ import annotations

import io
import re
import struct
import time
import warnings
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from PIL import Image

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What the first bytes of each allowed kind of file look like.
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
}
MiB = 1024 * 1024


class UnsafeFile(ValidationError):
    """The file would take more memory or time to open than the site allows."""


Source = str | Path | bytes | IO[bytes] | Any
Refuse = Callable[[str], Exception]


def validate_document(upload: Any) -> None:
    """Accept a PDF or an image up to 10 MB whose content matches its name."""
    name = (upload.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in SIGNATURES:
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."))
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a %(kind)s.") % {"kind": extension[1:].upper()}
        )


# --- limits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How far one kind of file may expand when it is read."""

    expanded_bytes: int
    rows: int = 0
    columns: int = 0
    # Cells of the grid from A1 to the farthest one named (0: rows × columns).
    cells: int = 0
    # Largest expansion of one member (uncompressed ÷ compressed), for members over 1 MiB.
    ratio: int = 200
    members: int = 2_000
    seconds: float = 60.0


# A plan workbook: one sheet per unit, tens of rows each. Its reader (openpyxl) keeps every
# cell as an object, ~400 bytes each: 50 MB of sheet XML (2 million cells) took 820 MB, so
# 25 MB (about a million cells) keeps a web worker near 600 MB (bench/upload_memory.py).
PLAN_WORKBOOK = Limits(expanded_bytes=25 * MiB, rows=20_000, columns=100)
# A survey instrument (XLSForm): a few hundred questions.
XLSFORM = Limits(expanded_bytes=20 * MiB, rows=10_000, columns=100)
# Survey responses: the reader (fastexcel) keeps the whole sheet as a grid, about 50 bytes a
# cell from A1 to the farthest cell, and every text it holds twice. 6 million cells (100,000
# rows of 60 answers) and 200 MB of sheet XML keep a web worker under ~700 MB (measured by
# bench/upload_memory.py); larger files are read from CSV, which is read in batches.
RESPONSES_XLSX = Limits(expanded_bytes=200 * MiB, rows=250_000, columns=500, cells=6_000_000)
RESPONSES_CSV = Limits(expanded_bytes=0, rows=2_000_000, columns=500)
# A lessons-learned document: its text, not its pictures, is read.
DOCX = Limits(expanded_bytes=50 * MiB)
# Photos: a 50-megapixel phone camera fits, and decoding stays under a few hundred MB.
MAX_IMAGE_PIXELS = 60_000_000
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# PDF text for search: pages, text kept, the most one stream may inflate, and the time taken.
PDF_MAX_PAGES = 2_000
PDF_MAX_CHARS = 2_000_000
PDF_MAX_STREAM_BYTES = 20 * MiB
PDF_SECONDS = 30.0
# The longest CSV line that is read (a response row is a few hundred bytes).
CSV_MAX_LINE_BYTES = MiB

# Pillow only warns between MAX_IMAGE_PIXELS and twice that; `open_image` turns the warning
# into an error, and this makes the limit hold for any other reader too.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def _mb(size: int) -> str:
    return f"{size / MiB:,.0f}"


def _refusing(refuse: Refuse | None) -> Any:
    """Re-raise UnsafeFile as the caller's own refusal, so its page shows the message."""

    @contextmanager
    def block() -> Iterator[None]:
        try:
            yield
        except UnsafeFile as error:
            if refuse is None:
                raise
            raise refuse(" ".join(error.messages)) from None

    return block()


@contextmanager
def _opened(source: Source) -> Iterator[IO[bytes]]:
    """A binary file for a path, bytes, or an upload (rewound before and after)."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield handle
        return
    if isinstance(source, (bytes, bytearray)):
        yield io.BytesIO(source)
        return
    source.seek(0)
    try:
        yield source
    finally:
        source.seek(0)


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnsafeFile(
                _("The file takes longer than %(seconds)s seconds to read.")
                % {"seconds": f"{self.seconds:,.0f}"}
            )


# --- zip containers (.xlsx, .docx) ------------------------------------------------------------


def check_zip(source: Source, limits: Limits, refuse: Refuse | None = None) -> None:
    """Refuse a zip whose members inflate past the limits, measured by inflating them.

    The sizes a zip declares may lie, and readers differ in whether they trust them, so each
    member is inflated (in 1 MiB pieces, output thrown away) and counted, and must match its
    declared size. A file that is not a zip at all is left to its reader, which refuses it
    in its own words.
    """
    with _refusing(refuse), _opened(source) as handle:
        if not zipfile.is_zipfile(handle):
            return
        clock = _Clock(limits.seconds)
        # The directory is read whole by any zip reader: its size is checked first.
        _check_directory(handle, limits)
        archive = _archive(handle)
        members = archive.infolist()
        if len(members) > limits.members:
            raise _too_many_parts(len(members), limits)
        total = 0
        for member in members:
            total += _inflated_size(handle, member, limits.expanded_bytes - total, clock)
            _check_ratio(member, limits)


# A member's entry in the zip's directory: 46 bytes and its name, extra field and comment.
DIRECTORY_BYTES_PER_MEMBER = 1024
_END = b"PK\x05\x06"
_END64 = b"PK\x06\x06"
_END64_LOCATOR = b"PK\x06\x07"


def _check_directory(handle: IO[bytes], limits: Limits) -> None:
    """Refuse a zip whose directory declares too many members, or more bytes than that many
    members take, before any reader parses it (Python's zipfile builds an object for each
    entry of a directory of any size: millions of empty members cost gigabytes)."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    tail_start = max(0, size - 22 - 0xFFFF)
    handle.seek(tail_start)
    tail = handle.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) < at + 22:
        return  # not a zip: its reader refuses it
    entries, directory_bytes = struct.unpack("<xxxxxxxxxxHI", tail[at : at + 16])
    locator = tail.rfind(_END64_LOCATOR, 0, at)
    if locator >= 0 and len(tail) >= locator + 20:
        (record_offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        handle.seek(record_offset)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == _END64:
            entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    if entries > limits.members:
        raise _too_many_parts(entries, limits)
    if directory_bytes > limits.members * DIRECTORY_BYTES_PER_MEMBER:
        raise UnsafeFile(
            _(
                "The file's table of contents is %(mb)s MB; at most %(limit)s MB is read. It"
                " looks like a “zip bomb”. Save it again from Excel or Word."
            )
            % {
                "mb": f"{directory_bytes / MiB:,.1f}",
                "limit": f"{limits.members * DIRECTORY_BYTES_PER_MEMBER / MiB:,.1f}",
            }
        )


def _too_many_parts(count: int, limits: Limits) -> UnsafeFile:
    return UnsafeFile(
        _("The file holds %(count)s parts; at most %(limit)s are read.")
        % {"count": f"{count:,}", "limit": f"{limits.members:,}"}
    )


def _archive(handle: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsafeFile(
            _("The file is damaged or is not an Office file; open it and save it again.")
        ) from None


def _inflated_size(handle: IO[bytes], member: zipfile.ZipInfo, budget: int, clock: _Clock) -> int:
    """The member's real size once inflated; UnsafeFile past `budget` bytes."""
    handle.seek(_data_offset(handle, member))
    if member.compress_type == zipfile.ZIP_STORED:
        size = member.compress_size
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        size = _inflate_count(handle, member.compress_size, budget, clock)
    else:
        raise UnsafeFile(_("The file uses a compression that Office files do not use."))
    if size > budget:
        raise _too_big(budget)
    if size != member.file_size:
        raise UnsafeFile(
            _("The file is damaged (a part is not the size it declares); save it again.")
        )
    return size


def _too_big(budget: int) -> UnsafeFile:
    return UnsafeFile(
        _(
            "The file expands to more than %(mb)s MB when opened (a “zip bomb”, or far"
            " larger than this form takes); it was not read."
        )
        % {"mb": _mb(max(budget, 0))}
    )


def _data_offset(handle: IO[bytes], member: zipfile.ZipInfo) -> int:
    handle.seek(member.header_offset)
    header = handle.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise UnsafeFile(
            _("The file is damaged or is not an Office file; open it and save it again.")
        )
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return member.header_offset + 30 + name_length + extra_length


def _inflate_count(handle: IO[bytes], compressed: int, budget: int, clock: _Clock) -> int:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size, left = 0, compressed
    while left > 0 and not inflater.eof:
        chunk = handle.read(min(MiB, left))
        if not chunk:
            break
        left -= len(chunk)
        while chunk and not inflater.eof:
            try:
                size += len(inflater.decompress(chunk, MiB))
            except zlib.error:
                raise UnsafeFile(_("The file is damaged; open it and save it again.")) from None
            chunk = inflater.unconsumed_tail
            if size > budget:
                raise _too_big(budget)
            clock.check()
    return size


def _check_ratio(member: zipfile.ZipInfo, limits: Limits) -> None:
    if member.file_size > MiB and member.file_size > limits.ratio * max(member.compress_size, 1):
        raise UnsafeFile(
            _(
                "A part of the file expands %(ratio)s times when opened (at most %(limit)s is"
                " read): it looks like a “zip bomb”. Save it again from Excel or Word."
            )
            % {
                "ratio": f"{member.file_size // max(member.compress_size, 1):,}",
                "limit": f"{limits.ratio:,}",
            }
        )


# --- workbooks (.xlsx) ------------------------------------------------------------------------

# Rows and cells of a worksheet, with or without a namespace prefix; their r="…" if present.
# How Excel, LibreOffice and openpyxl write them: the reference first, no namespace prefix.
_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"')
_PREFIXED = re.compile(rb"<\w+:(?:row|c)[\s/>]")
_SHEET_TAG = re.compile(rb'<(?:\w+:)?(row|c)(?=[\s/>])(?:[^>]*?\sr="([A-Z]{0,3})([0-9]*)")?')
_SHEET_NAME = re.compile(r"xl/worksheets/[^/]+\.xml")


def check_workbook(source: Source, limits: Limits, refuse: Refuse | None = None) -> None:
    """Refuse an .xlsx that expands too far or whose sheets reach too many rows or columns.

    Readers that keep a sheet as a grid (fastexcel) allocate every cell from A1 to the
    farthest one named, so the farthest cell counts, not how many cells are filled.
    """
    check_zip(source, limits, refuse)
    with _refusing(refuse), _opened(source) as handle:
        if not zipfile.is_zipfile(handle):
            return
        clock = _Clock(limits.seconds)
        with zipfile.ZipFile(handle) as archive:
            for name in archive.namelist():
                if _SHEET_NAME.fullmatch(name):
                    with archive.open(name) as sheet:
                        _check_extent(sheet, limits, clock)
            _check_shared_text(archive, limits, clock)


def _check_extent(sheet: IO[bytes], limits: Limits, clock: _Clock) -> None:
    rows = columns = 0
    state = (0, 0)  # the row and column last seen, for tags that carry no reference
    tail = b""
    while block := sheet.read(MiB):
        data = tail + block
        # A tag cut at the block's end is read whole with the next block.
        cut = data.rfind(b"<")
        cut = cut if cut > data.rfind(b">") else len(data)
        block_rows, block_columns, state = _block_extent(data[:cut], state)
        rows, columns = max(rows, block_rows), max(columns, block_columns)
        tail = data[cut:]
        if rows > limits.rows or columns > limits.columns:
            raise _too_many(rows, columns, limits)
        if limits.cells and rows * columns > limits.cells:
            raise _too_many_cells(rows, columns, limits)
        clock.check()


def _block_extent(data: bytes, state: tuple[int, int]) -> tuple[int, int, tuple[int, int]]:
    """The farthest row and column named in a piece of sheet XML.

    Writers put r="B7" first on every row and cell; then the references are read with two
    regular-expression passes. Otherwise every tag is read in order, one by one.
    """
    row_refs = _ROW_REF.findall(data)
    cells = _CELL_REF.findall(data)
    row_tags = data.count(b"<row ") + data.count(b"<row>")
    cell_tags = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
    if len(row_refs) != row_tags or len(cells) != cell_tags or _PREFIXED.search(data):
        return _block_extent_in_order(data, state)
    if not cells and not row_refs:
        return 0, 0, state
    digits = row_refs + [number for _letters, number in cells]
    longest = max(map(len, digits))
    rows = int(max(d for d in digits if len(d) == longest))
    letters = {letters for letters, _number in cells}
    columns = max((_column_number(x) for x in letters), default=0)
    last_row = int(row_refs[-1]) if row_refs else state[0]
    last_column = _column_number(cells[-1][0]) if cells else state[1]
    return rows, columns, (last_row, last_column)


def _block_extent_in_order(data: bytes, state: tuple[int, int]) -> tuple[int, int, tuple[int, int]]:
    rows = columns = 0
    row, column = state
    for found in _SHEET_TAG.finditer(data):
        tag, letters, digits = found.groups()
        if tag == b"row":
            row = int(digits) if digits else row + 1
            column = 0
        else:
            column = _column_number(letters) if letters else column + 1
            row = max(row, int(digits)) if digits else row
        rows, columns = max(rows, row), max(columns, column)
    return rows, columns, (row, column)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _too_many(rows: int, columns: int, limits: Limits) -> UnsafeFile:
    return UnsafeFile(
        _(
            "A sheet reaches row %(rows)s and column %(columns)s; at most %(max_rows)s rows"
            " and %(max_columns)s columns are read. Delete the rows and columns beyond the"
            " data (or split the file) and upload again."
        )
        % {
            "rows": f"{rows:,}",
            "columns": f"{columns:,}",
            "max_rows": f"{limits.rows:,}",
            "max_columns": f"{limits.columns:,}",
        }
    )


def _too_many_cells(rows: int, columns: int, limits: Limits) -> UnsafeFile:
    return UnsafeFile(
        _(
            "A sheet reaches row %(rows)s and column %(columns)s, %(cells)s cells counted from"
            " A1; at most %(limit)s cells are read (for example %(example)s rows of 60"
            " columns). Delete the rows and columns beyond the data, or save the sheet as CSV"
            " UTF-8, which is read in pieces, and upload again."
        )
        % {
            "rows": f"{rows:,}",
            "columns": f"{columns:,}",
            "cells": f"{rows * columns:,}",
            "limit": f"{limits.cells:,}",
            "example": f"{limits.cells // 60:,}",
        }
    )


# A shared string (<si>…</si>) and a cell naming one (t="s"), in any attribute order.
_SHARED_ITEM = re.compile(rb"<(/?)(?:\w+:)?si[\s/>]")
_TAG = re.compile(rb"<[^>]*>")
_SHARED_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\bt=[\"']s[\"'][^>]*>\s*<(?:\w+:)?v>\s*([0-9]+)")
_STRINGS_NAME = re.compile(r"xl/[^/]*sharedstrings[^/]*\.xml", re.I)


def _check_shared_text(archive: zipfile.ZipFile, limits: Limits, clock: _Clock) -> None:
    """Refuse a workbook whose cells name shared strings adding up to more text than the
    file may expand to: a reader that copies the string into each cell (fastexcel) would
    hold it once per cell, so one long string named by every cell is a bomb."""
    names = [n for n in archive.namelist() if _STRINGS_NAME.fullmatch(n)]
    if not names:
        return
    # The text of each shared string, in bytes, markup left out.
    lengths = array("Q")
    with archive.open(names[0]) as strings:
        text, start = 0, -1
        for data in _whole_tags(strings, clock):
            position = 0
            for tag in _TAG.finditer(data):
                text += tag.start() - position
                position = tag.end()
                item = _SHARED_ITEM.match(tag.group())
                if item and tag.group().endswith(b"/>"):
                    lengths.append(0)  # an empty string: <si/>
                elif item and not item.group(1):
                    start = text
                elif item and start >= 0:
                    lengths.append(text - start)
                    start = -1
            text += len(data) - position
    if not lengths:
        return
    budget = limits.expanded_bytes
    total = 0
    for name in archive.namelist():
        if not _SHEET_NAME.fullmatch(name):
            continue
        with archive.open(name) as sheet:
            for data in _whole_cells(sheet, clock):
                named = _SHARED_CELL.findall(data)
                try:
                    total += sum(map(lengths.__getitem__, map(int, named)))
                except IndexError:
                    raise UnsafeFile(_("The file is damaged; open it and save it again.")) from None
                if total > budget:
                    raise UnsafeFile(
                        _(
                            "The cells of the workbook repeat its texts to more than %(mb)s MB"
                            " once read (a “bomb”, or far larger than this form takes); it was"
                            " not read."
                        )
                        % {"mb": _mb(budget)}
                    )
                clock.check()


def _whole_tags(stream: IO[bytes], clock: _Clock) -> Iterator[bytes]:
    """The stream in ~1 MiB pieces, each cut before its last tag so no tag is split."""
    tail = b""
    while block := stream.read(MiB):
        data = tail + block
        cut = data.rfind(b"<")
        cut = cut if cut > 0 else len(data)
        yield data[:cut]
        tail = data[cut:]
        clock.check()
    yield tail


def _whole_cells(stream: IO[bytes], clock: _Clock) -> Iterator[bytes]:
    """The sheet in ~1 MiB pieces, each cut after its last cell (`…c>`), so no cell is split."""
    tail = b""
    while block := stream.read(MiB):
        data = tail + block
        cut = data.rfind(b"c>") + 2
        if cut < 2:
            cut = len(data) if len(data) > 4 * MiB else 0
        yield data[:cut]
        tail = data[cut:]
        clock.check()
    yield tail


def workbook_problems(source: Source, limits: Limits = PLAN_WORKBOOK) -> list[str]:
    """The reasons an .xlsx is refused before it is opened, for readers that list problems."""
    try:
        check_workbook(source, limits)
    except UnsafeFile as error:
        return list(error.messages)
    return []


def check_table(path: Path, kind: str, refuse: Refuse | None = None) -> None:
    """Check a file of survey responses, CSV or .xlsx, before it is read."""
    if kind == "csv":
        check_csv(path, RESPONSES_CSV, refuse)
    else:
        check_workbook(path, RESPONSES_XLSX, refuse)


# --- CSV --------------------------------------------------------------------------------------


def check_csv(path: Path, limits: Limits = RESPONSES_CSV, refuse: Refuse | None = None) -> None:
    """Refuse a CSV with too many rows or columns, or a line too long to be a row."""
    with _refusing(refuse), open(path, "rb") as handle:
        clock = _Clock(limits.seconds)
        header = handle.readline(CSV_MAX_LINE_BYTES + 1)
        columns = 1 + max(header.count(s) for s in (b",", b";", b"\t"))
        if len(header) > CSV_MAX_LINE_BYTES:
            raise _line_too_long()
        if columns > limits.columns:
            raise _too_many(1, columns, limits)
        rows, current = 1, 0
        # A line within one block is shorter than the block, which is the longest line
        # allowed: only the lines that run across blocks are measured.
        while block := handle.read(CSV_MAX_LINE_BYTES):
            newlines = block.count(b"\n")
            rows += newlines
            if newlines:
                longest = current + block.index(b"\n")
                current = len(block) - block.rindex(b"\n") - 1
            else:
                longest = current = current + len(block)
            if max(longest, current) > CSV_MAX_LINE_BYTES:
                raise _line_too_long()
            if rows > limits.rows:
                raise _too_many(rows, columns, limits)
            clock.check()


def _line_too_long() -> UnsafeFile:
    return UnsafeFile(
        _("A line of the file is longer than %(mb)s MB: it is not a table of rows.")
        % {"mb": _mb(CSV_MAX_LINE_BYTES)}
    )


# --- images -----------------------------------------------------------------------------------


@contextmanager
def open_image(upload: Any, max_pixels: int = MAX_IMAGE_PIXELS) -> Iterator[Image.Image]:
    """Open a photo (JPEG, PNG or WebP) whose header promises at most `max_pixels` pixels.

    The size is read from the header before any pixel is decoded (Pillow itself only warns
    below twice its limit); other formats (TIFF, BMP, GIF…) are not even tried.
    """
    with warnings.catch_warnings():
        # Pillow only warns up to twice its limit; the size is checked below instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=IMAGE_FORMATS)
        except Image.DecompressionBombError:
            raise _too_many_pixels(0, max_pixels) from None
        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(width * height, max_pixels, width, height)
            yield image


def _too_many_pixels(pixels: int, limit: int, width: int = 0, height: int = 0) -> UnsafeFile:
    size = f" ({width:,} × {height:,})" if width else ""
    return UnsafeFile(
        _(
            "The picture is too large%(size)s: at most %(limit)s million pixels are accepted."
            " Make it smaller and upload it again."
        )
        % {"size": size, "limit": f"{limit / 1_000_000:,.0f}"}
    )


# --- PDF --------------------------------------------------------------------------------------


def pdf_text(source: Source) -> str:
    """The text of a PDF, read page by page within limits of pages, size, text and time."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    limits: dict[str, Any] = {
        f"{kind}_maximum_output_length": PDF_MAX_STREAM_BYTES
        for kind in ("zlib", "lzw", "run_length", "jbig2", "brotli", "array_based_stream")
    }
    clock = _Clock(PDF_SECONDS)
    with (
        _opened(source) as handle,
        apply_configuration(
            maximum_declared_stream_length=PDF_MAX_STREAM_BYTES,
            image_maximum_buffer_size=PDF_MAX_STREAM_BYTES,
            stream_decoding_work_maximum_length=4 * PDF_MAX_STREAM_BYTES,
            **limits,
        ),
    ):
        try:
            return _pdf_pages(PdfReader(handle), clock)
        except LimitReachedError:
            raise UnsafeFile(
                _("A part of the PDF expands to more than %(mb)s MB: it was not read.")
                % {"mb": _mb(PDF_MAX_STREAM_BYTES)}
            ) from None


def _pdf_pages(reader: Any, clock: _Clock) -> str:
    if len(reader.pages) > PDF_MAX_PAGES:
        raise UnsafeFile(
            _("The PDF has %(count)s pages; at most %(limit)s are read.")
            % {"count": f"{len(reader.pages):,}", "limit": f"{PDF_MAX_PAGES:,}"}
        )
    parts: list[str] = []
    kept = 0
    for page in reader.pages:
        # pypdf's text extraction swallows a stream over the limit and returns no text;
        # decoding the page's contents first lets the limit refuse the file instead.
        page.get_contents()
        text = (page.extract_text() or "")[: PDF_MAX_CHARS - kept]
        parts.append(text)
        kept += len(text)
        if kept >= PDF_MAX_CHARS:
            break
        clock.check()
    return "\n".join(parts)


# --- the request itself -----------------------------------------------------------------------


class RequestSizeLimitMiddleware:
    """Answer 413 to a request body larger than MAX_REQUEST_BYTES, before it is read.

    Django bounds form fields but not uploaded files, which it would write to disk whatever
    their size.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            message = _("The upload is larger than %(mb)s MB.") % {"mb": _mb(limit)}
            english = f"The upload is larger than {_mb(limit)} MB."
            text = message if message == english else f"{message}\n{english}"
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
