"""The identifiers of the catalogue: 统一社会信用代码, 组织机构代码, 索引号 and 文号, checked and normalised.

- 统一社会信用代码 (GB 32100-2015): 18 characters from `0-9A-Z` without I, O, S, V, Z — 登记管理部门码,
  机构类别码, the 6-digit 行政区划码, the 9-character 主体标识码 (组织机构代码) and a check character.
- 组织机构代码 (GB 11714-1997): 8 characters and a check character (`0-9` or `X`).
- 索引号 (国办秘函〔2009〕6号, proactive.md §2): `前段码/YYYY-NNNNN`, the prefix one of the two codes above,
  generated at publication and never changed; agencies vary the pattern, so it is a parameter.
- 文号 (GB/T 9704-2012 7.2.4): 发文机关代字, the year in 六角括号 〔〕, the serial and 号: `示教发〔2026〕3号`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from stdnum.cn import uscc as _uscc

# GB 32100-2015 character set: digits and capitals without I, O, S, V, Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_SHAPE = re.compile(f"[{USCC_ALPHABET}]{{2}}[0-9]{{6}}[{USCC_ALPHABET}]{{10}}")
_ORG_CODE_SHAPE = re.compile("[0-9A-Z]{8}[0-9X]")
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def is_uscc(code: str) -> bool:
    """Whether `code` is a 统一社会信用代码 with the right shape and check character (GB 32100-2015)."""
    return bool(_USCC_SHAPE.fullmatch(code)) and _uscc.calc_check_digit(code) == code[-1]


def org_code_check(body: str) -> str:
    """The check character of an 8-character 组织机构代码 body (GB 11714-1997): `0-9` or `X`."""
    total = sum(_org_value(char) * weight for char, weight in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def is_org_code(code: str) -> bool:
    """Whether `code` is a 9-character 组织机构代码 with a right check character (GB 11714-1997).

    The code is often printed with a hyphen before the check character (`00001434-9`); it is accepted too.
    """
    code = code.replace("-", "", 1) if len(code) == 10 and code[8] == "-" else code
    return bool(_ORG_CODE_SHAPE.fullmatch(code)) and org_code_check(code[:8]) == code[8]


def normalize_agency_code(code: str) -> str:
    """An agency's 统一社会信用代码 or 组织机构代码, upper-cased and without spaces or the hyphen of an
    organisation code; ValueError (Chinese) when it is neither or its check character is wrong."""
    cleaned = re.sub(r"[\s\u3000]", "", code).upper()
    if len(cleaned) == 18:
        if not _USCC_SHAPE.fullmatch(cleaned):
            raise ValueError(
                f"“{code}”不是有效的统一社会信用代码：应为18位数字或大写字母（不含 I、O、S、V、Z），第3至8位为行政区划码。"
            )
        if not is_uscc(cleaned):
            raise ValueError(
                f"统一社会信用代码“{code}”的校验码不对（按 GB 32100-2015 应为“{_uscc.calc_check_digit(cleaned)}”），请核对。"
            )
        return cleaned
    organisation = cleaned.replace("-", "", 1) if len(cleaned) == 10 and cleaned[8] == "-" else cleaned
    if len(organisation) == 9:
        if not _ORG_CODE_SHAPE.fullmatch(organisation):
            raise ValueError(f"“{code}”不是有效的组织机构代码：应为8位数字或大写字母加1位校验码。")
        if not is_org_code(organisation):
            raise ValueError(
                f"组织机构代码“{code}”的校验码不对（按 GB 11714-1997 应为“{org_code_check(organisation[:8])}”），请核对。"
            )
        return organisation
    raise ValueError(f"“{code}”既不是18位的统一社会信用代码，也不是9位的组织机构代码。")


# --- 索引号 ----------------------------------------------------------------------------------------

# The default pattern: the prefix, a slash, the 4-digit year, a hyphen and a 5-digit serial.
# Placeholders: {prefix}, {year}, {month} (two digits) and {serial} (with a format spec for its width).
DEFAULT_INDEX_PATTERN = "{prefix}/{year}-{serial:05d}"
_DEFAULT_INDEX = re.compile(r"(?P<prefix>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5,})")


@dataclass(frozen=True)
class IndexNumber:
    """A 索引号 in the default pattern: the agency's code, the year of publication and the serial."""

    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return DEFAULT_INDEX_PATTERN.format(prefix=self.prefix, year=self.year, serial=self.serial)


def format_index_number(
    prefix: str, published_on: date, serial: int, *, pattern: str = DEFAULT_INDEX_PATTERN
) -> str:
    """The 索引号 of the `serial`th document an agency publishes in `published_on`'s year.

    `prefix` is checked (统一社会信用代码 or 组织机构代码, with its check character) and normalised;
    `pattern` lets an agency keep its own scheme (`{prefix}/{year}{month}-{serial:05d}`).
    ValueError with a Chinese message for a bad prefix, serial or pattern.
    """
    code = normalize_agency_code(prefix)
    if serial < 1:
        raise ValueError(f"索引号的顺序号必须是正整数（{serial}）。")
    try:
        text = pattern.format(
            prefix=code, year=f"{published_on.year:04d}", month=f"{published_on.month:02d}", serial=serial
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"索引号格式“{pattern}”有误：可用的占位符为 {{prefix}}、{{year}}、{{month}}、{{serial}}。"
        ) from exc
    if pattern == DEFAULT_INDEX_PATTERN and serial > 99999:
        raise ValueError(f"索引号的顺序号超过5位（{serial}），请为本机关设置更宽的索引号格式。")
    return text


