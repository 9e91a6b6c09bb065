"""Reads per second for each front-end (text, HTML, PDF, Word), and the PDF front-end against pypdfium2 alone.

Run: .venv/bin/python bench/bench_readers.py [--seconds S] [--accuracy N]

"full read" is `read_document(load_document(bytes))` (front-end + the generic reader and its checks);
"front-end" is `load_document` alone; reads per second are CPU time, best of repeated rounds, on one core.

For PDF the baseline is pypdfium2 by itself opening the same files and extracting every page's
characters with their loose boxes, three ways: its public API (`get_text_range` + `get_charbox` per
character); its cheapest raw calls (the page's text in one `FPDFText_GetText`, one
`FPDFText_GetLooseCharBox` per character, values read into Python); and the floor, the same data
through the unchecked ctypes calls our front-end uses. The baselines and ours run in interleaved
rounds (each over all files in turn); each figure is the best round, as CPU time and as wall time.
The ratio is (our time) / (baseline time); the median of the ratios taken within each round is
printed too, the steadier figure where the machine's speed drifts between rounds.
`--accuracy N` also reads N random reports per mangled text layout and prints cell-by-cell counts
(variants: page noise and 3 % blank cells with table 二 drawn from real reports' rows, and page
noise with the harsh table 二 of before, whose large counts glue into rows that split many ways):
the table layouts of tests/annual/layouts.py and the whole-page ones of tests/annual/crawled.py
(crawler-flattened pages with the next label's ordinal glued, tables printed one cell per line —
piped, blanks as empty lines, blanks vanished —, converter markdown, gongkai's own Markdown, all
combined), how many clean reports among them carry an error finding, how reports with one wrong total
read (and that each carries an error finding), the shared real reports' own numbers printed in the whole-page layouts
(../shared/{seeds,real}/expected, N/5 renderings each) with each report's own text around them (the headline) and with
the generated prose, and the real published pages kept in tests/annual/real_pages (their whole tables). "text" cycles through the table layouts (the mix the speed target was set
on); "text (crawled pages)" through the whole-page layouts.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "annual"), str(ROOT / "tests")]
SHARED = ROOT.parent / "shared"

from crawled import (  # noqa: E402  (crawled pages, converter markdown)
    ALL_LAYOUTS,
    DOCUMENT_LAYOUTS,
    own_sections,
    render_any,
)
from layouts import (  # noqa: E402  (test helpers: random reports and their renderings)
    TEXT_LAYOUTS,
    Score,
    random_report,
    render_docx,
    render_html,
    render_pdf,
    render_text,
    score,
    score_layout,
    with_wrong_total,
)
from realpages import real_pages  # noqa: E402  (real published pages kept as test data)

from gongkai.annual.document import ReadError  # noqa: E402
from gongkai.annual.model import get_cell  # noqa: E402
from gongkai.annual.reader import read_document  # noqa: E402
from gongkai.annual.reading.values import clear_memos  # noqa: E402
from gongkai.annual.sources import load_document  # noqa: E402


def rate(samples: list[bytes], work: Callable[[bytes], object], seconds: float) -> float:
    """Calls per second of `work` over `samples`: the best of repeated rounds for at least `seconds`
    (after a warm-up round), timed as CPU time, so that other load on the machine counts least."""
    for sample in samples:
        work(sample)
    best, spent = float("inf"), 0.0
    while spent < seconds:
        start = time.process_time()
        for sample in samples:
            work(sample)
        elapsed = time.process_time() - start
        best, spent = min(best, elapsed), spent + elapsed
    return len(samples) / best


def full_read(data: bytes, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    clear_memos()  # each read pays for its own glued-row searches, as a first read of a file would
    return read_document(load_document(data), previous)


def pdfium_public_api(data: bytes) -> int:
    """pypdfium2 alone, public API: every page's text and every character's (loose) box."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    count = 0
    for page in pdf:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        boxes = [textpage.get_charbox(i, loose=True) for i in range(textpage.count_chars())]
        count += len(text) + len(boxes)
        textpage.close()
        page.close()
    pdf.close()
    return count


