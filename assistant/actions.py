"""The action tracker: list the commitments papers make, and follow each one through later papers.

A record's **timeline** is its source passage plus every passage elsewhere that mentions it:

- by **reference**: a shared audit or report reference ("CA07-2023") in the record's ref,
  title or text, found word for word in another paper or part, earlier or later (a reference
  is unambiguous, and an earlier mention, such as the minutes that deferred an item, belongs
  to its story);
- by **title**: a governance issue's or audit's own title (three words or more) quoted in a
  later paper;
- by **similarity**: a later passage (same council, or same committee when the council is not
  stated) whose embedding is within ``SIMILARITY_THRESHOLD`` cosine similarity of the
  record's. Undated records get no similarity links, since "later" has no meaning for them.

Every entry is a :class:`~assistant.answer.Citation` (paper, date, page, exact quote), so the
UI and CLI show them as they show an answer's references.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from llama_index.core.schema import NodeWithScore, TextNode

from assistant.answer import Citation, Passage
from assistant.sentences import split_sentences
from index.action_store import ActionStore
from index.filters import SearchFilters
from index.store import ChunkStore
from ingest.actions import ActionRecord
from ingest.errors import QueryError

# Cosine similarity between a record (title + its words) and a later chunk (context header +
# text), MiniLM. Measured on 26 hand-labelled pairs from the seed and real papers
# (eval/action_links.py): at 0.62 precision 0.88, recall 0.50; at 0.64 precision 1.00 but
# recall 0.36; at 0.58 precision 0.65. Reference and title links do not depend on it.
SIMILARITY_THRESHOLD = 0.62
SIMILAR_CANDIDATES = 30  # nearest chunks considered per record
MAX_SIMILAR = 6  # similarity links kept per record (the best chunk of each paper part)
TITLE_KINDS = {"governance issue", "audit action"}
MIN_TITLE_WORDS = 3
STATES = {"open", "closed"}
Link = Literal["source", "reference", "title", "similar"]
WORD = re.compile(r"[a-z0-9]{3,}")


@dataclass(frozen=True)
class TimelineEntry:
    """One mention of a record: where, when, the quoted words, and how it was linked."""

    citation: Citation
    link: Link
    key: str = ""  # the reference or title that matched
    score: float = 0.0  # cosine similarity, for similarity links

    @property
    def date(self) -> str:
        return self.citation.passage.meeting_date

    def to_dict(self) -> dict[str, Any]:
        return {"link": self.link, "key": self.key, "score": round(self.score, 4),
                **self.citation.to_dict()}  # fmt: skip


@dataclass(frozen=True)
class Timeline:
    record: ActionRecord
    entries: list[TimelineEntry]

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": asdict(self.record),
            "entries": [entry.to_dict() for entry in self.entries],
        }


class ActionTracker:
    """Reads action records and their mentions from the store, within a caller's filters."""

    def __init__(
        self,
        store: ChunkStore,
        actions: ActionStore | None = None,
        threshold: float = SIMILARITY_THRESHOLD,
    ) -> None:
        self.store = store
        self.actions = actions or ActionStore.beside(store)
        self.threshold = threshold

    def list(self, filters: SearchFilters, status: str = "") -> list[ActionRecord]:
        """Records the filters allow, newest meeting first; ``status`` is "open", "closed" or
        a status as stated ("Ongoing"), compared without case."""
        records = [r for r in self.actions.records(filters.to_where()) if _has_status(r, status)]
        return sorted(records, key=lambda r: (r.meeting_date, r.doc_id, r.record_start))[::-1]

    def find(self, reference: str, filters: SearchFilters) -> ActionRecord:
        """The one record whose id, or ref (without case), is ``reference``."""
        wanted = " ".join(reference.split()).lower()
        records = self.actions.records(filters.to_where())
        matches = [r for r in records if r.id == reference] or [
            r for r in records if r.ref.lower() == wanted
        ]
        if not matches:
            raise QueryError(f"no action record matches {reference!r} (see `councilqa actions`)")
        if len(matches) > 1:
            listed = "; ".join(f"{r.id} ({r.paper_title[:40]})" for r in matches[:6])
            raise QueryError(f"{reference!r} matches {len(matches)} records: {listed}; give the id")
        return matches[0]

    def timeline(self, record: ActionRecord, filters: SearchFilters) -> Timeline:
        """The record's source and every mention the filters allow, in date order."""
        got = self.actions.get(record.id)
        vector = got[1] if got else None
        entries = [self._source(record, filters)]
        entries += self._references(record, filters)
        entries += self._titles(record, filters)
        if vector is not None:
            entries += self._similar(record, vector, filters)
        kept = _one_per_chunk([e for e in entries if e is not None])
        undated = "9999-99-99"
        kept.sort(key=lambda e: (e.date or undated, e.link != "source", e.citation.passage.page))
        numbered = [replace(e, citation=replace(e.citation, number=i)) for i, e in
                    enumerate(kept, start=1)]  # fmt: skip
        return Timeline(record, numbered)

    # --- the links ---------------------------------------------------------------------

    def _source(self, record: ActionRecord, filters: SearchFilters) -> TimelineEntry | None:
        where = _and(
            filters.to_where(),
            {"document_id": record.doc_id},
            {"start_char": {"$lte": record.start_char}},
            {"end_char": {"$gt": record.start_char}},
        )
        hits = self._get(where)
        if not hits:
            return None
        passage = hits[0]
        return TimelineEntry(_cite(passage, _quote_of(passage, record.text)), "source")

    def _references(self, record: ActionRecord, filters: SearchFilters) -> list[TimelineEntry]:
        entries = []
        for key in record.keys:
            for passage in self._get(filters.to_where(), {"$contains": key}):
                if not _in_part(passage, record):
                    entries.append(TimelineEntry(_cite(passage, _quote_with(passage, key)),
                                                 "reference", key))  # fmt: skip
        return entries

    def _titles(self, record: ActionRecord, filters: SearchFilters) -> list[TimelineEntry]:
        title = record.title
        if record.kind not in TITLE_KINDS or len(title.split()) < MIN_TITLE_WORDS:
            return []
        entries = []
        for passage in self._get(_later(record, filters), {"$contains": title}):
            if not _in_part(passage, record):
                entries.append(TimelineEntry(_cite(passage, _quote_with(passage, title)),
                                             "title", title))  # fmt: skip
        return entries

    def _similar(
        self, record: ActionRecord, vector: list[float], filters: SearchFilters
    ) -> list[TimelineEntry]:
        if not record.meeting_date:
            return []
        where = _later(record, filters)
        if record.council:
            where = _and(where, {"council": record.council})
        elif record.committee:
            where = _and(where, {"committee": record.committee})
        found = self.store.collection.query(
            query_embeddings=[vector],
            n_results=SIMILAR_CANDIDATES,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        best: dict[tuple[str, str], TimelineEntry] = {}
        for chunk_id, text, metadata, distance in zip(
            found["ids"][0], found["documents"][0], found["metadatas"][0],
            found["distances"][0], strict=True,
        ):  # fmt: skip
            similarity = 1.0 - float(distance)
            passage = _passage(chunk_id, text, metadata, similarity)
            if similarity < self.threshold or _in_part(passage, record):
                continue
            key = (passage.doc_id, passage.part_title)
            if key not in best or best[key].score < similarity:
                quote = _closest_sentence(passage, f"{record.title} {record.text}")
                best[key] = TimelineEntry(_cite(passage, quote), "similar", "", similarity)
        return sorted(best.values(), key=lambda e: -e.score)[:MAX_SIMILAR]

    def _get(
        self, where: dict[str, Any], where_document: dict[str, Any] | None = None
    ) -> list[Passage]:
        got = self.store.collection.get(
            where=where, where_document=where_document, include=["documents", "metadatas"]
        )
        passages = [
            _passage(chunk_id, text, metadata, 1.0)
            for chunk_id, text, metadata in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            )
        ]
        return sorted(passages, key=lambda p: (p.meeting_date, p.doc_id, p.start_char))


