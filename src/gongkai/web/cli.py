"""`gongkai` sub-commands that run inside the Django system (database, demo, server, ledger, tables)."""

from __future__ import annotations

import argparse
import os
import sys

from gongkai.clitools import error

# gongkai sub-command -> (Django management command, help shown in `gongkai --help`)
DJANGO_COMMANDS: dict[str, tuple[str, str]] = {
    "migrate": ("migrate", "建立或升级数据库（默认 SQLite；设置 DATABASE_URL 使用 PostgreSQL）"),
    "calendar": (
        "calendar",
        "节假日安排：载入国务院公布的新一年安排（load 文件，并重新计算受影响的期限），或查看某年安排（show 年份）",
    ),
    "demo": ("demo", "载入演示城市（多个机关、两年的申请）并打印各角色的登录账号"),
    "serve": ("serve", "启动网页系统"),
    "ledger": ("ledger", "导入申请台账：gongkai ledger import 文件 --agency 机关名称 [--reviews 文件]"),
    "catalogue": (
        "catalogue",
        "政府信息公开目录：gongkai catalogue import 文件 --agency 机关名称 ｜ export --agency 机关名称 --format json|csv",
    ),
    "tables": ("tables", "按报告数据格式输出某机关某年度的表三、表四（JSON）"),
    "remind": ("remind", "列出即将到期和已逾期的申请（供定时任务使用）"),
    "recompute-deadlines": (
        "recompute_deadlines",
        "载入节假日安排后重新计算此前无法计算的答复期限",
    ),
    "reports-due": ("reports_due", "列出即将到期和逾期未发布的年度报告（供定时任务使用）"),
    "reports": (
        "reports",
        "监督：导入已公开的年度报告（import 文件或文件夹… [--queue]）、年报体检（judged [--year] [--agency]）",
    ),
    "worker": ("worker", "启动后台任务 worker（任务队列：GONGKAI_BROKER_URL，Redis 或 RabbitMQ）"),
    "manage": ("", "运行 Django 管理命令（系统管理员用）"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    for name, (_command, help_text) in DJANGO_COMMANDS.items():
        # No option prefix: every word after the sub-command (even a leading `--agency`) is passed on
        # untouched to the Django command, which parses and checks it.
        parser = subparsers.add_parser(name, help=help_text, add_help=False, prefix_chars="\x00")
        parser.add_argument("rest", nargs=argparse.REMAINDER)
        parser.set_defaults(handler=_run, django_command=name)


# Commands that use the database but do not set it up themselves.
_NEEDS_DATABASE = frozenset(
    {
        "demo",
        "serve",
        "ledger",
        "catalogue",
        "tables",
        "remind",
        "recompute-deadlines",
        "reports-due",
        "reports",
        "worker",
    }
)


def _database_ready() -> int | None:
    """Set up a new, empty database (as `gongkai migrate` would) so that a first `gongkai ledger import`
    or `gongkai tables` just works; refuse, with the command to run, a database that needs upgrading —
    changing a production schema is the administrator's decision. An exit status, or None when ready."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending and not executor.loader.applied_migrations:
            sys.stderr.write("提示：数据库尚未建立，正在初始化（相当于 gongkai migrate）……\n")
            call_command("migrate", verbosity=0, interactive=False)
            return None
    except DatabaseError as exc:
        error(f"无法使用数据库（{exc}）。请检查 DATABASE_URL 设置和数据库服务。")
        return 2
    if pending:
        error("数据库结构需要升级：请先运行 gongkai migrate。")
        return 2
    return None


def _needs_database(command: str, rest: list[str]) -> bool:
    """Whether the command uses the database: `calendar` only to load a year (which recomputes deadlines)."""
    if "--help" in rest or "-h" in rest:
        return False
    if command == "calendar":
        return rest[:1] == ["load"] and "--check" not in rest
    return command in _NEEDS_DATABASE


def _run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.core.management.base import CommandError

    command, _help = DJANGO_COMMANDS[args.django_command]
    # --traceback makes Django raise a CommandError instead of printing it in English, so that it is
    # shown below as `错误：…` with its exit status.
    argv = ["gongkai", *([command, "--traceback"] if command else []), *args.rest]
    django.setup()
    try:
        if _needs_database(args.django_command, args.rest):
            status = _database_ready()
            if status is not None:
                return status
        execute_from_command_line(argv)
    except CommandError as exc:
        error(exc)
        return exc.returncode if exc.returncode else 2
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except Exception as exc:  # a defect: say so in Chinese; the details only when asked for
        if os.environ.get("GONGKAI_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
            raise
        sys.stderr.write(
            f"错误：命令 {args.django_command} 意外中止（{type(exc).__name__}：{exc}）。"
            "设置环境变量 GONGKAI_DEBUG=1 重新运行可查看详细信息，并请报告此问题。\n"
        )
        return 1
    return 0