def pdfium_raw_calls(data: bytes) -> int:
    """pypdfium2 alone, its cheapest calls: each page's text in one call (FPDFText_GetText) and
    each character's loose box (FPDFText_GetLooseCharBox, read into a float list), nothing else."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    count = 0
    for page in pdf:
        textpage = page.get_textpage()
        raw = textpage.raw
        chars = pdfium_c.FPDFText_CountChars(raw)
        buffer = (ctypes.c_ushort * (chars + 1))()
        pdfium_c.FPDFText_GetText(raw, 0, chars, buffer)
        boxes = []
        for index in range(chars):
            get_box(raw, index, ref)
            boxes.append((rect.left, rect.top, rect.right, rect.bottom))
        count += len(boxes)
        textpage.close()
        page.close()
    pdf.close()
    return count


def pdfium_unchecked_calls(data: bytes) -> int:
    """The floor for Python: the same data through the unchecked ctypes calls our front-end uses
    (gongkai.annual.sources.pdfium_calls), looping in C."""
    import pypdfium2 as pdfium

    from gongkai.annual.sources import pdfium_calls

    pdf = pdfium.PdfDocument(data)
    count = 0
    for page in pdf:
        textpage = page.get_textpage()
        handle = pdfium_calls.handle(textpage.raw)
        chars = pdfium_calls.char_count(handle)
        text = pdfium_calls.char_text(handle, chars)
        _, boxes = pdfium_calls.loose_boxes(handle, list(range(chars)))
        count += len(text or "") + len(boxes)
        textpage.close()
        page.close()
    pdf.close()
    return count


def interleaved(
    work: dict[str, Callable[[bytes], object]], samples: list[bytes], seconds: float
) -> tuple[dict[str, tuple[float, float]], list[dict[str, float]]]:
    """Seconds per sample of each `work`, as (CPU, wall), the best of rounds in which every
    `work` runs over all samples in turn, so that a change in the machine's load hits all alike;
    and each round's CPU seconds per sample, for ratios taken within one round."""
    for function in work.values():
        for sample in samples:
            function(sample)
    best = {name: (float("inf"), float("inf")) for name in work}
    rounds: list[dict[str, float]] = []
    deadline = time.perf_counter() + seconds * len(work)
    while len(rounds) < 5 or time.perf_counter() < deadline:
        this_round: dict[str, float] = {}
        for name, function in work.items():
            cpu, wall = time.process_time(), time.perf_counter()
            for sample in samples:
                function(sample)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            best[name] = (min(best[name][0], cpu / len(samples)), min(best[name][1], wall / len(samples)))
            this_round[name] = cpu / len(samples)
        rounds.append(this_round)
    return best, rounds


def median_ratio(rounds: list[dict[str, float]], ours: str, base: str) -> float:
    """The median over rounds of (ours / base) within each round: robust when the machine's speed
    drifts, as on a shared virtual machine, since both sides of each ratio ran seconds apart."""
    return statistics.median(r[ours] / r[base] for r in rounds)


def corpus(count: int) -> dict[str, list[bytes]]:
    rng = random.Random(2024)
    reports = [random_report(rng, rng.choice(("2021", "2019"))) for _ in range(count)]
    layouts = sorted(TEXT_LAYOUTS)
    pages = list(DOCUMENT_LAYOUTS)
    samples: dict[str, list[bytes]] = {
        "text": [
            render_text(r, layouts[i % len(layouts)], rng, noise=i % 2 == 0).encode("utf-8")
            for i, r in enumerate(reports)
        ],
        "text (crawled pages)": [
            render_any(r, pages[i % len(pages)], rng, noise=i % 2 == 0).encode("utf-8")
            for i, r in enumerate(reports)
        ],
        "html": [render_html(r) for r in reports],
        "docx": [render_docx(r) for r in reports[:6]],
        "pdf (generated)": [render_pdf(r) for r in reports[:3]],
    }
    if (SHARED / "real").is_dir():
        samples["text (shared seeds)"] = [p.read_bytes() for p in sorted((SHARED / "seeds").glob("*.txt"))]
        samples["pdf (shared real)"] = [p.read_bytes() for p in sorted((SHARED / "real").glob("*.pdf"))]
    return samples


# (name, share of blank cells, page noise, table 二 of `random_report`): table 二 as real reports
# print it (tests/annual/table_two_real.csv), and as before ("harsh": any count, large ones often;
# the same reports as "page noise" otherwise)
VARIANTS = (
    ("page noise", 0.0, True, "real"),
    ("3% blanks", 0.03, False, "real"),
    ("harsh 表二", 0.0, True, "harsh"),
)


