"""The catalogue's vocabularies as data: kinds of document, the 第二十条/第二十一条 items, the articles a
withholding rests on, validity, and the spellings imported catalogues use for each (one table per idea)."""

from __future__ import annotations

# 文件类型: key → label. 规章 and 行政规范性文件 are counted in table 二 (第二十条第（一）项).
KINDS: dict[str, str] = {
    "regulation": "规章",
    "normative": "行政规范性文件",
    "other_document": "其他文件",
    "interpretation": "政策解读",
    "plan": "规划计划",
    "statistics": "统计信息",
    "budget": "财政预决算",
    "notice": "通知公告",
    "report": "工作报告总结",
    "personnel": "人事信息",
    # The agency's own rules for its disclosure work: the column's section 政府信息公开制度.
    "disclosure_rule": "政府信息公开制度",
}
KIND_ALIASES: dict[str, str] = {
    "部门规章": "regulation",
    "政府规章": "regulation",
    "地方政府规章": "regulation",
    "规范性文件": "normative",
    "行政规范性文件": "normative",
    "其他": "other_document",
    "其他文件": "other_document",
    "一般文件": "other_document",
    "解读": "interpretation",
    "政策解读": "interpretation",
    "规划": "plan",
    "计划": "plan",
    "统计数据": "statistics",
    "预决算": "budget",
    "财政信息": "budget",
    "通知": "notice",
    "公告": "notice",
    "工作总结": "report",
    "人事": "personnel",
    "公开制度": "disclosure_rule",
    "信息公开制度": "disclosure_rule",
}
# Kinds that are policies: a 解读 is expected with them where the agency requires one.
POLICY_KINDS: frozenset[str] = frozenset({"regulation", "normative"})

# 发布渠道 (第二十三条: 政府公报、政府网站或者其他互联网政务媒体、新闻发布会以及报刊、广播、电视等;
# 第二十五条: 公共查阅室、资料索取点、信息公告栏、电子信息屏). Counted in the annual report's section 一.
CHANNELS: dict[str, str] = {
    "website": "政府网站",
    "new_media": "政务新媒体",
    "gazette": "政府公报",
    "press": "新闻发布会",
    "media": "报刊、广播、电视",
    "reading_room": "公共查阅室、资料索取点",
    "bulletin": "信息公告栏、电子信息屏",
}
# A document registered without a channel was published in the catalogue: on the government website.
DEFAULT_CHANNELS: tuple[str, ...] = ("website",)

# 公开属性 (国办发〔2016〕80号): decided when the document is drafted.
DISCLOSURES: dict[str, str] = {"proactive": "主动公开", "on_request": "依申请公开", "withheld": "不予公开"}
DISCLOSURE_ALIASES: dict[str, str] = {"主动": "proactive", "依申请": "on_request", "不公开": "withheld"}

# 有效性.
VALIDITIES: dict[str, str] = {"valid": "有效", "expired": "失效", "repealed": "废止"}
VALIDITY_ALIASES: dict[str, str] = {
    "现行有效": "valid",
    "已失效": "expired",
    "已废止": "repealed",
    "": "valid",
}

# The articles a 依申请公开 or 不予公开 decision rests on.
WITHHOLDING_ARTICLES: dict[str, str] = {
    "art14": "第十四条（国家秘密、法律行政法规禁止公开、危及“三安全一稳定”）",
    "art15": "第十五条（商业秘密、个人隐私）",
    "art16_internal": "第十六条第一款（内部事务信息）",
    "art16_process": "第十六条第二款（过程性信息、行政执法案卷）",
    "art27": "第二十七条（依申请公开：涉及特定对象、不宜主动公开）",
}

# The 第二十条 (一)–(十五) and 第二十一条 items of statutory proactive content.
ARTICLE_ITEMS: dict[str, str] = {
    "20.1": "第二十条（一）行政法规、规章和规范性文件",
    "20.2": "第二十条（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "20.3": "第二十条（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "20.4": "第二十条（四）国民经济和社会发展统计信息",
    "20.5": "第二十条（五）行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "20.6": "第二十条（六）行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定",
    "20.7": "第二十条（七）财政预算、决算信息",
    "20.8": "第二十条（八）行政事业性收费项目及其依据、标准",
    "20.9": "第二十条（九）政府集中采购项目的目录、标准及实施情况",
    "20.10": "第二十条（十）重大建设项目的批准和实施情况",
    "20.11": "第二十条（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "20.12": "第二十条（十二）突发公共事件的应急预案、预警信息及应对情况",
    "20.13": "第二十条（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "20.14": "第二十条（十四）公务员招考的职位、名额、报考条件等事项以及录用结果",
    "20.15": "第二十条（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    "21": "第二十一条 市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等",
}

# 主题分类 offered when drafting (agencies use their own too: the field is free text).
THEMES: tuple[str, ...] = (
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "其他",
)

# 体裁 (genre) offered when drafting.
GENRES: tuple[str, ...] = (
    "命令",
    "决定",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "批复",
    "办法",
    "规定",
    "其他",
)


def key_for(text: str, labels: dict[str, str], aliases: dict[str, str], what: str) -> str:
    """The key of a label or one of its spellings; ValueError (Chinese) naming the accepted values."""
    cleaned = "".join(text.split())
    for key, label in labels.items():
        if cleaned in (key, label):
            return key
    if cleaned in aliases:
        return aliases[cleaned]
    raise ValueError(f"{what}“{text}”无法识别，应为：{'、'.join(labels.values())}")
