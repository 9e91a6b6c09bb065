"""Charts as inline SVG (no script, no CDN): horizontal bars and a line over years, each with a text
equivalent (`<title>` and the figures printed) for screen readers and for printing."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5fa8", "#c0392b", "#2e8b57", "#d68910", "#7d3c98", "#566573")


def bars(title: str, items: Sequence[tuple[str, float]], *, unit: str = "", width: int = 560) -> SafeString:
    """Horizontal bars, one per (label, value), the value printed at the end of each bar."""
    row, label_w = 24, 190
    height = row * len(items) + 30
    top = max((v for _l, v in items), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    span = width - label_w - 60
    for i, (label, value) in enumerate(items):
        y = 24 + i * row
        w = span * value / top
        shown = f"{value:g}{unit}"
        parts += [
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label[:14])}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}：{shown}</title></rect>",
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{shown}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))


def lines(
    title: str, years: Sequence[int], series: Sequence[tuple[str, Sequence[float]]], *, width: int = 560
) -> SafeString:
    """A line per series over `years`, with a legend and the values at the points."""
    height, left, bottom, top_pad = 220, 40, 30, 40
    top = max((v for _n, values in series for v in values), default=0) or 1
    step = (width - left - 20) / max(1, len(years) - 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return left + i * step, height - bottom - (height - bottom - top_pad) * v / top

    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
    ]
    for i, year in enumerate(years):
        x, _ = point(i, 0)
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" font-size="12" text-anchor="middle">{year}</text>')
    for n, (name, values) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for i, v in enumerate(values):
            px, py = point(i, v)
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"><title>{escape(name)} {years[i]}：{v:g}</title></circle>'
                f'<text x="{px:.1f}" y="{py - 6:.1f}" font-size="11" text-anchor="middle">{v:g}</text>'
            )
        parts.append(
            f'<rect x="{left + n * 140}" y="22" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + n * 140 + 14}" y="31" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
