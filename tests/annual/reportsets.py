"""Realistic sets of annual reports across agencies and years, with planted faults, for judging them.

Each agency publishes one report a year. Its tables follow from last year's (上年结转 = last year's
结转下年度继续办理, 现行有效 = last year's + 制发 − 废止); its text is gongkai's draft
(`annual.drafting`) with the clerk's placeholders filled by varied prose: sentences composed from
banks of phrases with the agency's own figures and names, a few sentences its city's departments all
use, and about a third of last year's own sentences kept (real agencies reuse their wording too: the
two real 洪泽区 reports share 28 %). Section 五 names concrete problems with figures, reports what
was done about last year's announced improvements, and announces new ones.

Planted faults, each recorded in `ReportSet.planted` as the judging rules it must trigger: late
publication (statutory or local due date), a whole report copied from last year with the numbers
changed, a whole report copied from another agency of the same year with the name swapped, partial
copies (one prose section, from last year or from another agency), breaks with last year's carried-
over applications or documents in force, a boilerplate section 五, last year's improvements not
followed up, the wrong format for the year, a missing section, an arithmetic error in table 三.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from layouts import random_report

from gongkai.annual.drafting import (
    draft_other_matters,
    draft_overview,
    fill_placeholders,
    refresh_figures,
)
from gongkai.annual.judging import Submission
from gongkai.annual.judging.text import name_forms
from gongkai.annual.model import get_cell, set_cell
from gongkai.law.report_due import due_date
from reportdata import APPLICANT_KEYS

COLUMNS = (*APPLICANT_KEYS, "total")

# --- agencies ----------------------------------------------------------------------------------------

CITIES = (
    "中卫市",
    "石嘴山市",
    "固原市",
    "吴忠市",
    "银川市",
    "淮安市",
    "宿迁市",
    "连云港市",
    "盐城市",
    "泰州市",
    "平罗县",
    "中宁县",
    "海原县",
    "盐池县",
    "同心县",
    "泾源县",
    "隆德县",
    "西吉县",
    "彭阳县",
    "贺兰县",
    "永宁县",
    "灵武市",
    "青铜峡市",
    "沭阳县",
    "泗洪县",
    "涟水县",
    "盱眙县",
    "金湖县",
    "灌南县",
    "东海县",
)
DEPARTMENTS = (
    ("教育局", "教育"),
    ("财政局", "财政"),
    ("民政局", "民政"),
    ("司法局", "司法"),
    ("卫生健康委员会", "健康"),
    ("自然资源局", "自然资源"),
    ("生态环境局", "生态环境"),
    ("住房和城乡建设局", "住建"),
    ("交通运输局", "交通"),
    ("水务局", "水务"),
    ("农业农村局", "农业农村"),
    ("商务局", "商务"),
    ("文化旅游广电局", "文旅"),
    ("退役军人事务局", "退役军人"),
    ("应急管理局", "应急"),
    ("审计局", "审计"),
    ("市场监督管理局", "市场监管"),
    ("统计局", "统计"),
    ("医疗保障局", "医保"),
    ("人力资源和社会保障局", "人社"),
    ("发展和改革委员会", "发改"),
    ("工业和信息化局", "工信"),
    ("林业和草原局", "林草"),
    ("信访局", "信访"),
    ("审批服务管理局", "政务服务"),
    ("科学技术局", "科技"),
    ("体育局", "体育"),
    ("机关事务管理局", "机关事务"),
    ("乡村振兴局", "乡村振兴"),
    ("城市管理局", "城管"),
    ("公安局", "公安"),
    ("档案馆", "档案"),
    ("地方金融监督管理局", "金融"),
)


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    city: str
    kind: str  # 'department' | 'government'
    abbr: str  # the short name in its platforms' names: '中卫教育'
    local_due: tuple[int, int] | None  # (month, day) of a locally set earlier due date


# Made-up counties beyond the real names above, for sets of thousands of agencies.
_SYLLABLES = "东西南北中新安永宁平和阳清河山川泉源兴华城丰乐顺昌康泰"
MORE_CITIES = tuple(f"{a}{b}县" for a in _SYLLABLES for b in _SYLLABLES if a != b)


def make_agencies(rng: random.Random, count: int) -> list[Agency]:
    cities = CITIES + MORE_CITIES[: max(0, count // len(DEPARTMENTS) + 1 - len(CITIES))]
    pairs = [(city, dept) for city in cities for dept in DEPARTMENTS]
    rng.shuffle(pairs)
    agencies: list[Agency] = []
    governments = list(cities)
    rng.shuffle(governments)
    for k in range(count):
        local = rng.random() < 0.2
        if k % 12 == 11 and governments:
            city = governments.pop()
            name, abbr, kind = f"{city}人民政府", f"{city[:-1]}政府", "government"
            due = (3, 10) if local else None
        else:
            city, (dept, short) = pairs.pop()
            name, abbr, kind = f"{city}{dept}", f"{city[:-1]}{short}", "department"
            due = (1, 20) if local else None
        agencies.append(Agency(f"A{k:05d}", name, city, kind, abbr, due))
    return agencies


def due_for(agency: Agency, year: int) -> dt.date:
    """The due date that binds the agency: the local one when set (always earlier), else the statutory one."""
    if agency.local_due:
        return dt.date(year + 1, *agency.local_due)
    return due_date(agency.kind, year)


# --- tables with continuity ----------------------------------------------------------------------------


def make_tables(
    rng: random.Random, fmt_key: str, previous: dict[str, Any] | None, previous_fmt: str | None
) -> dict[str, Any]:
    """Consistent tables (every cross-check holds, `layouts.random_report`) continuing `previous`:
    上年结转 is last year's 结转下年度继续办理, 现行有效 last year's plus 制发 minus 废止."""
    tables = random_report(rng, fmt_key)["tables"]
    if fmt_key == "2021":
        for row in ("regulations", "normative_documents"):
            before = (
                get_cell(previous, f"proactive.{row}.in_force")
                if previous and previous_fmt == "2021"
                else None
            )
            before = int(before) if before is not None else rng.randint(0, 60)
            issued = rng.randint(0, 6) if rng.random() < 0.6 else 0
            repealed = rng.randint(0, min(4, before + issued)) if rng.random() < 0.4 else 0
            set_cell(tables, f"proactive.{row}.issued", issued)
            set_cell(tables, f"proactive.{row}.repealed", repealed)
            set_cell(tables, f"proactive.{row}.in_force", before + issued - repealed)
    if previous is not None:
        for column in APPLICANT_KEYS:
            over = int(get_cell(previous, f"requests.carried_forward.{column}") or 0)
            handled = int(get_cell(tables, f"requests.results.total.{column}") or 0)
            forward = int(get_cell(tables, f"requests.carried_forward.{column}") or 0)
            if handled + forward < over:  # what was carried over is decided this year
                _decide_more(tables, column, over - forward - handled)
            set_cell(tables, f"requests.carried_over.{column}", over)
            _rebalance_new(tables, column)
    return tables


def _decide_more(tables: dict[str, Any], column: str, count: int) -> None:
    """`count` more applications of `column` disclosed this year (row and column totals kept)."""
    for row in ("results.disclosed", "results.total"):
        path = f"requests.{row}.{column}"
        set_cell(tables, path, int(get_cell(tables, path) or 0) + count)
        total = sum(int(get_cell(tables, f"requests.{row}.{c}") or 0) for c in APPLICANT_KEYS)
        set_cell(tables, f"requests.{row}.total", total)


def _rebalance_new(tables: dict[str, Any], column: str) -> None:
    """Make table 三's balance hold again in `column` (and its totals) after carried_over changed."""

    def cell(path: str) -> int:
        return int(get_cell(tables, path) or 0)

    new = (
        cell(f"requests.results.total.{column}")
        + cell(f"requests.carried_forward.{column}")
        - cell(f"requests.carried_over.{column}")
    )
    set_cell(tables, f"requests.new.{column}", new)
    for row in ("new", "carried_over"):
        set_cell(tables, f"requests.{row}.total", sum(cell(f"requests.{row}.{c}") for c in APPLICANT_KEYS))


