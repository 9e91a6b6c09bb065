"""The statutory report formats (国办公开办函〔2021〕30号 and 〔2019〕60号) as declarative data.

Everything that knows what a report's tables look like reads this module: the generic reader (which
labels to look for, how many cells a row has, which arithmetic holds), the cross-check rules, and the
writers (block headings, two-level column headers). When the national format changes, a new
`ReportFormat` literal is added here and nothing else needs to know.

Row keys are dotted paths inside their table ('results.withheld.state_secret'); a cell's full path is
'<table>.<row key>.<column key>', e.g. 'requests.results.withheld.state_secret.total'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.law.outcomes import GROUPS, OUTCOMES, Outcome, row_key

INT = "int"  # a count, never negative
SIGNED = "signed"  # a change, may be negative (2019: 本年增/减)
DECIMAL = "decimal"  # an amount (万元), may have decimals


@dataclass(frozen=True)
class Column:
    """One numeric column: its contract key, the printed label and the kind of number it holds."""

    key: str
    label: str
    kind: str = INT
    variants: tuple[str, ...] = ()
    is_total: bool = False  # equals the sum of the other columns of its block


@dataclass(frozen=True)
class Row:
    """One printed row: key path inside its table, label as printed (without its number prefix).

    `groups` are the headings of the row groups it sits in (outermost first), as printed in the
    merged cells to its left. `keys` are short distinctive fragments that still identify the row when
    its printed label is mangled (broken lines, vertical group labels interleaved, typos).
    """

    key: str
    label: str
    prefix: str = ""
    variants: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    sum_of: str = ""  # this row equals the sum of the rows whose key starts with `sum_of + '.'`

    @property
    def printed(self) -> str:
        return f"{self.prefix}{self.label}"

    @property
    def patterns(self) -> tuple[str, ...]:
        """The texts whose presence identifies this row (normalised by the reader before use)."""
        return (self.label, *self.variants, *self.keys)


@dataclass(frozen=True)
class MergedRow:
    """A single printed row that some reports use in place of several rows of the format.

    洪泽区 prints （六）其他处理 as one row (2019-style) in a 2021 report: its cells cover the three
    2021 sub-rows. Only a combined row of zeros determines its parts (counts cannot be negative).
    """

    label: str
    prefix: str
    parts: tuple[str, ...]
    keys: tuple[str, ...] = ()

    @property
    def patterns(self) -> tuple[str, ...]:
        return (self.label, *self.keys)


@dataclass(frozen=True)
class Block:
    """A group of rows sharing one column layout (table 二 has several, table 三 one)."""

    heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    heading_variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a table's printed header, for writers: label with its spans."""

    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Table:
    """One of the three statutory tables.

    `single_row`: all rows are printed side by side as ONE line of cells (table 四: 15 cells), under
    `header`. `balance`: (left rows, right rows) whose sums agree in every column.
    """

    key: str
    number: str
    title: str
    blocks: tuple[Block, ...]
    title_variants: tuple[str, ...] = ()
    header: tuple[tuple[HeaderCell, ...], ...] = ()
    corner_note: str = ""
    label_heading: str = "信息内容"
    single_row: bool = False
    merged_rows: tuple[MergedRow, ...] = ()
    balance: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for block in self.blocks for row in block.rows)

    def block_of(self, row_key: str) -> Block:
        for block in self.blocks:
            if any(row.key == row_key for row in block.rows):
                return block
        raise KeyError(row_key)


@dataclass(frozen=True)
class Section:
    """One of the six numbered sections; `table` names the table it holds, if any."""

    number: str
    title: str
    keywords: tuple[str, ...]
    table: str = ""
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportFormat:
    key: str
    document: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: dict[str, Table] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return self.tables[key]


# --- shared pieces ---------------------------------------------------------------------------------

APPLICANT_GROUP = "法人或其他组织"

REQUEST_COLUMNS_2021 = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业"),
    Column("research_institution", "科研机构"),
    Column("social_welfare_organization", "社会公益组织", variants=("社会组织",)),
    Column("legal_service_institution", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计", is_total=True),
)

REQUEST_HEADER = (
    (
        HeaderCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        HeaderCell("申请人情况", 7),
    ),
    (HeaderCell("自然人", 1, 2), HeaderCell(APPLICANT_GROUP, 5), HeaderCell("总计", 1, 2)),
    (
        HeaderCell("商业企业"),
        HeaderCell("科研机构"),
        HeaderCell("社会公益组织"),
        HeaderCell("法律服务机构"),
        HeaderCell("其他"),
    ),
)

RESULTS = "三、本年度办理结果"


