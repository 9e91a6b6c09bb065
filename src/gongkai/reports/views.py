"""Pages of the annual report: the agency's list, one report's page and its steps, the public pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.access import staff_agencies, visible_agency_ids
from gongkai.agencies.models import Role
from gongkai.annual.document import ReadError
from gongkai.annual.drafting import format_yuan
from gongkai.applications.queries import fees_paid
from gongkai.reports import services
from gongkai.reports.due import due_status
from gongkai.reports.excel import InputsImportError, build_template, read_inputs
from gongkai.reports.forms import (
    ApproveForm,
    InputsForm,
    OpenReportForm,
    SectionsForm,
    SubmitForm,
    UploadForm,
)
from gongkai.reports.models import TEXT_SECTIONS, AnnualReport, ReportAction, ReportState
from gongkai.reports.queries import input_sources, published_on
from gongkai.reports.rendering import preview_html, render_file
from gongkai.wording import join_messages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

STEPS: tuple[tuple[str, str], ...] = (
    (ReportState.DRAFTED, "1 填写数据、修改正文"),
    (ReportState.CHECKED, "2 检查"),
    (ReportState.APPROVED, "3 负责人批准"),
    (ReportState.PUBLISHED, "4 发布"),
)


def _report_for(request: HttpRequest, pk: int) -> AnnualReport:
    """The report if the user may see its agency; 404 otherwise, so that ids reveal nothing."""
    return get_object_or_404(
        AnnualReport.objects.select_related("agency", "approved_by"),
        pk=pk,
        agency_id__in=visible_agency_ids(request.user),
    )


def _last_year() -> int:
    return timezone.localdate().year - 1


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    visible = visible_agency_ids(request.user)
    reports = AnnualReport.objects.filter(agency_id__in=visible).select_related("agency")
    today = timezone.localdate()
    rows = [
        (report, due_status(report.agency.kind, report.year, published_on(report), today))
        for report in reports
    ]
    agencies = staff_agencies(request.user)
    form = OpenReportForm(agencies=agencies, initial={"year": _last_year()})
    supervises = request.user.is_superuser or request.user.memberships.filter(role=Role.SUPERVISOR).exists()  # type: ignore[union-attr]
    return render(
        request,
        "reports/list.html",
        {"rows": rows, "form": form, "can_open": agencies.exists(), "supervises": supervises},
    )


@login_required
@require_POST
def report_open(request: HttpRequest) -> HttpResponse:
    form = OpenReportForm(request.POST, agencies=staff_agencies(request.user))
    if not form.is_valid():
        messages.error(request, "请选择本机关并填写正确的年度。")
        return redirect("reports:list")
    try:
        report = services.open_report(form.cleaned_data["agency"], form.cleaned_data["year"], request.user)
    except services.ReportActionError as exc:
        messages.error(request, str(exc))
        return redirect("reports:list")
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    status = due_status(report.agency.kind, report.year, published_on(report), timezone.localdate())
    previous, previous_source = services.previous_data(report)
    state_order = [s for s, _label in STEPS]
    context: dict[str, Any] = {
        "report": report,
        "status": status,
        "steps": [
            (label, state_order.index(state) <= state_order.index(report.state)) for state, label in STEPS
        ],
        "can_edit": services.can_edit(request.user, report),
        "can_approve": services.can_approve(request.user, report) and report.state == ReportState.CHECKED,
        "can_publish": services.can_edit(request.user, report) and report.state == ReportState.APPROVED,
        "events": report.events.select_related("actor"),
        "action_labels": services.ACTION_LABELS,
        "previous_source": previous_source,
        "has_previous": previous is not None,
        "approve_form": ApproveForm(),
        "can_submit": services.can_edit_staff(request.user, report)
        and report.state in services.SUBMITTABLE
        and report.submitted_on is None,
        "submit_form": SubmitForm(
            initial={"on": timezone.localdate(), "to": services.supervising_office(report.agency)}
        ),
        "submission_late": report.submitted_on is not None and report.submitted_on > status.due,
        "upload_form": UploadForm(),
        "preview": preview_html(report.snapshot if report.snapshot else services.assemble(report)),
    }
    return render(request, "reports/detail.html", context)


def _editable(request: HttpRequest, pk: int) -> AnnualReport:
    report = _report_for(request, pk)
    if not services.can_edit(request.user, report):
        raise Http404
    return report


@login_required
def report_inputs(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    form = InputsForm(request.POST or None, instance=AnnualReport.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_inputs(report, request.user, {f: form.cleaned_data[f] for f in form.Meta.fields})
        except services.ReportActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "表二数据和信息处理费已保存，正文中引用的数字已同时更新。")
            return redirect("reports:detail", pk=report.pk)
    prior = services.previous_report(report)
    recorded = format_yuan(fees_paid(report.agency_id, report.year))
    return render(
        request,
        "reports/inputs.html",
        {
            "report": report,
            "form": form,
            "prior": prior,
            "upload_form": UploadForm(),
            "recorded_fees": recorded,
            "sources": input_sources(report),
        },
    )


@login_required
@require_POST
def report_inputs_import(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, join_messages(e for errors in form.errors.values() for e in errors))
        return redirect("reports:inputs", pk=report.pk)
    try:
        upload = form.cleaned_data["file"]
        values = read_inputs(upload.read())
        services.update_inputs(
            report, request.user, values, action=ReportAction.IMPORT_INPUTS, source=upload.name or ""
        )
    except (InputsImportError, services.ReportActionError) as exc:
        errors = exc.messages if isinstance(exc, InputsImportError) else [str(exc)]
        return render(request, "reports/import_errors.html", {"report": report, "errors": errors}, status=400)
    messages.success(request, "已从Excel导入表二数据和信息处理费，正文中引用的数字已同时更新。")
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_inputs_template(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    response = HttpResponse(build_template(report), content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{report.agency.name}{report.year}年报告表二模板.xlsx")
    return response


@login_required
def report_text(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    form = SectionsForm(request.POST or None, initial=report.sections)
    if request.method == "POST" and form.is_valid():
        if "redraft" in request.POST:
            services.redraft(report, request.user)
            messages.success(request, "已按最新数据重新生成正文草稿（原来的文字保存在操作记录中）。")
            return redirect("reports:text", pk=report.pk)
        refresh = "refresh" in request.POST  # what the clerk just typed is kept; only the figures change
        sections = {k: form.cleaned_data[k] for k, _label in TEXT_SECTIONS}
        if "contributions" in request.POST:  # likewise, with the office's records written in
            services.save_sections(report, request.user, sections, contributed=True)
            messages.success(request, "已按监督记录更新“监督保障”部分，您写的其他文字没有改动。")
            return redirect("reports:text", pk=report.pk)
        services.save_sections(report, request.user, sections, refresh_figures=refresh)
        if refresh:
            messages.success(request, "正文中的数字已按最新数据更新，您写的文字没有改动。")
            return redirect("reports:text", pk=report.pk)
        messages.success(request, "正文已保存。")
        return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/text.html",
        {"report": report, "form": form, "contributions": services.has_contributions(report)},
    )


@login_required
@require_POST
def report_previous(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择上年报告文件。")
        return redirect("reports:detail", pk=report.pk)
    upload = form.cleaned_data["file"]
    try:
        services.import_previous(report, request.user, upload.read(), upload.name)
    except (ReadError, services.ReportActionError) as exc:
        messages.error(request, f"上年报告无法读取：{exc}")
    else:
        messages.success(request, f"已读取上年报告“{upload.name}”，检查时将与其核对上年结转数。")
    return redirect("reports:detail", pk=report.pk)


def _step(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    report = _report_for(request, pk)
    try:
        action(report)
    except services.ReportActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda r: services.check(r, request.user), "检查完成，结果见下方。")


@login_required
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("override_reason", "")
    return _step(request, pk, lambda r: services.approve(r, request.user, reason), "报告已批准，可以发布。")


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda r: services.publish(r, request.user), "报告已在本机关公开页面发布。")


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The report submitted to the supervising office (第四十九条), recorded with its day and recipient."""
    report = _report_for(request, pk)  # 404 for another agency's report, whatever was posted
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, join_messages(e for errors in form.errors.values() for e in errors))
        return redirect("reports:detail", pk=report.pk)
    data = form.cleaned_data
    return _step(
        request,
        pk,
        lambda r: services.submit(r, request.user, data["on"], to=data["to"], method=data["method"]),
        "已登记报送政府信息公开工作主管部门。",
    )


@login_required
def report_draft_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The current draft as Word or PDF, to read on paper before sign-off."""
    report = _report_for(request, pk)
    data = report.snapshot if report.snapshot else services.assemble(report)
    content = render_file(data, kind)
    response = HttpResponse(content, content_type=DOCX if kind == "docx" else "application/pdf")
    response["Content-Disposition"] = _attachment(f"{report.title}（草稿）.{kind}")
    return response


def _attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"
