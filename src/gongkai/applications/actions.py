"""Every action an application's event log records, with the Chinese label the timeline shows.

The workflow's transitions (`workflow.TRANSITIONS`) are the actions that move an application from state
to state; the others are notes that change no state (a letter issued, an attachment, a review case, a
ledger import, the handler's reassignment, deadlines recomputed once a year's holidays are loaded).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop


class Action(models.TextChoices):
    """The `action` of an `ApplicationEvent`; labels are marked for translation and shown translated."""

    # the workflow's transitions, in the order a clerk meets them
    REGISTER = "register", gettext_noop("登记申请")
    REQUEST_AMENDMENT = "request_amendment", gettext_noop("告知补正")
    RECORD_AMENDMENT_NOTICE_DELIVERY = (
        "record_amendment_notice_delivery",
        gettext_noop("登记补正告知书送达日期"),
    )
    RECORD_AMENDMENT = "record_amendment", gettext_noop("登记收到补正")
    ABANDON_NO_AMENDMENT = "abandon_no_amendment", gettext_noop("逾期未补正，视为放弃")
    START_CONSULTATION = "start_consultation", gettext_noop("征求第三方或其他机关意见")
    RECORD_CONSULTATION_DELIVERY = "record_consultation_delivery", gettext_noop("登记征求意见书送达日期")
    RECORD_CONSULTATION_ANSWER = "record_consultation_answer", gettext_noop("登记意见答复")
    CLOSE_CONSULTATION_WINDOW = "close_consultation_window", gettext_noop("征求意见期满未答复")
    REQUEST_REASONS = "request_reasons", gettext_noop("要求申请人说明理由（第三十五条）")
    RECORD_REASONS = "record_reasons", gettext_noop("登记申请人说明的理由")
    DEFER_REPLY = "defer_reply", gettext_noop("确定延迟答复的合理期限（第三十五条）")
    REQUEST_EXTENSION = "request_extension", gettext_noop("申请延期答复")
    APPROVE_EXTENSION = "approve_extension", gettext_noop("批准延期答复")
    SEND_FEE_NOTICE = "send_fee_notice", gettext_noop("发出收费通知")
    RECORD_PAYMENT = "record_payment", gettext_noop("登记已缴费")
    ABANDON_FEE_UNPAID = "abandon_fee_unpaid", gettext_noop("逾期未缴费，视为放弃")
    DRAFT_DECISION = "draft_decision", gettext_noop("拟写答复")
    WITHDRAW = "withdraw", gettext_noop("申请人撤回申请")
    RETURN_DRAFT = "return_draft", gettext_noop("退回修改")
    REVIEW_DECISION = "review_decision", gettext_noop("审核通过")
    APPROVE_DECISION = "approve_decision", gettext_noop("批准答复并签发")
    DELIVER_DECISION = "deliver_decision", gettext_noop("登记已送达")
    FILE_APPLICATION = "file_application", gettext_noop("归档")
    # notes: they change no state
    ISSUE_LETTER = "issue_letter", gettext_noop("签发告知书")
    EDIT_LETTER = "edit_letter", gettext_noop("修改告知书")
    VOID_LETTER = "void_letter", gettext_noop("作废告知书")
    ADD_ATTACHMENT = "add_attachment", gettext_noop("上传附件")
    RECORD_REVIEW_CASE = "record_review_case", gettext_noop("登记复议/诉讼案件")
    CONCLUDE_REVIEW_CASE = "conclude_review_case", gettext_noop("登记复议/诉讼结果")
    CORRECT_REVIEW_CASE = "correct_review_case", gettext_noop("更正复议/诉讼案件")
    VOID_REVIEW_CASE = "void_review_case", gettext_noop("作废复议/诉讼案件")
    LEDGER_IMPORT = "ledger_import", gettext_noop("从台账导入")
    LEDGER_UPDATE = "ledger_update", gettext_noop("按台账更新")
    REASSIGN_HANDLER = "reassign_handler", gettext_noop("更换经办人")
    RECOMPUTE_DEADLINES = "recompute_deadlines", gettext_noop("载入节假日安排后重新计算期限")
    # a correction: the last step taken by mistake is undone (its event stays, marked undone by this one)
    UNDO_STEP = "undo_step", gettext_noop("撤销上一步")


def action_label(action: str) -> str:
    """The Chinese label of an event's action (an unknown one is named as such, never shown bare)."""
    return str(Action(action).label) if action in Action.values else f"其他操作（{action}）"