# --- prose -----------------------------------------------------------------------------------------------

FOCUS = (
    "优化营商环境",
    "乡村振兴",
    "民生保障",
    "安全生产",
    "教育公平",
    "就业创业",
    "生态环境保护",
    "重大项目建设",
    "基层治理",
    "城市更新",
    "粮食安全",
    "医疗卫生",
    "养老服务",
    "交通出行",
    "市场监管",
    "防汛抗旱",
    "消费促进",
    "科技创新",
    "文化惠民",
    "社会救助",
)
KINDS = (
    "政策文件",
    "工作动态",
    "通知公告",
    "人事信息",
    "财政预决算",
    "规划计划",
    "统计数据",
    "行政许可结果",
    "行政处罚结果",
    "项目进展",
    "民生实事进展",
    "政府采购",
    "招标投标",
    "应急管理",
    "督查检查结果",
    "资金分配",
)
COLUMNS_NAMED = (
    "政策文件",
    "重点领域",
    "工作动态",
    "通知公告",
    "财政信息",
    "人事信息",
    "规划计划",
    "统计数据",
    "建议提案办理",
    "政策解读",
    "法定主动公开内容",
    "民生实事",
    "营商环境",
    "权责清单",
)
FORMS = ("图文", "视频", "动漫", "一图读懂", "问答", "H5", "音频", "长图")
ACTIVITIES = ("政府开放日", "政策宣讲", "在线访谈", "进社区宣讲", "政策直播", "企业座谈", "专家解读会")
PLACES = ("政务服务大厅", "图书馆", "档案馆", "社区服务中心", "乡镇便民服务中心", "党群服务中心")
SYSTEMS = (
    "公文公开属性源头认定机制",
    "信息发布保密审查制度",
    "政务信息发布审核流程",
    "信息公开工作台账",
    "行政规范性文件动态清理机制",
    "指南和目录动态更新机制",
    "依法公开工作规程",
    "网站内容巡查制度",
    "新媒体信息发布登记制度",
    "重大决策预公开制度",
    "公开质量自查制度",
    "信息发布错情通报制度",
)
PEOPLE = ("人大代表", "政协委员", "企业代表", "群众代表", "网民", "社区居民", "专家学者")
MEETINGS = ("专题会议", "领导小组会议", "工作推进会", "业务培训会", "工作调度会")
LEADS = (
    "围绕{focus}",
    "聚焦{focus}",
    "紧扣{focus}",
    "结合{focus}工作",
    "针对{focus}领域",
    "按照{focus}工作部署",
)
TAILS = (
    "做到应公开尽公开",
    "确保信息发布及时准确",
    "方便群众查询使用",
    "公开的覆盖面进一步扩大",
    "群众知晓率明显提高",
    "实现了信息的集中展示",
    "有效回应了社会关切",
    "信息发布的规范性明显提升",
    "社会各界反响良好",
    "进一步增强了工作透明度",
    "让企业和群众看得到、看得懂",
    "点击量较上年有所增加",
)


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


