"""The audit log (append-only) and the accounts whose password must be changed at the next login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop


class AuditAction(models.TextChoices):
    LOGIN = "login", gettext_noop("登录")
    LOGIN_FAILED = "login_failed", gettext_noop("登录失败")
    LOGOUT = "logout", gettext_noop("退出登录")
    UNLOCK = "unlock", gettext_noop("解除登录锁定")
    PASSWORD_CHANGED = "password_changed", gettext_noop("修改密码")
    PASSWORD_RESET = "password_reset", gettext_noop("重置密码")
    USER_CREATED = "user_created", gettext_noop("创建账号")
    ROLE_REQUESTED = "role_requested", gettext_noop("提出角色设置")
    ROLE_CONFIRMED = "role_confirmed", gettext_noop("确认角色设置")
    ROLE_ACCEPTED = "role_accepted", gettext_noop("接受加入机关")
    ROLE_DECLINED = "role_declined", gettext_noop("拒绝角色设置")
    ROLE_WITHDRAWN = "role_withdrawn", gettext_noop("撤回角色设置")
    ROLE_GRANTED = "role_granted", gettext_noop("角色生效")
    ROLE_REVOKED = "role_revoked", gettext_noop("取消角色")
    CALENDAR_LOADED = "calendar_loaded", gettext_noop("载入节假日安排")


class AuditLogError(Exception):
    """Raised when code tries to change or delete a record of the audit log."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogError("审计日志只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogError("审计日志只能追加，不能删除。")


class AuditEvent(models.Model):
    """One thing done to an account or a role: who did it, to whom, where, from which address."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作", max_length=32, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The account concerned; `username` is kept as typed (a failed login may name no existing account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField("角色", max_length=16, blank=True)
    address = models.GenericIPAddressField("地址", null=True, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计日志"
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=["user", "at"]), models.Index(fields=["agency", "at"]))

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditLogError("审计日志只能追加，不能删除。")


class PasswordRenewal(models.Model):
    """The account must choose a new password at its next request (its password was set by someone else)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        related_name="password_renewal",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField("设置时间", default=timezone.now)

    class Meta:
        verbose_name = "须修改密码的账号"
        verbose_name_plural = "须修改密码的账号"
