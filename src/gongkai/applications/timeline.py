"""The application's log as the page shows it: who did what when, and which values changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.applications.actions import Action, action_label
from gongkai.applications.models import Application, ApplicationEvent, LetterKind, State
from gongkai.applications.workflow import outcome_label
from gongkai.core.people import person_name
from gongkai.law.zh import date_zh

FIELD_LABELS: dict[str, str] = {
    "state": "状态",
    "amended_on": "收到补正之日",
    "reply_due": "答复期限",
    "closed_on": "办结日期",
    "replied_on": "答复日期",
    "outcome": "办理结果",
}
# Details worth showing, with their labels.
DETAIL_LABELS: dict[str, str] = {
    "points": "补正事项",
    "matters": "事项",
    "answer": "申请人说明的理由",
    "period_working_days": "补正期限（工作日）",
    "party": "被征求意见方",
    "summary": "意见摘要",
    "objection_reasons": "不同意公开的理由",
    "public_interest": "公共利益理由",
    "reason": "延期理由",
    "reasons": "理由",
    "comment": "退回意见",
    "method": "送达方式",
    "number": "编号",
    "name": "文件",
    "case": "案件编号",
    "handler_from": "原经办人",
    "handler_to": "新经办人",
    "reassign_reason": "更换理由",
    "delivered_on": "送达日期",
    "no_consultation_reason": "未征求第三方意见的原因",
    "opinion": "意见",
    "statement": "撤回的方式和内容",
    "undo_reason": "撤销理由",
    "correction_reason": "理由",
}


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    at: dt.datetime
    on: str
    actor: str
    label: str
    changes: list[str]
    details: list[str]


def _value(field: str, value: Any) -> str:
    if value in (None, ""):
        return "（空）"
    if field == "state":
        return str(State(value).label) if value in State.values else str(value)
    if field in ("amended_on", "reply_due", "closed_on", "replied_on"):
        return date_zh(dt.date.fromisoformat(value))
    if field == "outcome":
        return outcome_label(value)
    return str(value)


def _label(action: str, data: dict[str, Any]) -> str:
    label = action_label(action)
    kind = data.get("kind")
    if action in (Action.ISSUE_LETTER, Action.EDIT_LETTER) and kind in LetterKind.values:
        label += f"：{LetterKind(kind).label}"
    if action == Action.UNDO_STEP:
        label += f"：第{data['undoes']}步“{action_label(data['undone_action'])}”"
    return label


def timeline(
    application: Application, events: Sequence[ApplicationEvent] | None = None
) -> list[TimelineEntry]:
    """The application's history as shown; from `events` (all of them, oldest first, with their actor)
    when they are already read."""
    entries = []
    if events is None:
        events = list(application.events.select_related("actor").order_by("seq"))
    undone = {int(e.data["undoes"]) for e in events if e.action == Action.UNDO_STEP}
    for event in events:
        data = event.data
        entries.append(
            TimelineEntry(
                seq=event.seq,
                at=event.at,
                on=date_zh(dt.date.fromisoformat(data["on"])),
                actor=person_name(event.actor, "系统"),
                label=_label(event.action, data) + ("（已撤销）" if event.seq in undone else ""),
                changes=[
                    f"{FIELD_LABELS.get(f, f)}：{_value(f, old)} → {_value(f, new)}"
                    for f, (old, new) in data.get("changes", {}).items()
                ],
                details=_details(data),
            )
        )
    return entries


def _details(data: dict[str, Any]) -> list[str]:
    shown = [
        f"{label}：{data[key]}" for key, label in DETAIL_LABELS.items() if data.get(key) not in (None, "")
    ]
    if data.get("outcome"):
        shown.insert(0, f"拟定结果：{outcome_label(data['outcome'])}")
    if "objects" in data:
        shown.append("被征求意见方不同意公开" if data["objects"] else "被征求意见方同意公开或无异议")
    if data.get("consented") is True:
        shown.append("被征求意见的机关逾期未提出意见，视为同意（条例第三十四条）")
    if data.get("calendar_missing"):
        shown.append(f"{data['calendar_missing']}年节假日安排尚未载入，答复期限暂无法计算")
    if "quote" in data:
        shown.append(f"信息处理费：{data['quote']['yuan']}元（{data['quote']['method_zh']}）")
    return shown