def _n(rng: random.Random, lo: int = 2, hi: int = 400) -> int:
    return rng.randint(lo, hi)


def _proactive_sentence(rng: random.Random, a: Agency) -> str:
    lead = _pick(rng, LEADS).format(focus=_pick(rng, FOCUS))
    action = rng.choice(
        (
            f"主动公开{_pick(rng, KINDS)}信息{_n(rng)}条",
            f"在“{_pick(rng, COLUMNS_NAMED)}”栏目发布{_pick(rng, KINDS)}{_n(rng)}篇",
            f"制作{_pick(rng, FORMS)}解读{_n(rng, 2, 40)}篇",
            f"组织开展{_pick(rng, ACTIVITIES)}活动{_n(rng, 1, 12)}次",
            f"通过“{a.abbr}发布”公众号推送{_pick(rng, KINDS)}{_n(rng)}条",
            f"编发{_pick(rng, FOCUS)}专题信息{_n(rng, 2, 60)}期",
        )
    )
    extra = rng.choice(
        (
            f"其中{_pick(rng, KINDS)}{_n(rng, 1, 80)}条",
            f"同比增长{_n(rng, 2, 60)}%",
            f"较上年增加{_n(rng, 1, 90)}条",
            "",
        )
    )
    return "，".join(p for p in (lead, action, extra, _pick(rng, TAILS)) if p) + "。"


def _management_sentence(rng: random.Random, a: Agency) -> str:
    return rng.choice(
        (
            f"修订完善{_pick(rng, SYSTEMS)}，对{_n(rng, 5, 200)}件拟发文件逐一认定公开属性。",
            f"严格落实{_pick(rng, SYSTEMS)}，全年审核拟公开信息{_n(rng, 20, 900)}条，{_pick(rng, TAILS)}。",
            f"对本机关{_pick(rng, KINDS)}开展专项清理，清理{_n(rng, 2, 80)}件，{_pick(rng, TAILS)}。",
            f"及时更新政府信息公开指南，梳理{_pick(rng, FOCUS)}领域公开事项{_n(rng, 3, 60)}项。",
            f"建立{_pick(rng, SYSTEMS)}，明确{_n(rng, 2, 9)}个科室的公开责任，{_pick(rng, TAILS)}。",
            f"组织对{_pick(rng, COLUMNS_NAMED)}栏目的历史信息进行梳理，标注失效文件{_n(rng, 1, 50)}件。",
        )
    )


