"""The use cases of the applications, one transaction each: what views, commands and the demo call.

Registration (`registration.py`), the workflow's steps (`steps.py`), letters (`letters.py`),
attachments (`attachments.py`), review cases (`review_cases.py`), the handling clerk (`handlers.py`)
and the deadlines recomputed when the calendar changes (`deadlines.py`) each live in their own module;
this one names them together, so that a step's service is found by its action (`services.<action>`).
"""

from __future__ import annotations

from gongkai.applications.attachments import add_attachment, check_upload
from gongkai.applications.corrections import last_step, may_undo, undo_last_step
from gongkai.applications.deadlines import Recomputed, recompute_deadlines
from gongkai.applications.errors import InvalidInput, LetterError, StepRefused
from gongkai.applications.events import TRACKED_FIELDS, rebuild_state, stored_state
from gongkai.applications.handlers import REASSIGNERS, clerks_of, reassign_handler
from gongkai.applications.letters import edit_letter, issue_letter, void_letter
from gongkai.applications.queries import Objection, decided_outcome, reasoned_objections
from gongkai.applications.registration import (
    Applicant,
    Request,
    check_applicant,
    register_application,
)
from gongkai.applications.review_cases import (
    conclude_review_case,
    correct_review_case,
    record_review_case,
    void_review_case,
)
from gongkai.applications.steps import (
    CONSULTED_KINDS,
    abandon_fee_unpaid,
    abandon_no_amendment,
    approve_decision,
    approve_extension,
    close_consultation_window,
    defer_reply,
    deliver_decision,
    draft_decision,
    file_application,
    record_amendment,
    record_amendment_notice_delivery,
    record_consultation_answer,
    record_consultation_delivery,
    record_payment,
    record_reasons,
    request_amendment,
    request_extension,
    request_reasons,
    return_draft,
    review_decision,
    send_fee_notice,
    start_consultation,
    withdraw,
)
from gongkai.applications.workflow import decidable_outcomes

__all__ = [
    "CONSULTED_KINDS",
    "REASSIGNERS",
    "TRACKED_FIELDS",
    "Applicant",
    "InvalidInput",
    "LetterError",
    "Objection",
    "Recomputed",
    "Request",
    "StepRefused",
    "abandon_fee_unpaid",
    "abandon_no_amendment",
    "add_attachment",
    "approve_decision",
    "approve_extension",
    "check_applicant",
    "check_upload",
    "clerks_of",
    "close_consultation_window",
    "conclude_review_case",
    "correct_review_case",
    "decidable_outcomes",
    "decided_outcome",
    "defer_reply",
    "deliver_decision",
    "draft_decision",
    "edit_letter",
    "file_application",
    "issue_letter",
    "last_step",
    "may_undo",
    "reasoned_objections",
    "reassign_handler",
    "rebuild_state",
    "recompute_deadlines",
    "record_amendment",
    "record_amendment_notice_delivery",
    "record_consultation_answer",
    "record_consultation_delivery",
    "record_payment",
    "record_reasons",
    "record_review_case",
    "register_application",
    "request_amendment",
    "request_extension",
    "request_reasons",
    "return_draft",
    "review_decision",
    "send_fee_notice",
    "start_consultation",
    "stored_state",
    "undo_last_step",
    "void_letter",
    "void_review_case",
    "withdraw",
]