def accuracy(per_layout: int) -> None:
    print(f"\naccuracy on mangled text layouts ({per_layout} random reports per layout, format and variant):")
    print(
        f"{'layout':16s} {'variant':14s} {'cells':>7s} {'right':>7s} {'null+finding':>13s} {'null-silent':>12s} {'WRONG':>6s}"
    )
    for layout in ALL_LAYOUTS:
        for variant, blanks, noise, table_two in VARIANTS:
            total = score_layout(layout, per_layout, blanks, noise, full_read, "bench", render_any, table_two)
            print(
                f"{layout:16s} {variant:14s} {total.total:7d} {total.right:7d} {total.null_with_finding:13d} "
                f"{total.null_without_finding:12d} {total.wrong:6d}"
            )


def previous_accuracy(per_layout: int) -> None:
    """crawler_flat read again with the agency's report of the year before (a supervising office
    importing several years of one agency): last year's 现行有效 as this year's numbers imply it."""
    print(f"\ncrawler_flat with last year's report known ({per_layout} per format, same reports as above):")
    for variant, blanks, noise, table_two in VARIANTS:
        if blanks:
            continue
        total = score_layout(
            "crawler_flat",
            per_layout,
            blanks,
            noise,
            full_read,
            "bench",
            render_any,
            table_two,
            with_previous=True,
        )
        print(
            f"{'crawler_flat':16s} {variant:14s} {total.total:7d} {total.right:7d} {total.null_with_finding:13d} "
            f"{total.null_without_finding:12d} {total.wrong:6d}"
        )


def clean_errors(per_layout: int) -> None:
    """How many clean random reports (consistent, no blank; with page noise) come back with an error
    finding in each whole-page layout: a reading that left cells null must not make a right report
    wrong (`gongkai check` exits 0 on them)."""
    print(f"\nclean reports with an error finding ({per_layout} per format, page noise):")
    for layout in DOCUMENT_LAYOUTS:
        flagged = 0
        for n in range(per_layout):
            for fmt in ("2021", "2019"):
                rng = random.Random(f"bench/{layout}/{fmt}/{n}")
                report = random_report(rng, fmt)
                text = render_any(report, layout, rng, True)
                reading: dict = full_read(text.encode("utf-8"))
                flagged += any(f["severity"] == "error" for f in reading["findings"])
        print(f"{layout:16s} {flagged} of {2 * per_layout}")


def wrong_total_accuracy(per_layout: int) -> None:
    """Random reports with one printed total wrong (`layouts.with_wrong_total`), as real reports
    often have, in each whole-page layout: cells right against the numbers as printed, confidently
    wrong, and how many carry an error finding (all must: their numbers do not add up)."""
    print(f"\nreports with one wrong total ({per_layout} per format, page noise on every other):")
    for layout in DOCUMENT_LAYOUTS:
        total, flagged = Score(), 0
        for n in range(per_layout):
            for fmt in ("2021", "2019"):
                rng = random.Random(f"broken/{layout}/{fmt}/{n}")
                report, _path = with_wrong_total(rng, random_report(rng, fmt))
                reading: dict = full_read(render_any(report, layout, rng, n % 2 == 0).encode("utf-8"))  # type: ignore[assignment]
                total.add(score(report, reading))
                flagged += any(f["severity"] == "error" for f in reading["findings"])
        print(
            f"{layout:16s} {total.total:7d} cells, {100 * total.right / total.total:6.2f} % right, "
            f"{total.wrong} WRONG, error finding in {flagged} of {2 * per_layout}"
        )


def shared_real_reports() -> list[tuple[str, dict[str, Any]]]:
    """The shared real reports' own numbers (../shared/{seeds,real}/expected), each with its own prose
    from its extracted text (`crawled.own_sections`) as `text_sections`."""
    paths = sorted((SHARED / "seeds" / "expected").glob("*.json")) + sorted(
        (SHARED / "real" / "expected").glob("*.json")
    )
    reports = []
    for path in paths:
        known = json.loads(path.read_text(encoding="utf-8"))
        own = own_sections((path.parent.parent / f"{path.stem}.txt").read_text(encoding="utf-8"))
        reports.append((path.stem, {**known, "fees_yuan": known.get("fees_yuan", 0), "text_sections": own}))
    return reports


