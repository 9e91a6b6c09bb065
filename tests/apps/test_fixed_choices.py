"""`FixedChoiceField` is copied for each form as Django's `ChoiceField.__deepcopy__` copies it (issue 14):
the same attributes, new lists and widget, and each choice the very object Django's copy holds — for the
registration form's choices and for choices Django must deep-copy (optgroups as lists, safe strings,
callables), which it leaves to Django."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from gongkai.applications.forms import FixedChoiceField, RegisterForm


def _same_copy(field: forms.ChoiceField) -> None:
    theirs = forms.ChoiceField.__deepcopy__(field, {})
    ours = copy.deepcopy(field)
    assert type(ours) is type(theirs) is type(field)
    assert vars(ours).keys() == vars(theirs).keys()
    for name, value in vars(ours).items():
        if name in ("error_messages", "validators", "_choices"):
            assert type(value) is type(getattr(theirs, name)), name
            assert value is not getattr(field, name) and value == getattr(theirs, name), name
        elif name != "widget":
            assert value is getattr(theirs, name) is getattr(field, name), name
    assert [a is b for a, b in zip(ours._choices, field._choices, strict=True)] == [
        a is b for a, b in zip(theirs._choices, field._choices, strict=True)
    ]
    assert ours._choices is not ours.widget.choices
    assert ours.widget is not field.widget and vars(ours.widget).keys() == vars(theirs.widget).keys()
    assert ours.widget.choices == theirs.widget.choices and ours.widget.attrs == theirs.widget.attrs


def test_the_registration_forms_choices_are_copied_as_django_copies_them() -> None:
    fixed = [f for f in RegisterForm.base_fields.values() if isinstance(f, FixedChoiceField)]
    assert len(fixed) == 5
    for field in fixed:
        _same_copy(field)
    first, second = RegisterForm(agencies=None).fields, RegisterForm(agencies=None).fields
    for name, field in RegisterForm.base_fields.items():
        if isinstance(field, FixedChoiceField):
            first[name].choices = [("x", "x")]
            assert second[name].choices == field.choices != first[name].choices


@pytest.mark.parametrize(
    "choices",
    [
        [("a", "甲"), (1, gettext_lazy("乙")), (True, None)],
        [("", "—"), ("组", [("a", "甲"), ("b", "乙")])],  # an optgroup: normalised to a list
        [("a", mark_safe("<b>甲</b>"))],  # a safe string: deepcopy builds a new one
        lambda: [("a", "甲")],  # a callable: not a list
        [],
    ],
)
def test_choices_deepcopy_rebuilds_are_left_to_django(choices: Any) -> None:
    _same_copy(FixedChoiceField(choices=choices, required=False))
