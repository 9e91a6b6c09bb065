"""The statistics page (tables 三 and 四, the year's rules), its Excel export, and the ledger import page."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

World = Any  # the `world` fixture of tests/apps/conftest.py


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add(
    agency: Any, number: str, received: dt.date, closed: dt.date | None = None, outcome: str = ""
) -> None:
    from gongkai.applications.models import Application

    Application.objects.create(
        agency=agency,
        number=number,
        applicant_category="natural_person",
        received_on=received,
        closed_on=closed,
        outcome=outcome,
        state="filed" if closed else "registered",
    )


@pytest.fixture
def counted(world: World) -> World:
    from gongkai.applications.models import ReviewCase

    add(world.agency_a, "A1", dt.date(2024, 3, 1), dt.date(2024, 3, 20), "withheld.state_secret")
    add(world.agency_a, "A2", dt.date(2023, 12, 29))
    add(world.agency_b, "B1", dt.date(2024, 5, 1), dt.date(2024, 5, 9), "disclosed")
    ReviewCase.objects.create(
        agency=world.agency_a, number="F1", kind="reconsideration", received_on=dt.date(2024, 4, 1)
    )
    return world


def shown_values(html: str, table: str) -> list[int]:
    """The numbers of a table on the page, in reading order."""
    from lxml import html as lxml_html

    cells = lxml_html.fromstring(html).xpath(f'//table[@id="{table}"]//td[contains(@class, "value")]')
    return [int(cell.text_content().strip()) for cell in cells]


def contract_values(tables: dict[str, Any], table: str) -> list[int]:
    """The contract's cells of a table in printed order (rows, then columns)."""
    from gongkai.annual.formats import get_format
    from gongkai.annual.model import get_cell, row_cells

    cells = row_cells(get_format("2021").table(table))
    return [int(get_cell(tables, f"{table}.{row}.{column}") or 0) for row, column in cells]


def test_a_clerk_sees_the_tables_and_rules_of_their_agency(counted: World) -> None:
    response = client_for(counted.clerk).get("/statistics/", {"agency": counted.agency_a.pk, "year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert "洪泽区教育局2024年度政府信息公开申请统计" in html
    assert 'id="requests"' in html and 'id="reviews"' in html
    assert "本年度以前收到、且在本年1月1日前尚未办结的申请" in html  # the year's rules are shown
    assert "属于国家秘密" in html


def test_the_page_counts_what_the_statistics_count(counted: World) -> None:
    from gongkai.statistics.tables import tables_for

    response = client_for(counted.clerk).get("/statistics/", {"agency": counted.agency_a.pk, "year": 2024})
    tables = tables_for([counted.agency_a.pk], 2024)
    assert tables["requests"]["carried_over"]["total"] == 1
    assert tables["requests"]["results"]["withheld"]["state_secret"]["total"] == 1
    assert tables["reviews"]["reconsideration"]["pending"] == 1
    html = response.content.decode()
    for table in ("requests", "reviews"):
        assert shown_values(html, table) == contract_values(tables, table)
    assert sum(shown_values(html, "requests")) == 2 * (1 + 1 + 1 + 1 + 1)


def test_staff_cannot_see_another_agencys_statistics(counted: World) -> None:
    client = client_for(counted.clerk)
    assert client.get("/statistics/", {"agency": counted.agency_b.pk}).status_code == 404
    assert client.get("/statistics/export.xlsx", {"agency": counted.agency_b.pk}).status_code == 404
    html = client.get("/statistics/").content.decode()
    assert "洪泽区自然资源局" not in html
    assert 'value="all"' not in html  # one agency: no sum over agencies


def test_the_supervisor_sees_the_sum_of_the_government_tree(counted: World) -> None:
    client = client_for(counted.supervisor)
    response = client.get("/statistics/", {"agency": "all", "year": 2024})
    assert response.status_code == 200
    # opened without choosing: the total, not the first department
    opened = client.get("/statistics/", {"year": 2024}).content.decode()
    assert '<option value="all" selected>' in opened
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/statistics/export.xlsx", {"agency": "all", "year": 2024}).content)
    )
    assert len(workbook.worksheets) == 2
    sheet = workbook.worksheets[0]
    numbers = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, int)]
    # new: A1 and B1 (2), carried over: A2 (1), results: 2, carried forward: A2 (1); plus totals
    assert sum(numbers) == 2 * (2 + 1 + 1 + 1 + 2 + 1)


def test_excel_export_has_tables_three_and_four(counted: World) -> None:
    response = client_for(counted.clerk).get(
        "/statistics/export.xlsx", {"agency": counted.agency_a.pk, "year": 2024}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    titles = [ws.title for ws in workbook.worksheets]
    assert titles[0].startswith("三、") and titles[1].startswith("四、")
    reviews = [
        c for row in workbook.worksheets[1].iter_rows(values_only=True) for c in row if isinstance(c, int)
    ]
    assert sum(reviews) == 2  # pending 1, total 1


def test_anonymous_users_are_sent_to_log_in(counted: World) -> None:
    response = Client().get("/statistics/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# -- the ledger import page ------------------------------------------------------------------------------

GOOD = "申请编号,申请人类型,收到日期,办结日期,办理结果\n1,自然人,2024-01-05,2024-01-10,予以公开\n2,商业企业,2024/2/1,,\n"
BAD = GOOD + "3,外星人,2024-02-02,,\n"


def upload(text: str, name: str = "台账.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def test_import_page_imports_a_good_ledger(world: World) -> None:
    from gongkai.applications.models import Application

    client = client_for(world.clerk)
    assert client.get("/ledger/import/").status_code == 200
    response = client.post("/ledger/import/", {"agency": world.agency_a.pk, "ledger": upload(GOOD)})
    assert response.status_code == 302
    assert Application.objects.filter(agency=world.agency_a).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "台账导入完成" in page


def test_import_page_lists_the_errors_and_imports_nothing(world: World) -> None:
    from gongkai.applications.models import Application

    response = client_for(world.clerk).post(
        "/ledger/import/", {"agency": world.agency_a.pk, "ledger": upload(BAD)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "台账有 1 处错误，未导入任何数据" in html
    assert "第4行" in html and "申请人类型“外星人”无法识别" in html
    assert Application.objects.count() == 0


def test_import_page_refuses_another_agency(world: World) -> None:
    from gongkai.applications.models import Application

    response = client_for(world.clerk).post(
        "/ledger/import/", {"agency": world.agency_b.pk, "ledger": upload(GOOD)}
    )
    assert response.status_code == 400
    assert "请选择机关" in response.content.decode()
    assert Application.objects.count() == 0


def test_the_supervising_office_cannot_import(world: World) -> None:
    assert client_for(world.supervisor).get("/ledger/import/").status_code == 404
