"""PDF front-end: characters with their boxes (pypdfium2), ruled table cells, lines in reading order.

Ruled tables are read as a lattice: the page's thin horizontal and vertical paths (and the edges of
cell rectangles) cut the page into atomic cells; neighbouring atomic cells without a ruling between
them form one printed cell. Each printed cell's text is joined however many lines it spans, and
each table row becomes one line of tab-joined cells, so that a tall label cell and its vertically
centred values stay together. Text outside ruled cells is clustered into lines by vertical overlap
and split into cells at wide horizontal gaps. Page numbers and repeated running heads are dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, repeat
from operator import itemgetter, sub
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from gongkai.annual.document import Document, ReadError
from gongkai.annual.sources import pdfium_calls
from gongkai.annual.sources.grid import first_value_column, join_fragments, row_line
from gongkai.annual.sources.pdfium_calls import Handle


@dataclass(frozen=True)
class PdfSettings:
    """Tolerances, in PDF points or as multiples of the characters' height."""

    # Two characters share a line when they overlap vertically by this share of the smaller height.
    line_overlap: float = 0.5
    # A horizontal gap wider than this many character heights separates words (a space) …
    word_gap: float = 0.25
    # … and wider than this, cells of a table without rulings (a tab).
    cell_gap: float = 1.2
    # Pages with no gap this wide (in character heights) inside a line hold no table, and are
    # not searched for rulings (a ruled table's cells can sit closer than `cell_gap`).
    table_gap: float = 0.7
    min_table_gaps: int = 1
    # A path at most this thick (and at least `ruling_min_length` long) is a table ruling.
    ruling_max_thickness: float = 3.0
    ruling_min_length: float = 4.0
    # Rulings (and cell edges) closer than this are the same grid line.
    snap: float = 2.5
    # A vertical ruling's end further than this from every horizontal ruling closes a cut table.
    min_row_height: float = 6.0
    # Top and bottom share of the page where page numbers and running heads are printed.
    margin_share: float = 0.1
    # A character box larger than this (points) is a font's bogus loose box; its tight box is used.
    max_glyph_size: float = 60.0
    # A document with fewer visible characters than this has no usable text layer.
    min_text_chars: int = 20
    # Above this share of characters without a Unicode mapping the text layer is unreadable.
    max_unmapped_share: float = 0.3


DEFAULT_PDF_SETTINGS = PdfSettings()

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$"
)
_MAP_SAMPLE = 8
_INFINITE = float("inf")
_WIDE = "\u2e80"  # from here on: CJK characters and full-width punctuation
# Real spaces, and the spaces and line breaks pdfium generates; "" is a surrogate pair's first half.
_SKIPPED = frozenset({"\0", "\t", "\n", "\r", " ", "\xa0", "\u3000", "\ufeff", "\ufffe", "\uffff", ""})
# The same as a lookup table by code point (the last entry: every code point beyond the table).
_SKIPPED_CODES = np.zeros(0x10001, dtype=bool)
_SKIPPED_CODES[[ord(letter) for letter in _SKIPPED if letter]] = True
# Real spaces, by code point in the same way: a kept character after one is flagged `space_before`.
_SPACE_CODES = np.zeros(0x10001, dtype=bool)
_SPACE_CODES[[ord(letter) for letter in " \xa0\u3000"]] = True
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


# One visible character: (text, x0, top, x1, bottom, space_before), y growing downwards from the
# page's top edge; space_before: the text layer has a space right before it. A plain tuple rather
# than a named tuple: the front-end makes one per character, and its loops unpack or index it.
Char = tuple[str, float, float, float, float, bool]
_TEXT: Final = 0
_X0: Final = 1
_TOP: Final = 2
_X1: Final = 3
_BOTTOM: Final = 4
_by_x0, _by_top = itemgetter(_X0), itemgetter(_TOP)
_first = itemgetter(0)  # a Line's top, a (column, text) cell's column, a Ruling's `at`
_start, _end = itemgetter(1), itemgetter(2)  # a Ruling's start and end


class Ruling(NamedTuple):
    """A horizontal (`at` is y) or vertical (`at` is x) table line from `start` to `end`."""

    at: float
    start: float
    end: float


# Ruling(*values) without the named tuple's Python-level __new__ (pages hold hundreds of rulings).
_new_ruling = partial(tuple.__new__, Ruling)


@dataclass
class PageContent:
    """What one page yields: characters and rulings, in top-down coordinates."""

    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    horizontal: list[Ruling] = field(default_factory=list)
    vertical: list[Ruling] = field(default_factory=list)
    sampled: int = 0  # characters checked for a missing Unicode mapping (every `_MAP_SAMPLE`th)
    unmapped: int = 0  # … and how many of those had none
    # The characters' x0, top, x1, bottom as one row each (in `chars` order), as the extraction
    # computed them; None when `chars` were made otherwise (`_boxes` then builds them).
    boxes: npt.NDArray[np.float64] | None = None


