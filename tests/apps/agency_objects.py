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
SECRET_DOCUMENT = "甲机关未公开文件之专属样本"  # title and text of each document not (yet) published
SECRET_DOC_FILE = "甲机关主动公开附件之专属样本.pdf"
SECRET_CASE = "甲机关督办通知之专属样本"
SECRET_COMPLAINT = "甲机关投诉举报之专属样本"
SECRET_RECORD = "甲机关责任追究记录之专属样本"
TODAY = D(2025, 3, 10)
MARKERS = (
    SECRET_CONTENT,
    SECRET_TEXT,
    SECRET_FILE,
    SECRET_DOCUMENT,
    SECRET_DOC_FILE,
    SECRET_CASE,
    SECRET_COMPLAINT,
    SECRET_RECORD,
)


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
        "by_pattern": {
            **issued_letter(world, register),
            **proactive_objects(world),
            **supervision_objects(world),
            **online_objects(world),
        },
    }


def online_objects(world: Any) -> dict[str, Any]:
    """An unconfirmed on-line application of agency A with an identity image (marker text inside)."""
    from gongkai.online import services as online

    done = online.submit_application(
        world.agency_a,
        {"name": "王五", "kind": "natural_person", "id_number": "11010519491231002X", "phone": "13812345678"},
        SECRET_CONTENT,
        "邮寄",
        id_image=SimpleUploadedFile("id.pdf", f"%PDF-1.4\n%{SECRET_FILE}\n".encode()),
    )
    pk = online.OnlineApplication.objects.get(number=done.number).pk
    return {"online.pk": pk}


def issued_letter(world: Any, register: Any) -> dict[str, Any]:
    """A second application whose receipt is signed: the one a head may void (a draft cannot be)."""
    from gongkai.applications.letters import issue_letter

    application = register(D(2025, 3, 4))
    letter = issue_letter(application.letters.get(), world.clerk, D(2025, 3, 4))
    return {"applications:letter_void.pk": application.pk, "applications:letter_void.letter_id": letter.pk}


def proactive_objects(world: Any) -> dict[str, Any]:
    """Agency A's register: a document in each state a step starts from, the draft with an attachment."""
    from proactive_helpers import draft, publish, step

    from gongkai.proactive import services as proactive
    from gongkai.proactive.chain import TRANSITIONS

    def secret(**values: Any) -> Any:
        body = f"{SECRET_DOCUMENT}正文。\n联系人：张老师，电话13812345678。"
        return draft(world, TODAY, title=f"关于{SECRET_DOCUMENT}的通知", body=body, **values)

    def reviewed(document: Any) -> Any:
        document = step(document, "submit", world.clerk, TODAY)
        document = step(document, "pass_secrecy", world.reviewer, TODAY)
        document = step(document, "approve_step", world.reviewer, TODAY)
        document = step(document, "approve_step", world.head, TODAY)
        document = proactive.acknowledge(document, world.head, [f["id"] for f in document.findings])
        return step(document, "approve_step", world.head, TODAY)

    withheld = {"disclosure": "withheld", "withheld_reason": "涉及第三方", "withheld_article": "art15"}
    drafted = secret()
    in_secrecy = step(secret(), "submit", world.clerk, TODAY)
    in_review = step(step(secret(), "submit", world.clerk, TODAY), "pass_secrecy", world.reviewer, TODAY)
    approved = reviewed(secret())
    approved_withheld = reviewed(secret(**withheld))
    registered = step(reviewed(secret(**withheld)), "register", world.clerk, TODAY)
    published = publish(world, draft(world, TODAY), TODAY)  # public by nature: no marker
    by_action = {
        "submit": drafted,
        "pass_secrecy": in_secrecy,
        "approve_step": in_review,
        "return": in_review,
        "publish": approved,
        "register": approved_withheld,
        "change": published,
        "withdraw": published,
        "expire": published,
        "repeal": published,
        "rereview": registered,
    }
    assert set(by_action) == set(TRANSITIONS), "a new step of the register: give it a document here"
    assert drafted.findings, "the draft needs findings for the acknowledge page to act on"
    attachment = proactive.add_attachment(
        drafted, world.clerk, SimpleUploadedFile(SECRET_DOC_FILE, b"%PDF-1.4\n%test\n"), today=TODAY
    )
    return {
        "proactive.pk": drafted.pk,
        "proactive.attachment_id": attachment.pk,
        "api.document_id": published.pk,
        # The column asked for the unpublished draft and its file: both must be 404.
        "portal.pk": drafted.pk,
        "portal.attachment_id": attachment.pk,
        "proactive:step.action": list(TRANSITIONS),
        "proactive:step.pk": lambda kwargs: by_action[kwargs["action"]].pk,
        "findings": [f["id"] for f in drafted.findings],
    }


def supervision_objects(world: Any) -> dict[str, Any]:
    """The supervising office's 督办 to agency A, a complaint about it, a record and a published ranking."""
    from gongkai.supervision import services as office

    case = office.send_notice(
        world.government,
        world.agency_a,
        world.supervisor,
        subject="report",
        title="督办年度报告",
        notice=SECRET_CASE,
        deadline=D(2099, 12, 31),
        sent_on=D(2025, 4, 1),
        report_year=2025,
    )
    complaint = office.receive_complaint(
        world.government,
        world.agency_a,
        world.supervisor,
        received_on=D(2025, 4, 2),
        complainant="举报人甲",
        content=SECRET_COMPLAINT,
    )
    office.record(world.agency_a, world.supervisor, "accountability", year=2025, text=SECRET_RECORD)
    row = {"place": 1, "agency": world.agency_a.name, "score": 90, "reasons": []}
    ranking = office.publish_ranking(world.government, 2025, [row], world.supervisor)
    return {
        "supervision:case.pk": case.pk,
        "supervision:complaint.pk": complaint.pk,
        "supervision:ranking_public.pk": ranking.pk,
    }


def overrides(objects: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Form values of the register's and the office's pages where they differ from the shared payload."""
    from gongkai.proactive.catalogue_io import template_csv

    return {
        "proactive": {
            "title": "改写的标题",
            "issuers": "洪泽区教育局",
            "formed_on": "2025-03-03",
            "kind": "normative",
            "disclosure": "proactive",
            "opinion": "同意",
            "release": "on",
            "finding": objects["by_pattern"]["findings"],
            "index_pattern": "{prefix}/{year}-{serial:05d}",
            "withheld_review_months": "6",
            "office_name": "改写的工作机构",
        },
        "proactive:import": {"file": lambda: SimpleUploadedFile("目录.csv", template_csv())},
        "supervision": {
            "subject": "report",
            "title": "督办",
            "notice": "请整改",
            "deadline": "2099-12-31",
            "report_year": "2025",
            "answer": "已整改",
            "complainant": "王五",
            "content": "投诉内容",
            "substantiated": "1",
            "result": "属实",
            "kind": "assessment",
            "year": "2025",
            "score": "90",
            "grade": "优秀",
            "text": "说明",
        },
        "supervision:case": {"decision": "escalate"},
        "agencies:particulars": {
            "kind": "department",
            "level": "county",
            "government_name": "改写的人民政府",
            "above_name": "改写的上级",
            "letter_prefix": "改",
        },
    }
