"""The application's page with its repetitive parts written in Python (gongkai.applications.detail_html)
is the HTML the template parts gave: on real pages (full and masked, both languages), and on hand-made
values with hostile text, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.applications import detail_html, services
from gongkai.applications.deadlines import ShownDeadline
from gongkai.applications.models import Application, State
from gongkai.applications.timeline import TimelineEntry
from gongkai.applications.workflow import TRANSITIONS

ENGINE = engines["django"]

# Each part: its template, the function writing it, and the context names it takes (in order).
PARTS = {
    "actions_html": (detail_html.ACTIONS_TEMPLATE, detail_html.actions_html, ("application", "actions")),
    "facts_html": (
        detail_html.FACTS_TEMPLATE,
        detail_html.facts_html,
        ("application", "person", "outcome_label", "confirmation_late"),
    ),
    "deadlines_html": (
        detail_html.DEADLINES_TEMPLATE,
        detail_html.deadlines_html,
        ("deadlines", "provisional_notice"),
    ),
    "timeline_html": (detail_html.TIMELINE_TEMPLATE, detail_html.timeline_html, ("events",)),
}


def _both(part: str, values: dict[str, Any]) -> tuple[str, str]:
    """The part as the engine renders its template, and as the Python function writes it."""
    source, write, names = PARTS[part]
    return ENGINE.from_string(source).render(values), str(write(*(values[n] for n in names)))


@pytest.mark.django_db
def test_the_page_shows_the_parts_the_template_gave(world: Any, register: Any, client_for: Any) -> None:
    world.agency_a.name = '洪泽区<教育>局 & "学校"'
    world.agency_a.save()
    application = register(
        dt.date(2025, 3, 3),
        name="<b>张三</b> %s %%",
        address="淮安市 'A' & <B> 路",
        email="a&b@example.cn",
    )
    Application.objects.filter(pk=application.pk).update(
        content="第一行 <script>\r\n第二行 & %(x)s\r第三行", form_wanted="", delivery_wanted="<邮寄>"
    )
    services.request_amendment(application, world.clerk, dt.date(2025, 3, 4), points="写明<文号> & 'x' %s")
    seen, pages = 0, []
    for user in (world.clerk, world.supervisor):
        for language in ("zh-hans", "en"):
            client = client_for(user)
            client.cookies["django_language"] = language
            answer = client.get(reverse("applications:detail", args=[application.pk]))
            assert answer.status_code == 200
            content = answer.content.decode()
            pages.append(content)
            values = {name: answer.context[name] for p in PARTS.values() for name in p[2]}
            with translation.override(language):
                for part in PARTS:
                    by_engine, by_python = _both(part, values)
                    assert by_python == by_engine == str(answer.context[part])
                    assert by_engine in content
                    seen += bool(by_engine.strip())
    assert seen == 14  # every part but the supervisor's (absent) step buttons
    clerks = pages[0]  # the clerk sees the applicant in full
    assert "&lt;b&gt;张三&lt;/b&gt; %s %%" in clerks and "第一行 &lt;script&gt;<br>第二行" in clerks


PIECES = [*"<>&\"'% a申{}\n\r", "%%", "%s", "%(days)s", "\x00", "—", "{{", "&amp;", "长" * 300]
TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
DATES = st.none() | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))
FIELDS = ("applicant_name", "id_number", "credit_code", "phone", "email", "address")


@st.composite
def _facts(draw: Any) -> dict[str, Any]:
    application = Application(
        pk=draw(st.integers(1, 10**12)),
        agency=Agency(pk=1, name=draw(TEXT), code="x"),
        number=draw(TEXT),
        channel=draw(st.sampled_from(["in_person", "online", "post"]) | TEXT),
        applicant_category=draw(st.sampled_from(["natural_person", "legal_person"]) | TEXT),
        id_type=draw(st.sampled_from(["", "resident_id", "passport"]) | TEXT),
        content=draw(TEXT),
        form_wanted=draw(TEXT),
        delivery_wanted=draw(TEXT),
        received_on=draw(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))),
        **{
            field: draw(DATES)
            for field in ("arrived_on", "confirmed_on", "amended_on", "replied_on", "closed_on")
        },
        state=draw(st.sampled_from(State.values)),
    )
    return {
        "application": application,
        "person": {field: draw(TEXT) for field in FIELDS},
        "outcome_label": draw(st.sampled_from(["", gettext_lazy("予以公开")]) | TEXT),
        "confirmation_late": draw(st.integers(0, 10**7)),
    }


@given(values=_facts(), language=st.sampled_from(["zh-hans", "en"]))
@settings(max_examples=150, deadline=None)
def test_hostile_facts_are_written_as_the_template_writes_them(values: dict[str, Any], language: str) -> None:
    with translation.override(language):
        by_engine, by_python = _both("facts_html", values)
    assert by_python == by_engine


LABELS = st.sampled_from(["答复期限", "补正告知期限（如需补正）"]) | TEXT
_DEADLINE = st.builds(
    ShownDeadline,
    label=LABELS,
    due=DATES,
    explanation=TEXT,
    status=st.sampled_from(["green", "yellow", "red", "done", "unknown"]) | TEXT,
    provisional=st.booleans(),
)
_MOMENTS = st.datetimes(dt.datetime(1900, 1, 2), dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC))
_ENTRY = st.builds(
    TimelineEntry,
    seq=st.integers(1, 100),
    at=_MOMENTS,
    on=TEXT,
    actor=TEXT,
    label=st.sampled_from(["登记申请", "告知补正"]) | TEXT,
    changes=st.lists(TEXT, max_size=3),
    details=st.lists(TEXT, max_size=3),
)


@given(
    deadlines=st.lists(_DEADLINE, max_size=4),
    notice=TEXT,
    events=st.lists(_ENTRY, max_size=4),
    actions=st.lists(st.sampled_from(list(TRANSITIONS.values())), max_size=5),
    pk=st.integers(1, 10**12),
    language=st.sampled_from(["zh-hans", "en"]),
)
@settings(max_examples=150, deadline=None)
def test_hostile_deadlines_steps_and_buttons_are_written_as_the_template_writes_them(
    deadlines: list[ShownDeadline],
    notice: str,
    events: list[TimelineEntry],
    actions: list[Any],
    pk: int,
    language: str,
) -> None:
    values = {
        "deadlines": deadlines,
        "provisional_notice": notice,
        "events": events,
        "actions": actions,
        "application": Application(pk=pk),
    }
    with translation.override(language), timezone.override("Asia/Shanghai"):
        for part in ("deadlines_html", "timeline_html", "actions_html"):
            by_engine, by_python = _both(part, values)
            assert by_python == by_engine


def _fields(row: Any) -> list[tuple[str, Any, type]]:
    return [
        (f.attname, getattr(row, f.attname), type(getattr(row, f.attname))) for f in row._meta.concrete_fields
    ]


@pytest.mark.django_db
def test_the_pages_letters_attachments_and_cases_are_what_the_orm_reads(
    world: Any, register: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.applications import queries
    from gongkai.applications.models import ReviewCase

    settings.MEDIA_ROOT = tmp_path
    first, second, third = (register(dt.date(2025, 3, d)) for d in (3, 4, 5))
    services.request_amendment(first, world.clerk, dt.date(2025, 3, 4), points="写明文号")
    for name in ("证明.png", "<b>'乙'</b>.png"):
        services.add_attachment(first, world.clerk, SimpleUploadedFile(name, b"\x89PNG...."))
    for number, application in (("复-2", first), ("复-1", first), ("诉-1", second), ("复-3", None)):
        ReviewCase.objects.create(
            agency=world.agency_a,
            application=application,
            number=number,
            kind="reconsideration",
            received_on=dt.date(2025, 5, 6),
        )
    read = []
    for application in (first, second, third):
        for compiled, related in (
            (queries.LETTERS, application.letters),
            (queries.ATTACHMENTS, application.attachments),
            (queries.REVIEW_CASES, application.review_cases),
        ):
            expected = [_fields(row) for row in related.all()]
            assert [_fields(row) for row in compiled.objects(application.pk)] == expected
            read.append(len(expected))
    # letters, attachments and cases of each: a receipt each, the amendment notice, the cases as linked
    assert read == [2, 2, 2, 1, 0, 1, 1, 0, 0]
