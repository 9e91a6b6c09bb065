"""Writers: a report's data (the report-data contract) as Word, PDF, HTML, Excel or Markdown.

    write_report(report, "报告.docx")   # by the file's suffix
    data = render_report(report, "pdf") # the bytes of one output

Every writer draws the same printed blocks (layout.py), laid out from the format data, so the five
outputs say the same thing; gongkai's readers read .docx, PDF and HTML back to the same cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gongkai.annual.writers.blocks import Layout
from gongkai.annual.writers.errors import RenderError
from gongkai.annual.writers.layout import layout_report

OUTPUT_FORMATS: dict[str, str] = {
    "docx": "Word 文档",
    "pdf": "PDF 文档",
    "html": "网页",
    "xlsx": "Excel 表格",
    "md": "Markdown 文本",
}
SUFFIX_ALIASES = {"htm": "html", "markdown": "md"}

__all__ = ["OUTPUT_FORMATS", "RenderError", "output_format", "render_report", "write_report"]


def output_format(path_or_format: str | Path) -> str:
    """The output named by a file suffix (`x.docx`, `.pdf`) or a bare name (`html`); RenderError otherwise."""
    text = str(path_or_format).strip()
    name = (Path(text).suffix or text).lstrip(".").lower()
    name = SUFFIX_ALIASES.get(name, name)
    if name not in OUTPUT_FORMATS:
        known = "、".join(f".{suffix}（{label}）" for suffix, label in OUTPUT_FORMATS.items())
        raise RenderError(f"无法识别的输出格式“{text}”：只能生成 {known}。")
    return name


def _renderer(name: str) -> Callable[[Layout], bytes]:
    # Imported on demand: WeasyPrint, python-docx and openpyxl are slow to import.
    if name == "docx":
        from gongkai.annual.writers.docx_writer import render_docx

        return render_docx
    if name == "pdf":
        from gongkai.annual.writers.pdf_writer import render_pdf

        return render_pdf
    if name == "html":
        from gongkai.annual.writers.html_writer import render_html

        return lambda layout: render_html(layout).encode("utf-8")
    if name == "xlsx":
        from gongkai.annual.writers.xlsx_writer import render_xlsx

        return render_xlsx
    from gongkai.annual.writers.markdown_writer import render_markdown

    return lambda layout: render_markdown(layout).encode("utf-8")


def render_report(report: Mapping[str, Any], output: str) -> bytes:
    """The bytes of `report` rendered as `output` (docx, pdf, html, xlsx, md)."""
    return _renderer(output_format(output))(layout_report(report))


def write_report(report: Mapping[str, Any], path_or_format: str | Path) -> bytes:
    """Render `report` by the suffix of `path_or_format`; write the file when it is a path, return the bytes.

    A bare format name ("pdf", ".pdf") only renders. RenderError (Chinese message) for a report that
    does not fit the contract, an unknown suffix, or a PDF without any Chinese font installed.
    """
    data = render_report(report, output_format(path_or_format))
    if Path(str(path_or_format).strip()).suffix:
        Path(path_or_format).write_bytes(data)
    return data
