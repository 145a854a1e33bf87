"""Hybrid retrieval: dense search in Chroma and BM25, fused by reciprocal rank.

Filters are applied inside both searches (a Chroma ``where`` and a BM25 mask), so a filter
that matches nothing returns nothing instead of falling back to everything.
"""

from __future__ import annotations

from typing import Any, Literal

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores.types import VectorStoreQuery

from index.filters import SearchFilters
from index.keyword import KeywordIndex
from index.store import ChunkStore

Mode = Literal["hybrid", "dense", "bm25"]
RRF_K = 60  # the usual reciprocal-rank constant: rank 1 scores 1/61


class HybridRetriever(BaseRetriever):
    """Dense + BM25 with reciprocal rank fusion; each hit keeps both raw scores."""

    def __init__(
        self,
        store: ChunkStore,
        keywords: KeywordIndex,
        embed_model: BaseEmbedding,
        filters: SearchFilters,
        top_k: int = 8,
        candidates: int = 30,
        mode: Mode = "hybrid",
        reranker: BaseNodePostprocessor | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.keywords = keywords
        self.embed_model = embed_model
        self.filters = filters
        self.top_k = top_k
        self.candidates = max(candidates, top_k)
        self.mode = mode
        self.reranker = reranker

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        dense = self._dense(query_bundle) if self.mode != "bm25" else []
        keyword = self._keyword(query_bundle.query_str) if self.mode != "dense" else []
        fused = _fuse([dense, keyword])
        if self.reranker is not None:
            fused = self.reranker.postprocess_nodes(fused, query_bundle)
        return fused[: self.top_k]

    def _dense(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        if query_bundle.embedding is None:
            query_bundle.embedding = self.embed_model.get_query_embedding(query_bundle.query_str)
        result = self.store.vector_store.query(
            VectorStoreQuery(
                query_embedding=query_bundle.embedding, similarity_top_k=self.candidates
            ),
            where=self.filters.to_where(),
        )
        hits = []
        for node, similarity in zip(result.nodes or [], result.similarities or [], strict=True):
            node.metadata["dense_score"] = float(similarity)
            hits.append(NodeWithScore(node=node, score=float(similarity)))
        return hits

    def _keyword(self, query: str) -> list[NodeWithScore]:
        hits = self.keywords.search(
            query, self.candidates, self.filters.mask(self.keywords.columns)
        )
        if not hits:
            return []
        nodes = {
            node.node_id: node
            for node in self.store.vector_store.get_nodes([h.chunk_id for h in hits])
        }
        results = []
        for hit in hits:
            if hit.chunk_id in nodes:
                nodes[hit.chunk_id].metadata["bm25_score"] = hit.score
                results.append(NodeWithScore(node=nodes[hit.chunk_id], score=hit.score))
        return results


def _fuse(rankings: list[list[NodeWithScore]]) -> list[NodeWithScore]:
    """Reciprocal rank fusion; a single ranking passes through in its own order."""
    scores: dict[str, float] = {}
    nodes: dict[str, Any] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            node_id = hit.node.node_id
            scores[node_id] = scores.get(node_id, 0.0) + 1.0 / (RRF_K + rank)
            if node_id in nodes:
                nodes[node_id].metadata.update(hit.node.metadata)
            else:
                nodes[node_id] = hit.node
    order = sorted(scores, key=lambda node_id: -scores[node_id])
    return [NodeWithScore(node=nodes[node_id], score=scores[node_id]) for node_id in order]
