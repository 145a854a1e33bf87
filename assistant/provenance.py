"""Never the same passage twice in results, and every paper that holds it named.

Ingestion already keeps one searchable copy of a passage that a report and its agenda pack
share (``index/duplicates.py``). This is the guard at the other end: two near-identical
passages can still both be searchable (papers ingested before duplicate detection existed,
a passage repeated inside one paper, a chunk just under the ingest threshold), so the
retriever collapses them, keeping the better ranked and naming the other as ``also_in``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle

from index.duplicates import also_in, provenance
from index.shingles import MIN_SHINGLES, THRESHOLD, compatible, containment, shingles
from index.store import DOC_KEY, ChunkStore

ALSO_IN = "also_in"  # node metadata: the other papers holding the passage, as dicts
# The same chunks come back question after question; shingling one takes ~0.25 ms.
cached_shingles = lru_cache(maxsize=8192)(shingles)


class DuplicatePassageFilter(BaseNodePostprocessor):
    """Drops a hit whose wording is (nearly) all in a better-ranked hit, and names the
    dropped hit's paper on the one kept."""

    @classmethod
    def class_name(cls) -> str:
        return "DuplicatePassageFilter"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        kept: list[tuple[NodeWithScore, frozenset[int]]] = []
        for hit in nodes:
            own = cached_shingles(hit.node.get_content())
            holder = next(
                (
                    better
                    for better, theirs in kept
                    if len(own) >= MIN_SHINGLES
                    and containment(own, theirs) >= THRESHOLD
                    and compatible(hit.node.metadata, better.node.metadata)
                ),
                None,
            )
            if holder is None:
                kept.append((hit, own))
            else:
                sources = [_source(hit.node), *hit.node.metadata.get(ALSO_IN, [])]
                _add_sources(holder.node, sources)
        return [hit for hit, _ in kept]


def attach_provenance(store: ChunkStore, hits: list[NodeWithScore]) -> list[NodeWithScore]:
    """Name, on each hit, the other papers whose copies of its passage were not indexed."""
    found = also_in(store, [hit.node.node_id for hit in hits])
    for hit in hits:
        if hit.node.node_id in found:
            _add_sources(hit.node, found[hit.node.node_id])
    return hits


def _source(node: BaseNode) -> dict[str, Any]:
    return provenance({**node.metadata, DOC_KEY: node.ref_doc_id or node.metadata.get(DOC_KEY, "")})


def _add_sources(node: BaseNode, sources: list[dict[str, Any]]) -> None:
    """Merge sources into the node's ``also_in``: one per paper, never the node's own."""
    own = node.ref_doc_id or node.metadata.get(DOC_KEY, "")
    merged = {source["doc_id"]: source for source in node.metadata.get(ALSO_IN, [])}
    for source in sources:
        if source["doc_id"] != own and source["doc_id"] not in merged:
            merged[source["doc_id"]] = source
    node.metadata[ALSO_IN] = list(merged.values())
    for excluded in (node.excluded_llm_metadata_keys, node.excluded_embed_metadata_keys):
        if ALSO_IN not in excluded:
            excluded.append(ALSO_IN)  # provenance is for display, never for a prompt
