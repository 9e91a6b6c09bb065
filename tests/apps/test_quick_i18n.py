"""`{% load quick_i18n %}` (gongkai's templates) loads gongkai.web.templatetags.quick_i18n, whose `{% translate "literal" %}` is written
once per language: the pages are the HTML Django's own tag gave, in both languages, on real pages and on
hostile literals, every form of the tag, rendered again (remembered) and after a change of language."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template import Context, Engine, engines
from django.templatetags import i18n as django_i18n
from django.test import override_settings
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongkai.web.templatetags.quick_i18n import QuickTranslateNode

QUICK = engines["django"].engine
DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's own tag library
LANGUAGES = ("zh-hans", "en", "de")  # de: no catalogue, the message itself

FORMS = [
    '{% translate "申请" %}',
    "{% translate '我的工作台' %}|{% trans \"待我办理（按期限）\" %}",
    '{% translate "申请" context "菜单" %}',
    '{% translate "申请" as word %}[{{ word }}]',
    '{% translate "申请" noop %}',
    '{% translate "申请"|upper %}',
    "{% translate label %}",
    '{% language "en" %}{% translate "申请" %}{% endlanguage %}{% translate "申请" %}',
    '{% autoescape off %}{% translate "<b>&%s%%" %}{% endautoescape %}{% translate "<b>&%s%%" %}',
    "{% blocktranslate %}申请{% endblocktranslate %}{% get_current_language as lang %}{{ lang }}",
]


def _both(source: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    with translation.override(language):
        quick = QUICK.from_string("{% load quick_i18n %}" + source)
        django = DJANGO.from_string("{% load i18n %}" + source)
        first = quick.render(Context(context))
        assert quick.render(Context(context)) == first  # remembered
        return first, django.render(Context(context))


@pytest.mark.parametrize("source", FORMS)
def test_every_form_of_the_tag_writes_what_djangos_wrote(source: str) -> None:
    for language in LANGUAGES:
        quick, django = _both(source, {"label": "<i>已登记</i> %"}, language)
        assert quick == django, (language, source)


def test_the_libraries_quick_node_is_the_one_loaded() -> None:
    nodes = QUICK.from_string('{% load quick_i18n %}{% translate "申请" %}').nodelist
    assert any(isinstance(node, QuickTranslateNode) and node.fixed for node in nodes)


def test_one_template_follows_the_active_language() -> None:
    template = QUICK.from_string('{% load quick_i18n %}{% translate "我的工作台" %}')
    seen = []
    for language in ("zh-hans", "en", "zh-hans", "en"):
        with translation.override(language):
            seen.append(template.render(Context()))
    assert seen == ["我的工作台", "My desk", "我的工作台", "My desk"]


@hypothesis_settings(deadline=None, max_examples=150)
@given(st.text(st.characters(blacklist_characters='"\\{}\n\r'), min_size=1, max_size=40))
def test_hostile_literals_are_written_as_django_wrote_them(text: str) -> None:
    source = f'{{% translate "{text}" %}}'
    for language in ("zh-hans", "en"):
        quick, django = _both(source, {}, language)
        assert quick == django


def _without_quick_library() -> list[dict[str, Any]]:
    """The settings' templates with `quick_i18n` standing for Django's own i18n library."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["libraries"] = {"quick_i18n": "django.templatetags.i18n"}
    return templates


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _pages(client: Any, paths: list[str]) -> list[str]:
    pages = []
    for path in paths:
        caches["default"].clear()  # the menu's fragment, written by the engine of this round
        answer = client.get(path)
        assert answer.status_code == 200, path
        pages.append(CSRF.sub("csrf", answer.content.decode()))
    return pages


@pytest.mark.django_db
def test_real_pages_are_the_html_djangos_tag_gave(world: Any, register: Any, client_for: Any) -> None:
    from gongkai.applications import services

    world.agency_a.name = '洪泽区<教育>局 & "学校" %s'
    world.agency_a.save()
    application = register(on=dt.date(2025, 3, 3), name="<b>张三</b> %%")
    services.request_amendment(application, world.clerk, dt.date(2025, 3, 5), points="写明<文号> & %")
    paths = [
        "/",
        "/applications/",
        "/applications/new/",
        f"/applications/{application.pk}/",
        f"/applications/{register(on=dt.date(2025, 3, 4)).pk}/",
    ]
    for language in ("zh-hans", "en"):
        client = client_for(world.clerk)
        client.cookies["django_language"] = language
        quick = _pages(client, paths)
        with override_settings(TEMPLATES=_without_quick_library()):
            assert engines["django"].engine.template_libraries["quick_i18n"] is django_i18n.register
            django = _pages(client, paths)
        quick_again = _pages(client, paths)
        assert quick == django == quick_again, language
        assert "</html>" in quick[3] and ("My desk" in quick[0]) == (language == "en")
