"""On-line applications as submitted by the public, before and after the agency confirms them.

An application submitted on line has no receipt date until the agency confirms it (第三十一条（三）):
until then it is kept here; the clerk's confirmation registers it in the workbench (channel 网上) through
the existing registration, and `application` points at it from then on.
"""

from __future__ import annotations

from django.db import models

from gongkai.agencies.models import Agency
from gongkai.applications.models import APPLICANT_CATEGORY_CHOICES, ID_TYPE_CHOICES, Application
from gongkai.core.models import optional_user


def id_image_path(instance: OnlineApplication, filename: str) -> str:
    # Never served from this path: identity images are sent only by a permission-checked view.
    return f"online/{instance.agency_id}/{filename}"


class OnlineApplication(models.Model):
    """One application submitted through the public form or the API, with its 受理编号 and 查询码."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="online_applications"
    )
    number = models.CharField("受理编号", max_length=32, unique=True)
    lookup_hash = models.CharField("查询码（散列）", max_length=128)
    applicant_category = models.CharField("申请人类型", max_length=32, choices=APPLICANT_CATEGORY_CHOICES)
    applicant_name = models.CharField("申请人", max_length=200)
    id_type = models.CharField("身份证件类型", max_length=32, choices=ID_TYPE_CHOICES, blank=True)
    id_number = models.CharField("身份证件号码", max_length=32, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    email = models.CharField("电子邮箱", max_length=254, blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    content = models.TextField("申请内容")
    form_wanted = models.CharField("获取信息的载体形式", max_length=64, blank=True)
    delivery_wanted = models.CharField("获取信息的方式", max_length=64, blank=True)
    id_image = models.FileField("身份证明图片", upload_to=id_image_path, blank=True)
    client_address = models.CharField("提交地址", max_length=64, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    submitted_on = models.DateField("提交日期")
    application = models.OneToOneField(
        Application,
        verbose_name="登记的申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online",
    )
    confirmed_by = optional_user("确认人", related_name="+")
    # Wrong 查询码 in a row for this number, and until when further lookups are refused.
    failed_lookups = models.PositiveIntegerField("连续查询失败次数", default=0)
    locked_until = models.DateTimeField("查询锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "网上申请"
        verbose_name_plural = "网上申请"
        ordering = ("-submitted_at", "-id")
        indexes = (models.Index(fields=["agency", "application"], name="online_agency_unconfirmed"),)

    def __str__(self) -> str:
        return f"{self.agency.name} {self.number}"
