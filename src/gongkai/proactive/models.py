"""The register of government information: documents, their versions, attachments and log, and each
agency's settings for proactive disclosure (索引号, review chain, guide, its own expressions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from gongkai.agencies.models import Agency
from gongkai.core.models import AppendOnlyEvent, EventLog, optional_user
from gongkai.law.catalogue import DISCLOSURES, KINDS, VALIDITIES
from gongkai.law.codes import DEFAULT_INDEX_PATTERN


def _choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    return list(labels.items())


class State(models.TextChoices):
    """Where a document stands in its review before publication (the chain's steps are data)."""

    DRAFTED = "drafted", gettext_noop("拟稿")
    SECRECY_REVIEW = "secrecy_review", gettext_noop("保密审查")
    IN_REVIEW = "in_review", gettext_noop("审核中")
    APPROVED = "approved", gettext_noop("待发布")
    PUBLISHED = "published", gettext_noop("已发布")
    REGISTERED = "registered", gettext_noop("已登记（不主动公开）")
    WITHDRAWN = "withdrawn", gettext_noop("已撤回")


class ProactiveSettings(models.Model):
    """An agency's settings for proactive disclosure (one per agency; made with defaults when missing)."""

    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="proactive_settings"
    )
    index_prefix = models.CharField(
        "索引号前段码",
        max_length=18,
        blank=True,
        default="",
        help_text="本机关的统一社会信用代码（18位）或组织机构代码（9位）",
    )
    index_pattern = models.CharField(
        "索引号格式",
        max_length=64,
        default=DEFAULT_INDEX_PATTERN,
        help_text="占位符 {prefix}、{year}、{month}、{serial:05d}；默认 前段码/年份-5位顺序号",
    )
    review_chain = models.JSONField(
        "审核链",
        default=list,
        blank=True,
        help_text='保密审查之后的各级审核：[{"label": "科室负责人初审", "role": "reviewer"}, …]；留空用默认三审',
    )
    secrecy_role = models.CharField("保密审查角色", max_length=16, default="reviewer")
    requires_interpretation = models.BooleanField("规章、规范性文件须同步发布政策解读", default=True)
    withheld_review_months = models.PositiveSmallIntegerField("不予公开信息复查周期（月）", default=12)
    extra_terms = models.TextField(
        "本机关禁用和规范表述",
        blank=True,
        default="",
        help_text="CSV：表述,类型（禁用/规范表述）,规范表述,严重程度（错误/警告）,来源",
    )
    # The guide (指南), 第十二条: the office and how to obtain information.
    office_name = models.CharField("政府信息公开工作机构", max_length=200, blank=True, default="")
    office_address = models.CharField("办公地址", max_length=300, blank=True, default="")
    office_hours = models.CharField("办公时间", max_length=200, blank=True, default="")
    office_phone = models.CharField("联系电话", max_length=100, blank=True, default="")
    office_fax = models.CharField("传真", max_length=100, blank=True, default="")
    office_web = models.CharField("网址或电子邮箱", max_length=300, blank=True, default="")
    postcode = models.CharField("邮政编码", max_length=10, blank=True, default="")
    guide_notes = models.TextField("指南补充说明", blank=True, default="")
    guide_updated_at = models.DateTimeField("指南更新时间", null=True, blank=True)

    class Meta:
        verbose_name = "主动公开设置"
        verbose_name_plural = "主动公开设置"

    def __str__(self) -> str:
        return f"{self.agency} · 主动公开设置"


