"""Decompression bombs, built in memory: small as bytes, enormous once opened."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.utils import translation
from openpyxl import Workbook

MiB = 1024 * 1024


class InEnglish:
    """Messages in the English source wording (the site's Thai is tested elsewhere)."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.enterContext(translation.override("en"))  # type: ignore[attr-defined]


def deflated_zeros(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes, built a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = bytes(MiB)
    parts = [packer.compress(block) for _ in range(size // MiB)]
    parts.append(packer.compress(bytes(size % MiB)))
    parts.append(packer.flush())
    return b"".join(parts)


def zip_bomb(member: str, size: int, others: dict[str, bytes] | None = None) -> bytes:
    """A zip whose `member` inflates to `size` zero bytes (the zip itself ~1/1000 of that)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (others or {}).items():
            archive.writestr(name, content)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        # Written through the raw stream so the test never holds `size` bytes itself.
        with archive.open(info, "w", force_zip64=size > 0x7FFFFFFF) as out:
            block = bytes(MiB)
            for _ in range(size // MiB):
                out.write(block)
    return buffer.getvalue()


def docx_bomb(size: int) -> bytes:
    return zip_bomb("word/document.xml", size, {"[Content_Types].xml": b"<Types/>"})


def lying_zip(member: str, size: int, declared: int) -> bytes:
    """A zip whose member inflates to `size` bytes but declares `declared` in its headers."""
    data = bytearray(zip_bomb(member, size))
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def far_cell_workbook(cell: str = "XFD1048576") -> bytes:
    """A tiny .xlsx with one more cell far away: a grid reader allocates every cell to it."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "school_code"
    sheet[cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_bomb(size: int) -> bytes:
    """An .xlsx whose first sheet inflates to `size` bytes of whitespace inside valid XML."""
    good = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "x"
    book.save(good)
    source = zipfile.ZipFile(io.BytesIO(good.getvalue()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info.filename, content)
                continue
            head, tail = content.split(b"<sheetData>")
            with archive.open(info.filename, "w", force_zip64=True) as out:
                out.write(head)
                block = b" " * MiB
                for _ in range(size // MiB):
                    out.write(block)
                out.write(b"<sheetData>" + tail)
    return buffer.getvalue()


def png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of the given size (1 bit a pixel: a few KB compressed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes((width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def pdf_with_stream(size: int, pages: int = 1) -> bytes:
    """A PDF whose pages share one Flate content stream that inflates to `size` spaces."""
    stream = zlib.compress(b" " * size, 9)
    kids = " ".join(f"{4 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << >> >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _column_letters(number: int) -> bytes:
    letters = b""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


def shared_string_workbook(rows: int, columns: int, length: int) -> bytes:
    """An .xlsx whose rows × columns cells all name one shared string of `length` characters.

    Small once expanded (each cell is ~30 bytes of XML), but a reader that copies the string
    into every cell (calamine, fastexcel) holds rows × columns × length bytes.
    """
    book = Workbook()
    book.active["A1"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    letters = [_column_letters(n + 1) for n in range(columns)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://'
                    b"schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    b'sharedStrings"/></Relationships>',
                )
            elif info.filename == "xl/worksheets/sheet1.xml":
                head = content.split(b"<sheetData>")[0].replace(b'<dimension ref="A1"', b"<x")
                with archive.open(info.filename, "w", force_zip64=True) as sheet:
                    sheet.write(head + b"<sheetData>")
                    heading = b"".join(
                        b'<c r="%s1" t="inlineStr"><is><t>q%s</t></is></c>' % (x, x)
                        for x in letters
                    )
                    sheet.write(b'<row r="1">%s</row>' % heading)
                    for row in range(2, rows + 1):
                        cells = b"".join(
                            b'<c r="%s%d" t="s"><v>0</v></c>' % (x, row) for x in letters
                        )
                        sheet.write(b'<row r="%d">%s</row>' % (row, cells))
                    sheet.write(b"</sheetData></worksheet>")
                continue
            archive.writestr(info.filename, content)
        archive.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
            b'/spreadsheetml/2006/main"><si><t>'
            + b"x" * length
            + b"</t></si><si><t>q</t></si></sst>",
        )
    return out.getvalue()


def many_members_zip(count: int, declared: int | None = None) -> bytes:
    """A zip of `count` empty members; its end record may declare `declared` instead."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"x/{number}", b"")
    data = bytearray(buffer.getvalue())
    if declared is not None:
        end = data.rindex(b"PK\x05\x06")
        struct.pack_into("<HH", data, end + 8, declared, declared)
    return bytes(data)
