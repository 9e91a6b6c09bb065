"""Letters: each outcome's legal basis and remedies in the decision letter; .docx and PDF output."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from gongkai.applications import letter_files, services
from gongkai.law import outcomes, remedies

D = dt.date
DECIDABLE = services.decidable_outcomes()


def decide(world: Any, register: Any, outcome: str, on: dt.date) -> Any:
    application = register(on)
    # a 第三方 refusal needs the third party consulted, or the reason why not (issue 13)
    unconsulted = (
        {"no_consultation_reason": "第三方无法联系"} if outcome == "withheld.third_party_rights" else {}
    )
    if outcome == "not_processed.excessive":  # 第三十五条: the reasons asked first (issue 13 point 4)
        services.request_reasons(
            application, world.clerk, on, matters="本月80件", answer_by=on + dt.timedelta(7)
        )
        services.record_reasons(application, world.clerk, on, answered=False)
    if outcome == "unable_to_provide.not_held":  # 不存在 or 非本机关, separately (issue 13 point 7)
        unconsulted = {"not_held_kind": "absent", "search_made": "检索了本机关的发文档案"}
    services.draft_decision(
        application, world.clerk, on, outcome=outcome, reasons="理由见正文", delivery="邮寄", **unconsulted
    )
    services.review_decision(application, world.reviewer, on)
    services.approve_decision(application, world.head, on)
    return application.letters.get(kind="decision")


def test_decidable_outcomes_are_the_2021_rows_less_the_applicants_own() -> None:
    assert len(DECIDABLE) == 19
    assert "other.no_amendment" not in DECIDABLE and "other.fee_unpaid" not in DECIDABLE
    assert DECIDABLE[:3] == ["disclosed", "partially_disclosed", "withheld.state_secret"]


@pytest.mark.parametrize("outcome", DECIDABLE)
def test_decision_letter_states_legal_basis_and_remedies(world: Any, register: Any, outcome: str) -> None:
    letter = decide(world, register, outcome, D(2025, 3, 3))
    chosen = outcomes.outcome(outcome)
    assert letter.number_label == "〔2025〕1号"
    assert letter.issued_on == D(2025, 3, 3)
    if outcome == "unable_to_provide.not_held":
        assert "第三十六条第（四）项" in letter.body and "检索了本机关的发文档案" in letter.body
    else:
        assert chosen.basis_zh in letter.body
    remedy = remedies.remedy_text_zh(outcome, D(2025, 3, 3), reconsideration_body="淮安市洪泽区人民政府")
    assert remedy in letter.body
    assert "本机关于2025年3月3日收到您提出的政府信息公开申请" in letter.body
    assert "提供方式：邮寄" in letter.body
    if outcome != "disclosed":
        assert "理由：理由见正文" in letter.body
    # The default reading of 复议前置 (docs/decisions/reconsideration-first.md): 不予公开, 无法提供, 不予处理.
    if chosen.group in ("withheld", "unable_to_provide", "not_processed"):
        assert "应当先申请行政复议" in letter.body
        assert "六十日内向淮安市洪泽区人民政府申请行政复议" in letter.body
        assert "也可以" not in letter.body
    elif chosen.group == "partially_disclosed":
        assert "如对本答复中不予公开的内容不服" in letter.body and "应当先申请行政复议" in letter.body
    else:
        assert "应当先申请行政复议" not in letter.body
        assert "六十日内向淮安市洪泽区人民政府申请行政复议" in letter.body
        assert "六个月内依法向人民法院提起行政诉讼" in letter.body


def test_withheld_before_2024_leaves_the_choice_to_the_applicant(world: Any, register: Any) -> None:
    letter = decide(world, register, "withheld.state_secret", D(2023, 12, 29))
    assert "应当先申请行政复议" not in letter.body
    assert "也可以自知道或者应当知道本答复之日起六个月内" in letter.body
    assert "向淮安市洪泽区人民政府或者淮安市教育局申请行政复议" in letter.body
    assert letter.number_label == "〔2023〕1号"


def test_reconsideration_body_is_the_government_at_the_same_level(world: Any) -> None:
    assert world.agency_a.reconsideration_body(D(2025, 3, 3)).name_zh == "淮安市洪泽区人民政府"
    assert world.government.reconsideration_body(D(2025, 3, 3)).name_zh == "淮安市人民政府"


def test_each_letter_kind_names_its_article(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.request_amendment(application, world.clerk, D(2025, 3, 4), points="请写明会议纪要的日期")
    services.record_amendment(application, world.clerk, D(2025, 3, 5))
    services.start_consultation(application, world.clerk, D(2025, 3, 6), party="某某建设有限公司")
    services.record_consultation_answer(application, world.clerk, D(2025, 3, 7), objects=False)
    services.approve_extension(application, world.head, D(2025, 3, 10), reason="涉及多个部门")
    services.send_fee_notice(application, world.clerk, D(2025, 3, 11), by_pages=120)
    bodies = dict(application.letters.values_list("kind", "body"))
    assert "第三十一条第（一）项" in bodies["receipt"] and "2025年3月31日前" in bodies["receipt"]
    assert "第三十条" in bodies["amendment_notice"] and "请写明会议纪要的日期" in bodies["amendment_notice"]
    # 15 working days from 4 March
    assert "即2025年3月25日前" in bodies["amendment_notice"]
    assert (
        "第三十二条" in bodies["consultation_letter"]
        and "自收到本函之日起15个工作日内" in bodies["consultation_letter"]
    )
    assert "第三十三条第二款" in bodies["consultation_notice"]
    assert "第三十三条第一款" in bodies["extension_notice"] and "延长20个工作日" in bodies["extension_notice"]
    # pages 31-100 at 10 yuan, 101-120 at 20 yuan
    assert "人民币1100元" in bodies["fee_notice"] and "国办函〔2020〕109号" in bodies["fee_notice"]
    consultation = application.letters.get(kind="consultation_letter")
    assert consultation.recipient == "某某建设有限公司"


def test_docx_holds_the_letter(world: Any, register: Any) -> None:
    from docx import Document

    letter = decide(world, register, "withheld.process_information", D(2025, 3, 3))
    document = Document(io.BytesIO(letter_files.render_docx(letter)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "政府信息公开申请答复书" in text
    assert "〔2025〕1号" in text
    assert "张三：" in text
    assert outcomes.outcome("withheld.process_information").basis_zh in text
    assert "2025年3月3日" in text


def test_pdf_holds_the_letter(world: Any, register: Any) -> None:
    if not letter_files.cjk_font_available():
        pytest.skip("no CJK font (fonts-noto-cjk) on this machine")
    import pypdfium2

    letter = decide(world, register, "disclosed", D(2025, 3, 3))
    pdf = pypdfium2.PdfDocument(letter_files.render_pdf(letter))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "政府信息公开申请答复书" in text.replace("\r", "").replace("\n", "")
    assert "〔2025〕1号" in text


def test_pdf_without_cjk_font_says_so_in_chinese(world: Any, register: Any, monkeypatch: Any) -> None:
    letter = decide(world, register, "disclosed", D(2025, 3, 3))
    monkeypatch.setattr(letter_files, "cjk_font_available", lambda: False)
    with pytest.raises(services.LetterError, match="系统缺少中文字体。请安装 fonts-noto-cjk"):
        letter_files.render_pdf(letter)
