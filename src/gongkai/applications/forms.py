"""Forms of the applications pages: registration, each workflow step's details, letters, review cases,
the ledger import.

Forms only read and check what was typed; the rules live in `services` (which the views call).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual.sources.bounded import clean_name
from gongkai.applications.errors import InvalidInput
from gongkai.applications.models import (
    APPLICANT_CATEGORY_CHOICES,
    CHANNEL_CHOICES,
    ID_TYPE_CHOICES,
    REVIEW_KIND_CHOICES,
    REVIEW_RESULT_CHOICES,
)
from gongkai.applications.queries import consultations
from gongkai.applications.registration import Applicant, check_applicant
from gongkai.applications.steps import CONSULTED_KINDS, NOT_HELD_KINDS
from gongkai.applications.workflow import decidable_outcomes, outcome_label
from gongkai.law.dates import REGULATIONS_IN_FORCE_SINCE, date_problem
from gongkai.law.receipt import CHANNELS
from gongkai.law.zh import date_zh
from gongkai.ledger import ImportFile
from gongkai.proactive.queries import office_contacts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The limits of free text, stated on the forms (maxlength and a counter) before anything is submitted.
TEXT_LIMIT = 5000  # what is asked for, a decision's reasons
NOTE_LIMIT = 2000  # points to amend, a consultation's matters and answer, a comment
LETTER_LIMIT = 20000  # a letter's text

FORM_CHOICES = [("", "—"), ("纸质", _("纸质")), ("电子", _("电子"))]
DELIVERY_CHOICES = [
    ("", "—"),
    ("自行领取", _("自行领取")),
    ("邮寄", _("邮寄")),
    ("电子邮件", _("电子邮件")),
    ("网上获取", _("网上获取")),
]


def _kept_by_deepcopy(value: Any) -> bool:
    """Whether `copy.deepcopy(value)` is `value` itself: exact str, int, bool, None, a lazy translation
    (Django's lazy objects copy as themselves) or a tuple of these (a tuple of such is not rebuilt)."""
    kind = type(value)
    if kind is tuple:
        return all(_kept_by_deepcopy(item) for item in value)
    return kind in (str, int, bool, type(None)) or isinstance(value, Promise)


class FixedChoiceField(forms.ChoiceField):
    """A `ChoiceField` copied for each form (`Form.__init__` deep-copies every field) with a new list of
    the same choices where `copy.deepcopy` would give each choice back as it is: what Django's copy
    gives, without deepcopy walking every choice on every request (issue 14). Anything else (optgroups
    as lists, safe strings, a callable's choices) is deep-copied by Django as before."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        choices = self._choices  # type: ignore[attr-defined]
        if type(choices) is not list or not all(_kept_by_deepcopy(choice) for choice in choices):
            return super().__deepcopy__(memo)
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = list(choices)  # type: ignore[attr-defined]
        return result


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DayInput(DateInput):
    """A date picker offering only the days from 2008-05-01 to today (today as of rendering)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        bounds = {"min": REGULATIONS_IN_FORCE_SINCE.isoformat(), "max": timezone.localdate().isoformat()}
        return super().get_context(name, value, {**bounds, **(attrs or {})})


class DayField(forms.DateField):
    """The day of something that happened: not in the future, not before the 条例 took effect (2008-05-01).

    The browser's date picker offers only those days (`min`, `max`); the check is made again here, for
    browsers without a picker and for requests made by hand.
    """

    widget = DayInput

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            problem = date_problem(value, timezone.localdate(), label=str(self.label or "日期"))
            if problem is not None:
                raise forms.ValidationError(problem, code="implausible")


def day_field(label: StrOrPromise, required: bool = True, help_text: StrOrPromise = "") -> forms.DateField:
    return DayField(label=label, required=required, help_text=help_text)


def channel_help() -> str:
    return "；".join(f"{c.label_zh}：{c.date_label_zh}" for c in CHANNELS.values())


class _ChoicesReadOnce(forms.models.ModelChoiceIterator):
    """The field's choices, read from the database once per form: Django's own iterator queries each
    time, and a select is iterated twice (its options, then whether its first one is empty)."""

    field: ChoiceReadOnce

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.offered():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.field.offered()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.offered())


