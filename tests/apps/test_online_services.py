"""The on-line application's use cases: submit, confirm, look up, and the lock after wrong codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.law.deadlines import amendment_period, reply_deadline, working_day_deadline
from gongkai.online import services
from gongkai.online.models import OnlineApplication

ID_NUMBER = "11010519491231002X"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

PERSON = {
    "name": "张三",
    "kind": "natural_person",
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "phone": "13812345678",
    "email": "zhang@example.cn",
}


def submit(world: Any, **person: str) -> services.Submitted:
    return services.submit_application(
        world.agency_a, {**PERSON, **person}, "2024年度学区划分方案", "电子邮件", client_address="10.0.0.1"
    )


def test_submit_keeps_only_the_hash_and_lookup_shows_it_unconfirmed(world: Any) -> None:
    done = submit(world)
    online = OnlineApplication.objects.get(number=done.number)
    assert done.lookup_code not in online.lookup_hash
    assert online.application is None
    view = services.lookup(done.number, done.lookup_code)
    assert view.status == services.UNCONFIRMED
    assert view.received_on is None and view.letters == ()
    assert [o.number for o in services.unconfirmed(world.agency_a)] == [done.number]


def test_bad_input_names_every_field_in_chinese(world: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.submit_application(world.agency_a, {"kind": "nobody"}, "", "")
    assert {"applicant_category", "applicant_name", "content", "id_number"} <= set(caught.value.errors)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in caught.value.errors.values())


def test_id_image_is_checked_by_its_bytes(world: Any) -> None:
    fake = SimpleUploadedFile("id.png", b"MZ not a png at all", content_type="image/png")
    with pytest.raises(InvalidInput) as caught:
        services.submit_application(world.agency_a, PERSON, "某文件", "邮寄", id_image=fake)
    assert "id_image" in caught.value.errors
    word = SimpleUploadedFile("id.docx", b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(InvalidInput):
        services.submit_application(world.agency_a, PERSON, "某文件", "邮寄", id_image=word)
    good = SimpleUploadedFile("id.png", PNG, content_type="image/png")
    done = services.submit_application(world.agency_a, PERSON, "某文件", "邮寄", id_image=good)
    online = OnlineApplication.objects.get(number=done.number)
    assert online.id_image.name.endswith(".png") and "id.png" not in online.id_image.name


def test_confirm_registers_in_the_workbench_with_the_confirmation_day(world: Any) -> None:
    done = submit(world)
    OnlineApplication.objects.filter(number=done.number).update(submitted_on=dt.date(2025, 2, 28))
    online = services.confirm(
        OnlineApplication.objects.get(number=done.number), world.clerk, dt.date(2025, 3, 3)
    )
    application = online.application
    assert application is not None
    assert application.channel == "online"
    assert application.received_on == dt.date(2025, 3, 3) == application.confirmed_on
    assert application.arrived_on == dt.date(2025, 2, 28)
    assert application.events.first().action == "register"
    view = services.lookup(done.number, done.lookup_code.lower())
    assert view.received_on == dt.date(2025, 3, 3)
    assert view.reply_due == application.reply_due
    assert view.status == "已登记"
    with pytest.raises(StepRefused):
        services.confirm(online, world.clerk)


def test_other_agencies_staff_cannot_confirm(world: Any) -> None:
    done = submit(world)
    with pytest.raises(StepRefused):
        services.confirm(OnlineApplication.objects.get(number=done.number), world.clerk_b)
    assert OnlineApplication.objects.get(number=done.number).application is None


def test_twenty_wrong_codes_lock_the_number_with_the_unknown_numbers_message(world: Any) -> None:
    done = submit(world)
    with pytest.raises(services.LookupRefused) as unknown:
        services.lookup("WS20990101000000", done.lookup_code)
    for _ in range(services.MAX_WRONG_CODES - 1):
        with pytest.raises(services.LookupRefused) as wrong:
            services.lookup(done.number, "WRONGCODE1")
    assert str(wrong.value) == str(unknown.value)
    # 19 wrong: the right code still works, and resets the count.
    assert services.lookup(done.number, done.lookup_code).number == done.number
    for _ in range(services.MAX_WRONG_CODES):
        with pytest.raises(services.LookupRefused):
            services.lookup(done.number, "WRONGCODE1")
    with pytest.raises(services.LookupRefused) as locked:
        services.lookup(done.number, done.lookup_code)
    assert str(locked.value) == str(unknown.value)
    OnlineApplication.objects.filter(number=done.number).update(
        locked_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    assert services.lookup(done.number, done.lookup_code).number == done.number


def _confirmed(world: Any, django_capture_on_commit_callbacks: Any) -> tuple[services.Submitted, Any]:
    with django_capture_on_commit_callbacks(execute=True):
        done = submit(world)
    OnlineApplication.objects.filter(number=done.number).update(submitted_on=dt.date(2025, 2, 28))
    with django_capture_on_commit_callbacks(execute=True):
        online = services.confirm(
            OnlineApplication.objects.get(number=done.number), world.clerk, dt.date(2025, 3, 3)
        )
    return done, online.application


def test_mail_to_applicant_and_staff(
    world: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    world.clerk.email = "clerk@example.cn"
    world.clerk.save()
    done, application = _confirmed(world, django_capture_on_commit_callbacks)
    to_applicant = [m for m in mailoutbox if m.to == ["zhang@example.cn"]]
    assert done.number in to_applicant[0].subject
    assert done.lookup_code in to_applicant[0].body
    assert (
        "确认收到" in to_applicant[1].subject
        and f"{application.reply_due:%Y年%m月%d日}" in to_applicant[1].body
    )
    to_staff = [m for m in mailoutbox if m.to == ["clerk@example.cn"]]
    assert len(to_staff) == 1 and done.lookup_code not in to_staff[0].body


def test_lookup_shows_issued_letters_to_the_applicant_only(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.applications import services as workflow
    from gongkai.applications.models import LetterKind

    done, application = _confirmed(world, django_capture_on_commit_callbacks)
    assert services.lookup(done.number, done.lookup_code).letters == ()  # the receipt is still a draft
    workflow.request_amendment(application, world.clerk, dt.date(2025, 3, 4), points="写明文号")
    notice = application.letters.get(kind=LetterKind.AMENDMENT_NOTICE)
    assert services.lookup(done.number, done.lookup_code).awaiting == "amendment"
    assert services.lookup(done.number, done.lookup_code).letters == ()  # a draft is internal
    # the applicant's 15 working days to amend, from the day the notice was sent (no receipt recorded)
    amend_by = working_day_deadline(amendment_period(15), dt.date(2025, 3, 4)).due
    assert services.lookup(done.number, done.lookup_code).act_by == amend_by == dt.date(2025, 3, 25)
    workflow.issue_letter(notice, world.clerk, dt.date(2025, 3, 4))
    view = services.lookup(done.number, done.lookup_code)
    assert [letter.kind for letter in view.letters] == ["amendment_notice"]
    assert view.status == "待补正"
    workflow.record_amendment(application, world.clerk, dt.date(2025, 3, 6))
    view = services.lookup(done.number, done.lookup_code)
    assert view.awaiting == "" and view.act_by is None
    assert view.reply_due == reply_deadline(dt.date(2025, 3, 3), amended=dt.date(2025, 3, 6)).due


def test_unconfirmed_after_one_working_day_is_flagged(world: Any) -> None:
    done = submit(world)
    OnlineApplication.objects.filter(number=done.number).update(submitted_on=dt.date(2025, 2, 28))  # Friday
    assert services.overdue_unconfirmed(world.agency_a, dt.date(2025, 3, 3)) == []
    assert [o.number for o in services.overdue_unconfirmed(world.agency_a, dt.date(2025, 3, 4))] == [
        done.number
    ]


def test_amendment_sent_on_line_and_letter_downloaded(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.applications import services as workflow
    from gongkai.applications.models import LetterKind

    done, application = _confirmed(world, django_capture_on_commit_callbacks)
    pdf = SimpleUploadedFile("补正.pdf", b"%PDF-1.4 amended" + b"\0" * 32)
    with pytest.raises(StepRefused):
        services.send_document(done.number, done.lookup_code, pdf)  # nothing asked yet
    workflow.request_amendment(application, world.clerk, dt.date(2025, 3, 4), points="写明文号")
    notice = application.letters.get(kind=LetterKind.AMENDMENT_NOTICE)
    with pytest.raises(services.LookupRefused):
        services.applicant_letter(done.number, done.lookup_code, notice.pk)  # still a draft
    workflow.issue_letter(notice, world.clerk, dt.date(2025, 3, 4))
    assert services.applicant_letter(done.number, done.lookup_code, notice.pk) == notice
    with pytest.raises(services.LookupRefused):
        services.applicant_letter(done.number, "WRONGCODE1", notice.pk)
    pdf.seek(0)
    assert services.send_document(done.number, done.lookup_code, pdf) == "amendment"
    assert application.attachments.get().original_name == "补正.pdf"
    assert application.events.filter(data__online="amendment").exists()


def test_rate_limits_per_address(world: Any) -> None:
    from django.core.cache import cache

    from gongkai.online import limits

    cache.clear()
    for _ in range(limits.SUBMIT[0]):
        submit(world)
    with pytest.raises(limits.TooManyTries) as caught:
        submit(world)
    assert "频繁" in str(caught.value)
    services.submit_application(world.agency_a, PERSON, "某文件", "邮寄", client_address="10.0.0.2")
    cache.clear()


def test_mail_through_a_real_smtp_server(
    world: Any, smtp_inbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        done = submit(world)
    assert [m["To"] for m in smtp_inbox] == ["zhang@example.cn"]
    body = smtp_inbox[0].get_payload(decode=True).decode("utf-8")
    assert done.number in body and done.lookup_code in body
