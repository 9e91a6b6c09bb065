"""The annual report's life, one small service per step: open, edit, check, approve, publish.

Each step checks who may do it and when, and appends an event (who, when, what, the state before and
after, the previous and new values) to the report's append-only log. Before publication any change
sends the report back to drafted, so that what the head approves is exactly what was checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import STAFF_ROLES, roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.annual.drafting import (
    APPLICANT_LABELS,
    draft_sections,
    format_yuan,
    placeholders,
    refresh_figures,
)
from gongkai.annual.formats import format_for_year
from gongkai.annual.rules import Finding
from gongkai.applications.queries import fees_paid
from gongkai.law.dates import date_problem
from gongkai.law.zh import date_zh
from gongkai.proactive import queries as proactive_queries
from gongkai.proactive.checks import agency_terms
from gongkai.proactive.services import settings_for
from gongkai.reports import contributions
from gongkai.reports.due import due_date
from gongkai.reports.models import (
    PROACTIVE_FIELDS,
    TEXT_SECTIONS,
    AnnualReport,
    ReportAction,
    ReportEvent,
    ReportFormat,
    ReportState,
)
from gongkai.reports.previous import read_previous_report, reader_findings
from gongkai.reports.queries import published_on
from gongkai.reports.rendering import render_files
from gongkai.statistics.tables import tables_for
from gongkai.vetting import review_lines
from gongkai.wording import join_messages

# Rules checked here because they need what only the system knows (last year's report, the draft).
RULE_CARRIED_OVER = "carried_over_matches_last_year"
RULE_PLACEHOLDER = "text_placeholder_left"
RULE_IN_FORCE = "in_force_continues_last_year"
RULE_STALE_FIGURES = "text_figures_out_of_date"
RULE_FEES = "fees_match_payments"

ACTION_LABELS: dict[str, str] = {str(action): str(action.label) for action in ReportAction}


class ReportActionError(Exception):
    """A step that may not be taken now or by this person; `str(exc)` is the Chinese reason."""


# --- who may do what -------------------------------------------------------------------------------


def can_edit(user: Any, report: AnnualReport) -> bool:
    return bool(roles_in(user, report.agency_id) & STAFF_ROLES) and report.state != ReportState.PUBLISHED


def can_edit_staff(user: Any, report: AnnualReport) -> bool:
    """The agency's staff, whatever the report's state (submitting a published report, for one)."""
    return bool(roles_in(user, report.agency_id) & STAFF_ROLES)


def can_approve(user: Any, report: AnnualReport) -> bool:
    """Only the head of the disclosure office (负责人) signs off (issue 5)."""
    return Role.HEAD in roles_in(user, report.agency_id)


def _require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise ReportActionError(reason)


# --- the log ---------------------------------------------------------------------------------------


def _append(
    report: AnnualReport,
    actor: Any,
    action: ReportAction,
    from_state: str,
    data: Mapping[str, Any],
    at: dt.datetime | None = None,
) -> None:
    ReportEvent.objects.append(report, action, actor=actor, data=data, from_state=from_state, at=at)


def _locked(report: AnnualReport) -> AnnualReport:
    """The report re-read under a row lock, so that two steps on one report cannot interleave."""
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def _back_to_draft(report: AnnualReport) -> None:
    report.state = ReportState.DRAFTED
    report.snapshot = None
    report.approved_at = None
    report.approved_by = None
    report.override_reason = ""
    # What was submitted is no longer the report: the changed one is submitted again once approved.
    report.submitted_on = None
    report.submitted_to = ""
    report.submitted_by = None


# --- the assembled report --------------------------------------------------------------------------


def proactive_table(report: AnnualReport) -> dict[str, Any]:
    """Table 二 in the report-data contract, from the report's inputs; the regulations and normative
    documents rows counted from the register instead where the agency keeps its register in the system."""
    table: dict[str, dict[str, Any]] = {}
    for field, (row, column) in PROACTIVE_FIELDS.items():
        value = getattr(report, field)
        table.setdefault(row, {})[column] = (
            value if not isinstance(value, Decimal) else _decimal_number(value)
        )
    if proactive_queries.has_register([report.agency_id]):
        table.update(proactive_queries.table_two([report.agency_id], report.year))
    return table


def _decimal_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def computed_tables(report: AnnualReport) -> dict[str, Any]:
    """Tables 二, 三 and 四: 二 from the inputs, 三 and 四 counted from the applications."""
    return {"proactive": proactive_table(report), **tables_for([report.agency_id], report.year)}


def assemble(report: AnnualReport) -> dict[str, Any]:
    """The whole report as the writers and the checks take it: the contract, the fees and the text."""
    return {
        "agency": report.agency.name,
        "year": report.year,
        "format": report.format,
        "tables": computed_tables(report),
        "register": proactive_queries.register_summary([report.agency_id], report.year),
        "fees_yuan": _decimal_number(report.fees_yuan),
        "sections": dict(report.sections),
    }


def previous_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year - 1).first()


def previous_data(report: AnnualReport) -> tuple[dict[str, Any] | None, str]:
    """Last year's report and where it comes from: the system's (as checked) or the uploaded file."""
    prior = previous_report(report)
    if prior is not None and prior.snapshot:
        return prior.snapshot, f"本系统中的{prior.year}年报告"
    if report.previous_upload:
        return report.previous_upload, f"导入的上年报告（{report.previous_upload_name}）"
    return None, ""


# --- opening and editing ---------------------------------------------------------------------------


def _initial_in_force(agency: Agency, year: int) -> dict[str, int]:
    """现行有效件数 carried on from last year's report in the system (before this year's changes)."""
    prior = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    if prior is None:
        return {}
    return {
        "regulations_in_force": prior.regulations_in_force,
        "normative_in_force": prior.normative_in_force,
    }


@transaction.atomic
def open_report(agency: Agency, year: int, actor: Any) -> AnnualReport:
    """The agency's report for `year`, created with its text drafted from the year's data if new.

    Reports are written in the 2021 format, the one in force for 2021 and every year since.
    """
    _require(bool(roles_in(actor, agency.id) & STAFF_ROLES), "只有本机关的工作人员可以编制年度报告。")
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return existing
    _require(
        format_for_year(year) == ReportFormat.F2021 and year <= timezone.localdate().year,
        f"年度“{year}”不对：本系统按2021年格式编制2021年以来、已经开始的年度的报告。",
    )
    report = AnnualReport.objects.create(
        agency=agency,
        year=year,
        format=ReportFormat.F2021,
        fees_yuan=fees_paid(agency.id, year),
        **_initial_in_force(agency, year),
    )
    report.sections = _drafted(report)
    report.save(update_fields=["sections"])
    _append(report, actor, ReportAction.OPEN, "", {"format": report.format})
    return report


def _edit_guard(report: AnnualReport, actor: Any) -> None:
    _require(report.state != ReportState.PUBLISHED, "报告已经发布，不能再修改。")
    _require(can_edit(actor, report), "只有本机关的工作人员可以修改年度报告。")


@transaction.atomic
def update_inputs(
    report: AnnualReport,
    actor: Any,
    values: Mapping[str, Any],
    action: ReportAction = ReportAction.EDIT_INPUTS,
    source: str = "",
) -> None:
    """Change table 二 inputs and the processing fees collected; the report returns to drafted.

    The figures the draft quotes from them are brought up to date in the text (the clerk's own words
    stay as they are).
    """
    report = _locked(report)
    _edit_guard(report, actor)
    editable = {*PROACTIVE_FIELDS, "fees_yuan"}
    changes = {}
    for field, value in values.items():
        _require(field in editable, f"“{field}”不是可以修改的项目。")
        old = getattr(report, field)
        if old != value:
            changes[field] = {"old": str(old), "new": str(value)}
            setattr(report, field, value)
    try:
        report.full_clean(exclude=["agency", "sections", "snapshot", "findings", "previous_upload"])
    except ValidationError as exc:
        raise ReportActionError(join_messages(exc.messages)) from exc
    old_sections = dict(report.sections)
    report.sections = _refreshed_sections(report)
    if not changes and old_sections == report.sections:
        return
    from_state = report.state
    _back_to_draft(report)
    report.save()
    _append(
        report,
        actor,
        action,
        from_state,
        {
            "changes": changes,
            **({"file": source} if source else {}),
            **_text_changes(old_sections, report.sections),
        },
    )


def _refreshed_sections(report: AnnualReport) -> dict[str, str]:
    return refresh_figures(report.sections, assemble(report), previous_data(report)[0])


def _text_changes(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, Any]:
    changed = {k: {"old": old.get(k, ""), "new": v} for k, v in new.items() if old.get(k, "") != v}
    return {"text_changes": changed} if changed else {}


@transaction.atomic
def update_sections(
    report: AnnualReport,
    actor: Any,
    sections: Mapping[str, str],
    action: ReportAction = ReportAction.EDIT_TEXT,
) -> None:
    """Replace the text of some sections; the report returns to drafted."""
    report = _locked(report)
    _edit_guard(report, actor)
    changes = {}
    merged = dict(report.sections)
    for key, text in sections.items():
        text = text.replace("\r\n", "\n").strip()
        if merged.get(key, "") != text:
            changes[key] = {"old": merged.get(key, ""), "new": text}
            merged[key] = text
    if not changes:
        return
    from_state = report.state
    report.sections = merged
    _back_to_draft(report)
    report.save()
    _append(report, actor, action, from_state, {"changes": changes})


@transaction.atomic
def redraft(report: AnnualReport, actor: Any, keys: tuple[str, ...] | None = None) -> None:
    """Draft the text again from the current data (all sections, or only `keys`); replaces the clerk's words."""
    report = AnnualReport.objects.get(pk=report.pk)
    drafted = _drafted(report)
    chosen = {k: v for k, v in drafted.items() if keys is None or k in keys}
    update_sections(report, actor, chosen, ReportAction.REDRAFT)


