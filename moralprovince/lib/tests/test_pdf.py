"""The text layer of the PDFs: what is copied or searched reads exactly as the Thai printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from unittest import skipUnless

from django.test import SimpleTestCase

from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import pdf_text, thai_text_problems

# Real words and verses, each line short enough not to wrap. Together they hold every
# character of the Thai block: the 44 consonants (the old ฃ and ฅ too), every vowel, tone
# mark and sign, sara am after plain, tall and marked letters, marks stacked over upper
# vowels and lifted over tall letters, letters that drop their tail under a vowel, and the
# Pali marks, digits and punctuation.
LINES = [
    "เป็นมนุษย์สุดประเสริฐเลิศคุณค่า กว่าบรรดาฝูงสัตว์เดรัจฉาน",
    "จงฝ่าฟันพัฒนาวิชาการ อย่าล้างผลาญฤๅเข่นฆ่าบีฑาใคร",
    "ไม่ถือโทษโกรธแช่งซัดฮึดฮัดด่า หัดอภัยเหมือนกีฬาอัชฌาสัย",
    "ปฏิบัติประพฤติกฎกำหนดใจ พูดจาให้จ๊ะๆ จ๋าๆ น่าฟังเอยฯ",
    "เป้าหมาย บาท สุราษฎร์ธานี กำลัง ผู้ใหญ่ ปิ่นโต",
    "ฤๅษี ฎีกา ญาติ ฐาน ฦๅ น้ำ ที่ ปั้น",
    "ป่า ฝ้าย ฟ้า ป๊า ป๋า ฝั่ง ฟื้น ปั๊ม ป้ำ",
    "ค่ำ ต่ำ ซ้ำ ช้ำ น้ำใจ ทำ กตัญญู ฤดู ทฤษฎี",
    "ฃวด ฅน พุทธํ สรณํ คจฺฉามิ ส๎วากขาโต",
    "๏ ฝนตกแดดออก ๚ะ ๛ ฯลฯ ราคา ฿๑,๒๓๔.๕๐ ๐๖๗๘๙",
]

STYLE = "<style>p, h1 { margin: 0 } table { font-size: 11pt }</style>"


def document(body: str) -> str:
    return f'<html lang="th"><head><meta charset="utf-8">{STYLE}</head><body>{body}</body></html>'


PARAGRAPHS = document("".join(f"<p>{line}</p>" for line in LINES))
BOLD = document("".join(f"<p><strong>{line}</strong></p>" for line in LINES))
# Header cells are bold: every other row is one.
TABLE = document(
    "<table>"
    + "".join(
        f"<tr><th>{line}</th></tr>" if n % 2 else f"<tr><td>{line}</td></tr>"
        for n, line in enumerate(LINES)
    )
    + "</table>"
)
HEADING = document(f"<h1>{LINES[4]}</h1><h1>{LINES[6]}</h1>")


def words(text: str) -> str:
    return " ".join(text.split())


# The page number closes each page.
EXPECTED = words(" ".join([*LINES, "1"]))


class SampleTests(SimpleTestCase):
    def test_the_sample_holds_every_thai_letter_and_mark(self):
        thai = {chr(c) for c in range(0x0E00, 0x0E80) if unicodedata.name(chr(c), "")}
        self.assertEqual(thai - set("".join(LINES)), set())
        self.assertEqual(len(thai), 87)


class TextLayerTests(SimpleTestCase):
    def test_copied_text_is_the_thai_on_the_page_in_regular_and_bold(self):
        for name, html in [("400", PARAGRAPHS), ("700", BOLD), ("20pt", HEADING)]:
            expected = EXPECTED if name != "20pt" else words(f"{LINES[4]} {LINES[6]} 1")
            with self.subTest(weight=name):
                self.assertEqual(words(pdf_text(render_pdf(html))), expected)

    def test_copied_text_is_the_thai_in_table_cells(self):
        self.assertEqual(words(pdf_text(render_pdf(TABLE))), EXPECTED)

    def test_figures_and_latin_text_read_right_beside_thai_in_either_order(self):
        # Lines of ASCII alone are left as WeasyPrint writes them; the same glyphs in Thai
        # lines are rewritten. Either may come first in a document.
        ascii_line = "2,500 / 1,000 (25.5 %) Q1 office fifth"
        thai_line = "งบประมาณ 2,500 บาท กำลัง น้ำ (25.5 %) Q1 office"
        for lines in ([ascii_line, thai_line], [thai_line, ascii_line]):
            html = document("".join(f"<p>{line}</p>" for line in lines))
            with self.subTest(first=lines[0][:5]):
                self.assertEqual(words(pdf_text(render_pdf(html))), words(" ".join([*lines, "1"])))

    def test_the_check_of_real_documents_finds_a_wrong_mark(self):
        pdf = render_pdf(PARAGRAPHS)
        self.assertEqual(thai_text_problems(pdf, PARAGRAPHS), [])
        wrong = PARAGRAPHS.replace("กำลัง", "กาลัง")
        self.assertEqual(
            thai_text_problems(pdf, wrong),
            ["not in the PDF: กาลัง"],
        )


@skipUnless(shutil.which("pdftotext"), "poppler-utils is not installed")
class PopplerTests(SimpleTestCase):
    """Poppler (pdftotext, Evince, Okular) places text by where glyphs are drawn."""

    def test_pdftotext_reads_the_thai_on_the_page(self):
        for html in (PARAGRAPHS, BOLD):
            pdf = render_pdf(html)
            text = subprocess.run(
                ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
            self.assertEqual(words(text), EXPECTED)


@skipUnless(shutil.which("pdftoppm"), "poppler-utils is not installed")
class LookTests(SimpleTestCase):
    def test_the_pages_look_exactly_as_weasyprint_draws_them(self):
        # WeasyPrint's own output, made in a fresh process where the text layer is not fixed.
        script = (
            "import sys\n"
            "from weasyprint import CSS, HTML\n"
            "from weasyprint.text.fonts import FontConfiguration\n"
            "from moralprovince.lib.pdf import BASE_CSS, sarabun_css\n"
            "fonts = FontConfiguration()\n"
            "css = [CSS(string=s, font_config=fonts) for s in (sarabun_css(), BASE_CSS)]\n"
            "html = HTML(string=sys.stdin.read())\n"
            "sys.stdout.buffer.write(html.write_pdf(stylesheets=css, font_config=fonts))\n"
        )
        bold = "".join(f"<p><b>{line}</b></p>" for line in LINES[4:8])
        html = PARAGRAPHS.replace("</body>", bold + "</body>")
        plain = subprocess.run(
            [sys.executable, "-c", script],
            input=html.encode(),
            capture_output=True,
            check=True,
            cwd=Path(__file__).resolve().parents[3],
        ).stdout
        self.assertEqual(raster(render_pdf(html)), raster(plain))


def raster(pdf: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "page.pdf")
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", source, Path(folder, "page")], check=True)
        return b"".join(p.read_bytes() for p in sorted(Path(folder).glob("page*.png")))


class FontReuseTests(SimpleTestCase):
    def test_the_fonts_are_loaded_once_per_thread_and_later_files_read_the_same(self):
        import threading

        from moralprovince.lib import pdf

        first = render_pdf("<p>ประกาศนียบัตร</p>")
        fonts = pdf._print_setup()[0]
        second = render_pdf("<p>ประกาศนียบัตร</p>")
        self.assertIs(pdf._print_setup()[0], fonts)
        self.assertEqual(pdf_text(second), pdf_text(first))
        other: list[object] = []
        thread = threading.Thread(target=lambda: other.append(pdf._print_setup()[0]))
        thread.start()
        thread.join()
        self.assertIsNot(other[0], fonts)

    def test_a_process_that_printed_leaves_no_folder_of_fonts_behind(self):
        # The kept font configuration copies Sarabun to a folder of its own; it is removed
        # when the process ends, while Python can still run the clean-up.
        script = (
            "import django; django.setup(); from moralprovince.lib import pdf; "
            "pdf.render_pdf('<p>ทดสอบ</p>'); print(pdf._SETUP.fonts._folder)"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        folder = Path(done.stdout.strip().splitlines()[-1])
        self.assertTrue(folder.name.startswith("weasyprint-"), done.stdout)
        self.assertFalse(folder.exists())
        self.assertNotIn("Exception ignored", done.stderr)
