"""Forms of the register's pages: drafting, steps, settings and guide, import."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from gongkai.law.catalogue import (
    ARTICLE_ITEMS,
    CHANNELS,
    DEFAULT_CHANNELS,
    DISCLOSURES,
    GENRES,
    KINDS,
    THEMES,
    WITHHOLDING_ARTICLES,
)
from gongkai.proactive.services import DocumentFields

_ISSUER_SPLIT = re.compile(r"[、，,;；\n]+")
DATE = forms.DateInput(attrs={"type": "date"})


class DocumentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    doc_number = forms.CharField(
        label="文号", max_length=100, required=False, help_text="如 示教发〔2026〕3号"
    )
    issuers = forms.CharField(label="发文机关", max_length=500, help_text="联合发文的，用顿号“、”分隔")
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    formed_on = forms.DateField(
        label="形成日期", widget=DATE, help_text="信息形成之日：自此日起20个工作日内公开（第二十六条）"
    )
    kind = forms.ChoiceField(label="文件类型", choices=list(KINDS.items()))
    theme = forms.ChoiceField(
        label="主题分类", choices=[("", "—")] + [(t, t) for t in THEMES], required=False
    )
    genre = forms.ChoiceField(label="体裁", choices=[("", "—")] + [(g, g) for g in GENRES], required=False)
    article_item = forms.ChoiceField(
        label="公开事项", choices=[("", "—"), *list(ARTICLE_ITEMS.items())], required=False
    )
    disclosure = forms.ChoiceField(label="公开属性", choices=list(DISCLOSURES.items()))
    channels = forms.MultipleChoiceField(
        label="发布渠道",
        choices=list(CHANNELS.items()),
        required=False,
        initial=list(DEFAULT_CHANNELS),
        widget=forms.CheckboxSelectMultiple,
        help_text="主动公开的渠道（第二十三条、第二十五条）；不选的，视为在政府网站公开",
    )
    withheld_reason = forms.CharField(
        label="不主动公开的理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    withheld_article = forms.ChoiceField(
        label="依据", choices=[("", "—"), *list(WITHHOLDING_ARTICLES.items())], required=False
    )
    keywords = forms.CharField(label="关键词", max_length=200, required=False)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 14}))

    def fields_value(self) -> DocumentFields:
        data: dict[str, Any] = dict(self.cleaned_data)
        data["issuers"] = [n.strip() for n in _ISSUER_SPLIT.split(data["issuers"]) if n.strip()]
        data["channels"] = list(data.get("channels") or DEFAULT_CHANNELS)
        return DocumentFields(**data)

    @classmethod
    def initial_for(cls, document: Any) -> dict[str, Any]:
        initial = {name: getattr(document, name) for name in cls.base_fields}
        initial["issuers"] = "、".join(document.issuers)
        return initial


class StepForm(forms.Form):
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label="日期", required=False, widget=DATE)
    repealed_by = forms.CharField(label="废止依据文件", max_length=300, required=False)
    release = forms.BooleanField(label="情况已变化，可以公开", required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（Word、PDF、图片、表格）")


class CatalogueImportForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="机关", queryset=None, empty_label=None
    )  # type: ignore[arg-type]
    file = forms.FileField(label="目录文件（.xlsx 或 .csv）")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    index_prefix = forms.CharField(
        label="索引号前段码",
        max_length=18,
        required=False,
        help_text="统一社会信用代码（18位）或组织机构代码（9位）",
    )
    index_pattern = forms.CharField(
        label="索引号格式", max_length=64, help_text="默认 {prefix}/{year}-{serial:05d}"
    )
    requires_interpretation = forms.BooleanField(label="规章、规范性文件须同步发布政策解读", required=False)
    withheld_review_months = forms.IntegerField(label="不予公开信息复查周期（月）", min_value=1, max_value=60)
    extra_terms = forms.CharField(
        label="本机关禁用和规范表述（CSV）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="首行列名：表述,类型,规范表述,严重程度,来源",
    )
    office_name = forms.CharField(label="政府信息公开工作机构", max_length=200, required=False)
    office_address = forms.CharField(label="办公地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    office_phone = forms.CharField(label="联系电话", max_length=100, required=False)
    office_fax = forms.CharField(label="传真", max_length=100, required=False)
    office_web = forms.CharField(label="网址或电子邮箱", max_length=300, required=False)
    guide_notes = forms.CharField(
        label="指南补充说明", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


def parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
