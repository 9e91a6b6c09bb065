"""Staff of one agency never see another's applications: 404 for every URL, absent from lists and exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.agencies.access import visible_agencies
from gongkai.applications import services

D = dt.date
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def target(world: Any, register: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """An application of agency A with a letter, an attachment and a review case."""
    settings.MEDIA_ROOT = tmp_path
    application = register(D(2025, 3, 3))
    attachment = services.add_attachment(application, world.clerk, SimpleUploadedFile("申请书.pdf", PDF))
    case = services.record_review_case(
        application, world.clerk, number="复2025-1", kind="reconsideration", received_on=D(2025, 4, 1)
    )
    return {
        "application": application,
        "letter": application.letters.get(),
        "attachment": attachment,
        "case": case,
    }


def urls_of(target: dict[str, Any]) -> list[tuple[str, str]]:
    """Every URL of one application, with the method used."""
    pk = target["application"].pk
    letter = target["letter"].pk
    urls = [
        ("get", reverse("applications:detail", args=[pk])),
        ("get", reverse("applications:letter", args=[pk, letter])),
        ("post", reverse("applications:letter", args=[pk, letter])),
        ("post", reverse("applications:letter_issue", args=[pk, letter])),
        ("post", reverse("applications:letter_void", args=[pk, letter])),
        ("get", reverse("applications:letter_file", args=[pk, letter, "docx"])),
        ("get", reverse("applications:letter_file", args=[pk, letter, "pdf"])),
        ("post", reverse("applications:attachment_upload", args=[pk])),
        ("get", reverse("applications:attachment", args=[pk, target["attachment"].pk])),
        ("get", reverse("applications:review_new", args=[pk])),
        ("post", reverse("applications:review_new", args=[pk])),
        ("get", reverse("applications:review_conclude", args=[pk, target["case"].pk])),
        ("get", reverse("applications:reassign", args=[pk])),
        ("post", reverse("applications:reassign", args=[pk])),
    ]
    from gongkai.applications.workflow import TRANSITIONS

    for action in TRANSITIONS:
        if action != "register":
            url = reverse("applications:step", args=[pk, action])
            urls += [("get", url), ("post", url)]
    return urls


@pytest.mark.parametrize("outsider", ["clerk_b", "head_b", "other_supervisor"])
def test_every_url_of_another_agencys_application_is_404(
    world: Any, target: dict[str, Any], client_for: Any, outsider: str
) -> None:
    client = client_for(getattr(world, outsider))
    for method, url in urls_of(target):
        response = getattr(client, method)(url, {"on": "2025-03-04", "body": "x", "recipient": "x"})
        assert response.status_code == 404, (method, url)
    target["application"].refresh_from_db()
    assert target["application"].state == "registered"
    assert target["application"].events.count() == 3


def test_guessed_ids_of_letters_and_attachments_are_404(
    world: Any, target: dict[str, Any], register: Any, client_for: Any
) -> None:
    """A visible application's URL with another application's letter or attachment id is still a 404."""
    own = register(D(2025, 3, 3), agency=world.agency_b, clerk=world.clerk_b)
    client = client_for(world.clerk_b)
    assert client.get(reverse("applications:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("applications:letter", args=[own.pk, target["letter"].pk])).status_code == 404
    assert (
        client.get(reverse("applications:attachment", args=[own.pk, target["attachment"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("applications:review_conclude", args=[own.pk, target["case"].pk])).status_code
        == 404
    )


def test_supervisor_reads_the_tree_but_changes_nothing(
    world: Any, target: dict[str, Any], client_for: Any
) -> None:
    client = client_for(world.supervisor)
    pk = target["application"].pk
    page = client.get(reverse("applications:detail", args=[pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "张*" in content and "张三" not in content
    assert "11010519491231002X" not in content
    for method, url in urls_of(target):
        if url == reverse("applications:detail", args=[pk]) or (
            url == reverse("applications:letter", args=[pk, target["letter"].pk]) and method == "get"
        ):
            continue
        response = getattr(client, method)(url, {"on": "2025-03-04", "body": "x", "recipient": "x"})
        assert response.status_code == 404, (method, url)
    assert set(visible_agencies(world.supervisor).values_list("code", flat=True)) == {
        "hongze",
        "hongze-jyj",
        "hongze-zrzyj",
    }
    assert not visible_agencies(world.other_supervisor).filter(code="hongze-jyj").exists()


def test_lists_and_exports_hold_only_visible_applications(world: Any, register: Any, client_for: Any) -> None:
    mine = register(D(2025, 3, 3))
    theirs = register(D(2025, 3, 3), agency=world.agency_b, clerk=world.clerk_b, name="李四")
    for user, shown, hidden in (
        (world.clerk, mine, theirs),
        (world.clerk_b, theirs, mine),
    ):
        client = client_for(user)
        listing = client.get(reverse("applications:list")).content.decode()
        assert f'href="/applications/{shown.pk}/"' in listing
        assert f'href="/applications/{hidden.pk}/"' not in listing
        export = client.get(reverse("applications:export")).content.decode("utf-8-sig")
        assert shown.agency.name in export and hidden.agency.name not in export
        dashboard = client.get(reverse("dashboard")).content.decode()
        assert f"/applications/{hidden.pk}/" not in dashboard
    both = client_for(world.supervisor).get(reverse("applications:export")).content.decode("utf-8-sig")
    assert "洪泽区教育局" in both and "洪泽区自然资源局" in both
    assert (
        client_for(world.other_supervisor)
        .get(reverse("applications:export"))
        .content.decode("utf-8-sig")
        .count("\n")
        == 1
    )


def test_exports_and_lists_mask_personal_data(world: Any, register: Any, client_for: Any) -> None:
    register(D(2025, 3, 3), name="欧阳明明")
    client = client_for(world.clerk)
    export = client.get(reverse("applications:export")).content.decode("utf-8-sig")
    listing = client.get(reverse("applications:list")).content.decode()
    for text in (export, listing):
        assert "欧***" in text
        assert "欧阳明明" not in text and "13812345678" not in text and "11010519491231002X" not in text


def test_handling_staff_see_personal_data_in_full(world: Any, register: Any, client_for: Any) -> None:
    from gongkai.agencies.models import Membership

    application = register(D(2025, 3, 3))
    url = reverse("applications:detail", args=[application.pk])
    for user in (world.clerk, world.reviewer, world.head):
        content = client_for(user).get(url).content.decode()
        assert "11010519491231002X" in content and "13812345678" in content
    other_clerk = world.clerk_b
    Membership.objects.create(user=other_clerk, agency=world.agency_a, role="clerk")
    content = client_for(other_clerk).get(url).content.decode()
    assert "11010519491231002X" not in content and "110105********002X" in content
    content = client_for(world.agency_admin).get(url).content.decode()
    assert "13812345678" not in content and "138****5678" in content


def test_pages_need_login(world: Any, register: Any, client: Any) -> None:
    application = register(D(2025, 3, 3))
    for url in (
        reverse("dashboard"),
        reverse("applications:list"),
        reverse("applications:detail", args=[application.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
