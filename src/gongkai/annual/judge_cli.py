"""`gongkai judge`: judge published annual reports read from files, against each other (年报体检).

Outside the `judging` package so that `gongkai --help` does not import numpy, scipy and datasketch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from gongkai.clitools import error, fail, print_json

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def register(subparsers: Any) -> None:
    judge = subparsers.add_parser(
        "judge",
        help="年报体检：给年度报告打分并列出扣分原因（按时、格式、完整、勾稽、衔接、雷同、问题是否具体）",
        description=(
            "读取年度报告文件（或文件夹），把它们放在一起评判：同一机关的上一年度报告用于检查衔接和"
            "是否照抄上年，同一年度其他机关的报告用于检查雷同。每份报告输出一行 JSON："
            '{"file", "agency", "year", "score", "reasons": [{"rule", "severity", "message"}]}。'
            "文件不含公布日期，是否逾期按落款日期判断。有报告存在错误时退出码为 1，文件无法读取时为 2。"
        ),
    )
    judge.add_argument("paths", nargs="+", metavar="文件或文件夹")
    judge.add_argument(
        "--previous",
        nargs="+",
        default=[],
        metavar="文件或文件夹",
        help="只作比对、不输出评判的报告（如上一年度的报告）",
    )
    judge.add_argument(
        "--jobs", type=int, default=0, metavar="N", help="读取文件的并行进程数（默认：全部 CPU 核）"
    )
    judge.add_argument("--today", metavar="YYYY-MM-DD", help="评判日期（默认：今天），用于尚未到期的判断")
    judge.set_defaults(handler=judge_command)


def judge_command(args: argparse.Namespace) -> int:
    from gongkai.annual.cli import expand_paths, read_all
    from gongkai.annual.judging import Submission, judge_all

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        return fail(f"日期“{args.today}”格式不对，应为 YYYY-MM-DD。")
    files, failed = expand_paths(args.paths)
    extra, extra_failed = expand_paths(args.previous)
    failed += extra_failed
    shown = set(files)
    submissions = []
    for outcome in read_all(list(dict.fromkeys([*files, *extra])), args.jobs):
        if outcome.report is None:
            failed.append(outcome)
        else:
            submissions.append(Submission(outcome.path, outcome.report))
    for outcome in failed:
        error(f"{outcome.path}：{outcome.error}")
    errors = False
    for judgement in judge_all(submissions, today=today):
        if judgement.key not in shown:
            continue
        print_json({"file": judgement.key, **judgement.as_dict()}, indent=None)
        errors |= any(reason.severity == "error" for reason in judgement.reasons)
    sys.stdout.flush()
    if failed:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if errors else EXIT_OK
