"""The supervising office's pages. Reading pages are GET and write nothing; each change is a POST that
calls one use case of `services`. Everything is limited to the office's area (`access.office_agencies`);
an agency's staff see only the 督办 notices sent to their agency, to answer them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.access import STAFF_ROLES, roles_in, staff_agencies, visible_agencies
from gongkai.agencies.models import Agency
from gongkai.core import params as query_params
from gongkai.core.calendar import system_calendar
from gongkai.supervision import charts, comparison, dashboard, excel, forms, narrative, services
from gongkai.supervision.access import is_office, office_agencies, office_government
from gongkai.supervision.models import (
    Complaint,
    OfficeRecord,
    OversightCase,
    PublishedRanking,
)
from gongkai.supervision.overview import report_rows, summarise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest, default: int) -> int:
    return query_params.year(request.GET) or default


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@login_required
def report_overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today.year - 1)
    rows = report_rows(visible_agencies(request.user).order_by("-kind", "name"), year, today)
    status = request.GET.get("status", "")
    shown = [
        r for r in rows if not status or r.status.status == status or (status == "findings" and r.errors)
    ]
    return render(
        request,
        "supervision/reports.html",
        {
            "year": year,
            "years": list(range(today.year - 1, today.year - 6, -1)),
            "rows": shown,
            "summary": summarise(rows),
            "status": status,
        },
    )


def _board(request: HttpRequest) -> tuple[dashboard.Dashboard, list[Agency], dict[str, Any]]:
    today = timezone.localdate()
    year = _year(request, today.year)
    kind = request.GET.get("kind", "")
    level = request.GET.get("level", "")
    sort = request.GET.get("sort", "name")
    agencies = dashboard.filtered(office_agencies(request.user), kind=kind, level=level)
    board = dashboard.build(agencies, year, today, system_calendar(), sort=sort)
    return board, agencies, {"kind": kind, "level": level, "sort": sort, "year": year}


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Per agency and in total: the year's applications, review cases, annual reports; charts."""
    board, agencies, chosen = _board(request)
    today = timezone.localdate()
    years = list(range(chosen["year"] - 4, chosen["year"] + 1))
    trend = dashboard.trend(agencies, years, today)
    overdue = sorted(((r.name, r.figures.overdue_now) for r in board.rows), key=lambda x: -x[1])[:15]
    return render(
        request,
        "supervision/dashboard.html",
        {
            "board": board,
            **chosen,
            "years": list(range(today.year, today.year - 6, -1)),
            "kinds": Agency.Kind.choices,
            "levels": dashboard.level_choices(),
            "sorts": dashboard.SORTS,
            # Reversed once, not three times in each of the (hundreds of) rows.
            "list_url": _url("applications:list"),
            "case_url": _url("supervision:case_new"),
            "trend_chart": charts.lines(
                "近五年申请数量与逾期",
                years,
                [
                    ("收到申请", [f.received for _y, f in trend]),
                    ("本年逾期", [f.overdue_in_year for _y, f in trend]),
                ],
            ),
            "outcome_chart": charts.bars(f"{board.year}年办理结果构成", board.outcome_mix),
            "overdue_chart": charts.bars("当前逾期未答复的申请（按机关）", [x for x in overdue if x[1]]),
        },
    )


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    board, _agencies, _chosen = _board(request)
    return _xlsx(excel.dashboard_workbook(board), f"政务公开监督_{board.year}年.xlsx")


# --- 年报体检: ranking, publishing it -----------------------------------------------------------------


def _health_rows(request: HttpRequest, year: int) -> list[Any]:
    # Imported here: the judging core (numpy, the MinHash index) only on these pages.
    from gongkai.supervision.health import judge_area

    return judge_area(office_government(request.user), year=year)


@login_required
def health(request: HttpRequest) -> HttpResponse:
    """Every report of the area judged: score, reasons, place; the office may publish the ranking."""
    office_agencies(request.user)
    year = _year(request, timezone.localdate().year - 1)
    rows = _health_rows(request, year)
    return render(
        request,
        "supervision/health.html",
        {
            "year": year,
            "rows": rows,
            "years": list(range(timezone.localdate().year - 1, timezone.localdate().year - 6, -1)),
            "published": PublishedRanking.objects.filter(
                office=office_government(request.user), year=year
            ).first(),
        },
    )


