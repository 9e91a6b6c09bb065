"""The application list's rows written in Python (gongkai.applications.list_rows) are the HTML the template
loop gave: on the real page, and on hand-made rows with hostile values, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.applications.list_rows import (
    AGENCY_OPTIONS_TEMPLATE,
    ROW_TEMPLATE,
    STATE_OPTIONS_TEMPLATE,
    agency_options,
    rows_html,
    state_options,
)
from gongkai.applications.models import Application, State
from gongkai.applications.queries import Filters

ENGINE = engines["django"]


def _by_engine(rows: list[dict[str, Any]]) -> str:
    return ENGINE.from_string(ROW_TEMPLATE).render({"rows": rows})


def _hostile_agency_name(world: Any) -> None:
    world.agency_a.name = '洪泽区<教育>局 & "学校"'
    world.agency_a.save()


def _list_page(client_for: Any, user: Any, language: str, query: str = "") -> Any:
    client = client_for(user)
    client.cookies["django_language"] = language
    return client.get(reverse("applications:list") + query)


@pytest.mark.django_db
def test_the_list_page_shows_the_rows_the_template_loop_gave(
    world: Any, register: Any, client_for: Any
) -> None:
    _hostile_agency_name(world)
    register(dt.date(2025, 3, 3), name="<b>张三</b>")
    register(dt.date(2025, 3, 4), number="2025-<0099>")
    register(dt.date(2025, 3, 5), name="李四 %s %%")
    for language in ("zh-hans", "en"):
        answer = _list_page(client_for, world.clerk, language)
        rows = answer.context["rows"]
        assert len(rows) == 3
        with translation.override(language):
            expected = "<tbody>\n" + _by_engine(rows) + "\n</tbody>"
        assert expected in answer.content.decode()
    assert "&lt;b&gt;张三&lt;/b&gt;" not in expected  # the applicant is masked on the list
    assert "2025-&lt;0099&gt;" in expected and "洪泽区&lt;教育&gt;局 &amp; &quot;学校&quot;" in expected


@pytest.mark.django_db
def test_an_empty_list_says_so(world: Any, client_for: Any) -> None:
    content = client_for(world.clerk).get(reverse("applications:list")).content.decode()
    assert '<tbody>\n<tr><td colspan="7" class="muted">没有符合条件的申请。</td></tr>\n</tbody>' in content


PIECES = [*"<>&\"'% a申{}", "%%", "%s", "\x00", "—", "{{", "&amp;"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@st.composite
def _rows(draw: Any) -> list[dict[str, Any]]:
    rows = []
    for pk in draw(st.lists(st.integers(1, 10**12), max_size=4)):
        agency = Agency(pk=1, name=draw(TEXT), code="x")
        application = Application(
            pk=pk,
            agency=agency,
            number=draw(TEXT),
            received_on=draw(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))),
            reply_due=draw(st.none() | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))),
            state=draw(st.sampled_from(State.values)),
        )
        label = draw(st.sampled_from(["办理中", "已逾期", "即将到期"]) | TEXT)
        rows.append(
            {
                "application": application,
                "applicant": draw(TEXT),
                "status": draw(TEXT),
                "status_label": draw(st.sampled_from([label, gettext_lazy(label)])),
                "provisional": draw(st.booleans()),
                "outcome_label": draw(st.sampled_from(["", gettext_lazy("予以公开")]) | TEXT),
            }
        )
    return rows


@given(rows=_rows(), language=st.sampled_from(["zh-hans", "en"]))
@settings(max_examples=150, deadline=None)
def test_hostile_rows_are_written_as_the_template_writes_them(
    rows: list[dict[str, Any]], language: str
) -> None:
    with translation.override(language):
        assert str(rows_html(rows)) == _by_engine(rows)


def test_every_state_and_status_is_written_on_each_of_its_rows() -> None:
    """The cells translated once a page: rows of one number, agency and applicant in every state and
    urgency, each twice (so that a cell kept by a wrong key shows on the second)."""
    from gongkai.applications.queries import URGENCY_LABELS

    agency = Agency(pk=1, name="局", code="x")
    rows = []
    for n, (state, (status, label)) in enumerate(
        [(s, u) for s in State.values for u in URGENCY_LABELS.items()] * 2
    ):
        application = Application(
            pk=n + 1, agency=agency, number="同号", received_on=dt.date(2025, 3, 3), state=state
        )
        rows.append(
            {
                "application": application,
                "applicant": "张*",
                "status": status,
                "status_label": label,
                "provisional": False,
                "outcome_label": "",
            }
        )
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert str(rows_html(rows)) == _by_engine(rows)


def _options_by_engine(agencies: list[Any], states: list[Any], filters: Filters) -> tuple[str, str]:
    context = {"agencies": agencies, "states": states, "filters": filters}
    return (
        ENGINE.from_string(AGENCY_OPTIONS_TEMPLATE).render(context),
        ENGINE.from_string(STATE_OPTIONS_TEMPLATE).render(context),
    )


@pytest.mark.django_db
def test_the_list_pages_filter_options_are_those_the_template_loops_gave(
    world: Any, register: Any, client_for: Any
) -> None:
    _hostile_agency_name(world)
    register(dt.date(2025, 3, 3))
    for language, query in (("zh-hans", ""), ("en", f"?agency={world.agency_a.pk}&state=registered")):
        answer = _list_page(client_for, world.supervisor, language, query)  # sees several agencies
        context = answer.context
        assert len(context["agencies"]) > 1
        with translation.override(language):
            agencies, states = _options_by_engine(context["agencies"], context["states"], context["filters"])
        content = answer.content.decode()
        assert f"</option>\n    {agencies}</select>" in content
        assert f"</option>\n    {states}</select>" in content
        assert ("selected>" in agencies) is bool(query) and ("selected>" in states) is bool(query)
    assert "洪泽区&lt;教育&gt;局 &amp; &quot;学校&quot;" in agencies


@given(
    agencies=st.lists(st.tuples(st.integers(1, 10**12), TEXT), max_size=4),
    states=st.lists(st.tuples(TEXT, TEXT | st.sampled_from(State.labels)), max_size=4),
    chosen=st.none() | st.integers(1, 10**12),
    chosen_state=TEXT,
    pick=st.booleans(),
    language=st.sampled_from(["zh-hans", "en"]),
)
@settings(max_examples=150, deadline=None)
def test_hostile_filter_options_are_written_as_the_template_writes_them(
    agencies: list[tuple[int, str]],
    states: list[tuple[str, str]],
    chosen: int | None,
    chosen_state: str,
    pick: bool,
    language: str,
) -> None:
    made = [Agency(pk=pk, name=name, code="x") for pk, name in agencies]
    if pick and made:  # one of them selected
        chosen, chosen_state = made[0].pk, (states[0][0] if states else chosen_state)
    filters = Filters(agency=chosen, state=chosen_state)
    with translation.override(language):
        expected = _options_by_engine(made, states, filters)
        assert (str(agency_options(made, chosen)), str(state_options(states, chosen_state))) == expected
