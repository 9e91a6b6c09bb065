"""Pages of on-line applications: the public form (`gk/<code>/apply/`) and status lookup (`gk/lookup/`),
and the clerk's list of unconfirmed submissions with the one-click confirmation and the identity image.

Thin views over `gongkai.online.services`. A successful lookup is kept in the session for a short time
(number and 查询码); every later page (a letter, an upload) re-checks the code through the services, so
no letter is reachable by a guessable URL alone.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.audit import client_address
from gongkai.agencies.access import staff_agencies
from gongkai.agencies.models import Agency
from gongkai.applications import letter_files
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.models import APPLICANT_CATEGORY_CHOICES, ID_TYPE_CHOICES
from gongkai.applications.queries import register_agencies
from gongkai.online import captcha, services
from gongkai.online.limits import TooManyTries
from gongkai.online.models import OnlineApplication
from gongkai.wording import join_messages

SESSION_KEY = "gongkai.online.lookup"
SUBMITTED_KEY = "gongkai.online.submitted"  # the numbers, shown once after the redirect
KEEP_FOR = 15 * 60  # seconds a verified lookup stays in the session
LARGE_COOKIE = "gk_large"  # the column's large-text switch (gongkai.portal)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The form's fields (第二十九条 only: never the purpose).
APPLICANT_FIELDS = ("applicant_name", "id_type", "id_number", "credit_code", "phone", "email", "address")


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """A public page in the column's layout (portal/base.html)."""
    agency = context.get("agency")
    extra = {
        "large": request.COOKIES.get(LARGE_COOKIE) == "1",
        "embed": False,
        "here": request.get_full_path(),
        "apply_url": reverse("online:apply", args=[agency.code]) if agency else "",
    }
    return render(request, template, {**context, **extra}, status=status)


def _too_many(request: HttpRequest, exc: TooManyTries, agency: Agency | None = None) -> HttpResponse:
    return _public(request, "online/too_many.html", {"agency": agency, "message": str(exc)}, status=429)


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    return agency


