"""Copy detection that scales: a MinHash fingerprint per report and a band index (LSH) over many reports.

A report's fingerprint holds one MinHash signature (datasketch, `NUM_PERM` values, scheme 'affine32')
for each compared part: its three prose sections together ('all') and sections 一 and 五 alone, made
from the report's own shingles (`boilerplate.section_shingles`). Section 六 is compared only as part of
the whole: on its own it is mostly the fee statement and a few stock sentences on 建议提案 that many
agencies word alike. A part with fewer than `MIN_SHINGLES` own shingles is too short to call copied
and is not compared.

`SimilarityIndex` finds, for a fingerprint, the indexed reports sharing a part with it: it cuts each
signature into `BANDS` bands of `ROWS` values (locality-sensitive hashing), keeps each band's hashes in a
sorted numpy array, and verifies every candidate by the share of equal signature values (the MinHash
estimate of the Jaccard similarity). It can be built incrementally (`add`, `remove`), serialised
(`to_bytes` / `from_bytes`) and queried (`similar`). datasketch's own `MinHashLSH` keeps a Python set per
bucket: 241 MB and 10 s for 20,000 signatures of one part on this machine, against a few MB here
(docs/decisions/report-judging.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from gongkai.annual.judging.boilerplate import boilerplate, section_shingles
from gongkai.annual.judging.text import SHINGLE, Hashes

NUM_PERM = 128  # signature length: the estimate's standard error is at most 0.044 (at J = 0.5)
SEED = 1
BANDS, ROWS = 42, 3  # 126 of the 128 values: a pair at J = 0.5 is a candidate with p = 0.9965
PARTS: tuple[str, ...] = ("all", "一", "五")
MIN_SHINGLES = 50  # own shingles a part needs to be compared (about 50 characters of own wording)
FORMAT_VERSION = 1

Signatures = npt.NDArray[np.uint32]


class IndexFormatError(ValueError):
    """Serialised index data that this version cannot use; `str(exc)` is a Chinese message."""


@cache
def _permutations() -> npt.NDArray[np.uint32]:
    """datasketch's permutation parameters for (NUM_PERM, SEED), made once and shared by every MinHash."""
    return np.asarray(MinHash(num_perm=NUM_PERM, seed=SEED).permutations)


def _identity(value: Any) -> Any:
    return value


def signature(shingles: Hashes) -> Signatures:
    """The MinHash signature of a set of shingle hashes (datasketch, affine32 scheme)."""
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=_permutations(), scheme="affine32"
    )
    if len(shingles):
        minhash.update_batch(shingles.tolist())  # Python ints iterate faster than numpy scalars
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


@cache
def text_version() -> str:
    """What fingerprints depend on besides the text: shingle size, MinHash parameters, the boilerplate.

    Fingerprints made under another version (the phrase list was edited, say) are not comparable.
    """
    digest = hashlib.sha256(boilerplate().tobytes())
    digest.update(f"{SHINGLE}/{NUM_PERM}/{SEED}/affine32".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Fingerprint:
    """What the index keeps of one report: who, which year, when published, and a signature per part.

    `key` identifies the report (the application's report id); `agency` identifies its agency (an id
    or the name): reports of the same agency are never 'another agency's' copies. `name` is the
    agency's name as people read it in a finding (default: `agency`).
    """

    key: str
    agency: str
    year: int
    published_on: dt.date | None
    sizes: tuple[int, ...]  # own shingles per part, in PARTS order
    signatures: Signatures  # (len(PARTS), NUM_PERM)
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.agency

    def comparable(self, part: int) -> bool:
        return self.sizes[part] >= MIN_SHINGLES

    def to_bytes(self) -> bytes:
        """A compact form to store beside the report (about 2 KB)."""
        meta = _entry_meta(self)
        meta["version"] = text_version()
        head = json.dumps(meta, ensure_ascii=False).encode()
        return len(head).to_bytes(4, "little") + head + self.signatures.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        try:
            size = int.from_bytes(data[:4], "little")
            meta = json.loads(data[4 : 4 + size])
            signatures = np.frombuffer(data[4 + size :], dtype="<u4").astype(np.uint32)
            signatures = signatures.reshape(len(PARTS), NUM_PERM)
        except (ValueError, UnicodeDecodeError) as exc:
            raise IndexFormatError("报告指纹数据已损坏，无法读取。") from exc
        if meta.get("version") != text_version():
            raise IndexFormatError("报告指纹由另一版本的比对规则生成，需要重新计算。")
        return _entry_from_meta(meta, signatures)


def _entry_meta(fp: Fingerprint) -> dict[str, Any]:
    return {
        "key": fp.key,
        "agency": fp.agency,
        "year": fp.year,
        "published_on": fp.published_on.isoformat() if fp.published_on else None,
        "sizes": list(fp.sizes),
        "name": fp.name,
    }


def _entry_from_meta(meta: Mapping[str, Any], signatures: Signatures) -> Fingerprint:
    published = meta.get("published_on")
    return Fingerprint(
        key=str(meta["key"]),
        agency=str(meta["agency"]),
        year=int(meta["year"]),
        published_on=dt.date.fromisoformat(published) if published else None,
        sizes=tuple(int(s) for s in meta["sizes"]),
        signatures=signatures,
        name=str(meta.get("name") or ""),
    )


def fingerprint_shingles(
    parts: Mapping[str, Hashes],
    *,
    key: str,
    agency: str,
    year: int,
    published_on: dt.date | None = None,
    name: str = "",
) -> Fingerprint:
    """The fingerprint of a report whose own shingles per part (`section_shingles`) are known."""
    return Fingerprint(
        key=key,
        agency=agency,
        year=year,
        published_on=published_on,
        sizes=tuple(len(parts[part]) for part in PARTS),
        signatures=np.stack([signature(parts[part]) for part in PARTS]),
        name=name,
    )


def fingerprint(
    report: Mapping[str, Any],
    *,
    key: str,
    agency: str | None = None,
    published_on: dt.date | None = None,
    sections: Mapping[str, str] | None = None,
) -> Fingerprint:
    """The fingerprint of a report (the contract with 'sections', or `sections` given apart).

    `agency` defaults to the report's agency name; pass the application's agency id where names vary.
    """
    name = report.get("agency")
    parts = section_shingles(sections if sections is not None else report.get("sections") or {}, name)
    return fingerprint_shingles(
        parts,
        key=key,
        agency=agency if agency is not None else str(name or ""),
        year=int(report.get("year") or 0),
        published_on=published_on,
        name=str(name or ""),
    )


@dataclass(frozen=True)
class Match:
    """An indexed report that shares a part with the one asked about: the estimated Jaccard similarity."""

    key: str
    agency: str
    name: str  # the agency's name, for people
    year: int
    published_on: dt.date | None
    part: str  # 'all', '一' or '五'
    similarity: float


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        z = values + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))  # type: ignore[no-any-return]


