"""Files kept with an application: the application form, proof of identity, the amended text."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.annual.document import ReadError
from gongkai.annual.sources.bounded import ATTACHMENT, check_zip, clean_name
from gongkai.applications.actions import Action
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import note
from gongkai.applications.models import Application, Attachment

# Who may attach a file: the staff handling applications.
UPLOADERS = frozenset({Role.CLERK, Role.REVIEWER, Role.HEAD})

# The first bytes that files of each type start with; a file whose content does not match is refused.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
}


def check_upload(name: str, size: int, head: bytes) -> str:
    """The file's extension if it may be attached; InvalidInput with the Chinese reason otherwise."""
    limit = int(settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    allowed: dict[str, str] = settings.GONGKAI_ATTACHMENT_TYPES
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        kinds = "、".join(sorted(allowed))
        raise InvalidInput({"file": f"不支持的文件类型“{suffix or '无扩展名'}”，可上传：{kinds}。"})
    if size > limit:
        raise InvalidInput(
            {"file": f"文件过大（{size / 1048576:.1f} MB），单个附件不能超过 {limit / 1048576:.0f} MB。"}
        )
    if size == 0:
        raise InvalidInput({"file": "文件是空的。"})
    magic = _MAGIC.get(suffix)
    if magic is not None and not head.startswith(magic):
        raise InvalidInput({"file": f"文件内容与扩展名“{suffix}”不符。"})
    return suffix


def checked_upload(upload: Any) -> str:
    """`check_upload` of an uploaded file: its extension, or InvalidInput. A zip-based file (.docx, .ofd)
    must not be a zip bomb: attachments are never opened by gongkai, but by the people who download them."""
    head = upload.read(8)
    upload.seek(0)
    suffix = check_upload(clean_name(upload.name), upload.size, head)
    if head.startswith(b"PK\x03\x04"):
        try:
            check_zip(upload, ATTACHMENT)
        except ReadError as exc:
            raise InvalidInput({"file": str(exc)}) from None
    return suffix


def store(application: Application, actor: Any, upload: Any, suffix: str) -> Attachment:
    """Save a checked upload with the application (under MEDIA_ROOT) and note it, inside the caller's
    transaction; the file is written last and removed again if saving its record fails."""
    allowed: dict[str, str] = settings.GONGKAI_ATTACHMENT_TYPES
    attachment = Attachment(
        application=application,
        original_name=clean_name(upload.name),
        size=upload.size,
        content_type=allowed[suffix],
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    try:
        attachment.save()
        note(
            application,
            actor,
            Action.ADD_ATTACHMENT,
            timezone.localdate(),
            attachment=attachment.pk,
            name=attachment.original_name,
        )
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def add_attachment(application: Application, actor: Any, upload: Any) -> Attachment:
    """Keep an uploaded file with the application and note it in the log."""
    if not roles_in(actor, application.agency_id) & UPLOADERS:
        raise StepRefused("只有本机关办理人员可以上传附件。")
    return store(application, actor, upload, checked_upload(upload))
