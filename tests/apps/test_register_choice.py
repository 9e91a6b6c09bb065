"""The registration form's agency, read once with SQL compiled once (issue 14): the agencies offered are
`list(register_agencies(user))`, and the choice is checked as `ModelChoiceField.to_python` checks it
with `queryset.get(pk=...)` — the same agency or the same error — for hostile values. Run on
PostgreSQL with DATABASE_URL set."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import queries
from gongkai.applications.forms import ChoiceReadOnce, RegisterForm


def _fields(row: Any) -> Any:
    return [
        (f.attname, getattr(row, f.attname), type(getattr(row, f.attname))) for f in row._meta.concrete_fields
    ]


def _outcome(check: Any, value: Any) -> Any:
    try:
        found = check(value)
    except forms.ValidationError as error:
        return ("error", error.code, repr(error.params), error.messages)
    return ("found", None if found is None else _fields(found))


def _users(world: Any) -> list[Any]:
    both = User.objects.create_user("both")
    for agency, role in (
        (world.agency_b, Role.HEAD),
        (world.agency_a, Role.CLERK),
        (world.agency_a, Role.HEAD),
    ):
        Membership.objects.create(user=both, agency=agency, role=role)
    inactive = User.objects.create_user("inactive", is_active=False)
    Membership.objects.create(user=inactive, agency=world.agency_a, role=Role.CLERK)
    names = ("clerk", "reviewer", "head", "agency_admin", "clerk_b", "head_b", "supervisor", "superuser")
    return [*(getattr(world, name) for name in names), both, inactive, User.objects.create_user("nobody")]


@pytest.mark.django_db
def test_the_agencies_offered_and_the_choice_checked_are_the_orms(world: Any) -> None:
    outside = Agency.objects.create(name="<b>'外'</b>", kind="department", code="w", parent=world.government)
    top = Agency.objects.order_by("-pk").values_list("pk", flat=True)[0]
    checked = 0
    for user in _users(world):
        expected = list(queries.register_agencies(user))
        assert [_fields(a) for a in queries.registering(user)] == [_fields(a) for a in expected]
        form = RegisterForm(
            {}, agencies=queries.register_agencies(user), read=lambda u=user: queries.registering(u)
        )
        field = form.fields["agency"]
        assert isinstance(field, ChoiceReadOnce) and field.read is not None
        digits = [str(a.pk) for a in expected]
        values: list[Any] = [
            *digits,
            *(f" {d}\n" for d in digits),
            *(d.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) for d in digits),
            *(int(d) for d in digits),
            *expected,
            outside,
            str(outside.pk),
            str(top + 1),
            "0",
            "-1",
            "1_0",
            "1.0",
            "abc",
            "1\x00",
            str(2**63),
            str(2**70),
            "",
            None,
            ["1"],
        ]
        for value in values:
            orm = _outcome(partial(forms.ModelChoiceField.to_python, field), value)
            assert _outcome(field.to_python, value) == orm, (user.username, value)
            checked += orm[0] == "found" and orm[1] is not None
        plain = forms.ModelChoiceField(queryset=queries.register_agencies(user), empty_label=None)
        assert str(form["agency"]) == _bound(plain)
        assert form.offers_agency() is bool(expected)
    assert checked >= 3 * 4  # agencies found for several users, in each form of their id


def _bound(field: forms.ModelChoiceField) -> str:
    form = forms.Form({})
    form.fields["agency"] = field
    return str(form["agency"])
