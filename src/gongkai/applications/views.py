"""Pages of the applications: list, registration, an application with its timeline, steps, letters.

Views read the request, call `services` and `queries`, and render; every object is looked up through
`visible_applications(user)`, so another agency's application is a 404 whatever its id.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.access import memberships_of, roles_in, visible_agency_ids
from gongkai.agencies.models import Agency, Role
from gongkai.annual.writers.formulas import csv_row
from gongkai.applications import detail_html, export, letter_files, letters, queries, services
from gongkai.applications.actions import Action, action_label
from gongkai.applications.clock import Clock, provisional_notice
from gongkai.applications.deadlines import due_status, is_provisional, shown_deadlines
from gongkai.applications.forms import (
    AttachmentForm,
    ConcludeForm,
    LedgerImportForm,
    LetterForm,
    ReasonForm,
    ReassignForm,
    RegisterForm,
    ReviewCaseForm,
    ReviewCorrectForm,
    VoidLetterForm,
    step_form,
)
from gongkai.applications.ledger import import_ledger
from gongkai.applications.list_rows import agency_options, rows_html, state_options
from gongkai.applications.models import Application, Letter, State
from gongkai.applications.privacy import may_see_personal_data, personal_data
from gongkai.applications.timeline import timeline
from gongkai.applications.workflow import TRANSITIONS, available, outcome_label, refusal
from gongkai.core import params as query_params
from gongkai.core.calendar import provisional_year, system_calendar
from gongkai.core.people import person_name
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.receipt import channel as receipt_channel
from gongkai.law.zh import date_zh
from gongkai.ledger import LedgerError

PAGE_SIZE = 50


_T = TypeVar("_T")


@dataclass(frozen=True)
class SearchPage:
    """A page of search results known only to have a next page or not (no COUNT of every match)."""

    number: int
    object_list: list[Application]
    has_next: bool

    @classmethod
    def of(cls, queryset: Any, requested: str | None, size: int) -> SearchPage:
        number = query_params.page({"page": requested or ""})
        start = (number - 1) * size
        found = list(queryset[start : start + size + 1])
        return cls(number, found[:size], len(found) > size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


# The request's memberships, read once by `_application` for both the visibility and the roles: the
# request object lives for one request only, so nothing can go stale across requests.
_MEMBERSHIPS = "_gongkai_memberships"


def _application(request: HttpRequest, pk: int) -> Application:
    held = request.__dict__[_MEMBERSHIPS] = memberships_of(request.user)
    application = queries.visible_application(request.user, pk, held)
    if application is None:
        raise Http404("No Application matches the given query.")
    return application


def _roles(request: HttpRequest, application: Application) -> frozenset[str]:
    return roles_in(request.user, application.agency_id, request.__dict__.get(_MEMBERSHIPS))


def _require_staff(request: HttpRequest, application: Application) -> None:
    """Supervisors and others who only read get a 404 for every page that changes something."""
    if not _roles(request, application) & {Role.CLERK, Role.REVIEWER, Role.HEAD}:
        raise Http404


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = queries.Filters.from_params(request.GET)
    held = memberships_of(request.user)  # read once for the visibility and the register link
    visible = visible_agency_ids(request.user, held)  # and these for the applications and the agencies
    queryset = queries.filtered(queries.applications_of(visible), filters, today)
    # No join with the agencies: PostgreSQL misjudges how many rows a substring search keeps and would
    # join every match before sorting; the page's few agencies are read separately (_with_agencies).
    ordered = queryset.order_by(*queries.LIST_ORDER).only(*queries.LIST_COLUMNS)
    # A search is not counted: counting a substring search reads every application of the agency again.
    page: Any = (
        SearchPage.of(ordered, request.GET.get("page"), PAGE_SIZE)
        if filters.q
        else Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    )
    applications = _page_applications(page, visible, filters)
    calendar = system_calendar()
    # The filter's agencies: the page's rows are among them (the same visible agencies), so that they
    # are not read a second time
    agencies = queries.agencies_of(visible)
    rows = [_row(a, today, calendar) for a in _with_agencies(applications, agencies)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "rows": rows,
            "rows_html": rows_html(rows),
            "filters": filters,
            "agencies": agencies,
            "agency_options": agency_options(agencies, filters.agency),
            "states": State.choices,
            "state_options": state_options(State.choices, filters.state),
            "query": query.urlencode(),
            "can_register": queries.may_register(request.user, held),
        },
    )


def _page_applications(page: Any, visible: set[int], filters: queries.Filters) -> list[Application]:
    """The page's applications: the first page of a list that is not searched read with SQL compiled once
    (`queries.first_page`), as many as the page holds; the others by the ORM."""
    if isinstance(page, SearchPage) or page.number != 1:
        return list(page.object_list)
    first = queries.first_page(visible, filters, PAGE_SIZE)
    return list(page.object_list) if first is None else first[: page.end_index()]


def _with_agencies(applications: list[Application], known: list[Agency]) -> list[Application]:
    """The applications with their agencies attached: from `known`, the others read in one query."""
    agencies = {agency.pk: agency for agency in known}
    missing = {a.agency_id for a in applications} - agencies.keys()
    if missing:
        agencies.update(Agency.objects.in_bulk(missing))
    for application in applications:
        application.agency = agencies[application.agency_id]
    return applications


def _row(application: Application, today: dt.date, calendar: WorkingCalendar) -> dict[str, Any]:
    status = due_status(application, today, queries.soon_working_days(), calendar)
    return {
        "application": application,
        "applicant": personal_data(application, full=False)["applicant_name"],
        "status": status,
        "status_label": queries.URGENCY_LABELS[status],
        "provisional": is_provisional(application, calendar),
        "outcome_label": outcome_label(application.outcome) if application.outcome else "",
    }


EXPORT_HEADERS = (
    "申请编号",
    "机关",
    "申请人（脱敏）",
    "申请人类型",
    "收到申请之日",
    "答复期限",
    "答复期限是否暂定",
    "状态",
    "办结日期",
    "办理结果",
)


@login_required
def application_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (UTF-8 with BOM for Excel); personal data always masked."""
    today = timezone.localdate()
    filters = queries.Filters.from_params(request.GET)
    queryset = queries.filtered(queries.visible_applications(request.user), filters, today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"政府信息公开申请列表 {today}.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADERS)
    calendar = system_calendar()
    for a in queryset.select_related("agency").order_by("agency__name", "received_on", "pk").iterator():
        writer.writerow(
            csv_row(
                a.number,
                a.agency.name,
                personal_data(a, full=False)["applicant_name"],
                a.get_applicant_category_display(),
                a.received_on.isoformat(),
                a.reply_due.isoformat() if a.reply_due else "",
                "暂定" if is_provisional(a, calendar) else "",
                State(a.state).label if a.state in State.values else a.state,
                a.closed_on.isoformat() if a.closed_on else "",
                outcome_label(a.outcome) if a.outcome else "",
            )
        )
    return response


@login_required
def application_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered list as the office's 台账 in Excel: every column a clerk keeps."""
    today = timezone.localdate()
    filters = queries.Filters.from_params(request.GET)
    queryset = queries.filtered(queries.visible_applications(request.user), filters, today)
    title = f"政府信息公开申请台账（{date_zh(today)}导出）"
    content = export.workbook(export.ledger_rows(queryset, request.user, today, system_calendar()), title)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"政府信息公开申请台账 {today}.xlsx")
    return response


