"""What a check reports, and the catalogue of the checks by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.vetting.text import Where

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    """One check: its name (stable, used in data and by the web system) and what it looks for."""

    name: str
    title_zh: str
    basis_zh: str


# Every check, in the order findings are reported within a line.
RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "secret.marking",
            "密级标志或内部资料标注",
            "《保守国家秘密法》第三十五条；条例第十七条：涉密信息不得公开",
        ),
        Rule(
            "pii.id_number",
            "未遮盖的居民身份证号码",
            "《个人信息保护法》第二十五条、第七十三条；条例第十五条",
        ),
        Rule("pii.mobile", "未遮盖的手机号码", "《个人信息保护法》第二十五条；条例第十五条"),
        Rule("pii.bank_card", "未遮盖的银行卡号", "《个人信息保护法》第二十五条、第二十八条；条例第十五条"),
        Rule(
            "wording.outdated_name",
            "已不存在的机构名称",
            "国办秘函〔2019〕19号：严重表述错误单项否决；历次机构改革方案",
        ),
        Rule(
            "wording.old_regulation",
            "引用已修订的条例（国务院令第492号）",
            "《中华人民共和国政府信息公开条例》（国务院令第711号）自2019年5月15日起施行",
        ),
        Rule(
            "wording.doc_number_brackets",
            "文号年份未用六角括号〔〕",
            "GB/T 9704-2012《党政机关公文格式》7.2.4",
        ),
        Rule("wording.punctuation", "标点符号误用", "GB/T 15834-2011《标点符号用法》"),
        Rule("wording.banned_expression", "禁用表述", "本机关禁用词表（各条注明来源）"),
        Rule("wording.fixed_form", "应使用规范表述", "本机关规范表述表（各条注明来源）"),
        Rule("date.invalid", "不存在的日期", "日期须真实存在"),
        Rule("date.future", "成文日期晚于今天", "国办秘函〔2019〕19号：伪造日期单项否决"),
    )
}


@dataclass(frozen=True)
class Finding:
    """One problem in a text: rule name, error/warning, a Chinese message, where, the text as written
    and the suggested replacement (None when there is nothing to put in its place)."""

    rule: str
    severity: str
    message: str
    where: Where | None
    text: str
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "where": self.where.as_dict() if self.where is not None else None,
            "text": self.text,
            "suggestion": self.suggestion,
        }
