"""Sending e-mail that must never break the step that caused it: through Django's mail framework (SMTP as
configured by the settings/environment), a failure logged and swallowed.

Callers send after their transaction commits (`transaction.on_commit`), so the step is already kept when
the mail server is slow, refuses or is unreachable.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage

log = logging.getLogger(__name__)


def send_quietly(
    subject: str, body: str, to: list[str], attachments: Iterable[tuple[str, bytes, str]] = ()
) -> bool:
    """Send one plain-text message (with `(filename, content, mimetype)` attachments) to `to`; False, and
    the failure logged, when it could not be sent. Nothing is sent to nobody."""
    if not to:
        return False
    try:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
    except Exception:  # any failure of the mail server or the connection: the step itself is kept
        log.exception("mail to %d recipient(s) not sent: %s", len(to), subject)
        return False
    return True
