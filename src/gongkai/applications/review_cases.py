"""Reconsiderations and lawsuits about an application's decision (table 四), noted in its log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.applications.actions import Action
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import note
from gongkai.applications.models import REVIEW_KIND_CHOICES, Application, ReviewCase

# Who records review cases and their results: the agency's clerks and its head.
RECORDERS = frozenset({Role.CLERK, Role.HEAD})
CONCLUDED_RESULTS = frozenset({"upheld", "corrected", "other"})


def _case_errors(
    agency_id: int, number: str, kind: str, received_on: dt.date, concluded_on: dt.date | None, result: str
) -> dict[str, str]:
    errors = {}
    if kind not in {key for key, _ in REVIEW_KIND_CHOICES}:
        errors["kind"] = "案件类型应为行政复议、未经复议直接起诉或复议后起诉。"
    if not number.strip():
        errors["number"] = "请填写案件编号。"
    if (concluded_on is None) != (result == ""):
        errors["result"] = "已结案的案件须填写结果和结案日期；尚未审结的两项都不填。"
    if concluded_on is not None and concluded_on < received_on:
        errors["concluded_on"] = "结案日期不能早于收到日期。"
    if ReviewCase.objects.filter(agency_id=agency_id, number=number.strip()).exists():
        errors["number"] = f"案件编号“{number.strip()}”在本机关已经存在。"
    return errors


@transaction.atomic
def record_review_case(
    application: Application,
    actor: Any,
    *,
    number: str,
    kind: str,
    received_on: dt.date,
    concluded_on: dt.date | None = None,
    result: str = "",
) -> ReviewCase:
    """Record a reconsideration or lawsuit about the application's decision, and note it in its log."""
    if not roles_in(actor, application.agency_id) & RECORDERS:
        raise StepRefused("只有本机关的经办人或负责人可以登记复议、诉讼案件。")
    errors = _case_errors(application.agency_id, number, kind, received_on, concluded_on, result)
    if errors:
        raise InvalidInput(errors)
    case = ReviewCase.objects.create(
        agency_id=application.agency_id,
        number=number.strip(),
        kind=kind,
        application=application,
        received_on=received_on,
        concluded_on=concluded_on,
        result=result,
    )
    note(
        application, actor, Action.RECORD_REVIEW_CASE, received_on, case=case.number, kind=kind, result=result
    )
    return case


@transaction.atomic
def conclude_review_case(case: ReviewCase, actor: Any, *, concluded_on: dt.date, result: str) -> ReviewCase:
    """Record a pending case's conclusion (维持, 纠正 or 其他)."""
    if not roles_in(actor, case.agency_id) & RECORDERS:
        raise StepRefused("只有本机关的经办人或负责人可以登记案件结果。")
    locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if locked.result:
        raise StepRefused("该案件已经结案。")
    if result not in CONCLUDED_RESULTS:
        raise InvalidInput({"result": "结果应为维持、纠正或其他。"})
    if concluded_on < locked.received_on:
        raise InvalidInput({"concluded_on": "结案日期不能早于收到日期。"})
    locked.concluded_on, locked.result = concluded_on, result
    locked.save(update_fields=["concluded_on", "result"])
    if locked.application is not None:
        note(
            locked.application,
            actor,
            Action.CONCLUDE_REVIEW_CASE,
            concluded_on,
            case=locked.number,
            result=result,
        )
    case.concluded_on, case.result = concluded_on, result
    return locked
