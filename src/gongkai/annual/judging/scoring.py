"""A report's score from its reasons: the weights are data (`data/weights.toml`), read by this code."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gongkai.annual.judging.checks import RULES, Reason

FULL_SCORE = 100
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class RuleWeight:
    """Points a reason of one rule costs, by severity; `cap`: the most the rule costs in all."""

    error: int = 0
    warning: int = 0
    info: int = 0
    cap: int | None = None

    def points(self, severity: str) -> int:
        return int(getattr(self, severity, 0)) if severity in SEVERITIES else 0


Weights = Mapping[str, RuleWeight]


def parse_weights(data: Mapping[str, Any]) -> dict[str, RuleWeight]:
    """A weights table ({rule: {error, warning, info, cap}}); ValueError naming what is wrong."""
    weights: dict[str, RuleWeight] = {}
    for rule, entry in data.items():
        if rule not in RULES:
            raise ValueError(f"未知的规则“{rule}”")
        if not isinstance(entry, Mapping) or set(entry) - {*SEVERITIES, "cap"}:
            raise ValueError(f"规则“{rule}”的权重只能有 error、warning、info、cap")
        if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in entry.values()):
            raise ValueError(f"规则“{rule}”的权重应为非负整数")
        weights[rule] = RuleWeight(**entry)
    return weights


@cache
def default_weights() -> dict[str, RuleWeight]:
    """The weights of `data/weights.toml` (documented there)."""
    text = resources.files(__package__).joinpath("data/weights.toml").read_text("utf-8")
    return parse_weights(tomllib.loads(text))


def score(reasons: Iterable[Reason], weights: Weights | None = None) -> int:
    """100 less the points of every reason, at most `cap` per rule, never below 0."""
    weights = default_weights() if weights is None else weights
    lost: dict[str, int] = {}
    for reason in reasons:
        weight = weights.get(reason.rule, RuleWeight())
        lost[reason.rule] = lost.get(reason.rule, 0) + weight.points(reason.severity)
    total = 0
    for rule, points in lost.items():
        cap = weights.get(rule, RuleWeight()).cap
        total += points if cap is None else min(points, cap)
    return max(0, FULL_SCORE - total)
