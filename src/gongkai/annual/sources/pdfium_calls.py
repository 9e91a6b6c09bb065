"""The pdfium calls the PDF front-end makes once per character or page object, made cheaply.

pypdfium2's raw bindings declare every function's argument types; converting each argument through
those declarations costs about twice what the call itself does. The few functions called once per
character or page object are bound here a second time, at the same addresses, without declared
arguments, and called through `map` so that the loops run in C. Handles are passed as ready-made
pointer arguments (`handle`: what `c_void_p.from_param` makes of an address), indexes as `int`,
buffers by `byref`: exactly the C types, so nothing needs converting (a plain `int` handle would be
truncated — never pass one; a `c_void_p` instance is converted again on every call, with a search of
ctypes' type table, which cost a tenth of each per-object call). Everything else goes through
pypdfium2 as usual.
"""

from __future__ import annotations

import ctypes
import threading
from itertools import repeat
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pypdfium2.raw as pdfium_c


class _Pointer(ctypes.c_void_p):
    """An untyped pdfium pointer as a return type: it comes back as itself, ready to pass on
    (ctypes turns only a plain `c_void_p` result into an int)."""


# A pdfium handle as a call argument: ctypes' own argument object for a pointer (or None for NULL),
# which every call takes as it is.
Handle: TypeAlias = Any
_as_argument = ctypes.c_void_p.from_param


_FLOAT_SIZE = ctypes.sizeof(ctypes.c_float)


def _unchecked(function: Any, restype: Any = ctypes.c_int) -> Any:
    """`function` (a pypdfium2 binding) without declared argument types (C calling convention),
    called with the GIL held: these calls take a microsecond or less, and releasing the GIL and
    taking it back cost a fifth of each (`PYFUNCTYPE` also checks for a Python error after the
    call, which pdfium never sets)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if not address:
        raise ImportError(f"pdfium function missing: {function}")
    return ctypes.PYFUNCTYPE(restype)(address)


_count_chars = _unchecked(pdfium_c.FPDFText_CountChars)
_get_text = _unchecked(pdfium_c.FPDFText_GetText)
_get_loose_char_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_get_unicode = _unchecked(pdfium_c.FPDFText_GetUnicode)
_get_char_box = _unchecked(pdfium_c.FPDFText_GetCharBox)
_has_unicode_map_error = _unchecked(pdfium_c.FPDFText_HasUnicodeMapError)
_count_objects = _unchecked(pdfium_c.FPDFPage_CountObjects)
_get_object = _unchecked(pdfium_c.FPDFPage_GetObject, ctypes.c_void_p)
_form_count_objects = _unchecked(pdfium_c.FPDFFormObj_CountObjects)
_form_get_object = _unchecked(pdfium_c.FPDFFormObj_GetObject, ctypes.c_void_p)
_get_type = _unchecked(pdfium_c.FPDFPageObj_GetType)
_get_bounds = _unchecked(pdfium_c.FPDFPageObj_GetBounds)
_get_matrix = _unchecked(pdfium_c.FPDFPageObj_GetMatrix)
_count_segments = _unchecked(pdfium_c.FPDFPath_CountSegments)
_get_segment = _unchecked(pdfium_c.FPDFPath_GetPathSegment, _Pointer)
_segment_type = _unchecked(pdfium_c.FPDFPathSegment_GetType)

PATH = pdfium_c.FPDF_PAGEOBJ_PATH
FORM = pdfium_c.FPDF_PAGEOBJ_FORM


def handle(pointer: Any) -> Handle:
    """A pypdfium2 raw pointer (`PdfTextPage.raw`, `PdfPage.raw`) as an untyped handle."""
    return _as_argument(ctypes.cast(pointer, ctypes.c_void_p).value)


def char_count(textpage: Handle) -> int:
    return int(_count_chars(textpage))


def char_text(textpage: Handle, count: int) -> str | None:
    """The text layer as one string with one UTF-16 unit per character index (surrogates kept
    unpaired), or None when pdfium's text does not map one to one onto its character indexes."""
    units = char_units(textpage, count)
    return None if units is None else units[0]


def char_units(textpage: Handle, count: int) -> tuple[str, npt.NDArray[np.uint16]] | None:
    """`char_text`, and the same UTF-16 units as an array (one per character index)."""
    if count <= 0:
        return "", np.zeros(0, dtype=np.uint16)
    buffer = (ctypes.c_ushort * (count + 1))()
    if _get_text(textpage, 0, count, buffer) != count + 1:
        return None
    text = ctypes.string_at(buffer, 2 * count).decode("utf-16-le", "surrogatepass")
    return text, np.frombuffer(memoryview(buffer), dtype=np.uint16, count=count)


