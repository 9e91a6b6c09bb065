"""The use cases of on-line applications, one transaction each, with plain arguments and results:
the public form, the API (`gongkai.api`) and the clerk's page call these.

- `submit_application`: the applicant's form (第二十九条) → a 受理编号 and a 查询码 (stored hashed);
- `confirm`: the clerk confirms receipt in one click; that day is the receipt date (第三十一条（三）) and
  the application is registered in the workbench as channel 网上 through the existing registration;
- `lookup`: 受理编号 + 查询码 → what the applicant may see; an unknown number, a wrong code and a number
  locked after too many wrong codes all get the same refusal.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.agencies.models import Agency
from gongkai.applications import attachments
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.models import ApplicationEvent, Letter, State
from gongkai.applications.notify import APPLICANT_LETTERS
from gongkai.applications.registration import (
    Applicant,
    Request,
    applicant_fields,
    check_applicant,
    register_application,
)
from gongkai.core.calendar import system_calendar
from gongkai.law.calendar import CalendarMissingError
from gongkai.online import limits, notify
from gongkai.online.models import OnlineApplication

# Wrong 查询码 in a row for one number before its lookups are refused for LOCK_FOR.
MAX_WRONG_CODES = 20
LOCK_FOR = dt.timedelta(minutes=30)

# Only images and PDF may prove identity.
ID_IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".pdf"})

# 查询码: no 0/O, 1/I/L, so that it survives being read aloud or copied by hand.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LENGTH = 10

DEFERRED_BASIS = "依照条例第三十五条确定的延迟答复期限"
NOT_FOUND = "受理编号或查询码不正确，或者查询次数过多已暂时锁定，请核对后稍后再试。"
UNCONFIRMED = "已提交，等待本机关确认收到"


class LookupRefused(StepRefused):
    """The same refusal for an unknown number, a wrong code and a locked number."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


@dataclass(frozen=True)
class Submitted:
    number: str
    lookup_code: str


@dataclass(frozen=True)
class LetterView:
    id: int
    kind: str
    title: str
    number: str
    issued_on: dt.date | None


@dataclass(frozen=True)
class LookupView:
    number: str
    agency: str
    status: str
    submitted_on: dt.date
    received_on: dt.date | None
    reply_due: dt.date | None
    letters: tuple[LetterView, ...]
    # What the applicant may send on line now: "amendment" while an amendment is asked for,
    # "payment" while a fee is due, "" otherwise.
    awaiting: str = ""
    # The last day to send it (the amendment period, 第三十条; the payment period): counted from the
    # notice's receipt where recorded, else from the day it was sent; None when it cannot be counted.
    act_by: dt.date | None = None
    # How the reply deadline was set, when not by the 第三十三条 count (a later date under 第三十五条).
    reply_due_basis: str = ""


def _hash(number: str, code: str) -> str:
    return salted_hmac(
        "gongkai.online.lookup", f"{number}:{code.strip().upper()}", algorithm="sha256"
    ).hexdigest()


def _new_number(on: dt.date) -> str:
    return f"WS{on:%Y%m%d}{secrets.randbelow(10**6):06d}"


def _check_id_image(id_image: Any) -> str:
    suffix = attachments.checked_upload(id_image)
    if suffix not in ID_IMAGE_TYPES:
        raise InvalidInput({"id_image": "身份证明只能上传图片（PNG、JPEG）或 PDF 文件。"})
    return suffix


def check_submission(
    applicant: dict[str, str], content: str, delivery: str, id_image: Any = None
) -> tuple[Applicant, str]:
    """The checked applicant and the image's suffix ('' without one); InvalidInput naming every problem."""
    errors: dict[str, str] = {}
    person = Applicant(
        category=str(applicant.get("kind", "") or applicant.get("category", "")),
        name=str(applicant.get("name", "")),
        id_type=str(applicant.get("id_type", "") or "resident_id"),
        id_number=str(applicant.get("id_number", "")),
        credit_code=str(applicant.get("credit_code", "")),
        phone=str(applicant.get("phone", "")),
        email=str(applicant.get("email", "")),
        address=str(applicant.get("address", "")),
    )
    try:
        person = check_applicant(person)
    except InvalidInput as exc:
        errors.update(exc.errors)
    if not person.id_number.strip() and "id_number" not in errors:
        errors["id_number"] = "请填写身份证明的证件号码（第二十九条）。"
    if not content.strip():
        errors["content"] = "请填写申请公开的政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）。"
    if len(content) > 5000:
        errors["content"] = "申请内容不能超过 5000 字；一件申请只申请一项政府信息。"
    if len(delivery) > 64:
        errors["delivery"] = "获取信息的方式过长。"
    suffix = ""
    if id_image is not None:
        try:
            suffix = _check_id_image(id_image)
        except InvalidInput as exc:
            errors["id_image"] = next(iter(exc.errors.values()))
    if errors:
        raise InvalidInput(errors)
    return person, suffix


