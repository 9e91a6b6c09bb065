"""The PDF writer: A4 pages with ink on them (pdftoppm), fonts embedded, text that extracts (pypdfium2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from test_writers import SECTIONS, numbered_report

from gongkai.annual.writers import RenderError, render_report
from gongkai.annual.writers import fonts as fonts_module


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render_report(numbered_report("2021", sections=SECTIONS, signed_on="2025-01-20"), "pdf"))
    return path


def _pgm_dark_share(path: Path) -> float:
    """Share of pixels darker than mid-grey in a binary PGM (P5, 8 bit) as pdftoppm -gray writes it."""
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maxval, separated by whitespace
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    pixels = data[position + 1 : position + 1 + width * height]
    assert len(pixels) == width * height
    return sum(1 for value in pixels if value < 128) / len(pixels)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pages_rasterise_with_ink(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "36", str(pdf), str(tmp_path / "page")], check=True, timeout=60
    )
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) >= 3
    shares = [_pgm_dark_share(page) for page in pages]
    assert all(share > 0.005 for share in shares), shares  # text and table rules, not a blank page
    assert all(share < 0.5 for share in shares), shares  # and not a black one


def test_pages_are_a4_and_text_extracts(pdf: Path) -> None:
    document = pdfium.PdfDocument(str(pdf))
    try:
        width, height = document[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    squashed = "".join(text.split())
    for expected in (
        "某某市审批服务管理局",
        "2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "5.属于三类内部事务信息",
        "—1—",
        "2025年1月20日",
    ):
        assert expected in squashed, expected


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_fonts_are_embedded(pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows, listing
    # Columns: name, type…, encoding, emb, sub, uni, object, id — emb is the fifth from the end.
    assert all(row[-5] == "yes" for row in rows), listing
    chosen = fonts_module.free_fonts()
    names = " ".join(row[0] for row in rows)
    assert chosen.serif.replace(" ", "-") in names


def test_no_chinese_font_is_a_clear_error(monkeypatch: Any) -> None:
    monkeypatch.setattr(fonts_module, "installed_chinese_families", lambda: frozenset())
    with pytest.raises(RenderError, match="fonts-noto-cjk"):
        render_report(numbered_report("2021"), "pdf")


# A process that starts before any Chinese font is installed, then gets one (a folder fontconfig reads).
_FONT_ARRIVES = """
import json, sys
from pathlib import Path
from gongkai.annual.writers import RenderError, render_report
report, folder, font, out = json.loads(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
try:
    render_report(report, "pdf")
    print("rendered without a font")
except RenderError as exc:
    print(exc)
folder.mkdir()
(folder / Path(font).name).symlink_to(font)
out.write_bytes(render_report(report, "pdf"))
"""


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fc-list (fontconfig) is not installed")
def test_a_font_installed_while_the_process_runs_is_used(tmp_path: Path) -> None:
    """A worker started before the CJK font was installed writes PDFs once it is, without a restart."""
    listed = subprocess.run(
        ["fc-list", "-f", "%{file}\n", ":lang=zh"], capture_output=True, text=True, timeout=60
    ).stdout.split()
    if not listed:
        pytest.skip("no Chinese font installed to copy in")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{tmp_path / 'fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    out = tmp_path / "report.pdf"
    report = json.dumps(numbered_report("2021"), ensure_ascii=False)
    child = subprocess.run(
        [sys.executable, "-c", _FONT_ARRIVES, report, str(tmp_path / "fonts"), sorted(listed)[0], str(out)],
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr
    assert "fonts-noto-cjk" in child.stdout  # no font yet: the clear error
    document = pdfium.PdfDocument(str(out))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert "某某市审批服务管理局" in "".join(text.split())


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_pdf_is_tagged_with_title_and_language(pdf: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"  # PDF/UA-1: structure for screen readers
    assert fields["Title"].strip() == "某某市审批服务管理局2024年政府信息公开工作年度报告"
    assert fields["Page size"].strip().startswith("595.276 x 841.89")
