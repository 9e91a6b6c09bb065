"""Instructions of reads (the real PDFs by default), counted by callgrind around the measured rounds only:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no .venv/bin/python bench/callgrind_pdf.py \\
        [full|front|public|reader] [--rounds 4] [--input real|generated|text]

`full`: `bench_readers.full_read`; `front`: `load_document`; `public`: pypdfium2's public API
(`bench_readers.pdfium_public_api`); `reader`: the generic reader alone (`read_document` after
`clear_memos`, as in a full read) over documents the front-end loaded before the measured rounds.
`--input`: ../shared/real/*.pdf (default), `bench_readers.corpus(3)`'s generated PDFs, or
`corpus(24)`'s "text" mix (the text speed target's mix; `public` reads PDFs only). One warm-up round,
then `--rounds` rounds with instrumentation on (`callgrind_control -i on/off`): callgrind's "Collected"
divided by rounds × files is the instructions per file. Old against new: the same with
PYTHONPATH=<other tree>/src.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_readers as readers  # (its imports put the test helpers on the path)


def inputs(kind: str) -> list[bytes]:
    if kind == "real":
        return [path.read_bytes() for path in sorted((readers.SHARED / "real").glob("*.pdf"))]
    if kind == "generated":
        return readers.corpus(3)["pdf (generated)"]
    return readers.corpus(24)["text"]


def generic_reader(document: Any) -> Any:
    readers.clear_memos()
    return readers.read_document(document)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", nargs="?", choices=("full", "front", "public", "reader"), default="full")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--input", choices=("real", "generated", "text"), default="real")
    args = parser.parse_args()
    work: dict[str, Callable[[Any], object]] = {
        "full": readers.full_read,
        "front": readers.load_document,
        "public": readers.pdfium_public_api,
        "reader": generic_reader,
    }
    read = work[args.work]
    files: list[Any] = inputs(args.input)
    if args.work == "reader":
        files = [readers.load_document(data) for data in files]
    for data in files:
        read(data)

    def instrument(on: bool) -> None:
        command = ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())]
        subprocess.run(command, check=True, capture_output=True)

    instrument(True)
    for _ in range(args.rounds):
        for data in files:
            read(data)
    instrument(False)
    print(f"{args.work}: divide callgrind's Collected by {args.rounds * len(files)}", file=sys.stderr)


if __name__ == "__main__":
    main()
