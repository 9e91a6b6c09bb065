"""The measurements behind the report-judging thresholds (docs/decisions/report-judging.md).

Prints, for the real reports in ../shared and for a generated set (tests/annual/reportsets.py):
- the Jaccard similarity of the own prose (whole, section 一, section 五) between different agencies'
  reports of a year, between one agency's consecutive reports, and between a planted copy and its source;
- how much of last year's announced improvements a report's text covers, followed up or not;
- how every planted fault was found (missed / flagged without being planted, per rule).

    .venv/bin/python bench/measure_judging.py [--agencies 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "annual"), str(ROOT / "tests")]

from reportsets import report_set  # noqa: E402  (test helpers: generated report sets)

from gongkai.annual.judging import RULES, judge_all  # noqa: E402
from gongkai.annual.judging.boilerplate import section_shingles  # noqa: E402
from gongkai.annual.judging.problems import follow_up  # noqa: E402
from gongkai.annual.judging.similarity import MIN_SHINGLES, PARTS, fingerprint_shingles  # noqa: E402
from gongkai.annual.judging.text import jaccard  # noqa: E402

SHARED = ROOT.parent / "shared"


def _summary(values: list[float]) -> str:
    if not values:
        return "none"
    v = np.array(values)
    return (
        f"n={len(v)} min={v.min():.3f} median={np.median(v):.3f} p99={np.percentile(v, 99):.3f} "
        f"p99.9={np.percentile(v, 99.9):.3f} max={v.max():.3f}"
    )


def real_reports() -> None:
    from gongkai.annual.reader import read_document
    from gongkai.annual.sources import load_document

    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "real").glob("*.txt"))
    if not files:
        print("real reports: ../shared is absent")
        return
    reports = {f.name: read_document(load_document(f)) for f in files}
    parts = {name: section_shingles(r["sections"], r["agency"]) for name, r in reports.items()}
    print(f"real reports ({len(files)}): own shingles per part")
    for name, p in parts.items():
        r = reports[name]
        print(f"  {name:26} {r['agency']} {r['year']}: " + ", ".join(f"{k} {len(v)}" for k, v in p.items()))
    same_agency = {
        ("hongze-2023.txt", "hongze-2024.txt"),
        ("001_7afa714d70970faa.txt", "000_61af8c38068e4b3e.txt"),
    }
    other: dict[str, list[float]] = {part: [] for part in PARTS}
    for a, b in itertools.combinations(parts, 2):
        values = {
            part: jaccard(parts[a][part], parts[b][part])
            for part in PARTS
            if len(parts[a][part]) >= MIN_SHINGLES and len(parts[b][part]) >= MIN_SHINGLES
        }
        if (a, b) in same_agency or (b, a) in same_agency:
            print(f"  same agency {a} ~ {b}: " + ", ".join(f"{k} {v:.3f}" for k, v in values.items()))
        else:
            for part, value in values.items():
                other[part].append(value)
    for part in PARTS:
        print(f"  different agencies, part {part}: {_summary(other[part])}")


def generated(agencies: int, seed: int) -> None:
    started = time.perf_counter()
    rs = report_set(seed, agencies=agencies)
    print(
        f"\ngenerated set: seed {seed}, {len(rs.submissions)} reports ({time.perf_counter() - started:.1f} s)"
    )
    subs = {s.key: s for s in rs.submissions}
    shingles = {key: section_shingles(s.sections, s.report.get("agency")) for key, s in subs.items()}

    def shares(a: str, b: str, part: str) -> bool:
        oa, ob = rs.origins[a], rs.origins[b]
        if part == "all":
            return any(shares(a, b, p) for p in ("一", "五"))
        if part == "五" and (a in rs.stock_five or b in rs.stock_five):
            return False
        return bool(oa.get(part)) and oa.get(part) == ob.get(part)

    # one agency's consecutive reports
    honest: dict[str, list[float]] = {part: [] for part in PARTS}
    copies: dict[str, list[float]] = {part: [] for part in PARTS}
    for key in subs:
        agency, year = key.rsplit("-", 1)
        before = f"{agency}-{int(year) - 1}"
        if before not in subs:
            continue
        for part in PARTS:
            a, b = shingles[key][part], shingles[before][part]
            if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
                continue
            (copies if shares(key, before, part) else honest)[part].append(jaccard(a, b))
    for part in PARTS:
        print(f"  same agency, consecutive years, part {part}: honest {_summary(honest[part])}")
        print(f"      copied (planted): {_summary(copies[part])}")

    # different agencies of a year: MinHash estimates over every pair, exact for the closest ones
    by_year: dict[int, list[str]] = {}
    for key, sub in subs.items():
        by_year.setdefault(sub.year or 0, []).append(key)
    other: dict[str, list[float]] = {part: [] for part in PARTS}
    copied: dict[str, list[float]] = {part: [] for part in PARTS}
    for keys in by_year.values():
        prints = [
            fingerprint_shingles(shingles[k], key=k, agency=subs[k].agency_id, year=subs[k].year or 0)
            for k in keys
        ]
        for index, part in enumerate(PARTS):
            sig = np.stack([fp.signatures[index] for fp in prints])
            ok = np.array([fp.comparable(index) for fp in prints])
            for i in range(len(keys)):
                if not ok[i]:
                    continue
                estimates = (sig[i + 1 :] == sig[i]).mean(axis=1)
                for j in np.flatnonzero(ok[i + 1 :]):
                    k2 = keys[i + 1 + j]
                    value = float(estimates[j])
                    if shares(keys[i], k2, part):
                        copied[part].append(jaccard(shingles[keys[i]][part], shingles[k2][part]))
                    elif value >= 0.2:  # exact where it could matter
                        other[part].append(jaccard(shingles[keys[i]][part], shingles[k2][part]))
                    else:
                        other[part].append(value)
    for part in PARTS:
        print(f"  different agencies, same year, part {part}: honest {_summary(other[part])}")
        print(f"      copied (planted, incl. copies of copies): {_summary(copied[part])}")

    # last year's improvements: coverage of each item's head in this year's text
    followed: list[float] = []
    unfollowed: list[float] = []
    for key, sub in subs.items():
        agency, year = key.rsplit("-", 1)
        before = subs.get(f"{agency}-{int(year) - 1}")
        if before is None or not before.sections.get("五") or not sub.sections.get("五"):
            continue
        result = follow_up(
            before.sections["五"], sub.sections, sub.report.get("agency"), before.report.get("agency")
        )
        if result is None:
            continue
        target = unfollowed if "problems.not_followed_up" in rs.planted[key] else followed
        target += [c for c, repeated in zip(result.coverage, result.repeated, strict=True) if not repeated]
    print(f"  improvements followed up: coverage {_summary(followed)}")
    print(f"  improvements not followed up (planted): coverage {_summary(unfollowed)}")

    # detection
    started = time.perf_counter()
    judgements = judge_all(rs.submissions)
    elapsed = time.perf_counter() - started
    print(f"  judged {len(judgements)} reports in {elapsed:.1f} s ({len(judgements) / elapsed:.0f}/s)")
    judged_rules = set(RULES) - {"reading.uncertain"}
    planted, missed, extra = Counter(), Counter(), Counter()
    for judgement in judgements:
        got = judgement.rules() & judged_rules
        want = rs.planted[judgement.key]
        planted.update(want)
        missed.update(want - got)
        extra.update(got - want)
    for rule in sorted(judged_rules):
        print(
            f"    {rule:26} planted {planted[rule]:5}  missed {missed[rule]:3}  flagged without a plant {extra[rule]:3}"
        )
    clean = sum(1 for j in judgements if not rs.planted[j.key])
    print(f"    reports with nothing planted: {clean}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    real_reports()
    generated(args.agencies, args.seed)


if __name__ == "__main__":
    main()
