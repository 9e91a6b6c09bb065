"""Tables 三 and 四 by database aggregation, against a plain-Python count of the same rows."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.statistics.tables import report_data, requests_table, reviews_table, tables_for
from reportdata import APPLICANT_KEYS, OUTCOME_KEYS_2021

CATEGORIES = APPLICANT_KEYS
OUTCOMES = OUTCOME_KEYS_2021
KINDS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")


@dataclass(frozen=True)
class App:
    category: str
    received_on: dt.date
    closed_on: dt.date | None
    outcome: str


@dataclass(frozen=True)
class Case:
    kind: str
    received_on: dt.date
    concluded_on: dt.date | None
    result: str


# -- the independent count: one application or case at a time, in plain Python ------------------------


def count_requests(apps: list[App], year: int) -> dict[str, int]:
    """Flat {cell path: count} of table 三, counted row by row from the year's rules."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells: dict[str, int] = {}

    def add(row: str, column: str) -> None:
        for col in (column, "total"):
            cells[f"{row}.{col}"] = cells.get(f"{row}.{col}", 0) + 1

    for app in apps:
        if first <= app.received_on <= last:
            add("new", app.category)
        if app.received_on < first and (app.closed_on is None or app.closed_on >= first):
            add("carried_over", app.category)
        if app.closed_on is not None and first <= app.closed_on <= last:
            add(f"results.{app.outcome}", app.category)
            add("results.total", app.category)
        if app.received_on <= last and (app.closed_on is None or app.closed_on > last):
            add("carried_forward", app.category)
    return cells


def count_reviews(cases: list[Case], year: int) -> dict[str, int]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells: dict[str, int] = {}
    for case in cases:
        if case.received_on > last:
            continue
        if case.concluded_on is not None and first <= case.concluded_on <= last:
            column = case.result
        elif case.concluded_on is None or case.concluded_on > last:
            column = "pending"
        else:
            continue
        for col in (column, "total"):
            cells[f"{case.kind}.{col}"] = cells.get(f"{case.kind}.{col}", 0) + 1
    return cells


def flatten(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, int]]:
    for key, value in node.items():
        if isinstance(value, dict):
            yield from flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def nonzero(table: dict[str, Any]) -> dict[str, int]:
    return {path: n for path, n in flatten(table) if n != 0}


# -- storing rows --------------------------------------------------------------------------------------


def make_agency(name: str = "示范市教育局") -> Any:
    from gongkai.agencies.models import Agency

    return Agency.objects.create(name=name, kind="department", code=f"a{abs(hash(name)) % 10**8}")


def store(agency: Any, apps: list[App], cases: list[Case] = ()) -> None:  # type: ignore[assignment]
    from gongkai.applications.models import Application, ReviewCase

    Application.objects.bulk_create(
        Application(
            agency=agency,
            number=f"{agency.id}-{i}",
            applicant_category=a.category,
            received_on=a.received_on,
            closed_on=a.closed_on,
            outcome=a.outcome,
            state="filed" if a.closed_on else "registered",
        )
        for i, a in enumerate(apps)
    )
    ReviewCase.objects.bulk_create(
        ReviewCase(
            agency=agency,
            number=f"{agency.id}-C{i}",
            kind=c.kind,
            received_on=c.received_on,
            concluded_on=c.concluded_on,
            result=c.result,
        )
        for i, c in enumerate(cases)
    )


def random_rows(seed: int, n_apps: int, n_cases: int) -> tuple[list[App], list[Case]]:
    """Rows clustered around the year boundaries of 2023/2024/2025, where the rules differ."""
    rng = random.Random(seed)
    days = [
        dt.date(y, m, d)
        for y in (2022, 2023, 2024, 2025)
        for m, d in ((1, 1), (1, 2), (6, 15), (12, 30), (12, 31))
    ]

    def later(day: dt.date) -> dt.date | None:
        options = [d for d in days if d >= day]
        return rng.choice([None, *options, *options])

    apps = []
    for _ in range(n_apps):
        received = rng.choice(days)
        closed = later(received)
        apps.append(App(rng.choice(CATEGORIES), received, closed, rng.choice(OUTCOMES) if closed else ""))
    cases = []
    for _ in range(n_cases):
        received = rng.choice(days)
        concluded = later(received)
        result = rng.choice(("upheld", "corrected", "other")) if concluded else ""
        cases.append(Case(rng.choice(KINDS), received, concluded, result))
    return apps, cases


# -- exact boundary cases ------------------------------------------------------------------------------