class ChoiceReadOnce(forms.ModelChoiceField):
    """A choice of model objects read once per form (see `_ChoicesReadOnce`): the options shown and the
    choice checked (`to_python`, which Django does with `queryset.get(pk=...)`, a query compiled on every
    submission) come from the same list. `read`, when a form sets it, gives `list(queryset)` without
    Django compiling the queryset (gongkai.core.compiled; issue 14)."""

    iterator = _ChoicesReadOnce
    read: Callable[[], list[Any]] | None = None

    def offered(self) -> list[Any]:
        """The objects of the queryset, read on first use (the field is the form's own copy)."""
        found: list[Any] | None = self.__dict__.get("_offered")
        if found is None:
            found = self._offered = self.read() if self.read is not None else list(self._offered_from())
        return found

    def _offered_from(self) -> Any:
        queryset = self.queryset
        assert queryset is not None
        return queryset

    def offers_any(self) -> bool:
        """Whether there is anything to choose (the query the options are then shown from)."""
        return bool(self.offered())

    def to_python(self, value: Any) -> Any:
        """As `ModelChoiceField.to_python`: the value made a primary key as the lookup makes it, then found
        among the objects offered (an id beyond the column's range is found nowhere, as in the ORM)."""
        if self.to_field_name or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        model = self._offered_from().model
        try:
            if isinstance(value, model):
                value = value.pk
            key = model._meta.pk.get_prep_value(value)
            for obj in self.offered():
                if obj.pk == key:
                    return obj
        except (ValueError, TypeError):
            pass
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


def _choose_from(form: forms.Form, name: str, queryset: Any, *, today: str) -> None:
    """Offer `queryset` in the form's choice field `name`, and today in its date field `today`."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    form.fields[today].initial = timezone.localdate()


class RegisterForm(forms.Form):
    """Registering a paper, in-person, phone-assisted or other application (第二十九条)."""

    agency = ChoiceReadOnce(label=_("受理机关"), queryset=Agency.objects.none(), empty_label=None)
    channel = FixedChoiceField(label=_("申请方式"), choices=CHANNEL_CHOICES)
    arrival = day_field(
        _("收到申请之日"), help_text="按申请方式填写：" + channel_help() + "（条例第三十一条）"
    )
    arrived_on = day_field(
        _("申请到达之日"),
        required=False,
        help_text=_("互联网、传真、平常信函：申请到达之日早于确认之日时填写（确认应在收到当日进行）"),
    )
    number = forms.CharField(
        label=_("申请编号"), max_length=64, required=False, help_text=_("留空则自动编号，如 2025-0001")
    )
    applicant_category = FixedChoiceField(label=_("申请人类型"), choices=APPLICANT_CATEGORY_CHOICES)
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=200)
    id_type = FixedChoiceField(
        label=_("身份证件类型"), choices=ID_TYPE_CHOICES, initial="resident_id", required=False
    )
    id_number = forms.CharField(
        label=_("身份证件号码"),
        max_length=32,
        required=False,
        help_text=_("自然人填写：居民身份证18位；也可以是护照、港澳台通行证、居住证等"),
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, help_text=_("法人或其他组织填写，18位")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    content = forms.CharField(
        label=_("申请公开的政府信息"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("政府信息的名称、文号或者便于查询的其他特征性描述"),
    )
    form_wanted = FixedChoiceField(label=_("载体形式"), choices=FORM_CHOICES, required=False)
    delivery_wanted = FixedChoiceField(label=_("获取方式"), choices=DELIVERY_CHOICES, required=False)
    attachment = forms.FileField(label=_("申请书或身份证明（可选）"), required=False)

    def __init__(
        self, *args: Any, agencies: Any, read: Callable[[], list[Any]] | None = None, **kwargs: Any
    ) -> None:
        """`read`, when given, gives `list(agencies)` (SQL compiled once: `queries.registering`)."""
        super().__init__(*args, **kwargs)
        _choose_from(self, "agency", agencies, today="arrival")
        field = self.fields["agency"]
        assert isinstance(field, ChoiceReadOnce)
        field.read = read

    def offers_agency(self) -> bool:
        field = self.fields["agency"]
        assert isinstance(field, ChoiceReadOnce)
        return field.offers_any()

    def clean(self) -> dict[str, Any]:
        """The applicant's particulars are checked here too, so that every mistake shows at once."""
        data = super().clean() or {}
        try:
            check_applicant(
                Applicant(
                    category=data.get("applicant_category", ""),
                    name=data.get("applicant_name", "") or ("-" if "applicant_name" in self.errors else ""),
                    **{f: data.get(f, "") for f in ("id_number", "credit_code", "phone", "email", "address")},
                )
            )
        except InvalidInput as exc:
            for field, message in exc.errors.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        return data


