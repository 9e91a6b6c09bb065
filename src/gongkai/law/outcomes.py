"""The taxonomies of the 条例 as data: decision outcomes, applicant categories, reconsideration and litigation.

Keys are those of the report-data contract (../shared/docs/report-format.md); labels are as printed in the
national annual-report formats of 2021 (国办公开办函〔2021〕30号) and 2019 (国办公开办函〔2019〕60号).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

REGULATIONS_ZH = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class OutcomeGroup:
    key: str
    label_zh: str
    number_zh: str  # as printed: （三）


@dataclass(frozen=True)
class Outcome:
    """One outcome category of a decision (table 三's rows) and what its decision letter must say."""

    key: str
    group: str
    name_zh: str  # the printed label without its number
    label_2021: str | None  # as printed in the 2021 format; None where that format has no such row
    label_2019: str | None
    row_2019: str  # the 2019-format row this outcome is counted in
    article_zh: str  # the articles of the 条例 it rests on
    basis_zh: str  # the legal-basis sentence of the decision letter (remedies: `gongkai.law.remedies`)
    aliases: tuple[str, ...] = ()


GROUPS: dict[str, OutcomeGroup] = {
    group.key: group
    for group in (
        OutcomeGroup("disclosed", "予以公开", "（一）"),
        OutcomeGroup("partially_disclosed", "部分公开", "（二）"),
        OutcomeGroup("withheld", "不予公开", "（三）"),
        OutcomeGroup("unable_to_provide", "无法提供", "（四）"),
        OutcomeGroup("not_processed", "不予处理", "（五）"),
        OutcomeGroup("other", "其他处理", "（六）"),
    )
}

_WITHHELD = "根据" + REGULATIONS_ZH + "{articles}的规定，不予公开。"

# (key, printed name, articles, legal-basis sentence, aliases) in printed order; numbering and labels follow.
_ROWS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        "disclosed",
        "予以公开",
        "第三十六条第（一）项、第（二）项",
        f"根据{REGULATIONS_ZH}第三十六条第（一）项、第（二）项的规定，您申请获取的政府信息予以公开：已经主动公开的，告知获取的方式和途径；可以公开的，向您提供。",
        (),
    ),
    (
        "partially_disclosed",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "第三十七条",
        f"您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，根据{REGULATIONS_ZH}第三十七条的规定，现向您提供可以公开的内容，并对不予公开的内容说明理由。",
        ("部分公开",),
    ),
    (
        "withheld.state_secret",
        "属于国家秘密",
        "第十四条、第三十六条第（三）项",
        "您申请获取的政府信息依法确定为国家秘密，" + _WITHHELD,
        ("国家秘密",),
    ),
    (
        "withheld.prohibited_by_law",
        "其他法律行政法规禁止公开",
        "第十四条、第三十六条第（三）项",
        "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，" + _WITHHELD,
        ("法律行政法规禁止公开",),
    ),
    (
        "withheld.security_stability",
        "危及“三安全一稳定”",
        "第十四条、第三十六条第（三）项",
        "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，" + _WITHHELD,
        ("三安全一稳定",),
    ),
    (
        "withheld.third_party_rights",
        "保护第三方合法权益",
        "第十五条、第三十二条、第三十六条第（三）项",
        "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，" + _WITHHELD,
        ("第三方合法权益",),
    ),
    (
        "withheld.internal_affairs",
        "属于三类内部事务信息",
        "第十六条第一款、第三十六条第（三）项",
        "您申请获取的政府信息属于行政机关的人事管理、后勤管理、内部工作流程等方面的信息，" + _WITHHELD,
        ("三类内部事务信息", "内部事务信息"),
    ),
    (
        "withheld.process_information",
        "属于四类过程性信息",
        "第十六条第二款、第三十六条第（三）项",
        "您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，"
        + _WITHHELD,
        ("四类过程性信息", "过程性信息"),
    ),
    (
        "withheld.enforcement_case_file",
        "属于行政执法案卷",
        "第十六条第二款、第三十六条第（三）项",
        "您申请获取的政府信息属于行政执法案卷信息，" + _WITHHELD,
        ("行政执法案卷",),
    ),
    (
        "withheld.administrative_query",
        "属于行政查询事项",
        "第三十六条第（七）项",
        "您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的信息，根据"
        + REGULATIONS_ZH
        + "第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理。",
        ("行政查询事项",),
    ),
    (
        "unable_to_provide.not_held",
        "本机关不掌握相关政府信息",
        "第三十六条第（四）项、第（五）项",
        f"经检索，本机关没有您申请公开的政府信息，根据{REGULATIONS_ZH}第三十六条第（四）项、第（五）项的规定，告知您该政府信息不存在或者不属于本机关负责公开；能够确定负责公开该政府信息的行政机关的，一并告知其名称、联系方式。",
        ("不掌握相关政府信息", "信息不存在"),
    ),
    (
        "unable_to_provide.needs_creation",
        "没有现成信息需要另行制作",
        "第三十八条",
        f"您申请获取的信息需要本机关对现有政府信息进行加工、分析才能形成，根据{REGULATIONS_ZH}第三十八条的规定，本机关不予提供。",
        ("需要另行制作",),
    ),
    (
        "unable_to_provide.unclear_after_amendment",
        "补正后申请内容仍不明确",
        "第二十九条第二款、第三十条",
        f"您补正后的申请内容仍不明确，本机关无法据此确定您所需的政府信息，根据{REGULATIONS_ZH}第二十九条第二款、第三十条的规定，无法向您提供。",
        ("补正后仍不明确",),
    ),
    (
        "not_processed.petition_or_complaint",
        "信访举报投诉类申请",
        "第三十九条第一款",
        f"您的申请系以政府信息公开申请的形式进行信访、投诉、举报等活动，根据{REGULATIONS_ZH}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。",
        ("信访举报投诉",),
    ),
    (
        "not_processed.duplicate",
        "重复申请",
        "第三十六条第（六）项",
        f"本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同的政府信息，根据{REGULATIONS_ZH}第三十六条第（六）项的规定，不予重复处理。",
        (),
    ),
    (
        "not_processed.publication",
        "要求提供公开出版物",
        "第三十九条第二款",
        f"您申请的内容为要求行政机关提供政府公报、报刊、书籍等公开出版物，根据{REGULATIONS_ZH}第三十九条第二款的规定，告知您获取的途径。",
        ("公开出版物",),
    ),
    (
        "not_processed.excessive",
        "无正当理由大量反复申请",
        "第三十五条",
        f"您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，根据{REGULATIONS_ZH}第三十五条的规定，不予处理。",
        ("大量反复申请",),
    ),
    (
        "not_processed.confirm_or_reissue",
        "要求行政机关确认或重新出具已获取信息",
        "第二条",
        f"您的申请系要求本机关确认或者重新出具您已获取的信息，不属于{REGULATIONS_ZH}第二条所称获取政府信息的申请，本机关不作为政府信息公开申请处理。",
        ("确认或重新出具已获取信息",),
    ),
    (
        "other.no_amendment",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
        f"您无正当理由逾期未补正，根据{REGULATIONS_ZH}第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ("逾期不补正",),
    ),
    (
        "other.fee_unpaid",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "第四十二条",
        f"您逾期未按收费通知要求缴纳信息处理费，根据{REGULATIONS_ZH}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ("逾期未缴费", "逾期未缴纳费用", "逾期未按收费通知要求缴纳费用"),
    ),
    (
        "other.other",
        "其他",
        "",
        f"根据{REGULATIONS_ZH}的有关规定，对您的申请作如下处理。",
        (),
    ),
)


