"""Word shingles: is a passage's wording already indexed from another paper?

A report published alone and the same report inside an agenda pack never chunk alike: page
numbers, running headers and chunk boundaries differ. So passages are compared as sets of
word 5-grams ("shingles"), and a chunk counts as a copy when at least 90% of its shingles
occur in the chunks of one other paper.

Measured by ``python -m eval.near_duplicates ../shared/corpus``: the same seed paper as PDF
and as text, >= 0.90 for 98-100% of chunks (tables extract differently); different papers of
different meetings, at most 0.11. A report cut out of the Kent pack is wholly contained in it
(``tests/test_near_duplicates.py``). Without the rules below, short procedural minutes
("Declarations of Interest. There were none.") of different meetings are 100% contained in
each other, hence: both passages at least 20 words, of the same classification, and not from
different councils or meeting dates (an empty field does not disagree). Papers of one meeting
do repeat each other: the Bristol decision notice restates the minutes' resolutions word for
word, and those count as copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

K = 5  # words per shingle
THRESHOLD = 0.9  # share of a chunk's shingles found elsewhere that makes it a copy
MIN_WORDS = 20
MIN_SHINGLES = MIN_WORDS - K + 1
COVER_GAIN = 0.05  # a further chunk joins the covering set only if it adds this share
WORD = re.compile(r"\w+")
# The metadata that says whether two passages may be the same passage at all.
IDENTITY_KEYS = ("document_id", "source", "classification", "council", "committee", "meeting_date")


def shingles(text: str, k: int = K) -> frozenset[int]:
    """Hashes of the text's lower-cased word k-grams; empty below ``MIN_WORDS`` words.

    Python's string hash differs between processes, so shingles are never stored: they are
    recomputed from the chunk text that Chroma holds.
    """
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(hash(" ".join(words[i : i + k])) for i in range(len(words) - k + 1))


def containment(part: frozenset[int], whole: frozenset[int]) -> float:
    """The share of ``part``'s shingles that are in ``whole`` (0 for an empty ``part``)."""
    return len(part & whole) / len(part) if part else 0.0


def compatible(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two chunks may hold the same passage: same classification, and no
    disagreement on council or meeting date where both are known."""
    if (a.get("classification") or "public") != (b.get("classification") or "public"):
        return False
    return all(
        not a.get(key) or not b.get(key) or a.get(key) == b.get(key)
        for key in ("council", "meeting_date")
    )


@dataclass(frozen=True)
class Match:
    """The chunks of one paper that together hold a passage."""

    doc_id: str
    chunk_ids: tuple[str, ...]  # the covering chunks, the largest share first
    containment: float


@dataclass(frozen=True)
class _Entry:
    chunk_id: str
    metadata: dict[str, Any]


class ShingleIndex:
    """Shingle → chunk postings over the searchable chunks, for containment queries.

    Exact rather than MinHash: MinHash estimates Jaccard similarity, but a pack chunk that
    straddles two report chunks is contained in their union, which Jaccard against either
    one misses. The corpus is thousands of chunks; postings take about 9 kB per chunk.
    """

    def __init__(self) -> None:
        self.entries: list[_Entry | None] = []
        self.positions: dict[str, int] = {}
        self.postings: dict[int, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self.positions)

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self.positions

    @property
    def chunk_ids(self) -> set[str]:
        return set(self.positions)

    def metadata(self, chunk_id: str) -> dict[str, Any]:
        """The identifying metadata (``IDENTITY_KEYS``) an indexed chunk was added with."""
        return self.entries[self.positions[chunk_id]].metadata  # type: ignore[union-attr]

    def add(self, chunk_id: str, text: str, metadata: Mapping[str, Any]) -> None:
        if chunk_id in self.positions:
            return
        position = len(self.entries)
        self.entries.append(_Entry(chunk_id, {key: metadata.get(key, "") for key in IDENTITY_KEYS}))
        self.positions[chunk_id] = position
        for shingle in shingles(text):
            held = self.postings.get(shingle)
            if held is None:
                self.postings[shingle] = position  # most shingles occur once: no list
            elif isinstance(held, int):
                self.postings[shingle] = [held, position]
            else:
                held.append(position)

    def discard(self, chunk_ids: Iterable[str]) -> None:
        """Forget chunks; their postings are skipped from now on, not rewritten."""
        for chunk_id in chunk_ids:
            position = self.positions.pop(chunk_id, None)
            if position is not None:
                self.entries[position] = None

    def match(self, text: str, metadata: Mapping[str, Any]) -> Match | None:
        """The other paper whose chunks hold at least ``THRESHOLD`` of this passage, if any.

        Chunks of the same paper, or of another version of the same file, never count.
        """
        own = frozenset(shingles(text))
        if len(own) < MIN_SHINGLES:
            return None
        shared: dict[int, set[int]] = {}  # entry position → the passage's shingles it holds
        for shingle in own:
            held = self.postings.get(shingle)
            for position in [held] if isinstance(held, int) else held or ():
                shared.setdefault(position, set()).add(shingle)
        by_doc: dict[str, list[int]] = {}
        for position in shared:
            entry = self.entries[position]
            if entry is None or not _may_match(entry.metadata, metadata):
                continue
            by_doc.setdefault(entry.metadata["document_id"], []).append(position)
        best: Match | None = None
        for doc_id, positions in sorted(by_doc.items()):  # ties go the same way every run
            found = self._cover(doc_id, positions, shared, len(own))
            if found and (best is None or found.containment > best.containment):
                best = found
        return best if best and best.containment >= THRESHOLD else None

    def _cover(
        self, doc_id: str, positions: list[int], shared: dict[int, set[int]], size: int
    ) -> Match | None:
        """Greedily pick the paper's chunks that cover the passage, biggest share first,
        stopping when a further chunk would add little (a stray common phrase)."""
        covered: set[int] = set()
        chosen: list[str] = []
        remaining = sorted(positions)
        while remaining:
            position = max(remaining, key=lambda p: (len(shared[p] - covered), -p))
            gain = len(shared[position] - covered)
            if gain < max(1, COVER_GAIN * size):
                break
            covered |= shared[position]
            chosen.append(self.entries[position].chunk_id)  # type: ignore[union-attr]
            remaining.remove(position)
        if not chosen:
            return None
        return Match(doc_id, tuple(chosen), len(covered) / size)


def _may_match(stored: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    if stored["document_id"] == new.get("document_id"):
        return False
    if stored["source"] and stored["source"] == new.get("source"):
        return False  # an older version of the same file, about to be replaced
    return compatible(stored, new)
