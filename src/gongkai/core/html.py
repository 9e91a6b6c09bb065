"""Escaping for HTML written in Python (the list's rows, form fields, the application's page): Django's
`conditional_escape` and `{{ value }}` with a short path for plain text, the same output.

Django's `escape` is `html.escape` wrapped to accept lazy strings (`keep_lazy`), and that wrapper cost
more than the escaping on the pages written in Python (issue 14; docs/decisions/load-model.md). Only a
value of exact type `str` or a lazy string takes the short path: safe text (`SafeString`, a `str`
subclass), objects with `__html__` and everything else go through Django's functions unchanged.
tests/apps/test_html_escape.py compares both on hostile values.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.translation import gettext


def escaped(value: Any) -> str:
    """`conditional_escape(value)`: `&<>"'` escaped (`'` as `&#x27;`, as Django writes it), safe text
    and objects with `__html__` kept as they are."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        text = str(value)
        if type(text) is str:
            return html.escape(text)
    return conditional_escape(value)


def shown(value: Any, context: Context) -> str:
    """`{{ value }}` in `context`: `render_value_in_context`, escaped text without its detours."""
    if context.autoescape and (type(value) is str or isinstance(value, Promise)):
        return escaped(value)
    return render_value_in_context(value, context)


def translated(value: Any) -> str:
    """`{% translate variable %}` before escaping: percent signs doubled for the lookup, restored after."""
    return gettext(str(value).replace("%", "%%")).replace("%%", "%")


def iso_day(value: dt.date | None) -> str:
    """`|date:"Y-m-d"` of a date (or of a moment already in the time zone shown), "" for none."""
    return "" if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