def _build_outcomes() -> tuple[Outcome, ...]:
    outcomes: list[Outcome] = []
    numbers: dict[str, int] = {}
    for key, name, articles, basis, aliases in _ROWS:
        group = key.split(".")[0]
        if "." in key:
            numbers[group] = numbers.get(group, 0) + 1
            label = f"{numbers[group]}.{name}"
        else:
            label = f"{GROUPS[group].number_zh}{name}"
        basis = basis.format(articles=articles)
        in_2019 = group != "other"
        outcomes.append(
            Outcome(
                key=key,
                group=group,
                name_zh=name,
                label_2021=label,
                label_2019=label if in_2019 else None,
                row_2019=key if in_2019 else "other",
                article_zh=articles,
                basis_zh=basis,
                aliases=aliases,
            )
        )
    # The 2019 format prints 其他处理 as one row.
    other = GROUPS["other"]
    outcomes.append(
        Outcome(
            key="other",
            group="other",
            name_zh=other.label_zh,
            label_2021=None,
            label_2019=f"{other.number_zh}{other.label_zh}",
            row_2019="other",
            article_zh="",
            basis_zh=f"根据{REGULATIONS_ZH}的有关规定，对您的申请作如下处理。",
        )
    )
    return tuple(outcomes)


OUTCOMES: tuple[Outcome, ...] = _build_outcomes()
OUTCOMES_BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}

