"""Two readers on the same text reports, run alternately: the ratio survives a busy machine better than rates.

Run: .venv/bin/python bench/compare_readers.py OTHER_SRC [--runs 3] [--rounds 10]

OTHER_SRC is another checkout's `src` folder (e.g. `git archive main src | tar -x -C /tmp/main`, then
`/tmp/main/src`). The samples are made once here (the benchmark's "text" mix, the crawled pages and the
shared seeds) and pickled; each run starts a fresh process per reader that reads every sample in
`--rounds` rounds (CPU time, best round) after a warm-up. Printed: reads per second of each reader in
each run, and the ratio. Memoised glued-row splits are cleared before every read, so that a sample
read again pays for its searches as a first read would.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_TIMER = """
import pickle, sys, time
sys.path.insert(0, sys.argv[1])
from gongkai.annual.reader import read_document
from gongkai.annual.sources import load_document
try:
    from gongkai.annual.reading.values import clear_memos
except ImportError:  # a reader without memoised splits
    def clear_memos():
        pass
samples = pickle.load(open(sys.argv[2], "rb"))[sys.argv[3]]
def read(data):
    clear_memos()
    return read_document(load_document(data))
for data in samples:
    read(data)
best = float("inf")
for _ in range(int(sys.argv[4])):
    start = time.process_time()
    for data in samples:
        read(data)
    best = min(best, time.process_time() - start)
print(len(samples) / best)
"""


def _rate(src: str, samples: str, kind: str, rounds: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, src, samples, kind, str(rounds)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", help="the other reader's src folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "annual"), str(ROOT / "tests")]
    from bench_readers import corpus

    made = corpus(24)
    samples = {"text": made["text"], "text (crawled pages)": made["text (crawled pages)"]}
    if "text (shared seeds)" in made:
        samples["text (shared seeds)"] = made["text (shared seeds)"]
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        pickle.dump(samples, handle)
    ours = str(ROOT / "src")
    print(f"{'input':22s} {'run':>4s} {'other/s':>9s} {'this/s':>9s} {'ratio':>6s}")
    for kind in samples:
        for run in range(args.runs):
            other = _rate(args.other, handle.name, kind, args.rounds)
            this = _rate(ours, handle.name, kind, args.rounds)
            print(f"{kind:22s} {run + 1:4d} {other:9.1f} {this:9.1f} {this / other:6.2f}")
    Path(handle.name).unlink()


if __name__ == "__main__":
    main()
