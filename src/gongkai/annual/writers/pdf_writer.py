"""PDF: the HTML report printed by WeasyPrint in A4, tagged (PDF/UA-1), CJK fonts embedded, text selectable."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from gongkai.annual.writers import fonts
from gongkai.annual.writers.blocks import Layout
from gongkai.annual.writers.errors import RenderError
from gongkai.annual.writers.html_writer import render_html, stylesheet


def pdf_html(layout: Layout) -> str:
    """The page WeasyPrint prints: the website's HTML with font stacks limited to the installed fonts."""
    free = fonts.free_fonts()
    installed = fonts.installed_chinese_families()
    return render_html(layout, css=stylesheet(serif=(free.serif,), sans=(free.sans,), installed=installed))


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """WeasyPrint warns about every screen-only CSS property it ignores; those are expected here."""
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def render_pdf(layout: Layout) -> bytes:
    """The report as PDF bytes; RenderError (naming fonts-noto-cjk) when no Chinese font is installed."""
    html = pdf_html(layout)
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango/HarfBuzz system libraries are missing
        raise RenderError(f"无法生成 PDF：WeasyPrint 或其依赖的系统库（Pango）不可用（{exc}）。") from exc
    with _quiet(logging.getLogger("weasyprint")):
        document = weasyprint.HTML(string=html, base_url=".")
        # PDF/UA-1: a tagged PDF (headings, paragraphs, tables with their header cells) for screen readers.
        data = document.write_pdf(pdf_variant="pdf/ua-1")
    if data is None:
        raise RenderError("生成 PDF 失败。")
    return bytes(data)
