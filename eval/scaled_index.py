"""Scaled copies of an index for the query benchmark, made without re-embedding anything.

Re-embedding a corpus ×100 would take about an hour on two cores, and it is the query side
that the benchmark measures. So each copy takes the chunks already embedded and writes them
again under a new council name ("Kent County Council (copy 7)"), a new paper id and meeting
dates moved earlier, with every vector nudged by a little gaussian noise and re-normalised:
as many chunks, as varied in metadata, and near but not identical in vector space, as the
papers of other councils on the same subjects would be. Copy 0 is the original, unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import numpy as np

from index.store import ChunkStore

NOISE = 0.01  # per-dimension sigma: for 384 dimensions the copy's cosine to the original ≈ 0.98
DAYS_PER_COPY = 37  # copy n meets n × 37 days earlier, so copies spread over months and years
UNNAMED = "Unnamed council"
ID_FIELDS = ("document_id", "doc_id", "ref_doc_id")
DATE_FIELDS = ("meeting_date", "paper_meeting_date")
Progress = Callable[[int, int], None]  # (chunks written, total)


def copy_council(council: str, copy: int) -> str:
    return f"{council or UNNAMED} (copy {copy})"


def copy_doc_id(doc_id: str, copy: int) -> str:
    """A new paper id of the same shape (16 hex digits), stable for a given copy."""
    return hashlib.sha256(f"{doc_id}/copy {copy}".encode()).hexdigest()[: len(doc_id) or 16]


def copy_chunk_id(chunk_id: str, metadata: dict[str, Any], copy: int) -> str:
    if copy == 0:
        return chunk_id
    return _copy_node_id(chunk_id, str(metadata.get("document_id", "")), copy)


def copy_date(iso: str, copy: int) -> str:
    if not iso:
        return ""
    return (date.fromisoformat(iso) - timedelta(days=DAYS_PER_COPY * copy)).isoformat()


def copy_metadata(metadata: dict[str, Any], copy: int) -> dict[str, Any]:
    """The chunk's metadata as copy ``copy`` of its paper (copy 0 is the original)."""
    if copy == 0:
        return dict(metadata)
    doc_id = str(metadata.get("document_id", ""))
    new = dict(metadata)
    for name in ID_FIELDS:
        if name in new:
            new[name] = _copy_node_id(str(new[name]), doc_id, copy)
    if "content_hash" in new:
        new["content_hash"] = hashlib.sha256(f"{new['content_hash']}/{copy}".encode()).hexdigest()
    if "council" in new:
        new["council"] = copy_council(str(metadata["council"]), copy)
    for name in DATE_FIELDS:
        if name in new:
            new[name] = copy_date(str(new[name]), copy)
    if "meeting_date_num" in new:
        new["meeting_date_num"] = int(str(new.get("meeting_date", "")).replace("-", "") or 0)
    if "context" in new:
        new["context"] = _copy_context(str(new["context"]), metadata, new)
    if "_node_content" in new:  # LlamaIndex rebuilds the node (and its metadata) from this
        new["_node_content"] = _copy_node_content(new["_node_content"], doc_id, copy)
    return new


def _copy_context(context: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """The context header (council · committee · date · paper · item) with the copy's values."""
    if old.get("meeting_date"):
        context = context.replace(str(old["meeting_date"]), str(new["meeting_date"]), 1)
    if old.get("council"):
        return context.replace(str(old["council"]), str(new["council"]), 1)
    return f"{new['council']} · {context}"


def _copy_node_content(content: str, doc_id: str, copy: int) -> str:
    node = json.loads(content)
    node["id_"] = _copy_node_id(node.get("id_", ""), doc_id, copy)
    node["metadata"] = copy_metadata(node.get("metadata", {}), copy)
    for related in (node.get("relationships") or {}).values():
        for info in related if isinstance(related, list) else [related]:
            info["node_id"] = _copy_node_id(info.get("node_id", ""), doc_id, copy)
            if info.get("metadata"):
                info["metadata"] = copy_metadata(info["metadata"], copy)
    return json.dumps(node)


def _copy_node_id(node_id: str, doc_id: str, copy: int) -> str:
    """Chunk ids are ``<paper id>-<n>``: the copy keeps the suffix under its new paper id."""
    if doc_id and node_id.startswith(doc_id):
        return copy_doc_id(doc_id, copy) + node_id[len(doc_id) :]
    return f"{node_id}~{copy}"


def perturb(vectors: np.ndarray, rng: np.random.Generator, noise: float = NOISE) -> np.ndarray:
    """``vectors`` plus gaussian noise, each row re-normalised to unit length."""
    nudged = vectors + rng.normal(0.0, noise, size=vectors.shape)
    return nudged / np.linalg.norm(nudged, axis=1, keepdims=True)


def build_scaled(
    source: ChunkStore,
    target: ChunkStore,
    factor: int,
    noise: float = NOISE,
    seed: int = 0,
    progress: Progress | None = None,
) -> int:
    """Write ``factor`` copies of every searchable chunk of ``source`` into ``target``
    (which should be empty), in batches Chroma accepts; return the chunks written.

    The source is read whole: it is a corpus that was embedded for real, so it is small.
    """
    stored = source.collection.get(include=["embeddings", "documents", "metadatas"])
    vectors = np.asarray(stored["embeddings"], dtype=np.float32)
    total = factor * len(stored["ids"])
    batch = max(1, target.client.get_max_batch_size())
    written = 0
    for copy in range(factor):
        rng = np.random.default_rng((seed, copy))
        copied = vectors if copy == 0 else perturb(vectors, rng, noise).astype(np.float32)
        for start in range(0, len(stored["ids"]), batch):
            end = start + batch
            originals = stored["metadatas"][start:end]
            target.collection.add(
                ids=[
                    copy_chunk_id(chunk_id, metadata, copy)
                    for chunk_id, metadata in zip(stored["ids"][start:end], originals, strict=True)
                ],
                embeddings=copied[start:end],
                documents=stored["documents"][start:end],
                metadatas=[copy_metadata(metadata, copy) for metadata in originals],
            )
            written += len(originals)
            if progress:
                progress(written, total)
    return written