def _platform_sentence(rng: random.Random, a: Agency) -> str:
    return rng.choice(
        (
            f"“{a.abbr}发布”微信公众号全年推送信息{_n(rng, 30, 900)}条，关注人数达{_n(rng, 2, 90)}千人。",
            f"优化门户网站“{_pick(rng, COLUMNS_NAMED)}”等{_n(rng, 2, 12)}个栏目，{_pick(rng, TAILS)}。",
            f"新开设“{_pick(rng, FOCUS)}”专栏，集中发布相关信息{_n(rng, 5, 120)}条。",
            f"在{_pick(rng, PLACES)}设立政务公开专区{_n(rng, 1, 9)}个，提供查阅服务{_n(rng, 10, 900)}人次。",
            f"整合关停更新缓慢的政务新媒体账号{_n(rng, 1, 6)}个，{_pick(rng, TAILS)}。",
            f"完成门户网站适老化和无障碍改造，新增{_pick(rng, FORMS)}专区{_n(rng, 1, 5)}个。",
        )
    )


def _oversight_sentence(rng: random.Random, a: Agency) -> str:
    return rng.choice(
        (
            f"召开{_pick(rng, MEETINGS)}{_n(rng, 1, 8)}次，研究部署{_pick(rng, FOCUS)}领域公开工作。",
            f"组织业务培训{_n(rng, 1, 10)}场、参训{_n(rng, 10, 400)}人次。",
            f"将政务公开工作纳入{_pick(rng, ('年度目标考核', '科室绩效考核', '干部评优评先'))}，分值占{_n(rng, 2, 10)}%。",
            f"开展{_pick(rng, ('网站内容', '新媒体', '公开栏目', '公开专区'))}专项检查{_n(rng, 1, 12)}次，发现并整改问题{_n(rng, 1, 40)}处。",
            f"邀请{_pick(rng, PEOPLE)}{_n(rng, 3, 60)}人参与社会评议，满意率{_n(rng, 85, 99)}%。",
            "本年度未发生政府信息公开责任追究情况。",
        )
    )


TOPICS: dict[str, Callable[[random.Random, Agency], str]] = {
    "主动": _proactive_sentence,
    "公开属性": _management_sentence,
    "政府网站": _platform_sentence,
    "组织领导": _oversight_sentence,
}
SLOGANS = (
    "两个清单",
    "三公开一落实",
    "一网通办",
    "码上公开",
    "阳光政务",
    "公开+服务",
    "政策找人",
    "五公开",
    "四级四同",
    "一件事一次办",
    "无证明城市",
    "基层公开标准化",
)


def city_sentences(city: str) -> list[str]:
    """Sentences every department of a city takes from the city's template (legitimately shared)."""
    rng = random.Random(f"city:{city}")
    return [
        f"按照{city}“{_pick(rng, SLOGANS)}”工作部署，{_pick(rng, TAILS)}，{_pick(rng, TAILS)}。",
        f"认真落实{city}政务公开工作要点，把{_pick(rng, FOCUS)}和{_pick(rng, FOCUS)}作为公开重点。",
        f"全市统一使用“{city[:-1]}政务公开”平台，推动{_pick(rng, FOCUS)}信息集中公开。",
    ]


# --- section 五 --------------------------------------------------------------------------------------------

VERBS = ("建立", "修订", "开发", "开通", "编制", "试行", "推行", "启用", "组建", "引入", "制定", "上线")
SUBJECTS = (
    "政策解读",
    "栏目更新",
    "信息发布",
    "答复文书",
    "业务培训",
    "留言回复",
    "重点领域公开",
    "新媒体联动",
    "智能问答",
    "考核评分",
    "标准目录",
    "属性认定",
    "错情通报",
    "数据开放",
    "政策汇编",
    "办事指南",
    "企业政策直达",
    "基层联络",
    "公开质量",
    "网站巡检",
    "会议开放",
    "意见征集",
    "预决算公开",
    "惠民资金",
    "项目审批",
    "执法公示",
    "涉企收费",
    "民生实事",
    "人事任免",
    "应急信息",
    "统计发布",
    "建议提案",
)
FORMS_OF_WORK = (
    "联络员制度",
    "提醒机制",
    "三级审核台账",
    "范本库",
    "课程库",
    "周报制度",
    "月度通报",
    "专员轮岗制度",
    "清单",
    "前置审查表",
    "评估办法",
    "操作手册",
    "督办单",
    "问题台账",
    "积分制度",
    "数据看板",
)
OBJECTS = tuple(f"{subject}{form}" for subject in SUBJECTS for form in FORMS_OF_WORK)
PROBLEM_WHAT = (
    "“{col}”栏目",
    "“{abbr}发布”公众号",
    "{focus}领域信息",
    "政策解读材料",
    "政府信息公开指南",
    "公开专区",
    "网站“{col}”专题",
    "部分科室报送的信息",
    "依法公开事项清单",
    "历史文件的有效性标注",
    "会议开放情况",
    "政务新媒体留言",
)
PROBLEM_HOW = (
    "全年仅更新{n}条",
    "有{n}个月未更新",
    "与文件同步发布率仅为{n}%",
    "发现错情{n}处",
    "有{n}项内容未及时调整",
    "平均滞后{n}个工作日",
    "仅有{n}篇",
    "有{n}条链接失效",
    "月均阅读量不足{n}次",
    "有{n}件未标注",
    "回复超期{n}条",
)
PROBLEM_WHY = (
    "更新不够及时",
    "审核把关不严",
    "形式还比较单一",
    "群众关注度不高",
    "工作衔接不够顺畅",
    "人员力量不足",
    "责任分工不够明确",
    "对新要求学习不够",
    "督促检查不到位",
    "",
)


