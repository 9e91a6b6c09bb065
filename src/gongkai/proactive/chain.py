"""The review before publication as data: the steps of an agency's chain, and which action leads from
which states to which and who may take it (条例 第十七条; 保密法 第三十五条; 三审三校 is local practice,
so the chain after the 保密审查 is configurable per agency).

Each row of `TRANSITIONS` is carried out by one service of the same name (`services.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.agencies.models import Role
from gongkai.proactive.actions import ProactiveAction
from gongkai.proactive.models import Document, ProactiveSettings, State

STAFF: frozenset[str] = frozenset({Role.CLERK, Role.REVIEWER, Role.HEAD, Role.AGENCY_ADMIN})
REVIEWERS: frozenset[str] = frozenset({Role.REVIEWER, Role.HEAD})
DRAFTERS: frozenset[str] = frozenset({Role.CLERK, Role.REVIEWER, Role.HEAD})


@dataclass(frozen=True)
class ChainStep:
    """One level of review after the 保密审查: its name and the role that takes it."""

    label: str
    role: str


# The usual 三审 (proactive.md §3): 科室负责人初审, 分管领导复审, 主要负责人或保密审查负责人终审.
DEFAULT_CHAIN: tuple[ChainStep, ...] = (
    ChainStep("科室负责人初审", Role.REVIEWER),
    ChainStep("分管领导复审", Role.HEAD),
    ChainStep("主要负责人或保密审查负责人终审", Role.HEAD),
)


def parse_chain(data: Any) -> tuple[ChainStep, ...]:
    """The chain stored in an agency's settings; ValueError (Chinese) for a malformed one."""
    if not data:
        return DEFAULT_CHAIN
    if not isinstance(data, list):
        raise ValueError('审核链应为列表：[{"label": "科室负责人初审", "role": "reviewer"}, …]。')
    steps = []
    for number, item in enumerate(data, start=1):
        label = str(item.get("label") or "").strip() if isinstance(item, dict) else ""
        role = str(item.get("role") or "").strip() if isinstance(item, dict) else ""
        if not label:
            raise ValueError(f"审核链第{number}级缺少名称（label）。")
        if role not in REVIEWERS:
            raise ValueError(f"审核链第{number}级“{label}”的角色应为 reviewer（审核人）或 head（负责人）。")
        steps.append(ChainStep(label, role))
    return tuple(steps)


def chain_of(settings: ProactiveSettings) -> tuple[ChainStep, ...]:
    try:
        return parse_chain(settings.review_chain)
    except ValueError:
        return DEFAULT_CHAIN


@dataclass(frozen=True)
class Transition:
    """One permitted step: from any of `sources` to `target` (None: decided by the service)."""

    action: ProactiveAction
    sources: frozenset[str]
    roles: frozenset[str]
    needs_opinion: bool = False

    @property
    def label(self) -> str:
        return str(self.action.label)


_REVIEWING = frozenset({State.SECRECY_REVIEW, State.IN_REVIEW, State.APPROVED})
_FINAL = frozenset({State.PUBLISHED, State.REGISTERED})

TRANSITIONS: dict[str, Transition] = {
    t.action.value: t
    for t in (
        Transition(ProactiveAction.SUBMIT, frozenset({State.DRAFTED}), DRAFTERS),
        Transition(ProactiveAction.PASS_SECRECY, frozenset({State.SECRECY_REVIEW}), REVIEWERS),
        Transition(ProactiveAction.APPROVE_STEP, frozenset({State.IN_REVIEW}), REVIEWERS),
        Transition(ProactiveAction.RETURN, _REVIEWING, REVIEWERS, needs_opinion=True),
        Transition(ProactiveAction.PUBLISH, frozenset({State.APPROVED}), DRAFTERS),
        Transition(ProactiveAction.REGISTER, frozenset({State.APPROVED}), DRAFTERS),
        Transition(ProactiveAction.CHANGE, frozenset({State.PUBLISHED}), DRAFTERS, needs_opinion=True),
        Transition(ProactiveAction.WITHDRAW, frozenset({State.PUBLISHED}), frozenset({Role.HEAD}), True),
        Transition(ProactiveAction.EXPIRE, _FINAL, DRAFTERS),
        Transition(ProactiveAction.REPEAL, _FINAL, DRAFTERS),
        Transition(ProactiveAction.REREVIEW, frozenset({State.REGISTERED}), REVIEWERS, needs_opinion=True),
    )
}


def step_role(document: Document, chain: Sequence[ChainStep], settings: ProactiveSettings) -> str | None:
    """The one role that takes the document's next review step (None outside the review)."""
    if document.state == State.SECRECY_REVIEW:
        return settings.secrecy_role if settings.secrecy_role in REVIEWERS else Role.REVIEWER
    if document.state == State.IN_REVIEW and document.review_step < len(chain):
        return chain[document.review_step].role
    return None


def step_label(document: Document, chain: Sequence[ChainStep]) -> str:
    """What the document waits for, in Chinese."""
    if document.state == State.SECRECY_REVIEW:
        return "保密审查"
    if document.state == State.IN_REVIEW and document.review_step < len(chain):
        return f"第{document.review_step + 1}级审核：{chain[document.review_step].label}"
    return str(State(document.state).label)


def refusal(
    action: str, document: Document, roles: frozenset[str], settings: ProactiveSettings
) -> str | None:
    """Why `action` cannot be taken now by someone with `roles` (Chinese), or None when it can."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return "没有这项操作。"
    if document.state not in transition.sources:
        return f"当前状态“{State(document.state).label}”不能{transition.label}。"
    if action in (ProactiveAction.PASS_SECRECY, ProactiveAction.APPROVE_STEP):
        role = step_role(document, chain_of(settings), settings)
        if role not in roles:
            return f"这一步（{step_label(document, chain_of(settings))}）由{Role(role).label if role else ''}办理。"
    elif not roles & transition.roles:
        return f"您没有“{transition.label}”的权限。"
    if action == ProactiveAction.PUBLISH and document.disclosure != "proactive":
        return "公开属性不是“主动公开”的信息不发布，请“登记”。"
    if action == ProactiveAction.REGISTER and document.disclosure == "proactive":
        return "主动公开的信息应当发布。"
    if action == ProactiveAction.REREVIEW and document.disclosure != "withheld":
        return "只有不予公开的信息需要定期复查（第十八条）。"
    return None


def available(document: Document, roles: frozenset[str], settings: ProactiveSettings) -> list[Transition]:
    """The actions the user may take on the document now, in the table's order."""
    return [t for key, t in TRANSITIONS.items() if refusal(key, document, roles, settings) is None]
