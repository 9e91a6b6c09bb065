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
from gongkai.applications.list_rows import ROW_TEMPLATE, rows_html
from gongkai.applications.models import Application, State

ENGINE = engines["django"]


def _by_engine(rows: list[dict[str, Any]]) -> str:
    return ENGINE.from_string(ROW_TEMPLATE).render({"rows": rows})


@pytest.mark.django_db
def test_the_list_page_shows_the_rows_the_template_loop_gave(
    world: Any, register: Any, client_for: Any
) -> None:
    world.agency_a.name = '洪泽区<教育>局 & "学校"'
    world.agency_a.save()
    register(dt.date(2025, 3, 3), name="<b>张三</b>")
    register(dt.date(2025, 3, 4), number="2025-<0099>")
    register(dt.date(2025, 3, 5), name="李四 %s %%")
    for language in ("zh-hans", "en"):
        client = client_for(world.clerk)
        client.cookies["django_language"] = language
        answer = client.get(reverse("applications:list"))
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
