"""The 台账 as an office keeps it, in Excel: one row per application with every column a clerk fills by
hand — what was asked, who asked and how to reach them, receipt, deadline, reply, outcome, extension and
whether it was late. Personal data is in full only for the staff who may see it (`privacy`), masked for
everyone else (a supervising office)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.agencies.access import roles_in
from gongkai.applications.actions import Action
from gongkai.applications.deadlines import is_provisional
from gongkai.applications.models import Application, State
from gongkai.applications.privacy import may_see_personal_data, personal_data
from gongkai.applications.workflow import CLOSED, outcome_label
from gongkai.core.people import person_name
from gongkai.law.calendar import WorkingCalendar

# (heading, width in characters)
COLUMNS: tuple[tuple[str, int], ...] = (
    ("申请编号", 12),
    ("机关", 18),
    ("收到申请之日", 13),
    ("申请方式", 10),
    ("申请人", 14),
    ("申请人类型", 12),
    ("证件号码", 20),
    ("联系电话", 14),
    ("电子邮箱", 20),
    ("通信地址", 24),
    ("申请内容", 40),
    ("答复期限", 13),
    ("期限是否暂定", 10),
    ("是否延期", 8),
    ("答复日期", 13),
    ("办结日期", 13),
    ("办理结果", 24),
    ("是否逾期", 8),
    ("状态", 10),
    ("经办人", 10),
)


def with_extensions(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The applications with `extensions`: extensions approved and not undone by a correction."""
    return queryset.annotate(
        approved=Count("events", filter=Q(events__action=Action.APPROVE_EXTENSION), distinct=True),
        undone=Count(
            "events",
            filter=Q(events__action=Action.UNDO_STEP, events__data__undone_action=Action.APPROVE_EXTENSION),
            distinct=True,
        ),
    )


def is_overdue(application: Application, today: dt.date) -> bool:
    """Replied after the deadline, or still open past it."""
    if application.reply_due is None:
        return False
    if application.replied_on is not None:
        return application.replied_on > application.reply_due
    return application.state not in CLOSED and today > application.reply_due


def _row(application: Any, full: bool, today: dt.date, calendar: WorkingCalendar) -> list[Any]:
    person = personal_data(application, full=full)
    return [
        application.number,
        application.agency.name,
        application.received_on,
        application.get_channel_display(),
        person["applicant_name"],
        application.get_applicant_category_display(),
        person["id_number"] or person["credit_code"],
        person["phone"],
        person["email"],
        person["address"],
        application.content,
        application.reply_due,
        "是" if is_provisional(application, calendar) else "否",
        "是" if application.approved > application.undone else "否",
        application.replied_on,
        application.closed_on,
        outcome_label(application.outcome) if application.outcome else "",
        "是" if is_overdue(application, today) else "否",
        State(application.state).label if application.state in State.values else application.state,
        person_name(application.handler, "") if application.handler_id else "",
    ]


def ledger_rows(
    queryset: QuerySet[Application], user: Any, today: dt.date, calendar: WorkingCalendar
) -> Iterator[list[Any]]:
    """The rows of the export, in the order of the list (agency, receipt); a deadline counted on a year
    whose arrangement is not loaded says so (期限是否暂定)."""
    roles: dict[int, frozenset[str]] = {}
    ordered = (
        with_extensions(queryset)
        .select_related("agency", "handler")
        .order_by("agency__name", "received_on", "pk")
    )
    for application in ordered.iterator(chunk_size=500):
        if application.agency_id not in roles:
            roles[application.agency_id] = roles_in(user, application.agency_id)
        full = may_see_personal_data(user, application, roles[application.agency_id])
        yield _row(application, full, today, calendar)


def workbook(rows: Iterable[list[Any]], title: str) -> bytes:
    """The rows under the headings as an .xlsx file: dates as dates, headings bold, the top row frozen."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "申请台账"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([heading for heading, _width in COLUMNS])
    for index, (_heading, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=2, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column == 11)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 2)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
