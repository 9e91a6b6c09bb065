"""Every report judged (年报体检): on time, the right format, complete, consistent, continuous with last
year, not copied, with a concrete problems section — a score with the reasons (pure, no Django).

The supervision app calls `judge_report` per report (or `judge_all` for a set), keeps each report's
`Fingerprint` (`to_bytes`) and one `SimilarityIndex` per area (`to_bytes` / `from_bytes`).
docs/decisions/report-judging.md explains the rules, the weights and the measured thresholds.
"""

from gongkai.annual.judging.checks import RULES, Reason, Thresholds
from gongkai.annual.judging.judge import Judgement, Submission, build_index, judge_all, judge_report, rank
from gongkai.annual.judging.scoring import RuleWeight, default_weights, parse_weights, score
from gongkai.annual.judging.similarity import (
    Fingerprint,
    IndexFormatError,
    Match,
    SimilarityIndex,
    fingerprint,
)

__all__ = [
    "RULES",
    "Fingerprint",
    "IndexFormatError",
    "Judgement",
    "Match",
    "Reason",
    "RuleWeight",
    "SimilarityIndex",
    "Submission",
    "Thresholds",
    "build_index",
    "default_weights",
    "fingerprint",
    "judge_all",
    "judge_report",
    "parse_weights",
    "rank",
    "score",
]
