"""The people of an agency: roles (with a second person's confirmation where needed), locked accounts,
password resets, the audit log; and each user's invitations to join an agency."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import services as accounts
from gongkai.agencies import services
from gongkai.agencies.models import Agency, Membership, Role, RoleRequest


class MemberForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    role = forms.ChoiceField(label="角色")
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        required=False,
        help_text="仅新用户需要：至少8位，不能是常见密码或纯数字；本人首次登录后须修改",
    )


class AgencyForm(forms.ModelForm):
    """What the agency's letters need: its kind and level, its government, the body above, the prefix."""

    class Meta:
        model = Agency
        fields = ("kind", "level", "government_name", "above_name", "letter_prefix")


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, max_length=128)


def _agency(request: HttpRequest, pk: int) -> Agency:
    agency = get_object_or_404(Agency, pk=pk)
    if not services.may_oversee_people(request.user, agency):
        raise Http404
    return agency


@login_required
def particulars(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's particulars (机关信息): kind, level, government, body above, document-number prefix,
    and the 复议机关 its letters name as a result."""
    agency = get_object_or_404(Agency, pk=pk)
    if not services.may_oversee_people(request.user, agency):
        raise Http404
    editable = services.may_edit_agency(request.user, agency)
    form = AgencyForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.PLACE_FIELDS}
            try:
                services.update_agency(agency, request.user, timezone.localdate(), **values)
            except services.AgencyError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field, message)
            else:
                messages.success(request, _("机关信息已保存。"))
                return redirect("agencies:particulars", pk=agency.pk)
    today = timezone.localdate()
    problem = agency.reconsideration_problem(today)
    return render(
        request,
        "agencies/particulars.html",
        {
            "agency": agency,
            "form": form if editable else None,
            "problem": problem,
            "body": None if problem else agency.reconsideration_body(today),
        },
    )


@login_required
def people(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency(request, pk)
    manages = services.may_manage_people(request.user, agency)
    form = MemberForm(request.POST or None)
    role_field = form.fields["role"]
    assert isinstance(role_field, forms.ChoiceField)
    role_field.choices = services.roles_for(agency)
    if request.method == "POST":
        if not manages:
            raise Http404
        if form.is_valid():
            try:
                outcome = services.add_member(agency, request.user, request=request, **form.cleaned_data)
            except services.PeopleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _added_message(outcome, form.cleaned_data["username"]))
                return redirect("agencies:people", pk=agency.pk)
    members = list(agency.memberships.select_related("user").order_by("role", "user__username"))
    locked = {m.user_id for m in members if accounts.is_locked(m.user.username)}
    pending = [(r, services.may_confirm(request.user, r)) for r in services.pending_requests(agency)]
    return render(
        request,
        "agencies/people.html",
        {
            "agency": agency,
            "members": members,
            "locked": locked,
            "resettable": {
                m.user_id for m in members if services.may_reset_password(request.user, agency, m.user)
            },
            "pending": pending,
            "form": form if manages else None,
            "reset_form": PasswordResetForm(),
        },
    )


def _added_message(outcome: Membership | RoleRequest, username: str) -> str:
    if isinstance(outcome, Membership):
        return _("已为 %(user)s 设置角色。") % {"user": username}
    waits = []
    if outcome.waiting_for_confirmation:
        waits.append(_("本机关另一位机关管理员或政务公开办确认"))
    if outcome.waiting_for_acceptance:
        waits.append(_("%(user)s 本人接受") % {"user": username})
    return _("角色设置已提交，待%(who)s后生效。") % {"who": _("、").join(waits)}


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    agency = _agency(request, pk)
    if not services.may_manage_people(request.user, agency):
        raise Http404
    membership = get_object_or_404(agency.memberships, pk=membership_id)
    try:
        services.remove_member(membership, request.user, request=request)
    except services.PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已取消该角色。"))
    return redirect("agencies:people", pk=agency.pk)


@login_required
@require_POST
def decide_request(request: HttpRequest, pk: int, request_id: int, decision: str) -> HttpResponse:
    """Confirm or decline (withdraw, for its requester) a role waiting for a second person."""
    agency = _agency(request, pk)
    if decision not in {"confirm", "decline"}:
        raise Http404
    role_request = get_object_or_404(agency.role_requests, pk=request_id)
    try:
        if decision == "confirm":
            granted = services.confirm(role_request, request.user, request=request)
            messages.success(
                request, _("已确认，角色已生效。") if granted else _("已确认，待本人接受后生效。")
            )
        else:
            services.decline(role_request, request.user, request=request)
            messages.success(request, _("已办结该角色设置（未生效）。"))
    except services.PeopleError as exc:
        messages.error(request, str(exc))
    return redirect("agencies:people", pk=agency.pk)


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    agency = _agency(request, pk)
    try:
        user = services.unlock(agency, request.user, user_id, request=request)
    except services.PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已解除 %(user)s 的登录锁定。") % {"user": user.username})
    return redirect("agencies:people", pk=agency.pk)


@login_required
@require_POST
def reset_password(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    agency = _agency(request, pk)
    form = PasswordResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写新密码。"))
        return redirect("agencies:people", pk=agency.pk)
    try:
        user = services.reset_password(
            agency, request.user, user_id, form.cleaned_data["password"], request=request
        )
    except services.PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已重置 %(user)s 的密码：请当面告知本人，本人登录后须立即修改。") % {"user": user.username},
        )
    return redirect("agencies:people", pk=agency.pk)


@login_required
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency(request, pk)
    page = Paginator(services.audit_log(agency, request.user), 100).get_page(request.GET.get("page"))
    labels = dict(Role.choices)
    rows = [(event, _(labels[event.role]) if event.role in labels else event.role) for event in page]
    return render(request, "agencies/audit.html", {"agency": agency, "page": page, "rows": rows})


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    """The roles offered to me by agencies, to accept or decline."""
    if request.method == "POST":
        role_request = get_object_or_404(
            services.invitations(request.user), pk=request.POST.get("request", "")
        )
        try:
            if request.POST.get("decision") == "accept":
                granted = services.accept(role_request, request.user, request=request)
                messages.success(request, _("已接受。") if granted else _("已接受，待第二人确认后生效。"))
            else:
                services.decline(role_request, request.user, request=request)
                messages.success(request, _("已拒绝。"))
        except services.PeopleError as exc:
            messages.error(request, str(exc))
        return redirect("agencies:invitations")
    return render(request, "agencies/invitations.html", {"invitations": services.invitations(request.user)})
