"""Draft the six text sections of an annual report from its tables, every figure filled in (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.annual.formats import FORMATS, REQUEST_COLUMNS_2021
from gongkai.annual.model import get_cell
from gongkai.annual.writers.blocks import format_number
from gongkai.annual.writers.report import PREAMBLE_KEY

# Where the clerk must write their own prose. The marker is unmistakable on screen and in print, and
# `placeholders()` finds every one left, so that a report still holding one cannot be approved.
PLACEHOLDER_OPEN = "【待填写："
PLACEHOLDER_CLOSE = "】"
_PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER_OPEN) + r"(.*?)" + re.escape(PLACEHOLDER_CLOSE), re.S)

SECTION_KEYS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六")

# Applicant columns of table 三 in printed order (the format's labels); after the first come the
# five kinds of 法人或其他组织.
APPLICANT_LABELS: dict[str, str] = {c.key: c.label for c in REQUEST_COLUMNS_2021 if not c.is_total}
ORGANISATION_KEYS: tuple[str, ...] = tuple(APPLICANT_LABELS)[1:]

# Result groups of table 三 by the short names agencies use in their text.
RESULT_GROUP_LABELS: dict[str, str] = {
    "disclosed": "予以公开",
    "partially_disclosed": "部分公开",
    "withheld": "不予公开",
    "unable_to_provide": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
# The detailed result rows ('withheld.state_secret' …) by their printed labels, shortened where the
# format's label is a whole sentence.
_SHORTER_LABELS = {
    "other.no_amendment": "申请人逾期不补正",
    "other.fee_unpaid": "申请人逾期未缴纳费用",
    "other.other": "其他情形",
}
RESULT_ROW_LABELS: dict[str, str] = {
    row.key.removeprefix("results."): _SHORTER_LABELS.get(row.key.removeprefix("results."), row.label)
    for row in FORMATS["2021"].table("requests").rows
    if row.key.count(".") == 2
}

REVIEW_RESULT_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}

# --- small value helpers -------------------------------------------------------------------------


def placeholder(hint: str) -> str:
    """A marked place for the clerk's own prose, with a hint of what belongs there."""
    return f"{PLACEHOLDER_OPEN}{hint}{PLACEHOLDER_CLOSE}"


def placeholders(text: str) -> list[str]:
    """The hints of every placeholder still left in `text`, in order."""
    return [m.group(1) for m in _PLACEHOLDER_RE.finditer(text)]


def fill_placeholders(text: str, fill: Callable[[str], str]) -> str:
    """`text` with each placeholder replaced by `fill(hint)`."""
    return _PLACEHOLDER_RE.sub(lambda m: fill(m.group(1)), text)


def compare_with_previous(current: int | None, previous: int | None, unit: str = "件") -> str:
    """'比上年增加N件' / '比上年减少N件' / '与上年持平'; '' when either figure is unknown."""
    if current is None or previous is None:
        return ""
    if current > previous:
        return f"比上年增加{current - previous}{unit}"
    if current < previous:
        return f"比上年减少{previous - current}{unit}"
    return "与上年持平"


def format_yuan(amount: Decimal | int | float | str | None) -> str:
    """An amount of money as agencies print it: '0', '300', '12.5' (no needless zeros)."""
    return format_number(Decimal(str(amount))) if amount is not None else "0"


def _with_comparison(text: str, comparison: str) -> str:
    return f"{text}，{comparison}" if comparison else text


def _join(parts: list[str]) -> str:
    return "、".join(parts)


