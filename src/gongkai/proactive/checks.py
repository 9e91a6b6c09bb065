"""The automatic checks (三校) of a document before publication: `gongkai.vetting` over its title,
summary, text and attachments, with the agency's own expressions; each finding kept with who saw it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from gongkai.annual.document import ReadError
from gongkai.proactive.models import Document, ProactiveSettings
from gongkai.vetting import Finding, parse_terms, review_lines
from gongkai.vetting.files import review_file

# Never publishable, whatever the reviewers say (保密法 第三十五条: 涉密信息不上网).
BLOCKING_RULES: frozenset[str] = frozenset({"secret.marking"})


def agency_terms(settings: ProactiveSettings) -> tuple[Any, ...]:
    """The agency's own banned and fixed expressions (a malformed list is ignored, not guessed)."""
    if not settings.extra_terms.strip():
        return ()
    try:
        return parse_terms(settings.extra_terms, suffix=".csv", label="本机关禁用和规范表述")
    except ValueError:
        return ()


def _record(finding: Finding, source: str) -> dict[str, Any]:
    record = finding.as_dict()
    record["source"] = source
    key = f"{source}|{finding.rule}|{finding.text}|{record['where']}"
    record["id"] = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    record["acknowledged_by"] = ""
    record["acknowledged_at"] = ""
    return record


def text_findings(document: Document, settings: ProactiveSettings, today: dt.date) -> list[dict[str, Any]]:
    """The findings of the document's own text: title, summary and body, as whole paragraphs."""
    lines = [document.title, *document.summary.splitlines(), *document.body.splitlines()]
    found = review_lines(
        lines, today=today, written_on=document.written_on, wrapped=False, extra_terms=agency_terms(settings)
    )
    return [_record(f, "正文") for f in found]


def file_findings(path: Path, name: str, settings: ProactiveSettings, today: dt.date) -> list[dict[str, Any]]:
    """The findings of an attachment; a file that cannot be read is itself a finding to look at."""
    try:
        found = review_file(path, today=today, extra_terms=agency_terms(settings))
    except (ReadError, OSError, ValueError) as exc:
        unreadable = Finding(
            "file.unreadable", "warning", f"附件“{name}”无法自动检查（{exc}），请人工核对。", None, name
        )
        return [_record(unreadable, f"附件：{name}")]
    return [_record(f, f"附件：{name}") for f in found]


def keep_acknowledgements(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New findings, keeping the acknowledgement of those that were already seen (same id)."""
    seen = {f["id"]: f for f in old if f.get("acknowledged_by")}
    for finding in new:
        if finding["id"] in seen:
            finding["acknowledged_by"] = seen[finding["id"]]["acknowledged_by"]
            finding["acknowledged_at"] = seen[finding["id"]]["acknowledged_at"]
    return new


def blocking(document: Document) -> list[dict[str, Any]]:
    """Findings that forbid publication outright."""
    return [f for f in document.findings if f["rule"] in BLOCKING_RULES and f["severity"] == "error"]
