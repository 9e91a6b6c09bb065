"""`{% form_fields %}` (gongkai.web.templatetags.form_fields) writes what its template loop wrote: on every
form of the system, blank and bound with errors, in both languages, and on hostile labels and values."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, engines
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from test_forms_renderer import _made, _system_forms

from gongkai.web.templatetags.form_fields import FORM_FIELDS_TEMPLATE

ENGINE = engines["django"].engine
LOOP = ENGINE.from_string(FORM_FIELDS_TEMPLATE)
TAG = ENGINE.from_string("{% load form_fields %}{% form_fields %}")
INCLUDED = ENGINE.get_template("applications/form_fields.html")


def _both(form: Any) -> tuple[str, str]:
    return TAG.render(Context({"form": form})), LOOP.render(Context({"form": form}))


@pytest.mark.django_db
def test_every_form_of_the_system_is_written_as_the_loop_wrote_it(world: Any) -> None:
    compared = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for form_class in _system_forms():
                for data in (None, {"number": "<b>&\"'", "content": "x" * 3, "on": "not a date"}):
                    form = _made(form_class, None, data)
                    if form is None:
                        continue
                    tag, loop = _both(form)
                    assert tag == loop, form_class
                    assert INCLUDED.render(Context({"form": form})) == loop + "\n"
                    compared.add(form_class.__name__)
    assert {"RegisterForm", "StepForm"} <= compared
    assert len(compared) >= 10


def test_no_form_writes_what_the_loop_wrote_over_nothing() -> None:
    assert TAG.render(Context({})) == LOOP.render(Context({})) == "\n"


TEXT = st.lists(st.sampled_from([*"<>&\"'% a申{}", "%%", "%(max)s", "\x00", "{{"]), max_size=8).map("".join)


@given(label=TEXT, help_text=TEXT, value=TEXT, error=TEXT, language=st.sampled_from(["zh-hans", "en"]))
@settings(max_examples=80, deadline=None)
def test_hostile_labels_help_texts_and_errors_are_written_as_the_loop_wrote_them(
    label: str, help_text: str, value: str, error: str, language: str
) -> None:
    class Hostile(forms.Form):
        text = forms.CharField(label=label or None, help_text=help_text, required=False)
        area = forms.CharField(widget=forms.Textarea, max_length=300, label=label or None)
        tick = forms.BooleanField(required=False, label=label or None, help_text=help_text)
        secret = forms.CharField(widget=forms.HiddenInput, required=False)
        plain = forms.IntegerField(required=False, min_value=1)

        def clean(self) -> dict[str, Any]:
            if error:
                raise ValidationError([error, "第二条<错误>"])
            return self.cleaned_data

    with translation.override(language):
        for data in (None, {"text": value, "area": value, "secret": value, "plain": value, "tick": "on"}):
            tag, loop = _both(Hostile(data))
            assert tag == loop
