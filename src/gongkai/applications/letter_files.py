"""A letter as the applicant receives it: a Word document or a PDF, with the agency's name and the date."""

from __future__ import annotations

import functools
import io
import subprocess

from django.utils.html import escape
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.annual.printable import printable
from gongkai.applications.errors import LetterError
from gongkai.applications.models import Letter, LetterKind
from gongkai.law.zh import date_zh

# The longest letter body rendered as PDF (WeasyPrint lays out ~1,000 characters in ~0.1 s on this machine;
# a 0.8 MB text took 35 s and held a worker): a letter is a few pages; anything longer is refused.
PDF_MAX_CHARS = 30_000


def title(letter: Letter) -> str:
    return LetterKind(letter.kind).label


def date_line(letter: Letter) -> str:
    return date_zh(letter.issued_on) if letter.issued_on else "（签发日期）"


def filename(letter: Letter, suffix: str) -> str:
    """What the download is called: `2026-0047 政府信息公开申请答复书.docx` (a draft or a withdrawn letter
    says so, so that it is not sent by mistake)."""
    state = "（已撤回）" if letter.withdrawn else "" if letter.is_issued else "（草稿）"
    return f"{letter.application.number} {letter.get_kind_display()}{state}.{suffix}"


def render_docx(letter: Letter) -> bytes:
    """The letter as a Word document."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def centred(text: str, size: int, bold: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold

    agency = printable(letter.agency.name)
    centred(agency, 18, bold=True)
    centred(title(letter), 18, bold=True)
    centred(letter.number_label, 12)
    document.add_paragraph(f"{printable(letter.recipient)}：")
    for line in printable(letter.body).splitlines():
        if line.strip():
            paragraph = document.add_paragraph(line.strip())
            paragraph.paragraph_format.first_line_indent = Pt(28)
    for text in ("", agency, date_line(letter)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def cjk_font_available() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (WeasyPrint draws nothing without one)."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.stdout.strip())


def letter_html(letter: Letter) -> str:
    paragraphs = "".join(
        f"<p class='body'>{escape(line.strip())}</p>"
        for line in printable(letter.body).splitlines()
        if line.strip()
    )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; }}
body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif; font-size: 15pt; line-height: 1.8; }}
h1 {{ text-align: center; font-size: 20pt; margin: 0; }}
.number {{ text-align: center; font-size: 12pt; margin: 0.5em 0 1.5em; }}
.body {{ text-indent: 2em; margin: 0; }}
.sign {{ text-align: right; margin: 0; }}
</style></head><body>
<h1>{escape(printable(letter.agency.name))}</h1><h1>{escape(title(letter))}</h1>
<p class="number">{escape(letter.number_label)}</p>
<p>{escape(printable(letter.recipient))}：</p>{paragraphs}
<p class="sign" style="margin-top:2em">{escape(printable(letter.agency.name))}</p><p class="sign">{escape(date_line(letter))}</p>
</body></html>"""


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF (WeasyPrint); a Chinese LetterError when no CJK font is installed."""
    if len(letter.body) > PDF_MAX_CHARS:
        raise LetterError(
            f"正文有 {len(letter.body):,} 字，超过了生成PDF的上限（{PDF_MAX_CHARS:,} 字）。"
            "请精简正文（如把申请内容作为附件），或下载Word版本。"
        )
    if not cjk_font_available():
        raise LetterError(
            "无法生成PDF：系统缺少中文字体。请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）后重试，或下载Word版本。"
        )
    # Imported here: WeasyPrint takes ~2 s to import and needs the system's Pango; only PDFs need it.
    from weasyprint import HTML

    return bytes(HTML(string=letter_html(letter)).write_pdf())
