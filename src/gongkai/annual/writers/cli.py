"""`gongkai render DATA.json -o OUT.docx|.pdf|.html|.xlsx|.md`: write a report from its data."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gongkai.annual.writers import RenderError, output_format, render_report
from gongkai.clitools import fail


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        help="由报告数据（JSON）生成年度报告：Word、PDF、网页、Excel 或 Markdown",
        description=(
            "由报告数据（JSON：agency、year、format、tables，可选 sections、signed_on）生成"
            "政府信息公开工作年度报告。输出格式由 -o 的后缀决定：.docx .pdf .html .xlsx .md。"
        ),
    )
    parser.add_argument("data", metavar="DATA.json", help="报告数据文件（JSON）；“-”表示从标准输入读取")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="输出文件，如 报告.docx、报告.pdf"
    )
    parser.set_defaults(handler=handle)


def _load(source: str) -> Any:
    raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    return json.loads(raw.decode("utf-8-sig"))


def handle(args: argparse.Namespace) -> int:
    output = Path(args.output)
    try:
        kind = output_format(output)
        if not output.suffix:
            raise RenderError(f"输出文件“{args.output}”没有后缀，无法判断要生成的格式。")
        report = _load(args.data)
        data = render_report(report, kind)
    except RenderError as exc:
        return fail(str(exc))
    except FileNotFoundError:
        return fail(f"找不到报告数据文件：{args.data}")
    except IsADirectoryError:
        return fail(f"“{args.data}”是文件夹，不是报告数据文件。")
    except UnicodeDecodeError:
        return fail(f"报告数据文件不是 UTF-8 编码的 JSON：{args.data}")
    except json.JSONDecodeError as exc:
        return fail(
            f"报告数据文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）：{args.data}"
        )
    except OSError as exc:
        return fail(f"无法读取报告数据文件：{args.data}（{exc.strerror}）")
    try:
        output.write_bytes(data)
    except OSError as exc:
        return fail(f"无法写入输出文件：{args.output}（{exc.strerror}）")
    sys.stdout.write(f"已生成：{args.output}\n")
    return 0