class Line(NamedTuple):
    """A printed line (or table row) and where it starts on the page."""

    top: float
    text: str
    in_table: bool


# Line(*values) without the named tuple's Python-level __new__ (a page makes one per printed line).
_new_line = partial(tuple.__new__, Line)


# --- extraction (pypdfium2) ---------------------------------------------------------------------


def _page_chars(textpage: Handle, height: float, settings: PdfSettings, out: PageContent) -> None:
    """The page's visible characters with their loose boxes, turned to top-down coordinates.

    The hot path of the front-end: every step runs over whole columns (numpy), and Python objects
    are made only for the characters kept.
    """
    count = pdfium_calls.char_count(textpage)
    if count <= 0:
        return
    letters, skipped, codes = _page_text(textpage, count)
    visible = np.flatnonzero(~skipped)  # whitespace (a fifth of a page's text layer) needs no box
    found, boxes = pdfium_calls.loose_boxes(textpage, visible.tolist())
    lefts, tops, rights, bottoms = boxes.T
    max_glyph = settings.max_glyph_size
    # Some vertical-writing fonts report a loose box many glyphs wide; their tight box is sane.
    bogus = np.flatnonzero((rights - lefts > max_glyph) | (tops - bottoms > max_glyph))
    if len(bogus):
        boxes[bogus] = pdfium_calls.tight_boxes(textpage, visible[bogus].tolist())[:, _LOOSE_ORDER]
    sampled = (np.flatnonzero(~skipped[::_MAP_SAMPLE]) * _MAP_SAMPLE).tolist()
    out.sampled += len(sampled)
    out.unmapped += pdfium_calls.unmapped_count(textpage, sampled)
    kept = visible[found]  # pdfium has a box, and the character is no whitespace
    boxes = boxes[found]
    boxes[:, 1::2] = height - boxes[:, 1::2]  # tops and bottoms from the page's top edge
    out.boxes = boxes if not out.chars else None
    # One tuple per character from whole columns (the letters decoded at once, `tolist` in C).
    out.chars += zip(
        _kept_letters(letters, codes, kept), *boxes.T.tolist(), _spaced(codes, kept).tolist(), strict=True
    )


# A tight box's left, right, bottom, top as the loose box's left, top, right, bottom.
_LOOSE_ORDER = [0, 3, 1, 2]


def _page_text(
    textpage: Handle, count: int
) -> tuple[str | list[str], npt.NDArray[np.bool_], npt.NDArray[np.uint16 | np.uint32]]:
    """The page's characters one per index (the text layer itself, or a list where surrogate pairs
    were joined: `_paired_surrogates`), which of them are whitespace (`_SKIPPED`), and each index's
    code: pdfium's UTF-16 unit (one per index), or, where its text does not map one to one onto
    the indexes, the code point pdfium gives the index."""
    units = pdfium_calls.char_units(textpage, count)
    if units is not None:
        text, codes = units
        if not _SURROGATE.search(text):  # UTF-16 units without surrogates are the code points
            return text, _SKIPPED_CODES[codes], codes
    else:
        points = pdfium_calls.char_codes(textpage, count)
        text, codes = "".join(map(chr, points)), np.array(points, dtype="<u4")
    if _SURROGATE.search(text):
        letters = _paired_surrogates(text)
        return letters, np.fromiter(map(_SKIPPED.__contains__, letters), dtype=bool, count=count), codes
    return text, _SKIPPED_CODES[_lookup(codes)], codes


def _lookup(codes: npt.NDArray[np.uint16 | np.uint32]) -> npt.NDArray[np.uint16 | np.uint32]:
    """Codes as indexes of the tables by code point (`_SKIPPED_CODES`, `_SPACE_CODES`): every code
    beyond them at their last entry."""
    return codes if codes.itemsize == 2 else np.minimum(codes, len(_SKIPPED_CODES) - 1)


def _kept_letters(
    letters: str | list[str], codes: npt.NDArray[np.uint16 | np.uint32], kept: npt.NDArray[np.intp]
) -> str | list[str]:
    """The letters at the `kept` indexes: without surrogate pairs (`letters` the text itself) the
    kept codes decoded at once, else picked one by one."""
    if isinstance(letters, str):
        # (the codes' bytes are pdfium's own UTF-16 buffer's, or little-endian code points)
        return codes[kept].tobytes().decode("utf-16-le" if codes.itemsize == 2 else "utf-32-le")
    return [letters[index] for index in kept.tolist()]


