"""What every `gongkai` sub-command says the same way: Chinese errors on stderr (exit status 2), JSON on stdout."""

from __future__ import annotations

import json
import sys

EXIT_BAD_INPUT = 2


def error(message: object) -> None:
    """Write `错误：message` to stderr."""
    sys.stderr.write(f"错误：{message}\n")


def fail(message: object) -> int:
    """Report bad input in Chinese; the exit status for it."""
    error(message)
    return EXIT_BAD_INPUT


def print_json(data: object, *, indent: int | None = 2) -> None:
    """Write `data` as JSON (Chinese as it is, not escaped) to stdout: indented, or one line with indent=None."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