@login_required
def health_export(request: HttpRequest) -> HttpResponse:
    office_agencies(request.user)
    year = _year(request, timezone.localdate().year - 1)
    rows = [
        (
            r.place,
            r.agency_name,
            r.year,
            r.judgement.score,
            "来源：本系统" if r.source == "gongkai" else "来源：导入",
            "；".join(f"[{x.severity}] {x.message}" for x in r.judgement.reasons),
        )
        for r in _health_rows(request, year)
    ]
    data = excel.table_workbook(
        f"{year}年度报告体检", ("名次", "机关", "年度", "得分", "来源", "扣分原因"), rows
    )
    return _xlsx(data, f"年报体检_{year}年.xlsx")


@login_required
@require_POST
def ranking_publish(request: HttpRequest) -> HttpResponse:
    office_agencies(request.user)
    year = query_params.year(request.POST)
    if year is None:  # a form sent by hand or damaged: refused with a message, never a 500
        messages.error(request, "请选择要发布排名的年度（2008—2100年）。")
        return redirect("supervision:health")
    rows = [
        {
            "place": r.place,
            "agency": r.agency_name,
            "score": r.judgement.score,
            "reasons": [x.message for x in r.judgement.reasons if x.severity != "info"],
        }
        for r in _health_rows(request, year)
    ]
    try:
        ranking = services.publish_ranking(office_government(request.user), year, rows, request.user)
    except services.ActionError as exc:
        messages.error(request, str(exc))
        return redirect(f"{_url('supervision:health')}?year={year}")
    messages.success(request, f"已发布{year}年度报告体检排名。")
    return redirect("supervision:ranking_public", ranking.pk)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def ranking_public(request: HttpRequest, pk: int) -> HttpResponse:
    """The published ranking: public on purpose (the office publishes it), a snapshot never recomputed."""
    ranking = get_object_or_404(PublishedRanking.objects.select_related("office"), pk=pk)
    return render(request, "supervision/ranking_public.html", {"ranking": ranking})


# --- 督办 ---------------------------------------------------------------------------------------------


def _case_roles(request: HttpRequest, case: OversightCase) -> tuple[bool, bool]:
    """(the office may act on it, the agency's staff may answer it); 404 when neither may see it."""
    office = is_office(request.user) and case.agency_id in {a.pk for a in office_agencies(request.user)}
    staff = bool(roles_in(request.user, case.agency_id) & STAFF_ROLES)
    if not office and not staff:
        raise Http404
    return office, staff


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    """The office: every 督办 of its area; an agency's staff: the notices sent to their agency."""
    if is_office(request.user):
        ids = [a.pk for a in office_agencies(request.user)]
    else:
        ids = list(staff_agencies(request.user).values_list("pk", flat=True))
        if not ids:
            raise Http404
    rows = OversightCase.objects.filter(agency_id__in=ids).select_related("agency")
    state = request.GET.get("state", "")
    if state:
        rows = rows.filter(state=state)
    return render(
        request, "supervision/cases.html", {"cases": rows, "office": is_office(request.user), "state": state}
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    agencies = office_agencies(request.user)
    today = timezone.localdate()
    initial = {
        "agency": request.GET.get("agency"),
        "subject": request.GET.get("subject", "report"),
        "report_year": request.GET.get("year"),
        "deadline": today + dt.timedelta(days=10),
    }
    form = forms.NoticeForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.send_notice(
                office_government(request.user),
                data["agency"],
                request.user,
                subject=data["subject"],
                title=data["title"],
                notice=data["notice"],
                deadline=data["deadline"],
                sent_on=today,
                report_year=data["report_year"],
            )
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已向{case.agency.name}发出督办通知。")
            return redirect("supervision:case", case.pk)
    return render(request, "supervision/case_new.html", {"form": form})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(OversightCase.objects.select_related("agency", "office"), pk=pk)
    office, staff = _case_roles(request, case)
    answer_form = forms.AnswerForm(request.POST if "answer" in request.POST else None)
    conclude_form = forms.ConcludeForm(request.POST if "decision" in request.POST else None)
    if request.method == "POST":
        try:
            if "answer" in request.POST and staff and answer_form.is_valid():
                services.answer(case, request.user, answer_form.cleaned_data["answer"], timezone.localdate())
                messages.success(request, "答复已提交。")
                return redirect("supervision:case", case.pk)
            if "decision" in request.POST and office and conclude_form.is_valid():
                d = conclude_form.cleaned_data
                services.conclude(case, request.user, escalate=d["decision"] == "escalate", text=d["text"])
                messages.success(request, "已处理。")
                return redirect("supervision:case", case.pk)
            if (
                not (office or staff)
                or ("answer" in request.POST and not staff)
                or ("decision" in request.POST and not office)
            ):
                raise Http404
        except services.ActionError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "supervision/case.html",
        {
            "case": case,
            "events": case.events.select_related("actor"),
            "office": office,
            "staff": staff,
            "answer_form": answer_form,
            "conclude_form": conclude_form,
        },
    )