def _problem(rng: random.Random, a: Agency) -> str:
    what = _pick(rng, PROBLEM_WHAT).format(
        col=_pick(rng, COLUMNS_NAMED), abbr=a.abbr, focus=_pick(rng, FOCUS)
    )
    how = _pick(rng, PROBLEM_HOW).format(n=_n(rng, 2, 30))
    why = _pick(rng, PROBLEM_WHY)
    return f"{what}{how}" + (f"，{why}" if why else "")


@dataclass
class Five:
    """Section 五 as generated: its text, its announced improvements (heads) and how it was made."""

    text: str
    heads: tuple[str, ...]  # the improvements it announces (empty for a boilerplate section)
    stock: bool = False


def concrete_five(
    rng: random.Random, a: Agency, year: int, follow: tuple[str, ...], avoid: tuple[str, ...] = ()
) -> Five:
    lines = [
        f"{year}年，本机关政府信息公开工作仍存在一些不足：",
        "；".join(f"{'一二三'[k]}是{_problem(rng, a)}" for k in range(rng.randint(2, 3))) + "。",
    ]
    if follow:
        lines.append(
            f"针对{year - 1}年度报告提出的改进措施，本年度已"
            + "，".join(
                f"{head}并投入使用" if k == 0 else f"{head}{_n(rng, 2, 30)}项"
                for k, head in enumerate(follow)
            )
            + "。"
        )
    fresh = [obj for obj in OBJECTS if not any(old.endswith(obj) for old in avoid)]  # new, not last year's
    heads = tuple(f"{_pick(rng, VERBS)}{obj}" for obj in rng.sample(fresh, rng.randint(2, 3)))
    details = (
        f"力争全年完成{_n(rng, 2, 20)}项",
        f"每季度通报{_n(rng, 1, 3)}次",
        f"覆盖{_n(rng, 3, 12)}个科室",
        f"年底前完成{_n(rng, 50, 100)}%",
    )
    lines.append(
        "下一步，本机关将："
        + "；".join(f"{'一二三'[k]}是{head}，{_pick(rng, details)}" for k, head in enumerate(heads))
        + "。"
    )
    return Five("\n".join(lines), heads)


STOCK_PROBLEMS = (
    "公开内容还不够全面",
    "队伍建设有待加强",
    "工作人员业务能力有待提高",
    "信息公开意识有待增强",
    "政策解读形式单一",
    "时效性有待提高",
    "公开质量有待提高",
    "公开的深度和广度还有待提升",
)
STOCK_MEASURES = (
    "进一步加强学习培训",
    "不断提高政务公开工作水平",
    "进一步规范公开内容",
    "加大政策解读力度",
    "丰富解读形式",
    "提升公开质量",
    "进一步提高信息公开的时效性",
    "加强队伍建设",
    "强化责任落实",
)


def stock_five(rng: random.Random, year: int) -> Five:
    problems = rng.sample(STOCK_PROBLEMS, 3)
    measures = rng.sample(STOCK_MEASURES, 3)
    text = (
        f"{year}年，本机关政府信息公开工作取得了一定的成效，但与群众的期盼还有差距，主要是"
        + "，".join(problems)
        + "。下一步，我们将"
        + "，".join(measures)
        + "，推动政府信息公开工作再上新台阶。"
    )
    return Five(text, (), stock=True)


