"""Letters (告知书): drafted from a template per kind, editable until issued, then numbered and frozen.

The wording of each kind is data: `templates/letters/<kind>.txt`, a Django template filled from the
application and the event that produced the letter. Numbers run per agency and year: 〔2025〕第3号.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import subprocess
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from gongkai.agencies.models import Agency
from gongkai.applications import clock
from gongkai.applications.models import Application, ApplicationEvent, Letter, LetterKind
from gongkai.law import outcomes, remedies
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.deadlines import Deadline
from gongkai.law.receipt import channel as channel_info
from gongkai.law.zh import date_zh


class LetterError(Exception):
    """A letter cannot be changed or rendered; the message (Chinese) says why."""


# -- the wording --------------------------------------------------------------------------------------------


def _zh(day: Any) -> str:
    return date_zh(day) if isinstance(day, dt.date) else ""


def _due_pending(year: int) -> str:
    """Stands in a draft letter for a date that needs a year's holidays not yet loaded (edit before issuing)."""
    return f"〔期限待{year}年节假日安排公布后确定〕"


def _due_zh(compute: Callable[[], Deadline | None]) -> str:
    try:
        deadline = compute()
    except CalendarMissingError as exc:
        return _due_pending(exc.year)
    return _zh(deadline.due if deadline else None)


def _event_day(event: ApplicationEvent) -> dt.date:
    return dt.date.fromisoformat(event.data["on"])


def reconsideration_body(agency: Agency) -> str:
    """Where reconsideration is applied for: the people's government at the same level (行政复议法第二十四条).

    A department's government is its parent; a government's reconsideration goes to the government above.
    """
    if agency.parent is not None:
        return agency.parent.name
    return "上一级人民政府"


def letter_context(event: ApplicationEvent, kind: str) -> dict[str, Any]:
    """Everything a letter template may use, from the application and the producing event."""
    application = event.application
    history = clock.steps(application)
    on = _event_day(event)
    data = event.data
    context: dict[str, Any] = {
        "application": application,
        "agency": application.agency,
        "received_on_zh": _zh(application.received_on),
        "amended_on_zh": _zh(application.amended_on),
        "reply_due_zh": _zh(application.reply_due)
        or (_due_pending(data["calendar_missing"]) if data.get("calendar_missing") else ""),
        "on_zh": _zh(on),
        **{key: value for key, value in data.items() if key not in ("changes", "on", "calendar_missing")},
    }
    if kind == LetterKind.RECEIPT:
        info = channel_info(application.channel)
        context.update(channel_label=info.label_zh, channel_basis=info.basis_zh)
    elif kind == LetterKind.AMENDMENT_NOTICE:
        context["period_due_zh"] = _due_zh(lambda: clock.amendment_period_deadline(history))
    elif kind == LetterKind.EXTENSION_NOTICE:
        previous = data.get("changes", {}).get("reply_due", [None, None])[0]
        context["original_due_zh"] = _zh(dt.date.fromisoformat(previous)) if previous else ""
    elif kind in (LetterKind.CONSULTATION_LETTER, LetterKind.CONSULTATION_NOTICE):
        context.update(window_due_zh=_due_zh(lambda: clock.consultation_deadline(on)), sent_zh=_zh(on))
    elif kind == LetterKind.FEE_NOTICE:
        context.update(
            payment_due_zh=_due_zh(lambda: clock.fee_deadline(history)),
            payment_method="请按本机关告知的缴费账户或现场缴费方式缴纳，并注明申请编号",
        )
    elif kind == LetterKind.DECISION:
        context.update(decision_texts(application.agency, data["outcome"], on))
    return context


def decision_texts(agency: Agency, outcome_key: str, decided_on: dt.date) -> dict[str, str]:
    """The decision sentence with its legal basis, and the remedies, for an outcome decided on a day."""
    chosen = outcomes.outcome(outcome_key)
    return {
        "decision_text": chosen.basis_zh,
        "remedy_text": remedies.remedy_text_zh(
            outcome_key, decided_on, reconsideration_body=reconsideration_body(agency)
        ),
        "outcome_label": outcome_label(outcome_key),
    }


def outcome_label(outcome_key: str) -> str:
    """`不予公开 · 属于国家秘密`: the group and the row of table 三."""
    chosen = outcomes.outcome(outcome_key)
    group = outcomes.GROUPS[chosen.group].label_zh
    return group if chosen.name_zh.startswith(group) else f"{group} · {chosen.name_zh}"


def recipient_for(event: ApplicationEvent, kind: str) -> str:
    if kind == LetterKind.CONSULTATION_LETTER:
        return str(event.data.get("party", ""))
    return event.application.applicant_name


def draft(event: ApplicationEvent, kind: str, recipient: str | None = None, **extra: Any) -> Letter:
    """Draft the letter of `kind` for the step `event`, from its template (`extra`: more to fill it)."""
    body = render_to_string(f"letters/{kind}.txt", {**letter_context(event, kind), **extra}).strip()
    return Letter.objects.create(
        application=event.application,
        agency=event.application.agency,
        event=event,
        kind=kind,
        recipient=recipient if recipient is not None else recipient_for(event, kind),
        body=body,
    )


def draft_to_third_party(event: ApplicationEvent, party: str, objection_reasons: str) -> Letter:
    """The notice to a third party that its information is disclosed over its objection (第三十二条)."""
    return draft(event, LetterKind.THIRD_PARTY_NOTICE, recipient=party, objection_reasons=objection_reasons)


