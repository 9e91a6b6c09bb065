"""Safe defaults (issue 14): the secret key, debug off, `check --deploy`, Chinese error pages, the error log,
the busy database, login throttling, idle sessions."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import AuditAction, AuditEvent
from gongkai.web import security


def test_the_secret_key_is_made_once_private_and_random(tmp_path: Path) -> None:
    key = security.load_or_create_secret_key(tmp_path)
    assert len(key) >= security.MIN_KEY_LENGTH
    assert security.load_or_create_secret_key(tmp_path) == key
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert security.load_or_create_secret_key(tmp_path / ".." / tmp_path.name) == key
    other = tmp_path / "other"
    other.mkdir()
    assert security.load_or_create_secret_key(other) != key
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_insecure_configurations_are_named_in_chinese(tmp_path: Path) -> None:
    good = security.load_or_create_secret_key(tmp_path)
    assert (
        security.insecure_configuration(debug=False, secret_key=good, allowed_hosts=["x"], var_dir=tmp_path)
        == []
    )
    problems = security.insecure_configuration(
        debug=True,
        secret_key="dev-only-insecure-key-change-me-in-production",
        allowed_hosts=["*"],
        var_dir=tmp_path,
    )
    assert [p.split("：")[0][:8] for p in problems] == ["调试模式已打开（", "GONGKAI_", "GONGKAI_"]
    assert "GONGKAI_DEBUG" in problems[0] and "GONGKAI_SECRET_KEY" in problems[1]
    if sys.platform != "win32":
        (tmp_path / "secret_key").chmod(0o644)
        [problem] = security.insecure_configuration(
            debug=False, secret_key=good, allowed_hosts=["x"], var_dir=tmp_path
        )
        assert "chmod 600" in problem


def test_serve_refuses_debug_mode_outside_dev(settings: Any) -> None:
    settings.ALLOWED_HOSTS = list(settings.ALLOWED_HOSTS)  # restored after the test (serve adds to it)
    settings.DEBUG = True
    with pytest.raises(CommandError, match="GONGKAI_DEBUG") as refused:
        call_command("serve", "127.0.0.1:8000")
    assert refused.value.returncode == 2


def test_serve_refuses_every_address_without_allowed_hosts(settings: Any, monkeypatch: Any) -> None:
    settings.ALLOWED_HOSTS = list(settings.ALLOWED_HOSTS)
    monkeypatch.delenv("GONGKAI_ALLOWED_HOSTS", raising=False)
    with pytest.raises(CommandError, match="GONGKAI_ALLOWED_HOSTS"):
        call_command("serve", "0.0.0.0:8000")


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    environ.update({"DATABASE_URL": "", "GONGKAI_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_over_https_and_names_what_is_missing_without(tmp_path: Path) -> None:
    clean = _check_deploy(tmp_path, GONGKAI_HTTPS="1")
    assert clean.returncode == 0, clean.stderr
    assert "no issues" in clean.stdout
    # Without settings at all (a fresh clone): no debug, no public key, hosts limited — only what HTTPS adds.
    plain = _check_deploy(tmp_path)
    assert plain.returncode != 0
    warned = {
        w for w in ("W004", "W008", "W012", "W016", "W009", "W018", "W020") if f"security.{w}" in plain.stderr
    }
    assert warned == {"W004", "W008", "W012", "W016"}


def test_unknown_and_forbidden_pages_are_chinese_without_the_url_list(world: Any, client_for: Any) -> None:
    for client in (Client(), client_for(world.clerk)):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "页面不存在" in page and "URLconf" not in page and "Page not found" not in page


def test_a_csrf_failure_is_a_chinese_page(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "x"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_a_server_error_is_chinese_and_logged_with_its_request_id(
    world: Any, client_for: Any, settings: Any, monkeypatch: Any
) -> None:
    from gongkai.applications import queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("simulated defect 7f3a")

    monkeypatch.setattr(queries, "my_queue", broken)
    client = client_for(world.clerk)
    client.raise_request_exception = False
    response = client.get(reverse("dashboard"))
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert "系统出错" in page and request_id in page and "simulated defect" not in page
    lines = [json.loads(line) for line in Path(settings.LOG_FILE).read_text(encoding="utf-8").splitlines()]
    [logged] = [line for line in lines if line.get("request_id") == request_id]
    assert logged["levelname"] == "ERROR" and logged["status_code"] == 500
    assert logged["path"] == "/" and "simulated defect 7f3a" in logged["exc_info"]


def test_a_busy_database_asks_to_retry_and_keeps_the_form(
    world: Any, client_for: Any, monkeypatch: Any
) -> None:
    from gongkai.applications import services

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "register_application", locked)
    client = client_for(world.clerk)
    client.raise_request_exception = False
    form = {
        "agency": world.agency_a.pk,
        "channel": "in_person",
        "arrival": "2025-03-03",
        "applicant_category": "natural_person",
        "applicant_name": "张三<b>",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "content": "2024年度学区划分方案",
    }
    response = client.post(reverse("applications:register"), form)
    assert response.status_code == 503
    page = response.content.decode()
    assert "系统繁忙，请稍后重试" in page and "重新提交" in page
    assert 'name="content" value="2024年度学区划分方案"' in page
    assert 'value="张三&lt;b&gt;"' in page  # kept, escaped
    assert page.count("csrfmiddlewaretoken") == 1


def test_a_session_that_could_not_be_saved_while_the_database_was_busy_asks_to_retry(
    world: Any, client_for: Any, monkeypatch: Any
) -> None:
    """Django's session raises its own `UpdateError` while handling the database's "locked": the page is
    the 503 that keeps the form, never a 500 (seen with 50 clerks on SQLite in two server processes)."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    from gongkai.accounts import middleware

    def locked(self: Any, must_create: bool = False) -> None:
        try:
            raise OperationalError("database is locked")
        except OperationalError:
            raise UpdateError  # noqa: B904 - as Django's session does: the locked database is its context

    client = client_for(world.clerk)
    client.raise_request_exception = False
    monkeypatch.setattr(SessionStore, "save", locked)
    monkeypatch.setattr(middleware, "TOUCH_EVERY_SECONDS", 0)  # the session is saved on this request
    response = client.post(reverse("applications:register"), {"content": "2024年度学区划分方案"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "系统繁忙，请稍后重试" in page and 'name="content" value="2024年度学区划分方案"' in page


# -- login throttling ------------------------------------------------------------------------------------


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_thirty_wrong_passwords_lock_the_account_and_the_address(
    world: Any, password: str, client_for: Any
) -> None:
    office = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(30):
        response = _login(office, "clerk_a", "wrong-password")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    # The right password no longer opens the account, from this address or any other…
    assert _login(office, "clerk_a", password).status_code == 429
    assert _login(Client(REMOTE_ADDR="10.9.9.9"), "clerk_a", password).status_code == 429
    # …and this address can log in to no account; another address can.
    assert _login(office, "head_a", password).status_code == 429
    assert _login(Client(REMOTE_ADDR="10.9.9.9"), "head_a", password).status_code == 302
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="clerk_a")
    assert failed.count() == 32 and failed.filter(data__locked=True).exists()
    assert set(failed.values_list("address", flat=True)) == {"10.1.1.1", "10.9.9.9"}
    # The agency administrator sees the lock on the people page and lifts it.
    admin = client_for(world.agency_admin)
    assert "已锁定" in admin.get(reverse("agencies:people", args=[world.agency_a.pk])).content.decode()
    admin.post(reverse("agencies:unlock", args=[world.agency_a.pk, world.clerk.pk]))
    assert _login(Client(REMOTE_ADDR="10.9.9.9"), "clerk_a", password).status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.UNLOCK, user=world.clerk, actor=world.agency_admin
    ).exists()


