"""The short escaping path (gongkai.core.html) writes what Django's `conditional_escape` and
`render_value_in_context` write, for plain, safe, lazy and other values, hostile text included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template import Context
from django.template.base import render_value_in_context
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.html import escaped, shown, translated

PIECES = [*"<>&\"'% a申\n", "%%", "%s", "\x00", "&amp;", "&#x27;", "登记申请"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


class _Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return "<never used>"


_SAFE_LAZY = lazy(mark_safe, str)
VALUES = st.one_of(
    TEXT,
    TEXT.map(mark_safe),
    TEXT.map(gettext_lazy),
    TEXT.map(_SAFE_LAZY),
    TEXT.map(_Html),
    st.integers(),
    st.none(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(dt.date(1000, 1, 1)),
)


@given(value=VALUES, autoescape=st.booleans(), language=st.sampled_from(["zh-hans", "en"]))
@settings(max_examples=300, deadline=None)
def test_the_short_path_writes_what_django_writes(value: Any, autoescape: bool, language: str) -> None:
    with translation.override(language):
        assert escaped(value) == conditional_escape(value)
        context = Context(autoescape=autoescape)
        assert shown(value, context) == render_value_in_context(value, context)


def test_quotes_are_escaped_as_django_escapes_them() -> None:
    assert escaped("'\"<>&") == "&#x27;&quot;&lt;&gt;&amp;" == conditional_escape("'\"<>&")
    assert escaped(mark_safe("<b>")) == "<b>"


def test_a_variable_is_translated_with_its_percent_signs_kept() -> None:
    with translation.override("en"):
        assert translated("登记申请") == str(gettext_lazy("登记申请")) != "登记申请"
        assert translated("100% %s %(x)s") == "100% %s %(x)s"
