"""The agency administrator's page: the agency's people and their roles."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies import services
from gongkai.agencies.models import Agency


class MemberForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    role = forms.ChoiceField(label="角色")
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput, required=False, help_text="仅新用户需要，至少8位"
    )


def _agency(request: HttpRequest, pk: int) -> Agency:
    agency = get_object_or_404(Agency, pk=pk)
    if not services.may_manage_people(request.user, agency):
        raise Http404
    return agency


@login_required
def people(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency(request, pk)
    form = MemberForm(request.POST or None)
    role_field = form.fields["role"]
    assert isinstance(role_field, forms.ChoiceField)
    role_field.choices = services.roles_for(agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(agency, request.user, **form.cleaned_data)
        except services.PeopleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已为 %(user)s 设置角色。") % {"user": form.cleaned_data["username"]})
            return redirect("agencies:people", pk=agency.pk)
    members = agency.memberships.select_related("user").order_by("role", "user__username")
    return render(request, "agencies/people.html", {"agency": agency, "members": members, "form": form})


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    agency = _agency(request, pk)
    membership = get_object_or_404(agency.memberships, pk=membership_id)
    try:
        services.remove_member(membership, request.user)
    except services.PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已取消该角色。"))
    return redirect("agencies:people", pk=agency.pk)
