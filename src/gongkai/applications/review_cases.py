"""Reconsiderations and lawsuits about an application's decision (table 四), noted in its log.

A case is received after the decision it challenges and concluded after it was received, never in the
future. A case recorded wrongly is corrected (`correct_review_case`) or voided (`void_review_case`) with a
reason, each a note in the application's log; nothing is deleted, and table 四 leaves voided cases out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.applications.actions import Action
from gongkai.applications.clock import history_of
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import note, to_json
from gongkai.applications.models import REVIEW_KIND_CHOICES, Application, ReviewCase
from gongkai.law.dates import date_problem

# Who records review cases and their results: the agency's clerks and its head.
RECORDERS = frozenset({Role.CLERK, Role.HEAD})
CONCLUDED_RESULTS = frozenset({"upheld", "corrected", "other"})
# The fields of a case that a correction may change.
CORRECTED_FIELDS = ("number", "kind", "received_on", "concluded_on", "result")


def decided_on(application: Application) -> tuple[dt.date, str]:
    """The day from which the application's decision can be challenged, and what that day is: the day the
    decision was approved (or, for an imported or abandoned application, replied to or closed); an
    application not decided yet can be challenged for not being answered from its receipt."""
    approved = next(
        (s for s in reversed(history_of(application)) if s.action == Action.APPROVE_DECISION), None
    )
    if approved is not None:
        return approved.on, "批准答复"
    if application.replied_on is not None:
        return application.replied_on, "答复"
    if application.closed_on is not None:
        return application.closed_on, "办结"
    return application.received_on, "收到申请"


def _date_errors(
    application: Application | None, received_on: dt.date, concluded_on: dt.date | None
) -> dict[str, str]:
    today = timezone.localdate()
    earliest, earliest_label = decided_on(application) if application is not None else (None, "")
    errors = {}
    problem = date_problem(
        received_on, today, label="收到日期", not_before=earliest, not_before_label=f"申请的{earliest_label}"
    )
    if problem:
        errors["received_on"] = problem
    if concluded_on is not None:
        problem = date_problem(
            concluded_on, today, label="结案日期", not_before=received_on, not_before_label="收到案件"
        )
        if problem:
            errors["concluded_on"] = problem
    return errors


def _case_errors(
    application: Application | None,
    agency_id: int,
    values: dict[str, Any],
    *,
    case_id: int | None = None,
) -> dict[str, str]:
    """Every problem of a case's values at once (`case_id`: the case being corrected)."""
    number, kind, result = values["number"], values["kind"], values["result"]
    errors = _date_errors(application, values["received_on"], values["concluded_on"])
    if kind not in {key for key, _ in REVIEW_KIND_CHOICES}:
        errors["kind"] = "案件类型应为行政复议、未经复议直接起诉或复议后起诉。"
    if result and result not in CONCLUDED_RESULTS:
        errors["result"] = "结果应为维持、纠正或其他。"
    elif (values["concluded_on"] is None) != (result == ""):
        errors["result"] = "已结案的案件须填写结果和结案日期；尚未审结的两项都不填。"
    if not number:
        errors["number"] = "请填写案件编号。"
    elif ReviewCase.objects.filter(agency_id=agency_id, number=number).exclude(pk=case_id or 0).exists():
        errors["number"] = f"案件编号“{number}”在本机关已经存在。"
    return errors


def _check_recorder(actor: Any, agency_id: int, what: str) -> None:
    if not roles_in(actor, agency_id) & RECORDERS:
        raise StepRefused(f"只有本机关的经办人或负责人可以{what}。")


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
    _check_recorder(actor, application.agency_id, "登记复议、诉讼案件")
    values = {
        "number": number.strip(),
        "kind": kind,
        "received_on": received_on,
        "concluded_on": concluded_on,
        "result": result,
    }
    errors = _case_errors(application, application.agency_id, values)
    if errors:
        raise InvalidInput(errors)
    case = ReviewCase.objects.create(agency_id=application.agency_id, application=application, **values)
    note(
        application, actor, Action.RECORD_REVIEW_CASE, received_on, case=case.number, kind=kind, result=result
    )
    return case


def _locked_open(case: ReviewCase) -> ReviewCase:
    locked = ReviewCase.objects.select_related("application").select_for_update(of=("self",)).get(pk=case.pk)
    if locked.voided_on is not None:
        raise StepRefused("该案件已作废。")
    return locked


@transaction.atomic
def conclude_review_case(case: ReviewCase, actor: Any, *, concluded_on: dt.date, result: str) -> ReviewCase:
    """Record a pending case's conclusion (维持, 纠正 or 其他)."""
    _check_recorder(actor, case.agency_id, "登记案件结果")
    locked = _locked_open(case)
    if locked.result:
        raise StepRefused("该案件已经结案。")
    if result not in CONCLUDED_RESULTS:
        raise InvalidInput({"result": "结果应为维持、纠正或其他。"})
    errors = _date_errors(None, locked.received_on, concluded_on)
    if errors:
        raise InvalidInput(errors)
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


@transaction.atomic
def correct_review_case(case: ReviewCase, actor: Any, *, reason: str, **values: Any) -> ReviewCase:
    """Correct a case recorded wrongly: the new values (any of `CORRECTED_FIELDS`) and why, noted in the
    application's log with each field's previous and new value."""
    _check_recorder(actor, case.agency_id, "更正复议、诉讼案件")
    locked = _locked_open(case)
    if not reason.strip():
        raise InvalidInput({"reason": "请写明更正的理由。"})
    new = {field: getattr(locked, field) for field in CORRECTED_FIELDS}
    new.update({k: v for k, v in values.items() if k in CORRECTED_FIELDS})
    new["number"] = str(new["number"]).strip()
    new["result"] = new["result"] or ""
    errors = _case_errors(locked.application, locked.agency_id, new, case_id=locked.pk)
    if errors:
        raise InvalidInput(errors)
    changed = {
        field: [to_json(getattr(locked, field)), to_json(value)]
        for field, value in new.items()
        if getattr(locked, field) != value
    }
    if not changed:
        raise InvalidInput({"reason": "没有需要更正的内容。"})
    for field, value in new.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(CORRECTED_FIELDS))
    if locked.application is not None:
        note(
            locked.application,
            actor,
            Action.CORRECT_REVIEW_CASE,
            timezone.localdate(),
            case=locked.number,
            case_changes=changed,
            correction_reason=reason.strip(),
        )
    return locked


@transaction.atomic
def void_review_case(case: ReviewCase, actor: Any, *, reason: str) -> ReviewCase:
    """Void a case recorded by mistake (with the reason): it stays on record, table 四 leaves it out."""
    _check_recorder(actor, case.agency_id, "作废复议、诉讼案件")
    locked = _locked_open(case)
    if not reason.strip():
        raise InvalidInput({"reason": "请写明作废的理由。"})
    locked.voided_on, locked.void_reason = timezone.localdate(), reason.strip()
    locked.save(update_fields=["voided_on", "void_reason"])
    if locked.application is not None:
        note(
            locked.application,
            actor,
            Action.VOID_REVIEW_CASE,
            locked.voided_on,
            case=locked.number,
            correction_reason=locked.void_reason,
        )
    return locked
