"""The agency administrator manages the agency's people; nobody else can."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from gongkai.agencies import services
from gongkai.agencies.models import Membership


def test_agency_admin_adds_and_removes_roles(world: Any, client_for: Any) -> None:
    client = client_for(world.agency_admin)
    url = reverse("agencies:people", args=[world.agency_a.pk])
    page = client.get(url).content.decode()
    assert "clerk_a" in page and "政务公开办" not in page.split("设置人员角色")[1]
    response = client.post(
        url, {"username": "new_clerk", "full_name": "孙经办", "role": "clerk", "password": "long-enough-1"}
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.check_password("long-enough-1") and user.first_name == "孙经办"
    membership = Membership.objects.get(user=user, agency=world.agency_a)
    assert membership.role == "clerk"
    client.post(reverse("agencies:remove", args=[world.agency_a.pk, membership.pk]))
    assert not Membership.objects.filter(user=user).exists()


def test_people_pages_are_404_for_everyone_else(world: Any, client_for: Any) -> None:
    membership = Membership.objects.get(user=world.clerk)
    for user in (world.clerk, world.head, world.supervisor, world.clerk_b):
        client = client_for(user)
        assert client.get(reverse("agencies:people", args=[world.agency_a.pk])).status_code == 404
        assert (
            client.post(reverse("agencies:remove", args=[world.agency_a.pk, membership.pk])).status_code
            == 404
        )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_people_rules(world: Any) -> None:
    with pytest.raises(services.PeopleError, match="政务公开办只设在人民政府"):
        services.add_member(
            world.agency_a,
            world.agency_admin,
            username="x",
            full_name="",
            role="supervisor",
            password="12345678",
        )
    with pytest.raises(services.PeopleError, match="至少8位"):
        services.add_member(
            world.agency_a, world.agency_admin, username="x", full_name="", role="clerk", password="123"
        )
    with pytest.raises(services.PeopleError, match="已经是本机关的经办人"):
        services.add_member(
            world.agency_a, world.agency_admin, username="clerk_a", full_name="", role="clerk", password=""
        )
    own = Membership.objects.get(user=world.agency_admin)
    with pytest.raises(services.PeopleError, match="不能取消自己的机关管理员角色"):
        services.remove_member(own, world.agency_admin)
    with pytest.raises(services.PeopleError, match="只有本机关的机关管理员"):
        services.add_member(
            world.agency_b, world.agency_admin, username="y", full_name="", role="clerk", password="12345678"
        )
    existing = services.add_member(
        world.agency_a, world.agency_admin, username="clerk_b", full_name="", role="reviewer", password=""
    )
    assert existing.user == world.clerk_b
