"""Django's `i18n` tag library, with `{% translate "a literal" %}` remembered per language.

Every page renders dozens of `{% translate "..." %}` tags on fixed text (the application's page 57);
Django resolves each as a lazy translation, localises, escapes and unescapes percent signs at every
render. For a literal without filters, context, `as` or `noop` the result depends only on the active
language (and on whether the context autoescapes), so each node keeps what it wrote per language. gongkai's
templates load it as `{% load quick_i18n %}` (a library of its own name: one registered as `i18n` would
shadow Django's, which `check --deploy` warns of); every other tag and filter is Django's own. The catalogues are read once per
process; a change of the language settings (tests) empties what the nodes remember.
tests/apps/test_quick_i18n.py compares it with Django's tag on real pages and on hostile literals.
"""

from __future__ import annotations

import weakref
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import Parser, Token
from django.templatetags import i18n as django_i18n
from django.utils import translation

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# The settings whose change reloads Django's catalogues (django.test.signals.update_installed_apps and
# trans_real's reset): the nodes forget what they wrote when one changes.
_CATALOGUE_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"})
_NODES: weakref.WeakSet[QuickTranslateNode] = weakref.WeakSet()


class QuickTranslateNode(django_i18n.TranslateNode):
    """`TranslateNode` that writes a literal once per language and autoescape setting."""

    def __init__(self, node: django_i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        expression = self.filter_expression
        self.fixed = (
            not self.noop
            and self.asvar is None
            and self.message_context is None
            and not expression.filters
            and getattr(expression.var, "lookups", ()) is None
        )
        self.written: dict[tuple[str | None, bool], str] = {}
        if self.fixed:
            _NODES.add(self)

    def render(self, context: Any) -> Any:
        if not self.fixed:
            return super().render(context)
        key = (translation.get_language(), context.autoescape)
        try:
            return self.written[key]
        except KeyError:
            value = self.written[key] = super().render(context)
            return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> QuickTranslateNode:
    return QuickTranslateNode(django_i18n.do_translate(parser, token))


def _forget(*, setting: str, **_kwargs: Any) -> None:
    if setting in _CATALOGUE_SETTINGS:
        for node in list(_NODES):
            node.written.clear()


setting_changed.connect(_forget, dispatch_uid="gongkai.quick_i18n")
