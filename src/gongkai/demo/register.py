"""The demo city's registers of government information: a few hundred documents per agency over two
years, as an agency that has kept its register in the system would have them — most published in time,
some late, some withheld or to be disclosed on request, normative documents repealed or expired, policy
interpretations linked to their policies — and, in the featured agency, documents at every step of the
review with planted findings (a mobile number, an ID number, a 密级 marking). Seeded and dated relative
to `today`, like the rest of the city."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from stdnum.cn import uscc

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.law.calendar import WorkingCalendar
from gongkai.law.codes import org_code_check
from gongkai.proactive import services
from gongkai.proactive.actions import ProactiveAction
from gongkai.proactive.clock import due_for
from gongkai.proactive.models import (
    Document,
    DocumentEvent,
    DocumentVersion,
    IndexSequence,
    ProactiveSettings,
    State,
    search_text_of,
)

FEATURED = "jyj"
SUBJECTS = (
    "工作要点",
    "实施方案",
    "管理办法",
    "专项整治行动方案",
    "考核办法",
    "财政预算",
    "统计公报",
    "招聘公告",
)
KIND_WEIGHTS = (
    ("normative", 18),
    ("other_document", 40),
    ("notice", 20),
    ("plan", 8),
    ("statistics", 6),
    ("budget", 4),
)
ITEMS = {
    "regulation": "20.1",
    "normative": "20.1",
    "plan": "20.3",
    "statistics": "20.4",
    "budget": "20.7",
    "notice": "20.15",
}


def demo_code(agency: Agency) -> str:
    """A well-formed 统一社会信用代码 for a demo agency (机关 11, 示范市 330100, a made-up organisation code)."""
    body = f"{70000000 + agency.pk * 97:08d}"
    partial = "11330100" + body + org_code_check(body)
    return partial + uscc.calc_check_digit(partial)


def _late_or_not(rng: random.Random, due: dt.date | None, formed: dt.date) -> dt.date:
    if due is None:
        return formed + dt.timedelta(days=rng.randint(1, 20))
    if rng.random() < 0.08:
        return due + dt.timedelta(days=rng.randint(1, 15))
    return formed + dt.timedelta(days=rng.randint(0, max(0, (due - formed).days)))


def _document(
    rng: random.Random, agency: Agency, n: int, formed: dt.date, calendar: WorkingCalendar
) -> Document:
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
    if agency.kind == Agency.Kind.GOVERNMENT and kind == "normative" and rng.random() < 0.3:
        kind = "regulation"  # 地方政府规章 are the government's own
    subject = rng.choice(SUBJECTS)
    short = agency.name.removeprefix("示范市")
    disclosure = rng.choices(["proactive", "on_request", "withheld"], [94, 3, 3])[0]
    document = Document(
        agency=agency,
        title=f"{agency.name}关于印发{formed.year}年{short}{subject}的通知（{n}）",
        doc_number=f"示{short[:2]}发〔{formed.year}〕{n}号"
        if kind == "normative" or rng.random() < 0.5
        else "",
        issuers=[agency.name],
        written_on=formed,
        formed_on=formed,
        kind=kind,
        theme=rng.choice(
            ["综合政务", "城乡建设、环境保护", "科技、教育", "财政、金融、审计", "民政、扶贫、救灾"]
        ),
        genre="通知",
        article_item=ITEMS.get(kind, "20.15"),
        disclosure=disclosure,
        channels=_channels(kind, n),
        summary=f"{formed.year}年{short}{subject}的主要内容和工作安排。",
        body=f"各有关单位：\n现将《{formed.year}年{short}{subject}》印发给你们，请认真贯彻执行。\n{agency.name}\n",
        publication_due=due_for(formed, calendar) if disclosure == "proactive" else None,
        imported=False,
    )
    if disclosure != "proactive":
        document.withheld_reason = (
            "涉及个人隐私" if disclosure == "withheld" else "涉及特定对象，不宜主动公开"
        )
        document.withheld_article = "art15" if disclosure == "withheld" else "art27"
    return document


def _channels(kind: str, n: int) -> list[str]:
    """Every document on the website; some also on the new-media account, policies in the 公报 (by the
    document's number, so that the city's random draws stay as they were)."""
    channels = ["website"]
    if n % 3 == 0:
        channels.append("new_media")
    if kind in ("regulation", "normative") and n % 2 == 0:
        channels.append("gazette")
    return channels


def _settle(rng: random.Random, document: Document, today: dt.date) -> None:
    """Published (in time or late), registered, repealed or expired, as its dates allow."""
    if document.disclosure != "proactive":
        document.state = State.REGISTERED
        if document.disclosure == "withheld":
            document.rereview_on = document.formed_on + dt.timedelta(days=365)
        return
    published = _late_or_not(rng, document.publication_due, document.formed_on)
    if published > today:
        document.state = rng.choice([State.IN_REVIEW, State.APPROVED, State.SECRECY_REVIEW])
        return
    document.state = State.PUBLISHED
    document.published_on = published
    if document.kind == "normative" and rng.random() < 0.12 and (today - document.formed_on).days > 120:
        document.validity = rng.choice(["repealed", "expired"])
        document.invalid_on = document.formed_on + dt.timedelta(
            days=rng.randint(60, (today - document.formed_on).days)
        )
        if document.validity == "repealed":
            document.repealed_by = f"关于废止部分规范性文件的决定（{document.invalid_on.year}年）"


# 政府信息公开制度: the rules every agency publishes in its column (the section of that name).
RULES = (
    ("政府信息公开工作制度", "主动公开、依申请公开、监督保障等工作的分工和程序。"),
    ("政府信息公开保密审查制度", "信息发布前的保密审查程序、审查人和审查记录。"),
    ("依申请公开政府信息办理制度", "申请的接收、登记、办理、答复和归档，以及办理期限的计算。"),
)


def _rules(agency: Agency, start: dt.date) -> list[Document]:
    """The agency's 政府信息公开制度, published early in the first year (no randomness: the rest of the
    register is drawn as before)."""
    documents = []
    for n, (name, summary) in enumerate(RULES, start=1):
        day = start + dt.timedelta(days=10 * n)
        documents.append(
            Document(
                agency=agency,
                title=f"{agency.name}{name}",
                issuers=[agency.name],
                written_on=day,
                formed_on=day,
                publication_due=day + dt.timedelta(days=20),
                published_on=day + dt.timedelta(days=3),
                state=State.PUBLISHED,
                kind="disclosure_rule",
                theme="综合政务",
                genre="规定",
                article_item="20.15",
                summary=summary,
                body=f"第一条 为规范本机关政府信息公开工作，制定本制度。\n第二条 {summary}\n第三条 本制度自印发之日起施行。",
            )
        )
    return documents


def _number(documents: Sequence[Document], agency: Agency, code: str) -> None:
    serials: dict[int, int] = {}
    for document in sorted(documents, key=lambda d: (d.published_on or d.formed_on, d.formed_on)):
        if document.state in (State.PUBLISHED, State.REGISTERED):
            year = (document.published_on or document.formed_on).year
            serials[year] = serials.get(year, 0) + 1
            document.index_number = f"{code}/{year}-{serials[year]:05d}"
    IndexSequence.objects.bulk_create(
        IndexSequence(agency=agency, year=y, last=n) for y, n in serials.items()
    )


def agency_register(
    rng: random.Random, agency: Agency, today: dt.date, calendar: WorkingCalendar, count: int
) -> list[Document]:
    """`count` documents formed over last year and this year, written in a few queries."""
    code = demo_code(agency)
    ProactiveSettings.objects.create(
        agency=agency,
        index_prefix=code,
        office_name=f"{agency.name}办公室",
        office_address="示范市人民路100号",
        office_hours="工作日上午9:00—12:00，下午13:30—17:00",
        office_phone="0571-88000000",
        office_fax="0571-88000001",
        office_web="http://www.shifan.gov.cn",
        postcode="310000",
    )
    start = dt.date(today.year - 1, 1, 2)
    span = max(1, (today - start).days - 10)
    documents = [
        _document(rng, agency, n, start + dt.timedelta(days=rng.randrange(span)), calendar)
        for n in range(1, count + 1)
    ]
    for document in documents:
        _settle(rng, document, today)
    documents += _rules(agency, start)
    for document in documents:
        document.search_text = search_text_of(document)
    _number(documents, agency, code)
    documents = Document.objects.bulk_create(documents, batch_size=500)
    _interpret(rng, documents)
    DocumentVersion.objects.bulk_create(
        (
            DocumentVersion(
                document=d,
                number=1,
                title=d.title,
                body=d.body,
                formed_on=d.formed_on,
                published_on=d.published_on,
            )
            for d in documents
            if d.published_on
        ),
        batch_size=500,
    )
    DocumentEvent.objects.append_all((d, ProactiveAction.DRAFT, "", {"demo": True}) for d in documents)
    return documents


def _interpret(rng: random.Random, documents: Sequence[Document]) -> None:
    """Most published normative documents get a 政策解读 (the rest are flagged on the workbench)."""
    policies = [d for d in documents if d.kind == "normative" and d.state == State.PUBLISHED]
    interpretations = []
    for policy in policies:
        if rng.random() < 0.7:
            assert policy.published_on is not None
            interpretations.append(
                Document(
                    agency_id=policy.agency_id,
                    title=f"《{policy.title}》政策解读",
                    issuers=policy.issuers,
                    written_on=policy.written_on,
                    formed_on=policy.formed_on,
                    publication_due=policy.publication_due,
                    published_on=policy.published_on,
                    kind="interpretation",
                    theme=policy.theme,
                    article_item="20.1",
                    state=State.PUBLISHED,
                    interprets=policy,
                    summary="解读文件的制定背景、主要内容和执行要点。",
                    body="一、制定背景\n二、主要内容\n三、执行要点\n",
                )
            )
    for item in interpretations:
        item.search_text = search_text_of(item)
    Document.objects.bulk_create(interpretations, batch_size=500)


def _people(agency: Agency) -> dict[str, Any]:
    return {m.role: m.user for m in Membership.objects.filter(agency=agency).select_related("user")}


def featured_reviews(agency: Agency, today: dt.date, calendar: WorkingCalendar) -> None:
    """Documents of the featured agency at each step, through the services, with planted findings."""
    people = _people(agency)
    clerk, reviewer, head = people[Role.CLERK], people[Role.REVIEWER], people[Role.HEAD]
    plans = [
        ("关于2026年春季学期学生资助名单的公示", "受助学生：李明，联系电话13912345678。", ()),
        ("关于校舍安全隐患排查情况的报告", "机密★1年\n排查发现的隐患如下。", ("submit",)),
        (
            "关于规范校外培训机构管理的通知",
            "家长王芳（身份证号11010519491231002X）反映的问题已转办。",
            ("submit", "pass_secrecy"),
        ),
        (
            "关于做好中小学招生入学工作的通知",
            "根据《中华人民共和国政府信息公开条例》（国务院令第492号）。。",
            ("submit", "pass_secrecy", "approve_step"),
        ),
    ]
    for title, body, steps in plans:
        values = services.DocumentFields(
            title=title,
            formed_on=today - dt.timedelta(days=40 if "招生" in title else 3),
            written_on=today - dt.timedelta(days=40 if "招生" in title else 3),
            issuers=[agency.name],
            kind="normative" if "通知" in title else "other_document",
            theme="科技、教育",
            article_item="20.11",
            body=body,
            summary=title,
        )
        document = services.draft_document(agency, clerk, values, today=today, calendar=calendar)
        for action in steps:
            actor = clerk if action == "submit" else reviewer
            document = services.take_step(
                document, action, actor, services.StepInput(opinion="同意"), today=today, calendar=calendar
            )
    _ = head


@transaction.atomic
def create_demo_register(today: dt.date, calendar: WorkingCalendar, *, seed: int = 20240502) -> int:
    """Every demo agency's register; the number of documents made."""
    rng = random.Random(seed)
    made = 0
    for agency in Agency.objects.filter(name__startswith="示范市").order_by("pk"):
        made += len(agency_register(rng, agency, today, calendar, rng.randint(150, 250)))
        if agency.code == FEATURED:
            featured_reviews(agency, today, calendar)
    return made