def test_a_few_mistakes_do_not_lock(world: Any, password: str, settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.2.2.2")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "clerk_a", "wrong").status_code == 200
    assert _login(client, "clerk_a", password).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, user=world.clerk).count() == 1


def test_logout_is_recorded(world: Any, password: str) -> None:
    client = Client()
    _login(client, "clerk_a", password)
    client.post(reverse("logout"))
    assert list(
        AuditEvent.objects.filter(user=world.clerk).order_by("pk").values_list("action", flat=True)
    ) == [AuditAction.LOGIN, AuditAction.LOGOUT]


def test_the_audit_log_cannot_be_changed(world: Any, password: str) -> None:
    from gongkai.accounts.models import AuditLogError

    _login(Client(), "clerk_a", password)
    event = AuditEvent.objects.get(user=world.clerk)
    event.username = "someone_else"
    with pytest.raises(AuditLogError):
        event.save()
    with pytest.raises(AuditLogError):
        event.delete()
    with pytest.raises(AuditLogError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogError):
        AuditEvent.objects.update(username="x")


# -- sessions end after inactivity ----------------------------------------------------------------------


def test_a_session_idle_for_longer_than_the_limit_has_ended(world: Any, client_for: Any) -> None:
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_for(world.clerk)
    assert client.get(reverse("dashboard")).status_code == 200
    session = Session.objects.get()
    expires = session.expire_date
    assert dt.timedelta(minutes=29) < expires - timezone.now() <= dt.timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_activity_pushes_the_end_of_the_session_back(world: Any, client_for: Any) -> None:
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from gongkai.accounts.middleware import SEEN_KEY

    client = client_for(world.clerk)
    client.get(reverse("dashboard"))
    store = client.session
    store[SEEN_KEY] = 0  # last seen long ago (but the session still valid)
    store.save()
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("dashboard")).status_code == 200
    assert Session.objects.get().expire_date - timezone.now() > dt.timedelta(minutes=29)
