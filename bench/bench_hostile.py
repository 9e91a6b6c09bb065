"""Hostile files through gongkai's readers: each refused within 2 s using < 200 MB (issue 14).

    .venv/bin/python bench/bench_hostile.py [--keep DIR]

Makes the full-size hostile files of the issue (tests/hostile_files.py): zip-bomb .xlsx and .docx
(250 MB inflated), the dimension-bomb .xlsx (A1:XFD1048576 declared), a sparse sheet (a cell in column XFD
of 20,000 rows spread over 1,048,576), a .docx holding 250 MB of XML, a 200 MB text file. Each goes, in a
fresh Python process, through the reader a user reaches it by (`gongkai parse`'s `load_document`, `gongkai
ledger import`'s file reading, the table 二 template, the attachment check). Prints per case the outcome
(the Chinese refusal, or what was read), the wall time of the read, and the process's peak RSS (with
Python, Django and the readers imported: the baseline is printed first).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import (  # noqa: E402  (tests/ is put on the path just above)
    docx_xml_bomb,
    huge_text,
    xlsx_dimension_bomb,
    xlsx_sparse,
    xlsx_zip_bomb,
)

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
import django
django.setup()
from gongkai.annual.sources import load_document
from gongkai.applications.attachments import checked_upload
from gongkai.ledger.files import ImportFile, read_grid
from gongkai.reports.excel import read_inputs
from django.core.files.uploadedfile import SimpleUploadedFile

def ledger(path):
    file = ImportFile.from_path(path)
    return f"{len(read_grid(file.data, file.name))} rows"

def template(path):
    return f"{len(read_inputs(open(path, 'rb').read()))} values"

def report(path):
    return f"{len(load_document(path).lines)} lines"

def attachment(path):
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(os.path.basename(path), handle.read())
    return f"accepted as {checked_upload(upload)}"

reader, path = sys.argv[1], sys.argv[2]
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    outcome = "read: " + globals()[reader](path)
except Exception as exc:
    outcome = f"refused ({type(exc).__name__}): {exc}"
seconds = time.perf_counter() - start
print(json.dumps({"outcome": outcome, "seconds": seconds, "baseline_kb": baseline}))
"""


def run(reader: str, path: Path) -> dict[str, object]:
    """The reader on `path` in a fresh process: its answer, and its peak RSS from the kernel (wait4)."""
    env = {**os.environ, "GONGKAI_VAR_DIR": tempfile.mkdtemp(prefix="hostile-"), "DATABASE_URL": ""}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, reader, str(path)], stdout=subprocess.PIPE, env=env, cwd=ROOT
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    result = json.loads(out) if out else {"outcome": f"crashed (status {status})", "seconds": float("nan")}
    result["peak_mb"] = usage.ru_maxrss / 1024
    result["process_s"] = time.perf_counter() - started
    return result


def make_files(folder: Path) -> list[tuple[str, str, Path]]:
    mb = 1024 * 1024
    files = {
        "zip-bomb.xlsx": xlsx_zip_bomb(250 * mb),
        "dimension-bomb.xlsx": xlsx_dimension_bomb(),
        "sparse.xlsx": xlsx_sparse(20_000),
        "xml-250MB.docx": docx_xml_bomb(250 * mb),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    huge_text(folder / "text-200MB.txt", 200 * mb)
    (folder / "text-200MB.csv").symlink_to(folder / "text-200MB.txt")
    (folder / "zip-bomb-250MB.docx").write_bytes(docx_xml_bomb(250 * mb))
    return [
        ("zip-bomb .xlsx (250 MB inflated) as a ledger", "ledger", folder / "zip-bomb.xlsx"),
        ("zip-bomb .xlsx as the table 二 template", "template", folder / "zip-bomb.xlsx"),
        ("dimension-bomb .xlsx (A1:XFD1048576) as a ledger", "ledger", folder / "dimension-bomb.xlsx"),
        ("dimension-bomb .xlsx as the template", "template", folder / "dimension-bomb.xlsx"),
        ("sparse .xlsx (XFD in 20,000 rows) as a ledger", "ledger", folder / "sparse.xlsx"),
        (".docx holding 250 MB of XML as a report", "report", folder / "xml-250MB.docx"),
        (".docx holding 250 MB of XML as an attachment", "attachment", folder / "zip-bomb-250MB.docx"),
        ("200 MB text file as a report", "report", folder / "text-200MB.txt"),
        ("200 MB text file as a ledger (.csv)", "ledger", folder / "text-200MB.csv"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", type=Path, help="make the files in this folder and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hostile-files-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = make_files(folder)
    for name, _reader, path in cases:
        print(f"  {name}: {path.stat().st_size / 1024:,.0f} KB on disk")
    base = run("report", ROOT / "README.md")
    print(f"baseline (Python + Django + readers, README.md read): peak {base['peak_mb']:.0f} MB\n")
    worst_s = worst_mb = 0.0
    for name, reader, path in cases:
        result = run(reader, path)
        seconds, peak = float(result["seconds"]), float(result["peak_mb"])  # type: ignore[arg-type]
        worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, peak)
        print(f"{name}\n    {seconds:6.2f} s  peak {peak:5.0f} MB  {str(result['outcome'])[:150]}")
    print(f"\nworst: {worst_s:.2f} s, {worst_mb:.0f} MB peak RSS (target: < 2 s and < 200 MB each)")
    if not args.keep:
        for _name, _reader, path in cases:
            path.unlink(missing_ok=True)
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
    return 0 if worst_s < 2 and worst_mb < 200 else 1


if __name__ == "__main__":
    raise SystemExit(main())
