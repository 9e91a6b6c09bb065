"""Forms of the supervising office's pages (Chinese labels and messages)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.agencies.models import Agency
from gongkai.applications.forms import DateInput, DayField
from gongkai.supervision.models import CaseSubject, RecordKind

# ISO dates: a type=date input shows nothing for the locale's "2026/12/16", and the form cannot be sent.
DATE = DateInput()


class AgencyChoice(forms.ModelChoiceField):
    def __init__(self, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(
            queryset=Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name"), **kwargs
        )


class NoticeForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="被督办机关")
    subject = forms.ChoiceField(label="督办事项", choices=CaseSubject.choices)
    report_year = forms.IntegerField(label="年度报告年度", required=False, min_value=2008, max_value=2100)
    title = forms.CharField(label="标题", max_length=200)
    notice = forms.CharField(label="督办内容", widget=forms.Textarea(attrs={"rows": 5}))
    deadline = forms.DateField(label="答复期限", widget=DATE)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoice(agencies, label="被督办机关")


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容（整改情况）", widget=forms.Textarea(attrs={"rows": 5}))


class ConcludeForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理", choices=[("close", "办结"), ("escalate", "升级处理（责任追究或报上级）")]
    )
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ComplaintForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="被投诉机关")
    received_on = DayField(label="收到日期")
    complainant = forms.CharField(label="投诉举报人", max_length=200, required=False)
    content = forms.CharField(label="投诉举报内容", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoice(agencies, label="被投诉机关")


class ComplaintConcludeForm(forms.Form):
    substantiated = forms.TypedChoiceField(
        label="情况是否属实", choices=[("1", "属实"), ("0", "不属实")], coerce=lambda v: v == "1"
    )
    result = forms.CharField(label="处理结果", widget=forms.Textarea(attrs={"rows": 3}))


class RecordForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="机关")
    kind = forms.ChoiceField(label="类型", choices=RecordKind.choices)
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
    score = forms.DecimalField(
        label="得分（考核分数或评议满意度）", required=False, max_digits=6, decimal_places=2
    )
    grade = forms.CharField(label="等次", max_length=20, required=False)
    person = forms.CharField(label="被追究责任的单位或人员", max_length=200, required=False)
    text = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoice(agencies, label="机关")