OTHER_MATTERS: tuple[Callable[[random.Random, Agency], str], ...] = (
    lambda rng, a: (
        f"本年度承办人大代表建议{_n(rng, 1, 30)}件、政协委员提案{_n(rng, 1, 30)}件，"
        f"办理复文已在“{_pick(rng, COLUMNS_NAMED)}”栏目公开。"
    ),
    lambda rng, a: (
        f"落实年度政务公开工作要点{_n(rng, 5, 30)}项，其中{_pick(rng, FOCUS)}领域{_n(rng, 1, 9)}项，{_pick(rng, TAILS)}。"
    ),
    lambda rng, a: (
        f"举办“{_pick(rng, ACTIVITIES)}”主题活动{_n(rng, 1, 6)}场，邀请{_pick(rng, PEOPLE)}{_n(rng, 5, 80)}人参加。"
    ),
    lambda rng, a: f"配合{a.city}开展{_pick(rng, FOCUS)}专项公开，报送信息{_n(rng, 3, 90)}条。",
    lambda rng, a: f"“{a.abbr}发布”开设“{_pick(rng, FOCUS)}”话题，阅读量{_n(rng, 2, 90)}万次。",
    lambda rng, a: f"在{_pick(rng, PLACES)}发放{_pick(rng, FOCUS)}政策明白纸{_n(rng, 100, 5000)}份。",
)


def other_matters(rng: random.Random, report: dict[str, Any], a: Agency) -> str:
    text = draft_other_matters(report)
    if rng.random() < 0.5:
        own = "".join(make(rng, a) for make in rng.sample(OTHER_MATTERS, rng.randint(1, 3)))
        text = text.replace("本年度无其他需要报告的事项。", own)
    return text


# --- whole reports -----------------------------------------------------------------------------------------


@dataclass
class Built:
    """One report being made."""

    agency: Agency
    year: int
    fmt: str
    tables: dict[str, Any]
    published_on: dt.date
    prose: dict[str, list[str]] = field(default_factory=dict)  # topic -> sentences
    five: Five | None = None
    sections: dict[str, str] = field(default_factory=dict)
    plant: str = ""
    copied_from: str = ""
    origin: dict[str, str] = field(default_factory=dict)  # prose section -> where its text was written
    followed: bool = False  # section 五 reports on last year's announced improvements

    @property
    def key(self) -> str:
        return f"{self.agency.key}-{self.year}"

    def data(self) -> dict[str, Any]:
        return {
            "agency": self.agency.name,
            "year": self.year,
            "format": self.fmt,
            "fees_yuan": 0,
            "signed_on": (self.published_on - dt.timedelta(days=3)).isoformat(),
            "tables": self.tables,
            "sections": self.sections,
        }


def _overview(rng: random.Random, built: Built, previous: Built | None) -> str:
    a = built.agency
    prose: dict[str, list[str]] = {}
    city = city_sentences(a.city)
    for topic, make in TOPICS.items():
        kept = [s for s in (previous.prose.get(topic, []) if previous else []) if rng.random() < 0.35]
        fresh = [make(rng, a) for _ in range(rng.randint(2, 4))]
        if topic == "主动" and rng.random() < 0.6:
            fresh.append(_pick(rng, tuple(city)))
        prose[topic] = kept + fresh
    built.prose = prose

    def fill(hint: str) -> str:
        topic = next((t for t in TOPICS if t in hint), "主动")
        return "".join(prose[topic])

    report = built.data()
    return fill_placeholders(draft_overview(report, previous.data() if previous else None), fill)


def _swap_names(text: str, source: Agency, target: Agency) -> str:
    for old, new in zip(name_forms(source.name), name_forms(target.name), strict=False):
        text = text.replace(old, new)
    return text.replace(f"“{source.abbr}", f"“{target.abbr}")


def _copied_sections(
    sections: dict[str, str], source: Built, built: Built, previous: Built | None
) -> dict[str, str]:
    out = {k: _swap_names(v, source.agency, built.agency) for k, v in sections.items()}
    if source.year != built.year:
        out = {k: v.replace(f"{source.year}年", f"{built.year}年") for k, v in out.items()}
    return refresh_figures(out, built.data(), previous.data() if previous else None)


_ALTERED = {"missing_section", "wrong_format"}  # their text is no sound source for a copy
PLANTS = {
    # plant -> share of reports (from the second year on, where a previous year exists)
    "late": 0.05,
    "late_local": 0.02,
    "copy_previous": 0.04,
    "copy_previous_five": 0.03,
    "copy_other": 0.04,
    "copy_other_section": 0.04,
    "carried_over": 0.05,
    "in_force": 0.05,
    "boilerplate": 0.05,
    "not_followed": 0.05,
    "wrong_format": 0.015,
    "missing_section": 0.015,
    "inconsistent": 0.02,
}
NEEDS_PREVIOUS = {"copy_previous", "copy_previous_five", "carried_over", "in_force", "not_followed"}


@dataclass
class ReportSet:
    submissions: list[Submission]
    planted: dict[str, set[str]]  # report key -> judging rules it must trigger
    plants: dict[str, str]  # report key -> what was planted ('' for none)
    copied_from: dict[str, str]  # report key -> key of the report it copies
    origins: dict[str, dict[str, str]]  # report key -> {prose section: where its text was written}
    stock_five: set[str]  # keys of reports whose section 五 is boilerplate