def _paired_surrogates(text: str) -> list[str]:
    """Characters outside the BMP come as surrogate pairs over two indexes: the pair's character
    at the second index, nothing at the first (and nothing for an unpaired surrogate)."""
    letters = ["" if "\ud800" <= letter < "\ue000" else letter for letter in text]
    for pair in _SURROGATE_PAIR.finditer(text):
        letters[pair.end() - 1] = pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return letters


def _spaced(codes: npt.NDArray[np.uint16 | np.uint32], kept: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """Whether each kept character (`kept`: their indexes, ascending) follows a real space of the
    text layer: one lies between it and the kept character before it (or the page's start). Only
    whitespace and characters without a box lie between two kept ones, so this is the kept
    character at or after the end of each whitespace run that holds a real space."""
    spaces = np.cumsum(_SPACE_CODES[_lookup(codes)])[kept]  # real spaces up to each kept index
    flags = np.empty(len(spaces), dtype=bool)
    if len(spaces):
        flags[0] = spaces[0] > 0
        np.greater(spaces[1:], spaces[:-1], out=flags[1:])
    return flags


def _rotated(content: PageContent, rotation: int) -> PageContent:
    """The page as displayed when its /Rotate turns it (90, 180 or 270 degrees clockwise)."""
    width, height = content.width, content.height

    def box(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        if rotation == 90:
            return height - bottom, x0, height - top, x1
        if rotation == 270:
            return top, width - x1, bottom, width - x0
        return width - x1, height - bottom, width - x0, height - top  # 180

    turned = PageContent(height, width) if rotation in (90, 270) else PageContent(width, height)
    turned.sampled, turned.unmapped = content.sampled, content.unmapped
    turned.chars = [
        (text, *box(x0, top, x1, bottom), space) for text, x0, top, x1, bottom, space in content.chars
    ]
    turned.chars.sort(key=lambda c: (round(c[_TOP]), c[_X0]))  # the text layer's order is rotated too
    for ruling, is_horizontal in [(r, True) for r in content.horizontal] + [
        (r, False) for r in content.vertical
    ]:
        edges = (
            (ruling.start, ruling.at, ruling.end, ruling.at)
            if is_horizontal
            else (ruling.at, ruling.start, ruling.at, ruling.end)
        )
        x0, top, x1, bottom = box(*edges)
        if x1 - x0 >= bottom - top:
            turned.horizontal.append(Ruling((top + bottom) / 2, x0, x1))
        else:
            turned.vertical.append(Ruling((x0 + x1) / 2, top, bottom))
    return turned


def _page_rulings(page: Handle, height: float, settings: PdfSettings, out: PageContent) -> None:
    """Table lines: thin paths, or, where a table is drawn cell by cell, the edges of rectangles."""
    _path_rulings(*_path_bounds(*pdfium_calls.page_objects(page)), height, settings, out)


def _path_rulings(
    paths: list[Handle],
    sides: npt.NDArray[np.float64],
    height: float,
    settings: PdfSettings,
    out: PageContent,
) -> None:
    """`_page_rulings` of the page's `paths` with their `sides` (rows of left, bottom, right, top in
    PDF space, `_path_bounds`), sorted by whole columns: a table drawn line by line has hundreds."""
    thin, long_enough = settings.ruling_max_thickness, settings.ruling_min_length
    x0, bottoms, x1, tops = sides.T
    y0, y1 = height - tops, height - bottoms
    width, tall = x1 - x0, y1 - y0
    across = (tall <= thin) & (width >= long_enough)
    down = ~across & (width <= thin) & (tall >= long_enough)
    horizontal, vertical = out.horizontal, out.vertical
    horizontal += map(_new_ruling, zip(*_picked(across, (y0 + y1) / 2, x0, x1), strict=True))
    vertical += map(_new_ruling, zip(*_picked(down, (x0 + x1) / 2, y0, y1), strict=True))
    if horizontal and vertical:
        return  # the table lines are drawn as lines: rectangles are cell shading (or the same edges)
    # Tables drawn as rectangles (one per cell): their edges are the rulings.
    boxed = ~(across | down) & (width > thin) & (tall > thin)
    for obj, left, top, right, bottom in zip(
        compress(paths, boxed.tolist()), *_picked(boxed, x0, y0, x1, y1), strict=True
    ):
        if pdfium_calls.is_rectangle(obj):
            horizontal += (Ruling(top, left, right), Ruling(bottom, left, right))
            vertical += (Ruling(left, top, bottom), Ruling(right, top, bottom))


def _picked(mask: npt.NDArray[np.bool_], *columns: npt.NDArray[np.float64]) -> list[list[float]]:
    """Each column's values where `mask` holds, as Python floats."""
    return [column[mask].tolist() for column in columns]


_FORM_DEPTH = 4  # form XObjects nested deeper than this are not searched for table lines
_Matrix = tuple[float, float, float, float, float, float]


def _path_bounds(
    objects: list[Handle], kinds: list[int], matrix: _Matrix | None = None, depth: int = 0
) -> tuple[list[Handle], npt.NDArray[np.float64]]:
    """Every path among `objects` (of a page, or of a form XObject placed by `matrix`), also inside
    the forms among them, with a row of its left, bottom, right, top in page space for each."""
    paths = list(compress(objects, map(pdfium_calls.PATH.__eq__, kinds)))
    found, sides = pdfium_calls.bounds(paths)
    if not found.all():
        paths, sides = list(compress(paths, found.tolist())), sides[found]
    if matrix is not None:
        placed_sides = [_transformed(matrix, *row) for row in sides.tolist()]
        sides = np.array(placed_sides, dtype=np.float64).reshape(len(paths), 4)
    if depth < _FORM_DEPTH and pdfium_calls.FORM in kinds:
        for form in compress(objects, map(pdfium_calls.FORM.__eq__, kinds)):
            inner = pdfium_calls.matrix(form)
            if inner is not None:
                placed = inner if matrix is None else _compose(inner, matrix)
                inner_paths, inner_sides = _path_bounds(*pdfium_calls.form_objects(form), placed, depth + 1)
                paths += inner_paths
                sides = np.concatenate((sides, inner_sides))
    return paths, sides


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _transformed(
    matrix: _Matrix, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    """The bounds of a box carried by `matrix`: left, bottom, right, top."""
    a, b, c, d, e, f = matrix
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (left, right) for y in (bottom, top)]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _open_pdf(data: bytes) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError("PDF 文件已加密，需要密码才能打开；请提供未加密的文件。") from exc
        raise ReadError("PDF 文件已损坏或不完整，无法打开。") from exc
    if len(pdf) == 0:
        pdf.close()
        raise ReadError("PDF 文件没有任何页面（文件可能已损坏或不完整）。")
    return pdf


def extract_pages(data: bytes, settings: PdfSettings = DEFAULT_PDF_SETTINGS) -> list[PageContent]:
    """Every page's visible characters (loose boxes) and ruling lines."""
    pdf = _open_pdf(data)
    pages: list[PageContent] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                left, bottom, right, top = page.get_mediabox()
                content = PageContent(right - left, top - bottom)
                textpage = page.get_textpage()
                try:
                    _page_chars(pdfium_calls.handle(textpage.raw), top, settings, content)
                finally:
                    textpage.close()
                if _may_hold_table(_boxes(content), settings):
                    _page_rulings(pdfium_calls.handle(page.raw), top, settings, content)
                rotation = page.get_rotation()
            finally:
                page.close()
            pages.append(_rotated(content, rotation) if rotation else content)
    except ReadError:
        raise
    except Exception as exc:  # pdfium fails page by page on damaged content streams
        raise ReadError("PDF 文件已损坏，部分页面无法读取。") from exc
    finally:
        pdf.close()
    return pages


# --- lattice: rulings to printed cells ----------------------------------------------------------


def _snap(values: list[float], tolerance: float) -> tuple[list[float], list[int]]:
    """Cluster coordinates closer than `tolerance`; each cluster is represented by its mean.
    Also each value's cluster (its grid line), so that rulings need no search for their line."""
    clusters: list[list[float]] = []
    line_of = [0] * len(values)
    for index in sorted(range(len(values)), key=values.__getitem__):
        value = values[index]
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
        line_of[index] = len(clusters) - 1
    return [sum(cluster) / len(cluster) for cluster in clusters], line_of


def _grid_index(
    line_of: list[int], rulings: list[Ruling], tolerance: float
) -> dict[int, list[tuple[float, float]]]:
    """For each grid line, the stretches its rulings cover (touching stretches merged); `line_of`:
    each ruling's grid line, as `_snap` found it."""
    covered: dict[int, list[tuple[float, float]]] = {}
    # One sort by grid line, then start: a single sweep merges each line's stretches in order.
    stretches = sorted([(line, start, end) for line, (_, start, end) in zip(line_of, rulings, strict=True)])
    if not stretches:
        return covered
    current, low, high = stretches[0]
    for line, start, end in stretches:
        if line == current and start <= high + tolerance:
            if end > high:
                high = end
            continue
        covered.setdefault(current, []).append((low, high))
        current, low, high = line, start, end
    covered.setdefault(current, []).append((low, high))
    return covered


def _uncovered(stretches: list[tuple[float, float]], mids: list[float], tolerance: float) -> list[int]:
    """Indexes of the (sorted) midpoints that no stretch of a grid line covers (`stretches` in
    order of their starts, as `_grid_index` gives them: the gaps between them are swept once)."""
    uncovered: list[int] = []
    reached = 0  # every midpoint before this one is covered or listed
    for start, end in stretches:
        low = bisect.bisect_left(mids, start - tolerance)
        if low > reached:
            uncovered += range(reached, low)
        high = bisect.bisect_right(mids, end + tolerance)
        if high > reached:
            reached = high
    uncovered += range(reached, len(mids))
    return uncovered


class Lattice:
    """The ruled cells of one page: atomic grid cells merged where no ruling separates them."""

    def __init__(self, content: PageContent, settings: PdfSettings) -> None:
        vertical = content.vertical  # (pages drawn line by line have hundreds of rulings: C loops)
        self.xs, vertical_lines = _snap(list(map(_first, vertical)), settings.snap)
        # The vertical rulings' ends close the grid too: a table cut by a page break has no
        # bottom (or top) border, but its column lines still run to the cut.
        lines = list(map(_first, content.horizontal))
        if vertical:
            ends = (min(map(_start, vertical)), max(map(_end, vertical)))
            apart = float(settings.min_row_height).__lt__  # further than this from every line
            lines += [end for end in ends if all(map(apart, map(abs, map(sub, repeat(end), lines))))]
        # The horizontal rulings come first among `lines`: their grid lines lead `line_of`.
        self.ys, line_of = _snap(lines, settings.snap)
        rows, cols = len(self.ys) - 1, len(self.xs) - 1
        self.rows, self.cols = max(rows, 0), max(cols, 0)
        self.outside = self.rows * self.cols  # one extra node: the outside of every table
        self._parent = list(range(self.outside + 1))
        if self.rows and self.cols:
            self._merge(content, vertical_lines, line_of[: len(content.horizontal)], settings.snap)
        # Each atomic cell's printed cell (None: outside every table), looked up once per character.
        # A union keeps the smaller root or the outside, and path halving only moves a parent up
        # its own chain: every atomic cell's parent is itself, an earlier cell or the outside, so
        # one pass in order finds every root.
        outside = self.outside
        roots: list[int] = []
        for index, up in enumerate(self._parent[:outside]):
            roots.append(index if up == index else up if up == outside else roots[up])
        self._cell: list[int | None] = [None if root == outside else root for root in roots]

    def _union(self, pairs: list[tuple[int, int]]) -> None:
        """Join the sets of each pair of atomic cells (or the outside), in order."""
        parent, outside = self._parent, self.outside
        for a, b in pairs:
            while parent[a] != a:
                parent[a] = a = parent[parent[a]]
            while parent[b] != b:
                parent[b] = b = parent[parent[b]]
            if a != b:
                # The outside always wins; otherwise the top-left atomic cell names the printed cell.
                keep = outside if a == outside or b == outside else a if a < b else b
                parent[a if keep == b else b] = keep

    def _merge(
        self, content: PageContent, vertical_lines: list[int], horizontal_lines: list[int], tolerance: float
    ) -> None:
        """Join neighbouring atomic cells wherever no ruling separates them (`…_lines`: each
        ruling's grid line)."""
        cols, rows = self.cols, self.rows
        row_mids = [(self.ys[row] + self.ys[row + 1]) / 2 for row in range(rows)]
        col_mids = [(self.xs[col] + self.xs[col + 1]) / 2 for col in range(cols)]
        vertical = _grid_index(vertical_lines, content.vertical, tolerance)
        pairs: list[tuple[int, int]] = []  # neighbours without a ruling between them
        for col in range(cols + 1):
            for row in _uncovered(vertical.get(col, []), row_mids, tolerance):
                left = row * cols + col - 1 if col > 0 else self.outside
                right = row * cols + col if col < cols else self.outside
                pairs.append((left, right))
        horizontal = _grid_index(horizontal_lines, content.horizontal, tolerance)
        # The grid's top and bottom lines count as closed: a table broken by a page break has no
        # border there, and its cells (a tall merged label above all) stay cells.
        for row in range(1, rows):
            above = (row - 1) * cols
            pairs += [
                (above + col, above + cols + col)
                for col in _uncovered(horizontal.get(row, []), col_mids, tolerance)
            ]
        self._union(pairs)

    @property
    def cells_exist(self) -> bool:
        return any(cell is not None for cell in self._cell)

    def assign(self, chars: list[Char]) -> tuple[list[Char], list[int], dict[int, list[Char]]]:
        """Characters outside every ruled cell with the grid row whose band holds each one's centre
        (-1 where the centre is left or right of the grid), and the characters inside each printed
        cell (by its centre).

        A centre's column and row are found by bisecting doubled coordinates (x0 + x1 against
        twice the grid lines), then looked up in a table of printed cells padded with None all
        round, for centres outside the grid. Characters of one line mostly share their top and
        bottom: the row is bisected again only when they change.
        """
        xs2, ys2 = [2 * x for x in self.xs], [2 * y for y in self.ys]
        width = len(xs2) + 1
        right_edge = xs2[-1]
        padded: list[int | None] = [None] * (width * (len(ys2) + 1))
        for row in range(self.rows):
            start = (row + 1) * width + 1
            padded[start : start + self.cols] = self._cell[row * self.cols : (row + 1) * self.cols]
        right = bisect.bisect_right
        free: list[Char] = []
        bands: list[int] = []
        in_cells: dict[int, list[Char]] = {}
        # the last column found, and its edges (a centre between them is in it: no bisection)
        edges = [-_INFINITE, *xs2, _INFINITE]
        middle, row, base, column, low, high = float("nan"), 0, 0, 0, _INFINITE, -_INFINITE
        for char in chars:
            _, x0, top, x1, bottom, _ = char
            if top + bottom != middle:
                middle = top + bottom
                row = right(ys2, middle)
                base = row * width
            across = x0 + x1
            if not low <= across < high:
                column = right(xs2, across)
                low, high = edges[column], edges[column + 1]
            cell = padded[base + column]
            if cell is None:
                free.append(char)
                # within the grid's width: at or right of its left edge, at or left of its right
                bands.append(row - 1 if column and (column < width - 1 or across == right_edge) else -1)
            elif cell in in_cells:
                in_cells[cell].append(char)
            else:
                in_cells[cell] = [char]
        return free, bands, in_cells

    def column_of(self, x: float) -> int:
        return min(max(bisect.bisect_right(self.xs, x) - 1, 0), max(self.cols - 1, 0))

    def cells(self) -> list[tuple[int, int, int]]:
        """Every printed cell (enclosed by rulings) in reading order, with the grid row and column
        of its top-left atomic cell (the first of its atomic cells in order, which names it)."""
        cols = self.cols
        return [
            (index, index // cols, index % cols) for index, cell in enumerate(self._cell) if cell == index
        ]


# --- characters to lines ------------------------------------------------------------------------


def _runs(
    chars: list[Char], settings: PdfSettings, with_cells: bool, split: bool = True
) -> tuple[list[list[Char]], list[str]]:
    """Consecutive characters (text layer's order) printed left to right on one line, and each run's
    text: spaces at word gaps, `with_cells` tabs at cell gaps (`split` False: one run whatever the
    positions). Text layers mostly list characters in reading order, so runs are whole lines or cells:
    clustering runs, not characters, keeps the front-end close to pdfium's speed. No space between two
    CJK characters (or full-width punctuation): justified spacing is not a word gap. A hot loop."""
    overlap, word_gap = settings.line_overlap, settings.word_gap
    cell_gap = settings.cell_gap if with_cells else _INFINITE
    narrowest = word_gap if word_gap < cell_gap else cell_gap
    run = [chars[0]]
    runs, texts = [run], []
    previous_text, previous_x0, previous_top, previous_x1, previous_bottom, _ = chars[0]
    parts = [previous_text]
    for char in chars[1:]:
        text, x0, top, x1, bottom, space_before = char
        # Boxes of one line mostly share top and bottom exactly: that test comes first.
        if split and (
            x0 < previous_x0
            or (
                (top != previous_top or bottom != previous_bottom)
                and (bottom if bottom < previous_bottom else previous_bottom)
                - (top if top > previous_top else previous_top)
                < overlap
                * (
                    bottom - top
                    if bottom - top < previous_bottom - previous_top
                    else previous_bottom - previous_top
                )
            )
        ):
            texts.append("".join(parts))
            run, parts = [char], [text]
            runs.append(run)
        else:
            gap = x0 - previous_x1
            # Sizes are at least 1 pt: a gap of at most `narrowest` points separates nothing.
            if space_before or gap > narrowest:
                size = (
                    bottom - top
                    if bottom - top < previous_bottom - previous_top
                    else previous_bottom - previous_top
                )
                if size < 1.0:
                    size = 1.0
                if gap > cell_gap * size:
                    parts.append("\t")
                elif (space_before or gap > word_gap * size) and (previous_text < _WIDE or text < _WIDE):
                    parts.append(" ")
            parts.append(text)
            run.append(char)
        previous_text = text
        previous_x0 = x0
        previous_top = top
        previous_x1 = x1
        previous_bottom = bottom
    texts.append("".join(parts))
    return runs, texts


def _line_text(chars: list[Char], settings: PdfSettings, with_cells: bool) -> str:
    """A line's characters (left to right) with spaces at word gaps and, `with_cells`, tabs at
    cell gaps (`_runs`)."""
    return _runs(chars, settings, with_cells, split=False)[1][0]


def _cluster_lines(
    chars: list[Char], settings: PdfSettings, with_cells: bool
) -> list[tuple[list[Char], str]]:
    """Group characters into printed lines by vertical overlap, each line sorted left to right,
    with its text (`_line_text`)."""
    if len(chars) < 2:
        return [(chars, chars[0][_TEXT])] if chars else []
    return _joined_runs(*_runs(chars, settings, with_cells), settings, with_cells)


def _joined_runs(
    runs: list[list[Char]], texts: list[str], settings: PdfSettings, with_cells: bool
) -> list[tuple[list[Char], str]]:
    """`_cluster_lines` of the characters `_runs` gave as `runs` with their `texts`."""
    if len(runs) == 1:
        return [(runs[0], texts[0])]
    extents = [(run[0][_TOP], run[0][_BOTTOM], run, text) for run, text in zip(runs, texts, strict=True)]
    extents.sort(key=lambda extent: extent[0] + extent[1])
    lines: list[tuple[list[Char], str]] = []
    unsorted: set[int] = set()
    line_top, line_bottom = 0.0, 0.0
    for top, bottom, run, text in extents:
        if lines:
            overlap = min(line_bottom, bottom) - max(line_top, top)
            if overlap >= settings.line_overlap * min(line_bottom - line_top, bottom - top):
                line, line_text = lines[-1]
                if run[0][_X0] < line[-1][_X0]:
                    unsorted.add(len(lines) - 1)
                else:  # the text across the seam is the two characters' own text
                    seam = _line_text([line[-1], run[0]], settings, with_cells)
                    line_text += seam[len(line[-1][_TEXT]) :] + text[len(run[0][_TEXT]) :]
                line += run
                lines[-1] = (line, line_text)
                line_top, line_bottom = min(line_top, top), max(line_bottom, bottom)
                continue
        lines.append((list(run), text))
        line_top, line_bottom = top, bottom
    for index in unsorted:  # runs are left to right; only a line joined from runs out of order
        line = sorted(lines[index][0], key=_by_x0)
        lines[index] = (line, _line_text(line, settings, with_cells))
    return lines


def _may_hold_table(boxes: npt.NDArray[np.float64], settings: PdfSettings) -> bool:
    """Whether a page has cell-wide gaps within lines: pages of prose skip the search for rulings.
    (`boxes`: the characters' x0, top, x1, bottom rows, in the text layer's order.)"""
    if len(boxes) < 2:
        return False
    x0, top, x1, bottom = boxes.T
    height = bottom[:-1] - top[:-1]
    gaps = (np.abs(top[1:] - top[:-1]) < settings.line_overlap * height) & (
        x0[1:] - x1[:-1] > settings.table_gap * height
    )
    return int(np.count_nonzero(gaps)) >= max(settings.min_table_gaps, 1)


def _boxes(content: PageContent) -> npt.NDArray[np.float64]:
    """The page's character boxes as rows of x0, top, x1, bottom (`PageContent.boxes`, or built
    from `chars` when the extraction did not keep them)."""
    if content.boxes is not None and len(content.boxes) == len(content.chars):
        return content.boxes
    rows = [(x0, top, x1, bottom) for _, x0, top, x1, bottom, _ in content.chars]
    return np.array(rows, dtype=np.float64).reshape(len(rows), 4)


def _cell_text(chars: list[Char], settings: PdfSettings) -> str:
    if len(chars) == 1:
        return chars[0][_TEXT]
    runs, texts = _runs(chars, settings, False)
    if len(runs) == 1:  # the common cell: one run
        return texts[0]
    lines = _joined_runs(runs, texts, settings, False)
    if len(lines) == 1:
        return lines[0][1]
    return join_fragments(text for _, text in lines)


def _tables(row_numbers: list[int]) -> list[list[int]]:
    """Grid rows holding ruled cells, split into tables wherever a band without cells intervenes."""
    tables: list[list[int]] = []
    for row in row_numbers:
        if tables and row == tables[-1][-1] + 1:
            tables[-1].append(row)
        else:
            tables.append([row])
    return tables


def _free_pieces(chars: list[Char], settings: PdfSettings) -> list[tuple[float, str]]:
    """Unruled text split at wide gaps: (left edge, text) for each piece."""
    pieces: list[tuple[float, str]] = []
    for line, _ in _cluster_lines(chars, settings, False):
        start = 0
        for index in range(1, len(line) + 1):
            if index == len(line) or _is_cell_gap(line[index - 1], line[index], settings):
                pieces.append((line[start][_X0], _line_text(line[start:index], settings, False)))
                start = index
    return pieces


def _is_cell_gap(previous: Char, char: Char, settings: PdfSettings) -> bool:
    height = min(previous[_BOTTOM] - previous[_TOP], char[_BOTTOM] - char[_TOP])
    return char[_X0] - previous[_X1] > settings.cell_gap * max(height, 1.0)


def page_lines(content: PageContent, settings: PdfSettings = DEFAULT_PDF_SETTINGS) -> list[Line]:
    """One page's lines top to bottom: free text lines and table rows (cells tab-joined).

    Text in a table row's band that no ruling encloses (a cell whose border is not drawn, as at
    the top of a table continued from the previous page) joins that row at its column.
    """
    lattice = Lattice(content, settings)
    if not lattice.cells_exist:
        return [
            _new_line((min(map(_by_top, chars)), text, False))
            for chars, text in _cluster_lines(content.chars, settings, True)
        ]
    free, bands, in_cells = lattice.assign(content.chars)
    rows: dict[int, list[tuple[int, str]]] = {}
    for cell, row, col in lattice.cells():
        chars = in_cells.get(cell)
        rows.setdefault(row, []).append((col, _cell_text(chars, settings) if chars else ""))
    in_bands: dict[int, list[Char]] = {}
    outside: list[Char] = []
    table_rows = set(rows)
    for char, band in zip(free, bands, strict=True):
        (in_bands.setdefault(band, []) if band in table_rows else outside).append(char)
    for row, chars in in_bands.items():
        rows[row] += [(lattice.column_of(x0), text) for x0, text in _free_pieces(chars, settings)]
    lines = [
        _new_line((min(map(_by_top, chars)), text, False))
        for chars, text in _cluster_lines(outside, settings, True)
    ]
    for table in _tables(sorted(rows)):
        placed = [sorted(rows[row], key=_first) for row in table]
        values_from = first_value_column(placed)
        for row, cells in zip(table, placed, strict=True):
            if any(text for _, text in cells):
                lines.append(_new_line((lattice.ys[row], row_line(cells, values_from), True)))
    lines.sort(key=_first)  # by top
    return lines


def _is_margin(line: Line, content: PageContent, settings: PdfSettings) -> bool:
    band = settings.margin_share * content.height
    return not line.in_table and (line.top < band or line.top > content.height - band)


def document_lines(pages: list[PageContent], settings: PdfSettings = DEFAULT_PDF_SETTINGS) -> list[str]:
    """All pages' lines without page numbers and running heads (margin lines repeated on pages)."""
    per_page = [(content, page_lines(content, settings)) for content in pages]
    margin_counts: dict[str, int] = {}
    for content, lines in per_page:
        for text in {line.text for line in lines if _is_margin(line, content, settings)}:
            margin_counts[text] = margin_counts.get(text, 0) + 1
    repeated = {text for text, count in margin_counts.items() if count > 1} if len(pages) > 1 else set()
    out: list[str] = []
    for content, lines in per_page:
        for line in lines:
            if _is_margin(line, content, settings) and (
                line.text in repeated or _PAGE_NUMBER.match(line.text)
            ):
                continue
            out.append(line.text)
    return out


def read_pdf(data: bytes, name: str = "", settings: PdfSettings = DEFAULT_PDF_SETTINGS) -> Document:
    """The PDF front-end: bytes of a .pdf file with a text layer to a Document."""
    pages = _pages_with_text(data, settings)
    notes: tuple[str, ...] = ()
    if b"%%EOF" not in data[-2048:]:
        notes = ("PDF 文件可能不完整（缺少文件结束标记），部分内容可能未能读取。",)
    return Document(lines=tuple(document_lines(pages, settings)), kind="pdf", source=name, notes=notes)


def read_pdf_pages(
    data: bytes, name: str = "", settings: PdfSettings = DEFAULT_PDF_SETTINGS
) -> tuple[Document, ...]:
    """Each page of a .pdf as its own Document, for checks that must say on which page a word is and
    must see every printed word: page numbers are dropped, running heads are kept."""
    return tuple(
        Document(lines=tuple(document_lines([content], settings)), kind="pdf", source=name)
        for content in _pages_with_text(data, settings)
    )


def _pages_with_text(data: bytes, settings: PdfSettings) -> list[PageContent]:
    """The pages' content; ReadError when the PDF has no usable text layer."""
    pages = extract_pages(data, settings)
    visible = sum(len(content.chars) for content in pages)
    sampled = sum(content.sampled for content in pages)
    unmapped = sum(content.unmapped for content in pages)
    if visible < settings.min_text_chars:
        raise ReadError("PDF 文件没有文字层（可能是扫描件或图片），需要先进行文字识别（OCR）后才能读取。")
    if unmapped > settings.max_unmapped_share * sampled:
        raise ReadError("PDF 文件的文字层无法解码（字体缺少字符映射），需要先进行文字识别（OCR）后才能读取。")
    return pages
