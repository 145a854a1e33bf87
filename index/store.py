"""The Chroma collection that holds every chunk, its vector, text and metadata.

Everything BM25 and the document list need is in this one collection: each chunk's exact
text is its Chroma document, its context header and paper metadata are its metadata. There
is no second registry to drift out of step after a crash: a paper is present when all of
its ``n_chunks`` chunks are.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llama_index.core.schema import BaseNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from ingest.errors import StoreError

DOC_KEY = "document_id"  # written by LlamaIndex from each node's source (ref_doc_id)
COPIES_SUFFIX = "-duplicates"
PAGE_SIZE = 5000


def open_client(
    data_dir: Path, host: str = "", port: int = 8000, token: str = "", ssl: bool = False
) -> Any:
    """An embedded ``PersistentClient`` under ``data_dir``, or an ``HttpClient`` when a
    host is given."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    try:
        if host:
            headers = {"Authorization": f"Bearer {token}"} if token else None
            return chromadb.HttpClient(
                host=host, port=port, ssl=ssl, headers=headers, settings=settings
            )
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
    except Exception as exc:  # connection refused, bad path, incompatible store...
        where = f"{host}:{port}" if host else str(data_dir / "chroma")
        raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]


class ChunkStore:
    """One Chroma collection, through LlamaIndex's ``ChromaVectorStore``."""

    def __init__(
        self, client: Any, collection: str = "councilqa", embedding: str = "", search_ef: int = 0
    ) -> None:
        """``embedding`` names the model that makes the vectors; a collection built by
        another model is refused, since its vectors would not be comparable. ``search_ef``,
        when given, is set as the collection's HNSW ``ef_search`` (kept in the store)."""
        self.client = client  # other collections (the action records) sit beside this one
        self.name = collection
        try:
            self.collection = client.get_or_create_collection(
                collection,
                metadata={"hnsw:space": "cosine", "embedding": embedding},
                embedding_function=None,
            )
            # Chunks whose text is already searchable from another paper (index/duplicates.py):
            # kept, with their vectors, for provenance and completeness, but never searched.
            self.copies = client.get_or_create_collection(
                collection + COPIES_SUFFIX,
                metadata={"hnsw:space": "cosine"},
                embedding_function=None,
            )
        except Exception as exc:
            raise StoreError(f"cannot open collection {collection!r}: {exc}") from exc
        built_with = (self.collection.metadata or {}).get("embedding", "")
        if embedding and built_with and built_with != embedding:
            raise StoreError(
                f"this index was built with {built_with!r}, not {embedding!r}: "
                "use that embedding setting, or ingest into another --data-dir"
            )
        if search_ef:
            self._search_breadth(search_ef)
        self.vector_store = ChromaVectorStore(chroma_collection=self.collection)

    def _search_breadth(self, search_ef: int) -> None:
        """Chroma keeps ``ef_search`` with the collection, so an index built before the
        setting changed is brought up to it here."""
        hnsw = (self.collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search") == search_ef:
            return
        try:
            self.collection.modify(configuration={"hnsw": {"ef_search": search_ef}})
        except Exception as exc:
            raise StoreError(f"cannot set ef_search on {self.name!r}: {exc}") from exc

    def add(self, nodes: list[BaseNode]) -> None:
        self.vector_store.add(nodes)

    def delete_document(self, doc_id: str) -> None:
        """Delete a paper's chunks (see ``index.duplicates.delete_paper`` to keep the
        passages other papers share with it searchable)."""
        self.vector_store.delete(doc_id)
        self.copies.delete(where={DOC_KEY: doc_id})

    def count(self) -> int:
        return self.collection.count()

    def nearest(
        self, embedding: list[float], k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest chunks' ids and similarities (LlamaIndex's ``exp(-distance)``),
        nearest first. Ids alone: Chroma takes ~0.4 ms a chunk to read text and metadata,
        several times the search itself, so callers fetch only the nodes they keep."""
        if k <= 0:
            return []
        result = self.collection.query(
            query_embeddings=[embedding], n_results=k, where=where or None, include=["distances"]
        )
        return [
            (chunk_id, math.exp(-distance))
            for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True)
        ]

    def chunk_ids(self, doc_id: str) -> list[str]:
        """The paper's chunk ids, searchable and copies alike."""
        ids = self.collection.get(where={DOC_KEY: doc_id}, include=[])["ids"]
        copies = self.copies.get(where={DOC_KEY: doc_id}, include=[])["ids"]
        return sorted(set(ids) | set(copies))

    def is_complete(self, doc_id: str) -> bool:
        """Whether every chunk of the paper is stored (a crash can leave only some)."""
        ids = self.chunk_ids(doc_id)
        if not ids:
            return False
        first = self.collection.get(ids=ids[:1], include=["metadatas"])["metadatas"]
        first = first or self.copies.get(ids=ids[:1], include=["metadatas"])["metadatas"]
        return len(ids) == int(first[0].get("n_chunks", -1))

    def first_chunks(self, where: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Metadata of chunk 0 of every paper (one row per paper), optionally filtered."""
        condition: dict[str, Any] = {"chunk_index": 0}
        if where:
            condition = {"$and": [condition, where]}
        rows = self.collection.get(where=condition, include=["metadatas"])["metadatas"]
        copies = self.copies.get(where=condition, include=["metadatas"])["metadatas"]
        seen = {row[DOC_KEY] for row in rows}  # a paper's chunk 0 may be a copy
        return list(rows) + [row for row in copies if row[DOC_KEY] not in seen]

    def iter_chunks(self, where: dict[str, Any] | None = None) -> Iterator[StoredChunk]:
        """Every stored chunk's id, text and metadata, a page at a time."""
        offset = 0
        while True:
            page = self.collection.get(
                where=where, include=["documents", "metadatas"], limit=PAGE_SIZE, offset=offset
            )
            for chunk_id, text, metadata in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            ):
                yield StoredChunk(chunk_id, text, metadata)
            if len(page["ids"]) < PAGE_SIZE:
                return
            offset += PAGE_SIZE
