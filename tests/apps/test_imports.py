"""Importing published reports in-process: stored once per content, matched to agencies (exact, unsure,
new external agency), the source file kept, re-readable, and `gongkai reports import` printing its lines."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import importsets  # noqa: F401  (puts tests/annual on the path)
import pytest
from crawled import render_crawled
from django.db import transaction
from layouts import random_report

from gongkai.annual.model import set_cell
from gongkai.annual.writers import write_report
from gongkai.supervision import importing, runner
from gongkai.supervision.models import ExternalAgency, ImportedReport, ItemStatus, Match


def _report(agency: str, year: int = 2024) -> dict[str, Any]:
    report = random_report(random.Random(agency), "2021")
    report.update(agency=agency, year=year, signed_on=f"{year + 1}-01-20")
    return report


def _file(folder: Path, name: str, agency: str, year: int = 2024) -> Path:
    path = folder / name
    if path.suffix == ".txt":
        path.write_bytes(write_report(_report(agency, year), "md"))
    else:
        write_report(_report(agency, year), path)
    return path


def _import(office: Any, *paths: Path) -> list[dict[str, Any]]:
    batch = importing.start_batch(office, [str(p) for p in paths])
    runner.run_in_process(batch, lambda counts: None)
    return [line.as_dict() for line in importing.item_lines(batch)]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_agencies_matched_exactly_unsure_or_created_outside(world: Any, media: Path, tmp_path: Path) -> None:
    office = world.agency_a.parent
    files = [
        _file(tmp_path, "a.txt", "洪泽区教育局"),
        _file(tmp_path, "b.html", "淮安市洪泽区自然资源局"),
        _file(tmp_path, "c.docx", "洪泽区卫生健康委员会"),
    ]
    lines = _import(office, *files)
    assert [(line["agency"], line["year"], line["status"]) for line in lines] == [
        ("洪泽区教育局", 2024, "imported"),
        ("洪泽区自然资源局", 2024, "imported"),
        ("洪泽区卫生健康委员会", 2024, "imported"),
    ]
    by_name = {r.agency_name_read: r for r in ImportedReport.objects.all()}
    assert by_name["洪泽区教育局"].match == Match.EXACT
    assert by_name["淮安市洪泽区自然资源局"].match == Match.UNSURE
    assert by_name["淮安市洪泽区自然资源局"].agency == world.agency_b
    assert "人工确认" in lines[1]["message"]
    new = by_name["洪泽区卫生健康委员会"]
    assert new.match == Match.NEW and new.agency is not None
    assert new.agency.parent == office and new.agency.kind == "department"
    assert ExternalAgency.objects.filter(agency=new.agency).exists()
    kept = importing.source_file(new)
    assert kept.read_bytes() == files[2].read_bytes() and kept.is_relative_to(media)


@pytest.mark.django_db
def test_the_same_file_twice_is_one_report(world: Any, media: Path, tmp_path: Path) -> None:
    office = world.agency_a.parent
    first = _file(tmp_path, "a.txt", "洪泽区教育局")
    copy = tmp_path / "copy-of-a.txt"
    copy.write_bytes(first.read_bytes())
    lines = _import(office, first, copy)
    assert [line["status"] for line in lines] == ["imported", "unchanged"]
    assert [line["status"] for line in _import(office, first)] == ["unchanged"]
    assert ImportedReport.objects.count() == 1


@pytest.mark.django_db
def test_unreadable_and_missing_files_fail_with_a_reason(world: Any, media: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    lines = _import(world.agency_a.parent, broken, tmp_path / "absent.docx")
    assert [line["status"] for line in lines] == ["failed", "failed"]
    assert all(line["message"] for line in lines)
    assert lines[1]["message"] == "找不到该文件或文件夹。"
    assert ImportedReport.objects.count() == 0


@pytest.mark.django_db
def test_an_item_answered_is_not_done_again(world: Any, media: Path, tmp_path: Path) -> None:
    """A task delivered a second time (worker killed before acknowledging) changes nothing."""
    batch = importing.start_batch(world.agency_a.parent, [str(_file(tmp_path, "a.txt", "洪泽区教育局"))])
    item = batch.items.get()
    assert importing.import_item(item.pk).status == ItemStatus.IMPORTED
    assert importing.import_item(item.pk).status == ItemStatus.IMPORTED
    item.refresh_from_db()
    assert item.attempts == 1 and ImportedReport.objects.count() == 1


@pytest.mark.django_db
def test_reread_and_confirm(world: Any, media: Path, tmp_path: Path) -> None:
    _import(world.agency_a.parent, _file(tmp_path, "a.txt", "淮安市洪泽区自然资源局"))
    report = ImportedReport.objects.get()
    report.data, report.findings = {}, [{"rule": "stale"}]
    report.save()
    importing.reread(report)
    report.refresh_from_db()
    assert report.data["agency"] == "淮安市洪泽区自然资源局" and report.findings != [{"rule": "stale"}]
    importing.confirm_match(report, world.agency_b)
    report.refresh_from_db()
    assert (report.agency, report.match, report.needs_review) == (world.agency_b, Match.CONFIRMED, False)


@pytest.mark.django_db
def test_last_years_stored_report_reads_this_years_glued_table_two(
    world: Any, media: Path, tmp_path: Path
) -> None:
    """A crawler-flattened page whose 行政规范性文件 row reads '5128' (5|12|8 or 5|1|28): with the
    agency's report of the year before stored (现行有效 15), the import reads 5, 12, 8; so does a
    re-read. Without it, the cells stay null."""
    office = world.agency_a.parent
    rng = random.Random(3)
    this_year = random_report(rng, "2021", table_two="real")
    this_year.update(agency="洪泽区教育局", year=2024)
    for column, value in zip(("issued", "repealed", "in_force"), (5, 12, 8), strict=True):
        set_cell(this_year["tables"], f"proactive.normative_documents.{column}", value)
        set_cell(this_year["tables"], f"proactive.regulations.{column}", 0)
    page = tmp_path / "2024.txt"
    page.write_text(render_crawled(this_year, rng, space_share=0.0), encoding="utf-8")
    glued = ("proactive", "normative_documents")

    def read() -> list[Any]:
        stored = ImportedReport.objects.get(year=2024)
        return [stored.data["tables"][glued[0]][glued[1]][c] for c in ("repealed", "in_force")]

    _import(office, page)
    assert read() == [None, None]
    ImportedReport.objects.filter(year=2024).delete()
    last_year = _report("洪泽区教育局", 2023)
    for column, value in zip(("issued", "repealed", "in_force"), (3, 0, 15), strict=True):
        set_cell(last_year["tables"], f"proactive.normative_documents.{column}", value)
    (tmp_path / "2023.txt").write_bytes(write_report(last_year, "md"))
    _import(office, tmp_path / "2023.txt")
    _import(office, page)
    assert read() == [12, 8]
    importing.reread(ImportedReport.objects.get(year=2024))
    assert read() == [12, 8]


@pytest.mark.django_db
def test_office_is_named_or_the_only_root(world: Any) -> None:
    assert importing.resolve_office("淮安市人民政府").name == "淮安市人民政府"
    assert importing.resolve_office(None).name == "淮安市人民政府"
    with pytest.raises(ValueError, match="找不到机关"):
        importing.resolve_office("不存在的政府")


@pytest.mark.django_db
def test_a_fresh_installation_imports_a_province(media: Path, tmp_path: Path) -> None:
    office = importing.resolve_office("宁夏回族自治区人民政府")
    lines = _import(office, _file(tmp_path, "a.txt", "银川市人民政府"))
    assert lines[0]["status"] == "imported"
    report = ImportedReport.objects.get()
    assert report.agency is not None and report.agency.kind == "government"
    assert report.agency.parent == office


@pytest.mark.django_db
def test_import_command_prints_one_line_per_file(
    world: Any, media: Path, tmp_path: Path, gongkai_cli: Any, capsys: Any
) -> None:
    good = _file(tmp_path, "a.txt", "洪泽区教育局")
    status = gongkai_cli(
        ["reports", "import", str(good), str(tmp_path / "nope.pdf"), "--office", "淮安市人民政府"]
    )
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 2 and "1 个文件未能导入" in err
    assert [set(line) for line in lines] == [{"file", "agency", "year", "status", "message"}] * 2
    assert [line["status"] for line in lines] == ["imported", "failed"]
    assert gongkai_cli(["reports", "import", str(good), "--office", "淮安市人民政府", "--queue"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "unchanged" and "GONGKAI_BROKER_URL" in err


@pytest.mark.django_db(transaction=True)
def test_the_agency_is_matched_before_the_write_transaction(
    world: Any, media: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    """Matching reads the whole area; the workers share SQLite's one writer, so it is done outside it."""
    office = world.agency_a.parent
    find = importing.find_agency
    inside: list[bool] = []

    def spy(name: str, office: Any) -> Any:
        inside.append(transaction.get_connection().in_atomic_block)
        return find(name, office)

    monkeypatch.setattr(importing, "find_agency", spy)
    lines = _import(
        office, _file(tmp_path, "a.txt", "洪泽区教育局"), _file(tmp_path, "c.txt", "洪泽区卫生健康委员会")
    )
    assert [line["status"] for line in lines] == ["imported", "imported"]
    assert inside == [False, False]


@pytest.mark.django_db
def test_an_agency_made_since_the_match_was_read(world: Any) -> None:
    """Another worker made the external agency between this worker's read and its write: the same
    agency, matched as that read would match it now; a name never seen makes one."""
    office = world.agency_a.parent
    nothing = importing.find_agency("洪泽区卫生健康委员会", office)
    assert nothing.agency is None
    made, match = importing.settle_match("洪泽区卫生健康委员会", office, nothing)
    assert match == Match.NEW and made is not None and made.parent == office
    again, match = importing.settle_match("洪泽区卫生健康委员会", office, nothing)
    assert (again, match) == (made, Match.EXACT)
    assert ExternalAgency.objects.filter(agency=made).count() == 1
