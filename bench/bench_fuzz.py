"""Fuzzing the readers for longer than the suite does (issue 14 item 10).

    .venv/bin/python bench/bench_fuzz.py [--inputs 100000] [--seed 1]

Mutations of real reports in every format go through the reader a user reaches them by: text, HTML, PDF
and Word reports through `load_document` + `read_document` (`gongkai parse`), .xlsx and .csv ledgers
through the ledger's file reading and header search (`gongkai ledger import`). The real reports are
../shared's seeds and real PDFs (skipped where absent); Word, HTML, .xlsx and .csv samples are generated
(tests/annual/layouts.py, openpyxl). Mutations: flipped bytes, truncation, inserted random bytes, a
duplicated or deleted slice, two inputs spliced, and — for zip-based files — the same mutations applied
inside one entry and the package zipped again (so the XML parsers see them, not just the zip checksum).

Prints the inputs read, refused with a Chinese message (ReadError / the ledger's errors), and uncaught
exceptions (target 0, each listed with its seed to replay); time per input: median, p99, max (and the
slowest input's kind and mutation).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "annual"))


def corpus() -> dict[str, list[bytes]]:
    """Samples per kind: the real reports of ../shared and generated files of each other format."""
    from layouts import random_report, render_docx, render_html, render_text

    samples: dict[str, list[bytes]] = {"text": [], "pdf": [], "html": [], "docx": [], "xlsx": [], "csv": []}
    for folder in (SHARED / "seeds", SHARED / "real"):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                kind = {".txt": "text", ".pdf": "pdf", ".html": "html", ".docx": "docx"}.get(path.suffix)
                if kind:
                    samples[kind].append(path.read_bytes())
    rng = random.Random(7)
    for n in range(4):
        report = random_report(rng, "2021" if n % 2 == 0 else "2019", blank_share=0.02)
        samples["text"].append(render_text(report, "spaces", rng, noise=True).encode("gb18030"))
        samples["html"].append(render_html(report))
        samples["docx"].append(render_docx(report))
    samples["xlsx"], samples["csv"] = ledgers(rng)
    return {kind: found for kind, found in samples.items() if found}


def ledgers(rng: random.Random) -> tuple[list[bytes], list[bytes]]:
    from openpyxl import Workbook

    header = ["申请编号", "申请人类型", "收到日期", "办结日期", "办理结果", "申请人", "申请内容"]
    rows = [
        [
            f"2024-{n:04d}",
            "自然人",
            f"2024-03-{n % 28 + 1:02d}",
            f"2024-04-{n % 28 + 1:02d}",
            "予以公开",
            "张三",
            "方案",
        ]
        for n in range(1, 40)
    ]
    xlsx, csv = [], []
    for _ in range(2):
        rng.shuffle(rows)
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in [header, *rows]:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        xlsx.append(out.getvalue())
        csv.append("\n".join(",".join(r) for r in [header, *rows]).encode("gb18030"))
    return xlsx, csv


# -- mutations ---------------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    out = bytearray(data or b"\x00")
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 200)) + data[at:]


def _duplicate(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    piece = data[start : start + rng.randint(1, 4000)]
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece * rng.randint(1, 8) + data[at:]


def _delete(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 4000) :]


def _splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


BYTE_MUTATIONS: dict[str, Callable[[random.Random, bytes, bytes], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "insert": _insert,
    "duplicate": _duplicate,
    "delete": _delete,
    "splice": _splice,
}


def _inside_zip(rng: random.Random, data: bytes, other: bytes) -> tuple[bytes, str]:
    """One entry of the package mutated, the package zipped again with valid checksums."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        target_name = rng.choice([n for n in names if n.endswith(".xml")] or names)
        mutation = rng.choice(list(BYTE_MUTATIONS))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                content = source.read(name)
                if name == target_name:
                    content = BYTE_MUTATIONS[mutation](rng, content, content)
                target.writestr(name, content)
    return out.getvalue(), f"{mutation} in {target_name}"


def mutate(rng: random.Random, kind: str, data: bytes, other: bytes) -> tuple[bytes, str]:
    if kind in ("docx", "xlsx") and rng.random() < 0.6:
        return _inside_zip(rng, data, other)
    name = rng.choice(list(BYTE_MUTATIONS))
    return BYTE_MUTATIONS[name](rng, data, other), name


# -- readers -----------------------------------------------------------------------------------------


def read_report(data: bytes) -> str:
    from gongkai.annual.document import ReadError
    from gongkai.annual.reader import read_document
    from gongkai.annual.sources import load_document

    try:
        read_document(load_document(data))
    except ReadError:
        return "refused"
    return "read"


def read_ledger(data: bytes, kind: str) -> str:
    from gongkai.ledger.files import LEDGER_COLUMNS, find_rows, read_grid

    try:
        grid = read_grid(data, f"台账.{kind}")
    except ValueError:
        return "refused"
    _rows, missing = find_rows(grid, LEDGER_COLUMNS)
    return "refused" if missing else "read"


def run(inputs: int, seed: int) -> int:
    samples = corpus()
    kinds = sorted(samples)
    print("corpus: " + ", ".join(f"{k} {len(v)}" for k, v in samples.items()))
    outcomes: Counter[str] = Counter()
    times: list[float] = []
    slowest = (0.0, "")
    uncaught: list[str] = []
    started = time.perf_counter()
    for n in range(inputs):
        rng = random.Random(seed * 1_000_003 + n)
        kind = kinds[n % len(kinds)]
        data, how = mutate(rng, kind, rng.choice(samples[kind]), rng.choice(samples[rng.choice(kinds)]))
        begin = time.perf_counter()
        try:
            outcome = read_ledger(data, kind) if kind in ("xlsx", "csv") else read_report(data)
        except Exception as exc:  # what this benchmark counts: anything but a Chinese refusal
            outcome = "uncaught"
            uncaught.append(f"input {n} (seed {seed}, {kind}, {how}): {type(exc).__name__}: {exc}")
            if len(uncaught) <= 3:
                traceback.print_exc()
        spent = time.perf_counter() - begin
        times.append(spent)
        outcomes[outcome] += 1
        if spent > slowest[0]:
            slowest = (spent, f"input {n}: {kind}, {how}, {len(data):,} bytes")
        if (n + 1) % 5000 == 0:
            print(f"  {n + 1:,} inputs, {time.perf_counter() - started:.0f} s, {dict(outcomes)}", flush=True)
    times.sort()
    print(f"\n{inputs:,} inputs in {time.perf_counter() - started:.0f} s: {dict(outcomes)}")
    print(
        f"time per input: median {statistics.median(times) * 1000:.1f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms, max {slowest[0] * 1000:.0f} ms ({slowest[1]})"
    )
    print(f"uncaught exceptions: {len(uncaught)}")
    for line in uncaught[:20]:
        print("  " + line[:300])
    return 1 if uncaught else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    return run(args.inputs, args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
