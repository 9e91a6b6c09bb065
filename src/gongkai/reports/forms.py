"""Forms of the annual report pages: table 二 and the fees, the text, approval, and the uploads."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.agencies.models import Agency
from gongkai.applications.forms import day_field
from gongkai.reports.models import PROACTIVE_FIELDS, TEXT_SECTIONS, AnnualReport

UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# The longest text section of a report (section 一 of a large government's report runs to ~10,000 characters).
SECTION_TEXT = 30_000


class InputsForm(forms.ModelForm):  # type: ignore[type-arg]
    """Table 二 (2021 format) and the 信息处理费 collected, as the clerk enters them."""

    class Meta:
        model = AnnualReport
        fields = (*PROACTIVE_FIELDS, "fees_yuan")


class SectionsForm(forms.Form):
    """The text sections; 二 to 四 are the tables and are not typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in TEXT_SECTIONS:
            self.fields[key] = forms.CharField(
                max_length=SECTION_TEXT,
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 14 if key == "一" else 6}),
            )


class ApproveForm(forms.Form):
    override_reason = forms.CharField(
        max_length=2_000,
        label="带错误批准的理由（检查没有发现错误时不必填写）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="选择文件")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError("文件太大：不能超过20MB。")
        return upload


class OpenReportForm(forms.Form):
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=2999)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class SubmitForm(forms.Form):
    """The report submitted to the supervising office (第四十九条): when, to whom, how."""

    on = day_field("报送日期")
    to = forms.CharField(label="报送的政府信息公开工作主管部门", max_length=200)
    method = forms.CharField(
        label="报送方式", max_length=200, required=False, help_text="如：公文交换系统、纸质文件、电子邮件"
    )
