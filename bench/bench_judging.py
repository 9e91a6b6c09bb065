"""Report judging at scale: the similarity index over 20,000 reports, and reports judged per second.

Generates a realistic report set (tests/annual/reportsets.py: agencies × 3 years, with planted copies),
then prints:
- fingerprinting (own shingles + MinHash signatures) per report;
- the index: build time (adding every fingerprint, then the first query sorts the bands), memory,
  serialised size, save and load time, and query time (median and 99th percentile);
- reports judged per second on one core (`judge_report` with last year's report and the index);
- with `--datasketch`, datasketch's own MinHashLSH over the same signatures, for comparison.

    .venv/bin/python bench/bench_judging.py [--reports 20000] [--judge 2000] [--datasketch]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "annual"), str(ROOT / "tests")]

from reportsets import report_set  # noqa: E402  (test helpers: generated report sets)

from gongkai.annual.judging import SimilarityIndex, fingerprint, judge_report  # noqa: E402
from gongkai.annual.judging.similarity import BANDS, NUM_PERM, ROWS  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--judge", type=int, default=2000, help="reports judged for the per-second figure")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--datasketch", action="store_true", help="also measure datasketch's MinHashLSH")
    args = parser.parse_args()
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; one process; "
        "times are this process's CPU time (steady when other work shares the machine)"
    )

    started = time.process_time()
    rs = report_set(args.seed, agencies=max(1, -(-args.reports // 3)))
    subs = rs.submissions[: args.reports]
    print(f"generated {len(subs)} reports in {time.process_time() - started:.1f} s")

    fingerprint(subs[0].report, key="warm-up")  # the boilerplate is built once per process
    started = time.process_time()
    prints = [
        fingerprint(sub.report, key=sub.key, agency=sub.agency_id, published_on=sub.published_on)
        for sub in subs
    ]
    elapsed = time.process_time() - started
    print(
        f"fingerprints (own shingles + {NUM_PERM}-value MinHash × 3 parts): {elapsed:.1f} s, {_ms(elapsed / len(subs))} per report"
    )

    tracemalloc.start()
    started = time.process_time()
    index = SimilarityIndex()
    for p in prints:
        index.add(p)
    added = time.process_time() - started
    index.similar(prints[0], threshold=0.6)  # sorts the bands
    built = time.process_time() - started
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"index of {len(index)} reports ({BANDS} bands × {ROWS} rows): built in {built:.2f} s "
        f"(adding {added:.2f} s, sorting the bands {built - added:.2f} s); memory {current / 2**20:.1f} MB "
        f"(peak {peak / 2**20:.1f} MB while building)"
    )

    started = time.process_time()
    data = index.to_bytes()
    saved = time.process_time() - started
    started = time.process_time()
    index = SimilarityIndex.from_bytes(data)
    loaded = time.process_time() - started
    print(f"serialised: {len(data) / 2**20:.1f} MB, saved in {saved:.2f} s, loaded in {loaded:.2f} s")

    rng = np.random.default_rng(1)
    times, found = [], 0
    for i in rng.choice(len(prints), size=min(1000, len(prints)), replace=False):
        started = time.process_time()
        matches = index.similar(prints[i], threshold=0.6)
        times.append(time.process_time() - started)
        found += bool(matches)
    times.sort()
    print(
        f"query ({len(times)} reports, threshold 0.6): median {_ms(statistics.median(times))}, "
        f"p99 {_ms(times[int(len(times) * 0.99) - 1])}; {found} of them had a match"
    )

    by_key = {sub.key: sub for sub in subs}
    sample = subs[-args.judge :]
    previous = []
    for sub in sample:
        agency, year = sub.key.rsplit("-", 1)
        before = by_key.get(f"{agency}-{int(year) - 1}")
        previous.append(before.report if before else None)
    started = time.process_time()
    for sub, before in zip(sample, previous, strict=True):
        judge_report(
            sub.report,
            key=sub.key,
            agency=sub.agency,
            kind=sub.kind,
            published_on=sub.published_on,
            local_due=sub.local_due,
            previous=before,
            index=index,
        )
    elapsed = time.process_time() - started
    print(
        f"judged {len(sample)} reports (with last year's report and the index of {len(index)}): "
        f"{len(sample) / elapsed:.0f} reports per second on one core ({_ms(elapsed / len(sample))} each)"
    )

    if args.datasketch:
        from datasketch import LeanMinHash, MinHashLSH

        signatures = [p.signatures[0] for p in prints]
        tracemalloc.start()
        started = time.process_time()
        lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        for p, signature in zip(prints, signatures, strict=True):
            lsh.insert(p.key, LeanMinHash(seed=1, hashvalues=signature, scheme="affine32"))
        elapsed = time.process_time() - started
        current, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"datasketch MinHashLSH, one part only: built in {elapsed:.1f} s, memory {current / 2**20:.0f} MB "
            "(this index keeps three parts)"
        )


if __name__ == "__main__":
    main()