@login_required
def application_register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(
        request.POST or None,
        request.FILES or None,
        agencies=queries.register_agencies(request.user),
        read=lambda: queries.registering(request.user),
    )
    # A valid form names an agency where the user registers; otherwise someone who registers nowhere
    # gets a 404 (asked after the form is checked, so that a submission reads the agencies once).
    if (request.method != "POST" or not form.is_valid()) and not form.offers_agency():
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        date_field = receipt_channel(data["channel"]).date_field

        def register() -> Application:
            return services.register_application(
                data["agency"],
                request.user,
                channel=data["channel"],
                arrival={date_field: data["arrival"]},
                applicant=services.Applicant(
                    category=data["applicant_category"],
                    name=data["applicant_name"],
                    id_number=data["id_number"],
                    id_type=data["id_type"] or "resident_id",
                    credit_code=data["credit_code"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                ),
                request=services.Request(data["content"], data["form_wanted"], data["delivery_wanted"]),
                number=data["number"].strip(),
                attachment=data.get("attachment") or None,
                arrived_on=data.get("arrived_on"),
            )

        application = _submit(
            form, register, {"received_on": "arrival", "file": "attachment", "arrived_on": "arrived_on"}
        )
        if application is not None:
            due = date_zh(application.reply_due) if application.reply_due else _("暂无法计算")
            if is_provisional(application, system_calendar()):
                due += _("（暂定）")
            messages.success(
                request,
                _("已登记申请 %(number)s，答复期限为%(due)s。") % {"number": application.number, "due": due},
            )
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/register.html", {"form": form})


def _form_errors(form: Any, errors: dict[str, str], renames: dict[str, str] | None = None) -> None:
    for field, message in errors.items():
        name = (renames or {}).get(field, field)
        form.add_error(name if name in form.fields else None, message)


def _submit(form: Any, call: Callable[[], _T], renames: dict[str, str] | None = None) -> _T | None:
    """What the service call returns, or None when it refused: its reasons are then the form's errors."""
    try:
        return call()
    except services.InvalidInput as exc:
        _form_errors(form, exc.errors, renames)
    except services.StepRefused as exc:
        form.add_error(None, str(exc))
    return None


def _provisional_notice(calendar: WorkingCalendar) -> str:
    year = provisional_year(calendar)
    return provisional_notice(year) if year is not None else ""


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    today = timezone.localdate()
    roles = _roles(request, application)
    full = may_see_personal_data(request.user, application)
    # The log read once for the clock, the last step and the timeline.
    events = list(application.events.select_related("actor").order_by("seq"))
    clock = Clock.of(application, system_calendar(), [(e.seq, e.action, e.data) for e in events])
    staff = roles & {Role.CLERK, Role.REVIEWER, Role.HEAD}
    last = services.last_step(application, events) if staff else None
    person = personal_data(application, full=full)
    deadlines = shown_deadlines(application, clock, today, queries.soon_working_days())
    notice = _provisional_notice(clock.calendar)
    actions = available(application, roles, today, clock)
    entries = timeline(application, events)
    label = outcome_label(application.outcome) if application.outcome else ""
    late = _confirmation_late(application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "person": person,
            "full_personal_data": full,
            "deadlines": deadlines,
            "provisional_notice": notice,
            "actions": actions,
            "events": entries,
            # The page's repetitive parts written in Python (detail_html; the same HTML as the template).
            "actions_html": detail_html.actions_html(application, actions),
            "facts_html": detail_html.facts_html(application, person, label, late),
            "deadlines_html": detail_html.deadlines_html(deadlines, notice),
            "timeline_html": detail_html.timeline_html(entries),
            "letters": queries.LETTERS.objects(application.pk),  # nothing of their steps is shown
            # Every attachment is noted in the log as it is stored (attachments.store): none noted, none
            # to read.
            "attachments": queries.ATTACHMENTS.objects(application.pk)
            if full and any(e.action == Action.ADD_ATTACHMENT for e in events)
            else [],
            "review_cases": queries.REVIEW_CASES.objects(application.pk),
            "can_edit": bool(roles & {Role.CLERK, Role.REVIEWER, Role.HEAD}),
            "can_reassign": bool(roles & services.REASSIGNERS) and application.state != State.FILED,
            "attachment_form": AttachmentForm(),
            "outcome_label": label,
            "confirmation_late": late,
            "undo_label": action_label(last.action)
            if last is not None and services.may_undo(request.user, application, last, roles)
            else "",
        },
    )


