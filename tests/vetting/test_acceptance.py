"""The acceptance figures of issue 10 on a generated corpus (fixed seed): `gongkai review` finds at least
95 % of the planted problems under the right rule name and raises an error on at most 2 % of the clean
texts — as paragraphs, as printed lines wrapped at the page width (PDF, extracted text) and as Word files.
`bench/bench_review.py --accuracy` prints the same figures per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from vetting_corpus import PLANTABLE, Sample, corpus, found_in_document, measure, wrapped_text, write_docx

from gongkai.vetting import review_lines, review_text
from gongkai.vetting.files import review_file

SEED = 20260615


@pytest.fixture(scope="module")
def samples() -> tuple[list[Sample], list[Sample]]:
    return corpus(SEED, planted=250, clean=250)


def test_planted_problems_found_and_clean_texts_pass(samples: tuple[list[Sample], list[Sample]]) -> None:
    planted, clean = samples
    result = measure(planted, clean, lambda sample: list(review_lines(sample.lines, today=sample.today)))
    assert set(result.planted) == set(PLANTABLE)
    assert result.recall >= 0.95, [(item.rule, item.text) for _, item in result.missed]
    for rule, count in result.planted.items():
        assert result.found.get(rule, 0) >= 0.9 * count, rule
    assert result.clean_error_rate <= 0.02, [
        [(f.rule, f.text) for f in errors]
        for _, errors in result.clean_with_error  # type: ignore[attr-defined]
    ]


def test_the_same_through_wrapped_printed_lines(samples: tuple[list[Sample], list[Sample]]) -> None:
    planted, clean = samples
    total = found = 0
    for sample in planted[:120]:
        findings = list(review_text(wrapped_text(sample), today=sample.today))
        total += len(sample.planted)
        found += sum(found_in_document(findings, item) for item in sample.planted)  # type: ignore[arg-type]
    assert found >= 0.95 * total
    with_error = sum(
        any(f.severity == "error" for f in review_text(wrapped_text(sample, 40), today=sample.today))
        for sample in clean[:120]
    )
    assert with_error <= 0.02 * 120


def test_the_same_through_word_files(samples: tuple[list[Sample], list[Sample]], tmp_path: Path) -> None:
    planted, clean = samples
    total = found = with_error = 0
    for index, sample in enumerate(planted[:20] + clean[:20]):
        path = tmp_path / f"{index}.docx"
        write_docx(sample, path)
        findings = list(review_file(path, today=sample.today))
        total += len(sample.planted)
        found += sum(found_in_document(findings, item) for item in sample.planted)  # type: ignore[arg-type]
        with_error += not sample.planted and any(f.severity == "error" for f in findings)
    assert found >= 0.95 * total
    assert with_error <= 0.02 * 20
