"""The `gongkai` command: one entry point, each area of the domain registers its own sub-commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

# Each module named here defines `register(subparsers)`, adding its sub-commands with a `handler`
# default that takes the parsed arguments and returns the exit code. Modules must import their heavy
# dependencies (Django, PDF libraries) inside the handlers, so that `gongkai --help` stays fast.
COMMAND_MODULES: tuple[str, ...] = (
    "gongkai.law.cli",
    "gongkai.annual.cli",
    "gongkai.annual.judge_cli",
    "gongkai.annual.writers.cli",
    "gongkai.vetting.cli",
    "gongkai.web.cli",
)


class UsageError(Exception):
    """Raised by the parser instead of exiting, so that the message can be shown in Chinese."""


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its complaints shown as `错误：…` and exit status 2, never a traceback."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"错误：命令参数有误（{message}）。请运行 `{self.prog} --help` 查看用法。\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="gongkai",
        description="gongkai（公开）：政府信息公开工作系统。",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
