"""The PDF full read's CPU time against pypdfium2's public API on the real PDFs, in one short run.

Run: .venv/bin/python bench/bench_pdf_ratio.py [--seconds S] [--generated]
(old against new: alternate runs with PYTHONPATH=<other tree>/src and take the median of runs).

The part of `bench_readers.py` the PDF speed target is judged by, without the other front-ends:
`bench_readers.interleaved` over pypdfium2's public API, our front-end and our full read, on
../shared/real/*.pdf (or, `--generated`, the benchmark's generated PDFs). Printed on one line: the
median over rounds of each round's CPU ratio to the public API (front-end, full read), the number of
rounds, and the best round's ms per file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_readers as readers  # (its imports put the test helpers on the path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument(
        "--generated", action="store_true", help="the generated PDFs instead of the real ones"
    )
    args = parser.parse_args()
    kind = "pdf (generated)" if args.generated else "pdf (shared real)"
    if args.generated:
        files = readers.corpus(24)[kind]
    else:
        files = [path.read_bytes() for path in sorted((readers.SHARED / "real").glob("*.pdf"))]
    work = {
        "public": readers.pdfium_public_api,
        "front": readers.load_document,
        "full": readers.full_read,
    }
    best, rounds = readers.interleaved(work, files, args.seconds)
    front = readers.median_ratio(rounds, "front", "public")
    full = readers.median_ratio(rounds, "full", "public")
    ms = " ".join(f"{name} {cpu * 1000:.2f}" for name, (cpu, _wall) in best.items())
    print(f"{kind}: full/public {full:.3f}  front/public {front:.3f}  ({len(rounds)} rounds; best ms: {ms})")


if __name__ == "__main__":
    main()