@transaction.atomic
def submit_application(
    agency: Agency,
    applicant: dict[str, str],
    content: str,
    delivery: str,
    id_image: Any = None,
    client_address: str = "",
    form: str = "",
) -> Submitted:
    """Keep an application submitted on line; the 查询码 is returned once and only its hash kept."""
    limits.hit("submit", client_address, limits.SUBMIT)
    person, suffix = check_submission(applicant, content, delivery, id_image)
    today = timezone.localdate()
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    online = OnlineApplication(
        agency=agency,
        **applicant_fields(person),
        content=content.strip(),
        form_wanted=form.strip()[:64],
        delivery_wanted=delivery.strip(),
        client_address=client_address[:64],
        submitted_on=today,
    )
    for _attempt in range(5):
        online.number = _new_number(today)
        online.lookup_hash = _hash(online.number, code)
        try:
            with transaction.atomic():
                online.save()
            break
        except IntegrityError:
            continue
    else:
        raise StepRefused("受理编号分配冲突，请重试。")
    if id_image is not None:
        online.id_image.save(f"{uuid.uuid4().hex}{suffix}", id_image, save=True)
    transaction.on_commit(lambda: notify.submitted(online, code))
    return Submitted(online.number, code)


@transaction.atomic
def confirm(online: OnlineApplication, actor: Any, on: dt.date | None = None) -> OnlineApplication:
    """The clerk confirms receipt: the application is registered (channel 网上) with that day as its
    receipt date and the submission day as its arrival day; refused for staff of other agencies."""
    online = OnlineApplication.objects.select_for_update(of=("self",)).get(pk=online.pk)
    if online.application_id is not None:
        raise StepRefused("该网上申请已经确认。")
    day = on or timezone.localdate()
    application = register_application(
        online.agency,
        actor,
        channel="online",
        arrival={"confirmed": day},
        applicant=Applicant(
            category=online.applicant_category,
            name=online.applicant_name,
            id_type=online.id_type,
            id_number=online.id_number,
            credit_code=online.credit_code,
            phone=online.phone,
            email=online.email,
            address=online.address,
        ),
        request=Request(online.content, online.form_wanted, online.delivery_wanted),
        on=day,
        arrived_on=min(online.submitted_on, day),
    )
    online.application = application
    online.confirmed_by = actor
    online.save(update_fields=["application", "confirmed_by"])
    transaction.on_commit(lambda: notify.confirmed(online))
    return online


def unconfirmed(agency: Agency) -> list[OnlineApplication]:
    """The agency's on-line applications waiting for confirmation, oldest first."""
    return list(
        OnlineApplication.objects.filter(agency=agency, application__isnull=True).order_by("submitted_at")
    )


def overdue_unconfirmed(agency: Agency, today: dt.date | None = None) -> list[OnlineApplication]:
    """The unconfirmed ones submitted more than one working day ago (flagged on the dashboard); where
    the calendar lacks the year, one calendar day is taken instead."""
    today = today or timezone.localdate()
    calendar = system_calendar()
    late = []
    for online in unconfirmed(agency):
        try:
            due = calendar.add_working_days(online.submitted_on, 1)
        except CalendarMissingError:
            due = online.submitted_on + dt.timedelta(days=1)
        if today > due:
            late.append(online)
    return late


def _act_by(clock: Clock, awaiting: str) -> dt.date | None:
    """The applicant's last day to amend or pay (None when nothing is awaited or the year is not loaded)."""
    if not awaiting:
        return None
    try:
        deadline = clock.amendment_period() if awaiting == "amendment" else clock.fee_payment()
    except CalendarMissingError:
        return None
    return deadline.due if deadline is not None else None


