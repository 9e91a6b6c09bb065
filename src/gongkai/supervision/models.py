"""What the supervising office keeps: reports imported from files (agencies that do not use gongkai, or
published copies), the import batches that read them, and agencies known only from such reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from gongkai.agencies.models import Agency
from gongkai.core.models import optional_user


class ExternalAgency(models.Model):
    """An agency that does not use gongkai, created when an imported report named it for the first time.

    Kept beside `agencies.Agency` (which carries the name, kind and place in the area) so that the agency
    tables stay the workbench's; the office may later rename or merge it in the review of matches.
    """

    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="external", primary_key=True
    )
    first_seen_in = models.CharField("首次出现的文件", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "外部机关（未使用本系统）"
        verbose_name_plural = "外部机关（未使用本系统）"

    def __str__(self) -> str:
        return str(self.agency)


class Match(models.TextChoices):
    """How an imported report's agency was found."""

    EXACT = "exact", gettext_noop("名称一致")
    UNSURE = "unsure", gettext_noop("名称相近，待确认")
    NEW = "new", gettext_noop("新建外部机关")
    UNKNOWN = "unknown", gettext_noop("未读出机关名称，待确认")
    CONFIRMED = "confirmed", gettext_noop("已人工确认")


class ImportedReport(models.Model):
    """A published annual report read from a file: the file kept under var/, the reading, its findings.

    One row per file content (`sha256`): importing the same file again changes nothing.
    """

    sha256 = models.CharField("文件SHA-256", max_length=64, unique=True)
    source_name = models.CharField("原文件名", max_length=500)
    source_path = models.CharField("保存位置（数据目录内）", max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imported_reports",
    )
    agency_name_read = models.CharField("报告中的机关名称", max_length=200, blank=True)
    match = models.CharField("机关匹配", max_length=16, choices=Match.choices)
    year = models.PositiveIntegerField("报告年度", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    data = models.JSONField("报告数据", default=dict)
    findings = models.JSONField("读取和检查结果", default=list, blank=True)
    read_at = models.DateTimeField("读取时间")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = optional_user("导入人", related_name="+")

    class Meta:
        verbose_name = "导入的年度报告"
        verbose_name_plural = "导入的年度报告"
        ordering = ("agency_name_read", "-year")
        indexes = (models.Index(fields=["year", "agency"]), models.Index(fields=["match"]))

    def __str__(self) -> str:
        return f"{self.agency_name_read or self.source_name} {self.year or '?'}"

    @property
    def needs_review(self) -> bool:
        return self.match in (Match.UNSURE, Match.UNKNOWN)


class ImportBatch(models.Model):
    """One `gongkai reports import` (or upload): its files are its items, each done by one task."""

    office = models.ForeignKey(
        Agency, verbose_name="监督机关（所属政府）", on_delete=models.PROTECT, related_name="import_batches"
    )
    queued = models.BooleanField("由任务队列执行", default=False)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    started_by = optional_user("导入人", related_name="+")

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"导入批次 {self.pk}"


class ItemStatus(models.TextChoices):
    PENDING = "pending", gettext_noop("等待处理")
    IMPORTED = "imported", gettext_noop("已导入")
    UNCHANGED = "unchanged", gettext_noop("已导入过（未变化）")
    FAILED = "failed", gettext_noop("失败")


class ImportItem(models.Model):
    """One file of a batch and its result: the task's answer is stored here, not in the broker."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name="导入批次", on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField("序号")
    path = models.CharField("文件", max_length=1000)
    status = models.CharField("状态", max_length=16, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    message = models.TextField("说明", blank=True)
    report = models.ForeignKey(
        ImportedReport, verbose_name="导入的报告", null=True, blank=True, on_delete=models.SET_NULL
    )
    attempts = models.PositiveIntegerField("处理次数", default=0)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入文件"
        verbose_name_plural = "导入文件"
        ordering = ("batch_id", "position")
        constraints = (
            models.UniqueConstraint(fields=["batch", "position"], name="import_item_unique_position"),
        )
        indexes = (models.Index(fields=["batch", "status"]),)

    def __str__(self) -> str:
        return self.path