# -- editing and issuing ------------------------------------------------------------------------------------


# The letters a decision produces: to the applicant, and to a third party whose objection is overridden.
DECISION_KINDS: tuple[str, ...] = (LetterKind.DECISION, LetterKind.THIRD_PARTY_NOTICE)


def current_decision_letter(application: Application) -> Letter | None:
    return (
        application.letters.filter(kind=LetterKind.DECISION, withdrawn=False)
        .order_by("-created_at", "-id")
        .first()
    )


def current_decision_letters(application: Application) -> list[Letter]:
    """The decision letter and, if any, the notice to the third party, of the latest decision draft."""
    decision = current_decision_letter(application)
    if decision is None:
        return []
    return list(
        application.letters.filter(event_id=decision.event_id, kind__in=DECISION_KINDS, withdrawn=False)
    )


@transaction.atomic
def edit(letter: Letter, actor: Any, *, body: str, recipient: str | None = None) -> Letter:
    """Change a draft's text; the previous and new text go into the application's log."""
    from gongkai.applications.services import record_note

    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.is_issued or locked.withdrawn:
        raise LetterError("告知书已签发（或已撤回），内容不能再修改。")
    if not body.strip():
        raise LetterError("告知书正文不能为空。")
    changes: dict[str, list[str]] = {}
    if body.strip() != locked.body:
        changes["body"] = [locked.body, body.strip()]
        locked.body = body.strip()
    if recipient is not None and recipient.strip() != locked.recipient:
        changes["recipient"] = [locked.recipient, recipient.strip()]
        locked.recipient = recipient.strip()
    if changes:
        locked.save()
        record_note(
            locked.application,
            actor,
            "edit_letter",
            timezone.localdate(),
            letter=locked.pk,
            kind=locked.kind,
            letter_changes=changes,
        )
    return locked


@transaction.atomic
def issue(letter: Letter, actor: Any, on: dt.date) -> Letter:
    """Number the letter (per agency and year) and freeze it."""
    from gongkai.applications.services import record_note

    agency = Agency.objects.select_for_update().get(pk=letter.agency_id)  # serialises numbering
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.is_issued:
        raise LetterError("告知书已经签发。")
    if locked.withdrawn:
        raise LetterError("告知书已撤回，不能签发。")
    last = (
        Letter.objects.filter(agency_id=locked.agency_id, year=on.year).aggregate(last=Max("seq"))["last"]
        or 0
    )
    locked.year, locked.seq = on.year, last + 1
    locked.number_prefix = agency.letter_prefix.strip()
    locked.issued_on, locked.issued_at = on, timezone.now()
    locked.issued_by = actor if getattr(actor, "pk", None) else None
    locked.save()
    record_note(
        locked.application,
        actor,
        "issue_letter",
        on,
        letter=locked.pk,
        kind=locked.kind,
        number=locked.number_label,
    )
    return locked


# -- rendering ----------------------------------------------------------------------------------------------


def title(letter: Letter) -> str:
    return LetterKind(letter.kind).label


def date_line(letter: Letter) -> str:
    return date_zh(letter.issued_on) if letter.issued_on else "（签发日期）"


def filename(letter: Letter, suffix: str) -> str:
    number = f"{letter.year}-{letter.seq}" if letter.seq else f"draft-{letter.pk}"
    return f"{letter.application.number}_{letter.kind}_{number}.{suffix}"


def render_docx(letter: Letter) -> bytes:
    """The letter as a Word document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def centred(text: str, size: int, bold: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold

    centred(letter.agency.name, 18, bold=True)
    centred(title(letter), 18, bold=True)
    centred(letter.number_label, 12)
    document.add_paragraph(f"{letter.recipient}：")
    for line in letter.body.splitlines():
        if line.strip():
            paragraph = document.add_paragraph(line.strip())
            paragraph.paragraph_format.first_line_indent = Pt(28)
    for text in ("", letter.agency.name, date_line(letter)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def cjk_font_available() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (WeasyPrint draws nothing without one)."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.stdout.strip())


def letter_html(letter: Letter) -> str:
    paragraphs = "".join(
        f"<p class='body'>{escape(line.strip())}</p>" for line in letter.body.splitlines() if line.strip()
    )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; }}
body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif; font-size: 15pt; line-height: 1.8; }}
h1 {{ text-align: center; font-size: 20pt; margin: 0; }}
.number {{ text-align: center; font-size: 12pt; margin: 0.5em 0 1.5em; }}
.body {{ text-indent: 2em; margin: 0; }}
.sign {{ text-align: right; margin: 0; }}
</style></head><body>
<h1>{escape(letter.agency.name)}</h1><h1>{escape(title(letter))}</h1>
<p class="number">{escape(letter.number_label)}</p>
<p>{escape(letter.recipient)}：</p>{paragraphs}
<p class="sign" style="margin-top:2em">{escape(letter.agency.name)}</p><p class="sign">{escape(date_line(letter))}</p>
</body></html>"""


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF (WeasyPrint); a Chinese LetterError when no CJK font is installed."""
    if not cjk_font_available():
        raise LetterError(
            "无法生成PDF：系统缺少中文字体。请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）后重试，或下载Word版本。"
        )
    from weasyprint import HTML

    return bytes(HTML(string=letter_html(letter)).write_pdf())
