"""One hash over every read of the benchmark corpus, to show that a speed change reads alike.

Run: .venv/bin/python bench/hash_reads.py  (and again with PYTHONPATH=<other tree>/src)
Hashed, file by file in order: `load_document`'s lines and `read_document`'s result as JSON (or the
ReadError's message) for `bench_readers.corpus(24)` (text, crawled pages, HTML, Word, generated and
real PDFs, shared seeds), 24 more generated PDFs and every file of ../shared/seeds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_readers as readers  # (its imports put the test helpers on the path)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "_asdict"):
        return value._asdict()
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    return repr(value)


def main() -> None:
    digest = hashlib.sha256()
    samples = readers.corpus(24)
    rng = random.Random(77)
    samples["pdf (more generated)"] = [
        readers.render_pdf(readers.random_report(rng, rng.choice(("2021", "2019")))) for _ in range(24)
    ]
    samples["seeds"] = [
        path.read_bytes() for path in sorted((readers.SHARED / "seeds").iterdir()) if path.is_file()
    ]
    count = 0
    for items in samples.values():
        for data in items:
            try:
                document = readers.load_document(data)
                digest.update(json.dumps(list(document.lines), ensure_ascii=False).encode())
                result = readers.read_document(document)
                digest.update(json.dumps(result, default=_plain, ensure_ascii=False, sort_keys=True).encode())
            except readers.ReadError as error:
                digest.update(str(error).encode())
            count += 1
    print(count, "reads, hash", digest.hexdigest()[:16])


if __name__ == "__main__":
    main()
