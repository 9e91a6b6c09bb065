"""Agencies as a hierarchy (a government, its departments, its higher government) and role memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class Agency(models.Model):
    """An agency that handles applications and reports on its own (行政机关)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级政府",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField("代码", max_length=64, unique=True)
    letter_prefix = models.CharField(
        "文号前缀",
        max_length=20,
        blank=True,
        default="",
        help_text="告知书文号的机关代字，如“示教公开”，文号即为 示教公开〔2025〕第3号；留空则为〔2025〕第3号",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLERK = "clerk", gettext_noop("经办人")
    REVIEWER = "reviewer", gettext_noop("审核人")
    HEAD = "head", gettext_noop("负责人")
    AGENCY_ADMIN = "agency_admin", gettext_noop("机关管理员")
    SUPERVISOR = "supervisor", gettext_noop("政务公开办")


class Membership(models.Model):
    """A user's role in an agency; a supervisor's membership is on a government and covers its tree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        constraints = (
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role"),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class RoleRequest(models.Model):
    """A role that takes effect only once a second person agrees (separation of duties).

    A role that reviews, approves or gives roles, set by an agency administrator, waits for another
    administrator of the agency or the supervising office to confirm it; a person who already has an
    account (perhaps in another agency) joins an agency only by accepting.
    """

    class Status(models.TextChoices):
        PENDING = "pending", gettext_noop("待确认")
        GRANTED = "granted", gettext_noop("已生效")
        DECLINED = "declined", gettext_noop("已拒绝")
        WITHDRAWN = "withdrawn", gettext_noop("已撤回")

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="role_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="role_requests"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("提出时间", auto_now_add=True)
    needs_confirmation = models.BooleanField("须第二人确认", default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs_acceptance = models.BooleanField("须本人接受", default=False)
    accepted = models.BooleanField("本人已接受", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "待确认的角色设置"
        verbose_name_plural = "待确认的角色设置"
        ordering = ("-requested_at",)
        constraints = (
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(status="pending"),
                name="role_request_one_pending",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()} · {self.get_status_display()}"

    @property
    def waiting_for_confirmation(self) -> bool:
        return self.needs_confirmation and self.confirmed_by_id is None

    @property
    def waiting_for_acceptance(self) -> bool:
        return self.needs_acceptance and not self.accepted