def _drafted(report: AnnualReport) -> dict[str, str]:
    """The text drafted from the report's data, with what other apps contribute (the office's records)."""
    drafted = draft_sections(assemble(report), previous_data(report)[0])
    return contributions.applied(drafted, report.agency, report.year)


def has_contributions(report: AnnualReport) -> bool:
    return bool(contributions.contributions(report.agency, report.year))


@transaction.atomic
def apply_contributions(report: AnnualReport, actor: Any) -> None:
    """Write the contributed subsections (the government's "监督保障" from the office's records) into the
    text, keeping every other word the clerk wrote."""
    report = AnnualReport.objects.get(pk=report.pk)
    update_sections(
        report,
        actor,
        contributions.applied(report.sections, report.agency, report.year),
        ReportAction.REDRAFT,
    )


@transaction.atomic
def refresh_text(report: AnnualReport, actor: Any) -> None:
    """Bring the figures the text quotes up to date with the data, keeping the clerk's own words."""
    report = AnnualReport.objects.get(pk=report.pk)
    update_sections(report, actor, _refreshed_sections(report), ReportAction.REFRESH_FIGURES)


@transaction.atomic
def save_sections(
    report: AnnualReport,
    actor: Any,
    sections: Mapping[str, str],
    *,
    refresh_figures: bool = False,
    contributed: bool = False,
) -> None:
    """The text page's save: the clerk's sections, and (when asked) the figures they quote brought up to
    date or the contributed subsections written in, in one transaction."""
    update_sections(report, actor, sections)
    if refresh_figures:
        refresh_text(report, actor)
    if contributed:
        apply_contributions(report, actor)


