"""The page of GB/T 9704-2012 (A4, type area, type sizes): one description for the Word, HTML and PDF writers."""

from __future__ import annotations

import math
from dataclasses import dataclass

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20
CELL_MARGIN_TWIPS = 57  # 1 mm each side: the narrow count columns need their width for the digits


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


@dataclass(frozen=True)
class PageSetup:
    """GB/T 9704-2012 §5.2 and §7.1: A4, the type area 156 mm × 225 mm, 22 lines of 28 characters."""

    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_pt: float = 16  # 3号
    title_pt: float = 22  # 2号
    page_number_pt: float = 14  # 4号
    table_pt: float = 10.5  # 5号: the statistical tables cannot hold 3号 in ten columns
    footer_mm: float = 22  # puts the page number's top about 7 mm below the type area
    header_mm: float = 15  # no running head; Word needs a distance all the same
    digit_em: float = 0.5  # a digit's advance (half-width), in em
    cell_padding_em: float = 0.7  # a table cell's padding and rules beside its text, in em

    @property
    def text_width_twips(self) -> int:
        return mm_to_twips(self.width_mm) - mm_to_twips(self.left_mm) - mm_to_twips(self.right_mm)

    @property
    def text_height_twips(self) -> int:
        return mm_to_twips(self.height_mm) - mm_to_twips(self.top_mm) - mm_to_twips(self.bottom_mm)

    @property
    def line_pitch_twips(self) -> int:
        """Rounded down, so that 22 lines always fit in the type area."""
        return self.text_height_twips // self.lines_per_page

    @property
    def char_space(self) -> int:
        """w:docGrid/@w:charSpace: the grid's character pitch minus the body size, in 1/4096 pt.

        Rounded down, so that 28 characters always fit in the line.
        """
        pitch_pt = self.text_width_twips / TWIPS_PER_PT / self.chars_per_line
        return math.floor((pitch_pt - self.body_pt) * 4096)


PAGE = PageSetup()


def table_width_em(page: PageSetup = PAGE) -> float:
    """How many characters of the table type fit across the type area (about 42 at 5号)."""
    return (page.width_mm - page.left_mm - page.right_mm) / 25.4 * 72 / page.table_pt
