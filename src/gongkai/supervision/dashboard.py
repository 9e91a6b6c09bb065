"""The office's dashboard: per agency of its area and in total, a year's applications (received,
handled, carried over, overdue now and in the year, working days to reply, outcomes), review cases, and
where each annual report stands — from grouped queries of the layers below (read-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace

from gongkai.agencies.models import Agency
from gongkai.applications.queries import AgencyFigures, figures_by_agency, yearly_totals
from gongkai.law.calendar import WorkingCalendar
from gongkai.law.outcomes import GROUPS, REVIEW_KINDS
from gongkai.proactive.queries import Timeliness, timeliness_by_agency
from gongkai.reports.queries import AgencyReportRow, report_rows
from gongkai.supervision.models import ImportedReport

# Agencies gain a `level` (national … township) on another branch; until then the filter offers what
# the model has. The dashboard filters on it as soon as the field exists (`level_choices`).
LEVEL_FIELD = "level"

SORTS: dict[str, str] = {
    "name": "机关",
    "received": "收到申请",
    "handled": "办结",
    "carried_over": "结转",
    "overdue_now": "当前逾期",
    "overdue_rate": "本年逾期率",
    "average_reply_days": "平均答复工作日",
    "publication_late": "主动公开逾期发布",
    "publication_overdue": "主动公开当前逾期未发布",
}
# Sorts on the publication clock rather than on the applications' figures.
PUBLICATION_SORTS: dict[str, str] = {"publication_late": "late", "publication_overdue": "overdue_now"}


def level_choices() -> list[tuple[str, str]]:
    """The agency levels to filter by, empty while `agencies.Agency` has no `level` field."""
    try:
        field = Agency._meta.get_field(LEVEL_FIELD)
    except Exception:  # FieldDoesNotExist: not on this version of the agencies app
        return []
    return [(str(k), str(v)) for k, v in (getattr(field, "choices", None) or [])]


@dataclass(frozen=True)
class ReportStatus:
    """An agency's annual report of the year: made in gongkai (its state and due status) or imported."""

    key: str  # not_started | drafted | checked | approved | published | published_late | overdue | imported
    label: str
    late: bool
    errors: int
    submission: str = (
        "—"  # submitted to the office (第四十九条): 已报送（date）, 逾期报送, 未报送, 逾期未报送
    )
    submission_late: bool = False


def _report_status(row: AgencyReportRow, imported: ImportedReport | None) -> ReportStatus:
    status = _made_or_imported(row, imported)
    if row.report is None and imported is not None:
        return status  # published outside gongkai: its submission is not recorded here
    return replace(status, submission=row.submission_label, submission_late=row.submitted_late)


def _made_or_imported(row: AgencyReportRow, imported: ImportedReport | None) -> ReportStatus:
    if row.report is None:
        if imported is not None:
            errors = sum(1 for f in imported.findings if f.get("severity") == "error")
            return ReportStatus("imported", "已公开（导入）", False, errors)
        late = row.status.status == "overdue"
        label = "逾期未编制" + (
            f"（本地规定{row.status.due.month}月{row.status.due.day}日前）"
            if late and row.status.local
            else ""
        )
        return ReportStatus("overdue" if late else "not_started", label if late else "未编制", late, 0)
    if row.report.state == "published":
        late = row.status.status == "published_late"
        return ReportStatus("published_late" if late else "published", row.status.label, late, row.errors)
    late = row.status.status == "overdue"
    label = f"{row.state_label}（已逾期）" if late else row.state_label
    return ReportStatus(str(row.report.state), label, late, row.errors)


@dataclass(frozen=True)
class Row:
    agency: Agency
    figures: AgencyFigures
    report: ReportStatus | None  # None in the total
    publication: Timeliness

    @property
    def name(self) -> str:
        return self.agency.name

    @property
    def reviews_total(self) -> int:
        return sum(self.figures.reviews.values())


@dataclass(frozen=True)
class Dashboard:
    year: int
    rows: list[Row]
    total: AgencyFigures
    reports: dict[str, int]  # report status label -> agencies
    publication: Timeliness  # the area's publication clock (第二十六条)

    @property
    def outcome_mix(self) -> list[tuple[str, int]]:
        return [(group.label_zh, self.total.outcomes.get(key, 0)) for key, group in GROUPS.items()]

    @property
    def reviews(self) -> list[tuple[str, int, int, int, int]]:
        """(kind, upheld, corrected, other, pending) over the area."""
        out = []
        for kind in REVIEW_KINDS:
            counts = [self.total.reviews.get((kind.key, r), 0) for r in ("upheld", "corrected", "other", "")]
            out.append((kind.label_zh, counts[0], counts[1], counts[2], counts[3]))
        return out


def total_of(figures: Iterable[AgencyFigures]) -> AgencyFigures:
    total = AgencyFigures()
    for f in figures:
        for field in fields(AgencyFigures):
            value = getattr(f, field.name)
            if isinstance(value, dict):
                mine = getattr(total, field.name)
                for key, n in value.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(total, field.name, getattr(total, field.name) + value)
    return total


def filtered(agencies: Sequence[Agency], *, kind: str = "", level: str = "") -> list[Agency]:
    out = [a for a in agencies if not kind or a.kind == kind]
    if level and level_choices():
        out = [a for a in out if str(getattr(a, LEVEL_FIELD, "")) == level]
    return out


def build(
    agencies: Sequence[Agency], year: int, today: dt.date, calendar: WorkingCalendar, *, sort: str = "name"
) -> Dashboard:
    figures = figures_by_agency([a.pk for a in agencies], year, today, calendar)
    clock = timeliness_by_agency([a.pk for a in agencies], year, today)
    imported = {
        r.agency_id: r
        for r in ImportedReport.objects.filter(agency__in=list(agencies), year=year).order_by("pk")
    }
    rows = [
        Row(
            row.agency,
            figures[row.agency.pk],
            _report_status(row, imported.get(row.agency.pk)),
            clock[row.agency.pk],
        )
        for row in report_rows(agencies, year, today)
    ]
    rows.sort(key=_sort_key(sort), reverse=sort not in ("name", ""))
    reports: dict[str, int] = {}
    for row in rows:
        assert row.report is not None
        reports[row.report.label] = reports.get(row.report.label, 0) + 1
    publication = Timeliness()
    for timeliness in clock.values():
        publication.add(timeliness)
    return Dashboard(year, rows, total_of(figures.values()), reports, publication)


def _sort_key(sort: str):  # type: ignore[no-untyped-def]
    if sort not in SORTS or sort == "name":
        return lambda row: row.name
    if sort in PUBLICATION_SORTS:
        attribute = PUBLICATION_SORTS[sort]
        return lambda row: (True, getattr(row.publication, attribute), row.name)
    return lambda row: (getattr(row.figures, sort) is not None, getattr(row.figures, sort) or 0, row.name)


def trend(
    agencies: Sequence[Agency], years: Sequence[int], today: dt.date
) -> list[tuple[int, AgencyFigures]]:
    """The area's applications received and overdue year by year (for the trend chart), in one query."""
    totals = yearly_totals([a.pk for a in agencies], years, today)
    return [(y, totals[y]) for y in years]
