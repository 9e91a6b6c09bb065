"""Builds the demo city (示范市): a government and ten departments, their people, two years of applications.

Last year's applications arrive the way most agencies' data does today, as an imported ledger (台账);
this year's are handled in the workbench through its services, step by step, so that every state of
the workflow occurs with its events, deadlines and letters: some overdue, some carried over from last
year, some reconsidered or litigated. Everything is drawn from a seeded random generator and dated
relative to `today`, so that the same day gives the same city.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import numbering, services
from gongkai.applications.ledger import LedgerEntry, ReviewEntry, save_entries
from gongkai.applications.models import Application
from gongkai.core.calendar import system_calendar
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar

GOVERNMENT = ("示范市人民政府", "sfs")
# The body one level above the city's government: the 复议机关 of the government's own decisions.
PROVINCE_GOVERNMENT = "示范省人民政府"
# Document-number prefixes (机关代字) of some departments: 示教依申〔2026〕19号.
LETTER_PREFIXES = {"jyj": "示教依申", "gaj": "示公依申"}
DEPARTMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "示范市教育局",
        "jyj",
        ("学区划分方案", "民办学校审批材料", "教师招聘考试成绩公示材料", "校舍安全检查报告"),
    ),
    ("示范市公安局", "gaj", ("交通事故认定书所依据的调查材料", "户籍迁入政策文件", "治安案件办理程序规定")),
    (
        "示范市自然资源和规划局",
        "zrzyj",
        ("土地征收补偿安置方案", "国有土地使用权出让合同", "控制性详细规划图则"),
    ),
    ("示范市生态环境局", "sthjj", ("建设项目环境影响评价批复", "企业排污许可证及执行报告", "环境监测数据")),
    (
        "示范市住房和城乡建设局",
        "zjj",
        ("房屋征收决定及补偿方案", "商品房预售许可证", "老旧小区改造项目资金安排"),
    ),
    ("示范市交通运输局", "jtysj", ("公交线路调整方案", "道路建设项目招标文件", "出租车经营权配置方案")),
    ("示范市卫生健康委员会", "wjw", ("医疗机构执业许可情况", "医疗事故处理程序文件", "疫苗采购合同")),
    ("示范市市场监督管理局", "scjgj", ("企业登记档案", "食品抽检结果", "行政处罚决定书")),
    (
        "示范市人力资源和社会保障局",
        "rsj",
        ("社保缴费基数核定文件", "事业单位招聘公告及录用名单", "工伤认定材料"),
    ),
    ("示范市财政局", "czj", ("年度财政预算执行情况", "政府采购项目合同", "专项资金分配文件")),
)
PASSWORD = "gongkai-demo"
# The agency whose people are printed; every agency has its own clerk, reviewer and head.
FEATURED = "jyj"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN_NAMES = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
)
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "commercial_enterprise": ("示范市宏达贸易有限公司", "示范市新城置业有限公司", "示范市远航物流有限公司"),
    "research_institution": ("示范大学公共管理学院", "示范市社会科学研究所"),
    "social_welfare_organization": ("示范市环保志愿者协会", "示范市助残公益服务中心"),
    "legal_service_institution": ("示范市正义律师事务所", "示范市明德律师事务所"),
    "other": ("示范市东城区居民委员会", "示范市个体劳动者协会"),
}
CATEGORY_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("natural_person", 70),
    ("commercial_enterprise", 12),
    ("research_institution", 3),
    ("social_welfare_organization", 4),
    ("legal_service_institution", 7),
    ("other", 4),
)
# Last year's outcomes, roughly as agencies report them.
OUTCOME_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("disclosed", 40),
    ("partially_disclosed", 10),
    ("withheld.third_party_rights", 3),
    ("withheld.process_information", 3),
    ("withheld.administrative_query", 2),
    ("withheld.state_secret", 1),
    ("unable_to_provide.not_held", 18),
    ("unable_to_provide.needs_creation", 5),
    ("unable_to_provide.unclear_after_amendment", 2),
    ("not_processed.petition_or_complaint", 5),
    ("not_processed.duplicate", 3),
    ("other.no_amendment", 4),
    ("other.fee_unpaid", 1),
    ("other.other", 2),
)
NOT_HELD_SEARCH = "检索了本机关近五年的发文档案、会议记录和政府信息公开目录，未找到所申请的信息。"
REASONS = "经审查，所申请信息中涉及的有关内容依法不予公开，理由已在答复书中逐项说明。"


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    agency: str


@dataclass
class People:
    clerk: User
    reviewer: User
    head: User


def _weighted(rng: random.Random, weights: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weights], [w for _, w in weights])[0]


def _user(
    username: str, name: str, agency: Agency | None = None, role: str | None = None, **extra: Any
) -> User:
    user = User.objects.create(username=username, password=_hashed_password(), first_name=name, **extra)
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@cache
def _hashed_password() -> str:
    """The demo password hashed once (hashing it for each of the 35 users would take seconds)."""
    return make_password(PASSWORD)


def _provincial_department(name: str) -> str:
    """The department one level up (示范市教育局 → 示范省教育厅): the former law's 上一级主管部门."""
    return "示范省" + name.removeprefix("示范市").removesuffix("局") + ("厅" if name.endswith("局") else "")


