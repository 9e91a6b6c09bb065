"""The queries of the pages a clerk opens all day (issue 14: 50 clerks registering at once on PostgreSQL):
the registration form, its submission and the application's page. Counts measured on SQLite and
PostgreSQL when the per-page work was cut (docs/decisions/load-model.md); a change that adds queries to
these pages makes these tests fail, so that it is a decision and not a drift."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from gongkai.applications import services

VALID_ID_NUMBER = "11010519491231002X"

FORM_QUERIES = 4  # session, user, the agencies offered, the menu (memberships with their 督办 notices)
# + the registration: roles, insert (under a placeholder number), event, letter, and its last statement:
# on PostgreSQL one (the next number from the counter, written into the three, and the tallies); on
# SQLite, which holds its write lock from the start anyway, the same five one after the other
SUBMIT_QUERIES = {"postgresql": 10, "sqlite": 14}
# session, user, memberships (read once for the visibility, the roles and whether the last step may be
# undone), application, events (the log read once for clock, last step and timeline, whatever its
# length), menu, letters, attachments, review cases
DETAIL_QUERIES = 9


def _posted(agency: Any, content: str) -> dict[str, Any]:
    return {
        "agency": agency.pk,
        "channel": "in_person",
        "arrival": timezone.localdate().isoformat(),
        "applicant_category": "natural_person",
        "applicant_name": "张三",
        "id_number": VALID_ID_NUMBER,
        "phone": "13812345678",
        "content": content,
        "form_wanted": "纸质",
        "delivery_wanted": "邮寄",
    }


def test_a_registration_cycle_stays_within_its_queries(
    world: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.clerk)
    client.get("/applications/new/")  # the session's first touch (a write, once a minute) is not counted
    for n in range(2):
        with django_assert_max_num_queries(FORM_QUERIES):
            assert client.get("/applications/new/").status_code == 200
        with django_assert_max_num_queries(SUBMIT_QUERIES[connection.vendor]):
            answer = client.post("/applications/new/", _posted(world.agency_a, f"学区划分方案 {n}"))
        assert answer.status_code == 302
        with django_assert_max_num_queries(DETAIL_QUERIES):
            page = client.get(answer["Location"])
        assert page.status_code == 200
        assert f"学区划分方案 {n}" in page.content.decode()


def test_the_detail_page_reads_the_log_once_however_long(
    world: Any, register: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    application = register(on=dt.date(2025, 3, 3))
    services.request_amendment(application, world.clerk, dt.date(2025, 3, 5), points="写明文号")
    services.undo_last_step(application, world.head, reason="办理日期填错")
    services.request_amendment(application, world.clerk, dt.date(2025, 3, 6), points="写明文号")
    client = client_for(world.clerk)
    client.get("/")
    with django_assert_max_num_queries(DETAIL_QUERIES):  # whether the clerk may undo: no query of its own
        page = client.get(f"/applications/{application.pk}/")
    text = page.content.decode()
    assert text.count("（已撤销）") == 1  # the undone step, marked in the timeline
    assert "撤销上一步</a>" not in text and "撤销上一步：" in text  # the clerk's own, still in force


def test_the_menu_is_one_query_and_counts_each_agencys_notices_once(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    from django.test import RequestFactory

    from gongkai.agencies.models import Membership, Role
    from gongkai.supervision.models import CaseState, OversightCase
    from gongkai.web.menu import menu

    # Two roles in agency A (two membership rows), one in agency B; notices to A (one answered) and B.
    Membership.objects.create(user=world.clerk, agency=world.agency_a, role=Role.REVIEWER)
    Membership.objects.create(user=world.clerk, agency=world.agency_b, role=Role.CLERK)
    fields = {
        "office": world.government,
        "subject": "other",
        "title": "督办",
        "notice": "请答复",
        "deadline": dt.date(2025, 3, 20),
        "sent_on": dt.date(2025, 3, 10),
    }
    made = [OversightCase.objects.create(agency=world.agency_a, **fields) for _ in range(3)]
    made.append(OversightCase.objects.create(agency=world.agency_b, **fields))
    OversightCase.objects.filter(pk=made[0].pk).update(state=CaseState.ANSWERED)
    request = RequestFactory().get("/")
    request.user = world.clerk
    with django_assert_num_queries(1):
        shown = menu(request)["menu"]
    assert (shown["oversight"], shown["oversight_waiting"]) == (True, 3)
    request.user = world.supervisor  # the office's own notices are not answered by it
    assert menu(request)["menu"]["oversight"] is False


def test_the_detail_page_reads_attachments_only_when_the_log_notes_one(
    world: Any, register: Any, client_for: Any, settings: Any, tmp_path: Any, django_assert_num_queries: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    application = register(on=dt.date(2025, 3, 3))
    client = client_for(world.clerk)
    client.get("/")
    with django_assert_num_queries(DETAIL_QUERIES - 1):  # no attachment noted: none read
        assert "无附件" in client.get(f"/applications/{application.pk}/").content.decode()
    services.add_attachment(application, world.clerk, SimpleUploadedFile("证明.png", b"\x89PNG...."))
    with django_assert_num_queries(DETAIL_QUERIES):
        text = client.get(f"/applications/{application.pk}/").content.decode()
    assert "证明.png</a>" in text and "无附件" not in text


# session, user, memberships (read once for the visibility, the filter's agencies and the register
# link), count, the page's applications, the visible agencies (the filter's options and the rows'
# agencies), the menu; a search is not counted: its first-page probe instead of the count
LIST_QUERIES = 7


def test_the_list_page_reads_memberships_and_agencies_once(
    world: Any, register: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    register(on=dt.date(2025, 3, 3))
    register(on=dt.date(2025, 3, 4))
    for user in (world.clerk, world.supervisor):
        client = client_for(user)
        client.get("/")
        for query in ("", "?q=2025", f"?agency={world.agency_a.pk}&state=registered"):
            # + for the supervising office, the agencies below it: one query a level (two here)
            with django_assert_num_queries(LIST_QUERIES + 2 * (user == world.supervisor)):
                answer = client.get("/applications/" + query)
            assert answer.status_code == 200 and len(answer.context["rows"]) == 2
