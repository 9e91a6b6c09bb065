"""Generated letters read as an office writes them (issue 13, point 17): no doubled or clashing
punctuation (`。”。`, `。，`), dates as `2026年12月6日`; downloads named in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Letter
from gongkai.applications.workflow import decidable_outcomes

D = dt.date
TODAY = D(2025, 6, 30)
BAD_PUNCTUATION = re.compile(r"[。，；：、][”」』]?[。，；：、]|，”|；”|[。，]\)|（）")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _problems(letter: Letter) -> list[str]:
    body = letter.body
    found = [f"{letter.get_kind_display()}：“{m.group()}”" for m in BAD_PUNCTUATION.finditer(body)]
    found += [
        f"{letter.get_kind_display()}：日期“{m.group()}”" for m in re.finditer(r"\d{4}-\d{2}-\d{2}", body)
    ]
    return found


def _every_letter(world: Any, register: Any) -> list[Letter]:
    """One application through amendment, consultation, extension and fee; one decision per outcome."""
    first = services.register_application(
        world.agency_a,
        world.clerk,
        channel="in_person",
        arrival={"handed_in": D(2025, 3, 3)},
        applicant=services.Applicant(category="natural_person", name="张三", phone="13812345678"),
        request=services.Request("2024年度学区划分方案。", "纸质", "邮寄"),
    )
    services.request_amendment(first, world.clerk, D(2025, 3, 4), points="请写明文件名称。")
    services.record_amendment(first, world.clerk, D(2025, 3, 10))
    services.start_consultation(
        first, world.clerk, D(2025, 3, 11), party="某某公司", matters="是否同意公开。"
    )
    services.record_consultation_answer(
        first, world.clerk, D(2025, 3, 20), objects=True, objection_reasons="涉及商业秘密。"
    )
    services.approve_extension(first, world.head, D(2025, 3, 21), reason="需要调取档案。")
    services.send_fee_notice(first, world.clerk, D(2025, 3, 24), by_count=11)
    services.record_payment(first, world.clerk, D(2025, 3, 25))
    services.draft_decision(
        first, world.clerk, D(2025, 3, 26), outcome="disclosed", public_interest="涉及公共安全。"
    )
    for index, outcome in enumerate(decidable_outcomes()):
        application = register(D(2025, 4, 1) + dt.timedelta(days=index % 20))
        if outcome == "not_processed.excessive":  # 第三十五条: the reasons asked first
            services.request_reasons(
                application, world.clerk, D(2025, 6, 2), matters="本月80件。", answer_by=D(2025, 6, 9)
            )
            services.record_reasons(application, world.clerk, D(2025, 6, 2), answered=False)
        # A third party's rights need a consultation, or the reason why none was possible (第三十二条).
        services.draft_decision(
            application,
            world.clerk,
            D(2025, 6, 2),
            outcome=outcome,
            reasons="经查。",
            delivery="邮寄。",
            no_consultation_reason="第三方已注销，无法联系。",
            not_held_kind="absent",
            search_made="检索了本机关的发文档案。",
        )
    return list(Letter.objects.all())


def test_no_letter_has_clashing_punctuation_or_a_date_in_figures(world: Any, register: Any) -> None:
    letters = _every_letter(world, register)
    assert len({letter.kind for letter in letters}) == 9
    problems = [p for letter in letters for p in _problems(letter)]
    assert problems == []


def test_a_letter_downloads_under_its_chinese_name(world: Any, register: Any, client_for: Any) -> None:
    application = register(D(2025, 3, 3))
    letter = application.letters.get()
    url = reverse("applications:letter_file", args=[application.pk, letter.pk, "docx"])
    response = client_for(world.clerk).get(url)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "2025-0001%20%E6%94%BF%E5%BA%9C" in disposition  # "2025-0001 政府…"
    from urllib.parse import unquote

    assert unquote(disposition.split("''", 1)[1]) == "2025-0001 政府信息公开申请登记回执（草稿）.docx"


@pytest.mark.parametrize(
    ("typed", "tidied"),
    [
        ("申请内容为：“学校名单。”。", "申请内容为：“学校名单。”"),
        ("因需要调取档案。，本机关", "因需要调取档案，本机关"),
        ("经查。。", "经查。"),
        ("不予处理，。", "不予处理。"),
        ("申请内容为：“学校名单”。", "申请内容为：“学校名单”。"),
        ("第一、第二、第三。", "第一、第二、第三。"),
    ],
)
def test_tidy(typed: str, tidied: str) -> None:
    from gongkai.applications.punctuation import tidy

    assert tidy(typed) == tidied
