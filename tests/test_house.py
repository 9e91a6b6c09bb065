"""The house rules the linters do not check (docs/decisions/house-rules.md): no function longer than
60 lines, and no gongkai module imported inside a function without the reason written above it.

(Complexity is ruff's C901 at 10; the layers and the absence of cycles are import-linter contracts.)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"
MAX_LINES = 60

# Functions allowed to be longer, with the reason.
LONG_FUNCTIONS: dict[str, str] = {}


def _modules() -> Iterator[tuple[str, ast.Module, list[str]]]:
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if "migrations/" in name:
            continue
        text = path.read_text("utf-8")
        yield name, ast.parse(text), text.splitlines()


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = {
        f"{name}:{function.name}": (function.end_lineno or function.lineno) - function.lineno + 1
        for name, tree, _lines in _modules()
        for function in _functions(tree)
    }
    too_long = {where: n for where, n in long.items() if n > MAX_LINES and where not in LONG_FUNCTIONS}
    assert too_long == {}
    assert all(long.get(where, 0) > MAX_LINES for where in LONG_FUNCTIONS), "an exception no longer needed"


def _is_command_module(name: str) -> bool:
    """A module of `gongkai` sub-commands: gongkai/cli.py's rule (written there) is that their handlers
    import what they need, so that `gongkai --help` stays fast."""
    return name.endswith(("/cli.py", "_cli.py"))


def _lazy_gongkai_imports(tree: ast.Module) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, int]]:
    for function in _functions(tree):
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.split(".")[0] == "gongkai" for name in names):
                yield function, node.lineno


def test_gongkai_is_imported_inside_a_function_only_with_the_reason_beside_it() -> None:
    unexplained = []
    for name, tree, lines in _modules():
        if _is_command_module(name):
            continue
        for function, line in _lazy_gongkai_imports(tree):
            # a comment between the function's first line and the import says why
            above = lines[function.lineno - 1 : line - 1]
            if not any(text.strip().startswith("#") for text in above):
                unexplained.append(f"{name}:{line} ({function.name})")
    assert unexplained == []
