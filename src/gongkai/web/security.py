"""Safe defaults: the secret key kept in the data folder, and the checks `gongkai serve` makes before serving.

Imported by the settings module, so it imports nothing from Django at module level.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
# Keys that have been published (in this repository's history or in Django's project template): a
# deployment using one of them lets anyone who reads the source forge sessions.
PUBLIC_KEYS = frozenset({"dev-only-insecure-key-change-me-in-production"})
MIN_KEY_LENGTH = 50  # Django's own check (security.W009) asks for at least 50 characters
_TRUE = frozenset({"1", "true", "yes", "on"})


def env_flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    """A yes/no setting from the environment: 1/true/yes/on (any case) is yes; unset is `default`."""
    value = environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in _TRUE


def env_list(environ: Mapping[str, str], name: str) -> list[str]:
    """A comma-separated setting, blanks dropped."""
    return [item.strip() for item in environ.get(name, "").split(",") if item.strip()]


def load_or_create_secret_key(var_dir: Path) -> str:
    """The secret key stored in `var_dir/secret_key`, made on first use (random, readable by the owner only).

    Several processes may start at once on a fresh install: the key is written to a private temporary
    file and linked into place, so every process reads the same complete key.
    """
    path = var_dir / SECRET_KEY_FILE
    if not path.exists():
        temporary = var_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink()
    return path.read_text(encoding="ascii").strip()


def key_file_problem(var_dir: Path) -> str | None:
    """A Chinese message when the stored key can be read by others than its owner (POSIX only)."""
    path = var_dir / SECRET_KEY_FILE
    if sys.platform == "win32" or not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return f"密钥文件 {path} 的权限过宽（{mode:o}），其他用户可以读取：请运行 chmod 600 {path}。"
    return None


def insecure_configuration(
    *, debug: bool, secret_key: str, allowed_hosts: Sequence[str], var_dir: Path
) -> list[str]:
    """What makes this configuration unfit to serve outside `--dev`, each in Chinese with what to set."""
    problems: list[str] = []
    if debug:
        problems.append(
            "调试模式已打开（GONGKAI_DEBUG）：出错时会向任何访问者显示程序内部信息。"
            "请取消 GONGKAI_DEBUG 或设为 0；只在本机开发时使用 gongkai serve --dev。"
        )
    if secret_key in PUBLIC_KEYS or len(secret_key) < MIN_KEY_LENGTH or len(set(secret_key)) < 5:
        problems.append(
            "GONGKAI_SECRET_KEY 是公开的示例密钥或过短（至少50个随机字符）：任何人都可能伪造登录。"
            "请取消该设置（系统会在数据目录中自动生成密钥），或设为足够长的随机字符串。"
        )
    if "*" in allowed_hosts:
        problems.append(
            "GONGKAI_ALLOWED_HOSTS 含有“*”：系统会接受任意域名的请求。"
            "请改为用户访问本系统所用的域名或地址，多个用逗号分隔，例如 gongkai.example.gov.cn。"
        )
    problem = key_file_problem(var_dir)
    if problem:
        problems.append(problem)
    return problems
