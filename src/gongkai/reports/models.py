"""An agency's annual report for one year, its table 二 inputs, and its append-only event log."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.core.models import AppendOnlyEvent, EventLog, optional_user


class ReportState(models.TextChoices):
    """drafted → checked → approved → published; any edit before publication returns to drafted."""

    DRAFTED = "drafted", "草稿"
    CHECKED = "checked", "已检查"
    APPROVED = "approved", "已批准"
    PUBLISHED = "published", "已发布"


class ReportAction(models.TextChoices):
    """The `action` of a `ReportEvent`, with the label the report's page shows."""

    OPEN = "open", "新建报告"
    EDIT_INPUTS = "edit_inputs", "修改表二数据"
    IMPORT_INPUTS = "import_inputs", "从Excel导入表二数据"
    EDIT_TEXT = "edit_text", "修改正文"
    REDRAFT = "redraft", "重新生成正文草稿"
    REFRESH_FIGURES = "refresh_figures", "更新正文中的数字"
    IMPORT_PREVIOUS = "import_previous", "导入上年报告"
    CHECK = "check", "检查"
    APPROVE = "approve", "批准"
    PUBLISH = "publish", "发布"
    SUBMIT = "submit", "报送政府信息公开工作主管部门"


class ReportFormat(models.TextChoices):
    F2021 = "2021", "2021年格式（国办公开办函〔2021〕30号）"
    F2019 = "2019", "2019年格式（国办公开办函〔2019〕60号）"


# Table 二 (2021 format): model field -> (row key, column key) of the report-data contract.
PROACTIVE_FIELDS: dict[str, tuple[str, str]] = {
    "regulations_issued": ("regulations", "issued"),
    "regulations_repealed": ("regulations", "repealed"),
    "regulations_in_force": ("regulations", "in_force"),
    "normative_issued": ("normative_documents", "issued"),
    "normative_repealed": ("normative_documents", "repealed"),
    "normative_in_force": ("normative_documents", "in_force"),
    "licensing_decisions": ("administrative_licensing", "decisions"),
    "penalty_decisions": ("administrative_penalty", "decisions"),
    "coercion_decisions": ("administrative_coercion", "decisions"),
    "fees_wan_yuan": ("administrative_fees", "amount_wan_yuan"),
}


# The text sections the clerk writes (二 to 四 are the tables), with the titles shown to them.
TEXT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("导语", "开头（报告依据、统计期限、联系方式）"),
    ("一", "一、总体情况"),
    ("五", "五、存在的主要问题及改进情况"),
    ("六", "六、其他需要报告的事项"),
)


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 of one agency for one year."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveIntegerField("报告年度")
    format = models.CharField(
        "报告格式", max_length=8, choices=ReportFormat.choices, default=ReportFormat.F2021
    )
    state = models.CharField("状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFTED)

    # Table 二 — 第二十条第（一）（五）（六）（八）项.
    regulations_issued = _count("规章 本年制发件数")
    regulations_repealed = _count("规章 本年废止件数")
    regulations_in_force = _count("规章 现行有效件数")
    normative_issued = _count("行政规范性文件 本年制发件数")
    normative_repealed = _count("行政规范性文件 本年废止件数")
    normative_in_force = _count("行政规范性文件 现行有效件数")
    licensing_decisions = _count("行政许可 本年处理决定数量")
    penalty_decisions = _count("行政处罚 本年处理决定数量")
    coercion_decisions = _count("行政强制 本年处理决定数量")
    fees_wan_yuan = models.DecimalField(
        "行政事业性收费 本年收费金额（万元）",
        max_digits=14,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    # Section 六: the 信息处理费 actually collected in the year (国办函〔2020〕109号).
    fees_yuan = models.DecimalField(
        "本年收取信息处理费（元）",
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    sections = models.JSONField("正文", default=dict, blank=True)
    # Last year's report when it is not in the system: the report-data contract read from the
    # agency's published file, and the file's name.
    previous_upload = models.JSONField("上年报告（导入）", null=True, blank=True)
    previous_upload_name = models.CharField("上年报告文件名", max_length=200, blank=True)

    # The assembled report (contract + sections) as checked, approved and published.
    snapshot = models.JSONField("检查时的报告数据", null=True, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    checked_at = models.DateTimeField("检查时间", null=True, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = optional_user("批准人", related_name="+")
    override_reason = models.TextField("带错误批准的理由", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_html = models.TextField("发布的网页", blank=True)
    published_docx = models.BinaryField("发布的Word文件", null=True, blank=True)
    published_pdf = models.BinaryField("发布的PDF文件", null=True, blank=True)
    # 第四十九条: the report submitted to the supervising office (本级政府信息公开工作主管部门), a step of its
    # own, recorded with its day, to whom and by whom; cleared when the report goes back to drafted.
    submitted_on = models.DateField("报送主管部门之日", null=True, blank=True)
    submitted_to = models.CharField("报送的主管部门", max_length=200, blank=True, default="")
    submitted_by = optional_user("报送人", related_name="+")

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ("agency__name", "-year")
        constraints = (models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique_year"),)
        indexes = (models.Index(fields=["year", "state"]),)

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "warning")


class ReportEvent(AppendOnlyEvent):
    """One step in a report's history: who, when, what, the state before and after, and the data."""

    owner_field = "report"
    log_label = "年度报告的记录"

    objects = EventLog()

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16, blank=True)

    class Meta:
        verbose_name = "年度报告记录"
        verbose_name_plural = "年度报告记录"
        ordering = ("report_id", "seq")
        constraints = (models.UniqueConstraint(fields=["report", "seq"], name="report_event_unique_seq"),)
