"""Hybrid retrieval: dense search in Chroma and BM25, fused.

Two fusions: reciprocal rank ("rrf"), and relative score ("relative", the default): each
list's scores are scaled to [0, 1] by its best, then mixed. Rank fusion throws away how far
ahead a hit is; for an exact reference such as "CS05-2023" BM25's top hit is far ahead, and
relative fusion keeps that (the eval compares both).

Filters are applied inside both searches (a Chroma ``where`` and a BM25 mask), so a filter
that matches nothing returns nothing instead of falling back to everything.
"""

from __future__ import annotations

import re
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
Fusion = Literal["relative", "rrf"]
RRF_K = 60  # the usual reciprocal-rank constant: rank 1 scores 1/61
# A reference, amount or person's name in the question shifts weight from dense search to
# BM25, which alone can match it exactly; embeddings barely tell "CS05-2023" from "CS06-2023".
IDENTIFIER = re.compile(
    r"\b[A-Za-z]{1,4}\d+[-/]\d+\b|£\s?\d|\b\d+(?:\.\d+)?%|\b[A-Z]{2,}\d+\b"
    r"|\b(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.? [A-Z][a-z]+"
)
IDENTIFIER_DENSE_SHARE = 0.6


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
        fusion: Fusion = "relative",
        dense_weight: float = 0.5,
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
        self.fusion = fusion
        self.dense_weight = dense_weight
        self.reranker = reranker

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        dense = self._dense(query_bundle) if self.mode != "bm25" else []
        keyword = self._keyword(query_bundle.query_str) if self.mode != "dense" else []
        if self.fusion == "rrf":
            fused = _rank_fusion([dense, keyword])
        else:
            weight = self.dense_weight
            if IDENTIFIER.search(query_bundle.query_str):
                weight *= IDENTIFIER_DENSE_SHARE  # "CS05-2023", "£42.3m": a lexical need
            fused = _score_fusion([(dense, weight), (keyword, 1 - weight)])
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


def _rank_fusion(rankings: list[list[NodeWithScore]]) -> list[NodeWithScore]:
    """Reciprocal rank fusion; a single ranking passes through in its own order."""
    return _combine(
        [
            [(hit, 1.0 / (RRF_K + rank)) for rank, hit in enumerate(ranking, 1)]
            for ranking in rankings
        ]
    )


def _score_fusion(rankings: list[tuple[list[NodeWithScore], float]]) -> list[NodeWithScore]:
    """Each list's scores min-max scaled to [0, 1], weighted, and summed."""
    scaled = []
    for ranking, weight in rankings:
        scores = [hit.score or 0.0 for hit in ranking]
        if not scores:
            continue
        low = min(scores) if len(scores) > 1 else 0.0
        spread = (max(scores) - low) or 1.0
        scaled.append([(hit, weight * ((hit.score or 0.0) - low) / spread) for hit in ranking])
    return _combine(scaled)


def _combine(scored: list[list[tuple[NodeWithScore, float]]]) -> list[NodeWithScore]:
    scores: dict[str, float] = {}
    nodes: dict[str, Any] = {}
    for ranking in scored:
        for hit, score in ranking:
            node_id = hit.node.node_id
            scores[node_id] = scores.get(node_id, 0.0) + score
            if node_id in nodes:
                nodes[node_id].metadata.update(hit.node.metadata)
            else:
                nodes[node_id] = hit.node
    order = sorted(scores, key=lambda node_id: -scores[node_id])
    return [NodeWithScore(node=nodes[node_id], score=scores[node_id]) for node_id in order]
