"""Instructions of PDF reads of the real PDFs, counted by callgrind around the measured rounds only:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no .venv/bin/python bench/callgrind_pdf.py \\
        [full|front|public] [--rounds 4]

`full`: `bench_readers.full_read`; `front`: `load_document`; `public`: pypdfium2's public API
(`bench_readers.pdfium_public_api`). One warm-up round, then `--rounds` rounds over ../shared/real/*.pdf
with instrumentation on (`callgrind_control -i on/off`): callgrind's "Collected" divided by
rounds × files is the instructions per file. Old against new: the same with PYTHONPATH=<other tree>/src.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_readers as readers  # (its imports put the test helpers on the path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", nargs="?", choices=("full", "front", "public"), default="full")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    work = {"full": readers.full_read, "front": readers.load_document, "public": readers.pdfium_public_api}
    read = work[args.work]
    files = [path.read_bytes() for path in sorted((readers.SHARED / "real").glob("*.pdf"))]
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
