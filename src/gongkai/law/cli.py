"""The `gongkai deadline` and `gongkai fee` sub-commands (`gongkai calendar` runs in the system: it
recomputes the stored deadlines a year's arrangement changes, see `gongkai.core.calendar`)."""

from __future__ import annotations

import argparse
import sys

from gongkai.clitools import fail, print_json
from gongkai.law.calendar import CalendarDataError, CalendarMissingError, build_calendar, calendar_dir
from gongkai.law.deadlines import PAUSE_REASONS, Pause, amendment_notice_deadline, reply_deadline
from gongkai.law.fees import quote
from gongkai.law.zh import parse_date

# Bad input of every kind the law's functions report: shown as one Chinese line, exit status 2.
_INPUT_ERRORS = (ValueError, CalendarMissingError, CalendarDataError)


def register(subparsers: argparse._SubParsersAction) -> None:
    deadline = subparsers.add_parser(
        "deadline",
        help="按法定工作日计算答复期限和补正告知期限，并逐日说明",
        description="按国务院公布的节假日安排计算答复期限（条例第三十三条）和补正告知期限（第三十条），输出 JSON。",
    )
    deadline.add_argument("--received", required=True, metavar="日期", help="收到申请之日（YYYY-MM-DD）")
    deadline.add_argument("--amended", metavar="日期", help="收到补正后申请之日：答复期限自该日起算")
    deadline.add_argument("--extended", action="store_true", help="经批准延长答复期限（再加20个工作日）")
    deadline.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="起:止[:理由]",
        help="中止计算的期间（如征求第三方意见）：起日之后至止日（含）的工作日不计入，可重复",
    )
    deadline.add_argument("--text", action="store_true", help="输出中文说明而不是 JSON")
    deadline.set_defaults(handler=_deadline)

    fee = subparsers.add_parser(
        "fee",
        help="计算信息处理费（国办函〔2020〕109号）",
        description="按件（本自然月内第 N 件申请）或按量（页数）计算信息处理费，二者只能选一，输出 JSON。",
    )
    fee.add_argument("--by-count", metavar="N", help="按件计收：该申请人本自然月内的第 N 件申请")
    fee.add_argument("--by-pages", metavar="页数", help="按量计收：本申请的页数")
    fee.set_defaults(handler=_fee)


def _parse_pause(text: str) -> Pause:
    parts = text.replace("：", ":").split(":", 2)
    if len(parts) < 2:
        raise ValueError(
            f"中止期间“{text}”应写成 起日:止日[:理由]，例如 2024-10-09:2024-10-15:征求第三方意见。"
        )
    reason = parts[2].strip() if len(parts) == 3 and parts[2].strip() else PAUSE_REASONS["other"]
    return Pause(parse_date(parts[0]), parse_date(parts[1]), reason)


def _deadline(args: argparse.Namespace) -> int:
    try:
        received = parse_date(args.received)
        amended = parse_date(args.amended) if args.amended else None
        pauses = [_parse_pause(text) for text in args.pause]
        calendar = build_calendar(calendar_dir())  # the package's years and the administrator's
        reply = reply_deadline(
            received, amended=amended, extended=args.extended, pauses=pauses, calendar=calendar
        )
        notice = amendment_notice_deadline(received, calendar=calendar)
        if args.text:
            sys.stdout.write(f"{reply.explain_zh()}\n\n{notice.explain_zh()}\n")
            return 0
        reply_data = reply.as_dict()
        print_json(
            {
                "received": received.isoformat(),
                "amended": amended.isoformat() if amended else None,
                "extended": args.extended,
                "reply_due": reply.due.isoformat(),
                "amendment_notice_due": notice.due.isoformat(),
                "explanation": reply_data["explanation"],
                "explanation_zh": reply.explain_zh(),
                "reply": reply_data,
                "amendment_notice": notice.as_dict(),
            }
        )
    except _INPUT_ERRORS as exc:
        return fail(exc)
    return 0


def _parse_count(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{what}应为正整数，现为“{text}”。") from None


def _fee(args: argparse.Namespace) -> int:
    try:
        by_count = _parse_count(args.by_count, "--by-count（本自然月内第几件申请）")
        by_pages = _parse_count(args.by_pages, "--by-pages（页数）")
        print_json(quote(by_count=by_count, by_pages=by_pages).as_dict())
    except _INPUT_ERRORS as exc:
        return fail(exc)
    return 0
