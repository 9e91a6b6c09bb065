"""Reports side by side: the same cells across agencies, or one agency across years, with each report's
score and reasons (年报体检). A report is named by its key: `r<pk>` made in gongkai, `i<pk>` imported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.annual.model import get_cell

# The cells people compare first (2021 format), with the names printed in the report.
KEY_CELLS: tuple[tuple[str, str], ...] = (
    ("requests.new.total", "本年新收政府信息公开申请数量"),
    ("requests.carried_over.total", "上年结转政府信息公开申请数量"),
    ("requests.results.disclosed.total", "予以公开"),
    ("requests.results.partially_disclosed.total", "部分公开"),
    ("requests.results.unable_to_provide.not_held.total", "本机关不掌握相关政府信息"),
    ("requests.results.total.total", "总计"),
    ("requests.carried_forward.total", "结转下年度继续办理"),
    ("reviews.reconsideration.total", "行政复议 总计"),
    ("reviews.litigation_direct.total", "未经复议直接起诉 总计"),
    ("reviews.litigation_after_reconsideration.total", "复议后起诉 总计"),
    ("proactive.regulations.in_force", "规章 现行有效件数"),
    ("proactive.normative_documents.in_force", "行政规范性文件 现行有效件数"),
    ("proactive.administrative_licensing.decisions", "行政许可 处理决定数量"),
    ("proactive.administrative_penalty.decisions", "行政处罚 处理决定数量"),
)


@dataclass(frozen=True)
class Column:
    key: str
    agency: str
    year: int | None
    source: str
    score: int
    reasons: tuple[str, ...]
    data: dict[str, Any]


@dataclass(frozen=True)
class Comparison:
    choices: list[tuple[str, str]]  # (key, label) of every report of the area
    columns: list[Column]

    @property
    def header(self) -> list[str]:
        return ["项目", *(f"{c.agency} {c.year or ''}" for c in self.columns)]

    def rows(self) -> list[tuple[str, list[Any]]]:
        out = [
            (label, [get_cell(c.data.get("tables") or {}, path) for c in self.columns])
            for path, label in KEY_CELLS
        ]
        return out

    def table_rows(self) -> list[list[Any]]:
        rows = [[label, *values] for label, values in self.rows()]
        rows.append(["得分", *(c.score for c in self.columns)])
        rows.append(["扣分原因", *("；".join(c.reasons) for c in self.columns)])
        return rows

    def differs(self, values: Sequence[Any]) -> bool:
        return len({str(v) for v in values}) > 1


def compare(office: Agency, agencies: Sequence[Agency], keys: Sequence[str]) -> Comparison:
    # Imported here: the judging core (numpy) only on the comparison's pages.
    from gongkai.supervision.health import judge_area, report_data

    judged = judge_area(office)
    allowed = {a.pk for a in agencies}
    judged = [j for j in judged if j.agency is None or j.agency.pk in allowed]
    choices = [
        (j.key, f"{j.agency_name} {j.year or '?'}年")
        for j in sorted(judged, key=lambda j: (j.agency_name, j.year or 0))
    ]
    by_key = {j.key: j for j in judged}
    data = report_data([k for k in keys if k in by_key])
    columns = [
        Column(
            key,
            by_key[key].agency_name,
            by_key[key].year,
            by_key[key].source,
            by_key[key].judgement.score,
            tuple(r.message for r in by_key[key].judgement.reasons if r.severity != "info"),
            data[key],
        )
        for key in keys
        if key in by_key
    ]
    return Comparison(choices, columns)