def _form_context(agency: Agency, data: Any, errors: dict[str, str]) -> dict[str, Any]:
    return {
        "agency": agency,
        "data": data,
        "errors": errors,
        "challenge": captcha.challenge(),
        "honeypot": captcha.HONEYPOT,
        "categories": APPLICANT_CATEGORY_CHOICES,
        "id_types": ID_TYPE_CHOICES,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """The on-line application form of an agency; on success the 受理编号 and 查询码, shown once."""
    agency = _agency(code)
    if request.method != "POST":
        return _public(request, "online/apply.html", _form_context(agency, {}, {}))
    post = request.POST
    applicant = {"kind": post.get("applicant_category", ""), "name": post.get("applicant_name", "")}
    applicant.update({f: post.get(f, "") for f in APPLICANT_FIELDS if f != "applicant_name"})
    content, delivery, wanted = post.get("content", ""), post.get("delivery", ""), post.get("form", "")
    id_image = request.FILES.get("id_image")
    errors: dict[str, str] = {}
    try:
        captcha.check(post.get("captcha_token", ""), post.get("captcha", ""), post.get(captcha.HONEYPOT, ""))
    except InvalidInput as exc:
        errors.update(exc.errors)
    if not id_image:
        errors["id_image"] = "请上传身份证明的图片（PNG、JPEG）或 PDF 文件（第二十九条）。"
    try:
        if errors:
            services.check_submission(applicant, content, delivery, id_image)  # every error at once
        else:
            submitted = services.submit_application(
                agency, applicant, content, delivery, id_image, client_address(request) or "", wanted
            )
            # Redirect after the POST, so that reloading the page cannot submit the application twice.
            request.session[SUBMITTED_KEY] = {
                "number": submitted.number,
                "code": submitted.lookup_code,
                "email": applicant.get("email", "").strip(),
            }
            return redirect("online:submitted", code=agency.code)
    except TooManyTries as exc:
        return _too_many(request, exc, agency)
    except InvalidInput as exc:
        errors.update(exc.errors)
    except StepRefused as exc:
        errors["general"] = str(exc)
    return _public(request, "online/apply.html", _form_context(agency, post, errors), status=400)


@require_safe
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    """The 受理编号 and 查询码 of the application just submitted, shown once."""
    agency = _agency(code)
    shown = request.session.pop(SUBMITTED_KEY, None)
    if not isinstance(shown, dict):
        return redirect("online:apply", code=agency.code)
    done = services.Submitted(str(shown.get("number", "")), str(shown.get("code", "")))
    context = {"agency": agency, "submitted": done, "email": str(shown.get("email", ""))}
    response = _public(request, "online/submitted.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _kept(request: HttpRequest) -> tuple[str, str] | None:
    """The number and 查询码 of a lookup verified in this session less than KEEP_FOR ago."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or float(kept.get("at", 0)) + KEEP_FOR < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    return str(kept.get("number", "")), str(kept.get("code", ""))


def _lookup_form(
    request: HttpRequest, message: str = "", number: str = "", status: int = 200
) -> HttpResponse:
    return _public(request, "online/lookup.html", {"message": message, "number": number}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """受理编号 + 查询码 → where the application is; the verified lookup is kept in the session."""
    address = client_address(request) or ""
    if request.method == "POST":
        number, code = request.POST.get("number", "").strip(), request.POST.get("lookup_code", "").strip()
        if not number or not code:
            return _lookup_form(request, "请填写受理编号和查询码。", number, status=400)
        try:
            services.lookup(number, code, address)
        except TooManyTries as exc:
            return _too_many(request, exc)
        except services.LookupRefused as exc:
            return _lookup_form(request, str(exc), number, status=404)
        request.session[SESSION_KEY] = {"number": number, "code": code, "at": time.time()}
        return redirect("online:lookup")
    kept = _kept(request)
    if kept is None:
        return _lookup_form(request)
    try:
        view = services.lookup(*kept, address)
    except TooManyTries as exc:
        return _too_many(request, exc)
    except services.LookupRefused as exc:
        request.session.pop(SESSION_KEY, None)
        return _lookup_form(request, str(exc), status=404)
    return _public(request, "online/status.html", {"view": view})


@require_POST
def lookup_end(request: HttpRequest) -> HttpResponse:
    """Forget the verified lookup (退出查询)."""
    request.session.pop(SESSION_KEY, None)
    return redirect("online:lookup")


def lookup_letter(request: HttpRequest, letter_id: int, suffix: str) -> HttpResponseBase:
    """A letter addressed to the applicant, as .docx or .pdf; the code kept in the session is re-checked."""
    kept = _kept(request)
    if kept is None:
        return redirect("online:lookup")
    try:
        letter = services.applicant_letter(*kept, int(letter_id), client_address(request) or "")
    except TooManyTries as exc:
        return _too_many(request, exc)
    except services.LookupRefused as exc:
        return _lookup_form(request, str(exc), status=404)
    if suffix == "docx":
        content, content_type = letter_files.render_docx(letter), DOCX
    else:
        try:
            content, content_type = letter_files.render_pdf(letter), "application/pdf"
        except StepRefused as exc:
            messages.error(request, str(exc))
            return redirect("online:lookup")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, letter_files.filename(letter, suffix))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def lookup_send(request: HttpRequest) -> HttpResponse:
    """The amended application or the proof of payment, sent on line."""
    kept = _kept(request)
    if kept is None:
        return redirect("online:lookup")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
        return redirect("online:lookup")
    try:
        sent = services.send_document(*kept, upload, client_address(request) or "")
    except TooManyTries as exc:
        return _too_many(request, exc)
    except InvalidInput as exc:
        messages.error(request, join_messages(exc.errors.values()))
    except StepRefused as exc:
        messages.error(request, str(exc))
    else:
        what = "补正材料" if sent == "amendment" else "缴费凭证"
        messages.success(request, f"{what}已提交，本机关收到后将继续办理。")
    return redirect("online:lookup")


# --- The clerk's side ---------------------------------------------------------------------------------


@login_required
def unconfirmed(request: HttpRequest) -> HttpResponse:
    """The on-line submissions waiting for confirmation, per agency where the user registers applications;
    those older than one working day are marked."""
    groups = []
    for agency in register_agencies(request.user):
        late = {o.pk for o in services.overdue_unconfirmed(agency)}
        groups.append({"agency": agency, "items": services.unconfirmed(agency), "late": late})
    return render(request, "online/unconfirmed.html", {"groups": groups})


def _staff_online(request: HttpRequest, pk: int, registering: bool) -> OnlineApplication:
    agencies = register_agencies(request.user) if registering else staff_agencies(request.user)
    online = OnlineApplication.objects.filter(pk=pk, agency__in=agencies).select_related("agency").first()
    if online is None:
        raise Http404
    return online


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """确认受理 in one click: today becomes the receipt date."""
    online = _staff_online(request, pk, registering=True)
    try:
        online = services.confirm(online, request.user)
    except InvalidInput as exc:
        messages.error(request, join_messages(exc.errors.values()))
    except StepRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已确认收到网上申请 {online.number}，收到申请之日为今天。")
        if online.application_id is not None:
            return redirect("applications:detail", pk=online.application_id)
    return redirect("online:unconfirmed")


@login_required
def id_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The applicant's identity image: for the agency's staff only, never from a public URL."""
    online = _staff_online(request, pk, registering=False)
    if not online.id_image:
        raise Http404
    response = FileResponse(
        online.id_image.open("rb"), filename=(online.id_image.name or "").rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response
