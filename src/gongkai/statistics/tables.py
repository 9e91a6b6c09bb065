"""Tables 三 and 四 of the annual report for an agency-year, by database aggregation, in the contract shape.

The year's rules (shown on the statistics page as `YEAR_RULES`):

- 本年新收 (new): received in the year.
- 上年结转 (carried over): received before the year and not closed before it (still open on 1 January).
- 本年度办理结果 (results): closed in the year, in the row of its outcome.
- 结转下年度继续办理 (carried forward): received by the year's end and not closed by then.
- Table 四: a review case counts in a year if it started by the year's end and either concluded in that year
  (in the column of its result) or was still pending at the year's end (尚未审结); each group's total is
  upheld + corrected + other + pending.

So new + carried over = results + carried forward holds for every column by construction. Each figure is
counted by the database (COUNT with a filter, grouped by applicant category and outcome, or by review
kind); Python only places the at most a few hundred grouped counts into the table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q

from gongkai.annual.formats import get_format
from gongkai.annual.model import empty_tables, row_cells, set_cells
from gongkai.annual.totals import complete_totals, total_rules
from gongkai.applications.models import Application, ReviewCase
from gongkai.law.outcomes import row_key as outcome_row
from gongkai.proactive.queries import table_two

YEAR_RULES: tuple[tuple[str, str], ...] = (
    ("本年新收", "收到申请之日在本年度内的申请。"),
    ("上年结转", "本年度以前收到、且在本年1月1日前尚未办结的申请。"),
    ("本年度办理结果", "办结日期在本年度内的申请，按办理结果计入对应一行（部分公开只计入部分公开）。"),
    ("结转下年度继续办理", "本年12月31日以前收到、且到12月31日仍未办结的申请。"),
    (
        "行政复议、行政诉讼",
        "本年12月31日以前收到的案件：本年内结案的按结果计入“结果维持”“结果纠正”“其他结果”，"
        "到12月31日仍未结案的计入“尚未审结”；总计为四项之和。",
    ),
)

REPORT_FORMAT = "2021"
# Counts that fit no column or row of the format (data that should not exist: an outcome or applicant
# category outside the taxonomy) are kept in the table's catch-all cells so that the balance still holds.
FALLBACK_OUTCOME = "other.other"
FALLBACK_CATEGORY = "other"
REVIEW_RESULTS: tuple[str, ...] = ("upheld", "corrected", "other")

Counts = dict[tuple[str, str], int]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a report year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def fill_table(table_key: str, counts: Counts) -> dict[str, Any]:
    """A table of the 2021 format in the contract shape, from the counts of its (row, column) cells.

    Cells without a count are 0; the total column and the sum rows (results.total) are computed from
    the format's own description of them (`complete_totals`), never counted twice.
    """
    fmt = get_format(REPORT_FORMAT)
    table = fmt.table(table_key)
    totals = {rule.total for rule in total_rules(fmt)}
    tables = empty_tables(fmt)
    set_cells(
        tables,
        {
            path: counts.get((row_key, column_key), 0)
            for row_key, column_key in row_cells(table)
            if (path := f"{table_key}.{row_key}.{column_key}") not in totals
        },
    )
    result: dict[str, Any] = complete_totals(tables, fmt)[table_key]
    return result


def requests_table(agency_ids: Sequence[int] | None, year: int) -> dict[str, Any]:
    """Table 三 (收到和处理政府信息公开申请情况) of the agencies in a year; None: every agency."""
    start, end = year_bounds(year)
    applications = Application.objects.all()
    if agency_ids is not None:
        applications = applications.filter(agency_id__in=list(agency_ids))
    groups = (
        applications.filter(received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .values("applicant_category", "outcome")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried_over=Count("pk", filter=Q(received_on__lt=start)),
            closed=Count("pk", filter=Q(closed_on__lte=end)),
            carried_forward=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()
    )
    rows = {key for key, _column in row_cells(get_format(REPORT_FORMAT).table("requests"))}
    columns = {column for _key, column in row_cells(get_format(REPORT_FORMAT).table("requests"))}
    counts: Counts = defaultdict(int)
    for group in groups:
        column = group["applicant_category"] if group["applicant_category"] in columns else FALLBACK_CATEGORY
        for row_key in ("new", "carried_over", "carried_forward"):
            counts[row_key, column] += group[row_key]
        result_row = outcome_row(group["outcome"])
        counts[result_row if result_row in rows else outcome_row(FALLBACK_OUTCOME), column] += group["closed"]
    return fill_table("requests", counts)


def reviews_table(agency_ids: Sequence[int] | None, year: int) -> dict[str, Any]:
    """Table 四 (行政复议、行政诉讼情况) of the agencies in a year; None: every agency."""
    start, end = year_bounds(year)
    cases = ReviewCase.objects.filter(voided_on__isnull=True)  # a case voided as a mistake never was
    if agency_ids is not None:
        cases = cases.filter(agency_id__in=list(agency_ids))
    concluded = Q(concluded_on__gte=start, concluded_on__lte=end)
    pending = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    groups = (
        cases.filter(received_on__lte=end)
        .filter(concluded | pending)
        .values("kind")
        .annotate(
            upheld=Count("pk", filter=concluded & Q(result="upheld")),
            corrected=Count("pk", filter=concluded & Q(result="corrected")),
            other=Count("pk", filter=concluded & ~Q(result__in=["upheld", "corrected"])),
            pending=Count("pk", filter=pending),
        )
        .order_by()
    )
    counts: Counts = defaultdict(int)
    for group in groups:
        cells: dict[str, Any] = dict(group)
        for column in (*REVIEW_RESULTS, "pending"):
            counts[cells["kind"], column] += cells[column]
    return fill_table("reviews", counts)


def tables_for(agency_ids: Sequence[int] | None, year: int) -> dict[str, Any]:
    """Tables 三 and 四 of the agencies in a year: {"requests": …, "reviews": …}."""
    return {"requests": requests_table(agency_ids, year), "reviews": reviews_table(agency_ids, year)}


def proactive_table(agency_ids: Sequence[int] | None, year: int) -> dict[str, Any]:
    """Table 二 with its 第二十条第（一）项 rows counted from the register (`proactive.queries.table_two`);
    the decisions and fees rows are not in the register (the annual report's inputs): null, not 0."""
    rows: dict[str, Any] = {
        row.key: {column.key: None for column in block.columns}
        for block in get_format(REPORT_FORMAT).table("proactive").blocks
        for row in block.rows
    }
    rows.update(table_two(agency_ids, year))
    return rows


def report_data(agency_name: str, agency_ids: Sequence[int] | None, year: int) -> dict[str, Any]:
    """The report-data contract with tables 二 (its rows from the register), 三 and 四:
    {"agency", "year", "format", "tables"}."""
    return {
        "agency": agency_name,
        "year": year,
        "format": REPORT_FORMAT,
        "tables": {"proactive": proactive_table(agency_ids, year), **tables_for(agency_ids, year)},
    }
