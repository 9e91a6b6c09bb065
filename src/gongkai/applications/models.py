"""Applications, their append-only event log, letters, attachments and review cases (table 四)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from gongkai.agencies.models import Agency
from gongkai.applications import tallies
from gongkai.core.models import AppendOnlyEvent, EventLog, optional_user
from gongkai.law.outcomes import APPLICANT_CATEGORIES, REVIEW_KINDS, REVIEW_RESULTS
from gongkai.law.receipt import CHANNELS

# How the application arrived; decides the receipt date that counts (第三十一条, gongkai.law.receipt).
CHANNEL_CHOICES: list[tuple[str, str]] = [(c.key, c.label_zh) for c in CHANNELS.values()]


# The identity documents an applicant may prove identity with (第二十九条: 身份证明).
ID_TYPE_CHOICES: list[tuple[str, str]] = [
    ("resident_id", "居民身份证"),
    ("passport", "护照"),
    ("hk_macao_permit", "港澳居民来往内地通行证"),
    ("taiwan_permit", "台湾居民来往大陆通行证"),
    ("residence_permit", "港澳台居民居住证"),
    ("foreign_permanent", "外国人永久居留身份证"),
    ("other", "其他身份证明"),
]


# The six applicant columns of table 三 (gongkai.law.outcomes.APPLICANT_CATEGORIES).
APPLICANT_CATEGORY_CHOICES: list[tuple[str, str]] = [(t.key, t.label_zh) for t in APPLICANT_CATEGORIES]


class State(models.TextChoices):
    """Workflow states; the transitions between them are data in `gongkai.applications.workflow`."""

    REGISTERED = "registered", gettext_noop("已登记")
    AMENDMENT_REQUESTED = "amendment_requested", gettext_noop("待补正")
    AMENDED = "amended", gettext_noop("已补正")
    CONSULTING = "consulting", gettext_noop("征求意见中")
    CONSULTED = "consulted", gettext_noop("征求意见完毕")
    FEE_NOTIFIED = "fee_notified", gettext_noop("待缴费")
    PAID = "paid", gettext_noop("已缴费")
    ABANDONED = "abandoned", gettext_noop("视为放弃")
    WITHDRAWN = "withdrawn", gettext_noop("申请人已撤回")
    RETURNED = "returned", gettext_noop("退回修改")
    DRAFTED = "drafted", gettext_noop("答复已拟稿")
    REVIEWED = "reviewed", gettext_noop("已审核")
    APPROVED = "approved", gettext_noop("已批准")
    DELIVERED = "delivered", gettext_noop("已送达")
    FILED = "filed", gettext_noop("已归档")


class Application(models.Model):
    """One application for disclosure (政府信息公开申请), registered in one agency."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField("申请编号", max_length=64)
    channel = models.CharField("申请方式", max_length=16, choices=CHANNEL_CHOICES, default="in_person")
    applicant_category = models.CharField("申请人类型", max_length=32, choices=APPLICANT_CATEGORY_CHOICES)
    applicant_name = models.CharField("申请人", max_length=200, blank=True)
    id_type = models.CharField(
        "身份证件类型", max_length=32, choices=ID_TYPE_CHOICES, blank=True, default="resident_id"
    )
    id_number = models.CharField("身份证件号码", max_length=32, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    email = models.CharField("电子邮箱", max_length=254, blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    content = models.TextField("申请内容", blank=True)
    form_wanted = models.CharField("获取信息的载体形式", max_length=64, blank=True)
    delivery_wanted = models.CharField("获取信息的方式", max_length=64, blank=True)
    received_on = models.DateField("收到申请之日")
    # 第三十一条: where the receipt date is the day of confirmation, the day the application arrived is
    # kept too, so that a late confirmation shows.
    arrived_on = models.DateField("申请到达之日", null=True, blank=True)
    confirmed_on = models.DateField("确认之日", null=True, blank=True)
    # 按件计收 (国办函〔2020〕109号 第四条): one application may be split into several 件, with the reason.
    pieces = models.PositiveIntegerField("计费件数", default=1)
    split_reason = models.CharField("拆分理由", max_length=300, blank=True, default="")
    amended_on = models.DateField("收到补正之日", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=64, blank=True)
    state = models.CharField("状态", max_length=32, choices=State.choices, default=State.REGISTERED)
    handler = optional_user("经办人", related_name="handled_applications")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = (
            models.UniqueConstraint(fields=["agency", "number"], name="application_unique_number"),
        )
        indexes = (
            # (agency, received_on) as agreed; `id` added so that the list's newest-first pages
            # (ORDER BY received_on DESC, id DESC) are read from the index without sorting.
            models.Index(fields=["agency", "received_on", "id"], name="application_agency_received"),
            models.Index(fields=["agency", "closed_on"], name="application_agency_closed"),
            models.Index(fields=["agency", "state", "reply_due"], name="application_agency_state_due"),
            # The office's dashboard: the replies of a year (working days to reply, late replies) read
            # from the index alone (queries.figures_by_agency, yearly_totals).
            models.Index(
                fields=["replied_on", "agency", "received_on", "reply_due", "id"],
                name="application_replied_cover",
            ),
            # The few whose reply deadline waits for a year's holidays (queries.deadline_unknown).
            models.Index(
                fields=["agency", "state"],
                condition=Q(reply_due__isnull=True),
                name="application_due_unknown",
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency.name} {self.number}"


class ApplicationEventLog(EventLog["ApplicationEvent"]):
    """The application log's one writer, which also moves the dashboard's tallies (`tallies`) by the
    event's changes, in the same transaction: no step can change a counted column without them."""

    def append(
        self, owner: models.Model, action: str, *, tallies_later: bool = False, **kwargs: Any
    ) -> ApplicationEvent:
        """`tallies_later`: the caller moves the tallies itself (by `tallies.delta` of the event) in its
        last statement — the registration, whose numbering statement adds them (`numbering.assign`)."""
        event = super().append(owner, action, **kwargs)
        if not tallies_later:
            tallies.record(ApplicationTally._meta.db_table, [(owner, event.data)])
        return event

    def append_all(
        self, entries: Iterable[tuple[models.Model, str, str, Mapping[str, Any]]], *, actor: Any = None
    ) -> list[ApplicationEvent]:
        events = super().append_all(entries, actor=actor)
        tallies.record(ApplicationTally._meta.db_table, [(e.application, e.data) for e in events])
        return events


class ApplicationEvent(AppendOnlyEvent):
    """One step in an application's history (第四十五条): who, when, what, previous and new values."""

    owner_field = "application"
    log_label = "办理记录"

    objects = ApplicationEventLog()

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = (
            "application_id",
            "seq",
        )
        constraints = (models.UniqueConstraint(fields=["application", "seq"], name="event_unique_seq"),)


class LetterKind(models.TextChoices):
    """The letters an applicant (or a third party) receives; each has a template in templates/letters/."""

    RECEIPT = "receipt", "政府信息公开申请登记回执"
    AMENDMENT_NOTICE = "amendment_notice", "补正申请告知书"
    EXTENSION_NOTICE = "extension_notice", "延期答复告知书"
    CONSULTATION_LETTER = "consultation_letter", "征求第三方意见函"
    CONSULTATION_NOTICE = "consultation_notice", "征求第三方意见告知书"
    FEE_NOTICE = "fee_notice", "信息处理费缴费通知书"
    DECISION = "decision", "政府信息公开申请答复书"
    THIRD_PARTY_NOTICE = "third_party_notice", "决定公开告知书（第三方）"
    ABANDONMENT_NOTICE = "abandonment_notice", "视为放弃申请告知书"
    REASONS_REQUEST = "reasons_request", "要求说明理由通知书"
    DEFERRAL_NOTICE = "deferral_notice", "延迟答复告知书（第三十五条）"


class Letter(models.Model):
    """A letter produced by a step of the workflow: editable while a draft, frozen once issued."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="letters"
    )
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="letters")
    event = models.ForeignKey(
        ApplicationEvent, verbose_name="办理记录", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField("文书类型", max_length=32, choices=LetterKind.choices)
    recipient = models.CharField("收件人", max_length=200, blank=True)
    body = models.TextField("正文")
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    seq = models.PositiveIntegerField("文号序号", null=True, blank=True)
    # The agency's prefix when the letter was issued (kept: a later change of prefix renumbers nothing).
    number_prefix = models.CharField("文号前缀", max_length=20, blank=True, default="")
    issued_on = models.DateField("签发日期", null=True, blank=True)
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    withdrawn = models.BooleanField("已撤回", default=False)
    issued_by = optional_user("签发人", related_name="+")
    # The remedies sentence as drafted: replaced at signing by the one of the law in force that day.
    remedy_text = models.TextField("救济途径（拟稿时）", blank=True, default="")
    # A signed letter superseded (e.g. its decision returned for revision) is voided, never deleted.
    voided_reason = models.TextField("作废理由", blank=True, default="")
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = optional_user("作废人", related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = (
            "created_at",
            "id",
        )
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year", "seq"], condition=Q(seq__isnull=False), name="letter_unique_number"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number_label}"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def number_label(self) -> str:
        """The letter's number as printed (GB/T 9704: no 第, no padding), e.g. 示教依申〔2026〕19号, or
        〔2026〕19号 for an agency without a prefix (blank number while a draft)."""
        if self.seq is None or self.year is None:
            return "〔    〕    号（未签发）"
        return f"{self.number_prefix}〔{self.year}〕{self.seq}号"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.application.agency_id}/{instance.application_id}/{filename}"


class Attachment(models.Model):
    """A file kept with an application: the application form, proof of identity, the amended text."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=128)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = (
            "uploaded_at",
            "id",
        )

    def __str__(self) -> str:
        return self.original_name


class ApplicationTally(models.Model):
    """One figure of the office's dashboard for an agency and year, kept by the application log's writer
    (gongkai.applications.tallies: the measures, and `rebuild`)."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    measure = models.CharField("指标", max_length=40)
    day = models.DateField("日期")  # the counted day for the reply measures, else the year's first day
    n = models.IntegerField("件数", default=0)

    class Meta:
        verbose_name = "申请统计汇总"
        verbose_name_plural = "申请统计汇总"
        constraints = (
            models.UniqueConstraint(fields=["agency", "measure", "year", "day"], name="tally_unique_key"),
        )

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.measure} {self.day}: {self.n}"


class ApplicationNumberCounter(models.Model):
    """The highest 申请编号 of the form YEAR-digits of an agency and year, from which the next registration
    numbers (gongkai.applications.numbering)."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField("年度")
    last = models.BigIntegerField("最大序号")

    class Meta:
        verbose_name = "申请编号计数"
        verbose_name_plural = "申请编号计数"
        constraints = (models.UniqueConstraint(fields=["agency", "year"], name="number_counter_unique"),)

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


# Table 四's groups and results (gongkai.law.outcomes); a pending case has the result ''.
REVIEW_KIND_CHOICES: list[tuple[str, str]] = [
    (t.key, t.label_zh if t.group == "reconsideration" else f"{t.group_zh}（{t.label_zh}）")
    for t in REVIEW_KINDS
]
REVIEW_RESULT_CHOICES: list[tuple[str, str]] = [
    ("" if t.key == "pending" else t.key, t.label_zh) for t in REVIEW_RESULTS
]


class ReviewCase(models.Model):
    """An administrative reconsideration or lawsuit about a disclosure decision (table 四)."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="review_cases"
    )
    number = models.CharField("案件编号", max_length=64)
    kind = models.CharField("类型", max_length=40, choices=REVIEW_KIND_CHOICES)
    application = models.ForeignKey(
        Application,
        verbose_name="申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_cases",
    )
    received_on = models.DateField("收到日期")
    concluded_on = models.DateField("结案日期", null=True, blank=True)
    result = models.CharField("结果", max_length=16, choices=REVIEW_RESULT_CHOICES, blank=True, default="")
    # A case recorded by mistake is voided with a reason, never deleted: table 四 leaves it out.
    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.CharField("作废理由", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        constraints = (models.UniqueConstraint(fields=["agency", "number"], name="reviewcase_unique_number"),)
        indexes = (models.Index(fields=["agency", "received_on"], name="reviewcase_agency_received"),)

    def __str__(self) -> str:
        return f"{self.agency.name} {self.number}"