def _has_status(record: ActionRecord, status: str) -> bool:
    wanted = status.strip().lower()
    if not wanted:
        return True
    if wanted in STATES:
        return record.state == wanted
    return wanted in [part.strip().lower() for part in record.status.split(";")] or (
        record.status.lower() == wanted
    )


def _and(*conditions: dict[str, Any]) -> dict[str, Any]:
    flat: list[dict[str, Any]] = []
    for condition in conditions:
        flat.extend(condition.get("$and", [condition]))
    return flat[0] if len(flat) == 1 else {"$and": flat}


def _later(record: ActionRecord, filters: SearchFilters) -> dict[str, Any]:
    """The filters, narrowed to papers dated on or after the record's meeting."""
    if not record.meeting_date:
        return filters.to_where()
    return _and(filters.to_where(), {"meeting_date_num": {"$gte": record.meeting_date_num}})


def _passage(chunk_id: str, text: str, metadata: dict[str, Any], score: float) -> Passage:
    node = TextNode(id_=chunk_id, text=text, metadata=metadata)
    return Passage.from_node(NodeWithScore(node=node, score=score))


def _in_part(passage: Passage, record: ActionRecord) -> bool:
    """Whether a passage sits in the same paper part as the record (not a later mention)."""
    return passage.doc_id == record.doc_id and (
        record.part_start <= passage.start_char < record.part_end
    )


def _one_per_chunk(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """A chunk linked several ways is listed once, by its strongest link."""
    order = {"source": 0, "reference": 1, "title": 2, "similar": 3}
    best: dict[str, TimelineEntry] = {}
    for entry in entries:
        chunk = entry.citation.passage.chunk_id
        if chunk not in best or order[entry.link] < order[best[chunk].link]:
            best[chunk] = entry
    return list(best.values())


def _cite(passage: Passage, quote: str) -> Citation:
    return Citation(0, passage.locate(quote), quote)


def _quote_of(passage: Passage, text: str) -> str:
    """The record's words as they appear in its source chunk (its first sentence there)."""
    for sentence in split_sentences(text) or [text]:
        if sentence.text in passage.text:
            return sentence.text
    return _closest_sentence(passage, text)


def _quote_with(passage: Passage, key: str) -> str:
    """The passage's sentence that names ``key`` (or the line, when it is too short)."""
    for sentence in split_sentences(passage.text):
        if key in sentence.text:
            return sentence.text
    line_start = passage.text.rfind("\n", 0, passage.text.find(key)) + 1
    line_end = passage.text.find("\n", line_start)
    return passage.text[line_start : line_end if line_end >= 0 else None].strip()


def _closest_sentence(passage: Passage, text: str) -> str:
    """The passage's sentence sharing most words with ``text``."""
    wanted = set(WORD.findall(text.lower()))
    sentences = split_sentences(passage.text)
    if not sentences:
        return passage.text.strip().split("\n")[0]
    best = max(sentences, key=lambda s: len(wanted & set(WORD.findall(s.text.lower()))))
    return best.text
