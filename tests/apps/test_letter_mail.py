"""E-mail to the applicant at each step that concerns them (issue 11, notifications): every letter addressed to
the applicant is mailed when it is signed, after the transaction commits, for on-line applications and for
registered ones with an e-mail; a failing mail server never breaks the step."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from typing import Any

import pytest

from gongkai.applications import services as workflow
from gongkai.applications.models import LetterKind
from gongkai.online import services as online_services
from gongkai.online.models import OnlineApplication

D = dt.date
PERSON = {
    "name": "张三",
    "kind": "natural_person",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "zhang@example.cn",
}


def test_each_signed_letter_of_an_on_line_application_is_mailed(
    world: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        done = online_services.submit_application(world.agency_a, PERSON, "2024年度学区划分方案", "电子邮件")
    with django_capture_on_commit_callbacks(execute=True):
        online = online_services.confirm(
            OnlineApplication.objects.get(number=done.number), world.clerk, D(2025, 3, 3)
        )
    application = online.application
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_amendment(application, world.clerk, D(2025, 3, 4), points="请写明文件的文号")
    assert mailoutbox == []  # a draft is not sent
    notice = application.letters.get(kind=LetterKind.AMENDMENT_NOTICE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.issue_letter(notice, world.clerk, D(2025, 3, 4))
    assert len(callbacks) == 1
    [mail] = mailoutbox
    notice.refresh_from_db()
    assert mail.to == ["zhang@example.cn"]
    assert "补正申请告知书" in mail.subject and notice.number_label in mail.subject
    assert "请写明文件的文号" in mail.body  # the letter's text itself
    assert done.number in mail.body and "/gk/lookup/" in mail.body  # how to follow it on line
    assert done.lookup_code not in mail.body  # the 查询码 is only ever sent once, on submission
    [(filename, content, mimetype)] = mail.attachments
    assert (
        filename.endswith("补正申请告知书.docx") and content[:2] == b"PK" and "wordprocessingml" in mimetype
    )


def test_registered_applications_with_an_e_mail_get_the_decision_letter(
    world: Any, register: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    with_mail = register(D(2025, 3, 3), email="li@example.cn")
    without = register(D(2025, 3, 3))
    for application in (with_mail, without):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.draft_decision(application, world.clerk, D(2025, 3, 4), outcome="disclosed")
            workflow.review_decision(application, world.reviewer, D(2025, 3, 4))
            workflow.approve_decision(application, world.head, D(2025, 3, 5))
    [mail] = mailoutbox
    decision = with_mail.letters.get(kind=LetterKind.DECISION)
    assert mail.to == ["li@example.cn"] and "政府信息公开申请答复书" in mail.subject
    assert decision.number_label in mail.body and "2025年3月5日" in mail.body
    assert "/gk/lookup/" not in mail.body  # not an on-line application: no lookup to point to


def test_extension_and_fee_notices_are_mailed(
    world: Any, register: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    application = register(D(2025, 3, 3), email="li@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_extension(application, world.clerk, D(2025, 3, 10), reason="需要检索大量档案")
        workflow.approve_extension(application, world.head, D(2025, 3, 10), reason="需要检索大量档案")
        workflow.issue_letter(
            application.letters.get(kind=LetterKind.EXTENSION_NOTICE), world.clerk, D(2025, 3, 10)
        )
        workflow.send_fee_notice(application, world.clerk, D(2025, 3, 11), by_pages=40)
        workflow.issue_letter(
            application.letters.get(kind=LetterKind.FEE_NOTICE), world.clerk, D(2025, 3, 11)
        )
    subjects = [m.subject for m in mailoutbox]
    assert len(subjects) == 2
    assert "延期答复告知书" in subjects[0] and "信息处理费缴费通知书" in subjects[1]
    assert "元" in mailoutbox[1].body  # the amount to pay, as the notice states it


def test_a_failing_mail_server_never_breaks_the_step(
    world: Any,
    register: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    application = register(D(2025, 3, 3), email="li@example.cn")
    workflow.request_amendment(application, world.clerk, D(2025, 3, 4), points="请写明文号")
    notice = application.letters.get(kind=LetterKind.AMENDMENT_NOTICE)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        issued = workflow.issue_letter(notice, world.clerk, D(2025, 3, 4))
    assert issued.is_issued
    notice.refresh_from_db()
    assert notice.is_issued and notice.seq is not None
    assert any("not sent" in record.getMessage() for record in caplog.records)


def test_letter_mail_through_a_real_smtp_server(
    world: Any, register: Any, smtp_inbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    application = register(D(2025, 3, 3), email="li@example.cn")
    workflow.request_amendment(application, world.clerk, D(2025, 3, 4), points="请写明文号")
    notice = application.letters.get(kind=LetterKind.AMENDMENT_NOTICE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.issue_letter(notice, world.clerk, D(2025, 3, 4))
    [message] = smtp_inbox
    assert message["To"] == "li@example.cn"
    parts = [part for part in message.walk() if not part.is_multipart()]
    text = parts[0].get_payload(decode=True).decode("utf-8")
    assert "请写明文号" in text
    assert parts[1].get_filename().endswith(".docx") and parts[1].get_payload(decode=True)[:2] == b"PK"
