"""The `gongkai deadline`, `gongkai fee`, `gongkai remedy` and `gongkai calendar` sub-commands."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.clitools import fail, print_json
from gongkai.law.calendar import (
    Arrangement,
    CalendarDataError,
    CalendarMissingError,
    WorkingCalendar,
    calendar_dir,
    default_calendar,
    install_arrangement,
    read_arrangement_file,
)
from gongkai.law.deadlines import (
    PAUSE_REASONS,
    Consultation,
    Pause,
    amendment_notice_deadline,
    reply_deadline,
)
from gongkai.law.fees import quote
from gongkai.law.holidays import provisional_calendar
from gongkai.law.outcomes import UnknownOutcomeError
from gongkai.law.reconsideration import AgencyKind, AgencyLevel, AgencyPlace, ReconsiderationBodyError
from gongkai.law.remedies import READINGS, remedy, remedy_reading
from gongkai.law.zh import date_zh, parse_date, weekday_zh

# Bad input of every kind the law's functions report: shown as one Chinese line, exit status 2.
_INPUT_ERRORS = (ValueError, CalendarMissingError, UnknownOutcomeError)


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
    deadline.add_argument(
        "--consultation",
        action="append",
        default=[],
        metavar="发出:送达[:收到意见]",
        help="征求第三方或其他机关意见（条例第三十二条、第三十四条）：征求意见书发出日、对方收到日（未知可留空）、"
        "收到意见日（可省略）；对方自收到之日起15个工作日内答复，发出日之后至收到意见日（无意见则至15日期满，"
        "逾期的意见不延长）的工作日不计入答复期限；可重复，重叠部分只计一次",
    )
    deadline.add_argument("--text", action="store_true", help="输出中文说明而不是 JSON")
    deadline.set_defaults(handler=_deadline)

    remedy_parser = subparsers.add_parser(
        "remedy",
        help="答复书的救济途径：复议机关、是否复议前置、复议和诉讼期限",
        description="按行政复议法（签发日在2024年1月1日前适用修订前的行政复议法）确定答复书应当写明的复议机关、"
        "是否须先申请行政复议以及复议、诉讼期限，输出 JSON。",
    )
    remedy_parser.add_argument("--agency", required=True, metavar="机关名称", help="作出答复的机关")
    remedy_parser.add_argument(
        "--agency-level",
        required=True,
        choices=[level.value for level in AgencyLevel],
        help="机关层级：national 国家级、province 省级、city 设区的市级、county 县级、township 乡镇级",
    )
    remedy_parser.add_argument(
        "--agency-kind",
        required=True,
        choices=[kind.value for kind in AgencyKind],
        help="机关类型：government 人民政府、department 政府工作部门、vertical 实行垂直领导的机关"
        "（税务、海关、金融监管、外汇管理、国家安全等）、justice 履行行政复议机构职责的司法行政部门",
    )
    remedy_parser.add_argument(
        "--outcome", required=True, metavar="办理结果", help="如 withheld.state_secret"
    )
    remedy_parser.add_argument("--signed", required=True, metavar="日期", help="答复书签发日期（YYYY-MM-DD）")
    remedy_parser.add_argument("--government", default="", metavar="名称", help="部门所属的本级人民政府")
    remedy_parser.add_argument(
        "--above", default="", metavar="名称", help="上一级人民政府（机关为人民政府时）或上一级主管部门"
    )
    remedy_parser.add_argument(
        "--reading",
        default="broad",
        choices=sorted(READINGS),
        help="复议前置的适用范围：broad 不予公开、无法提供、不予处理均须先复议（默认）；narrow 仅不予公开",
    )
    remedy_parser.set_defaults(handler=_remedy)

    fee = subparsers.add_parser(
        "fee",
        help="计算信息处理费（国办函〔2020〕109号）",
        description="按件（本自然月内第 N 件申请）或按量（页数）计算信息处理费，二者只能选一，输出 JSON。",
    )
    fee.add_argument("--by-count", metavar="N", help="按件计收：该申请人本自然月内的第 N 件申请")
    fee.add_argument("--by-pages", metavar="页数", help="按量计收：本申请的页数")
    fee.set_defaults(handler=_fee)

    calendar = subparsers.add_parser(
        "calendar",
        help="节假日安排：载入国务院公布的新一年安排，或查看某年安排",
        description="工作日历的节假日安排。国务院办公厅每年公布下一年的安排后，用 load 载入即可生效。",
    )
    actions = calendar.add_subparsers(dest="calendar_command", metavar="操作", parser_class=type(calendar))
    load = actions.add_parser("load", help="校验并载入一年的节假日安排文件（.toml 或 .json）")
    load.add_argument("file", metavar="文件")
    load.add_argument("--check", action="store_true", help="只校验，不载入")
    load.set_defaults(handler=_calendar_load)
    show = actions.add_parser("show", help="显示某年的节假日安排；不给年份则列出已有安排的年份")
    show.add_argument("year", nargs="?", metavar="年份")
    show.set_defaults(handler=_calendar_show)
    calendar.set_defaults(handler=lambda _args: fail("请指定操作：load 文件 或 show 年份。"))


def _parse_pause(text: str) -> Pause:
    parts = text.replace("：", ":").split(":", 2)
    if len(parts) < 2:
        raise ValueError(
            f"中止期间“{text}”应写成 起日:止日[:理由]，例如 2024-10-09:2024-10-15:征求第三方意见。"
        )
    reason = parts[2].strip() if len(parts) == 3 and parts[2].strip() else PAUSE_REASONS["other"]
    return Pause(parse_date(parts[0]), parse_date(parts[1]), reason)


def _parse_consultation(text: str) -> Consultation:
    parts = text.replace("：", ":").split(":")
    if not 2 <= len(parts) <= 3 or not parts[0].strip():
        raise ValueError(
            f"征求意见“{text}”应写成 发出日:送达日[:收到意见日]，例如 2024-10-09:2024-10-11:2024-10-18；"
            "送达日未知时留空：2024-10-09:。"
        )
    sent = parse_date(parts[0])
    delivered = parse_date(parts[1]) if parts[1].strip() else None
    answered = parse_date(parts[2]) if len(parts) == 3 and parts[2].strip() else None
    return Consultation(sent, delivered, answered)


def _deadline(args: argparse.Namespace) -> int:
    try:
        received = parse_date(args.received)
        amended = parse_date(args.amended) if args.amended else None
        pauses = [_parse_pause(text) for text in args.pause]
        consultations = [_parse_consultation(text) for text in args.consultation]
        # Next year counts provisionally (暂定) until its arrangement is loaded; loaded years are exact.
        calendar = provisional_calendar(default_calendar())
        reply = reply_deadline(
            received,
            amended=amended,
            extended=args.extended,
            pauses=pauses,
            consultations=consultations,
            calendar=calendar,
        )
        notice = amendment_notice_deadline(received, calendar=calendar)
        windows = [consultation.window(calendar) for consultation in consultations]
        if args.text:
            lines = [reply.explain_zh(), notice.explain_zh()]
            lines.extend(
                f"征求意见（第{n}项）：对方答复期限届满日为{date_zh(w.due)}"
                + ("" if w.delivery_recorded else "（送达日未记录，暂自发出日起算）")
                + ("。" if not w.deadline.provisional else "（暂定）。")
                for n, w in enumerate(windows, start=1)
            )
            sys.stdout.write("\n\n".join(lines) + "\n")
            return 0
        reply_data = reply.as_dict()
        print_json(
            {
                "received": received.isoformat(),
                "amended": amended.isoformat() if amended else None,
                "extended": args.extended,
                "reply_due": reply.due.isoformat(),
                "amendment_notice_due": notice.due.isoformat(),
                "provisional": reply.provisional or notice.provisional or any(w.provisional for w in windows),
                "consultations": [
                    _consultation_data(consultation, window, calendar)
                    for consultation, window in zip(consultations, windows, strict=True)
                ],
                "explanation": reply_data["explanation"],
                "explanation_zh": reply.explain_zh(),
                "reply": reply_data,
                "amendment_notice": notice.as_dict(),
            }
        )
    except _INPUT_ERRORS as exc:
        return fail(exc)
    return 0


def _consultation_data(
    consultation: Consultation, window: Any, calendar: WorkingCalendar
) -> dict[str, object]:
    pause = consultation.pause(calendar)
    return {
        "sent": consultation.sent.isoformat(),
        "delivered": consultation.delivered.isoformat() if consultation.delivered else None,
        "answered": consultation.answered.isoformat() if consultation.answered else None,
        "consultation_due": window.due.isoformat(),
        "delivery_recorded": window.delivery_recorded,
        "provisional": window.provisional,
        "excluded": {"after": pause.start.isoformat(), "to": pause.end.isoformat()} if pause else None,
    }


def _remedy(args: argparse.Namespace) -> int:
    flags = {"government": "--government", "above": "--above"}
    try:
        agency = AgencyPlace(
            name=args.agency,
            level=AgencyLevel(args.agency_level),
            kind=AgencyKind(args.agency_kind),
            government=args.government,
            above=args.above,
        )
        result = remedy(agency, args.outcome, parse_date(args.signed), reading=remedy_reading(args.reading))
    except ReconsiderationBodyError as exc:
        hint = "、".join(flags[field] for field in exc.missing)
        return fail(f"{str(exc).rstrip('。')}（用 {hint} 给出）。" if hint else exc)
    except _INPUT_ERRORS as exc:
        return fail(exc)
    print_json(result.as_dict())
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


def _calendar_load(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        return fail(f"找不到文件“{path}”。")
    try:
        if args.check:
            arrangement = read_arrangement_file(path)
            sys.stdout.write(
                f"校验通过：{arrangement.year}年节假日安排。\n{_describe_arrangement(arrangement)}\n"
            )
            return 0
        arrangement, target = install_arrangement(path)
        calendar = default_calendar()  # re-read: the whole calendar must still be valid with the new year
    except (CalendarDataError, CalendarMissingError) as exc:
        return fail(exc)
    sys.stdout.write(
        f"已载入{arrangement.year}年节假日安排，保存为 {target}。\n"
        f"{_describe_arrangement(arrangement)}\n全年工作日：{_working_days_in(calendar, arrangement.year)}天。\n"
        "此前因缺少该年安排而无法计算的答复期限，将在工作系统页面打开或运行 gongkai remind 时自动重新计算，"
        "也可立即运行 gongkai recompute-deadlines。\n"
    )
    return 0


def _calendar_show(args: argparse.Namespace) -> int:
    try:
        calendar = default_calendar()
        if args.year is None:
            lines = [f"{year}年：{calendar.arrangement(year).source}" for year in sorted(calendar.years)]
            sys.stdout.write(
                "已有节假日安排的年份：\n" + "\n".join(lines) + f"\n管理员载入目录：{calendar_dir()}\n"
            )
            return 0
        year = _parse_count(args.year, "年份")
        arrangement = calendar.arrangement(year or 0)
    except (CalendarDataError, CalendarMissingError, ValueError) as exc:
        return fail(exc)
    sys.stdout.write(
        f"{arrangement.year}年节假日安排（来源：{arrangement.source}）\n{_describe_arrangement(arrangement)}\n"
        f"全年工作日：{_working_days_in(calendar, arrangement.year)}天。\n"
    )
    return 0


def _describe_arrangement(arrangement: Arrangement) -> str:
    lines = []
    for span in arrangement.holidays:
        days = (span.last_day - span.first_day).days + 1
        off = date_zh(span.first_day) if days == 1 else f"{date_zh(span.first_day)}至{date_zh(span.last_day)}"
        line = f"{span.name}：{off}放假，共{days}天"
        if span.makeup_workdays:
            worked = "、".join(f"{date_zh(day)}（{weekday_zh(day)}）" for day in span.makeup_workdays)
            line += f"；调休上班：{worked}"
        lines.append(line)
    return "\n".join(lines)


def _working_days_in(calendar: WorkingCalendar, year: int) -> int:
    day = date(year, 1, 1)
    return int(calendar.is_working_day(day)) + calendar.working_days_between(day, date(year, 12, 31))
