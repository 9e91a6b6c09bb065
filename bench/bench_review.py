"""`gongkai review` on a 50-page Word file (target under 1 s), and its accuracy on the generated corpus.

Run: .venv/bin/python bench/bench_review.py [--pages 50] [--rounds 5] [--accuracy N] [--seed S]

The Word file is generated with python-docx: 50 pages of a realistic notice and a 公示名单 table
(about 30 lines a page, some planted problems), written to a temporary folder. The figure is the wall
time of the whole `gongkai review FILE` path in-process (reading the file, every check, the JSON), best
and median of the rounds. `--accuracy N` generates N planted and N clean texts and prints per rule the
planted problems found (recall), the false alarms (errors / warnings on text that is not planted), and
the share of clean texts with an error — as paragraphs, as printed lines wrapped at the page width, and
as Word files (tables as Word tables) read through `gongkai review`'s own file path.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "vetting")]

from vetting_corpus import (  # noqa: E402  (test helpers: the generated corpus)
    PLANTABLE,
    corpus,
    found_in_document,
    measure,
    sample,
    wrapped_text,
    write_docx,
)

from gongkai.cli import main  # noqa: E402
from gongkai.vetting import review_lines, review_text  # noqa: E402
from gongkai.vetting.files import review_file  # noqa: E402

LINES_PER_PAGE = 30


def make_docx(path: Path, pages: int, seed: int) -> int:
    """A Word file of about `pages` pages: generated texts one after another, tables as Word tables."""
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    lines = 0
    while lines < pages * LINES_PER_PAGE:
        text = sample(rng, planted=rng.random() < 0.3)
        rows = [line.split("\t") for line in text.lines if "\t" in line]
        for line in text.lines:
            if "\t" not in line:
                document.add_paragraph(line)
                lines += 1
        if rows:
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
            lines += len(rows)
    document.save(str(path))
    return lines


def time_review(path: Path, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        sink = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(sink):
            main(["review", "--today", "2026-06-15", str(path)])
        times.append(time.perf_counter() - start)
    return times


def accuracy(count: int, seed: int) -> None:
    planted, clean = corpus(seed, planted=count, clean=count)
    result = measure(planted, clean, lambda s: list(review_lines(s.lines, today=s.today)))
    print(f"\naccuracy on {count} planted and {count} clean generated texts (seed {seed}), as paragraphs:")
    print(f"{'rule':32} {'found':>9} {'recall':>7} {'false errors':>13} {'false warnings':>15}")
    rules = sorted(set(PLANTABLE) | set(result.false_errors) | set(result.false_warnings))
    for rule in rules:
        planted_count, found = result.planted.get(rule, 0), result.found.get(rule, 0)
        recall = f"{found / planted_count:7.1%}" if planted_count else "      -"
        print(
            f"{rule:32} {found:>4}/{planted_count:<4} {recall} {result.false_errors.get(rule, 0):>13}"
            f" {result.false_warnings.get(rule, 0):>15}"
        )
    print(
        f"{'all':32} {sum(result.found.values()):>4}/{sum(result.planted.values()):<4} {result.recall:7.1%}"
        f"   clean texts with an error: {len(result.clean_with_error)}/{result.clean_texts}"
        f" ({result.clean_error_rate:.1%})"
    )
    for width in (56, 40):
        total = found_count = 0
        per_rule: dict[str, list[int]] = {}
        for text in planted:
            findings = list(review_text(wrapped_text(text, width), today=text.today))
            for item in text.planted:
                hit = found_in_document(findings, item)  # type: ignore[arg-type]
                counts = per_rule.setdefault(item.rule, [0, 0])
                counts[0] += hit
                counts[1] += 1
                total += 1
                found_count += hit
        with_error = sum(
            any(f.severity == "error" for f in review_text(wrapped_text(text, width), today=text.today))
            for text in clean
        )
        weakest = min(per_rule.items(), key=lambda item: item[1][0] / item[1][1])
        print(
            f"as printed lines wrapped at {width} columns: recall {found_count / total:.1%} ({found_count}/{total}),"
            f" weakest {weakest[0]} {weakest[1][0]}/{weakest[1][1]};"
            f" clean texts with an error {with_error}/{len(clean)} ({with_error / len(clean):.1%})"
        )
    docx_accuracy(planted, clean)


def docx_accuracy(planted: list, clean: list) -> None:  # type: ignore[type-arg]
    """The same samples written as Word files (tables as Word tables) through `review_file`."""
    today = date(2026, 6, 15)
    total = found = with_error = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, text in enumerate(planted + clean):
            path = Path(folder) / f"{index}.docx"
            write_docx(text, path)
            findings = list(review_file(path, today=today))
            total += len(text.planted)
            found += sum(found_in_document(findings, item) for item in text.planted)  # type: ignore[arg-type]
            with_error += not text.planted and any(f.severity == "error" for f in findings)
    print(
        f"as Word files: recall {found / total:.1%} ({found}/{total});"
        f" clean texts with an error {with_error}/{len(clean)} ({with_error / len(clean):.1%})"
    )


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--accuracy", type=int, default=0, metavar="N")
    parser.add_argument("--seed", type=int, default=date(2026, 6, 15).toordinal())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.docx"
        lines = make_docx(path, args.pages, args.seed)
        size = path.stat().st_size
        times = time_review(path, args.rounds)
    print(
        f"gongkai review on a {args.pages}-page .docx ({lines} paragraphs and table rows, {size / 1024:.0f} KiB):"
        f" best {min(times):.3f} s, median {statistics.median(times):.3f} s over {args.rounds} rounds (target < 1 s)"
    )
    if args.accuracy:
        accuracy(args.accuracy, args.seed)


if __name__ == "__main__":
    main_bench()