# What the reader needs beside each result row's printed name (law.outcomes defines the name, its number
# and the rows' order once): other spellings seen in reports, and short fragments that still identify a
# mangled label.
_RESULT_ROW_READING: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "disclosed": ((), ("予以公开",)),
    "partially_disclosed": ((), ("部分公开",)),
    "withheld.state_secret": ((), ("国家秘密",)),
    "withheld.prohibited_by_law": (("其他法律行政止公开", "其他法律行政法规禁止"), ("法律行政",)),
    "withheld.security_stability": ((), ("三安全一稳定", "危及")),
    "withheld.third_party_rights": ((), ("第三方合法权益",)),
    "withheld.internal_affairs": ((), ("内部事务",)),
    "withheld.process_information": ((), ("过程性信息",)),
    "withheld.enforcement_case_file": ((), ("执法案卷",)),
    "withheld.administrative_query": ((), ("行政查询",)),
    "unable_to_provide.not_held": ((), ("不掌握",)),
    "unable_to_provide.needs_creation": ((), ("另行制作", "没有现成")),
    "unable_to_provide.unclear_after_amendment": ((), ("补正后申请", "仍不明确")),
    "not_processed.petition_or_complaint": ((), ("信访举报",)),
    "not_processed.duplicate": ((), ("重复申请",)),
    "not_processed.publication": ((), ("公开出版物",)),
    "not_processed.excessive": ((), ("大量反复",)),
    "not_processed.confirm_or_reissue": ((), ("重新出具",)),
    "other.no_amendment": ((), ("逾期不补正",)),
    "other.fee_unpaid": ((), ("收费通知", "缴纳费用")),
    "other.other": ((), ("3.其他",)),
    "other": ((), ("(六)其他处理",)),
}


def _result_row(outcome: Outcome, printed: str) -> Row:
    """The row of table 三 counting `outcome`, printed as `printed` (its number, then its name)."""
    variants, keys = _RESULT_ROW_READING[outcome.key]
    group = GROUPS[outcome.group]
    groups = (RESULTS, f"{group.number_zh}{group.label_zh}") if "." in outcome.key else (RESULTS,)
    prefix = printed.removesuffix(outcome.name_zh)
    return Row(row_key(outcome.key), outcome.name_zh, prefix, variants=variants, groups=groups, keys=keys)


def _result_rows(fmt_key: str) -> tuple[Row, ...]:
    """Table 三's result rows of a format, in the order and with the labels law.outcomes gives them."""
    printed = "label_2021" if fmt_key == "2021" else "label_2019"
    return tuple(_result_row(o, label) for o in OUTCOMES if (label := getattr(o, printed)))


def _request_rows(fmt_key: str) -> tuple[Row, ...]:
    return (
        Row("new", "本年新收政府信息公开申请数量", "一、", keys=("本年新收",)),
        Row("carried_over", "上年结转政府信息公开申请数量", "二、", keys=("上年结转",)),
        *_result_rows(fmt_key),
        Row(
            "results.total",
            "总计",
            "（七）",
            groups=(RESULTS,),
            keys=("(七)总计", "(七)合计"),
            sum_of="results",
        ),
        Row("carried_forward", "结转下年度继续办理", "四、", keys=("结转下年度", "转下年度继续")),
    )


REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计", is_total=True),
)

REVIEW_HEADER = (
    (HeaderCell("行政复议", 5), HeaderCell("行政诉讼", 10)),
    (HeaderCell("结果维持", 1, 2), HeaderCell("结果纠正", 1, 2), HeaderCell("其他结果", 1, 2),
     HeaderCell("尚未审结", 1, 2), HeaderCell("总计", 1, 2), HeaderCell("未经复议直接起诉", 5), HeaderCell("复议后起诉", 5)),
    tuple(HeaderCell(column.label) for column in REVIEW_COLUMNS) * 2,
)  # fmt: skip

REVIEWS = Table(
    key="reviews",
    number="四",
    title="政府信息公开行政复议、行政诉讼情况",
    title_variants=("政府信息公开行政复议行政诉讼情况",),
    blocks=(
        Block(
            "",
            REVIEW_COLUMNS,
            (
                Row("reconsideration", "行政复议"),
                Row("litigation_direct", "未经复议直接起诉", groups=("行政诉讼",)),
                Row("litigation_after_reconsideration", "复议后起诉", groups=("行政诉讼",)),
            ),
        ),
    ),
    header=REVIEW_HEADER,
    label_heading="",
    single_row=True,
)


def _requests_table(columns: tuple[Column, ...], fmt_key: str, merged: tuple[MergedRow, ...]) -> Table:
    return Table(
        key="requests",
        number="三",
        title="收到和处理政府信息公开申请情况",
        title_variants=("收到处理政府信息公开申请情况",),
        blocks=(Block("", columns, _request_rows(fmt_key)),),
        header=REQUEST_HEADER,
        corner_note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        label_heading="",
        merged_rows=merged,
        balance=(("new", "carried_over"), ("results.total", "carried_forward")),
    )


def _sections(problems_title: str, problems_variants: tuple[str, ...]) -> tuple[Section, ...]:
    return (
        Section("一", "总体情况", ("总体情况",)),
        Section("二", "主动公开政府信息情况", ("主动公开",), table="proactive"),
        Section("三", "收到和处理政府信息公开申请情况", ("申请情况", "公开申请"), table="requests",
                variants=("收到处理政府信息公开申请情况",)),
        Section("四", "政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼"), table="reviews"),
        Section("五", problems_title, ("问题", "改进"), variants=problems_variants),
        Section("六", "其他需要报告的事项", ("其他需要", "其他事项", "需要报告")),
    )  # fmt: skip


