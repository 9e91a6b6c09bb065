"""The typefaces of the official-document layout (GB/T 9704-2012) and the free CJK fonts that stand in for them."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from gongkai.annual.writers.errors import RenderError


@dataclass(frozen=True)
class Typeface:
    """One role in the layout: the official family a Word document names, and CSS fallbacks for the web."""

    official: str  # what GB/T 9704 asks for, as Word on a government PC names it
    windows: str  # the family shipped with Windows that offices use when the official one is missing
    generic: str  # CSS generic family
    latin: str = "Times New Roman"  # digits and Latin letters in a Word document


# The four roles of GB/T 9704-2012: title, body, first- and second-level headings; page numbers in 宋体.
TITLE = Typeface(official="方正小标宋简体", windows="SimSun", generic="serif")
BODY = Typeface(official="仿宋_GB2312", windows="FangSong", generic="serif")
HEADING_1 = Typeface(official="黑体", windows="SimHei", generic="sans-serif")
HEADING_2 = Typeface(official="楷体_GB2312", windows="KaiTi", generic="serif")
# 4号半角宋体阿拉伯数字 (GB/T 9704-2012 §7.5): the page number's digits are in 宋体 too.
PAGE_NUMBER = Typeface(official="宋体", windows="SimSun", generic="serif", latin="宋体")
TABLE = Typeface(official="宋体", windows="SimSun", generic="serif")

# Free fonts (fonts-noto-cjk in Debian) in order of preference for each generic family.
FREE_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK")
FREE_SANS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans CJK",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)

NO_CJK_FONT = (
    "未找到可用的中文字体，无法生成 PDF。请安装免费的思源/Noto 中文字体，"
    "例如在 Debian/Ubuntu 上运行：apt-get install fonts-noto-cjk"
)


@dataclass(frozen=True)
class FreeFonts:
    """The installed CJK families used for the PDF: a serif one (body, title) and a sans one (headings)."""

    serif: str
    sans: str


def choose_free_fonts(installed: frozenset[str]) -> FreeFonts:
    """Pick the CJK families to embed from the names fontconfig lists for `:lang=zh`.

    Prefers Noto/Source Han; any other Chinese family will do for both roles rather than failing.
    Raises RenderError (Chinese message naming fonts-noto-cjk) when there is no Chinese font at all.
    """
    serif = next((name for name in FREE_SERIF if name in installed), None)
    sans = next((name for name in FREE_SANS if name in installed), None)
    if serif is None and sans is None:
        if not installed:
            raise RenderError(NO_CJK_FONT)
        fallback = sorted(installed)[0]
        return FreeFonts(serif=fallback, sans=fallback)
    return FreeFonts(serif=serif or sans or "", sans=sans or serif or "")


def parse_fc_list(output: str) -> frozenset[str]:
    """Family names from `fc-list :lang=zh family` output (one font per line, aliases comma-separated)."""
    names: set[str] = set()
    for line in output.splitlines():
        for name in line.split(","):
            name = name.strip()
            if name:
                names.add(name)
    return frozenset(names)


def installed_chinese_families() -> frozenset[str]:
    """The font families fontconfig knows that cover Chinese (empty when fc-list is missing).

    A list with a Chinese family in it is kept for the process's life; an empty one is not: fonts
    installed while a worker or the web server runs (as NO_CJK_FONT asks, or by a package installation
    that was still going when the process started) are found by the next PDF without a restart.
    """
    found = _listed_chinese_families()
    if not found:
        _listed_chinese_families.cache_clear()
    return found


@lru_cache(maxsize=1)
def _listed_chinese_families() -> frozenset[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    result = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=30
    )
    return parse_fc_list(result.stdout)


def free_fonts() -> FreeFonts:
    """The free CJK fonts installed on this machine, or RenderError naming fonts-noto-cjk."""
    return choose_free_fonts(installed_chinese_families())
