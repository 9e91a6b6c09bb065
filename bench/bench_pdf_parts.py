"""CPU time of the PDF front-end's parts against pypdfium2's public per-character calls, in one process.

Run: .venv/bin/python bench/bench_pdf_parts.py [--rounds N]
(old against new: run it again with PYTHONPATH=<other tree>/src, alternating).

Over the shared real PDFs (../shared/real), with every page and text page opened once beforehand,
each round times in turn: the public API's per-character work (`get_text_range` and
`get_charbox(loose=True)` per character), our text and loose boxes (`pdfium_calls`), our whole
`_page_chars`, the search for rulings on every page (`_page_rulings`), and the table-gap test.
Printed: ms per file, best round, and the median over rounds of each part's time / the public API's.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from gongkai.annual.sources import pdf, pdfium_calls

SHARED = Path(__file__).resolve().parents[2] / "shared"


def parts(files: list[bytes]) -> tuple[dict[str, Callable[[], object]], list[Any]]:
    """The timed parts, and the open documents (kept open while they run)."""
    settings = pdf.DEFAULT_PDF_SETTINGS
    docs = [pdfium.PdfDocument(data) for data in files]
    pages = [page for doc in docs for page in doc]
    textpages = [page.get_textpage() for page in pages]
    handles = [
        (pdfium_calls.handle(page.raw), pdfium_calls.handle(textpage.raw), page.get_mediabox()[3])
        for page, textpage in zip(pages, textpages, strict=True)
    ]
    contents = [pdf.extract_pages(data) for data in files]

    def public() -> None:
        for textpage in textpages:
            textpage.get_text_range()
            [textpage.get_charbox(index, loose=True) for index in range(textpage.count_chars())]

    def boxes() -> None:
        for _, textpage, _ in handles:
            count = pdfium_calls.char_count(textpage)
            pdfium_calls.char_units(textpage, count)
            pdfium_calls.loose_boxes(textpage, list(range(count)))

    def chars() -> None:
        for _, textpage, top in handles:
            pdf._page_chars(textpage, top, settings, pdf.PageContent(1, 1))

    def rulings() -> None:
        for page, _, top in handles:
            pdf._page_rulings(page, top, settings, pdf.PageContent(1, 1))

    def table_gaps() -> None:
        boxes = getattr(pdf, "_boxes", None)  # a tree before the box columns: the characters
        for content in (page for doc in contents for page in doc):
            pdf._may_hold_table(content.chars if boxes is None else boxes(content), settings)

    work = {"public API per character": public, "our text + loose boxes": boxes, "our _page_chars": chars}
    work |= {"our rulings (every page)": rulings, "our table-gap test": table_gaps}
    return work, [docs, pages, textpages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    files = [path.read_bytes() for path in sorted((SHARED / "real").glob("*.pdf"))]
    work, _keep_open = parts(files)
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(args.rounds):
        for name, function in work.items():
            start = time.process_time()
            function()
            times[name].append((time.process_time() - start) / len(files))
    base = times["public API per character"]
    print(f"{len(files)} real PDFs, {args.rounds} rounds; ms per file (best), median ratio to the public API")
    for name, spent in times.items():
        ratio = statistics.median(a / b for a, b in zip(spent, base, strict=True))
        print(f"  {name:28s} {min(spent) * 1000:7.3f} ms   {ratio:5.3f}")


if __name__ == "__main__":
    main()
