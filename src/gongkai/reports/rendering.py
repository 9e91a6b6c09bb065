"""The report as people read it, through gongkai's writers: the page preview, Word, PDF, published HTML."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

from gongkai.annual.drafting import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN
from gongkai.annual.writers import RenderError, render_report
from gongkai.annual.writers.html_writer import body_html
from gongkai.annual.writers.layout import layout_report

_PLACEHOLDER_HTML = re.compile(
    re.escape(escape(PLACEHOLDER_OPEN)) + r".*?" + re.escape(escape(PLACEHOLDER_CLOSE))
)


def preview_html(data: Mapping[str, Any]) -> str:
    """The report's body (title, sections, tables) for a staff page, with open placeholders marked."""
    try:
        body = body_html(layout_report(data), element="article")
    except RenderError as exc:
        return f'<p class="gk-finding-error">无法预览：{escape(str(exc))}</p>'
    return _PLACEHOLDER_HTML.sub(lambda m: f'<mark class="gk-placeholder">{m.group(0)}</mark>', body)


def render_file(data: Mapping[str, Any], kind: str) -> bytes:
    """The report as a .docx or PDF file."""
    return render_report(data, kind)


def render_files(data: Mapping[str, Any]) -> tuple[str, bytes, bytes]:
    """What publication stores: the web page (complete HTML with its print stylesheet), Word and PDF."""
    html = render_report(data, "html").decode("utf-8")
    return html, render_report(data, "docx"), render_report(data, "pdf")
