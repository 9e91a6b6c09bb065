"""Approval pages (issue 13 point 13): what is approved is shown, opinions are kept, a return pre-fills
the redraft, the clerk asks the head for an extension."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gongkai.applications import services
from gongkai.law.deadlines import reply_deadline

D = dt.date


def _drafted(world: Any, register: Any) -> Any:
    application = register(D(2025, 3, 3))
    services.draft_decision(
        application, world.clerk, D(2025, 3, 4), outcome="withheld.process_information", reasons="属于过程稿"
    )
    return application


def test_the_approval_page_shows_the_letter_the_reasoning_and_the_history(
    world: Any, register: Any, client_for: Any
) -> None:
    application = _drafted(world, register)
    services.review_decision(application, world.reviewer, D(2025, 3, 4), opinion="同意，理由充分")
    url = reverse("applications:step", args=[application.pk, "approve_decision"])
    page = client_for(world.head).get(url).content.decode()
    letter = application.letters.get(kind="decision")
    assert letter.body.splitlines()[0] in page  # the letter as it will be sent
    assert "属于过程稿" in page and "王经办" in page  # the clerk's reasoning
    assert "办理记录" in page and "同意，理由充分" in page  # the history with the reviewer's opinion
    assert 'name="opinion"' in page
    response = client_for(world.head).post(url, {"on": "2025-03-05", "opinion": "同意发出"})
    assert response.status_code == 302
    assert application.events.get(action="approve_decision").data["opinion"] == "同意发出"


def test_a_return_prefills_the_redraft_and_shows_the_comment(
    world: Any, register: Any, client_for: Any
) -> None:
    application = _drafted(world, register)
    services.return_draft(application, world.reviewer, D(2025, 3, 5), comment="请逐项说明过程稿的依据")
    page = client_for(world.clerk).get(reverse("applications:step", args=[application.pk, "draft_decision"]))
    text = page.content.decode()
    assert "请逐项说明过程稿的依据" in text
    assert "属于过程稿</textarea>" in text
    assert 'value="withheld.process_information" selected' in text


def test_the_clerk_requests_an_extension_the_head_approves_it(
    world: Any, register: Any, client_for: Any
) -> None:
    application = register(D(2025, 3, 3))
    url = reverse("applications:step", args=[application.pk, "request_extension"])
    assert client_for(world.clerk).post(url, {"on": "2025-03-10", "reason": "需调取档案"}).status_code == 302
    application.refresh_from_db()
    assert application.reply_due == D(2025, 3, 31)  # asked, not yet extended
    approve = reverse("applications:step", args=[application.pk, "approve_extension"])
    page = client_for(world.head).get(approve).content.decode()
    assert "经办人的延期申请" in page and "需调取档案</textarea>" in page
    assert client_for(world.clerk).post(approve, {"on": "2025-03-11", "reason": "x"}).status_code == 200
    assert (
        client_for(world.head).post(approve, {"on": "2025-03-11", "reason": "需调取档案"}).status_code == 302
    )
    application.refresh_from_db()
    assert application.reply_due == reply_deadline(D(2025, 3, 3), extended=True).due == D(2025, 4, 28)
