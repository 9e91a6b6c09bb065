"""Registering a received application (第二十九条 to 第三十一条): its particulars, its number, its
receipt date and reply deadline, its receipt letter and, if given, the file it came with — one use case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.applications import attachments, letters, numbering, tallies, validators
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import apply_changes
from gongkai.applications.models import Application, ApplicationEvent, LetterKind, State
from gongkai.applications.workflow import TRANSITIONS
from gongkai.core.calendar import system_calendar
from gongkai.law import receipt
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.dates import date_problem
from gongkai.law.outcomes import APPLICANT_CATEGORIES


@dataclass(frozen=True)
class Applicant:
    """An applicant's particulars as given on the form (第二十九条)."""

    category: str
    name: str
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_type: str = "resident_id"


@dataclass(frozen=True)
class Request:
    """What is asked for and how the applicant wants it."""

    content: str
    form_wanted: str = ""
    delivery_wanted: str = ""


_CHECKS = {
    "credit_code": validators.check_credit_code,
    "phone": validators.check_phone,
    "email": validators.check_email,
}


def check_applicant(applicant: Applicant) -> Applicant:
    """The applicant with normalised particulars, or InvalidInput naming every problem."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    if applicant.category not in {t.key for t in APPLICANT_CATEGORIES}:
        errors["applicant_category"] = f"申请人类型“{applicant.category}”无效。"
    if not applicant.name.strip():
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    checks = {**_CHECKS, "id_number": lambda v: validators.check_document_number(applicant.id_type, v)}
    for field, check in checks.items():
        value = getattr(applicant, field).strip()
        if value:
            try:
                cleaned[field] = check(value)
            except ValueError as exc:
                errors[field] = str(exc)
    if applicant.category == "natural_person" and applicant.credit_code.strip():
        errors["credit_code"] = "自然人申请不填写统一社会信用代码。"
    if not (applicant.phone.strip() or applicant.email.strip() or applicant.address.strip()):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）（第二十九条）。"
    if errors:
        raise InvalidInput(errors)
    return Applicant(
        category=applicant.category,
        name=applicant.name.strip(),
        **{field: cleaned.get(field, "") for field in (*_CHECKS, "id_number")},
        address=applicant.address.strip(),
        id_type=applicant.id_type or "resident_id",
    )


def _received_on(channel: str, arrival: Mapping[str, dt.date | None], on: dt.date | None) -> dt.date:
    try:
        received_on = receipt.receipt_date(channel, **arrival)
    except ValueError as exc:
        raise InvalidInput({"received_on": str(exc)}) from None
    problem = date_problem(received_on, on or timezone.localdate(), label="收到申请之日")
    if problem is not None:
        raise InvalidInput({"received_on": problem})
    return received_on


def _checked(
    channel: str,
    arrival: Mapping[str, dt.date | None],
    on: dt.date | None,
    applicant: Applicant,
    request: Request,
    attachment: Any,
) -> tuple[dt.date, Applicant, str]:
    """The receipt date, the checked applicant and the attachment's suffix; or InvalidInput naming every
    problem of the registration at once (the form shows them all, not one per submission)."""
    errors: dict[str, str] = {}
    checks: list[Callable[[], Any]] = [
        lambda: _received_on(channel, arrival, on),
        lambda: check_applicant(applicant),
        lambda: attachments.checked_upload(attachment) if attachment is not None else "",
    ]
    results = []
    for check in checks:
        try:
            results.append(check())
        except InvalidInput as exc:
            errors.update(exc.errors)
    if not request.content.strip():
        errors["content"] = "请填写申请公开的政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）。"
    if errors:
        raise InvalidInput(errors)
    received_on, person, suffix = results
    return received_on, person, suffix


def applicant_fields(person: Applicant) -> dict[str, str]:
    """The applicant's columns as an application (registered or submitted on line) stores them."""
    return {
        "applicant_category": person.category,
        "applicant_name": person.name,
        "id_type": person.id_type if person.id_number else "",
        "id_number": person.id_number,
        "credit_code": person.credit_code,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
    }