def _view(online: OnlineApplication) -> LookupView:
    application = online.application
    if application is None:
        return LookupView(online.number, online.agency.name, UNCONFIRMED, online.submitted_on, None, None, ())
    letters = tuple(
        LetterView(letter.pk, letter.kind, letter.get_kind_display(), letter.number_label, letter.issued_on)
        for letter in application.letters.filter(
            kind__in=APPLICANT_LETTERS, issued_at__isnull=False, voided_at__isnull=True
        ).order_by("issued_at", "id")
    )
    awaiting = {State.AMENDMENT_REQUESTED: "amendment", State.FEE_NOTIFIED: "payment"}.get(
        State(application.state) if application.state in State.values else State.REGISTERED, ""
    )
    clock = Clock.of(application, system_calendar())  # the log, read once
    return LookupView(
        online.number,
        online.agency.name,
        application.get_state_display(),
        online.submitted_on,
        application.received_on,
        application.reply_due,
        letters,
        awaiting,
        _act_by(clock, awaiting),
        DEFERRED_BASIS if clock.has(Action.DEFER_REPLY) else "",
    )


def lookup(number: str, lookup_code: str, client_address: str = "") -> LookupView:
    """What the applicant may see of the application `number`; LookupRefused (one message) for an
    unknown number, a wrong code, or a number locked after MAX_WRONG_CODES wrong codes in a row."""
    limits.hit("lookup", client_address, limits.LOOKUP)
    number = number.strip().upper()
    with transaction.atomic():
        online = (
            OnlineApplication.objects.select_for_update(of=("self",))
            .select_related("agency", "application")
            .filter(number=number)
            .first()
        )
        if online is None:
            # Same work as a wrong code, so that timing does not tell either.
            hmac.compare_digest(_hash(number, lookup_code), "0" * 64)
            raise LookupRefused
        now = timezone.now()
        if online.locked_until is not None and online.locked_until > now:
            raise LookupRefused
        if not hmac.compare_digest(_hash(number, lookup_code), online.lookup_hash):
            online.failed_lookups += 1
            if online.failed_lookups >= MAX_WRONG_CODES:
                online.locked_until = now + LOCK_FOR
                online.failed_lookups = 0
            online.save(update_fields=["failed_lookups", "locked_until"])
            wrong = True
        else:
            wrong = False
            if online.failed_lookups or online.locked_until:
                online.failed_lookups = 0
                online.locked_until = None
                online.save(update_fields=["failed_lookups", "locked_until"])
    if wrong:
        raise LookupRefused  # raised outside the transaction, so that the count is kept
    return _view(online)


def _looked_up(number: str, lookup_code: str, client_address: str) -> OnlineApplication:
    """The confirmed on-line application the code opens (counted as a lookup), or LookupRefused."""
    lookup(number, lookup_code, client_address)
    return OnlineApplication.objects.select_related("application").get(number=number.strip().upper())


def applicant_letter(number: str, lookup_code: str, letter_id: int, client_address: str = "") -> Letter:
    """One issued letter addressed to the applicant, to read or download; LookupRefused for anything
    else (a draft, a letter to a third party, another application's letter)."""
    online = _looked_up(number, lookup_code, client_address)
    if online.application_id is None:
        raise LookupRefused
    letter = (
        Letter.objects.filter(
            pk=letter_id,
            application_id=online.application_id,
            kind__in=APPLICANT_LETTERS,
            issued_at__isnull=False,
            voided_at__isnull=True,
        )
        .select_related("application", "agency")
        .first()
    )
    if letter is None:
        raise LookupRefused
    return letter


@transaction.atomic
def send_document(number: str, lookup_code: str, upload: Any, client_address: str = "") -> str:
    """The applicant sends the amended application or the proof of payment on line: kept with the
    application as an attachment and recorded in its log for the clerk (who then records the amendment
    or payment as usual). Returns what was sent: "amendment" or "payment"."""
    online = _looked_up(number, lookup_code, client_address)
    application = online.application
    view = _view(online)
    if application is None or not view.awaiting:
        raise StepRefused("本申请目前无需补正或缴费，不能上传材料。")
    suffix = attachments.checked_upload(upload)
    if suffix not in ID_IMAGE_TYPES | {".docx", ".doc", ".ofd"}:
        raise InvalidInput({"file": "只能上传 PDF、图片或 Word 文件。"})
    attachments.store(application, None, upload, suffix)
    ApplicationEvent.objects.append(
        application,
        Action.ADD_ATTACHMENT,
        actor=None,
        data={"on": timezone.localdate().isoformat(), "online": view.awaiting, "from": "applicant"},
    )
    return view.awaiting