class IndexSequence(models.Model):
    """The last serial of an agency's 索引号 in a year: serials are never reused."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用顺序号", default=0)

    class Meta:
        verbose_name = "索引号顺序号"
        verbose_name_plural = "索引号顺序号"
        constraints = (models.UniqueConstraint(fields=["agency", "year"], name="proactive_sequence_unique"),)


class Document(models.Model):
    """A piece of government information an agency forms or obtains, from its draft to its repeal."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="documents"
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFTED)
    review_step = models.PositiveSmallIntegerField("已通过的审核级数", default=0)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True, default="")
    issuers = models.JSONField("发文机关", default=list, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期")
    publication_due = models.DateField("公开期限", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    kind = models.CharField("文件类型", max_length=16, choices=_choices(KINDS), default="other_document")
    theme = models.CharField("主题分类", max_length=100, blank=True, default="")
    genre = models.CharField("体裁", max_length=40, blank=True, default="")
    article_item = models.CharField("公开事项（第二十条）", max_length=8, blank=True, default="")
    disclosure = models.CharField(
        "公开属性", max_length=16, choices=_choices(DISCLOSURES), default="proactive"
    )
    channels = models.JSONField("发布渠道", default=list, blank=True)
    withheld_reason = models.TextField("不公开理由", blank=True, default="")
    withheld_article = models.CharField("不公开依据", max_length=32, blank=True, default="")
    rereview_on = models.DateField("复查日期", null=True, blank=True)
    validity = models.CharField("有效性", max_length=16, choices=_choices(VALIDITIES), default="valid")
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    repealed_by = models.CharField("废止依据文件", max_length=300, blank=True, default="")
    keywords = models.CharField("关键词", max_length=200, blank=True, default="")
    summary = models.TextField("内容概述", blank=True, default="")
    body = models.TextField("正文", blank=True, default="")
    index_number = models.CharField("索引号", max_length=64, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField("版本", default=1)
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的政策",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    findings = models.JSONField("自动检查结果", default=list, blank=True)
    # Title, 文号, keywords, summary and text in one column: the full-text index's (migration 0002).
    search_text = models.TextField("检索文本", blank=True, default="", editable=False)
    drafted_by = optional_user("拟稿人", related_name="+")
    imported = models.BooleanField("从目录导入", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ("-published_on", "-pk")
        indexes = (
            models.Index(fields=["agency", "doc_number"], name="proactive_doc_number"),
            models.Index(fields=["agency", "kind", "written_on"], name="proactive_doc_kind"),
            models.Index(fields=["state", "publication_due"], name="proactive_doc_due"),
            # The catalogue's filters, each in the catalogue's order (docs/decisions/catalogue-search.md).
            models.Index(fields=["agency", "state", "published_on", "id"], name="proactive_doc_pages"),
            models.Index(
                fields=["agency", "state", "article_item", "published_on"], name="proactive_doc_item"
            ),
            models.Index(fields=["agency", "state", "theme", "published_on"], name="proactive_doc_theme"),
            models.Index(fields=["agency", "state", "kind", "published_on"], name="proactive_doc_kind_pub"),
            models.Index(
                fields=["agency", "state", "validity", "published_on"], name="proactive_doc_validity"
            ),
        )

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_text_of(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "doc_number", "keywords", "summary", "body"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def issuer_text(self) -> str:
        return "、".join(self.issuers)

    @property
    def late(self) -> bool:
        """Published after its 第二十六条 deadline."""
        return bool(self.published_on and self.publication_due and self.published_on > self.publication_due)

    @property
    def unacknowledged(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if not f.get("acknowledged_by")]

    def overdue_on(self, today: dt.date) -> bool:
        return (
            self.disclosure == "proactive"
            and self.published_on is None
            and self.publication_due is not None
            and self.publication_due < today
        )


def search_text_of(document: Document) -> str:
    """What the catalogue's search looks in, as one text (kept by `Document.save` and by imports)."""
    parts = (document.title, document.doc_number, document.keywords, document.summary, document.body)
    # Two line breaks at the end: every character then begins a trigram (see proactive.search).
    return "\n".join(part for part in parts if part) + SEARCH_TEXT_END


SEARCH_TEXT_END = "\n\n"


class DocumentVersion(models.Model):
    """A version of a document's text as it was published or changed (变更): nothing is overwritten."""

    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True, default="")
    formed_on = models.DateField("形成或变更日期")
    published_on = models.DateField("发布日期", null=True, blank=True)
    reason = models.TextField("变更理由", blank=True, default="")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "版本"
        verbose_name_plural = "版本"
        ordering = ("document", "number")
        constraints = (
            models.UniqueConstraint(fields=["document", "number"], name="proactive_version_unique"),
        )


def attachment_path(instance: DocumentAttachment, filename: str) -> str:
    return f"proactive/{instance.document.agency_id}/{instance.document_id}/{filename}"


class DocumentAttachment(models.Model):
    """A file published with a document: Word, PDF, images, spreadsheets."""

    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name


class DocumentEvent(AppendOnlyEvent):
    """One step in a document's history: who, when, what, the opinion; written only through `append`."""

    owner_field = "document"
    log_label = "政府信息的办理记录"

    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField("原状态", max_length=16, blank=True, default="")
    to_state = models.CharField("新状态", max_length=16, blank=True, default="")

    objects = EventLog()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ("document", "seq")
        constraints = (
            models.UniqueConstraint(fields=["document", "seq"], name="proactive_event_seq_unique"),
        )
