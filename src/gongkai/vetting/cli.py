"""`gongkai review FILE…`: the checks before publication on Word, PDF, HTML and text files."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.clitools import EXIT_BAD_INPUT, error, fail, print_json

EXIT_OK, EXIT_FINDINGS = 0, 1


def register(subparsers: Any) -> None:
    review = subparsers.add_parser(
        "review",
        help="发布前检查：个人信息、密级标志、过时机构名称、文号括号、标点、日期等",
        description=(
            "逐个检查待公开的文件（.docx/.pdf/.html/.txt，按内容识别），每个文件输出一行 JSON："
            '{"file", "findings": [...]}（JSON Lines）。有错误时退出码为 1，有文件无法读取时为 2。'
        ),
    )
    review.add_argument("paths", nargs="+", metavar="文件")
    review.add_argument(
        "--today", metavar="日期", help="以该日为“今天”判断成文日期（YYYY-MM-DD，默认为系统日期）"
    )
    review.add_argument(
        "--extra-terms",
        action="append",
        default=[],
        metavar="词表文件",
        help="本机关补充的禁用词/规范表述（.toml 或 .csv，格式见 gongkai/vetting/data/terms.toml），可重复",
    )
    review.set_defaults(handler=review_command)


def review_command(args: argparse.Namespace) -> int:
    from gongkai.annual.document import ReadError
    from gongkai.law.zh import parse_date
    from gongkai.vetting.files import review_file
    from gongkai.vetting.review import has_errors
    from gongkai.vetting.terms import Term, parse_terms

    try:
        today = parse_date(args.today) if args.today else date.today()
    except ValueError as exc:
        return fail(exc)
    extra: list[Term] = []
    for terms_file in args.extra_terms:
        path = Path(terms_file)
        try:
            extra += parse_terms(path.read_text(encoding="utf-8-sig"), suffix=path.suffix, label=terms_file)
        except OSError as exc:
            return fail(f"无法读取词表文件 {terms_file}（{exc.strerror or exc}）。")
        except UnicodeDecodeError:
            return fail(f"词表文件 {terms_file} 不是 UTF-8 编码的文本。")
        except ValueError as exc:
            return fail(exc)
    unreadable = False
    errors = False
    for path in args.paths:
        try:
            findings = review_file(path, today=today, extra_terms=extra)
        except ReadError as exc:
            error(f"{path}：{exc}")
            unreadable = True
            continue
        print_json({"file": path, "findings": [f.as_dict() for f in findings]}, indent=None)
        sys.stdout.flush()
        errors |= has_errors(findings)
    if unreadable:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if errors else EXIT_OK