def create_agencies() -> tuple[Agency, list[Agency]]:
    government = Agency.objects.create(
        name=GOVERNMENT[0],
        kind=Agency.Kind.GOVERNMENT,
        code=GOVERNMENT[1],
        level=Agency.Level.CITY,
        above_name=PROVINCE_GOVERNMENT,
    )
    departments = [
        Agency.objects.create(
            name=name,
            kind=Agency.Kind.DEPARTMENT,
            code=code,
            parent=government,
            level=Agency.Level.CITY,
            government_name=government.name,
            above_name=_provincial_department(name),
            letter_prefix=LETTER_PREFIXES.get(code, ""),
        )
        for name, code, _topics in DEPARTMENTS
    ]
    return government, departments


def create_people(government: Agency, agencies: Sequence[Agency]) -> dict[int, People]:
    """A clerk, a reviewer and a head in every agency; an agency administrator; the supervising office."""
    people = {
        agency.pk: People(
            clerk=_user(f"{agency.code}_clerk", "经办人", agency, Role.CLERK),
            reviewer=_user(f"{agency.code}_reviewer", "审核人", agency, Role.REVIEWER),
            head=_user(f"{agency.code}_head", "负责人", agency, Role.HEAD),
        )
        for agency in agencies
    }
    featured = next(a for a in agencies if a.code == FEATURED)
    _user(f"{FEATURED}_admin", "机关管理员", featured, Role.AGENCY_ADMIN)
    _user("gongkaiban", "政务公开办", government, Role.SUPERVISOR)
    _user("admin", "系统管理员", is_superuser=True, is_staff=True)
    return people


def default_logins() -> list[Login]:
    """The logins printed for the demo: every role of the featured agency, the supervising office, admin."""
    featured = next(name for name, code, _topics in DEPARTMENTS if code == FEATURED)
    return [
        Login("经办人", f"{FEATURED}_clerk", featured),
        Login("审核人", f"{FEATURED}_reviewer", featured),
        Login("负责人", f"{FEATURED}_head", featured),
        Login("机关管理员", f"{FEATURED}_admin", featured),
        Login("政务公开办（只读）", "gongkaiban", GOVERNMENT[0]),
        Login("系统管理员", "admin", "全部机关"),
    ]


def _applicant(rng: random.Random, category: str) -> services.Applicant:
    if category == "natural_person":
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
    else:
        name = rng.choice(ORGANISATIONS[category])
    phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    return services.Applicant(category=category, name=name, phone=phone, address="示范市中山路100号")


def _content(rng: random.Random, topics: Sequence[str], year: int) -> str:
    return f"申请公开{year}年{rng.choice(topics)}。"


# -- last year: an imported ledger ---------------------------------------------------------------------