@dataclass(frozen=True)
class Figures:
    """The cells of one report's tables by dotted path (as `model.get_cell`), beside last year's."""

    tables: Mapping[str, Any]
    prior: Mapping[str, Any] | None = None

    @classmethod
    def of(cls, report: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> Figures:
        return cls(report.get("tables") or {}, (previous.get("tables") or {}) if previous else None)

    def cell(self, path: str) -> int | float | None:
        return get_cell(dict(self.tables), path)

    def n(self, path: str) -> int:
        """A count for the prose; a blank (unknown) cell reads as 0."""
        value = self.cell(path)
        return int(value) if value is not None else 0

    def sum(self, *paths: str) -> int:
        return sum(self.n(path) for path in paths)

    def versus(self, *paths: str) -> str:
        """The comparison with last year of the sum of `paths`; '' without last year or a blank cell."""
        if self.prior is None:
            return ""
        now = [get_cell(dict(self.tables), p) for p in paths]
        before = [get_cell(dict(self.prior), p) for p in paths]
        if None in now or None in before:
            return ""
        return compare_with_previous(sum(int(v or 0) for v in now), sum(int(v or 0) for v in before))

    def row_keys(self, path: str) -> list[str]:
        """The keys of the rows under a group of table 三's results, in their order."""
        node = _node(self.tables, path)
        return list(node) if isinstance(node, Mapping) else []

    def group_total(self, path: str, column: str = "total") -> int:
        """A result group's total: its own cell (予以公开; 2019's 其他处理) or the sum of its rows."""
        if self.cell(f"{path}.{column}") is not None:
            return self.n(f"{path}.{column}")
        return sum(self.n(f"{path}.{key}.{column}") for key in self.row_keys(path))


def _node(tables: Mapping[str, Any], path: str) -> Any:
    node: Any = tables
    for key in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


# --- the opening paragraph and section 一 -------------------------------------------------------


def draft_preamble(report: Mapping[str, Any]) -> str:
    """The paragraph between the title and section 一: the basis, the period, where to ask."""
    year = report.get("year")
    notice = FORMATS.get(str(report.get("format")), FORMATS["2021"]).document
    agency = report.get("agency") or "本机关"
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条和《国务院办公厅"
        "政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
        f"（{notice}）要求编制。报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请与{agency}联系（地址：{placeholder('地址')}；电话：{placeholder('电话')}）。"
    )


def _opening(report: Mapping[str, Any]) -> str:
    year, agency = report.get("year"), report.get("agency") or "本机关"
    return (
        f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为常态、"
        "不公开为例外”，扎实做好主动公开、依申请公开、政府信息管理、平台建设和监督保障等各项工作。"
        "现将本年度政府信息公开工作情况报告如下。"
    )


def _decisions(f: Figures, rows: tuple[tuple[str, str], ...], suffix: str) -> str:
    parts = [
        _with_comparison(
            f"{label}{suffix}{f.n(f'proactive.{key}.decisions')}件", f.versus(f"proactive.{key}.decisions")
        )
        for key, label in rows
    ]
    return "全年作出" + "；".join(parts) + "。"


def _proactive_2021(f: Figures) -> str:
    p = "proactive"
    return (
        f"本年度制发规章{f.n(f'{p}.regulations.issued')}件、行政规范性文件{f.n(f'{p}.normative_documents.issued')}件，"
        f"废止规章{f.n(f'{p}.regulations.repealed')}件、行政规范性文件{f.n(f'{p}.normative_documents.repealed')}件，"
        f"现行有效规章{f.n(f'{p}.regulations.in_force')}件、行政规范性文件"
        f"{f.n(f'{p}.normative_documents.in_force')}件，均已按规定主动公开。"
        + _decisions(
            f,
            (
                ("administrative_licensing", "行政许可"),
                ("administrative_penalty", "行政处罚"),
                ("administrative_coercion", "行政强制"),
            ),
            "决定",
        )
        + f"本年度行政事业性收费金额{format_yuan(f.cell(f'{p}.administrative_fees.amount_wan_yuan'))}万元。"
    )


def _proactive_2019(f: Figures) -> str:
    p = "proactive"
    return (
        f"本年度新制作规章{f.n(f'{p}.regulations.made')}件、规范性文件{f.n(f'{p}.normative_documents.made')}件，"
        f"新公开规章{f.n(f'{p}.regulations.published')}件、规范性文件{f.n(f'{p}.normative_documents.published')}件，"
        f"对外公开规章总数{f.n(f'{p}.regulations.total_published')}件、规范性文件总数"
        f"{f.n(f'{p}.normative_documents.total_published')}件。"
        + _decisions(
            f,
            (
                ("administrative_licensing", "行政许可"),
                ("other_external_services", "其他对外管理服务事项"),
                ("administrative_penalty", "行政处罚"),
                ("administrative_coercion", "行政强制"),
            ),
            "处理决定",
        )
    )


def _applicants_sentence(f: Figures) -> str:
    organisations = [(key, f.n(f"requests.new.{key}")) for key in ORGANISATION_KEYS]
    text = (
        f"其中自然人申请{f.n('requests.new.natural_person')}件，"
        f"法人或其他组织申请{sum(n for _key, n in organisations)}件"
    )
    detail = [f"{APPLICANT_LABELS[key]}{n}件" for key, n in organisations if n]
    return text + (f"（{_join(detail)}）" if detail else "")