# --- complaints, 考核 / 社会评议 / 责任追究 ---------------------------------------------------------------


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    agencies = office_agencies(request.user)
    form = forms.ComplaintForm(
        request.POST or None, agencies=agencies, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.receive_complaint(
                office_government(request.user),
                d["agency"],
                request.user,
                received_on=d["received_on"],
                complainant=d["complainant"],
                content=d["content"],
            )
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已登记投诉举报。")
            return redirect("supervision:complaints")
    rows = Complaint.objects.filter(agency__in=agencies).select_related("agency")
    return render(request, "supervision/complaints.html", {"form": form, "complaints": rows})


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agencies = office_agencies(request.user)
    complaint = get_object_or_404(Complaint.objects.select_related("agency"), pk=pk, agency__in=agencies)
    form = forms.ComplaintConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conclude_complaint(
                complaint,
                request.user,
                substantiated=form.cleaned_data["substantiated"],
                result=form.cleaned_data["result"],
                on=timezone.localdate(),
            )
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "投诉举报已办结。")
            return redirect("supervision:complaint", complaint.pk)
    return render(
        request,
        "supervision/complaint.html",
        {"complaint": complaint, "form": form, "events": complaint.events.select_related("actor")},
    )


@login_required
def records(request: HttpRequest) -> HttpResponse:
    agencies = office_agencies(request.user)
    year = timezone.localdate().year - 1
    form = forms.RecordForm(request.POST or None, agencies=agencies, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record(
                d["agency"],
                request.user,
                d["kind"],
                year=d["year"],
                text=d["text"],
                score=d["score"],
                grade=d["grade"],
                person=d["person"],
            )
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已记录。")
            return redirect("supervision:records")
    rows = OfficeRecord.objects.filter(agency__in=agencies).select_related("agency", "actor").order_by("-at")
    return render(request, "supervision/records.html", {"form": form, "records": rows})


# --- comparison, the government's own report ------------------------------------------------------------


def _comparison(request: HttpRequest) -> comparison.Comparison:
    agencies = office_agencies(request.user)
    keys = [k for k in request.GET.getlist("report") if k]
    return comparison.compare(office_government(request.user), agencies, keys)


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Reports side by side: choose any of the area's reports (several agencies, or one across years)."""
    result = _comparison(request)
    return render(request, "supervision/compare.html", {"result": result, "query": request.GET.urlencode()})


@login_required
def compare_export(request: HttpRequest) -> HttpResponse:
    result = _comparison(request)
    return _xlsx(excel.table_workbook("报告对比", result.header, result.table_rows()), "年度报告对比.xlsx")


@login_required
def narrative_page(request: HttpRequest) -> HttpResponse:
    """The government's own annual report: sections drafted from the recorded supervision actions."""
    agencies = office_agencies(request.user)
    year = _year(request, timezone.localdate().year - 1)
    government = office_government(request.user)
    draft = narrative.draft(narrative.facts(government, agencies, year))
    return render(
        request, "supervision/narrative.html", {"year": year, "government": government, "draft": draft}
    )
