"""Property tests: whatever bytes arrive, only ReadError escapes, and the CLI never shows a traceback."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from layouts import random_report, render_docx, render_html, render_text

from gongkai.annual.document import ReadError
from gongkai.annual.reader import read_document
from gongkai.annual.sources import load_document
from gongkai.cli import main

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes) -> None:
    """Read bytes as a report; a ReadError is a fine answer, anything else fails the test."""
    try:
        read_document(load_document(data))
    except ReadError as exc:
        assert str(exc), "a ReadError must carry a Chinese message"


@cache
def generated_samples() -> dict[str, bytes]:
    report = random_report(random.Random(42), "2021", blank_share=0.02)
    return {
        "text": render_text(report, "spaces", random.Random(1), noise=True).encode("gb18030"),
        "html": render_html(report),
        "docx": render_docx(report),
    }


def _mutate(data: bytes, flips: list[tuple[int, int]], cut: float) -> bytes:
    mutated = bytearray(data[: max(1, int(len(data) * cut))])
    for position, value in flips:
        mutated[position % len(mutated)] = value
    return bytes(mutated)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_but_read_error(data: bytes) -> None:
    read_or_refuse(data)


@FUZZ
@given(
    st.sampled_from(["text", "html", "docx"]),
    st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=20),
    st.floats(0.0, 1.0),
)
def test_mutated_reports_never_raise_anything_but_read_error(
    kind: str, flips: list[tuple[int, int]], cut: float
) -> None:
    read_or_refuse(_mutate(generated_samples()[kind], flips, cut))


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(0, 3))
def test_shuffled_and_dropped_lines_never_raise_anything_but_read_error(
    rng: random.Random, mode: int
) -> None:
    lines = generated_samples()["text"].decode("gb18030").splitlines()
    if mode == 0:
        rng.shuffle(lines)
    elif mode == 1:
        lines = [line for line in lines if rng.random() < 0.5]
    elif mode == 2:
        start = rng.randrange(len(lines))
        lines = lines[start : start + rng.randint(1, 40)]
    else:
        lines = [line[::-1] if rng.random() < 0.3 else line for line in lines]
    read_or_refuse("\n".join(lines).encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=30), st.floats(0.0, 1.0))
def test_mutated_real_pdfs_never_raise_anything_but_read_error(
    shared_dir: Path, flips: list[tuple[int, int]], cut: float
) -> None:
    read_or_refuse(_mutate((shared_dir / "real" / "hongze-2024.pdf").read_bytes(), flips, cut))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from(["text", "html", "docx"]).map(lambda k: generated_samples()[k][:1500]),
    )
)
def test_cli_never_prints_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    for command in ("parse", "check"):
        code = main([command, str(path)])
        out, err = capsys.readouterr()
        assert code in (0, 1, 2)
        assert "Traceback" not in out + err
        if code == 2 and command == "parse":
            assert err.startswith(f"错误：{path}：")