def band_hashes(signatures: Signatures) -> npt.NDArray[np.uint64]:
    """(…, BANDS) 64-bit hashes of the bands of (…, NUM_PERM) signatures: equal bands, equal hashes.

    The band's number is hashed in too, so that the bands of a part can share one sorted array."""
    values = signatures[..., : BANDS * ROWS].astype(np.uint64)
    bands = values.reshape(*signatures.shape[:-1], BANDS, ROWS)
    h = np.broadcast_to(np.arange(BANDS, dtype=np.uint64), bands.shape[:-1])
    for row in range(ROWS):
        h = _mix(h ^ bands[..., row])
    return h


_TAIL_ROWS = 1024  # rows added since the last sort are scanned, not searched, up to this many


class SimilarityIndex:
    """Fingerprints of many reports, queried for the ones that share a part with a given report."""

    def __init__(self, fingerprints: Iterable[Fingerprint] = ()) -> None:
        self._entries: list[Fingerprint | None] = []  # by row; None once removed or replaced
        self._rows: dict[str, int] = {}
        self._signatures = np.zeros((0, len(PARTS), NUM_PERM), dtype=np.uint32)
        self._bands = np.zeros((0, len(PARTS), BANDS), dtype=np.uint64)
        self._pending: list[Fingerprint] = []  # added, not yet in the arrays
        self._sorted_rows = 0  # rows [0, _sorted_rows) are in the sorted band arrays
        self._values: list[npt.NDArray[np.uint64]] = []  # per part: every band hash of every row, sorted
        self._order: list[npt.NDArray[np.int32]] = []  # per part: the row of each of those hashes
        for fp in fingerprints:
            self.add(fp)

    # --- building ------------------------------------------------------------------------------

    def add(self, fp: Fingerprint) -> None:
        """Index `fp`; a fingerprint with the key of an indexed one replaces it."""
        if fp.signatures.shape != (len(PARTS), NUM_PERM):
            raise ValueError(f"signatures of shape {fp.signatures.shape}, expected {(len(PARTS), NUM_PERM)}")
        self.remove(fp.key)
        self._rows[fp.key] = len(self._entries)
        self._entries.append(fp)
        self._pending.append(fp)

    def remove(self, key: str) -> bool:
        """Forget the report `key`; False when it was not indexed."""
        row = self._rows.pop(key, None)
        if row is None:
            return False
        self._entries[row] = None
        return True

    def _flush(self) -> None:
        """Move the pending fingerprints into the arrays; sort the bands again when the tail is long."""
        if self._pending:
            signatures = np.stack([fp.signatures for fp in self._pending])
            self._signatures = np.concatenate([self._signatures, signatures])
            self._bands = np.concatenate([self._bands, band_hashes(signatures)])
            self._pending = []
        tail = len(self._entries) - self._sorted_rows
        if tail > max(_TAIL_ROWS, self._sorted_rows // 8):
            self._sort()

    def _sort(self) -> None:
        self._order, self._values = [], []
        for part in range(len(PARTS)):
            flat = self._bands[:, part, :].ravel()  # row-major: position // BANDS is the row
            order = np.argsort(flat, kind="stable")
            self._values.append(flat[order])
            self._order.append((order // BANDS).astype(np.int32))
        self._sorted_rows = len(self._entries)

    # --- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def get(self, key: str) -> Fingerprint | None:
        row = self._rows.get(key)
        return self._entries[row] if row is not None else None

    def __iter__(self) -> Iterator[Fingerprint]:
        return (fp for fp in self._entries if fp is not None)

    def _candidates(self, part: int, bands: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        found: list[npt.NDArray[np.int64] | npt.NDArray[np.int32]] = []
        if self._sorted_rows:
            values, rows = self._values[part], self._order[part]
            starts = np.searchsorted(values, bands, side="left")
            ends = np.searchsorted(values, bands, side="right")
            found += [rows[lo:hi] for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True) if hi > lo]
        tail = self._bands[self._sorted_rows :, part, :]
        if len(tail):
            found.append(np.flatnonzero((tail == bands).any(axis=1)) + self._sorted_rows)
        return np.unique(np.concatenate(found)).astype(np.int64) if found else np.zeros(0, dtype=np.int64)

    def similar(
        self,
        fp: Fingerprint,
        *,
        threshold: float,
        years: Iterable[int] | None = None,
        other_agencies: bool = True,
    ) -> list[Match]:
        """The indexed reports sharing a part with `fp` at an estimated Jaccard similarity ≥ `threshold`.

        Each part is compared with the same part only ('all' with 'all', '五' with '五'), and only where
        both have `MIN_SHINGLES` own shingles. `years`: only reports of these years (default: `fp`'s
        year). `other_agencies`: leave out reports of `fp`'s own agency. The report `fp.key` itself is
        never a match. Best match first; one entry per (report, part).
        """
        self._flush()
        wanted = {fp.year} if years is None else set(years)
        query_bands = band_hashes(fp.signatures)
        matches: list[Match] = []
        for part, name in enumerate(PARTS):
            if not fp.comparable(part):
                continue
            rows = self._candidates(part, query_bands[part])
            if not len(rows):
                continue
            estimates = (self._signatures[rows, part, :] == fp.signatures[part]).mean(axis=1)
            close = estimates >= threshold
            for row, estimate in zip(rows[close].tolist(), estimates[close].tolist(), strict=True):
                other = self._entries[row]
                if (
                    other is None
                    or other.key == fp.key
                    or other.year not in wanted
                    or (other_agencies and other.agency == fp.agency)
                    or not other.comparable(part)
                ):
                    continue
                matches.append(
                    Match(
                        other.key, other.agency, other.label, other.year, other.published_on, name, estimate
                    )
                )
        matches.sort(key=lambda m: (-m.similarity, m.key, PARTS.index(m.part)))
        return matches

    # --- persistence ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole index as bytes (numpy .npz, no pickle): store it, and `from_bytes` it back."""
        self._flush()
        live = [row for row, fp in enumerate(self._entries) if fp is not None]
        meta = {
            "format": FORMAT_VERSION,
            "version": text_version(),
            "entries": [_entry_meta(self._entries[row]) for row in live],  # type: ignore[arg-type]
        }
        buffer = io.BytesIO()
        np.savez(
            buffer,
            meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8),
            signatures=self._signatures[live] if live else self._signatures[:0],
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> SimilarityIndex:
        """An index saved with `to_bytes` (IndexFormatError when it cannot be used)."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as stored:
                meta = json.loads(stored["meta"].tobytes())
                signatures = np.asarray(stored["signatures"], dtype=np.uint32)
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            raise IndexFormatError("相似度索引数据已损坏，无法读取。") from exc
        if meta.get("format") != FORMAT_VERSION or meta.get("version") != text_version():
            raise IndexFormatError("相似度索引由另一版本的比对规则生成，需要用各报告重新建立。")
        if signatures.shape != (len(meta["entries"]), len(PARTS), NUM_PERM):
            raise IndexFormatError("相似度索引数据不完整，无法读取。")
        index = cls()
        index._entries = [_entry_from_meta(m, signatures[row]) for row, m in enumerate(meta["entries"])]
        index._rows = {fp.key: row for row, fp in enumerate(index._entries) if fp is not None}
        index._signatures = signatures
        index._bands = band_hashes(signatures) if len(signatures) else index._bands
        index._sort()
        return index