def _results_sentence(f: Figures) -> str:
    parts = []
    for group, label in RESULT_GROUP_LABELS.items():
        path = f"requests.results.{group}"
        total = f.group_total(path)
        text = f"{label}{total}件"
        detailed = f.cell(f"{path}.total") is None
        if total and detailed:
            detail = [
                f"{RESULT_ROW_LABELS.get(f'{group}.{key}', key)}{f.n(f'{path}.{key}.total')}件"
                for key in f.row_keys(path)
                if f.n(f"{path}.{key}.total")
            ]
            text += f"（{_join(detail)}）"
        parts.append(text)
    return "，".join(parts)


def _requests_paragraph(report: Mapping[str, Any], f: Figures) -> str:
    received = _with_comparison(
        f"{report.get('year')}年，本机关共收到政府信息公开申请{f.n('requests.new.total')}件",
        f.versus("requests.new.total"),
    )
    handled = _with_comparison(
        f"本年度共办结申请{f.n('requests.results.total.total')}件", f.versus("requests.results.total.total")
    )
    return (
        f"{received}，{_applicants_sentence(f)}；另有上年结转申请{f.n('requests.carried_over.total')}件。"
        f"{handled}。"
        + (f"其中{_results_sentence(f)}；" if f.n("requests.results.total.total") else "")
        + f"另有{f.n('requests.carried_forward.total')}件申请结转下年度继续办理。"
    )


LITIGATION_GROUPS: tuple[str, ...] = ("reviews.litigation_direct", "reviews.litigation_after_reconsideration")


def _review_outcomes(f: Figures, *groups: str) -> str:
    counts = [(label, f.sum(*(f"{g}.{key}" for g in groups))) for key, label in REVIEW_RESULT_LABELS.items()]
    return _join([f"{label}{n}件" for label, n in counts if n])


def _reviews_sentence(f: Figures) -> str:
    reconsideration = f.n("reviews.reconsideration.total")
    litigation = f.sum(*(f"{g}.total" for g in LITIGATION_GROUPS))
    if not reconsideration and not litigation:
        return "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    text = _with_comparison(
        f"本年度因政府信息公开引起行政复议{reconsideration}件", f.versus("reviews.reconsideration.total")
    )
    if reconsideration:
        text += f"（{_review_outcomes(f, 'reviews.reconsideration')}）"
    text += "，" + _with_comparison(
        f"行政诉讼{litigation}件", f.versus(*(f"{g}.total" for g in LITIGATION_GROUPS))
    )
    if litigation:
        direct, after = (f.n(f"{g}.total") for g in LITIGATION_GROUPS)
        text += f"（其中未经复议直接起诉{direct}件、复议后起诉{after}件；{_review_outcomes(f, *LITIGATION_GROUPS)}）"
    return text + "。"


def register_paragraph(report: Mapping[str, Any]) -> str:
    """What the register says of the year (`report["register"]`: documents published, by 第二十条 item
    and by channel, as label–count pairs); '' where the agency keeps no register in the system."""
    register = report.get("register") or {}
    if not register:
        return ""
    text = (
        f"{report.get('year')}年，本机关通过政府信息公开目录主动公开政府信息{register.get('published', 0)}件"
    )
    items = [f"{label}{n}件" for label, n in register.get("by_item") or []]
    if items:
        text += "，其中" + _join(items)
    channels = [f"{label}发布{n}件" for label, n in register.get("by_channel") or []]
    if channels:
        text += "；按发布渠道，" + _join(channels)
    return text + "。"


def figure_paragraphs(
    report: Mapping[str, Any], previous: Mapping[str, Any] | None = None
) -> dict[str, list[str]]:
    """The drafted paragraphs that quote the data, by section: what `refresh_figures` brings up to date."""
    figures = Figures.of(report, previous)
    proactive = _proactive_2019 if report.get("format") == "2019" else _proactive_2021
    register = register_paragraph(report)
    return {
        "一": [
            proactive(figures),
            _requests_paragraph(report, figures) + _reviews_sentence(figures),
            *([register] if register else []),
        ],
        "六": [processing_fee_sentence(report.get("year"), report.get("fees_yuan"))],
    }