# Numbering as printed: （三）, (三), 三、, 1., 1．, 1、
_NUMBERING = re.compile(r"^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、])")
_IGNORED = re.compile(r"[\s“”\"‘’']")


def _normalise(text: str) -> str:
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", text))
    return _NUMBERING.sub("", folded)


def _lookup_table() -> dict[str, Outcome]:
    table: dict[str, Outcome] = {}
    for item in OUTCOMES:
        names = (item.name_zh, item.label_2021, item.label_2019, *item.aliases)
        for name in names:
            if name:
                table.setdefault(_normalise(name), item)
    return table


_BY_LABEL = _lookup_table()


class UnknownOutcomeError(KeyError):
    def __str__(self) -> str:
        return f"未知的办理结果“{self.args[0]}”：请使用报告数据格式的键（如 withheld.state_secret）或年报表三所印的名称。"


def outcome(key_or_label: str) -> Outcome:
    """The outcome with this key, or with this printed label (with or without its number) or alias."""
    found = OUTCOMES_BY_KEY.get(key_or_label.strip()) or _BY_LABEL.get(_normalise(key_or_label))
    if found is None:
        raise UnknownOutcomeError(key_or_label)
    return found


# --- applicants and reviews ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A key of the report-data contract with its Chinese label as printed, and the group it belongs to."""

    key: str
    label_zh: str
    printed_zh: str
    group: str = ""
    group_zh: str = ""
    aliases: tuple[str, ...] = ()


APPLICANT_CATEGORIES: tuple[Term, ...] = (
    Term("natural_person", "自然人", "自然人", "natural_person", "自然人"),
    Term("commercial_enterprise", "商业企业", "商业企业", "organisation", "法人或其他组织"),
    Term("research_institution", "科研机构", "科研机构", "organisation", "法人或其他组织"),
    # Some 2019-format reports print 社会组织.
    Term(
        "social_welfare_organization",
        "社会公益组织",
        "社会公益组织",
        "organisation",
        "法人或其他组织",
        ("社会组织",),
    ),
    Term("legal_service_institution", "法律服务机构", "法律服务机构", "organisation", "法人或其他组织"),
    Term("other", "其他", "其他", "organisation", "法人或其他组织"),
)

REVIEW_KINDS: tuple[Term, ...] = (
    Term("reconsideration", "行政复议", "行政复议", "reconsideration", "行政复议"),
    Term("litigation_direct", "未经复议直接起诉", "未经复议直接起诉", "litigation", "行政诉讼"),
    Term("litigation_after_reconsideration", "复议后起诉", "复议后起诉", "litigation", "行政诉讼"),
)

REVIEW_RESULTS: tuple[Term, ...] = (
    Term("upheld", "维持", "结果维持"),
    Term("corrected", "纠正", "结果纠正"),
    Term("other", "其他", "其他结果"),
    Term("pending", "尚未审结", "尚未审结"),
)


def term(terms: tuple[Term, ...], key_or_label: str) -> Term:
    """The term with this key, label or printed label; a Chinese KeyError otherwise."""
    text = key_or_label.strip()
    for item in terms:
        if text in (item.key, item.label_zh, item.printed_zh, *item.aliases):
            return item
    known = "、".join(item.label_zh for item in terms)
    raise KeyError(f"未知的分类“{key_or_label}”，可用：{known}")