# --- 国办公开办函〔2021〕30号 -----------------------------------------------------------------------

ARTICLE_20 = "第二十条"

FORMAT_2021 = ReportFormat(
    key="2021",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=_sections("存在的主要问题及改进情况", ("存在问题及改进情况", "存在主要问题及改进情况")),
    tables={
        "proactive": Table(
            key="proactive",
            number="二",
            title="主动公开政府信息情况",
            blocks=(
                Block(
                    "第二十条第（一）项",
                    (
                        Column("issued", "本年制发件数"),
                        Column("repealed", "本年废止件数", variants=("本年度止件数",)),
                        Column("in_force", "现行有效件数"),
                    ),
                    (
                        Row("regulations", "规章"),
                        Row("normative_documents", "行政规范性文件", variants=("规范性文件",)),
                    ),
                ),
                Block(
                    "第二十条第（五）项",
                    (Column("decisions", "本年处理决定数量"),),
                    (Row("administrative_licensing", "行政许可"),),
                ),
                Block(
                    "第二十条第（六）项",
                    (Column("decisions", "本年处理决定数量"),),
                    (
                        Row("administrative_penalty", "行政处罚"),
                        Row("administrative_coercion", "行政强制"),
                    ),
                ),
                Block(
                    "第二十条第（八）项",
                    (Column("amount_wan_yuan", "本年收费金额（单位：万元）", kind=DECIMAL),),
                    (Row("administrative_fees", "行政事业性收费"),),
                ),
            ),
        ),
        "requests": _requests_table(
            REQUEST_COLUMNS_2021,
            "2021",
            (
                MergedRow(
                    "其他处理",
                    "（六）",
                    tuple(row.key for row in _result_rows("2021") if row.key.startswith("results.other.")),
                    keys=("(六)其他处理",),
                ),
            ),
        ),
        "reviews": REVIEWS,
    },
)

# --- 国办公开办函〔2019〕60号, 格式（试行） --------------------------------------------------------

_ITEMS_COLUMNS = (
    Column("previous_year_items", "上一年项目数量"),
    Column("change", "本年增/减", kind=SIGNED, variants=("本年增减",)),
    Column("decisions", "处理决定数量"),
)

FORMAT_2019 = ReportFormat(
    key="2019",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=_sections(
        "政府信息公开工作存在的主要问题及改进情况", ("存在的主要问题及改进情况", "存在问题及改进情况")
    ),
    tables={
        "proactive": Table(
            key="proactive",
            number="二",
            title="主动公开政府信息情况",
            blocks=(
                Block(
                    "第二十条第（一）项",
                    (
                        Column("made", "本年新制作数量"),
                        Column("published", "本年新公开数量"),
                        Column("total_published", "对外公开总数量"),
                    ),
                    (
                        Row("regulations", "规章"),
                        Row("normative_documents", "规范性文件", variants=("行政规范性文件",)),
                    ),
                ),
                Block(
                    "第二十条第（五）项",
                    _ITEMS_COLUMNS,
                    (
                        Row("administrative_licensing", "行政许可"),
                        Row("other_external_services", "其他对外管理服务事项", keys=("对外管理服务",)),
                    ),
                ),
                Block(
                    "第二十条第（六）项",
                    _ITEMS_COLUMNS,
                    (
                        Row("administrative_penalty", "行政处罚"),
                        Row("administrative_coercion", "行政强制"),
                    ),
                ),
                Block(
                    "第二十条第（八）项",
                    _ITEMS_COLUMNS[:2],
                    (Row("administrative_fees", "行政事业性收费"),),
                ),
                Block(
                    "第二十条第（九）项",
                    (
                        Column("projects", "采购项目数量"),
                        Column("total_amount", "采购总金额", kind=DECIMAL),
                    ),
                    (Row("government_procurement", "政府集中采购", keys=("集中采购",)),),
                ),
            ),
        ),
        "requests": _requests_table(
            tuple(
                Column(c.key, "社会组织", variants=("社会公益组织",))
                if c.key == "social_welfare_organization"
                else c
                for c in REQUEST_COLUMNS_2021
            ),
            "2019",
            (),
        ),
        "reviews": REVIEWS,
    },
)

FORMATS: dict[str, ReportFormat] = {"2021": FORMAT_2021, "2019": FORMAT_2019}

TABLE_KEYS: tuple[str, ...] = ("proactive", "requests", "reviews")


def format_for_year(year: int) -> str:
    """The format a report for `year` must use: '2019' for 2019 and 2020, '2021' from 2021 on."""
    for fmt in FORMATS.values():
        if year >= fmt.first_year and (fmt.last_year is None or year <= fmt.last_year):
            return fmt.key
    return "2019" if year < FORMAT_2019.first_year else "2021"


def get_format(fmt: str | ReportFormat) -> ReportFormat:
    """Accept a format key or a format and return the format."""
    return FORMATS[fmt] if isinstance(fmt, str) else fmt