@transaction.atomic
def import_previous(report: AnnualReport, actor: Any, content: bytes, name: str) -> dict[str, Any]:
    """Read last year's published report (Word, PDF, HTML or text) with gongkai's reader and keep it."""
    report = _locked(report)
    _edit_guard(report, actor)
    data = read_previous_report(content, name, report.year - 1)
    report.previous_upload = data
    report.previous_upload_name = name[:200]
    from_state = report.state
    _back_to_draft(report)
    report.save()
    _append(report, actor, ReportAction.IMPORT_PREVIOUS, from_state, {"file": name, "year": data.get("year")})
    return data


# --- checking --------------------------------------------------------------------------------------


def _finding(rule: str, severity: str, message: str, where: str) -> dict[str, str]:
    return Finding(rule, severity, message, where).as_dict()


def carried_over_findings(
    data: Mapping[str, Any], previous: Mapping[str, Any] | None, source: str
) -> list[dict[str, str]]:
    """This year's 上年结转 must equal last year's 结转下年度继续办理, column by column."""
    if previous is None:
        return []
    now = data["tables"]["requests"].get("carried_over") or {}
    before = ((previous.get("tables") or {}).get("requests") or {}).get("carried_forward") or {}
    labels = {**APPLICANT_LABELS, "total": "总计"}
    differences = [
        f"{label}：本年{now.get(key)}件，上年{before.get(key)}件"
        for key, label in labels.items()
        if before.get(key) is not None and now.get(key) != before.get(key)
    ]
    if not differences:
        return []
    return [
        _finding(
            RULE_CARRIED_OVER,
            "error",
            "表三“二、上年结转政府信息公开申请数量”与上年报告的“四、结转下年度继续办理”不一致（"
            + "；".join(differences)
            + f"；上年报告来自{source}）。如因机构调整等原因确有不同，请负责人在批准时写明理由。",
            "tables.requests.carried_over",
        )
    ]


def placeholder_findings(sections: Mapping[str, str]) -> list[dict[str, str]]:
    """Every place in the draft still waiting for the clerk's own prose."""
    return [
        _finding(
            RULE_PLACEHOLDER,
            "error",
            f"正文“{dict(TEXT_SECTIONS).get(key, key)}”中还有待填写的内容：“{hint}”。",
            f"sections.{key}",
        )
        for key, text in sections.items()
        for hint in placeholders(text or "")
    ]


