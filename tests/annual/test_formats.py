"""The formats as data and the report model built from them."""

from __future__ import annotations

import dataclasses

import pytest

from gongkai.annual.formats import DECIMAL, FORMATS, SIGNED, format_for_year
from gongkai.annual.model import cell_paths, empty_tables, get_cell, iter_cells, set_cell
from reportdata import APPLICANT_KEYS

REQUEST_ROWS_2021 = (
    "new",
    "carried_over",
    "results.disclosed",
    "results.partially_disclosed",
    "results.withheld.state_secret",
    "results.withheld.prohibited_by_law",
    "results.withheld.security_stability",
    "results.withheld.third_party_rights",
    "results.withheld.internal_affairs",
    "results.withheld.process_information",
    "results.withheld.enforcement_case_file",
    "results.withheld.administrative_query",
    "results.unable_to_provide.not_held",
    "results.unable_to_provide.needs_creation",
    "results.unable_to_provide.unclear_after_amendment",
    "results.not_processed.petition_or_complaint",
    "results.not_processed.duplicate",
    "results.not_processed.publication",
    "results.not_processed.excessive",
    "results.not_processed.confirm_or_reissue",
    "results.other.no_amendment",
    "results.other.fee_unpaid",
    "results.other.other",
    "results.total",
    "carried_forward",
)
APPLICANT_COLUMNS = (*APPLICANT_KEYS, "total")


@pytest.mark.parametrize(
    ("year", "fmt"),
    [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2024, "2021"), (2030, "2021"), (2018, "2019")],
)
def test_format_for_year(year: int, fmt: str) -> None:
    assert format_for_year(year) == fmt


def test_request_rows_and_columns_follow_the_contract() -> None:
    table = FORMATS["2021"].table("requests")
    assert tuple(row.key for row in table.rows) == REQUEST_ROWS_2021
    assert tuple(column.key for column in table.blocks[0].columns) == APPLICANT_COLUMNS
    rows_2019 = tuple(row.key for row in FORMATS["2019"].table("requests").rows)
    assert rows_2019 == (*REQUEST_ROWS_2021[:20], "results.other", *REQUEST_ROWS_2021[23:])


def test_proactive_blocks() -> None:
    table = FORMATS["2021"].table("proactive")
    assert [block.heading for block in table.blocks] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    fees = table.blocks[3].columns[0]
    assert (fees.key, fees.kind) == ("amount_wan_yuan", DECIMAL)
    old = FORMATS["2019"].table("proactive")
    assert [row.key for row in old.rows] == [
        "regulations",
        "normative_documents",
        "administrative_licensing",
        "other_external_services",
        "administrative_penalty",
        "administrative_coercion",
        "administrative_fees",
        "government_procurement",
    ]
    change = old.blocks[1].columns[1]
    assert (change.key, change.label, change.kind) == ("change", "本年增/减", SIGNED)
    assert [c.key for c in old.blocks[3].columns] == ["previous_year_items", "change"]


def test_variants_that_real_reports_print_are_data() -> None:
    fmt = FORMATS["2021"]
    proactive = fmt.table("proactive")
    assert "规范性文件" in proactive.rows[1].variants
    assert "本年度止件数" in proactive.blocks[0].columns[1].variants
    prohibited = next(row for row in fmt.table("requests").rows if row.key.endswith("prohibited_by_law"))
    assert "其他法律行政止公开" in prohibited.variants
    social = fmt.table("requests").blocks[0].columns[3]
    assert "社会组织" in social.variants
    assert "收到处理政府信息公开申请情况" in fmt.table("requests").title_variants
    assert FORMATS["2019"].table("requests").blocks[0].columns[3].label == "社会组织"


def test_what_writers_need_headers_and_groups() -> None:
    requests = FORMATS["2021"].table("requests")
    assert sum(cell.colspan for cell in requests.header[0]) == 3 + 7
    assert sum(cell.colspan for cell in requests.header[1]) + len(requests.header[2]) == 7 + 5
    reviews = FORMATS["2021"].table("reviews")
    assert reviews.single_row
    assert [sum(cell.colspan for cell in row) for row in reviews.header] == [15, 15, 10]
    secret = requests.rows[4]
    assert (secret.prefix, secret.label, secret.groups) == (
        "1.",
        "属于国家秘密",
        ("三、本年度办理结果", "（三）不予公开"),
    )
    merged = requests.merged_rows[0]
    assert merged.parts == ("results.other.no_amendment", "results.other.fee_unpaid", "results.other.other")


def test_formats_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        FORMATS["2021"].table("requests").rows[0].label = "x"  # type: ignore[misc]


@pytest.mark.parametrize(("fmt", "count"), [("2021", 10 + 25 * 7 + 15), ("2019", 22 + 23 * 7 + 15)])
def test_cell_paths(fmt: str, count: int) -> None:
    paths = cell_paths(fmt)
    assert len(paths) == len(set(paths)) == count
    assert "requests.results.withheld.state_secret.total" in paths
    assert paths[0] == ("proactive.regulations.issued" if fmt == "2021" else "proactive.regulations.made")
    assert paths[-1] == "reviews.litigation_after_reconsideration.total"


def test_empty_tables_nest_exactly_as_the_contract() -> None:
    tables = empty_tables("2021")
    assert set(tables) == {"proactive", "requests", "reviews"}
    assert tables["requests"]["results"]["withheld"]["state_secret"] == dict.fromkeys(APPLICANT_COLUMNS)
    assert tables["reviews"]["reconsideration"] == dict.fromkeys(
        ("upheld", "corrected", "other", "pending", "total")
    )
    assert tables["proactive"]["administrative_fees"] == {"amount_wan_yuan": None}
    assert empty_tables("2019")["requests"]["results"]["other"] == dict.fromkeys(APPLICANT_COLUMNS)
    assert all(value is None for _path, value in iter_cells(tables, "2021"))


def test_get_and_set_cell() -> None:
    tables = empty_tables("2021")
    set_cell(tables, "requests.new.total", 3)
    assert get_cell(tables, "requests.new.total") == 3
    assert get_cell(tables, "requests.nothing.total") is None
    assert get_cell({}, "requests.new.total") is None
    assert get_cell({"a": {"b": True}}, "a.b") is None  # not a number
    assert dict(iter_cells(tables, "2021"))["requests.new.total"] == 3
