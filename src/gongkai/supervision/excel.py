"""Excel workbooks the office takes away: the dashboard per agency with the total, the ranking of the
annual reports judged, and reports side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongkai.law.outcomes import GROUPS
from gongkai.proactive.queries import Timeliness
from gongkai.supervision.dashboard import Dashboard, Row

DASHBOARD_COLUMNS = (
    "机关",
    "类型",
    "收到申请",
    "办结",
    "结转",
    "当前逾期",
    "本年逾期",
    "本年逾期率",
    "平均答复工作日",
    *(g.label_zh for g in GROUPS.values()),
    "行政复议、诉讼",
    "年度报告",
    "报告错误数",
    "主动公开按时发布",
    "主动公开逾期发布",
    "主动公开当前逾期未发布",
)


def _figures(name: str, kind: str, f: Any, report: str, errors: Any, clock: Timeliness) -> list[Any]:
    rate = f.overdue_rate
    days = f.average_reply_days
    return [
        name,
        kind,
        f.received,
        f.handled,
        f.carried_over,
        f.overdue_now,
        f.overdue_in_year,
        round(rate, 4) if rate is not None else None,
        round(days, 1) if days is not None else None,
        *(f.outcomes.get(key, 0) for key in GROUPS),
        sum(f.reviews.values()),
        report,
        errors,
        clock.on_time,
        clock.late,
        clock.overdue_now,
    ]


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    ws: Any = wb.active
    ws.title = title
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(str(name)) * 2 + 4))
    ws.freeze_panes = "B2"
    return ws


def _save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def dashboard_workbook(board: Dashboard) -> bytes:
    def row(r: Row) -> list[Any]:
        assert r.report is not None
        return _figures(
            r.name, r.agency.get_kind_display(), r.figures, r.report.label, r.report.errors, r.publication
        )

    wb = Workbook()
    rows = [row(r) for r in board.rows]
    rows.append(_figures("合计", "", board.total, "", None, board.publication))
    ws = _sheet(wb, f"{board.year}年各机关", DASHBOARD_COLUMNS, rows)
    ws[f"A{ws.max_row}"].font = Font(bold=True)
    return _save(wb)


def table_workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook()
    _sheet(wb, title[:31], header, rows)
    return _save(wb)
