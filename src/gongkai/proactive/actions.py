"""Every action the register's event log records, with the Chinese label the history shows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop


class ProactiveAction(models.TextChoices):
    """The `action` of a `DocumentEvent`; one enum for the whole log."""

    DRAFT = "draft", gettext_noop("拟稿登记")
    EDIT = "edit", gettext_noop("修改稿件")
    SUBMIT = "submit", gettext_noop("提交保密审查")
    PASS_SECRECY = "pass_secrecy", gettext_noop("保密审查通过")
    APPROVE_STEP = "approve_step", gettext_noop("审核通过")
    RETURN = "return", gettext_noop("退回修改")
    ACKNOWLEDGE = "acknowledge", gettext_noop("确认已阅检查结果")
    PUBLISH = "publish", gettext_noop("发布")
    REGISTER = "register", gettext_noop("登记（不主动公开）")
    CHANGE = "change", gettext_noop("变更（新版本）")
    WITHDRAW = "withdraw", gettext_noop("撤回")
    EXPIRE = "expire", gettext_noop("失效")
    REPEAL = "repeal", gettext_noop("废止")
    REREVIEW = "rereview", gettext_noop("不予公开复查")
    LINK_INTERPRETATION = "link_interpretation", gettext_noop("关联政策解读")
    ADD_ATTACHMENT = "add_attachment", gettext_noop("上传附件")
    IMPORT = "import", gettext_noop("从目录导入")
    IMPORT_UPDATE = "import_update", gettext_noop("按目录更新")
    RECOMPUTE_DUE = "recompute_due", gettext_noop("载入节假日安排后重新计算公开期限")


def action_label(action: str) -> str:
    """The Chinese label of an event's action (an unknown one is named as such, never shown bare)."""
    return str(ProactiveAction(action).label) if action in ProactiveAction.values else f"其他操作（{action}）"
