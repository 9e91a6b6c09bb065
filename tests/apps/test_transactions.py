"""One transaction per use case: a step, its letters and its attachment happen whole or not at all.

The first two tests are the regressions of issue 9 (they failed before every service ran in one
transaction); the matrix below makes each collaborator of each use case fail in turn and proves that
nothing was written and that the same call then succeeds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import attachments, letters, numbering, services
from gongkai.applications.models import Application, ApplicationEvent, Attachment, Letter

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


# -- each collaborator of each use case fails in turn ---------------------------------------------------------

PDF = b"%PDF-1.4 test"


def _fail_call(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, on_call: int = 1) -> None:
    """Make `target.name` raise Broken on its `on_call`th call (earlier calls work)."""
    real = getattr(target, name)
    calls = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == on_call:
            raise Broken(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def _snapshot(application: Application | None, media: Path) -> tuple[Any, ...]:
    """Everything a use case may write: the rows of every table it touches, the application's fields,
    the files under MEDIA_ROOT."""
    fields = None
    if application is not None:
        stored = Application.objects.get(pk=application.pk)
        fields = (services.stored_state(stored), stored.handler_id)
    return (
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        list(Letter.objects.order_by("pk").values_list("pk", "seq", "withdrawn", "issued_at")),
        Attachment.objects.count(),
        fields,
        sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()),
    )


def _registered(world: Any, register: Any) -> Any:
    return register(D(2025, 3, 3))


def _objected(world: Any, register: Any) -> Any:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="某某建设公司")
    services.record_consultation_answer(
        application, world.clerk, D(2025, 3, 5), objects=True, objection_reasons="涉及商业秘密"
    )
    return application


def _reviewed_over_objection(world: Any, register: Any) -> Any:
    application = _objected(world, register)
    services.draft_decision(
        application, world.clerk, D(2025, 3, 6), outcome="disclosed", public_interest="涉及公共安全"
    )
    services.review_decision(application, world.reviewer, D(2025, 3, 6))
    return application


def _registration(world: Any, attachment: bytes = PDF) -> Any:
    return lambda: services.register_application(
        world.agency_a,
        world.clerk,
        channel="in_person",
        arrival={"handed_in": D(2025, 3, 3)},
        applicant=services.Applicant("natural_person", "张三", phone="13812345678"),
        request=services.Request("2024年度学区划分方案"),
        on=D(2025, 3, 3),
        attachment=SimpleUploadedFile("申请表.pdf", attachment),
    )


# (name, the application the use case acts on, the use case, the collaborator made to fail)
CASES: list[tuple[str, Any, Any, Any]] = [
    (
        "registration: receipt letter",
        None,
        lambda w, a: _registration(w),
        lambda mp: _fail_rendering(mp, "letters/receipt.txt"),
    ),
    (
        "registration: application number",
        None,
        lambda w, a: _registration(w),
        lambda mp: _fail_call(mp, numbering, "assign"),
    ),
    (
        "registration: attachment check",
        None,
        lambda w, a: _registration(w, b"not a pdf"),
        None,  # the file itself is refused; the retry sends a good one
    ),
    (
        "registration: attachment stored",
        None,
        lambda w, a: _registration(w),
        lambda mp: _fail_call(mp, attachments, "note"),
    ),
    (
        "attachment: record after the file",
        _registered,
        lambda w, a: lambda: services.add_attachment(a, w.clerk, SimpleUploadedFile("证明.pdf", PDF)),
        lambda mp: _fail_call(mp, attachments, "note"),
    ),
    (
        "amendment: notice",
        _registered,
        lambda w, a: lambda: services.request_amendment(a, w.clerk, D(2025, 3, 4), points="写明文号"),
        lambda mp: _fail_rendering(mp, "letters/amendment_notice.txt"),
    ),
    (
        "consultation: second letter",
        _registered,
        lambda w, a: lambda: services.start_consultation(a, w.clerk, D(2025, 3, 4), party="某公司"),
        lambda mp: _fail_rendering(mp, "letters/consultation_notice.txt"),
    ),
    (
        "extension: notice",
        _registered,
        lambda w, a: lambda: services.approve_extension(a, w.head, D(2025, 3, 4), reason="需要检索档案"),
        lambda mp: _fail_rendering(mp, "letters/extension_notice.txt"),
    ),
    (
        "fee: notice",
        _registered,
        lambda w, a: lambda: services.send_fee_notice(a, w.clerk, D(2025, 3, 4), by_pages=40),
        lambda mp: _fail_rendering(mp, "letters/fee_notice.txt"),
    ),
    (
        "decision: notice to the third party",
        _objected,
        lambda w, a: (
            lambda: services.draft_decision(
                a, w.clerk, D(2025, 3, 6), outcome="disclosed", public_interest="涉及公共安全"
            )
        ),
        lambda mp: _fail_rendering(mp, "letters/third_party_notice.txt"),
    ),
    (
        "approval: numbering the second letter",
        _reviewed_over_objection,
        lambda w, a: lambda: services.approve_decision(a, w.head, D(2025, 3, 7)),
        lambda mp: _fail_call(mp, letters, "_next_seq", on_call=2),
    ),
    (
        "issuing a letter: numbering",
        _registered,
        lambda w, a: lambda: services.issue_letter(a.letters.get(), w.clerk, D(2025, 3, 4)),
        lambda mp: _fail_call(mp, letters, "_next_seq"),
    ),
]


@pytest.mark.parametrize(("name", "prepare", "use_case", "fault"), CASES, ids=[c[0] for c in CASES])
def test_a_failing_collaborator_leaves_nothing_and_the_retry_succeeds(
    world: Any,
    register: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    prepare: Any,
    use_case: Any,
    fault: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    application = prepare(world, register) if prepare else None
    before = _snapshot(application, tmp_path)
    with monkeypatch.context() as patched:
        if fault is None:
            with pytest.raises(services.InvalidInput):
                use_case(world, application)()
        else:
            fault(patched)
            with pytest.raises(Broken):
                use_case(world, application)()
    assert _snapshot(application, tmp_path) == before, name
    retry = _registration(world) if name == "registration: attachment check" else use_case(world, application)
    retry()
    assert _snapshot(application, tmp_path) != before
    if application is not None:
        stored = Application.objects.get(pk=application.pk)
        assert services.rebuild_state(stored) == services.stored_state(stored)
