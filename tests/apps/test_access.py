"""Who sees which agencies (`visible_agencies`), roles, and the page frame in Chinese and English."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongkai.agencies.access import (
    memberships_of,
    roles_in,
    staff_agencies,
    visible_agencies,
    visible_agency_ids,
)


def codes(queryset: Any) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_staff_see_their_own_agency(world: Any) -> None:
    for user in (world.clerk, world.reviewer, world.head, world.agency_admin):
        assert codes(visible_agencies(user)) == {"hongze-jyj"}
    assert codes(visible_agencies(world.clerk_b)) == {"hongze-zrzyj"}


def test_supervisor_sees_the_government_and_everything_below(world: Any) -> None:
    assert codes(visible_agencies(world.supervisor)) == {"hongze", "hongze-jyj", "hongze-zrzyj"}
    assert codes(visible_agencies(world.other_supervisor)) == {"huaiyin"}
    assert codes(staff_agencies(world.supervisor)) == set()
    assert roles_in(world.supervisor, world.agency_a.pk) == frozenset()


def test_superuser_sees_all_but_holds_no_role(world: Any) -> None:
    assert codes(visible_agencies(world.superuser)) == {
        "huaian",
        "hongze",
        "hongze-jyj",
        "hongze-zrzyj",
        "huaiyin",
    }
    assert roles_in(world.superuser, world.agency_a.pk) == frozenset()


def test_anonymous_and_inactive_see_nothing(world: Any) -> None:
    assert codes(visible_agencies(AnonymousUser())) == set()
    world.clerk.is_active = False
    world.clerk.save()
    assert codes(visible_agencies(world.clerk)) == set()
    assert roles_in(world.clerk, world.agency_a.pk) == frozenset()


def test_memberships_read_once_answer_as_the_queries_do(world: Any) -> None:
    """The application's pages read a user's memberships once and pass them on (issue 14): the same
    visibility and roles as reading them each time, for every kind of user and agency."""
    from gongkai.agencies.models import Agency, Membership, Role

    Membership.objects.create(user=world.clerk, agency=world.agency_b, role=Role.REVIEWER)
    world.clerk_b.is_active = False
    world.clerk_b.save()
    names = "clerk reviewer head agency_admin clerk_b head_b supervisor other_supervisor superuser"
    users = [*(getattr(world, name) for name in names.split()), AnonymousUser()]
    agencies = list(Agency.objects.values_list("pk", flat=True))
    assert roles_in(world.clerk, world.agency_b.pk, memberships_of(world.clerk)) == {Role.REVIEWER}
    for user in users:
        held = memberships_of(user)
        assert visible_agency_ids(user, held) == visible_agency_ids(user)
        for agency in agencies:
            assert roles_in(user, agency, held) == roles_in(user, agency)


def test_pages_in_chinese_first_and_english_on_request(world: Any, client_for: Any) -> None:
    client = client_for(world.clerk)
    chinese = client.get(reverse("dashboard")).content.decode()
    assert "我的工作台" in chinese and 'lang="zh-hans"' in chinese
    english = client.get(reverse("dashboard"), headers={"accept-language": "en"}).content.decode()
    assert "My desk" in english and "Waiting for me (by due date)" in english and 'lang="en"' in english
