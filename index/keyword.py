"""BM25 keyword search over the stored chunks, filtered before ranking.

The index is built from what Chroma already stores (each chunk's context header and text),
so it needs no second ingest and works the same against an embedded store or a server.
It is cached under ``DATA_DIR/bm25`` and rebuilt when the set of chunk ids or the tokenizer
changes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index.store import ChunkStore

# Identifiers and amounts stay whole ("cs05-2023", "£42.3m", "2022/23") and also give their
# parts, so "CS05-2023" and "CS05" both match.
TOKEN = re.compile(r"[£$]?\w+(?:[-./,]\w+)*%?")
AMOUNT = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(?:m|bn|k|%)$")
# "Bristol's" is "Bristol": a possessive's "s" is no word, yet it outweighed every real one.
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# A word written in lower case somewhere in the papers is a common word, no name: "counter",
# though "Counter Fraud" is capitalised (``assistant.org_names``).
LOWER_CASE_WORD = re.compile(r"\b[a-z]+\b")
# ...but not in an address: "jon.mcginty@gloucester.gov.uk" writes no name in lower case.
ADDRESS = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+", re.I)
# Part of the cache's fingerprint: a cached index tokenised (or its common words read) another
# way is rebuilt.
TOKENIZER_VERSION = "3"
FILTER_COLUMNS = ("council", "committee", "doc_type", "classification", "meeting_date_num")


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


# Question words carry no topic: "what did the committee decide" matches any minutes.
QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "did"}


def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | QUESTION_WORDS


class Tokenizer:
    """Lower-cased words (stemmed, no stop words) plus whole identifiers and amounts."""

    def __init__(self) -> None:
        self.stem = _stemmer().stemWord
        self.stopwords = _stopwords()

    def __call__(self, text: str) -> list[str]:
        tokens: list[str] = []
        for match in TOKEN.finditer(POSSESSIVE.sub("", text.lower())):
            token = match.group(0).lstrip("£$").rstrip(".,")
            if token.isalpha():
                if token not in self.stopwords:
                    tokens.append(self.stem(token))
                continue
            tokens.append(token)
            if amount := AMOUNT.match(token):  # "42.3m" also matches "£42.3 million"
                tokens.append(amount.group(1))
            pieces = re.split(r"[-/]", token)
            if len(pieces) > 1:  # "cs05-2023" also matches "CS05"
                tokens.extend(self.stem(p) if p.isalpha() else p for p in pieces if p)
        return tokens


@dataclass(frozen=True)
class KeywordHit:
    chunk_id: str
    score: float


class KeywordIndex:
    """bm25s over every chunk, with the metadata columns the search filters need."""

    def __init__(
        self,
        ids: list[str],
        columns: dict[str, np.ndarray],
        bm25: Any,
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        self.ids = ids
        self.rows = {chunk_id: row for row, chunk_id in enumerate(ids)}
        self.columns = columns
        self.bm25 = bm25
        self.common_words = common_words  # stems of the words the papers write in lower case
        self.tokenize = Tokenizer()

    @cached_property
    def councils(self) -> frozenset[str]:
        """Every council named in the index's metadata."""
        return frozenset(str(name) for name in np.unique(self.columns["council"]) if name)

    @classmethod
    def build(cls, store: ChunkStore) -> KeywordIndex:
        import bm25s

        tokenize = Tokenizer()
        ids: list[str] = []
        rows: list[dict[str, Any]] = []
        corpus: list[list[str]] = []
        lower_case: set[str] = set()
        for chunk in store.iter_chunks():
            ids.append(chunk.id)
            rows.append(chunk.metadata)
            corpus.append(tokenize(f"{chunk.metadata.get('context', '')}\n{chunk.text}") or ["∅"])
            lower_case.update(lower_case_words(chunk.text))
        bm25 = bm25s.BM25()
        if corpus:
            bm25.index(corpus, show_progress=False)
        common = frozenset(tokenize.stem(word) for word in lower_case)
        return cls(ids, _columns(rows), bm25, common)

    @classmethod
    def open(cls, store: ChunkStore, cache_dir: Path) -> KeywordIndex:
        """Load the cached index if it matches the store's chunks, else build and cache it."""
        import bm25s

        fingerprint = _fingerprint(store)
        marker = cache_dir / "fingerprint"
        if marker.is_file() and marker.read_text() == fingerprint:
            try:
                meta = json.loads((cache_dir / "chunks.json").read_text())
                columns = {name: np.array(values) for name, values in meta["columns"].items()}
                bm25 = bm25s.BM25.load(str(cache_dir), show_progress=False) if meta["ids"] else None
                return cls(meta["ids"], columns, bm25, frozenset(meta["common_words"]))
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache is rebuilt below
        index = cls.build(store)
        index.save(cache_dir, fingerprint)
        return index

    def save(self, cache_dir: Path, fingerprint: str) -> None:
        staging = cache_dir.with_name(cache_dir.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if self.ids:
            self.bm25.save(str(staging), show_progress=False)
        columns = {name: values.tolist() for name, values in self.columns.items()}
        meta = {"ids": self.ids, "columns": columns, "common_words": sorted(self.common_words)}
        (staging / "chunks.json").write_text(json.dumps(meta))
        (staging / "fingerprint").write_text(fingerprint)
        shutil.rmtree(cache_dir, ignore_errors=True)
        staging.rename(cache_dir)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[KeywordHit]:
        """Top ``k`` chunks for ``query`` among those where ``mask`` is true."""
        tokens = [t for t in self.tokenize(query) if t in self.bm25.vocab_dict] if self.ids else []
        if not tokens or k <= 0:
            return []
        allowed = np.ones(len(self.ids), dtype=bool) if mask is None else mask
        if not allowed.any():
            return []
        scores = self.bm25.get_scores(tokens) * allowed
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]  # sort only the k, not every chunk
        return [KeywordHit(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _columns(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    columns = {name: np.array([str(row.get(name, "")) for row in rows]) for name in FILTER_COLUMNS}
    columns["meeting_date_num"] = np.array(
        [int(row.get("meeting_date_num", 0) or 0) for row in rows], dtype=np.int64
    )
    return columns


def lower_case_words(text: str) -> list[str]:
    """The words ``text`` writes in lower case, outside e-mail and web addresses."""
    return LOWER_CASE_WORD.findall(ADDRESS.sub(" ", text))


def _fingerprint(store: ChunkStore) -> str:
    ids = sorted(store.collection.get(include=[])["ids"])
    return hashlib.sha256("\n".join([TOKENIZER_VERSION, *ids]).encode()).hexdigest()
