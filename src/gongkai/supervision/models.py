"""What the supervising office keeps: reports imported from files (agencies that do not use gongkai, or
published copies), the import batches that read them, and agencies known only from such reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from gongkai.agencies.models import Agency
from gongkai.core.models import AppendOnlyEvent, EventLog, optional_user


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


# --- supervision actions (第四十六、四十七、五十一条) -------------------------------------------------


class OfficeLog(AppendOnlyEvent):
    """The shape the office's three logs share (督办 steps, complaint steps, 考核/评议/追责 records): an
    append-only event of its owner, with the owner's state before and after (blank where none)."""

    objects = EventLog()

    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16, blank=True)

    class Meta:
        abstract = True


class CaseState(models.TextChoices):
    SENT = "sent", gettext_noop("已发督办通知")
    ANSWERED = "answered", gettext_noop("机关已答复")
    CLOSED = "closed", gettext_noop("已办结")
    ESCALATED = "escalated", gettext_noop("已升级处理")


class CaseSubject(models.TextChoices):
    APPLICATION = "application", gettext_noop("逾期未答复的申请")
    REPORT = "report", gettext_noop("逾期或有误的年度报告")
    OTHER = "other", gettext_noop("其他事项")


class CaseAction(models.TextChoices):
    """The `action` of an `OversightEvent`."""

    SEND = "send", gettext_noop("发出督办通知")
    ANSWER = "answer", gettext_noop("机关答复")
    CLOSE = "close", gettext_noop("办结")
    ESCALATE = "escalate", gettext_noop("升级处理")


class OversightCase(models.Model):
    """督办: a notice to an agency about an overdue application or a late report, with a deadline, the
    agency's answer, and the office's closing or escalation. The history is `OversightEvent`."""

    agency = models.ForeignKey(
        Agency, verbose_name="被督办机关", on_delete=models.PROTECT, related_name="oversight_cases"
    )
    office = models.ForeignKey(Agency, verbose_name="督办机关", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("督办事项", max_length=16, choices=CaseSubject.choices)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_year = models.PositiveIntegerField("年度报告年度", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    notice = models.TextField("督办内容")
    deadline = models.DateField("答复期限")
    state = models.CharField("状态", max_length=16, choices=CaseState.choices, default=CaseState.SENT)
    answer = models.TextField("机关答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    conclusion = models.TextField("办结或升级意见", blank=True)
    sent_on = models.DateField("督办日期")
    created_by = optional_user("督办人", related_name="+")

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ("-sent_on", "-pk")

    def __str__(self) -> str:
        return self.title

    @property
    def answered_late(self) -> bool:
        return self.answered_on is not None and self.answered_on > self.deadline


class OversightEvent(OfficeLog):
    owner_field = "case"
    log_label = "督办记录"

    case = models.ForeignKey(
        OversightCase, verbose_name="督办", on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ("case_id", "seq")
        constraints = (models.UniqueConstraint(fields=["case", "seq"], name="oversight_event_unique_seq"),)

    @property
    def action_label(self) -> str:
        return str(CaseAction(self.action).label)


class ComplaintState(models.TextChoices):
    RECEIVED = "received", gettext_noop("已收到")
    CONCLUDED = "concluded", gettext_noop("已办结")


class ComplaintAction(models.TextChoices):
    RECEIVE = "receive", gettext_noop("登记投诉举报")
    CONCLUDE = "conclude", gettext_noop("办结")


class Complaint(models.Model):
    """A citizen's complaint or report about an agency's disclosure work (第五十一条), and its handling."""

    office = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, verbose_name="被投诉机关", on_delete=models.PROTECT, related_name="complaints"
    )
    received_on = models.DateField("收到日期")
    complainant = models.CharField("投诉举报人", max_length=200, blank=True)
    content = models.TextField("投诉举报内容")
    state = models.CharField(
        "状态", max_length=16, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    substantiated = models.BooleanField("情况属实", null=True, blank=True)
    result = models.TextField("处理结果", blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ("-received_on", "-pk")

    def __str__(self) -> str:
        return f"{self.agency} {self.received_on}"


class ComplaintEvent(OfficeLog):
    owner_field = "complaint"
    log_label = "投诉举报记录"

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉举报", on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        verbose_name = "投诉举报记录"
        verbose_name_plural = "投诉举报记录"
        ordering = ("complaint_id", "seq")
        constraints = (
            models.UniqueConstraint(fields=["complaint", "seq"], name="complaint_event_unique_seq"),
        )


class RecordKind(models.TextChoices):
    """The `action` of an `OfficeRecord`: what the office recorded about an agency."""

    ASSESSMENT = "assessment", gettext_noop("考核")
    SOCIAL_REVIEW = "social_review", gettext_noop("社会评议")
    ACCOUNTABILITY = "accountability", gettext_noop("责任追究")


class OfficeRecord(OfficeLog):
    """考核 results, 社会评议 results and 责任追究 records, per agency, append-only (a correction is a new
    record that says what it corrects). `data`: {"year", "score", "grade", "text", "person"}."""

    owner_field = "agency"
    log_label = "监督记录"

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="office_records"
    )

    class Meta:
        verbose_name = "考核、评议、责任追究记录"
        verbose_name_plural = "考核、评议、责任追究记录"
        ordering = ("agency_id", "seq")
        constraints = (models.UniqueConstraint(fields=["agency", "seq"], name="office_record_unique_seq"),)

    @property
    def kind_label(self) -> str:
        return str(RecordKind(self.action).label)


class PublishedRanking(models.Model):
    """A 年报体检 ranking the office published: the rows as they stood, never recomputed afterwards."""

    office = models.ForeignKey(Agency, verbose_name="发布机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("报告年度")
    rows = models.JSONField("排名")
    published_at = models.DateTimeField("发布时间")
    published_by = optional_user("发布人", related_name="+")

    class Meta:
        verbose_name = "年报体检排名"
        verbose_name_plural = "年报体检排名"
        ordering = ("-published_at",)