def parse_index_number(text: str) -> IndexNumber:
    """Read a 索引号 written in the default pattern (`前段码/YYYY-NNNNN`); ValueError (Chinese) otherwise,
    also when the prefix's check character is wrong."""
    match = _DEFAULT_INDEX.fullmatch(text.strip())
    if not match:
        raise ValueError(
            f"“{text}”不是“前段码/年份-顺序号”格式的索引号（例如 113708280043326001/2024-02411）。"
        )
    return IndexNumber(
        normalize_agency_code(match["prefix"]), int(match["year"]), int(match["serial"].lstrip("0") or "0")
    )


# --- 文号 -------------------------------------------------------------------------------------------

_OPENING = "〔［\\[【（(﹝〖｛{〈<"
_CLOSING = "〕］\\]】）)﹞〗｝}〉>"
_DIGIT_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")
# The year in any kind of bracket, then the serial (perhaps with 第, which our own letter numbers
# use, and with leading zeros) and 号, right after the 发文机关代字 (a Chinese character, a letter or
# a digit: 京政办发, 国科发政字). The 代字 itself is found by walking back (`_code_before`).
_DOC_NUMBER_TAIL = re.compile(
    rf"(?<=[\u4e00-\u9fffA-Za-z0-9])[ \u3000]?(?P<open>[{_OPENING}])[ \u3000]?"
    r"(?P<year>(?:19|20)[0-9]{2}|[１２][０-９]{3})(?P<nian>年?)[ \u3000]?"
    rf"(?P<close>[{_CLOSING}])[ \u3000]?(?P<di>第?)[ \u3000]?(?P<serial>[0-9０-９]{{1,5}})[ \u3000]?号"
)
_CODE_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,12}$")
# Words that end the prose before a 文号 (根据国办发〔2019〕54号, 印发了示政办发〔2026〕3号).
_LEAD_WORDS = re.compile(
    "(?:根据|依据|按照|依照|参照|对照|贯彻|落实|执行|印发|转发|下发|详见|参见|即|是|以|经|和|及|与|或|的|了|按|于|由|对|将|把|在|见)"
)


@dataclass(frozen=True)
class DocNumber:
    """A 文号: 发文机关代字, year and serial; `str()` gives the form GB/T 9704-2012 prescribes."""

    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True)
class DocNumberMatch:
    """A 文号 found in a text: where, as written, and whether its brackets are the 六角括号 〔〕."""

    start: int
    end: int
    written: str
    number: DocNumber
    brackets_ok: bool


def _code_before(text: str, end: int) -> int:
    """Where the 发文机关代字 ending at `end` starts: the run of Chinese characters, letters and digits
    before the bracket, without the prose words that lead up to it."""
    run = _CODE_CHARS.search(text, max(0, end - 12), end)
    if run is None:
        return end
    start = run.start()
    for lead in _LEAD_WORDS.finditer(text, start, end - 1):
        start = lead.end()
    return start


def find_doc_numbers(text: str) -> Iterator[DocNumberMatch]:
    """Every 文号 in `text`, with any kind of bracket around the year.

    A court's 案号 (`（2026）浙0102行初3号`) is not a 文号 and is not found: there the bracketed year
    comes first and is followed by letters, not by the serial.
    """
    for match in _DOC_NUMBER_TAIL.finditer(text):
        code_end = match.start()
        start = _code_before(text, code_end)
        if start == code_end:
            continue
        yield DocNumberMatch(
            start,
            match.end(),
            text[start : match.end()],
            DocNumber(
                text[start:code_end],
                int(match["year"].translate(_DIGIT_FOLD)),
                int(match["serial"].translate(_DIGIT_FOLD)),
            ),
            match["open"] == "〔" and match["close"] == "〕" and not match["nian"],
        )


def parse_doc_number(text: str) -> DocNumber:
    """Read one 文号, whatever brackets, digits (full-width too) and spacing it was typed with
    (`示教发[2026]03号`, `示教发（2026）第3号`); ValueError (Chinese) when `text` is not a 文号."""
    stripped = text.strip()
    tail = _DOC_NUMBER_TAIL.search(stripped)
    if tail is None or tail.end() != len(stripped) or not _CODE_CHARS.fullmatch(stripped[: tail.start()]):
        raise ValueError(f"“{text}”不是文号：文号由发文机关代字、年份和顺序号组成，例如 示教发〔2026〕3号。")
    return DocNumber(
        stripped[: tail.start()],
        int(tail["year"].translate(_DIGIT_FOLD)),
        int(tail["serial"].translate(_DIGIT_FOLD)),
    )


def normalize_doc_number(text: str) -> str:
    """The 文号 as GB/T 9704-2012 writes it: year in 〔〕, serial without 第 or leading zeros."""
    return str(parse_doc_number(text))
