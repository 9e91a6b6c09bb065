"""`{% url %}` is gongkai.web.templatetags.quick_url's, which remembers the addresses it reversed: the same
addresses as Django's tag for every form of the tag, hostile arguments, another script prefix, another
URL configuration, and the same real pages."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongkai.web.templatetags import quick_url

QUICK = engines["django"].engine
DJANGO = Engine()  # Django's own builtins only

FORMS = [
    "{% url 'applications:detail' pk %}",
    "{% url 'applications:letter_file' pk 7 'docx' %}|{% url 'applications:letter_file' pk 7 'pdf' %}",
    "{% url 'applications:detail' pk=pk %}",
    "{% url 'applications:detail' pk as there %}[{{ there }}]",
    "{% url 'applications:detail' 'x' as there %}[{{ there }}]",
    "{% url name pk %}",
    "{% url 'applications:detail' text_pk %}",
    "{% url 'agencies:decide_request' 1 1 flag %}|{% url 'agencies:decide_request' 1 1 1 %}",
    "{% autoescape off %}{% url 'applications:detail' pk %}{% endautoescape %}",
]


def _both(source: str, context: dict[str, Any]) -> tuple[str, str]:
    quick = QUICK.from_string(source)
    first = quick.render(Context(context))
    assert quick.render(Context(context)) == first  # remembered
    return first, DJANGO.from_string(source).render(Context(context))


@pytest.mark.parametrize("source", FORMS)
def test_every_form_of_the_tag_writes_what_djangos_wrote(source: str) -> None:
    context = {"pk": 12, "text_pk": "13", "name": "applications:detail", "flag": True}
    quick, django = _both(source, context)
    assert quick == django and (quick.strip("[]") or "as there" in source)


def test_the_quick_node_is_the_one_loaded_and_remembers() -> None:
    quick_url.forget()
    QUICK.from_string("{% url 'applications:detail' 5 %}").render(Context())
    assert any(key[:2] == ("applications:detail", (5,)) for key in quick_url._URLS)


def test_a_missing_address_is_refused_as_django_refuses_it() -> None:
    for engine in (QUICK, DJANGO):
        with pytest.raises(NoReverseMatch):
            engine.from_string("{% url 'applications:detail' 'a/b' %}").render(Context())


@hypothesis_settings(deadline=None, max_examples=100)
@given(st.text(max_size=20).filter(lambda text: "\n" not in text), st.integers(0, 10**12))
def test_hostile_arguments_give_djangos_addresses(text: str, number: int) -> None:
    source = "{% url 'applications:letter_file' pk number kind as there %}[{{ there }}]"
    quick, django = _both(source, {"pk": number, "number": number, "kind": text})
    assert quick == django
    source = "{% url 'agencies:decide_request' number 1 decision %}"
    try:
        django = DJANGO.from_string(source).render(Context({"number": number, "decision": text}))
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            QUICK.from_string(source).render(Context({"number": number, "decision": text}))
    else:
        assert _both(source, {"number": number, "decision": text}) == (django, django)


def test_another_script_prefix_and_url_configuration_give_their_own_addresses() -> None:
    template = QUICK.from_string("{% url 'applications:detail' 3 %}")
    assert template.render(Context()) == "/applications/3/"
    set_script_prefix("/gongkai/")
    try:
        assert template.render(Context()) == "/gongkai/applications/3/"
    finally:
        set_script_prefix("/")
    assert template.render(Context()) == "/applications/3/"
    with override_settings(ROOT_URLCONF="gongkai.web.urls"):
        assert not quick_url._URLS  # a change of configuration empties the table


def _without_quick_url() -> list[dict[str, Any]]:
    templates = copy.deepcopy(settings.TEMPLATES)
    del templates[0]["OPTIONS"]["builtins"]
    return templates


@pytest.mark.django_db
def test_real_pages_are_the_html_djangos_tag_gave(world: Any, register: Any, client_for: Any) -> None:
    from test_quick_i18n import _pages

    from gongkai.applications import services

    application = register(on=dt.date(2025, 3, 3), name="<b>张三</b>")
    services.request_amendment(application, world.clerk, dt.date(2025, 3, 5), points="写明文号")
    paths = ["/", "/applications/", "/applications/new/", f"/applications/{application.pk}/"]
    for language in ("zh-hans", "en"):
        client = client_for(world.clerk)
        client.cookies["django_language"] = language
        quick = _pages(client, paths)
        with override_settings(TEMPLATES=_without_quick_url()):
            assert not any(isinstance(t, quick_url.QuickURLNode) for t in _nodes(paths[3]))
            django = _pages(client, paths)
        assert quick == django == _pages(client, paths), language
        assert f'href="/applications/{application.pk}/letters/' in quick[3]


def _nodes(_path: str) -> list[Any]:
    template = engines["django"].engine.get_template("applications/detail.html")
    return list(template.nodelist.get_nodes_by_type(object))