# The report is dated by the system (落款 on the day of the check and of approval): a date in its text after
# that day is the statistical period's end in a draft made before the year is out, not a forged date.
_TEXT_RULES_NOT_FOR_REPORTS = frozenset({"date.future"})


def text_review_findings(
    report: AnnualReport, sections: Mapping[str, str], today: dt.date
) -> list[dict[str, str]]:
    """The publication checks every document goes through (`gongkai.vetting`: secrecy markings, personal
    data, outdated names and regulations, 文号 brackets, punctuation, the agency's own expressions) over
    the report's text, which is published on the public column like any document."""
    terms = agency_terms(settings_for(report.agency))
    out = []
    for key, text in sections.items():
        title = dict(TEXT_SECTIONS).get(key, key)
        for found in review_lines((text or "").splitlines(), today=today, wrapped=False, extra_terms=terms):
            if found.rule in _TEXT_RULES_NOT_FOR_REPORTS:
                continue
            advice = (
                f"建议改为“{found.suggestion}”。"
                if found.suggestion and f"“{found.suggestion}”" not in found.message
                else ""
            )
            message = f"正文“{title}”：{found.message}{advice}"
            out.append(_finding(found.rule, found.severity, message, f"sections.{key}"))
    return out


def stale_figure_findings(report: AnnualReport, data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Drafted paragraphs whose figures are no longer those of the data (registered since, edited)."""
    sections = data.get("sections") or {}
    fresh = _refreshed_sections(report)
    return [
        _finding(
            RULE_STALE_FIGURES,
            "error",
            f"正文“{dict(TEXT_SECTIONS).get(key, key)}”中的数字与最新数据不一致（数据在正文生成后有变化）。"
            "请在“修改正文”页点击“更新正文中的数字”。",
            f"sections.{key}",
        )
        for key, text in sections.items()
        if fresh.get(key, text) != text
    ]


def fee_findings(report: AnnualReport) -> list[dict[str, str]]:
    """The 信息处理费 stated against the payments the system recorded (a ledger import records none)."""
    recorded = fees_paid(report.agency_id, report.year)
    if recorded == report.fees_yuan:
        return []
    return [
        _finding(
            RULE_FEES,
            "warning",
            f"报告填写本年收取信息处理费{format_yuan(report.fees_yuan)}元，系统中记录的本年缴费合计"
            f"{format_yuan(recorded)}元，请核对。",
            "fees_yuan",
        )
    ]


def in_force_findings(report: AnnualReport) -> list[dict[str, str]]:
    """现行有效 = last year's 现行有效 + issued − repealed, when last year's report is in the system."""
    prior = previous_report(report)
    if prior is None:
        return []
    out = []
    for row, label in (("regulations", "规章"), ("normative", "行政规范性文件")):
        expected = (
            getattr(prior, f"{row}_in_force")
            + getattr(report, f"{row}_issued")
            - getattr(report, f"{row}_repealed")
        )
        actual = getattr(report, f"{row}_in_force")
        if actual != expected:
            out.append(
                _finding(
                    RULE_IN_FORCE,
                    "warning",
                    f"表二{label}“现行有效件数”为{actual}件，按上年{prior.year}年报告的{getattr(prior, f'{row}_in_force')}件"
                    f"加本年制发、减本年废止应为{expected}件，请核对。",
                    f"tables.proactive.{'regulations' if row == 'regulations' else 'normative_documents'}.in_force",
                )
            )
    return out


def all_findings(report: AnnualReport, data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every check of the reader on the assembled report, text included, and the system's own."""
    previous, source = previous_data(report)
    return [
        *reader_findings(data),
        *carried_over_findings(data, previous, source),
        *placeholder_findings(data.get("sections") or {}),
        *text_review_findings(report, data.get("sections") or {}, timezone.localdate()),
        *stale_figure_findings(report, data),
        *in_force_findings(report),
        *fee_findings(report),
    ]


@transaction.atomic
def check(report: AnnualReport, actor: Any, at: dt.datetime | None = None) -> list[dict[str, str]]:
    """Assemble the report, run every check, keep the findings and the checked data.

    The report is dated (落款) on the day of the check, and again on the day of approval.
    """
    at = at or timezone.now()
    report = _locked(report)
    _edit_guard(report, actor)
    data = {**assemble(report), "signed_on": timezone.localtime(at).date().isoformat()}
    findings = all_findings(report, data)
    from_state = report.state
    report.state = ReportState.CHECKED
    report.snapshot = data
    report.findings = findings
    report.checked_at = at
    report.approved_at = None
    report.approved_by = None
    report.override_reason = ""
    report.save()
    errors = sum(1 for f in findings if f["severity"] == "error")
    _append(report, actor, ReportAction.CHECK, from_state, {"errors": errors, "findings": findings}, at)
    return findings


# --- approval and publication ----------------------------------------------------------------------


@transaction.atomic
def approve(
    report: AnnualReport, actor: Any, override_reason: str = "", at: dt.datetime | None = None
) -> None:
    """The head signs off the checked report; an error finding needs a written reason to override."""
    at = at or timezone.now()
    report = _locked(report)
    _require(can_approve(actor, report), "只有本机关的负责人可以批准年度报告。")
    _require(report.state == ReportState.CHECKED, "报告须先检查，检查后才能批准。")
    reason = override_reason.strip()
    errors = [f for f in report.findings if f.get("severity") == "error"]
    _require(
        not errors or bool(reason),
        f"检查发现{len(errors)}处错误，须改正后重新检查；如确需带错误批准，请写明理由。",
    )
    report.state = ReportState.APPROVED
    report.approved_at = at
    assert report.snapshot is not None
    report.snapshot = {**report.snapshot, "signed_on": timezone.localtime(at).date().isoformat()}
    report.approved_by = actor
    report.override_reason = reason if errors else ""
    report.save()
    data: dict[str, Any] = {"errors": len(errors)}
    if errors:
        data["override_reason"] = reason
    _append(report, actor, ReportAction.APPROVE, ReportState.CHECKED, data, at)


@transaction.atomic
def publish(report: AnnualReport, actor: Any, at: dt.datetime | None = None) -> None:
    """Publish the approved report on the agency's public page, as HTML, Word and PDF."""
    report = _locked(report)
    _require(report.state == ReportState.APPROVED, "报告须经负责人批准后才能发布。")
    _require(bool(roles_in(actor, report.agency_id) & STAFF_ROLES), "只有本机关的工作人员可以发布年度报告。")
    assert report.snapshot is not None
    current = computed_tables(report)
    _require(
        current == report.snapshot["tables"],
        "检查之后申请数据或表二数据有变化，报告中的表格已不是最新的：请重新检查并报负责人批准。",
    )
    html, docx, pdf = render_files(report.snapshot)
    report.published_html = html
    report.published_docx = docx
    report.published_pdf = pdf
    report.published_at = at or timezone.now()
    report.state = ReportState.PUBLISHED
    report.save()
    published = {"published_on": str(published_on(report))}
    _append(report, actor, ReportAction.PUBLISH, ReportState.APPROVED, published, at)


# --- submission to the supervising office (第四十九条) ------------------------------------------------

SUBMITTABLE = frozenset({ReportState.APPROVED, ReportState.PUBLISHED})


def supervising_office(agency: Agency) -> str:
    """Whom an agency submits its report to, as the form suggests it: the disclosure supervising office of
    the people's government it belongs to (第四十九条: 本级政府信息公开工作主管部门)."""
    government = agency.government_name or (agency.parent.name if agency.parent_id else "")  # type: ignore[union-attr]
    return f"{government}政府信息公开工作主管部门" if government else ""


@transaction.atomic
def submit(report: AnnualReport, actor: Any, on: dt.date, *, to: str, method: str = "") -> None:
    """Record that the approved (or published) report was submitted to the supervising office on `on`
    (第四十九条: 每年1月31日前…提交), to whom and how; late when after the report's due date."""
    report = _locked(report)
    _require(can_edit_staff(actor, report), "只有本机关的工作人员可以报送年度报告。")
    _require(report.state in SUBMITTABLE, "报告须经负责人批准后才能报送主管部门。")
    if report.submitted_on is not None:
        raise ReportActionError(f"报告已于{date_zh(report.submitted_on)}报送{report.submitted_to}。")
    _require(bool(to.strip()), "请写明报送的政府信息公开工作主管部门。")
    approved = timezone.localtime(report.approved_at).date() if report.approved_at else None
    problem = date_problem(
        on, timezone.localdate(), label="报送日期", not_before=approved, not_before_label="批准"
    )
    _require(problem is None, problem or "")
    due = due_date(report.agency.kind, report.year)
    report.submitted_on, report.submitted_to, report.submitted_by = on, to.strip(), actor
    report.save(update_fields=["submitted_on", "submitted_to", "submitted_by", "updated_at"])
    data = {"submitted_on": on.isoformat(), "to": to.strip(), "method": method.strip(), "late": on > due}
    _append(report, actor, ReportAction.SUBMIT, report.state, data)
