"""Action records kept next to the chunks: a second Chroma collection, ``<collection>-actions``.

Why Chroma and not a SQLite file under ``data_dir``: the records then live wherever the chunks
live, so in server mode every app server sees the same records (a local file would hold only
what that server ingested), the same ``SearchFilters.to_where()`` clause filters them by
council, committee, date and classification, and each record's vector is stored for linking
it to later papers without re-embedding. Each paper also gets a marker entry, written after its
records, that says which extractor version read it: a paper ingested before the tracker
existed (or by an older extractor) is read again on the next ingest, without re-embedding its
chunks.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding

from index.store import ChunkStore
from ingest.actions import ActionRecord, extract_actions
from ingest.errors import StoreError
from ingest.paper import Paper

SUFFIX = "-actions"
EXTRACTOR_VERSION = 1  # bump when extraction changes: the next ingest re-reads every paper
DOC_KEY = "document_id"
RECORD_FIELDS = [f.name for f in fields(ActionRecord)]


class ActionStore:
    """The action records of every paper in one Chroma collection."""

    def __init__(self, client: Any, collection: str) -> None:
        try:
            self.collection = client.get_or_create_collection(
                collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:
            raise StoreError(f"cannot open collection {collection!r}: {exc}") from exc

    @classmethod
    def beside(cls, store: ChunkStore) -> ActionStore:
        """The records collection next to ``store``'s chunks, on the same client."""
        return cls(store.client, f"{store.name}{SUFFIX}")

    def is_current(self, doc_id: str) -> bool:
        """Whether this paper's records were written by the current extractor."""
        got = self.collection.get(ids=[_marker_id(doc_id)], include=["metadatas"])
        metadatas = got["metadatas"] or []
        return bool(metadatas) and metadatas[0].get("extractor") == EXTRACTOR_VERSION

    def replace(self, doc_id: str, records: list[ActionRecord], vectors: list[list[float]]) -> None:
        """Write a paper's records in place of any it had; the marker goes last.

        ``vectors`` holds one vector per record and, first, one for the marker.
        """
        self.delete_document(doc_id)
        if records:
            self.collection.add(
                ids=[record.id for record in records],
                embeddings=vectors[1:],
                documents=[record.text for record in records],
                metadatas=[_metadata(record) for record in records],
            )
        self.collection.add(
            ids=[_marker_id(doc_id)],
            embeddings=vectors[:1],
            metadatas=[{DOC_KEY: doc_id, "marker": 1, "extractor": EXTRACTOR_VERSION}],
        )

    def delete_document(self, doc_id: str) -> None:
        self.collection.delete(where={DOC_KEY: doc_id})

    def records(self, where: dict[str, Any] | None = None) -> list[ActionRecord]:
        """Every record matching a Chroma ``where`` (e.g. ``SearchFilters.to_where()``)."""
        condition: dict[str, Any] = {"marker": 0}
        if where:
            condition = {"$and": [condition, where]}
        got = self.collection.get(where=condition, include=["metadatas"])
        return [_record(metadata) for metadata in got["metadatas"] or []]

    def get(self, record_id: str) -> tuple[ActionRecord, list[float]] | None:
        """One record and its vector, by id."""
        got = self.collection.get(ids=[record_id], include=["metadatas", "embeddings"])
        metadatas = got["metadatas"] or []
        if not metadatas or metadatas[0].get("marker"):
            return None
        return _record(metadatas[0]), [float(x) for x in got["embeddings"][0]]

    def count(self) -> int:
        return len(self.collection.get(where={"marker": 0}, include=[])["ids"])


def record_actions(actions: ActionStore, paper: Paper, embed_model: BaseEmbedding) -> int:
    """Extract a paper's records, embed them, and store them in place of its old ones."""
    records = extract_actions(paper)
    texts = [paper.metadata.title or paper.path.name, *map(embedding_text, records)]
    actions.replace(paper.doc_id, records, embed_model.get_text_embedding_batch(texts))
    return len(records)


def embedding_text(record: ActionRecord) -> str:
    """What a record is compared with later papers by: its heading and its own words."""
    return f"{record.title}\n{record.text}" if record.title else record.text


def _marker_id(doc_id: str) -> str:
    return f"{doc_id}-extracted"


def _metadata(record: ActionRecord) -> dict[str, Any]:
    data = asdict(record)
    return {
        **data,
        DOC_KEY: record.doc_id,
        "marker": 0,
        "meeting_date_num": record.meeting_date_num,
    }


def _record(metadata: dict[str, Any]) -> ActionRecord:
    return ActionRecord(**{name: metadata[name] for name in RECORD_FIELDS})
