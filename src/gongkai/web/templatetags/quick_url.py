"""Django's `{% url %}` with the addresses it reversed remembered per process.

The application's page has 22 `{% url %}` tags; each calls `reverse()` (the resolver's patterns, the
arguments converted and quoted) at every render. An address is a pure function of the view's name, its
arguments, the current application, the URL configuration, the script prefix, the language and whether
the context autoescapes; for names and arguments that are plain `str` and `int` (everything the pages
give) this tag keeps what it wrote under all of those, in one bounded table (emptied when full and when
a setting that changes addresses changes, as in tests). Anything else, `as var` and keyword arguments go
to Django's own tag. Installed as a builtin (TEMPLATES' `builtins`), so it replaces Django's `url` in
every template. tests/apps/test_quick_url.py compares it with Django's tag.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

LIMIT = 4096  # addresses kept; the table is emptied when full (a page's few dozen are written again)
_URLS: dict[tuple[Any, ...], str] = {}
_ADDRESS_SETTINGS = frozenset({"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES", "LANGUAGE_CODE"})
# Exact types: a bool equals 1 in a key but writes "True"; literals in templates come as SafeString.
_PLAIN = (int, str, SafeString)


def _current_app(context: Any) -> Any:
    """As URLNode.render finds it."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class QuickURLNode(URLNode):
    """`URLNode` that remembers what it wrote for plain names and arguments."""

    def render(self, context: Any) -> Any:
        if self.asvar is not None or self.kwargs:
            return super().render(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        view_name = self.view_name.resolve(context)
        if type(view_name) not in _PLAIN or any(type(arg) not in _PLAIN for arg in args):
            return super().render(context)
        current_app = _current_app(context)
        if current_app is not None and type(current_app) is not str:
            return super().render(context)
        key = (
            view_name,
            args,
            current_app,
            get_urlconf(),
            get_script_prefix(),
            translation.get_language(),
            context.autoescape,
        )
        try:
            return _URLS[key]
        except KeyError:
            pass
        url = super().render(context)
        if len(_URLS) >= LIMIT:
            _URLS.clear()
        _URLS[key] = url
        return url


@register.tag("url")
def url(parser: Parser, token: Token) -> QuickURLNode:
    node = django_url(parser, token)
    return QuickURLNode(node.view_name, node.args, node.kwargs, node.asvar)


def forget(**_kwargs: Any) -> None:
    """Empty the table (a setting that changes addresses changed)."""
    _URLS.clear()


def _on_setting(*, setting: str, **_kwargs: Any) -> None:
    if setting in _ADDRESS_SETTINGS:
        forget()


setting_changed.connect(_on_setting, dispatch_uid="gongkai.quick_url")