def _paragraph_key(line: str) -> str:
    """A figure paragraph's opening words with its figures masked: the same paragraph in any year's data."""
    return re.sub(r"\d+(?:\.\d+)?", "#", line.strip())[:12]


def refresh_figures(
    sections: Mapping[str, str], report: Mapping[str, Any], previous: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """`sections` with each drafted figure paragraph replaced by its version for the current data.

    A paragraph is recognised by its opening words, so the clerk's own paragraphs, and figure
    paragraphs the clerk has rewritten in other words, stay exactly as they are.
    """
    out = dict(sections)
    for key, paragraphs in figure_paragraphs(report, previous).items():
        fresh = {_paragraph_key(p): p for p in paragraphs}
        lines = (sections.get(key) or "").split("\n")
        out[key] = "\n".join(
            fresh.get(_paragraph_key(line), line) if line.strip() else line for line in lines
        )
    return out


def draft_overview(report: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> str:
    """Section 一、总体情况: the figures filled in, the clerk's own prose marked where it belongs."""
    proactive, requests, *register = figure_paragraphs(report, previous)["一"]
    lines = [
        _opening(report),
        "（一）主动公开",
        proactive,
        *register,
        placeholder(
            "政策解读、回应关切等工作"
            if register
            else "本年度通过政府网站、政务新媒体等渠道主动公开信息的情况，政策解读、回应关切等工作"
        ),
        "（二）依申请公开",
        requests,
        "（三）政府信息管理",
        placeholder("公开属性认定、保密审查、政府信息公开指南和目录的更新维护等工作"),
        "（四）政府信息公开平台建设",
        placeholder("政府网站信息公开专栏、政务新媒体等平台的建设和管理情况"),
        "（五）监督保障",
        placeholder("组织领导、教育培训、工作考核、社会评议和责任追究等情况（未发生责任追究的也请写明）"),
    ]
    return "\n".join(lines)


# --- sections 五 and 六 -----------------------------------------------------------------------------


def draft_problems(report: Mapping[str, Any]) -> str:
    """Section 五: only the clerk knows the problems; a marked place with what belongs there."""
    return "\n".join(
        [
            placeholder(
                f"{report.get('year')}年政府信息公开工作存在的主要问题，以及针对上年度问题的改进情况"
            ),
            placeholder("下一步的改进措施"),
        ]
    )


def processing_fee_sentence(year: Any, fees_yuan: Decimal | int | float | str | None) -> str:
    """The statement section 六 must make about the 信息处理费 collected (国办函〔2020〕109号)."""
    return (
        f"{year}年，本机关严格落实《政府信息公开信息处理费管理办法》，"
        f"全年收取政府信息公开信息处理费{format_yuan(fees_yuan)}元。"
    )


def draft_other_matters(report: Mapping[str, Any]) -> str:
    """Section 六: the processing fees actually collected, then room for anything else."""
    return "\n".join(
        [
            "（一）信息处理费收取情况",
            *figure_paragraphs(report)["六"],
            "（二）其他事项",
            "本年度无其他需要报告的事项。",
        ]
    )


def draft_sections(report: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The six text sections of `report` (the report-data contract; `fees_yuan` beside `tables`).

    Sections 二 to 四 are the tables, so their text is empty; PREAMBLE_KEY ("导语") holds the
    paragraph printed between the title and section 一. `previous` is last year's report in the
    same shape; when given, the draft compares the main figures with it ("比上年增加N件").
    """
    return {
        PREAMBLE_KEY: draft_preamble(report),
        "一": draft_overview(report, previous),
        "二": "",
        "三": "",
        "四": "",
        "五": draft_problems(report),
        "六": draft_other_matters(report),
    }


_SUBHEADING = re.compile(r"^\s*（[一二三四五六七八九十]+）")


def fill_subsection(section: str, heading: str, body: str) -> str:
    """`section` with the lines under `heading` (up to the next "（N）" heading) replaced by `body`;
    `heading` and `body` added at the end when the section has no such heading."""
    lines = section.split("\n") if section else []
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    except StopIteration:
        return "\n".join([*lines, heading, body]) if lines else f"{heading}\n{body}"
    end = next(
        (i for i in range(start + 1, len(lines)) if _SUBHEADING.match(lines[i])),
        len(lines),
    )
    return "\n".join([*lines[: start + 1], body, *lines[end:]])