def real_accuracy(per_report: int) -> None:
    """The shared real reports' own numbers printed in each whole-page layout `per_report` times
    (different random breakage each time): real tables, real breakage. The headline is with each
    report's own prose around its tables (a crawled page carries it: its section 一 states figures
    that decide glued rows, or figures that must not mislead); the figure with the generated prose
    (it states only 收到申请N件) is beside it (docs/decisions/real-set-measure.md)."""
    reports = shared_real_reports()
    print(
        f"\nthe {len(reports)} shared real reports' numbers in the whole-page layouts ({per_report} renderings each),"
        " with their own text | with generated prose:"
    )
    for layout in DOCUMENT_LAYOUTS:
        scores = (Score(), Score())
        for stem, report in reports:
            generated = {k: v for k, v in report.items() if k != "text_sections"}
            for n in range(per_report):
                for total, printed in zip(scores, (report, generated), strict=True):
                    rng = random.Random(f"{stem}/{layout}/{n}")
                    text = render_any(printed, layout, rng, n % 2 == 0)
                    total.add(score(printed, full_read(text.encode("utf-8"))))
        own, made = scores
        print(
            f"{layout:16s} {own.total:7d} cells, {100 * own.right / own.total:6.2f} % right, "
            f"{own.null_with_finding + own.null_without_finding} null, {own.wrong} WRONG"
            f" | {100 * made.right / made.total:6.2f} % right, {made.wrong} WRONG"
        )


def real_pages_accuracy() -> None:
    """Real published pages as crawled or converted (tests/annual/real_pages): the cells of the tables
    each holds whole, read from the page as it is (a page refused as not a report reads none)."""
    pages = real_pages()
    total = Score()
    print(f"\nreal published pages ({len(pages)}, tests/annual/real_pages), the cells of their whole tables:")
    for page in pages:
        try:
            tables = full_read(page.text.encode("utf-8"))["tables"] or {}
        except ReadError:
            tables = {}
        one = Score()
        for path, truth in page.expected.items():
            got = get_cell(tables, path)
            if got == truth and (got is None) == (truth is None):
                one.right += 1
            elif got is None:
                one.null_with_finding += 1
            else:
                one.wrong += 1
        total.add(one)
        print(f"  {page.name:28s} {one.total:4d} cells, {one.right:4d} right, {one.wrong} WRONG")
    print(
        f"  {'all':28s} {total.total:4d} cells, {100 * total.right / total.total:6.2f} % right, "
        f"{total.null_with_finding} null, {total.wrong} WRONG"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--reports", type=int, default=24, help="random reports generated per kind")
    parser.add_argument(
        "--accuracy", type=int, default=0, metavar="N", help="also measure accuracy (N reports per layout)"
    )
    args = parser.parse_args()
    samples = corpus(args.reports)
    print(f"{'input':22s} {'full read/s':>12s} {'front-end/s':>12s}   (one core)")
    for kind, items in samples.items():
        full = rate(items, full_read, args.seconds)
        front = rate(items, load_document, args.seconds)
        print(f"{kind:22s} {full:12.1f} {front:12.1f}")
    print(
        "\nPDF against pypdfium2 alone: ms per file, CPU / wall, best of interleaved rounds; ratio = ours / baseline"
    )
    pdf_work: dict[str, Callable[[bytes], object]] = {
        "pypdfium2 public API": pdfium_public_api,
        "pypdfium2 raw calls": pdfium_raw_calls,
        "unchecked calls (floor)": pdfium_unchecked_calls,
        "our front-end": load_document,
        "our full read": full_read,
    }
    for kind in ("pdf (shared real)", "pdf (generated)"):
        if kind not in samples:
            continue
        times, rounds = interleaved(pdf_work, samples[kind], args.seconds)
        print(f"  {kind} ({len(samples[kind])} files, {len(rounds)} rounds):")
        for name, (cpu, wall) in times.items():
            print(f"    {name:24s} {cpu * 1000:6.2f} / {wall * 1000:6.2f} ms", end="")
            if name.startswith("our"):
                ratios = ", ".join(
                    f"{cpu / times[base][0]:.2f}x / {wall / times[base][1]:.2f}x {base.split(' (')[0]}"
                    for base in ("pypdfium2 raw calls", "pypdfium2 public API", "unchecked calls (floor)")
                )
                print(f"   ({ratios})", end="")
            print()
        for ours in ("our front-end", "our full read"):
            medians = ", ".join(
                f"{median_ratio(rounds, ours, base):.2f}x {base.split(' (')[0]}"
                for base in ("pypdfium2 public API", "pypdfium2 raw calls")
            )
            print(f"    {ours}: median of per-round CPU ratios {medians}")
    if args.accuracy:
        accuracy(args.accuracy)
        previous_accuracy(args.accuracy)
        clean_errors(args.accuracy)
        wrong_total_accuracy(max(1, args.accuracy // 2))
        if (SHARED / "real").is_dir():
            real_accuracy(max(1, args.accuracy // 5))
        real_pages_accuracy()


if __name__ == "__main__":
    main()
