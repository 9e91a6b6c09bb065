"""The form renderer that writes the common widgets in Python (gongkai.web.forms_renderer) gives exactly
the HTML Django's templates give: on every form of the system, blank and bound with errors, and on
hostile values."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

import gongkai
from gongkai.web.forms_renderer import QUICK_SOURCES, QuickRenderer

pytestmark = pytest.mark.django_db

TEMPLATES = DjangoTemplates()
QUICK = QuickRenderer()


def _system_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if module.name.rsplit(".", 1)[-1] not in {"forms", "views", "admin"}:
            continue
        for _name, value in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__.startswith("gongkai."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def _made(form_class: type[forms.BaseForm], renderer: Any, data: Any) -> forms.BaseForm | None:
    from gongkai.agencies.models import Agency

    for extra in ({}, {"agencies": Agency.objects.all()}, {"agency": Agency.objects.first()}):
        try:
            return form_class(data, renderer=renderer, **extra)
        except TypeError:
            continue
    return None


def _html(form: forms.BaseForm) -> list[str]:
    shown = [str(form.non_field_errors())]
    for field in form:
        shown += [str(field), str(field.errors)]
    return shown


def test_every_form_of_the_system_renders_as_with_django_templates(world: Any) -> None:
    compared = []
    for form_class in _system_forms():
        for data in (None, {"number": "<b>&\"'", "content": "x" * 3, "on": "not a date"}):
            quick, slow = _made(form_class, QUICK, data), _made(form_class, TEMPLATES, data)
            if quick is None or slow is None:
                continue
            assert _html(quick) == _html(slow), form_class
            compared.append(form_class.__name__)
    assert {"RegisterForm", "StepForm"} <= set(compared)
    assert len(set(compared)) >= 10


class Everything(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"data-x": '"<&>', "data-t": (1, "<"), "readonly": True, "hidden": False}
        )
    )
    number = forms.IntegerField(initial=1234567)
    day = forms.DateField(initial=dt.date(2026, 12, 6))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<i>safe</i>"))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    choice = forms.ChoiceField(choices=[("a", "甲<"), ("组", [(1, "一"), (2, "二")]), ("", "——")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], initial=["b"])
    typed = forms.TypedChoiceField(choices=[(1, 1), (2, 2.5)], coerce=int, initial=2)
    maybe = forms.NullBooleanField()
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), initial="<script>")
    upload = forms.FileField(widget=forms.FileInput, required=False)
    tick = forms.BooleanField(required=False)


@given(text=st.text(max_size=20), area=st.text(max_size=20), choice=st.sampled_from(["a", "1", "x", ""]))
def test_hostile_values_render_as_with_django_templates(text: str, area: str, choice: str) -> None:
    data = {"text": text, "area": area, "choice": choice, "many": ["a", choice], "typed": choice}
    for bound in (None, data):
        assert _html(Everything(bound, renderer=QUICK)) == _html(Everything(bound, renderer=TEMPLATES))


def test_the_python_writers_are_used_for_djangos_own_templates() -> None:
    assert all(QUICK.is_quick(name) for name in QUICK_SOURCES)  # Django's templates are the known ones
    renderer = QuickRenderer()
    shown = str(Everything(renderer=renderer)["choice"])
    assert shown.startswith('<select name="choice" id="id_choice">')
    assert set(renderer._quick) >= {
        "django/forms/widgets/select.html",
        "django/forms/widgets/select_option.html",
    }


def test_a_template_that_differs_from_djangos_is_rendered_by_the_engine(monkeypatch: Any) -> None:
    monkeypatch.setitem(QUICK_SOURCES, "django/forms/widgets/textarea.html", "something else")
    renderer = QuickRenderer()
    assert not renderer.is_quick("django/forms/widgets/textarea.html")
    assert str(Everything(renderer=renderer)["area"]) == str(Everything(renderer=TEMPLATES)["area"])
