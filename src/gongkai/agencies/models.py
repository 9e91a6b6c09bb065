"""Agencies as a hierarchy (a government, its departments, its higher government) and role memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

from gongkai.law.reconsideration import (
    AgencyKind,
    AgencyLevel,
    AgencyPlace,
    ReconsiderationBody,
    ReconsiderationBodyError,
    reconsideration_body,
)


class Agency(models.Model):
    """An agency that handles applications and reports on its own (行政机关)."""

    class Kind(models.TextChoices):
        """What the 复议机关 depends on (行政复议法第二十四条至第二十八条; gongkai.law.reconsideration)."""

        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        VERTICAL = "vertical", "实行垂直领导的机关（税务、海关、金融监管、外汇、国家安全等）"
        JUSTICE = "justice", "司法行政部门"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCE = "province", "省级"
        CITY = "city", "设区的市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇级"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    # Blank: not known yet (an agency created by a ledger import); no answer letter is signed meanwhile.
    level = models.CharField("层级", max_length=16, choices=Level.choices, blank=True, default="")
    government_name = models.CharField(
        "所属本级人民政府",
        max_length=200,
        blank=True,
        default="",
        help_text="政府部门、司法行政部门填写所属人民政府的全称，如“示范市人民政府”",
    )
    above_name = models.CharField(
        "上一级机关",
        max_length=200,
        blank=True,
        default="",
        help_text="人民政府填写上一级人民政府的全称；实行垂直领导的机关、司法行政部门填写上一级主管部门的全称",
    )
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
        help_text="告知书文号的机关代字，如“示教依申”，文号即为 示教依申〔2026〕19号；留空则为〔2026〕19号",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def place(self) -> AgencyPlace:
        """What the law needs to name this agency's 复议机关."""
        return AgencyPlace(
            self.name,
            AgencyLevel(self.level),
            AgencyKind(self.kind),
            government=self.government_name,
            above=self.above_name,
        )

    def reconsideration_body(self, signed: dt.date) -> ReconsiderationBody:
        """The 复议机关 a letter signed on `signed` names; ReconsiderationBodyError (Chinese) when it cannot
        be named from what is recorded (the level missing, or the government or the body above)."""
        if not self.level:
            raise ReconsiderationBodyError(
                f"“{self.name}”的层级尚未填写，无法确定复议机关：请机关管理员在“机关信息”中补充层级、类型、"
                "所属人民政府或上一级机关。",
                ("level",),
            )
        return reconsideration_body(self.place(), signed)

    def reconsideration_problem(self, signed: dt.date) -> str | None:
        """Why no letter signed on `signed` can name the 复议机关 (Chinese), or None."""
        try:
            self.reconsideration_body(signed)
        except ReconsiderationBodyError as exc:
            return str(exc)
        return None

    @property
    def incomplete(self) -> bool:
        """True while the 复议机关 cannot be named as of today (e.g. created by a ledger import)."""
        return self.reconsideration_problem(timezone.localdate()) is not None


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