def test_year_boundary_rules_for_applications(db: None) -> None:
    agency = make_agency()
    store(
        agency,
        [
            App(
                "natural_person", dt.date(2023, 12, 31), dt.date(2024, 1, 1), "disclosed"
            ),  # crosses the boundary
            App("natural_person", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "withheld.state_secret"),
            App(
                "commercial_enterprise", dt.date(2023, 6, 1), dt.date(2023, 12, 31), "disclosed"
            ),  # done before
            App("commercial_enterprise", dt.date(2024, 12, 31), None, ""),  # open at the end
            App("other", dt.date(2022, 5, 1), None, ""),  # open for years
            App("other", dt.date(2025, 1, 1), None, ""),  # after the year
            App("research_institution", dt.date(2024, 3, 1), dt.date(2025, 1, 1), "other.fee_unpaid"),
        ],
    )
    assert nonzero(requests_table([agency.id], 2024)) == {
        "new.natural_person": 1,
        "new.commercial_enterprise": 1,
        "new.research_institution": 1,
        "new.total": 3,
        "carried_over.natural_person": 1,
        "carried_over.other": 1,
        "carried_over.total": 2,
        "results.disclosed.natural_person": 1,
        "results.disclosed.total": 1,
        "results.withheld.state_secret.natural_person": 1,
        "results.withheld.state_secret.total": 1,
        "results.total.natural_person": 2,
        "results.total.total": 2,
        "carried_forward.commercial_enterprise": 1,
        "carried_forward.research_institution": 1,
        "carried_forward.other": 1,
        "carried_forward.total": 3,
    }
    assert nonzero(requests_table([agency.id], 2023)) == {
        "new.natural_person": 1,
        "new.commercial_enterprise": 1,
        "new.total": 2,
        "carried_over.other": 1,
        "carried_over.total": 1,
        "results.disclosed.commercial_enterprise": 1,
        "results.disclosed.total": 1,
        "results.total.commercial_enterprise": 1,
        "results.total.total": 1,
        "carried_forward.natural_person": 1,
        "carried_forward.other": 1,
        "carried_forward.total": 2,
    }


def test_year_boundary_rules_for_review_cases(db: None) -> None:
    agency = make_agency()
    store(
        agency,
        [],
        [
            Case("reconsideration", dt.date(2023, 12, 31), None, ""),  # pending at both year ends
            Case("reconsideration", dt.date(2023, 11, 1), dt.date(2024, 1, 1), "upheld"),
            Case(
                "litigation_direct", dt.date(2023, 5, 1), dt.date(2023, 12, 31), "corrected"
            ),  # done in 2023
            Case(
                "litigation_direct", dt.date(2024, 12, 31), dt.date(2025, 1, 1), "other"
            ),  # pending at 2024's end
            Case("litigation_after_reconsideration", dt.date(2025, 1, 1), None, ""),  # after the year
            Case("litigation_after_reconsideration", dt.date(2024, 2, 1), dt.date(2024, 12, 31), "other"),
        ],
    )
    assert nonzero(reviews_table([agency.id], 2024)) == {
        "reconsideration.upheld": 1,
        "reconsideration.pending": 1,
        "reconsideration.total": 2,
        "litigation_direct.pending": 1,
        "litigation_direct.total": 1,
        "litigation_after_reconsideration.other": 1,
        "litigation_after_reconsideration.total": 1,
    }
    assert nonzero(reviews_table([agency.id], 2023)) == {
        "reconsideration.pending": 2,
        "reconsideration.total": 2,
        "litigation_direct.corrected": 1,
        "litigation_direct.total": 1,
    }


def test_an_empty_year_is_all_zeros_in_the_contract_shape(db: None) -> None:
    agency = make_agency()
    tables = tables_for([agency.id], 2024)
    paths = dict(flatten(tables))
    assert len(paths) == 25 * 7 + 15
    assert set(paths.values()) == {0}
    assert list(tables["requests"]) == ["new", "carried_over", "results", "carried_forward"]
    assert list(tables["requests"]["results"])[-1] == "total"
    assert list(tables["requests"]["results"]["other"]) == ["no_amendment", "fee_unpaid", "other"]
    assert list(tables["reviews"]["reconsideration"]) == ["upheld", "corrected", "other", "pending", "total"]


# -- against the independent count ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tables_equal_the_independent_count(db: None, seed: int) -> None:
    apps, cases = random_rows(seed, 400, 60)
    mine, theirs = make_agency("甲局"), make_agency("乙局")
    store(mine, apps, cases)
    store(theirs, *random_rows(seed + 100, 50, 10))  # another agency's rows must not leak in
    for year in (2022, 2023, 2024, 2025):
        assert nonzero(requests_table([mine.id], year)) == count_requests(apps, year)
        assert nonzero(reviews_table([mine.id], year)) == count_reviews(cases, year)


def test_several_agencies_and_the_whole_city_add_up(db: None) -> None:
    apps_a, cases_a = random_rows(7, 200, 30)
    apps_b, cases_b = random_rows(8, 150, 20)
    a, b = make_agency("甲局"), make_agency("乙局")
    store(a, apps_a, cases_a)
    store(b, apps_b, cases_b)
    for ids in ([a.id, b.id], None):
        assert nonzero(requests_table(ids, 2024)) == count_requests(apps_a + apps_b, 2024)
        assert nonzero(reviews_table(ids, 2024)) == count_reviews(cases_a + cases_b, 2024)


