"""Agenda packs and the reports inside them: each passage indexed once, every source kept.

At ingest each new chunk is matched against the searchable chunks (``index/shingles.py``).
A chunk whose wording another paper already holds is a *copy*: it is written, with its own
vector and metadata, to the ``<collection>-duplicates`` collection, naming the chunks that
hold it (``duplicate_of``), instead of to the searchable collection. Dense search, BM25 and
everything else that reads the searchable collection never see copies; search results name
them as ``also_in``.

Which copy stays searchable: the one that says more about where it was presented (council,
committee, meeting date known), else the one ingested first. A report saved alone often
lacks the pack's front sheet, and a search filtered by date or committee must still find
its passages, so a pack ingested after its undated report takes over: the report's chunks
are *demoted* to copies of the pack's.

Removing a paper *re-homes* the copies that pointed at its chunks: each is matched again
against what is still searchable, and is either re-pointed or promoted (moved, vector and
all) into the searchable collection, so no passage another paper holds is lost. The same
repair runs at the start of every ingest, so a crash half-way through a removal heals.

Nothing is persisted beyond Chroma: the shingles are recomputed from the stored chunk text
(about 0.1 s per thousand chunks), so detection works the same across runs, processes and
app servers sharing a Chroma server.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from llama_index.core.schema import BaseNode
from llama_index.core.vector_stores.utils import node_to_metadata_dict

from index.shingles import Match, ShingleIndex
from index.store import DOC_KEY, ChunkStore

COPY_KEYS = ("duplicate_of", "duplicate_of_doc", "containment")
BATCH = 1000


@dataclass(frozen=True)
class Copy:
    node: BaseNode
    match: Match


class DuplicateDetector:
    """Splits a paper's chunks into new passages and copies of already indexed ones."""

    def __init__(self, store: ChunkStore) -> None:
        self.store = store
        self.index = ShingleIndex()
        self.seconds = 0.0  # the last write's detection time (sync and matching), for benches

    def sync(self) -> None:
        """Bring the shingle index in line with the searchable chunks, which another
        process or app server may have changed since; only new chunks are read."""
        current = set(self.store.collection.get(include=[])["ids"])
        self.index.discard(self.index.chunk_ids - current)
        missing = sorted(current - self.index.chunk_ids)
        for start in range(0, len(missing), BATCH):
            got = self.store.collection.get(
                ids=missing[start : start + BATCH], include=["documents", "metadatas"]
            )
            for chunk_id, text, metadata in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            ):
                self.index.add(chunk_id, text, metadata)

    def write(self, nodes: Sequence[BaseNode]) -> int:
        """Write a paper's embedded chunks: new passages to the searchable collection,
        copies beside it. Returns how many were copies."""
        started = time.perf_counter()
        self.sync()
        kept: list[BaseNode] = []
        copies: list[Copy] = []
        overtaken: set[str] = set()  # papers whose passages a richer copy takes over
        for node in nodes:
            identity = identity_of(node)
            match = self.index.match(node.get_content(), identity)
            if match is None:
                kept.append(node)
            elif _known(identity) > max(_known(self.index.metadata(c)) for c in match.chunk_ids):
                kept.append(node)  # it says more about its meeting: it takes over
                overtaken.add(match.doc_id)
            else:
                copies.append(Copy(node, match))
        self.seconds = time.perf_counter() - started
        self.store.add(kept)
        write_copies(self.store, copies)
        for node in kept:
            self.index.add(node.node_id, node.get_content(), identity_of(node))
        for doc_id in sorted(overtaken):
            self._demote(doc_id, by=identity_of(nodes[0])[DOC_KEY])
        return len(copies)

    def _demote(self, doc_id: str, by: str) -> None:
        """Turn a paper's searchable chunks that paper ``by`` now holds into its copies."""
        got = self.store.collection.get(
            where={DOC_KEY: doc_id}, include=["documents", "metadatas", "embeddings"]
        )
        self.index.discard(got["ids"])
        moved: list[str] = []
        for chunk_id, text, metadata, vector in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
        ):
            match = self.index.match(text, metadata)
            if match is None or match.doc_id != by:
                self.index.add(chunk_id, text, metadata)
                continue
            self.store.copies.upsert(
                ids=[chunk_id],
                documents=[text],
                metadatas=[{**metadata, **_copy_fields(match)}],
                embeddings=[list(vector)],
            )
            moved.append(chunk_id)
        if moved:
            self.store.collection.delete(ids=moved)  # after the copy: a crash leaves both
            rehome(self.store, self)  # copies that pointed at the demoted chunks


def write_copies(store: ChunkStore, copies: Sequence[Copy]) -> None:
    """Store copies as ``ChromaVectorStore`` would store the chunk, plus what they copy."""
    if not copies:
        return
    metadatas = []
    for copy in copies:
        metadata = node_to_metadata_dict(copy.node, remove_text=True, flat_metadata=True)
        metadata = {key: "" if value is None else value for key, value in metadata.items()}
        metadatas.append({**metadata, **_copy_fields(copy.match)})
    store.copies.add(
        ids=[copy.node.node_id for copy in copies],
        embeddings=[copy.node.get_embedding() for copy in copies],
        documents=[copy.node.get_content() for copy in copies],
        metadatas=metadatas,
    )


