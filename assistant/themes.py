"""The theme explorer: every passage on a theme, grouped by council and paper in date order.

A question wants the best few passages; a researcher following "culture change" across
councils wants *every* passage on it, and none that is not. Chunk-level scores cannot tell
those apart (a 200-token chunk that mentions "change" once scores like one about culture
change), so the test is made sentence by sentence:

1. Candidates, under the caller's filters (role included): every chunk BM25 finds for any of
   the theme's words (the best ``max_candidates``), plus the ``dense_candidates`` nearest
   chunks by embedding, which may use other words altogether.
2. A sentence is on the theme when it contains every word of the theme (stemmed), or when
   its embedding's cosine similarity to the theme is at least ``min_similarity``. Only
   sentences holding a theme word, or from the nearest chunks, are embedded: the rest could
   only match by meaning, and the nearest chunks are where such sentences are.
3. A passage (chunk) is on the theme when at least one of its sentences is; those sentences
   are its quote. One passage is one *mention* of the theme.

The threshold was chosen by reading the sentences either side of it for "culture change",
"debt recovery" and "risk management" over the shared corpus (see the README).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import BaseNode, NodeWithScore
from llama_index.core.vector_stores.types import VectorStoreQuery

from assistant.answer import Passage
from assistant.answering import Assistant, clean_question
from assistant.sentences import split_sentences
from index.filters import SearchFilters
from index.keyword import KeywordIndex, Tokenizer
from index.store import ChunkStore

MIN_SIMILARITY = 0.40
MAX_CANDIDATES = 300  # chunks from BM25, best first
DENSE_CANDIDATES = 20  # nearest chunks by embedding
MAX_EMBEDDED = 800  # sentences embedded per theme, from the best candidates first
NO_COUNCIL = "Council not stated"
QUOTE_SEPARATOR = " … "


@dataclass(frozen=True)
class Mention:
    """One passage on the theme and the sentences in it that are."""

    passage: Passage
    quote: str
    similarity: float  # the best sentence's; 1.0 for a sentence holding every theme word


@dataclass(frozen=True)
class ThemePaper:
    doc_id: str
    paper: str
    council: str
    committee: str
    meeting_date: str
    doc_type: str
    mentions: list[Mention]

    @property
    def count(self) -> int:
        return len(self.mentions)


@dataclass(frozen=True)
class ThemeCouncil:
    council: str
    papers: list[ThemePaper]

    @property
    def count(self) -> int:
        return sum(paper.count for paper in self.papers)


@dataclass(frozen=True)
class ThemeReport:
    theme: str
    councils: list[ThemeCouncil]
    filters: SearchFilters = field(default_factory=SearchFilters)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(council.count for council in self.councils)

    @property
    def papers(self) -> list[ThemePaper]:
        return [paper for council in self.councils for paper in council.papers]

    def mentions(self) -> Iterator[tuple[ThemeCouncil, ThemePaper, Mention]]:
        for council in self.councils:
            for paper in council.papers:
                for mention in paper.mentions:
                    yield council, paper, mention

    def to_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "filters": self.filters.describe(),
            "mentions": self.count,
            "papers": len(self.papers),
            "seconds": round(self.seconds, 2),
            "councils": [
                {
                    "council": council.council,
                    "mentions": council.count,
                    "papers": [
                        {
                            **{k: v for k, v in asdict(paper).items() if k != "mentions"},
                            "mentions": paper.count,
                            "passages": [
                                {
                                    "quote": m.quote,
                                    "similarity": round(m.similarity, 4),
                                    **asdict(m.passage),
                                }
                                for m in paper.mentions
                            ],
                        }
                        for paper in council.papers
                    ],
                }
                for council in self.councils
            ],
        }


class ThemeExplorer:
    """Finds every passage on a theme the caller's filters allow."""

    def __init__(
        self,
        store: ChunkStore,
        keywords: KeywordIndex,
        embed_model: BaseEmbedding,
        min_similarity: float = MIN_SIMILARITY,
        max_candidates: int = MAX_CANDIDATES,
        dense_candidates: int = DENSE_CANDIDATES,
    ) -> None:
        self.store = store
        self.keywords = keywords
        self.embed_model = embed_model
        self.min_similarity = min_similarity
        self.max_candidates = max_candidates
        self.dense_candidates = dense_candidates
        self.tokenize = Tokenizer()

    @classmethod
    def for_assistant(cls, assistant: Assistant, **settings: Any) -> ThemeExplorer:
        parts = assistant.components
        return cls(parts.store, assistant.keywords, parts.embed_model, **settings)

    def explore(self, theme: str, filters: SearchFilters) -> ThemeReport:
        started = time.perf_counter()
        theme = clean_question(theme)
        terms = set(self.tokenize(theme))
        query = self.embed_model.get_query_embedding(theme)
        nearest = self._nearest(query, filters)
        nodes = self._candidates(theme, filters, nearest)
        mentions = self._mentions(nodes, terms, np.asarray(query), set(nearest))
        return ThemeReport(theme, group(mentions), filters, time.perf_counter() - started)

    def _nearest(self, query: list[float], filters: SearchFilters) -> list[str]:
        result = self.store.vector_store.query(
            VectorStoreQuery(query_embedding=query, similarity_top_k=self.dense_candidates),
            where=filters.to_where(),
        )
        return [node.node_id for node in result.nodes or []]

    def _candidates(self, theme: str, filters: SearchFilters, nearest: list[str]) -> list[Any]:
        mask = filters.mask(self.keywords.columns) if len(self.keywords) else None
        hits = self.keywords.search(theme, self.max_candidates, mask) if mask is not None else []
        ids = list(dict.fromkeys([*nearest, *(hit.chunk_id for hit in hits)]))
        if not ids:
            return []
        found = {node.node_id: node for node in self.store.vector_store.get_nodes(ids)}
        return [found[i] for i in ids if i in found]

    def _mentions(
        self, nodes: list[BaseNode], terms: set[str], query: np.ndarray, nearest: set[str]
    ) -> list[Mention]:
        """Score the candidates' sentences; keep passages with at least one on the theme."""
        sentences: list[tuple[int, str, float | None]] = []  # (node, text, score if known)
        to_embed: dict[str, None] = {}
        for index, node in enumerate(nodes):
            for sentence in split_sentences(node.get_content()):
                words = set(self.tokenize(sentence.text))
                if terms and terms <= words:
                    sentences.append((index, sentence.text, 1.0))
                elif (words & terms or node.node_id in nearest) and (
                    sentence.text in to_embed or len(to_embed) < MAX_EMBEDDED
                ):
                    to_embed[sentence.text] = None
                    sentences.append((index, sentence.text, None))
        similarity = self._similarities(list(to_embed), query)
        kept: dict[int, list[tuple[str, float]]] = {}
        for index, text, known in sentences:
            score = similarity[text] if known is None else known
            if score >= self.min_similarity and text not in [t for t, _ in kept.get(index, [])]:
                kept.setdefault(index, []).append((text, score))
        mentions = []
        for index, found in kept.items():
            best = max(score for _, score in found)
            passage = Passage.from_node(NodeWithScore(node=nodes[index], score=best))
            quote = QUOTE_SEPARATOR.join(text for text, _ in found)
            # the page and section of the first quoted sentence, not of the chunk's start
            mentions.append(Mention(passage.locate(found[0][0]), quote, best))
        return mentions

    def _similarities(self, texts: list[str], query: np.ndarray) -> dict[str, float]:
        """Cosine similarity of each sentence to the theme, embedded in one batch."""
        if not texts:
            return {}
        vectors = np.asarray(self.embed_model.get_text_embedding_batch(texts))
        norms = np.maximum(np.linalg.norm(vectors, axis=1) * np.linalg.norm(query), 1e-9)
        return dict(zip(texts, (vectors @ query / norms).tolist(), strict=True))


def group(mentions: list[Mention]) -> list[ThemeCouncil]:
    """Council (A-Z, unstated last) → paper (oldest first, undated last) → passage (in order)."""
    papers: dict[tuple[str, str, str], list[Mention]] = {}
    for mention in mentions:
        passage = mention.passage
        key = (passage.council or NO_COUNCIL, passage.doc_id, passage.paper)
        papers.setdefault(key, []).append(mention)
    councils: dict[str, list[ThemePaper]] = {}
    for (council, doc_id, title), found in papers.items():
        found.sort(key=lambda m: (m.passage.page, m.passage.start_char))
        first = found[0].passage
        councils.setdefault(council, []).append(
            ThemePaper(
                doc_id, title, council, first.committee, first.meeting_date, first.doc_type, found
            )
        )
    for council_papers in councils.values():
        council_papers.sort(key=lambda p: (not p.meeting_date, p.meeting_date, p.paper))
    order = sorted(councils, key=lambda c: (c == NO_COUNCIL, c.casefold()))
    return [ThemeCouncil(council, councils[council]) for council in order]
