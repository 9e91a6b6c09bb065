"""The agency's list of expressions it must not use or must write in a fixed form, as data.

A starter list ships in `data/terms.toml`, each entry with its source; an agency's administrator adds
entries (the web system stores them and passes them in; the command line reads them from a TOML file
of the same shape or a CSV with the columns 表述, 类型, 规范表述, 严重程度, 来源, 说明).
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from gongkai.vetting.findings import ERROR, WARNING, Finding
from gongkai.vetting.text import Flow

BANNED, FIXED = "banned", "fixed"
RULE_OF_KIND = {BANNED: "wording.banned_expression", FIXED: "wording.fixed_form"}
_KIND_WORDS = {"banned": BANNED, "禁用": BANNED, "禁止": BANNED, "fixed": FIXED, "规范": FIXED, "固定": FIXED}
_SEVERITY_WORDS = {"error": ERROR, "错误": ERROR, "warning": WARNING, "警告": WARNING, "": WARNING}
_CSV_COLUMNS = {
    "表述": "expression",
    "类型": "kind",
    "规范表述": "replacement",
    "严重程度": "severity",
    "来源": "source",
    "说明": "note",
}


@dataclass(frozen=True)
class Term:
    """One expression: `banned` (must not be used) or `fixed` (must be written as `replacement`)."""

    expression: str
    kind: str
    replacement: str
    severity: str
    source: str
    note: str = ""

    @property
    def rule(self) -> str:
        return RULE_OF_KIND[self.kind]


def term_from_mapping(
    entry: Mapping[str, Any], sources: Mapping[str, str] | None = None, *, where: str = ""
) -> Term:
    """A Term from a dict (a data-file entry, a CSV row or the web system's record); ValueError (Chinese)
    naming `where` when a field is missing or wrong. `source` may name an entry of `sources`."""
    place = f"{where}：" if where else ""
    expression = str(entry.get("expression") or "").strip()
    if not expression:
        raise ValueError(f"{place}缺少表述（expression）。")
    kind = _KIND_WORDS.get(str(entry.get("kind") or "").strip().lower())
    if kind is None:
        raise ValueError(f"{place}“{expression}”的类型应为 banned（禁用）或 fixed（规范表述）。")
    replacement = str(entry.get("replacement") or "").strip()
    if kind == FIXED and not replacement:
        raise ValueError(f"{place}“{expression}”是规范表述类，须给出规范表述（replacement）。")
    severity = _SEVERITY_WORDS.get(str(entry.get("severity") or "").strip().lower())
    if severity is None:
        raise ValueError(f"{place}“{expression}”的严重程度应为 error（错误）或 warning（警告）。")
    source = str(entry.get("source") or "").strip()
    if not source:
        raise ValueError(f"{place}“{expression}”缺少来源（source）：每一条都须注明依据。")
    source = (sources or {}).get(source, source)
    return Term(expression, kind, replacement, severity, source, str(entry.get("note") or "").strip())


def parse_terms(text: str, *, suffix: str, label: str = "") -> tuple[Term, ...]:
    """Terms from the text of a `.toml` file (the data file's shape) or a `.csv` file."""
    if suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        terms = []
        for number, row in enumerate(rows, start=2):
            entry = {
                _CSV_COLUMNS.get((key or "").strip(), (key or "").strip()): value
                for key, value in row.items()
            }
            terms.append(term_from_mapping(entry, where=f"{label}第{number}行"))
        return tuple(terms)
    if suffix.lower() != ".toml":
        raise ValueError(f"{label}：词表文件应为 .toml 或 .csv。")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{label}：TOML 格式有误（{exc}）。") from exc
    sources = data.get("sources", {})
    return tuple(
        term_from_mapping(entry, sources, where=f"{label}第{number}条")
        for number, entry in enumerate(data.get("term", []), start=1)
    )


@lru_cache(maxsize=1)
def starter_terms() -> tuple[Term, ...]:
    """The list shipped with gongkai (`gongkai/vetting/data/terms.toml`)."""
    text = (resources.files("gongkai.vetting") / "data" / "terms.toml").read_text(encoding="utf-8")
    return parse_terms(text, suffix=".toml", label="gongkai/vetting/data/terms.toml")


def check_terms(flow: Flow, terms: Iterable[Term]) -> Iterator[Finding]:
    """`wording.banned_expression` and `wording.fixed_form`: each use of a listed expression.

    A longer listed expression wins over a shorter one inside it at the same place.
    """
    chosen = {term.expression: term for term in terms}
    if not chosen:
        return
    pattern = re.compile("|".join(map(re.escape, sorted(chosen, key=len, reverse=True))))
    for match in pattern.finditer(flow.text):
        term = chosen[match.group()]
        if term.kind == BANNED:
            message = f"禁用表述“{term.expression}”" + (
                f"，应改为“{term.replacement}”" if term.replacement else ""
            )
        else:
            message = f"“{term.expression}”应规范表述为“{term.replacement}”"
        message += f"（依据：{term.source}）。" + (term.note if term.note else "")
        yield Finding(
            term.rule,
            term.severity,
            message,
            flow.where(match.start()),
            match.group(),
            term.replacement or None,
        )