def delete_paper(store: ChunkStore, doc_id: str) -> None:
    """Delete a paper's chunks, then re-home the copies that pointed at them."""
    if store.chunk_ids(doc_id):
        store.delete_document(doc_id)
        rehome(store)


def rehome(store: ChunkStore, detector: DuplicateDetector | None = None) -> int:
    """Re-point or promote every copy whose chunks are no longer searchable; returns how
    many were promoted. Papers are re-homed one at a time in id order, so when three papers
    shared a passage, the second one's promoted chunks take over and the third points at
    them."""
    orphans, demoted = _orphans(store)
    if demoted:  # a crash came between a demotion's copy and its delete
        store.collection.delete(ids=demoted)
    if not orphans:
        return 0
    detector = detector or DuplicateDetector(store)
    detector.sync()
    got = store.copies.get(ids=orphans, include=["documents", "metadatas", "embeddings"])
    rows = sorted(
        zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True),
        key=lambda row: row[0],
    )
    promoted = 0
    for _, paper in groupby(rows, key=lambda row: row[2][DOC_KEY]):
        promote = []
        for chunk_id, text, metadata, vector in paper:
            match = detector.index.match(text, metadata)
            if match is None:
                promote.append((chunk_id, text, metadata, vector))
            else:
                store.copies.update(ids=[chunk_id], metadatas=[_copy_fields(match)])
        if promote:
            ids = [row[0] for row in promote]
            store.collection.upsert(  # upsert: a crash may have promoted some already
                ids=ids,
                documents=[row[1] for row in promote],
                metadatas=[_searchable(row[2]) for row in promote],
                embeddings=[list(row[3]) for row in promote],
            )
            store.copies.delete(ids=ids)  # after the add: a crash leaves both, never neither
            for chunk_id, text, metadata, _ in promote:
                detector.index.add(chunk_id, text, metadata)
            promoted += len(promote)
    return promoted


def also_in(store: ChunkStore, chunk_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """For each searchable chunk, the other papers holding its passage (one entry each,
    at the first page they hold it), from the copies that point at it."""
    if not chunk_ids:
        return {}
    conditions = [{"duplicate_of": {"$contains": chunk_id}} for chunk_id in chunk_ids]
    where = conditions[0] if len(conditions) == 1 else {"$or": conditions}
    got = store.copies.get(where=where, include=["metadatas"])
    found: dict[str, dict[str, dict[str, Any]]] = {chunk_id: {} for chunk_id in chunk_ids}
    for metadata in got["metadatas"]:
        source = provenance(metadata)
        for chunk_id in metadata.get("duplicate_of") or []:
            held = found.get(chunk_id)
            if held is None:
                continue
            earlier = held.get(source["doc_id"])
            if earlier is None or 0 < source["page"] < earlier["page"]:
                held[source["doc_id"]] = source
    return {chunk_id: list(held.values()) for chunk_id, held in found.items() if held}


def provenance(metadata: dict[str, Any]) -> dict[str, Any]:
    """What a reader needs to find a passage in one paper: which paper, where, which file."""
    return {
        "doc_id": metadata.get(DOC_KEY, ""),
        "paper": metadata.get("part_title") or metadata.get("title") or "",
        "title": metadata.get("title", ""),
        "meeting_date": metadata.get("meeting_date", ""),
        "page": int(metadata.get("page", 0) or 0),
        "file_name": metadata.get("file_name", ""),
    }


def _orphans(store: ChunkStore) -> tuple[list[str], list[str]]:
    """Copies pointing at a chunk that is no longer searchable, and copies that are still
    searchable as well although what they copy is."""
    copies = store.copies.get(include=["metadatas"])
    if not copies["ids"]:
        return [], []
    pointed = {
        chunk_id for metadata in copies["metadatas"] for chunk_id in metadata["duplicate_of"]
    }
    asked = sorted(pointed | set(copies["ids"]))
    live = set(store.collection.get(ids=asked, include=[])["ids"])
    orphans: list[str] = []
    demoted: list[str] = []
    for chunk_id, metadata in zip(copies["ids"], copies["metadatas"], strict=True):
        if not set(metadata["duplicate_of"]) <= live:
            orphans.append(chunk_id)
        elif chunk_id in live:
            demoted.append(chunk_id)
    return orphans, demoted


def _copy_fields(match: Match) -> dict[str, Any]:
    return {
        "duplicate_of": list(match.chunk_ids),
        "duplicate_of_doc": match.doc_id,
        "containment": round(match.containment, 4),
    }


def _searchable(metadata: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in metadata.items() if key not in COPY_KEYS}


def _known(metadata: dict[str, Any]) -> int:
    """How much a chunk says about where it was presented."""
    return sum(bool(metadata.get(key)) for key in ("council", "committee", "meeting_date"))


def identity_of(node: BaseNode) -> dict[str, Any]:
    return {**node.metadata, DOC_KEY: node.ref_doc_id or node.metadata.get(DOC_KEY, "")}
