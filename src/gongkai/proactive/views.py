"""Pages of proactive disclosure: the register and its review, the catalogue with search, the guide,
the agency's settings and the catalogue import. Views read the request, call `services` or `queries`
and render; every document is looked up among the agencies the user may see (others: 404)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.access import roles_in, staff_agencies, visible_agencies, visible_agency_ids
from gongkai.agencies.models import Agency, Role
from gongkai.core import params as query_params
from gongkai.core.calendar import system_calendar
from gongkai.law.catalogue import (
    ARTICLE_ITEMS,
    CHANNELS,
    DEFAULT_CHANNELS,
    KINDS,
    VALIDITIES,
    WITHHOLDING_ARTICLES,
)
from gongkai.ledger import ImportFile, LedgerError
from gongkai.proactive import queries, services
from gongkai.proactive.actions import action_label
from gongkai.proactive.catalogue_io import import_catalogue, template_csv
from gongkai.proactive.chain import DRAFTERS, available, chain_of, step_label
from gongkai.proactive.forms import AttachmentForm, CatalogueImportForm, DocumentForm, SettingsForm, StepForm
from gongkai.proactive.guide import build_guide, guide_docx, missing_contacts
from gongkai.proactive.models import Document, DocumentAttachment, State

SETTINGS_ROLES = frozenset({Role.AGENCY_ADMIN, Role.HEAD})


def _document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.select_related("agency", "interprets"),
        pk=pk,
        agency_id__in=visible_agency_ids(request.user),
    )


def _drafting_agencies(request: HttpRequest) -> QuerySet[Agency]:
    """The agencies in which the user drafts documents (a 机关管理员 manages people, not documents)."""
    if not staff_agencies(request.user).exists():  # anonymous or inactive
        return Agency.objects.none()
    # One filter() call: the role must be the user's own membership, not anyone's in the agency.
    return Agency.objects.filter(memberships__user=request.user.pk, memberships__role__in=DRAFTERS).distinct()


def _head_agencies(request: HttpRequest) -> QuerySet[Agency]:
    """The agencies the user heads: those whose catalogue they may import (imported means published)."""
    return Agency.objects.filter(memberships__user=request.user.pk, memberships__role=Role.HEAD).distinct()


def _staff_roles(request: HttpRequest, document: Document) -> frozenset[str]:
    roles = roles_in(request.user, document.agency_id)
    if not roles & DRAFTERS:
        raise Http404  # supervisors read; only the agency's staff act
    return roles


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The register: documents in review and recently handled, and what the clock says."""
    today = timezone.localdate()
    agency_ids = visible_agency_ids(request.user)
    state = request.GET.get("state", "")
    documents = Document.objects.filter(agency_id__in=agency_ids).select_related("agency")
    if state in State.values:
        documents = documents.filter(state=state)
    return render(
        request,
        "proactive/register.html",
        {
            "documents": documents.defer("body", "search_text").order_by("-pk")[:100],
            "states": State.choices,
            "state": state,
            "due": queries.unpublished_due(agency_ids, today, system_calendar()),
            "late": queries.published_late(agency_ids, today.replace(month=1, day=1))[:20],
            "rereview": queries.rereview_due(agency_ids, today),
            "missing_interpretation": queries.missing_interpretation(agency_ids)[:20],
            "can_draft": _drafting_agencies(request).exists(),
            "can_import": _head_agencies(request).exists(),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    agencies = _drafting_agencies(request)
    given = request.POST if "agency" in request.POST else request.GET
    wanted = query_params.number(given, "agency")
    if "agency" in given and str(given["agency"]).strip() and wanted is None:
        raise Http404  # not an agency id at all
    # An agency named that the user does not draft in is refused, never swapped for one they do.
    agency = agencies.filter(pk=wanted).first() if wanted else agencies.first()
    if agency is None:
        raise Http404
    form = DocumentForm(
        request.POST or None, initial={"issuers": agency.name, "formed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.draft_document(
                agency,
                request.user,
                form.fields_value(),
                today=timezone.localdate(),
                calendar=system_calendar(),
            )
        except services.ProactiveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记拟稿“{document.title}”。")
            return redirect("proactive:detail", pk=document.pk)
    return render(
        request,
        "proactive/document_form.html",
        {"form": form, "agency": agency, "agencies": agencies, "new": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    _staff_roles(request, document)
    form = DocumentForm(request.POST or None, initial=DocumentForm.initial_for(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_document(
                document,
                request.user,
                form.fields_value(),
                today=timezone.localdate(),
                calendar=system_calendar(),
            )
        except services.ProactiveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存修改，自动检查已重新进行。")
            return redirect("proactive:detail", pk=document.pk)
    return render(
        request,
        "proactive/document_form.html",
        {"form": form, "agency": document.agency, "document": document},
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    roles = roles_in(request.user, document.agency_id)
    settings = services.settings_for(document.agency)
    events = document.events.select_related("actor").order_by("seq")
    return render(
        request,
        "proactive/detail.html",
        {
            "document": document,
            "due_provisional": queries.due_is_provisional(document.publication_due, system_calendar()),
            "steps": available(document, roles, settings),
            "can_acknowledge": bool(roles & {Role.REVIEWER, Role.HEAD})
            and document.state in (State.SECRECY_REVIEW, State.IN_REVIEW),
            "can_attach": bool(roles & DRAFTERS)
            and document.state in (State.DRAFTED, State.SECRECY_REVIEW, State.IN_REVIEW),
            "can_edit": bool(roles & DRAFTERS) and document.state == State.DRAFTED,
            "waiting_for": step_label(document, chain_of(settings)),
            "chain": chain_of(settings),
            "history": [(e, action_label(e.action)) for e in events],
            "versions": document.versions.all(),
            "attachments": document.attachments.all(),
            "interpretations": document.interpretations.all(),
            "needs_interpretation": queries.needs_interpretation(document),
            "kind_label": KINDS.get(document.kind, document.kind),
            "article_label": ARTICLE_ITEMS.get(document.article_item, ""),
            "withheld_article_label": WITHHOLDING_ARTICLES.get(document.withheld_article, ""),
            "validity_label": VALIDITIES.get(document.validity, ""),
            "channel_labels": "、".join(CHANNELS.get(c, c) for c in document.channels or DEFAULT_CHANNELS),
            "step_form": StepForm(),
            "attachment_form": AttachmentForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def document_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    document = _document(request, pk)
    _staff_roles(request, document)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "日期格式有误，请重新填写。")
        return redirect("proactive:detail", pk=pk)
    data = form.cleaned_data
    given = services.StepInput(
        opinion=data["opinion"] or "",
        on=data["on"],
        repealed_by=data["repealed_by"] or "",
        release=data["release"],
    )
    try:
        document = services.take_step(
            document, action, request.user, given, today=timezone.localdate(), calendar=system_calendar()
        )
    except services.ProactiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已办理：{action_label(action)}。")
    return redirect("proactive:detail", pk=pk)


@login_required
@require_POST
def document_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    _staff_roles(request, document)
    try:
        services.acknowledge(
            document, request.user, request.POST.getlist("finding"), request.POST.get("opinion", "")
        )
    except services.ProactiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已确认所选检查结果。")
    return redirect("proactive:detail", pk=pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    _staff_roles(request, document)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            services.add_attachment(
                document, request.user, form.cleaned_data["file"], today=timezone.localdate()
            )
        except services.ProactiveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "附件已上传并完成自动检查。")
    return redirect("proactive:detail", pk=pk)


@login_required
def attachment_file(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    document = _document(request, pk)
    attachment = get_object_or_404(DocumentAttachment, pk=attachment_id, document=document)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """政府信息公开目录 of the agencies the user may see (or one of them), with filters and search."""
    agencies = visible_agencies(request.user).order_by("name")
    wanted = query_params.number(request.GET, "agency")
    agency = agencies.filter(pk=wanted).first() if wanted else None
    agency_ids = [agency.pk] if agency else list(agencies.values_list("pk", flat=True))
    filters = queries.CatalogueFilters.from_params(request.GET)
    page = queries.catalogue_page(agency_ids, filters, query_params.page(request.GET))
    names = dict(agencies.values_list("pk", "name"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proactive/catalogue.html",
        {
            "page": page,
            "rows": [row | {"agency_name": names.get(row["agency"], "")} for row in page.rows],
            "filters": filters,
            "agencies": agencies,
            "agency": agency,
            "kinds": KINDS.items(),
            "items": ARTICLE_ITEMS.items(),
            "validities": VALIDITIES.items(),
            "themes": queries.themes(agency_ids),
            "years": range(timezone.localdate().year, timezone.localdate().year - 10, -1),
            "query": query.urlencode(),
            "updated": queries.last_published(agency_ids),
        },
    )


def _visible_agency(request: HttpRequest, agency_id: int) -> Agency:
    return get_object_or_404(visible_agencies(request.user), pk=agency_id)


@login_required
def guide(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _visible_agency(request, agency_id)
    settings = services.settings_for(agency)
    return render(
        request,
        "proactive/guide.html",
        {
            "guide": build_guide(agency, settings),
            "agency": agency,
            "missing": missing_contacts(settings),
            "can_edit": bool(roles_in(request.user, agency.pk) & SETTINGS_ROLES),
        },
    )


@login_required
def guide_file(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _visible_agency(request, agency_id)
    content = guide_docx(build_guide(agency, services.settings_for(agency)))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"{agency.name}政府信息公开指南.docx"
    response["Content-Disposition"] = f"attachment; filename=\"guide.docx\"; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The agency's settings and guide details (机关管理员 or 负责人)."""
    agency = _visible_agency(request, agency_id)
    if not roles_in(request.user, agency.pk) & SETTINGS_ROLES:
        raise Http404
    current = services.settings_for(agency)
    form = SettingsForm(
        request.POST or None, initial={n: getattr(current, n) for n in SettingsForm.base_fields}
    )
    if request.method == "POST" and form.is_valid():
        values: dict[str, Any] = dict(form.cleaned_data)
        values["guide_updated_at"] = timezone.now()
        try:
            services.save_settings(agency, request.user, **values)
        except services.ProactiveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "设置已保存，指南已更新。")
            return redirect("proactive:guide", agency_id=agency.pk)
    return render(request, "proactive/settings.html", {"form": form, "agency": agency})


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """Moving an existing catalogue in: its documents enter as published, so only a head may do it
    (docs/decisions/catalogue-import.md)."""
    agencies = _head_agencies(request)
    if not agencies.exists():
        raise Http404
    form = CatalogueImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = import_catalogue(
                form.cleaned_data["agency"].name,
                ImportFile(upload.name, upload.read()),
                today=timezone.localdate(),
                calendar=system_calendar(),
                actor=request.user,
                by_head=True,
            )
        except LedgerError as exc:
            errors = list(exc.errors)
        else:
            messages.success(request, "导入完成。" + summary.describe().replace("\n", "；"))
            return redirect("proactive:catalogue")
    return render(request, "proactive/import.html", {"form": form, "errors": errors})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    if not staff_agencies(request.user).exists():
        raise Http404
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        "attachment; filename=\"catalogue-template.csv\"; filename*=UTF-8''"
        + quote("政府信息公开目录导入模板.csv")
    )
    return response
