"""Hybrid retrieval: dense search in Chroma and BM25, fused.

Two fusions: reciprocal rank ("rrf"), and relative score ("relative", the default): each
list's scores are scaled to [0, 1] by its best, then mixed. Rank fusion throws away how far
ahead a hit is; for an exact reference such as "CS05-2023" BM25's top hit is far ahead, and
relative fusion keeps that (the eval compares both).

Filters are applied inside both searches (a Chroma ``where`` and a BM25 mask), so a filter
that matches nothing returns nothing instead of falling back to everything. (When the filter
allows most chunks, dense search may filter the hits of a wider unfiltered search instead,
only when that gives the same hits: see ``UNFILTERED_SHARE``.)
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from typing import Literal

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle

from assistant.provenance import DuplicatePassageFilter, attach_provenance
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
# Chroma's filtered search first lists every chunk its ``where`` allows, at a cost that grows
# with them: 0.9 s at 118,000 chunks, against 2 ms unfiltered (`councilqa bench query`). When
# at least this share of chunks is allowed, dense search asks Chroma for OVERFETCH times the
# hits needed, unfiltered, and applies the BM25 mask to them; too few left, and Chroma filters.
UNFILTERED_SHARE = 0.5
OVERFETCH = 3.0
FETCH_BATCH = 1.5  # fused hits read per hit wanted, before near-duplicates are collapsed


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
        self.duplicates = DuplicatePassageFilter()

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
        raw = {"dense_score": dict(dense), "bm25_score": dict(keyword)}
        if self.reranker is not None:  # it reorders them all, so it needs them all
            hits = self._distinct(fused, raw, len(fused), query_bundle)
            hits = self.reranker.postprocess_nodes(hits, query_bundle)
        else:
            hits = self._distinct(fused, raw, self.top_k, query_bundle)
        return attach_provenance(self.store, hits[: self.top_k])

    def _distinct(
        self,
        fused: list[tuple[str, float]],
        raw: dict[str, dict[str, float]],
        wanted: int,
        query_bundle: QueryBundle,
    ) -> list[NodeWithScore]:
        """The first ``wanted`` fused hits that repeat no better one, read from Chroma a few
        at a time: reading a chunk costs ~0.4 ms, and most candidates are never shown."""
        hits: list[NodeWithScore] = []
        start = 0
        while start < len(fused) and len(hits) < wanted:
            batch = fused[start : start + math.ceil(FETCH_BATCH * wanted)]
            start += len(batch)
            nodes = self._fetch([chunk_id for chunk_id, _ in batch])
            for chunk_id, score in batch:
                if chunk_id in nodes:  # else deleted since it was found
                    node = nodes[chunk_id]
                    node.metadata.update(
                        {key: scores[chunk_id] for key, scores in raw.items() if chunk_id in scores}
                    )
                    hits.append(NodeWithScore(node=node, score=score))
            hits = self.duplicates.postprocess_nodes(hits, query_bundle)
        return hits[:wanted]

    @cached_property
    def allowed(self) -> np.ndarray:
        """Which of the keyword index's chunks the filters allow."""
        return self.filters.mask(self.keywords.columns)

    def _dense(self, query_bundle: QueryBundle) -> list[tuple[str, float]]:
        if query_bundle.embedding is None:
            query_bundle.embedding = self.embed_model.get_query_embedding(query_bundle.query_str)
        hits = self._unfiltered(query_bundle.embedding)
        if hits is None:
            hits = self.store.nearest(
                query_bundle.embedding, self.candidates, self.filters.to_where()
            )
        return hits

    def _unfiltered(self, embedding: list[float]) -> list[tuple[str, float]] | None:
        """The filtered top hits from a wider unfiltered search, when most chunks pass the
        filter and enough of the hits do (the same hits Chroma's filter gives); else None."""
        share = float(self.allowed.mean()) if len(self.allowed) else 0.0
        if share < UNFILTERED_SHARE:
            return None
        wanted = math.ceil(self.candidates * OVERFETCH / share)
        hits = self.store.nearest(embedding, wanted)
        rows = [self.keywords.rows.get(chunk_id) for chunk_id, _ in hits]
        if None in rows:  # chunks newer than the keyword index: let Chroma filter
            return None
        passed = [hit for hit, row in zip(hits, rows, strict=True) if self.allowed[row]]
        if len(passed) < self.candidates and len(hits) == wanted:  # more may lie further out
            return None
        return passed[: self.candidates]

    def _keyword(self, query: str) -> list[tuple[str, float]]:
        hits = self.keywords.search(query, self.candidates, self.allowed)
        return [(hit.chunk_id, hit.score) for hit in hits]

    def allowed_passages(self, chunk_ids: list[str]) -> list[NodeWithScore]:
        """Those of these chunks that the filters allow, read as unscored hits (a chunk the
        keyword index does not know yet is left out: its filter columns are unknown)."""
        rows = self.keywords.rows
        allowed = [c for c in chunk_ids if c in rows and self.allowed[rows[c]]]
        nodes = self._fetch(allowed)
        hits = [NodeWithScore(node=nodes[c], score=0.0) for c in allowed if c in nodes]
        return attach_provenance(self.store, hits)

    def _fetch(self, chunk_ids: list[str]) -> dict[str, BaseNode]:
        """The nodes of both searches' hits, read from Chroma in one call, each once."""
        unique = list(dict.fromkeys(chunk_ids))
        if not unique:
            return {}
        return {node.node_id: node for node in self.store.vector_store.get_nodes(unique)}


def _rank_fusion(rankings: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion; a single ranking passes through in its own order."""
    return _combine(
        [
            [(chunk_id, 1.0 / (RRF_K + rank)) for rank, (chunk_id, _) in enumerate(ranking, 1)]
            for ranking in rankings
        ]
    )


def _score_fusion(
    rankings: list[tuple[list[tuple[str, float]], float]],
) -> list[tuple[str, float]]:
    """Each list's scores min-max scaled to [0, 1], weighted, and summed."""
    scaled = []
    for ranking, weight in rankings:
        scores = [score for _, score in ranking]
        if not scores:
            continue
        low = min(scores) if len(scores) > 1 else 0.0
        spread = (max(scores) - low) or 1.0
        scaled.append([(chunk_id, weight * (score - low) / spread) for chunk_id, score in ranking])
    return _combine(scaled)


def _combine(scored: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for ranking in scored:
        for chunk_id, score in ranking:
            totals[chunk_id] = totals.get(chunk_id, 0.0) + score
    return sorted(totals.items(), key=lambda item: -item[1])
