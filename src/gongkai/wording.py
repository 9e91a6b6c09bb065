"""Chinese messages put together: several sentences shown as one."""

from __future__ import annotations

from collections.abc import Iterable


def join_messages(messages: Iterable[object]) -> str:
    """The messages as one sentence, separated by ；and ended by 。 — `输入一个有效的日期。` and
    `这个字段是必填项。` give `输入一个有效的日期；这个字段是必填项。`, not `。；`."""
    parts = [text for m in messages if (text := str(m).strip().rstrip("。；;"))]
    return "；".join(parts) + "。" if parts else ""