def _working_day_on_or_before(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def ledger_entries(
    rng: random.Random, year: int, calendar: WorkingCalendar, topics: Sequence[str], count: int
) -> list[LedgerEntry]:
    """A year of applications, closed 3 to 24 working days after receipt: those received late in the year
    are closed next year (carried over); the last one is still open today (overdue)."""
    entries = []
    for i in range(count):
        category = _weighted(rng, CATEGORY_WEIGHTS)
        still_open = i == count - 1
        if still_open:
            received = _working_day_on_or_before(calendar, dt.date(year, 12, 28))
        else:
            received = _working_day_on_or_before(
                calendar, dt.date(year, 1, 6) + dt.timedelta(days=rng.randrange(358))
            )
        closed = None if still_open else calendar.add_working_days(received, rng.randint(3, 24))
        entries.append(
            LedgerEntry(
                row=i + 2,
                number=numbering.formatted(year, i + 1),
                applicant_category=category,
                received_on=received,
                closed_on=closed,
                outcome=_weighted(rng, OUTCOME_WEIGHTS) if closed else "",
                applicant_name=_applicant(rng, category).name,
                content=_content(rng, topics, year - 1),
                replied_on=closed,
            )
        )
    return entries


def review_entries(rng: random.Random, entries: Sequence[LedgerEntry], today: dt.date) -> list[ReviewEntry]:
    """Reconsiderations and lawsuits against some of last year's refusals: some concluded, some pending."""
    refused = [
        e for e in entries if e.closed_on and e.outcome.split(".")[0] in ("withheld", "unable_to_provide")
    ]
    cases = []
    for i, entry in enumerate(refused[:3]):
        assert entry.closed_on is not None
        kind = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")[i % 3]
        received = entry.closed_on + dt.timedelta(days=rng.randint(10, 50))
        concluded = received + dt.timedelta(days=rng.randint(40, 120))
        done = concluded <= today and i != 1
        cases.append(
            ReviewEntry(
                row=i + 2,
                number=f"{'复' if kind == 'reconsideration' else '诉'}{entry.number}",
                kind=kind,
                received_on=min(received, today),
                concluded_on=concluded if done else None,
                result=rng.choice(("upheld", "upheld", "corrected", "other")) if done else "",
                application_number=entry.number,
            )
        )
    return cases


# -- this year: handled in the workbench -----------------------------------------------------------------

Step = tuple[
    int, str, Callable[..., Any], dict[str, Any]
]  # (working days after the previous step, who, what, how)


def _decide(outcome: str) -> list[Step]:
    reasons = "" if outcome == "disclosed" else REASONS
    details: dict[str, Any] = {"outcome": outcome, "reasons": reasons, "delivery": "邮寄"}
    if outcome == "unable_to_provide.not_held":
        details.update(not_held_kind="absent", search_made=NOT_HELD_SEARCH)
    return [(6, "clerk", services.draft_decision, details)]


_REVIEW: list[Step] = [(1, "reviewer", services.review_decision, {})]
_APPROVE: list[Step] = [(1, "head", services.approve_decision, {})]
_DELIVER: list[Step] = [(1, "clerk", services.deliver_decision, {"method": "邮寄送达"})]
_FILE: list[Step] = [(2, "clerk", services.file_application, {})]
_AMEND: list[Step] = [
    (2, "clerk", services.request_amendment, {"points": "请写明所需信息的名称、文号或者其他特征性描述。"})
]
_CONSULT: list[Step] = [
    (3, "clerk", services.start_consultation, {"party": "示范市某某有限公司", "matters": "是否同意公开"})
]
_FEE: list[Step] = [(3, "clerk", services.send_fee_notice, {"by_pages": 150})]


def _through(outcome: str) -> list[Step]:
    return [*_decide(outcome), *_REVIEW, *_APPROVE, *_DELIVER]


# Each scenario: the steps after registration; open scenarios end in the state they are named after.
SCENARIOS: dict[str, list[Step]] = {
    "filed_disclosed": [*_through("disclosed"), *_FILE],
    "filed_not_held": [*_through("unable_to_provide.not_held"), *_FILE],
    "filed_partial_consulted": [
        *_CONSULT,
        (
            6,
            "clerk",
            services.record_consultation_answer,
            {"objects": True, "summary": "涉及商业秘密，不同意公开"},
        ),
        *_through("partially_disclosed"),
        *_FILE,
    ],
    "filed_extended": [
        (15, "head", services.approve_extension, {"reason": "需要调取档案，无法按期答复"}),
        *_through("withheld.process_information"),
        *_FILE,
    ],
    "filed_no_amendment": [*_AMEND, (17, "clerk", services.abandon_no_amendment, {}), *_FILE],
    "filed_fee_unpaid": [*_FEE, (23, "clerk", services.abandon_fee_unpaid, {}), *_FILE],
    "filed_paid": [*_FEE, (5, "clerk", services.record_payment, {}), *_through("disclosed"), *_FILE],
    "filed_petition": [*_through("not_processed.petition_or_complaint"), *_FILE],
    "delivered": _through("disclosed"),
    "abandoned": [*_AMEND, (17, "clerk", services.abandon_no_amendment, {})],
    "withdrawn": [(4, "clerk", services.withdraw, {"statement": "申请人提交书面撤回申请书"})],
    "registered": [],
    "amendment_requested": _AMEND,
    "amended": [*_AMEND, (4, "clerk", services.record_amendment, {})],
    "consulting": _CONSULT,
    "consulted": [
        *_CONSULT,
        (2, "clerk", services.record_consultation_delivery, {}),
        (16, "clerk", services.close_consultation_window, {}),
    ],
    "fee_notified": _FEE,
    "paid": [*_FEE, (4, "clerk", services.record_payment, {})],
    "drafted": _decide("disclosed"),
    "reviewed": [*_decide("unable_to_provide.needs_creation"), *_REVIEW],
    "returned": [
        *_decide("disclosed"),
        (1, "reviewer", services.return_draft, {"comment": "请补充信息获取方式"}),
    ],
    "approved": [*_decide("disclosed"), *_REVIEW, *_APPROVE],
}
CLOSED_SCENARIOS = [
    k for k in SCENARIOS if k.startswith("filed") or k in ("delivered", "abandoned", "withdrawn")
]
OPEN_SCENARIOS = [k for k in SCENARIOS if k not in CLOSED_SCENARIOS]
# Open applications left waiting this many working days since their last step: some overdue, some not.
WAITING = (1, 3, 8, 25)


def _schedule(calendar: WorkingCalendar, received: dt.date, steps: Sequence[Step]) -> list[dt.date]:
    days, day = [], received
    for offset, _who, _what, _how in steps:
        day = calendar.add_working_days(day, offset)
        days.append(day)
    return days


def _received_for(
    rng: random.Random, calendar: WorkingCalendar, today: dt.date, steps: Sequence[Step], waiting: int | None
) -> dt.date:
    """A receipt day such that the steps end by today: for an open application `waiting` working days
    before today, for a closed one (waiting None) on a random day of the year."""
    total = sum(offset for offset, *_ in steps) + (waiting or 0)
    latest = today
    while total > 0:  # `total` working days back from today
        latest -= dt.timedelta(days=1)
        total -= calendar.is_working_day(latest)
    received = latest
    if waiting is None:
        first = dt.date(today.year, 1, 5)
        received = first + dt.timedelta(days=rng.randrange(max(1, (latest - first).days)))
    while not calendar.is_working_day(received):
        received -= dt.timedelta(days=1)
    return received


def handle_application(
    rng: random.Random,
    calendar: WorkingCalendar,
    today: dt.date,
    agency: Agency,
    people: People,
    topics: Sequence[str],
    scenario: str,
) -> Application:
    """Registers an application and takes it through the scenario's steps.

    Late in a year, the deadlines of an open application may run into next year, whose holidays are not
    published yet; such an application is received earlier instead (more waiting).
    """
    steps = SCENARIOS[scenario]
    closed = scenario in CLOSED_SCENARIOS
    waiting = None if closed else rng.choice(WAITING)
    category = _weighted(rng, CATEGORY_WEIGHTS)
    channel = rng.choice(("in_person", "online", "online", "post"))
    applicant = _applicant(rng, category)
    content = _content(rng, topics, today.year - 1)
    for extra in (0, 20, 40, 60):
        received = _received_for(rng, calendar, today, steps, None if closed else (waiting or 0) + extra)
        try:
            with transaction.atomic():
                return _register_and_handle(
                    calendar, agency, people, received, channel, applicant, content, steps
                )
        except CalendarMissingError:
            continue
    raise RuntimeError(f"演示数据：无法安排{scenario}的办理日期")


def _register_and_handle(
    calendar: WorkingCalendar,
    agency: Agency,
    people: People,
    received: dt.date,
    channel: str,
    applicant: services.Applicant,
    content: str,
    steps: Sequence[Step],
) -> Application:
    arrival = {"in_person": "handed_in", "online": "confirmed", "post": "signed_for"}[channel]
    application = services.register_application(
        agency,
        people.clerk,
        channel=channel,
        arrival={arrival: received},
        applicant=applicant,
        request=services.Request(content=content, form_wanted="纸质", delivery_wanted="邮寄"),
        on=received,
    )
    for day, (_offset, who, what, how) in zip(_schedule(calendar, received, steps), steps, strict=True):
        what(application, getattr(people, who), day, **how)
    return application


@transaction.atomic
def build(today: dt.date, *, seed: int = 20240501, per_agency: int = 14) -> list[Login]:
    """Creates the demo city; returns the logins to print. The database must not hold it yet."""
    rng = random.Random(seed)
    calendar = system_calendar()
    government, departments = create_agencies()
    agencies = [government, *departments]
    people = create_people(government, agencies)
    topics_of = {code: topics for _name, code, topics in DEPARTMENTS} | {
        GOVERNMENT[1]: ("政府工作报告相关数据",)
    }
    last_year = today.year - 1
    for agency in agencies:
        topics = topics_of[agency.code]
        entries = ledger_entries(rng, last_year, calendar, topics, rng.randint(15, 30))
        save_entries(
            agency.name, entries, review_entries(rng, entries, today), source=f"{last_year}年台账.xlsx"
        )
        count = per_agency * (3 if agency.code == FEATURED else 1)
        scenarios = [*SCENARIOS] if agency.code == FEATURED else []
        scenarios += [
            rng.choice(CLOSED_SCENARIOS if rng.random() < 0.75 else OPEN_SCENARIOS)
            for _ in range(count - len(scenarios))
        ]
        handled = [
            handle_application(rng, calendar, today, agency, people[agency.pk], topics, s) for s in scenarios
        ]
        _review_this_year(rng, today, handled, people[agency.pk])
    return default_logins()


def _review_this_year(
    rng: random.Random, today: dt.date, handled: Sequence[Application], people: People
) -> None:
    """A pending reconsideration or lawsuit against one of this year's refusals."""
    refused = [a for a in handled if a.outcome.startswith(("withheld", "partially", "unable"))]
    if not refused:
        return
    application = rng.choice(refused)
    assert application.closed_on is not None
    services.record_review_case(
        application,
        people.head,
        number=f"复{application.number}",
        kind=rng.choice(("reconsideration", "litigation_direct")),
        received_on=min(today, application.closed_on + dt.timedelta(days=rng.randint(5, 30))),
    )


def describe(logins: Sequence[Login]) -> str:
    """The logins as the command prints them."""
    lines = [
        f"  {login.role:<14} 用户名 {login.username:<16} 密码 {PASSWORD}    （{login.agency}）"
        for login in logins
    ]
    lines.append(
        f"  其他机关的经办人、审核人、负责人：<机关代码>_clerk / _reviewer / _head，密码均为 {PASSWORD}"
    )
    lines.append(
        "  机关代码："
        + "、".join(f"{name} {code}" for name, code in (GOVERNMENT, *((n, c) for n, c, _ in DEPARTMENTS)))
    )
    return "\n".join(lines)