def _confirmation_late(application: Application) -> int:
    """Working days from the application's arrival to its confirmation (第三十一条: the same day)."""
    arrived, confirmed = application.arrived_on, application.confirmed_on
    if arrived is None or confirmed is None or confirmed <= arrived:
        return 0
    try:
        return system_calendar().working_days_between(arrived, confirmed)
    except CalendarMissingError:
        return (confirmed - arrived).days


# The steps whose page shows what is being approved: the letters as they will be sent, the clerk's
# reasoning, the case's history.
NOT_HELD_FIELDS = ("not_held_kind", "search_made", "responsible_agency", "responsible_contact")
APPROVAL_STEPS = frozenset({"review_decision", "approve_decision", "return_draft"})
# A step's form starts from an earlier step's details: a redraft from the returned draft, the head's
# extension from the clerk's request.
PREFILLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "draft_decision": (
        "draft_decision",
        ("outcome", "reasons", "delivery", "public_interest", "no_consultation_reason", *NOT_HELD_FIELDS),
    ),
    "approve_extension": ("request_extension", ("reason",)),
}


def _prefill(application: Application, action: str) -> dict[str, Any]:
    source, fields = PREFILLS.get(action, ("", ()))
    if not source or (action == "draft_decision" and application.state != State.RETURNED):
        return {}
    details = queries.latest_details(application, source)
    return {name: details[name] for name in fields if details.get(name)}