def _choose_plant(rng: random.Random, has_previous: bool) -> str:
    roll = rng.random()
    for plant, share in PLANTS.items():
        if plant in NEEDS_PREVIOUS and not has_previous:
            roll -= share
            continue
        if roll < share:
            return plant
        roll -= share
    return ""


def _published(rng: random.Random, a: Agency, year: int, late: str) -> dt.date:
    if late == "late":
        return due_date(a.kind, year) + dt.timedelta(days=rng.randint(1, 60))
    if late == "late_local":
        return dt.date(year + 1, *a.local_due) + dt.timedelta(days=rng.randint(1, 8))  # type: ignore[misc]
    due = due_for(a, year)
    first = dt.date(year + 1, 1, 5)  # nobody publishes in the first days of January
    return first + dt.timedelta(days=rng.randint(0, (due - first).days))


def report_set(seed: int, agencies: int = 100, years: tuple[int, ...] = (2022, 2023, 2024)) -> ReportSet:
    """`agencies` agencies, one report each per year, with faults planted at the rates of PLANTS."""
    rng = random.Random(seed)
    people = make_agencies(rng, agencies)
    history: dict[str, Built] = {}  # agency key -> last year's report
    everything: list[Built] = []
    for year in years:
        this_year: list[Built] = []
        for a in people:
            previous = history.get(a.key)
            plant = _choose_plant(rng, previous is not None)
            if plant in ("late", "late_local"):
                plant = "late_local" if a.local_due else "late"
            if plant == "in_force" and previous is not None and previous.fmt != "2021":
                plant = ""  # last year's table 二 has no 现行有效 to continue
            fmt = "2019" if plant == "wrong_format" else "2021"
            tables = make_tables(
                rng, fmt, previous.tables if previous else None, previous.fmt if previous else None
            )
            built = Built(a, year, fmt, tables, _published(rng, a, year, plant), plant=plant)
            _plant_tables(rng, built)
            this_year.append(built)
        originals = [b for b in this_year if not b.plant.startswith("copy_other")]
        for built in sorted(this_year, key=lambda b: b.plant.startswith("copy")):
            _write(rng, built, history.get(built.agency.key), originals)
        for built in this_year:
            history[built.agency.key] = built
        everything += this_year
    by_key = {(b.agency.key, b.year): b for b in everything}
    same_text: dict[tuple[int, str], list[Built]] = {}  # (year, origin of a prose section) -> reports
    for b in everything:
        for part in ("一", "五"):
            if b.origin.get(part):
                same_text.setdefault((b.year, b.origin[part]), []).append(b)
    planted = {
        b.key: _expected(
            b,
            by_key.get((b.agency.key, b.year - 1)),
            [o for part in ("一", "五") for o in same_text.get((b.year, b.origin.get(part, "")), [])],
        )
        for b in everything
    }
    submissions = [
        Submission(
            b.key,
            b.data(),
            agency=b.agency.key,
            kind=b.agency.kind,
            published_on=b.published_on,
            local_due=dt.date(b.year + 1, *b.agency.local_due) if b.agency.local_due else None,
        )
        for b in everything
    ]
    return ReportSet(
        submissions,
        planted,
        {b.key: b.plant for b in everything},
        {b.key: b.copied_from for b in everything if b.copied_from},
        {b.key: dict(b.origin) for b in everything},
        {b.key for b in everything if b.five is not None and b.five.stock},
    )


def _plant_tables(rng: random.Random, built: Built) -> None:
    tables = built.tables
    if built.plant == "carried_over":
        column = rng.choice(APPLICANT_KEYS)
        over = int(get_cell(tables, f"requests.carried_over.{column}") or 0)
        new = int(get_cell(tables, f"requests.new.{column}") or 0)
        change = rng.choice([k for k in (-2, -1, 1, 2, 3) if over + k >= 0 and new - k >= 0] or [0])
        if change == 0:  # no room below: carry more over and decide it this year
            _decide_more(tables, column, 1)
            change = 1
        set_cell(tables, f"requests.carried_over.{column}", over + change)
        _rebalance_new(tables, column)
    elif built.plant == "in_force":
        row = rng.choice(("regulations", "normative_documents"))
        now = int(get_cell(tables, f"proactive.{row}.in_force") or 0)
        change = rng.choice([k for k in (-3, -1, 2, 5) if now + k >= 0])
        set_cell(tables, f"proactive.{row}.in_force", now + change)
    elif built.plant == "inconsistent":
        path = "requests.results.disclosed.natural_person"
        set_cell(tables, path, int(get_cell(tables, path) or 0) + rng.randint(1, 3))


