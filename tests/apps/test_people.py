"""The agency administrator manages the agency's people; approval roles need a second person; accounts of
other agencies join only by accepting; every change is in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from gongkai.accounts.models import AuditAction, AuditEvent, PasswordRenewal
from gongkai.agencies import services
from gongkai.agencies.models import Membership, RoleRequest

STRONG = "Lanse-Hetang-47"


def _actions(**filters: Any) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("pk").values_list("action", flat=True))


def test_agency_admin_adds_and_removes_a_clerk(world: Any, client_for: Any) -> None:
    client = client_for(world.agency_admin)
    url = reverse("agencies:people", args=[world.agency_a.pk])
    page = client.get(url).content.decode()
    assert "clerk_a" in page and "政务公开办" not in page.split("设置人员角色")[1]
    response = client.post(
        url, {"username": "new_clerk", "full_name": "孙经办", "role": "clerk", "password": STRONG}
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.check_password(STRONG) and user.first_name == "孙经办"
    membership = Membership.objects.get(user=user, agency=world.agency_a)
    assert membership.role == "clerk"
    # The password was chosen by the administrator: its owner must replace it at the first login.
    assert PasswordRenewal.objects.filter(user=user).exists()
    client.post(reverse("agencies:remove", args=[world.agency_a.pk, membership.pk]))
    assert not Membership.objects.filter(user=user).exists()
    assert _actions(user=user) == [
        AuditAction.USER_CREATED,
        AuditAction.ROLE_GRANTED,
        AuditAction.ROLE_REVOKED,
    ]
    granted = AuditEvent.objects.get(user=user, action=AuditAction.ROLE_GRANTED)
    assert (granted.actor, granted.agency, granted.role, granted.address) == (
        world.agency_admin,
        world.agency_a,
        "clerk",
        "127.0.0.1",
    )


def test_people_pages_are_404_for_staff_and_other_agencies(world: Any, client_for: Any) -> None:
    membership = Membership.objects.get(user=world.clerk)
    for user in (world.clerk, world.head, world.clerk_b, world.other_supervisor):
        client = client_for(user)
        assert client.get(reverse("agencies:people", args=[world.agency_a.pk])).status_code == 404
        assert client.get(reverse("agencies:audit", args=[world.agency_a.pk])).status_code == 404
        assert (
            client.post(reverse("agencies:remove", args=[world.agency_a.pk, membership.pk])).status_code
            == 404
        )
        assert (
            client.post(reverse("agencies:unlock", args=[world.agency_a.pk, world.clerk.pk])).status_code
            == 404
        )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_supervising_office_sees_and_confirms_but_does_not_give_roles(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.supervisor)
    url = reverse("agencies:people", args=[world.agency_a.pk])
    page = client.get(url).content.decode()
    assert "clerk_a" in page and "设置人员角色" not in page
    assert client.post(url, {"username": "x", "role": "clerk", "password": STRONG}).status_code == 404
    assert not User.objects.filter(username="x").exists()


def test_people_rules(world: Any) -> None:
    with pytest.raises(services.PeopleError, match="政务公开办只设在人民政府"):
        services.add_member(
            world.agency_a, world.agency_admin, username="x", full_name="", role="supervisor", password=STRONG
        )
    with pytest.raises(services.PeopleError, match="初始密码不符合要求"):
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
            world.agency_b, world.agency_admin, username="y", full_name="", role="clerk", password=STRONG
        )


@pytest.mark.parametrize("password", ["12345678", "woaini1314", "a1b2c3d4", "password1", "zhongguo2024"])
def test_an_initial_password_that_is_common_or_numeric_is_refused(world: Any, password: str) -> None:
    with pytest.raises(services.PeopleError, match="初始密码不符合要求"):
        services.add_member(
            world.agency_a, world.agency_admin, username="weak", full_name="", role="clerk", password=password
        )
    assert not User.objects.filter(username="weak").exists()


def test_an_administrator_cannot_make_themselves_head_alone(world: Any) -> None:
    pending = services.add_member(
        world.agency_a, world.agency_admin, username="admin_a", full_name="", role="head", password=""
    )
    assert isinstance(pending, RoleRequest) and pending.waiting_for_confirmation
    assert not Membership.objects.filter(user=world.agency_admin, role="head").exists()
    # Neither the requester nor the person concerned confirms; a clerk or another agency's people neither.
    for who in (world.agency_admin, world.clerk, world.head_b, world.other_supervisor):
        with pytest.raises(services.PeopleError):
            services.confirm(pending, who)
    # The supervising office confirms: the role takes effect, every step in the audit log.
    membership = services.confirm(pending, world.supervisor)
    assert membership is not None and membership.role == "head"
    assert _actions(user=world.agency_admin) == [
        AuditAction.ROLE_REQUESTED,
        AuditAction.ROLE_CONFIRMED,
        AuditAction.ROLE_GRANTED,
    ]
    with pytest.raises(services.PeopleError, match="已生效"):
        services.confirm(pending, world.supervisor)


def test_a_second_administrator_confirms_and_a_confirmation_can_be_refused(world: Any) -> None:
    second = User.objects.create_user("admin_a2")
    Membership.objects.create(user=second, agency=world.agency_a, role="agency_admin")
    pending = services.add_member(
        world.agency_a, world.agency_admin, username="clerk_a", full_name="", role="reviewer", password=""
    )
    assert isinstance(pending, RoleRequest)
    services.decline(pending, second)
    pending.refresh_from_db()
    assert pending.status == RoleRequest.Status.DECLINED
    assert not Membership.objects.filter(user=world.clerk, role="reviewer").exists()
    again = services.add_member(
        world.agency_a, world.agency_admin, username="clerk_a", full_name="", role="reviewer", password=""
    )
    assert isinstance(again, RoleRequest)
    assert services.confirm(again, second) is not None
    assert Membership.objects.filter(user=world.clerk, role="reviewer").exists()


def test_another_agencys_user_joins_only_by_accepting(world: Any, client_for: Any) -> None:
    pending = services.add_member(
        world.agency_a, world.agency_admin, username="clerk_b", full_name="", role="clerk", password=""
    )
    assert isinstance(pending, RoleRequest) and pending.waiting_for_acceptance
    assert not pending.waiting_for_confirmation
    assert not Membership.objects.filter(user=world.clerk_b, agency=world.agency_a).exists()
    with pytest.raises(services.PeopleError, match="只有被邀请的本人"):
        services.accept(pending, world.agency_admin)
    # The invited person sees the invitation on the dashboard and accepts it.
    client = client_for(world.clerk_b)
    assert "机关邀请等待您接受" in client.get(reverse("dashboard")).content.decode()
    response = client.post(reverse("agencies:invitations"), {"request": pending.pk, "decision": "accept"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.clerk_b, agency=world.agency_a, role="clerk").exists()
    assert _actions(user=world.clerk_b, agency=world.agency_a) == [
        AuditAction.ROLE_REQUESTED,
        AuditAction.ROLE_ACCEPTED,
        AuditAction.ROLE_GRANTED,
    ]


def test_a_guarded_role_for_an_outsider_needs_both_the_second_person_and_the_owner(world: Any) -> None:
    pending = services.add_member(
        world.agency_a, world.agency_admin, username="head_b", full_name="", role="head", password=""
    )
    assert isinstance(pending, RoleRequest)
    assert services.accept(pending, world.head_b) is None  # still waits for the confirmation
    assert services.confirm(pending, world.supervisor) is not None


def test_the_system_administrator_grants_directly(world: Any) -> None:
    membership = services.add_member(
        world.agency_a, world.superuser, username="head_b", full_name="", role="head", password=""
    )
    assert isinstance(membership, Membership)


def test_password_reset_by_the_administrator_and_the_change_it_forces(world: Any, client_for: Any) -> None:
    admin = client_for(world.agency_admin)
    url = reverse("agencies:reset_password", args=[world.agency_a.pk, world.clerk.pk])
    assert admin.post(url, {"password": "123456"}).status_code == 302
    world.clerk.refresh_from_db()
    assert not world.clerk.check_password("123456")  # too weak: refused
    admin.post(url, {"password": STRONG})
    world.clerk.refresh_from_db()
    assert world.clerk.check_password(STRONG)
    # The head's password is not the administrator's to set: they could otherwise approve as the head.
    admin.post(
        reverse("agencies:reset_password", args=[world.agency_a.pk, world.head.pk]), {"password": STRONG}
    )
    world.head.refresh_from_db()
    assert not world.head.check_password(STRONG)
    with pytest.raises(services.PeopleError, match="政务公开办或系统管理员"):
        services.reset_password(world.agency_a, world.agency_admin, world.head.pk, STRONG)
    services.reset_password(world.agency_a, world.supervisor, world.head.pk, STRONG)
    # The clerk logs in with the given password and is sent to change it before anything else.
    from django.test import Client

    clerk = Client()
    response = clerk.post(reverse("login"), {"username": "clerk_a", "password": STRONG})
    assert response.status_code == 302
    assert clerk.get(reverse("applications:list")).url == reverse("accounts:password_change")
    response = clerk.post(
        reverse("accounts:password_change"),
        {
            "old_password": STRONG,
            "new_password1": "Qingshan-Lushui-83",
            "new_password2": "Qingshan-Lushui-83",
        },
    )
    assert response.status_code == 302
    assert clerk.get(reverse("applications:list")).status_code == 200
    assert _actions(user=world.clerk) == [
        AuditAction.PASSWORD_RESET,
        AuditAction.LOGIN,
        AuditAction.PASSWORD_CHANGED,
    ]


def test_the_audit_log_page_shows_the_agencys_people_only(world: Any, client_for: Any) -> None:
    services.add_member(
        world.agency_a, world.agency_admin, username="new_one", full_name="", role="clerk", password=STRONG
    )
    services.add_member(
        world.agency_b, world.superuser, username="new_b", full_name="", role="clerk", password=STRONG
    )
    for user in (world.agency_admin, world.supervisor):
        page = client_for(user).get(reverse("agencies:audit", args=[world.agency_a.pk])).content.decode()
        assert "new_one" in page and "角色生效" in page and "经办人" in page
        assert "new_b" not in page