def _step_context(request: HttpRequest, application: Application, action: str) -> dict[str, Any]:
    """What the step's page shows besides its form."""
    context: dict[str, Any] = {}
    if action in APPROVAL_STEPS:
        draft = queries.latest_details(application, "draft_decision")
        if draft.get("outcome"):
            draft["outcome_label"] = outcome_label(draft["outcome"])
        context.update(
            draft=draft,
            decision_letters=letters.current_decision_letters(application),
            show_letters=may_see_personal_data(request.user, application),
            events=timeline(application),
        )
    if action == "draft_decision" and application.state == State.RETURNED:
        context["returned"] = queries.latest_details(application, "return_draft")
    if action == "approve_extension":
        context["requested"] = queries.latest_details(application, "request_extension")
    return context


@login_required
def application_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A workflow step: GET shows its form, POST carries it out through the service of the same name."""
    application = _application(request, pk)
    _require_staff(request, application)
    transition = TRANSITIONS.get(action)
    if transition is None or action == "register":
        raise Http404
    posted = request.POST if request.method == "POST" else None
    form = step_form(action, posted, application, initial=None if posted else _prefill(application, action))
    if request.method == "POST" and form.is_valid():
        service = getattr(services, action)
        if _submit(
            form, lambda: service(application, request.user, form.cleaned_data["on"], **form.service_kwargs())
        ):
            messages.success(request, _("已完成：%(label)s。") % {"label": _(transition.label)})
            return redirect("applications:detail", pk=application.pk)
    reason = None
    if request.method == "GET":
        clock = Clock.of(application, system_calendar())
        reason = refusal(transition, application, _roles(request, application), timezone.localdate(), clock)
    return render(
        request,
        "applications/step.html",
        {
            "application": application,
            "transition": transition,
            "form": form,
            "refusal": reason,
            **_step_context(request, application, action),
        },
    )


@login_required
def application_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """The head or the agency administrator makes another clerk the application's handler."""
    application = _application(request, pk)
    if not _roles(request, application) & services.REASSIGNERS:
        raise Http404
    form = ReassignForm(request.POST or None, clerks=services.clerks_of(application.agency_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _submit(
            form,
            lambda: services.reassign_handler(
                application, request.user, data["handler"], data["on"], reason=data["reason"]
            ),
        ):
            messages.success(request, _("经办人已更换为%(name)s。") % {"name": person_name(data["handler"])})
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/reassign.html", {"application": application, "form": form})


@login_required
def application_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the last step taken by mistake, with the reason: the head, or whoever took it."""
    application = _application(request, pk)
    _require_staff(request, application)
    step = services.last_step(application)
    if step is None or not services.may_undo(request.user, application, step):
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _submit(form, lambda: services.undo_last_step(application, request.user, reason=reason)):
            messages.success(request, _("已撤销：%(label)s。") % {"label": action_label(step.action)})
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/undo.html",
        {"application": application, "step": step, "step_label": action_label(step.action), "form": form},
    )


def _letter(request: HttpRequest, pk: int, letter_id: int) -> Letter:
    application = _application(request, pk)
    return get_object_or_404(application.letters.select_related("agency", "application"), pk=letter_id)


@login_required
def letter_detail(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    letter = _letter(request, pk, letter_id)
    application = letter.application
    roles = _roles(request, application)
    editable = not letter.is_issued and not letter.withdrawn and bool(roles & {Role.CLERK, Role.HEAD})
    signed_on_approval = letter.kind in letters.SIGNED_ON_APPROVAL
    form = LetterForm(request.POST or None, initial={"recipient": letter.recipient, "body": letter.body})
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            try:
                services.edit_letter(
                    letter,
                    request.user,
                    body=form.cleaned_data["body"],
                    recipient=form.cleaned_data["recipient"],
                )
            except services.StepRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("告知书已保存。"))
                return redirect("applications:letter", pk=pk, letter_id=letter.pk)
    full = may_see_personal_data(request.user, application)
    return render(
        request,
        "applications/letter.html",
        {
            "application": application,
            "letter": letter,
            "title": letter_files.title(letter),
            "form": form if editable else None,
            "can_issue": editable and not signed_on_approval,
            "signed_on_approval": signed_on_approval and not letter.is_issued and not letter.withdrawn,
            "can_void": letter.is_issued and not letter.is_voided and Role.HEAD in roles,
            "void_form": VoidLetterForm(),
            "show_body": full,
        },
    )


@login_required
@require_POST
def letter_void(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    """The head voids a signed letter, with the reason; it stays in the history."""
    letter = _letter(request, pk, letter_id)
    if Role.HEAD not in _roles(request, letter.application):
        raise Http404
    form = VoidLetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明作废的理由。"))
    else:
        try:
            services.void_letter(
                letter, request.user, timezone.localdate(), reason=form.cleaned_data["reason"]
            )
        except services.StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已作废：%(number)s。") % {"number": letter.number_label})
    return redirect("applications:letter", pk=pk, letter_id=letter.pk)


@login_required
@require_POST
def letter_issue(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    letter = _letter(request, pk, letter_id)
    if not _roles(request, letter.application) & {Role.CLERK, Role.HEAD}:
        raise Http404
    try:
        issued = services.issue_letter(letter, request.user, timezone.localdate())
    except services.StepRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已签发：%(number)s。") % {"number": issued.number_label})
    return redirect("applications:letter", pk=pk, letter_id=letter.pk)


@login_required
def letter_file(request: HttpRequest, pk: int, letter_id: int, suffix: str) -> HttpResponseBase:
    """The letter as .docx or .pdf — for the staff handling it (it carries the applicant's particulars)."""
    letter = _letter(request, pk, letter_id)
    if not may_see_personal_data(request.user, letter.application):
        raise Http404
    if suffix == "docx":
        content = letter_files.render_docx(letter)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        try:
            content = letter_files.render_pdf(letter)
        except services.LetterError as exc:
            messages.error(request, str(exc))
            return redirect("applications:letter", pk=pk, letter_id=letter.pk)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, letter_files.filename(letter, suffix))
    return response


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _require_staff(request, application)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(application, request.user, form.cleaned_data["file"])
        except services.StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("附件已上传。"))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("applications:detail", pk=pk)


@login_required
def attachment_file(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    application = _application(request, pk)
    if not may_see_personal_data(request.user, application):
        raise Http404
    attachment = get_object_or_404(application.attachments, pk=attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def review_case_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _require_staff(request, application)
    form = ReviewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _submit(
            form,
            lambda: services.record_review_case(
                application,
                request.user,
                number=data["number"],
                kind=data["kind"],
                received_on=data["received_on"],
                concluded_on=data["concluded_on"],
                result=data["result"] or "",
            ),
        ):
            messages.success(request, _("已登记复议/诉讼案件。"))
            return redirect("applications:detail", pk=pk)
    return render(request, "applications/review_case.html", {"application": application, "form": form})


@login_required
def review_case_conclude(request: HttpRequest, pk: int, case_id: int) -> HttpResponse:
    application = _application(request, pk)
    _require_staff(request, application)
    case = get_object_or_404(application.review_cases, pk=case_id)
    form = ConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        concluded = _submit(
            form,
            lambda: services.conclude_review_case(
                case,
                request.user,
                concluded_on=form.cleaned_data["concluded_on"],
                result=form.cleaned_data["result"],
            ),
        )
        if concluded is not None:
            messages.success(request, _("已登记案件结果。"))
            return redirect("applications:detail", pk=pk)
    return render(
        request, "applications/review_case.html", {"application": application, "form": form, "case": case}
    )


def _open_case(request: HttpRequest, pk: int, case_id: int) -> tuple[Application, Any]:
    """The application (for its staff) and one of its review cases that is not voided."""
    application = _application(request, pk)
    _require_staff(request, application)
    return application, get_object_or_404(application.review_cases, pk=case_id, voided_on__isnull=True)


def _case_values(case: Any) -> dict[str, Any]:
    return {f: getattr(case, f) for f in ("number", "kind", "received_on", "concluded_on", "result")}


@login_required
def review_case_correct(request: HttpRequest, pk: int, case_id: int) -> HttpResponse:
    """Correct a review case recorded wrongly (or void it: the second form of the page)."""
    application, case = _open_case(request, pk, case_id)
    form = ReviewCorrectForm(request.POST or None, initial=_case_values(case))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["result"] = values["result"] or ""
        if _submit(form, lambda: services.correct_review_case(case, request.user, **values)):
            messages.success(request, _("案件已更正。"))
            return redirect("applications:detail", pk=pk)
    context = {"application": application, "form": form, "case": case, "void_form": ReasonForm(prefix="void")}
    return render(request, "applications/review_correct.html", context)


@login_required
@require_POST
def review_case_void(request: HttpRequest, pk: int, case_id: int) -> HttpResponse:
    """Void a review case recorded by mistake, with the reason."""
    application, case = _open_case(request, pk, case_id)
    void_form = ReasonForm(request.POST, prefix="void")
    if void_form.is_valid():
        reason = void_form.cleaned_data["reason"]
        if _submit(void_form, lambda: services.void_review_case(case, request.user, reason=reason)):
            messages.success(request, _("案件已作废。"))
            return redirect("applications:detail", pk=pk)
    form = ReviewCorrectForm(initial=_case_values(case))
    context = {"application": application, "form": form, "case": case, "void_form": void_form}
    return render(request, "applications/review_correct.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest) -> HttpResponse:
    """Import an agency's ledger (and review cases) from Excel or CSV: all or nothing, errors by row."""
    user: Any = request.user
    agencies = queries.import_agencies(user)
    if not agencies.exists() and not user.is_superuser:
        raise Http404("只有机关的经办人、负责人或管理员可以导入台账。")
    posted = request.method == "POST"
    form = LedgerImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        agencies=agencies,
        may_create=user.is_superuser,
    )
    context: dict[str, Any] = {"form": form, "errors": []}
    if not posted:
        return render(request, "applications/ledger_import.html", context)
    if form.is_valid():
        try:
            summary = import_ledger(
                form.agency_name(), form.ledger_file(), form.import_file("reviews"), actor=user
            )
        except LedgerError as exc:
            context["errors"] = exc.errors
        else:
            messages.success(request, "台账导入完成。" + summary.describe().replace("\n", "；"))
            imported = Agency.objects.get(name=summary.agency)
            return redirect(f"{reverse('statistics:statistics')}?agency={imported.pk}")
    return render(request, "applications/ledger_import.html", context, status=400)