def _write(rng: random.Random, built: Built, previous: Built | None, originals: list[Built]) -> None:
    """The text sections of `built`, by its plant (copies last: their sources are written first)."""
    a, plant = built.agency, built.plant
    report = built.data()
    if plant in ("copy_previous", "copy_previous_five") and (previous is None or previous.plant in _ALTERED):
        built.plant = plant = ""  # nothing sound to copy
    if plant == "copy_previous" and previous is not None:
        built.prose, built.five, built.origin = previous.prose, previous.five, dict(previous.origin)
        built.sections = _copied_sections(previous.sections, previous, built, previous)
        built.copied_from = previous.key
        return
    if plant in ("copy_other", "copy_other_section"):
        sources = [
            b
            for b in originals
            if b.published_on < built.published_on
            and b.agency.key != a.key
            and b.sections
            and b.plant not in _ALTERED
        ]
        if not sources:
            built.plant = plant = ""
        else:
            source = rng.choice(sources)
            built.copied_from = source.key
            if plant == "copy_other":
                built.prose, built.five, built.origin = source.prose, source.five, dict(source.origin)
                built.sections = _copied_sections(source.sections, source, built, previous)
                return
            part = "五" if source.five is not None and not source.five.stock and rng.random() < 0.5 else "一"
            _write_own(rng, built, previous)
            copied = _copied_sections({part: source.sections[part]}, source, built, previous)
            built.sections[part] = copied[part]
            built.origin[part] = source.origin[part]
            if part == "五":
                built.five, built.followed = source.five, False
            else:
                built.prose = source.prose
            built.plant = f"copy_other_{part}"
            return
    _write_own(rng, built, previous)
    if plant == "copy_previous_five" and previous is not None and previous.sections.get("五"):
        built.sections["五"] = _copied_sections({"五": previous.sections["五"]}, previous, built, previous)[
            "五"
        ]
        built.five, built.followed = previous.five, False
        built.origin["五"] = previous.origin["五"]
        built.copied_from = previous.key
    if plant == "missing_section":
        built.sections[rng.choice(("五", "六"))] = ""
    del report


def _write_own(rng: random.Random, built: Built, previous: Built | None) -> None:
    a, plant = built.agency, built.plant
    report = built.data()
    follow = previous.five.heads if previous and previous.five and plant != "not_followed" else ()
    last = previous.five.heads if previous and previous.five else ()
    five = (
        stock_five(rng, built.year)
        if plant == "boilerplate"
        else concrete_five(rng, a, built.year, follow, last)
    )
    built.five = five
    built.followed = bool(follow) and not five.stock
    built.origin = {"一": f"{built.key}/一", "五": f"{built.key}/五"}
    built.sections = {
        "一": _overview(rng, built, previous),
        "二": "",
        "三": "",
        "四": "",
        "五": five.text,
        "六": other_matters(rng, report, a),
    }


def _shares(built: Built, other: Built) -> bool:
    """The two reports print the same prose section (the same text, names and figures aside)."""
    stock = built.five is not None and built.five.stock
    return built.origin.get("一") == other.origin.get("一") or (
        not stock and bool(built.sections.get("五")) and built.origin.get("五") == other.origin.get("五")
    )


def _expected(built: Built, previous: Built | None, same_year: list[Built]) -> set[str]:
    # `same_year`: the reports of the year that share a prose section's origin with `built` (or all)
    """The judging rules `built` must trigger: its plant's, and the consequences of where its prose comes
    from (a copy of a copy is a copy; a copied section 五 repeats the promises of whoever wrote it)."""
    plant = built.plant
    rules: set[str] = set()
    if plant in ("late", "late_local"):
        rules.add("late")
    if previous is not None and _shares(built, previous):
        rules.add("copy.previous_year")
    if any(
        other.agency.key != built.agency.key
        and other.published_on <= built.published_on
        and _shares(built, other)
        for other in same_year
    ):
        rules.add("copy.other_agency")
    if plant == "carried_over":
        rules.add("continuity.carried_over")
    if plant == "in_force":
        rules.add("continuity.in_force")
    if plant == "wrong_format":
        rules.add("format.wrong_year")
    if plant == "missing_section":
        rules.add("section.missing")
    if plant == "inconsistent":
        rules.add("tables.inconsistent")
    if built.sections.get("五") and built.five is not None:
        if built.five.stock:
            rules.add("problems.boilerplate")
        last = previous.five if previous is not None and previous.sections.get("五") else None
        if last is not None and last.heads and not built.followed:
            rules.add("problems.not_followed_up")
    return rules
