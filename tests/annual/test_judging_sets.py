"""A generated set of reports with planted faults: every fault found, nothing flagged that was not planted."""

from __future__ import annotations

from collections import Counter

import pytest
from reportsets import ReportSet, report_set

from gongkai.annual.judging import RULES, Judgement, SimilarityIndex, judge_all
from gongkai.annual.judging.judge import build_index

JUDGED = set(RULES) - {"reading.uncertain"}


@pytest.fixture(scope="module")
def reports() -> ReportSet:
    return report_set(seed=20261206, agencies=100)  # 300 reports: 2022–2024


@pytest.fixture(scope="module")
def judged(reports: ReportSet) -> dict[str, Judgement]:
    return {j.key: j for j in judge_all(reports.submissions)}


def test_the_set_plants_every_kind_of_fault(reports: ReportSet) -> None:
    planted = Counter(rule for rules in reports.planted.values() for rule in rules)
    for rule in (
        "late",
        "copy.previous_year",
        "copy.other_agency",
        "continuity.carried_over",
        "continuity.in_force",
        "problems.boilerplate",
        "problems.not_followed_up",
        "format.wrong_year",
        "section.missing",
        "tables.inconsistent",
    ):
        assert planted[rule] >= 3, rule
    kinds = Counter(reports.plants.values())
    for plant in (
        "late_local",
        "copy_previous",
        "copy_previous_five",
        "copy_other",
        "copy_other_一",
        "copy_other_五",
    ):
        assert kinds[plant] >= 1, plant
    assert kinds[""] >= 100  # and many reports without any fault


def test_every_planted_fault_found_and_no_report_flagged_without_one(
    reports: ReportSet, judged: dict[str, Judgement]
) -> None:
    wrong = {
        key: (sorted(reports.planted[key]), sorted(judgement.rules() & JUDGED))
        for key, judgement in judged.items()
        if judgement.rules() & JUDGED != reports.planted[key]
    }
    assert wrong == {}


def test_copies_name_their_source(reports: ReportSet, judged: dict[str, Judgement]) -> None:
    for key, source in reports.copied_from.items():
        if reports.plants[key].startswith("copy_other"):
            assert source in {m.key for m in judged[key].similar}, key


def test_a_persisted_index_built_in_parts_judges_the_same(
    reports: ReportSet, judged: dict[str, Judgement]
) -> None:
    """The app builds the index as reports arrive and stores it: the judgements do not change."""
    by_year: dict[int | None, list] = {}
    for sub in reports.submissions:
        by_year.setdefault(sub.year, []).append(sub)
    index = SimilarityIndex()
    for subs in by_year.values():
        part = build_index(subs)
        for fp in part:
            index.add(fp)
        index = SimilarityIndex.from_bytes(index.to_bytes())
    again = judge_all(reports.submissions, index=index)
    assert [(j.key, j.score, j.reasons) for j in again] == [
        (j.key, j.score, j.reasons) for j in judged.values()
    ]


def test_scores_follow_the_faults(reports: ReportSet, judged: dict[str, Judgement]) -> None:
    clean = [j.score for key, j in judged.items() if not reports.planted[key]]
    copied = [j.score for key, j in judged.items() if reports.plants[key] == "copy_other"]
    assert set(clean) == {100}
    assert copied and max(copied) <= 70