class StepForm(forms.Form):
    """The day of a step; subclasses add the step's details and map them to the service's arguments."""

    on = day_field(_("办理日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "on"}


class AmendmentForm(StepForm):
    points = forms.CharField(
        label=_("需要补正的事项（一次性告知）"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    period_working_days = forms.IntegerField(
        label=_("补正期限（工作日）"), min_value=1, max_value=60, initial=15
    )


class AmendmentNoticeDeliveryForm(StepForm):
    delivered_on = day_field(
        _("申请人收到补正告知书之日"), help_text=_("补正期限自该日起计算（条例第三十条）")
    )


class AmendedForm(StepForm):
    late_reason = forms.CharField(
        label=_("逾期补正的正当理由"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("补正期限届满后收到补正时必填；无正当理由逾期不补正的，视为放弃申请（条例第三十条）"),
    )


class ConsultationForm(StepForm):
    party = forms.CharField(label=_("被征求意见方"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=list(CONSULTED_KINDS.items()))
    matters = forms.CharField(
        label=_("征求意见的事项"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ConsultationStepForm(StepForm):
    """A step about one of the consultations running (several may run at once)."""

    ref = forms.TypedChoiceField(label=_("征求意见事项"), coerce=int, choices=())

    def for_application(self, application: Any) -> None:
        field = self.fields["ref"]
        assert isinstance(field, forms.ChoiceField)
        records = [record for record in consultations(application) if record.open]
        field.choices = [(record.ref, f"{record.label}（{date_zh(record.sent)}发出）") for record in records]


class ConsultationDeliveryForm(ConsultationStepForm):
    delivered_on = day_field(
        _("被征求意见方收到征求意见书之日"),
        help_text=_("15个工作日自该日起计算（条例第三十二条、第三十四条）"),
    )


class ConsultationAnswerForm(ConsultationStepForm):
    objects = forms.BooleanField(label=_("被征求意见方不同意公开"), required=False)
    objection_reasons = forms.CharField(
        label=_("不同意公开的理由"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("第三方不同意公开时填写其理由（条例第三十二条）"),
    )
    summary = forms.CharField(
        label=_("意见摘要"), max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CloseConsultationForm(ConsultationStepForm):
    pass


class ReasonsRequestForm(StepForm):
    matters = forms.CharField(
        label=_("申请数量、频次明显超过合理范围的情况"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将写入要求说明理由通知书（条例第三十五条）"),
    )
    # a day to come: a plain date (the step's own day is the one that may not be in the future)
    answer_by = forms.DateField(label=_("请申请人于何日前说明理由"), widget=DateInput())


class ReasonsAnswerForm(StepForm):
    answered = forms.BooleanField(label=_("申请人已说明理由"), required=False)
    answer = forms.CharField(
        label=_("申请人说明的理由"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("未勾选“申请人已说明理由”即记录为期限内未说明"),
    )


class DeferralForm(StepForm):
    # a day to come: a plain date (the step's own day is the one that may not be in the future)
    reply_by = forms.DateField(
        label=_("延迟答复的期限（于何日前答复）"),
        widget=DateInput(),
        help_text=_("应晚于现在的答复期限，不早于今天（条例第三十五条：合理期限）"),
    )
    reason = forms.CharField(
        label=_("无法在法定期限内答复的原因"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将写入延迟答复告知书：“因……，无法在第三十三条规定的期限内答复”"),
    )


class ExtensionForm(StepForm):
    reason = forms.CharField(
        label=_("延期理由"), max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeeForm(StepForm):
    method = forms.ChoiceField(
        label=_("计收方式"), choices=[("count", _("按件计收")), ("pages", _("按量计收"))]
    )
    quantity = forms.IntegerField(
        label=_("数量"),
        min_value=1,
        required=False,
        help_text=_(
            "按件：留空则按该申请人本自然月内的申请自动计算第几件（109号第四条）；按量：页数（必填）"
        ),
    )
    notice_received_on = day_field(_("申请人收到通知之日"), required=False, help_text=_("留空则为办理日期"))
    pieces = forms.IntegerField(
        label=_("拆分件数"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("按件自动计算时，本申请按“一事一申请”拆分为几件（留空为1件）"),
    )
    split_reason = forms.CharField(
        label=_("拆分理由"), max_length=300, required=False, help_text=_("拆分为多件时必填")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == "pages" and data.get("quantity") is None:
            self.add_error("quantity", _("按量计收请填写页数。"))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        key = "by_count" if data["method"] == "count" else "by_pages"
        quantity = data.get("quantity")
        if quantity is None and key == "by_count":
            counted = {"pieces": data.get("pieces"), "split_reason": data.get("split_reason", "")}
        else:
            counted = {key: quantity}
        return {**counted, "notice_received_on": data.get("notice_received_on")}


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(label=_("办理结果（表三中的一项）"))
    reasons = forms.CharField(
        label=_("理由"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("不予公开、部分公开、无法提供、不予处理时必填"),
    )
    delivery = forms.CharField(
        label=_("提供方式"), max_length=200, required=False, help_text=_("如：随本答复书附送；电子邮件发送")
    )
    public_interest = forms.CharField(
        label=_("公共利益理由"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "第三方以合理理由不同意公开而决定予以公开时必填：不公开可能对公共利益造成的重大影响（第三十二条）"
        ),
    )

    no_consultation_reason = forms.CharField(
        label=_("未征求第三方意见的原因"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("以保护第三方合法权益为由不予公开而未征求第三方意见时必填（条例第三十二条）"),
    )

    not_held_kind = forms.ChoiceField(
        label=_("本机关不掌握的情形"),
        choices=[("", _("— 不适用 —")), *NOT_HELD_KINDS.items()],
        required=False,
        help_text=_("办理结果为“本机关不掌握相关政府信息”时必选（条例第三十六条第（四）项、第（五）项）"),
    )
    search_made = forms.CharField(
        label=_("所作的检索"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("答复政府信息不存在时必填：检索的范围、方式和结果"),
    )
    responsible_agency = forms.CharField(
        label=_("负责公开的行政机关"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "known-agencies"}),
        help_text=_("答复不属于本机关负责公开时必填（可从已知机关中选择；确实无法确定的填“无法确定”）"),
    )
    responsible_contact = forms.CharField(
        label=_("该机关的联系方式"),
        max_length=800,
        required=False,
        help_text=_("能够确定的应当填写；留空时，如该机关在本系统的政府信息公开指南中填有联系方式，自动引用"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— 请选择 —"))] + [(key, outcome_label(key)) for key in decidable_outcomes()]

    @property
    def known_agencies(self) -> list[tuple[str, str]]:
        """The agencies gongkai knows with their offices' contacts from their guides ('' when none),
        suggested for 非本机关 (read when the page is drawn, not before)."""
        names = list(Agency.objects.order_by("name").values_list("name", flat=True)[:500])
        contacts = office_contacts(names)
        return [(name, contacts.get(name, "")) for name in names]


class OpinionForm(StepForm):
    opinion = forms.CharField(
        label=_("审核（批准）意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("可选，记入办理记录"),
    )


class ReturnForm(StepForm):
    comment = forms.CharField(
        label=_("退回意见"), max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(StepForm):
    statement = forms.CharField(
        label=_("撤回的方式和内容"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        help_text=_("如：申请人提交书面撤回申请书（已附卷）；或电话撤回，已记录"),
    )


class DeliveryForm(StepForm):
    method = forms.CharField(
        label=_("送达方式"),
        max_length=100,
        required=False,
        help_text=_("如：直接送达、邮寄（挂号信号码）、电子邮件"),
    )


# action -> the form asking for its details (actions not listed need only the day)
STEP_FORMS: dict[str, type[StepForm]] = {
    "request_amendment": AmendmentForm,
    "record_amendment_notice_delivery": AmendmentNoticeDeliveryForm,
    "record_amendment": AmendedForm,
    "start_consultation": ConsultationForm,
    "record_consultation_delivery": ConsultationDeliveryForm,
    "record_consultation_answer": ConsultationAnswerForm,
    "close_consultation_window": CloseConsultationForm,
    "request_extension": ExtensionForm,
    "request_reasons": ReasonsRequestForm,
    "record_reasons": ReasonsAnswerForm,
    "defer_reply": DeferralForm,
    "approve_extension": ExtensionForm,
    "review_decision": OpinionForm,
    "approve_decision": OpinionForm,
    "send_fee_notice": FeeForm,
    "draft_decision": DecisionForm,
    "return_draft": ReturnForm,
    "deliver_decision": DeliveryForm,
    "withdraw": WithdrawForm,
}


def step_form(
    action: str, data: Any = None, application: Any = None, initial: dict[str, Any] | None = None
) -> StepForm:
    """The form of `action`'s step; a step about a consultation offers the application's open ones."""
    form = STEP_FORMS.get(action, StepForm)(data, initial=initial)
    if isinstance(form, ConsultationStepForm) and application is not None:
        form.for_application(application)
    return form


class PersonChoiceField(forms.ModelChoiceField):
    """Users shown by their names (username when there is none)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ReassignForm(forms.Form):
    """The head or the agency administrator gives the application to another clerk."""

    handler = PersonChoiceField(
        label=_("新经办人"), queryset=get_user_model().objects.none(), empty_label=_("— 请选择 —")
    )
    on = day_field(_("日期"))
    reason = forms.CharField(
        label=_("更换理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, clerks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "handler", clerks, today="on")


class LetterForm(forms.Form):
    recipient = forms.CharField(label=_("收件人"), max_length=200)
    body = forms.CharField(
        label=_("正文"), max_length=LETTER_LIMIT, widget=forms.Textarea(attrs={"rows": 18})
    )


class VoidLetterForm(forms.Form):
    reason = forms.CharField(
        label=_("作废理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("必填，记入办理记录"),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class ReviewCaseForm(forms.Form):
    number = forms.CharField(label=_("案件编号"), max_length=64)
    kind = forms.ChoiceField(label=_("类型"), choices=REVIEW_KIND_CHOICES)
    received_on = day_field(_("收到日期"))
    concluded_on = day_field(_("结案日期"), required=False)
    result = forms.ChoiceField(label=_("结果"), choices=REVIEW_RESULT_CHOICES, required=False)


class ReviewCorrectForm(ReviewCaseForm):
    """A case recorded wrongly: its values as they should be, and why (the correction is noted in the log)."""

    reason = forms.CharField(label=_("更正理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    """Why a step is undone or a case voided (kept in the application's log)."""

    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(forms.Form):
    concluded_on = day_field(_("结案日期"))
    result = forms.ChoiceField(label=_("结果"), choices=[c for c in REVIEW_RESULT_CHOICES if c[0]])


# The largest ledger file the import page takes.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
_CHOOSE_AGENCY = "请选择机关。"


class LedgerImportForm(forms.Form):
    """An agency's ledger (and review cases) to import; the system administrator may name a new agency."""

    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _CHOOSE_AGENCY},
    )
    new_agency = forms.CharField(
        label="或新建机关（名称以“人民政府”结尾的建为政府，其余为部门）",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "例如 示范市民政局"}),
    )
    ledger = forms.FileField(
        label="申请台账（.xlsx 或 .csv）",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    reviews = forms.FileField(
        label="行政复议、行政诉讼案件台账（可选）",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, agencies: Any, may_create: bool, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # the ids the page's labels point at: agency, ledger, …
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        if not may_create:
            del self.fields["new_agency"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new_name = str(data.get("new_agency") or "").strip()
        if data.get("agency") is None and not new_name and "agency" not in self.errors:
            self.add_error(None, _CHOOSE_AGENCY)
        if not data.get("ledger"):
            self.add_error(None, "请选择申请台账文件（.xlsx 或 .csv）。")
        uploads = (data.get("ledger"), data.get("reviews"))
        too_big = [str(f.name) for f in uploads if f and f.size > MAX_IMPORT_BYTES]
        if too_big:
            limit = MAX_IMPORT_BYTES // 1024 // 1024
            self.add_error(None, f"文件过大（不超过 {limit} MB）：{'、'.join(too_big)}")
        return data

    def agency_name(self) -> str:
        """The agency to import into: the new one named, else the chosen one."""
        new_name = str(self.cleaned_data.get("new_agency") or "").strip()
        chosen = self.cleaned_data.get("agency")
        return new_name or (chosen.name if chosen is not None else "")

    def ledger_file(self) -> ImportFile:
        """The ledger, read (a valid form has one)."""
        ledger = self.import_file("ledger")
        assert ledger is not None
        return ledger

    def import_file(self, name: str) -> ImportFile | None:
        """The uploaded file of field `name`, read, or None."""
        upload = self.cleaned_data.get(name)
        return ImportFile(clean_name(upload.name, "台账.xlsx"), upload.read()) if upload else None