def test_one_query_per_table(db: None, django_assert_num_queries: Any) -> None:
    agency = make_agency()
    store(agency, *random_rows(3, 100, 10))
    with django_assert_num_queries(1):
        requests_table([agency.id], 2024)
    with django_assert_num_queries(1):
        reviews_table([agency.id], 2024)


date_strategy = st.dates(min_value=dt.date(2022, 12, 25), max_value=dt.date(2025, 1, 5))


@st.composite
def app_rows(draw: st.DrawFn) -> App:
    received = draw(date_strategy)
    closed = draw(st.none() | st.dates(min_value=received, max_value=dt.date(2025, 1, 5)))
    outcome = draw(st.sampled_from(OUTCOMES)) if closed else ""
    return App(draw(st.sampled_from(CATEGORIES)), received, closed, outcome)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(apps=st.lists(app_rows(), max_size=30), year=st.sampled_from([2023, 2024]))
def test_balance_and_independent_count_hold_for_any_rows(db: None, apps: list[App], year: int) -> None:
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application

    Application.objects.all().delete()
    Agency.objects.all().delete()
    agency = make_agency()
    store(agency, apps)
    table = requests_table([agency.id], year)
    assert nonzero(table) == count_requests(apps, year)
    for column in (*CATEGORIES, "total"):
        left = table["new"][column] + table["carried_over"][column]
        assert left == table["results"]["total"][column] + table["carried_forward"][column]


# -- the command ---------------------------------------------------------------------------------------


def test_tables_command_prints_the_contract(
    db: None, gongkai_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    agency = make_agency("示范市教育局")
    apps, cases = random_rows(5, 80, 12)
    store(agency, apps, cases)
    assert gongkai_cli(["tables", "--agency", "示范市教育局", "--year", "2024"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload == report_data("示范市教育局", [agency.id], 2024)
    assert (payload["agency"], payload["year"], payload["format"]) == ("示范市教育局", 2024, "2021")
    assert nonzero(payload["tables"]["requests"]) == count_requests(apps, 2024)
    assert nonzero(payload["tables"]["reviews"]) == count_reviews(cases, 2024)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tables", "--agency", "不存在局", "--year", "2024"], "找不到机关：不存在局"),
        (["tables", "--agency", "示范市教育局", "--year", "今年"], "年度“今年”无效"),
        (["tables", "--year", "2024"], "请用 --agency 指定机关名称"),
    ],
)
def test_tables_command_errors(
    db: None, gongkai_cli: Any, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    make_agency("示范市教育局")
    assert gongkai_cli(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_import_then_tables_equals_the_count_of_the_ledger(
    db: None, tmp_path: Path, gongkai_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the hidden ledgers do: import a ledger into an empty database, then print its tables."""
    labels = {
        "disclosed": "予以公开",
        "withheld.state_secret": "属于国家秘密",
        "other.no_amendment": "逾期不补正",
    }
    category_labels = {
        "natural_person": "自然人",
        "legal_service_institution": "法律服务机构",
        "other": "其他",
    }
    rng = random.Random(11)
    apps, cases = random_rows(11, 120, 20)
    apps = [
        App(
            rng.choice(list(category_labels)),
            a.received_on,
            a.closed_on,
            rng.choice(list(labels)) if a.closed_on else "",
        )
        for a in apps
    ]
    lines = ["申请编号,申请人类型,收到日期,办结日期,办理结果"]
    for i, a in enumerate(apps):
        closed = f"{a.closed_on:%Y/%-m/%-d}" if a.closed_on else ""
        received = f"{a.received_on.year}年{a.received_on.month}月{a.received_on.day}日"
        lines.append(f"N{i},{category_labels[a.category]},{received},{closed},{labels.get(a.outcome, '')}")
    kinds = {
        "reconsideration": "行政复议",
        "litigation_direct": "直接起诉",
        "litigation_after_reconsideration": "复议后起诉",
    }
    results = {"upheld": "维持", "corrected": "纠正", "other": "其他", "": ""}
    review_lines = ["案件编号,类型,收到日期,结案日期,结果"]
    for i, c in enumerate(cases):
        review_lines.append(
            f"C{i},{kinds[c.kind]},{c.received_on},{c.concluded_on or ''},{results[c.result]}"
        )
    (tmp_path / "ledger.csv").write_text("\n".join(lines), encoding="utf-8-sig")
    (tmp_path / "reviews.csv").write_text("\n".join(review_lines), encoding="gb18030")
    argv = ["ledger", "import", str(tmp_path / "ledger.csv"), "--agency", "示范区人民政府"]
    assert gongkai_cli([*argv, "--reviews", str(tmp_path / "reviews.csv")]) == 0
    capsys.readouterr()
    for year in (2023, 2024):
        assert gongkai_cli(["tables", "--agency", "示范区人民政府", "--year", str(year)]) == 0
        payload = json.loads(capsys.readouterr().out)
        assert nonzero(payload["tables"]["requests"]) == count_requests(apps, year)
        assert nonzero(payload["tables"]["reviews"]) == count_reviews(cases, year)