@transaction.atomic
def register_application(
    agency: Agency,
    actor: Any,
    *,
    channel: str,
    arrival: Mapping[str, dt.date | None],
    applicant: Applicant,
    request: Request,
    number: str = "",
    on: dt.date | None = None,
    attachment: Any = None,
    arrived_on: dt.date | None = None,
) -> Application:
    """Register a received application; its receipt date follows its channel (第三十一条).

    `arrival` holds the dates the channel needs (handed_in, signed_for or confirmed). Where the receipt
    date is the day of confirmation, `arrived_on` is the day the application arrived (that day if not
    given): a confirmation later than the arrival is recorded and shown. The receipt letter is drafted
    and `attachment` (an uploaded file, optional) kept with the registration, all or nothing.
    """
    roles = roles_in(actor, agency.pk)
    if not roles & TRANSITIONS[Action.REGISTER].roles:
        raise StepRefused("只有本机关的经办人或负责人可以登记申请。")
    received_on, person, suffix = _checked(channel, arrival, on, applicant, request, attachment)
    confirmed = receipt.channel(channel).date_field == "confirmed"
    if confirmed and arrived_on is not None and arrived_on > received_on:
        raise InvalidInput({"arrived_on": "申请到达之日不能晚于确认之日。"})
    application = Application(
        agency=agency,
        channel=channel,
        **applicant_fields(person),
        **_request_fields(request),
        received_on=received_on,
        arrived_on=(arrived_on or received_on) if confirmed else received_on,
        confirmed_on=received_on if confirmed else None,
        state="",
        handler=actor if Role.CLERK in roles else None,
    )
    data, clock = _registered(application)
    if number:
        _insert_given(application, number)
    else:
        application.number = numbering.placeholder()
        application.save()
    data["number"] = application.number
    event = ApplicationEvent.objects.append(
        application,
        Action.REGISTER,
        actor=actor,
        data=data,
        from_state="",
        first=True,
        tallies_later=not number,
    )
    letter = letters.draft(event, LetterKind.RECEIPT, clock.then(Action.REGISTER, data, amended_on=None))
    stored = attachments.store(application, actor, attachment, suffix) if attachment is not None else None
    if not number:
        _number_last(application, event, letter, stored)
    return application


def _request_fields(request: Request) -> dict[str, Any]:
    return {
        "content": request.content.strip(),
        "form_wanted": request.form_wanted,
        "delivery_wanted": request.delivery_wanted,
    }


def _number_last(application: Application, event: ApplicationEvent, letter: Any, stored: Any) -> None:
    """The automatic number, last: clerks registering at once in the agency queue for its next number
    (and its tallies) only from here to the commit — one statement on PostgreSQL."""
    try:
        numbering.assign(application, event, [letter], tallies.delta([(application, event.data)]))
    except BaseException:
        if stored is not None:  # nothing is kept of a registration that failed, not even its file
            stored.file.delete(save=False)
        raise


def _insert_given(application: Application, number: str) -> None:
    """Save the new application under the number given by hand, which moves the agency's counter."""
    numbering.follow(application.agency_id, [number])
    application.number = number
    try:
        with transaction.atomic():  # a number given by hand may be taken: the form says so
            application.save()
    except IntegrityError:
        raise InvalidInput({"number": f"申请编号“{number}”在本机关已经存在。"}) from None


def _registered(application: Application) -> tuple[dict[str, Any], Clock]:
    """The new application made registered, with its reply deadline, before it is first saved (one
    INSERT): the registration event's data (its `number` still to be filled in) and the clock."""
    data: dict[str, Any] = {
        "on": application.received_on.isoformat(),
        "channel": application.channel,
        "number": "",
    }
    if (
        application.confirmed_on
        and application.arrived_on
        and application.arrived_on < application.confirmed_on
    ):
        data["arrived_on"] = application.arrived_on.isoformat()
    clock = Clock(application.received_on, None, (), system_calendar())
    try:
        reply_due: dt.date | None = clock.reply().due
    except CalendarMissingError as exc:
        reply_due = None
        data["calendar_missing"] = exc.year
    data["changes"] = apply_changes(application, {"state": State.REGISTERED, "reply_due": reply_due})
    return data, clock
