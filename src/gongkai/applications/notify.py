"""E-mail to the applicant when a letter addressed to them is signed (the amendment, extension, fee and
abandonment notices, the decision letter, the receipt): the letter's text in the message and its Word file
attached, for every application that has an e-mail address (on-line ones and registered ones alike).

Sent after the signing's transaction commits (`letters.number`); a failing mail server is logged and never
undoes or breaks the step (`core.mail.send_quietly`). An upper layer that gives the applicant another way to
follow the application (the on-line lookup) adds its lines through the `how_to_follow` signal.
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

from gongkai.applications import letter_files
from gongkai.applications.models import Application, Letter, LetterKind
from gongkai.core.mail import send_quietly
from gongkai.law.zh import date_zh

log = logging.getLogger(__name__)

# The letters addressed to the applicant; letters to third parties are never sent to (nor shown to) them.
APPLICANT_LETTERS: tuple[str, ...] = (
    LetterKind.RECEIPT,
    LetterKind.AMENDMENT_NOTICE,
    LetterKind.EXTENSION_NOTICE,
    LetterKind.REASONS_REQUEST,
    LetterKind.DEFERRAL_NOTICE,
    LetterKind.FEE_NOTICE,
    LetterKind.DECISION,
    LetterKind.ABANDONMENT_NOTICE,
)

# Sent with `application=`; each receiver returns a line (or "") telling the applicant how else to follow it.
how_to_follow = Signal()

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _follow_lines(application: Application) -> list[str]:
    answers = how_to_follow.send_robust(sender=Application, application=application)
    lines = []
    for receiver, answer in answers:
        if isinstance(answer, Exception):
            log.error("how_to_follow receiver %r failed: %s", receiver, answer)
        elif answer:
            lines.append(str(answer))
    return lines


def letter_body(letter: Letter) -> str:
    """The message: who signed what on which day, the letter's full text, and how to follow the application."""
    application = letter.application
    issued = date_zh(letter.issued_on) if letter.issued_on else ""
    lines = [
        f"{letter.recipient or application.applicant_name}：",
        "",
        f"{letter.agency.name}已于{issued}就您的政府信息公开申请（申请编号 {application.number}）"
        f"签发《{letter_files.title(letter)}》（{letter.number_label}），全文如下，Word 文件见附件。",
        "",
        letter.body.strip(),
        "",
        letter.agency.name,
        issued,
    ]
    follow = _follow_lines(application)
    if follow:
        lines += ["", *follow]
    return "\n".join(lines) + "\n"


def letter_issued(letter_id: int) -> bool:
    """Mail the signed letter `letter_id` to its applicant when it is addressed to them and an e-mail is
    known; True when a message was sent. Never raises: the letter is signed whatever the mail does."""
    try:
        letter = Letter.objects.select_related("application", "agency").get(pk=letter_id)
        email = letter.application.email.strip()
        if letter.kind not in APPLICANT_LETTERS or not letter.is_issued or not email:
            return False
        subject = f"{letter.agency.name}：{letter_files.title(letter)}（{letter.number_label}）"
        body = letter_body(letter)
        attachment = (letter_files.filename(letter, "docx"), letter_files.render_docx(letter), DOCX)
    except Exception:  # the letter is signed and kept; only its mail is lost, and the log says so
        log.exception("mail for letter %s not prepared", letter_id)
        return False
    return send_quietly(subject, body, [email], [attachment])
