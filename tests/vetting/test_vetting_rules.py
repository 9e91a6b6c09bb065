"""Each check, with real-looking texts: where it must fire (exact rule, severity, text, suggestion, place)
and the look-alikes where it must not."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

from gongkai.vetting import RULES, Finding, review_lines, review_text

TODAY = date(2026, 6, 15)


def findings(text: str, **options: object) -> list[Finding]:
    return review_text(text, today=TODAY, **options)  # type: ignore[arg-type]


def of(rule: str, text: str, **options: object) -> list[tuple[str, str, str | None]]:
    """(severity, text, suggestion) of the findings of one rule."""
    return [(f.severity, f.text, f.suggestion) for f in findings(text, **options) if f.rule == rule]


def test_every_rule_of_the_issue_is_in_the_catalogue() -> None:
    assert set(RULES) == {
        "pii.id_number", "pii.mobile", "pii.bank_card", "secret.marking", "wording.outdated_name",
        "wording.old_regulation", "wording.doc_number_brackets", "wording.punctuation", "date.invalid",
        "date.future", "wording.banned_expression", "wording.fixed_form",
    }  # fmt: skip


# --- pii.id_number ----------------------------------------------------------------------------------


def test_id_number_in_a_penalty_decision() -> None:
    text = "当事人：张伟，男，汉族，公民身份号码：110101199003071233，住址：示例市城关镇和平路8号。"
    [finding] = [f for f in findings(text) if f.rule == "pii.id_number"]
    assert (finding.severity, finding.text, finding.suggestion) == (
        "error",
        "110101199003071233",
        "110101********1233",
    )
    assert (finding.where.line, finding.where.offset) == (1, 19)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "shown", "suggestion"),
    [
        ("11010519491231002X", "11010519491231002X", "110105********002X"),
        ("11010519491231002x", "11010519491231002x", "110105********002X"),
        ("110101 19900307 1233", "110101 19900307 1233", "110101********1233"),
        (
            "１１０１０１１９９００３０７１２３３",
            "１１０１０１１９９００３０７１２３３",
            "110101********1233",
        ),
    ],
)
def test_id_number_as_people_type_it(written: str, shown: str, suggestion: str) -> None:
    assert of("pii.id_number", f"申请人李娜（身份证号：{written}）已于3月1日到窗口办理。") == [
        ("error", shown, suggestion)
    ]


def test_fifteen_digit_id_with_its_label() -> None:
    assert of("pii.id_number", "户主王建国，身份证号码：330106650312123，家庭人口3人。") == [
        ("error", "330106650312123", "330106******123")
    ]


def test_id_number_broken_by_the_page_width_is_still_found() -> None:
    wrapped = [
        "经审核，下列对象符合城乡居民最低生活保障条件，现予公示。户主张伟，身份证号码1101011",
        "99003071233，家庭人口三人，保障金额每月八百元，公示期间如有异议请及时向民政局反映意",
        "见，联系电话0571-87654321。",
    ]
    [finding] = [f for f in review_lines(wrapped, today=TODAY) if f.rule == "pii.id_number"]
    assert finding.text == "110101199003071233" and finding.where.line == 1  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号码：110101********1233",  # masked
        "身份证号码：110101199003071236",  # not a person's number: check digit wrong and not labelled? labelled, see below
        "统一社会信用代码：113708280043326001",  # digits-only code of a public institution
        "统一社会信用代码：91330106MA27XK1U3L",
        "订单号：2026011511010119900307123399",  # an ID inside a longer run of digits
        "订单号：110101199003071233",  # the same digits labelled as an order number
        "注册号：330106600123456",  # an old 15-digit business registration number
        "发票代码：144031900111，发票号码：01234567",
        "ISBN 978-7-5080-1234-5",
        "项目代码：2026-330106-78-01-123456",
        "全电发票号码：26442000000123456789",
    ],
)
def test_id_number_look_alikes(text: str) -> None:
    found = of("pii.id_number", text)
    if "110101199003071236" in text:
        # a wrong check digit next to 身份证号码 is still someone's number (mistyped), and reported
        assert found == [("error", "110101199003071236", "110101********1236")]
    else:
        assert found == []


def test_an_unlabelled_eighteen_digit_number_with_a_wrong_check_digit_is_not_an_id() -> None:
    assert of("pii.id_number", "编码110101199003071236用于统计。") == []
    assert of("pii.id_number", "序列110101199003071236用于统计。") == []


valid_ids = st.builds(
    lambda region, born, serial: (lambda body: body + ric.calc_check_digit(body + "0"))(
        f"{region}{born:%Y%m%d}{serial:03d}"
    ),
    st.sampled_from(["110101", "330106", "440106", "640502", "320813", "510107"]),
    st.dates(date(1930, 1, 1), date(2020, 12, 31)),
    st.integers(0, 999),
)


@settings(max_examples=100, deadline=None)
@given(number=valid_ids, keep=st.integers(0, 6))
def test_any_masked_id_number_never_fires(number: str, keep: int) -> None:
    masked = (
        number[:6] + "*" * 8 + number[-4:]
        if keep % 2 == 0
        else number[: 6 + keep] + "*" * (8 - keep) + number[-4:]
    )
    text = f"当事人：张某，身份证号码：{masked}，联系电话：138****5678，住址：示例市。"
    assert [f for f in findings(text) if f.rule.startswith("pii.")] == []


@settings(max_examples=100, deadline=None)
@given(number=valid_ids)
def test_any_valid_id_number_unmasked_fires(number: str) -> None:
    assert [f.rule for f in findings(f"张某，{number}，示例村一组。") if f.rule.startswith("pii.")] == [
        "pii.id_number"
    ]


# --- pii.mobile -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当事人：刘洋，联系电话：13812345678。", [("error", "13812345678", "138****5678")]),
        ("当事人：刘洋\n性别：男\n联系电话：138 1234 5678", [("error", "138 1234 5678", "138****5678")]),
        ("法定代表人：陈静，手机：+86 139-1234-5678。", [("error", "139-1234-5678", "139****5678")]),
        ("序号\t姓名\t联系电话\n1\t王芳\t18612345678", [("error", "18612345678", "186****5678")]),
        ("张某13712345678", [("error", "13712345678", "137****5678")]),
        # a named contact of the office: worth a look, not an error
        ("联系人：王明，联系电话：13712345678。", [("warning", "13712345678", "137****5678")]),
        ("联系电话：13712345678。", [("warning", "13712345678", "137****5678")]),
    ],
)
def test_mobile_numbers(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert of("pii.mobile", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：138****5678",
        "咨询电话：0571-87654321，（0571）87654322，传真：0571 87654323。",
        "监督电话：12345；市场监管投诉举报电话：12315；客服热线：400-123-4567。",
        "咨询电话：13812345678（工作日9:00—17:00）。",  # the office's published line
        "举报电话：13912345678",
        "\t".join(("单位", "联系人", "办公电话")) + "\n城关镇\t民政办\t13812345678",
        "本年度共筹集资金13800000000元，增长12.5%。",
        "订单号：13812345678901",
        "合计\t13800000000.00",
        "武汉市热线：02787654321",  # a landline of 11 digits
    ],
)
def test_mobile_look_alikes(text: str) -> None:
    assert of("pii.mobile", text) == []


# --- pii.bank_card ----------------------------------------------------------------------------------


def test_bank_card_of_a_person() -> None:
    assert of("pii.bank_card", "补贴对象：赵敏，开户银行：农村商业银行，银行卡号：6222021234567890128。") == [
        ("error", "6222021234567890128", "622202*********0128")
    ]
    assert of("pii.bank_card", "序号\t姓名\t银行账号\n1\t赵敏\t6222 0212 3456 7890 128") == [
        ("error", "6222 0212 3456 7890 128", "622202*********0128")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "银行卡号：622202*********0128",
        "收款单位：示例市财政局非税收入专户，账号：6222021234567890128。",
        "户名：示例市公共资源交易中心，账号：6222021234567890128。",
        "订单号：6222021234567890128",
        "财政资金（元）\t6222021234567890128",
        "开户银行：中国建设银行示例市分行，账号：33001616735059000123。",  # an agency's account, 20 digits
    ],
)
def test_bank_card_look_alikes(text: str) -> None:
    assert of("pii.bank_card", text) == []


def test_a_person_named_as_account_holder_is_personal() -> None:
    assert of("pii.bank_card", "户名：李四，卡号：6222021234567890128。") == [
        ("error", "6222021234567890128", "622202*********0128")
    ]


# --- secret.marking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marking"),
    [
        ("机密★1年\n关于做好防汛工作的通知", "机密★1年"),
        ("秘密★6个月\n会议纪要", "秘密★6个月"),
        ("绝密★启用前\n2026年招聘考试试题", "绝密★启用前"),
        ("密级：秘密\n关于调整工作的报告", "密级：秘密"),
        ("本文件密级为秘密，请妥善保管。", "密级为秘密"),
        ("秘密\n关于调整工作的报告", "秘密"),
        ("内部资料  注意保密\n工作简报", "内部资料"),
        ("本材料为内部资料，不得外传，请各单位妥善保管。各单位要认真组织学习，抓好贯彻落实。", "内部资料"),
    ],
)
def test_markings_are_errors(text: str, marking: str) -> None:
    found = of("secret.marking", text)
    assert found[0] == ("error", marking, None)
    assert all(severity == "error" for severity, _, _ in found)


def test_internal_note_in_prose_is_a_warning() -> None:
    text = "各单位工作人员对工作中知悉的申请人信息要注意保密，严格落实保密审查制度，确保信息安全。"
    assert of("secret.marking", text) == [("warning", "注意保密", None)]


@pytest.mark.parametrize(
    "text",
    [
        "涉及国家秘密、商业秘密、个人隐私的政府信息，依法不予公开。",
        "坚持“涉密不上网、上网不涉密”，做好保密审查。",
        "5.属于三类内部事务信息\t0\t0\t0",
        "内部资料性出版物的管理，按照《内部资料性出版物管理办法》执行。",
        "加强内部文件管理，规范公文流转。",
        "服务评价：★★★★★",
    ],
)
def test_marking_look_alikes(text: str) -> None:
    assert of("secret.marking", text) == []


# --- wording.outdated_name --------------------------------------------------------------------------


def test_outdated_name_used_as_current() -> None:
    [(severity, written, suggestion)] = of(
        "wording.outdated_name", "根据国家工商行政管理总局的要求，现将有关事项通知如下。"
    )
    assert (severity, written, suggestion) == ("error", "国家工商行政管理总局", "国家市场监督管理总局")
    assert of("wording.outdated_name", "请于每月5日前报环境保护部备案。") == [
        ("error", "环境保护部", "生态环境部")
    ]
    assert of("wording.outdated_name", "经示例市环境保护局审核同意。")[0][:2] == ("warning", "环境保护局")


@pytest.mark.parametrize(
    "text",
    [
        "原国土资源部的职责划入自然资源部。",
        "2016年，国土资源部印发了有关规定。",
        "依据《国家工商行政管理总局关于做好企业名称登记工作的通知》执行。",
        "根据国家工商行政管理总局令第58号执行。",
        "2018年机构改革中，组建国家卫生健康委员会，不再保留国家卫生和计划生育委员会。",
        "各级农业部门、卫生部门、文化部门要加强协作。",
        "要做好农业部署和文化部分的安排。",
        "XX市自然资源和规划局（原XX市国土资源局）",
        "国土资源部（现自然资源部）印发的规程继续执行。",
        "示例市生态环境局、企业文化部",
        "国家市场监督管理总局、生态环境部、国家卫生健康委员会联合印发通知。",
    ],
)
def test_outdated_name_look_alikes(text: str) -> None:
    assert of("wording.outdated_name", text) == []


def test_a_text_written_before_the_reform_may_use_the_old_names() -> None:
    text = "根据国土资源部的统一部署，现将有关事项通知如下。\n示例市国土资源局\n2017年3月5日"
    assert of("wording.outdated_name", text) == []
    assert of("wording.outdated_name", text, written_on=date(2025, 1, 1))[0][1] == "国土资源部"


# --- wording.old_regulation -------------------------------------------------------------------------


def test_old_regulation_cited() -> None:
    text = "根据《中华人民共和国政府信息公开条例》（国务院令第492号）第二十六条规定，现予公开。\n示例市教育局\n2026年3月5日"
    assert of("wording.old_regulation", text) == [("error", "国务院令第492号", "国务院令第711号")]


@pytest.mark.parametrize(
    "text",
    [
        "（2007年4月5日中华人民共和国国务院令第492号公布　2019年4月3日中华人民共和国国务院令第711号修订）",
        "原条例（国务院令第492号）同时废止。",
        "根据《中华人民共和国政府信息公开条例》（国务院令第711号），现予公开。",
        "根据国务院令第492号，现予公开。\n示例市教育局\n2018年6月1日",  # written before 2019-05-15
    ],
)
def test_old_regulation_look_alikes(text: str) -> None:
    assert of("wording.old_regulation", text) == []


# --- wording.doc_number_brackets --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [
        ("示教发[2026]3号", "示教发〔2026〕3号"),
        ("示教发【2026】3号", "示教发〔2026〕3号"),
        ("示教发（2026）3号", "示教发〔2026〕3号"),
        ("示教发(2026)03号", "示教发〔2026〕3号"),
        ("示教发﹝2026﹞3号", "示教发〔2026〕3号"),
        ("示教发〔2026]3号", "示教发〔2026〕3号"),
        ("示教发〔2026年〕3号", "示教发〔2026〕3号"),
    ],
)
def test_doc_number_with_wrong_brackets(written: str, suggestion: str) -> None:
    assert of("wording.doc_number_brackets", f"根据{written}文件精神，现印发给你们。") == [
        ("warning", written, suggestion)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "根据示教发〔2026〕3号文件精神。",
        "（国办公开办函〔2021〕30号）",
        "详见（2026）浙0102行初3号行政判决书。",
        "苏（2026）南京市不动产权第0001234号",
        "财政部令第87号、国务院令第711号",
        "规划期为（2021—2025年）。",
    ],
)
def test_doc_number_look_alikes(text: str) -> None:
    assert of("wording.doc_number_brackets", text) == []


# --- wording.punctuation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "suggestion"),
    [
        ("现将有关事项通知如下。。", "。。", "。"),
        ("现将有关事项通知如下，。", "，。", "，"),
        ("各单位要认真执行。，确保落实。", "。，", "。"),
        ("他说：“请按时报送。”。", "。”。", "。”"),
        ("各乡镇,各街道", ",", "，"),
        ("根据《通知》(示政办发〔2020〕91号)要求", "(示政办发〔2020〕91号)", "（示政办发〔2020〕91号）"),
        ("会议要求。。。", "。。。", "……"),
        ("特此公告！。", "！。", "！"),
        ("等等...", "...", "……"),
    ],
)
def test_punctuation(text: str, written: str, suggestion: str) -> None:
    assert of("wording.punctuation", text) == [("warning", written, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "时间为9:00—17:00，网址www.gov.cn。",
        "增长1.5%，共3,456件……",
        "这是为什么？！",
        "1.属于国家秘密",
        "下载附件(PDF)。",
    ],
)
def test_punctuation_look_alikes(text: str) -> None:
    assert of("wording.punctuation", text) == []


# --- date.invalid / date.future ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "2026年2月30日",
        "2025年2月29日",
        "2026年4月31日",
        "2026年13月",
        "2026-02-30",
        "2026.6.31",
        "二〇二六年二月三十日",
        "2026年12月32日",
    ],
)
def test_dates_that_do_not_exist(written: str) -> None:
    assert of("date.invalid", f"申报时间截至{written}。") == [("error", written, None)]


def test_the_year_carries_within_a_sentence() -> None:
    assert of("date.invalid", "公示期为2025年2月1日至2月29日。") == [("error", "2月29日", None)]
    assert of("date.invalid", "公示期为2024年2月1日至2月29日。") == []


@pytest.mark.parametrize(
    "text",
    [
        "统计期限自2026年1月1日起，至12月31日止。",
        "2026年1月1日至12月31日",
        "2024年2月29日",
        "农历二月三十日",
        "农历2月30日",
        "婴儿满13个月",
        "索引号：113708280043326001/2024-02411",
        "版本V2026.13.1",
    ],
)
def test_date_look_alikes(text: str) -> None:
    assert of("date.invalid", text) == []


def test_future_signing_date() -> None:
    text = "现将有关事项通知如下。\n本办法自2027年1月1日起施行。\n示例市教育局\n2026年7月1日"
    [(severity, written, _)] = of("date.future", text)
    assert (severity, written) == ("error", "2026年7月1日")
    assert of("date.future", text.replace("2026年7月1日", "2026年6月15日")) == []
    assert of("date.future", "现予公布。\n示例市教育局\n二〇二六年十月一日")[0][1] == "二〇二六年十月一日"
    assert of("date.future", "标题：通知\n成文日期：2026-09-01\n正文……")[0][1] == "2026-09-01"


def test_a_future_date_in_the_body_is_not_a_signing_date() -> None:
    text = "本办法自2027年1月1日起施行，有效期至2031年12月31日。\n示例市教育局\n2026年6月1日"
    assert of("date.future", text) == []


def test_signing_date_given_by_the_register() -> None:
    [finding] = [f for f in findings("现予公布。", written_on=date(2026, 7, 1)) if f.rule == "date.future"]
    assert finding.where is None and finding.severity == "error"


# --- the agency's list of expressions ---------------------------------------------------------------


def test_starter_terms_and_extra_terms() -> None:
    assert of("wording.fixed_form", "截止目前，已办结申请12件。") == [("warning", "截止目前", "截至目前")]
    assert of("wording.banned_expression", "台湾政府") == [("error", "台湾政府", "台湾当局（或台湾方面）")]
    extra = [
        {"expression": "XX专用语", "kind": "banned", "severity": "error", "source": "本局2026年第1号通知"}
    ]
    assert of("wording.banned_expression", "使用XX专用语。", extra_terms=extra) == [
        ("error", "XX专用语", None)
    ]


def test_a_term_without_source_is_refused() -> None:
    with pytest.raises(ValueError, match="来源"):
        findings("x", extra_terms=[{"expression": "某词", "kind": "banned", "severity": "error"}])


# --- real texts ---------------------------------------------------------------------------------------


def test_real_annual_reports_give_no_errors(shared_dir) -> None:  # type: ignore[no-untyped-def]
    texts = sorted((shared_dir / "seeds").glob("*.txt")) + sorted((shared_dir / "real").glob("*.txt"))
    assert len(texts) >= 8
    for path in texts:
        errors = [f for f in findings(path.read_text(encoding="utf-8")) if f.severity == "error"]
        assert errors == [], path.name


mobiles = st.builds(
    lambda prefix, rest: prefix + f"{rest:08d}",
    st.sampled_from(["138", "139", "150", "186", "199", "177", "166"]),
    st.integers(0, 10**8 - 1),
)


@settings(max_examples=100, deadline=None)
@given(number=mobiles)
def test_any_mobile_fires_unmasked_and_never_masked(number: str) -> None:
    assert [f.rule for f in findings(f"当事人：刘某，电话：{number}。")] == ["pii.mobile"]
    assert findings(f"当事人：刘某，电话：{number[:3]}****{number[-4:]}。") == []


@settings(max_examples=100, deadline=None)
@given(body=st.text(alphabet="0123456789", min_size=11, max_size=14))
def test_any_card_fires_unmasked_and_never_masked(body: str) -> None:
    number = "6222" + body
    number += luhn.calc_check_digit(number)
    assert [f.rule for f in findings(f"补贴对象：赵某，银行卡号：{number}。")] == ["pii.bank_card"]
    assert findings(f"补贴对象：赵某，银行卡号：{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}。") == []


def test_paragraphs_that_are_whole_are_never_joined() -> None:
    rows = [
        "张伟  男  城关镇和平村第一村民小组户主  110101199003",
        "071233  王芳  女  城关镇和平村第二村民小组",
    ] * 3
    joined = [f.rule for f in review_lines(rows, today=TODAY) if f.rule == "pii.id_number"]
    whole = [f.rule for f in review_lines(rows, today=TODAY, wrapped=False) if f.rule == "pii.id_number"]
    assert (len(joined), whole) == (3, [])


def test_labels_decide_what_structure_cannot() -> None:
    # a card's label makes any Luhn number a card; a bare 账号 needs a card issuer's prefix
    assert of("pii.bank_card", "银行卡号：1234567812345670") == [
        ("error", "1234567812345670", "123456******5670")
    ]
    assert of("pii.bank_card", "开户行：示例银行，账号：1234567812345670") == []
    # a number outside the allocated mobile ranges is still a mobile number when labelled as one
    assert of("pii.mobile", "当事人：张三，手机号码：14012345678") == [
        ("error", "14012345678", "140****5678")
    ]
    assert of("pii.mobile", "序列号14012345678") == []
    # the old 条例 in a sentence about a year it was in force
    assert of("wording.old_regulation", "2018年5月1日，根据国务院令第492号答复申请人。") == []