def loose_boxes(
    textpage: Handle, indexes: list[int]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """The loose boxes of the characters at `indexes`: whether pdfium has one, and a row of left,
    top, right, bottom for each (PDF space, y upwards; zeros where there is none), as doubles in an
    array of its own."""
    count = len(indexes)
    scratch = _scratch
    scratch.grow(count)
    ctypes.memset(scratch.values, 0, 4 * count * _FLOAT_SIZE)
    # An FS_RECTF is four floats: a pointer to a record's first float is a pointer to the record.
    calls = map(_get_loose_char_box, repeat(textpage, count), indexes, scratch.pointers[0])
    found = np.fromiter(calls, dtype=bool, count=count)
    values = np.frombuffer(memoryview(scratch.values), dtype=np.float32, count=4 * count)
    return found, values.reshape(count, 4).astype(np.float64)


def unmapped_count(textpage: Handle, indexes: list[int]) -> int:
    """How many of the characters at `indexes` have no Unicode mapping in their font."""
    return sum(map((1).__eq__, map(_has_unicode_map_error, repeat(textpage, len(indexes)), indexes)))


def page_objects(page: Handle) -> tuple[list[Handle], list[int]]:
    """The page's top-level objects and their types."""
    count = int(_count_objects(page))
    objects = list(map(_as_argument, map(_get_object, repeat(page, count), range(count))))
    return objects, list(map(_get_type, objects))


def form_objects(form: Handle) -> tuple[list[Handle], list[int]]:
    """A form XObject's objects and their types."""
    count = max(int(_form_count_objects(form)), 0)
    objects = list(map(_as_argument, map(_form_get_object, repeat(form, count), range(count))))
    return objects, list(map(_get_type, objects))


class _Scratch(threading.local):
    """A buffer of records of four floats (an FS_RECTF, or an object's bounds) with a pointer to
    each record's each float, made once and kept (per thread): making the pointers on every call
    cost more than the calls themselves. Each use copies the values out before the next one."""

    def __init__(self) -> None:
        self.values = (ctypes.c_float * 0)()
        self.pointers: list[list[Any]] = [[], [], [], []]

    def grow(self, count: int) -> None:
        if 4 * count <= len(self.values):
            return
        size = max(count, 2 * len(self.values) // 4, 256)
        self.values = values = (ctypes.c_float * (4 * size))()
        self.pointers = [
            list(
                map(
                    ctypes.byref,
                    repeat(values, size),
                    range(side * _FLOAT_SIZE, 4 * size * _FLOAT_SIZE, 4 * _FLOAT_SIZE),
                )
            )
            for side in range(4)
        ]


_scratch = _Scratch()


def bounds(objects: list[Handle]) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Each object's bounds: whether pdfium has them, and a row of left, bottom, right, top for
    each object (in the space of the page or form holding it; stale values where there are none),
    as doubles in an array of its own."""
    count = len(objects)
    scratch = _scratch
    scratch.grow(count)
    calls = map(_get_bounds, objects, *scratch.pointers)  # map stops with `objects`
    found = np.fromiter(calls, dtype=bool, count=count)
    values = np.frombuffer(memoryview(scratch.values), dtype=np.float32, count=4 * count)
    return found, values.reshape(count, 4).astype(np.float64)


def matrix(obj: Handle) -> tuple[float, float, float, float, float, float] | None:
    """An object's transformation matrix (a, b, c, d, e, f), or None."""
    value = pdfium_c.FS_MATRIX()
    if not _get_matrix(obj, ctypes.byref(value)):
        return None
    return value.a, value.b, value.c, value.d, value.e, value.f


def is_rectangle(path: Handle) -> bool:
    """A path of four straight sides (plus its closing segment): a cell's rectangle."""
    if not 4 <= _count_segments(path) <= 5:
        return False
    # A four-sided path is either straight or curved throughout: its second segment tells.
    second = _get_segment(path, 1)
    return bool(second.value) and _segment_type(second) == pdfium_c.FPDF_SEGMENT_LINETO


def char_codes(textpage: Handle, count: int) -> list[int]:
    """Each character's code point, one call per character (when `char_text` cannot give them)."""
    return list(map(_get_unicode, repeat(textpage, count), range(count)))


def tight_boxes(textpage: Handle, indexes: list[int]) -> npt.NDArray[np.float64]:
    """The tight boxes of the characters at `indexes`: a row of left, right, bottom, top for each
    (PDF space; zeros where pdfium has none)."""
    count = len(indexes)
    values = (ctypes.c_double * (4 * count))()
    size = ctypes.sizeof(ctypes.c_double)
    sides = [
        map(ctypes.byref, repeat(values, count), range(side * size, 4 * count * size, 4 * size))
        for side in range(4)
    ]
    for _ in map(_get_char_box, repeat(textpage, count), indexes, *sides):
        pass
    return np.frombuffer(memoryview(values), dtype=np.float64).reshape(count, 4)
