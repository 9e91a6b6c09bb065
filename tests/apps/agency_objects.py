"""Agency A's objects of every kind a URL can name (for the every-URL and query-fuzz tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.agencies import services as people
from gongkai.applications import services

D = dt.date
SECRET_CONTENT = "甲机关专属申请内容之机密样本"
SECRET_TEXT = "甲机关年报正文之专属样本"
SECRET_FILE = "甲机关身份证明样本.pdf"
MARKERS = (SECRET_CONTENT, SECRET_TEXT, SECRET_FILE)


def agency_a_objects(world: Any, register: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """Agency A's objects of every kind a URL can name, each holding a marker text outsiders must not see."""
    from gongkai.agencies.models import Membership
    from gongkai.applications.workflow import TRANSITIONS
    from gongkai.reports import services as reports

    settings.MEDIA_ROOT = tmp_path
    application = register(D(2025, 3, 3))
    application.content = SECRET_CONTENT
    application.save(update_fields=["content"])
    attachment = services.add_attachment(
        application, world.clerk, SimpleUploadedFile(SECRET_FILE, b"%PDF-1.4\n%test\n")
    )
    case = services.record_review_case(
        application, world.clerk, number="复2025-1", kind="reconsideration", received_on=D(2025, 4, 1)
    )
    report = reports.open_report(world.agency_a, 2025, world.clerk)
    report.sections = {**report.sections, "导语": SECRET_TEXT}
    report.save(update_fields=["sections"])
    role_request = people.add_member(
        world.agency_a, world.agency_admin, username="reviewer_a", full_name="", role="head", password=""
    )
    return {
        "application": application,
        "letter": application.letters.get(),
        "attachment": attachment,
        "case": case,
        "report": report,
        "agency": world.agency_a,
        "membership": Membership.objects.get(user=world.clerk, agency=world.agency_a),
        "role_request": role_request,
        "user": world.clerk,
        "actions": [a for a in TRANSITIONS if a != "register"],
    }
