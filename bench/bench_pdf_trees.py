"""Two source trees' PDF full read in one process, interleaved with pypdfium2's public API.

Run: .venv/bin/python bench/bench_pdf_trees.py OLD_SRC NEW_SRC [--seconds S] [--new-first]
(e.g. OLD_SRC=/path/to/main-worktree/src, NEW_SRC=src).

Alternating runs in separate processes spread ±3–5 % on a shared machine, more than a change worth
a few per cent; here both trees' reads run in the same rounds (`bench_readers.interleaved`), so the
median of per-round ratios new / old compares them minute by minute. Each tree's `gongkai` is imported
in turn under its own module objects; a read is `read_document(read_pdf(bytes))` (the PDF front-end
called directly: `load_document` imports its front-end lazily, which would find the other tree's),
after `clear_memos()` as in `bench_readers.full_read`. Both trees must read the real PDFs alike.
`--new-first`: the new tree runs before the old one in each round (the order may favour one side).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def tree_reader(src: str) -> Callable[[bytes], Any]:
    """The full read of the `gongkai` under `src`, imported afresh."""
    for name in [name for name in sys.modules if name == "gongkai" or name.startswith("gongkai.")]:
        del sys.modules[name]
    sys.path.insert(0, src)
    try:
        reader = importlib.import_module("gongkai.annual.reader")
        values = importlib.import_module("gongkai.annual.reading.values")
        pdf = importlib.import_module("gongkai.annual.sources.pdf")
    finally:
        sys.path.remove(src)
    if not str(pdf.__file__).startswith(str(Path(src).resolve())):
        raise SystemExit(f"{src}: gongkai was imported from {pdf.__file__}")

    def full(data: bytes) -> Any:
        values.clear_memos()
        return reader.read_document(pdf.read_pdf(data, "report.pdf"))

    return full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the old tree's src folder")
    parser.add_argument("new", help="the new tree's src folder")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--new-first", action="store_true")
    args = parser.parse_args()
    old, new = tree_reader(str(Path(args.old).resolve())), tree_reader(str(Path(args.new).resolve()))
    sys.path.insert(0, str(HERE))
    import bench_readers as readers  # (imported last: its `gongkai` imports are the new tree's)

    files = [path.read_bytes() for path in sorted((readers.SHARED / "real").glob("*.pdf"))]
    if any(old(data) != new(data) for data in files):
        raise SystemExit("the two trees read the real PDFs differently")
    trees = {"new": new, "old": old} if args.new_first else {"old": old, "new": new}
    best, rounds = readers.interleaved({"public": readers.pdfium_public_api, **trees}, files, args.seconds)
    ratio = readers.median_ratio
    print(
        f"{len(rounds)} rounds; median of per-round CPU ratios: full/public old {ratio(rounds, 'old', 'public'):.3f}"
        f" new {ratio(rounds, 'new', 'public'):.3f}, new/old {ratio(rounds, 'new', 'old'):.3f}"
        f" (best ms public {best['public'][0] * 1000:.2f} old {best['old'][0] * 1000:.2f}"
        f" new {best['new'][0] * 1000:.2f})"
    )


if __name__ == "__main__":
    main()
