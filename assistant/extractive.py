"""The offline answerer: picks the few sentences that best answer the question.

No LLM and no key. Sentences from the retrieved chunks are scored by the embedding model
(cosine to the question) plus lexical overlap (with identifiers and amounts weighted up),
de-duplicated, and written as a short answer in which every sentence carries ``[n]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.base.response.schema import Response
from llama_index.core.llms import MockLLM
from llama_index.core.prompts.mixin import PromptDictType
from llama_index.core.schema import NodeWithScore

from assistant.sentences import Sentence, split_sentences
from assistant.synthesis import NodeSynthesizer
from index.keyword import Tokenizer

SEMANTIC_WEIGHT = 0.6
LEXICAL_WEIGHT = 0.3
RANK_WEIGHT = 0.1
# Capitalised words after the first: the names a question is about.
NAME = re.compile(r"(?<=\s)[A-Z][A-Za-z'’-]+")
PRESELECT = 30  # sentences embedded per question, chosen by lexical overlap and rank
DUPLICATE_OVERLAP = 0.6  # token Jaccard above which two sentences say the same thing


@dataclass(frozen=True)
class Candidate:
    node_index: int
    sentence: Sentence
    terms: frozenset[str]
    lexical: float
    prior: float
    score: float = 0.0
    semantic: float = 0.0


@dataclass(frozen=True)
class Selection:
    """The chosen sentences, best first, and how strong the best evidence was."""

    candidates: list[Candidate]
    best_score: float

    def to_metadata(self) -> dict[str, Any]:
        return {
            "sentences": [
                {"node_index": c.node_index, "quote": c.sentence.text, "start": c.sentence.start}
                for c in self.candidates
            ],
            "best_score": self.best_score,
        }


class ExtractiveSynthesizer(NodeSynthesizer):
    """A response synthesizer that quotes sources instead of generating text."""

    def __init__(
        self,
        embed_model: BaseEmbedding,
        max_sentences: int = 5,
        min_score: float = 0.35,
        relative_floor: float = 0.75,
        max_missing: float = 0.5,
    ) -> None:
        super().__init__(llm=MockLLM())
        self.embed_model = embed_model
        self.max_sentences = max_sentences
        self.min_score = min_score
        self.relative_floor = relative_floor
        self.max_missing = max_missing
        self.tokenize = Tokenizer()

    def _get_prompts(self) -> PromptDictType:
        return {}

    def _update_prompts(self, prompts: PromptDictType) -> None:
        """No prompts: nothing is generated."""

    def select(self, query: str, nodes: Sequence[NodeWithScore]) -> Selection:
        """Score every sentence of the retrieved chunks and choose the answer's sentences."""
        query_terms = self._weighted_terms(query)
        names = set(self.tokenize(" ".join(NAME.findall(query))))
        covering = [
            (i, hit) for i, hit in enumerate(nodes) if self._covers(query_terms, names, hit)
        ]
        candidates = [
            self._candidate(index, sentence, query_terms, rank_prior=1.0 / (1 + rank))
            for rank, (index, hit) in enumerate(covering)
            for sentence in split_sentences(hit.node.get_content())
        ]
        if not candidates:
            return Selection([], 0.0)
        candidates.sort(key=lambda c: -(c.lexical * LEXICAL_WEIGHT + c.prior * RANK_WEIGHT))
        scored = self._score(query, candidates[:PRESELECT])
        best = scored[0].score
        if best < self.min_score:
            return Selection([], best)
        chosen: list[Candidate] = []
        for candidate in scored:
            if len(chosen) == self.max_sentences or candidate.score < best * self.relative_floor:
                break
            if not any(_same(candidate, other) for other in chosen):
                chosen.append(candidate)
        return Selection(chosen, best)

    def _covers(self, query_terms: dict[str, float], names: set[str], hit: NodeWithScore) -> bool:
        """Whether a passage holds enough of the question's terms to be about it.

        A passage that never says "library" or "closure" cannot answer a question about
        library closures, however close its sentences look to an embedding. A reference or
        amount the question names ("2025/26", "CS05-2023") must be in it, and at least half of
        the names it uses ("Bromley", "Mrs Hudson").
        """
        if not query_terms:
            return True
        text = f"{hit.node.metadata.get('context', '')} {hit.node.get_content()}"
        found = set(self.tokenize(text))
        identifiers = [term for term, weight in query_terms.items() if weight > 1]
        if identifiers and not any(term in found for term in identifiers):
            return False
        if names and len(names & found) < len(names) / 2:
            return False
        missing = [term for term in query_terms if term not in found]
        return len(missing) / len(query_terms) < self.max_missing

    def _weighted_terms(self, text: str) -> dict[str, float]:
        """Query terms; identifiers and amounts count three times a plain word."""
        return {
            term: 3.0 if any(ch.isdigit() for ch in term) else 1.0 for term in self.tokenize(text)
        }

    def _candidate(
        self, index: int, sentence: Sentence, query_terms: dict[str, float], rank_prior: float
    ) -> Candidate:
        terms = frozenset(self.tokenize(sentence.text))
        total = sum(query_terms.values()) or 1.0
        lexical = sum(weight for term, weight in query_terms.items() if term in terms) / total
        return Candidate(index, sentence, terms, lexical, rank_prior)

    def _score(self, query: str, candidates: list[Candidate]) -> list[Candidate]:
        vectors = np.array(
            self.embed_model.get_text_embedding_batch(
                [query] + [c.sentence.text for c in candidates]
            )
        )
        similarities = vectors[1:] @ vectors[0]
        scored = [
            Candidate(
                c.node_index,
                c.sentence,
                c.terms,
                c.lexical,
                c.prior,
                score=SEMANTIC_WEIGHT * float(sim)
                + LEXICAL_WEIGHT * c.lexical
                + RANK_WEIGHT * c.prior,
                semantic=float(sim),
            )
            for c, sim in zip(candidates, similarities, strict=True)
        ]
        return sorted(scored, key=lambda c: -c.score)

    def respond(self, query_str: str, nodes: Sequence[NodeWithScore]) -> Response:
        selection = self.select(query_str, nodes)
        return Response(
            response=compose(selection),
            source_nodes=list(nodes),
            metadata={"extractive": selection.to_metadata()},
        )


def compose(selection: Selection) -> str:
    """Answer text: each chosen sentence followed by ``[n]``, n being its source's position."""
    return " ".join(
        f"{_capitalised(c.sentence.text)} [{c.node_index + 1}]" for c in selection.candidates
    )


def _capitalised(text: str) -> str:
    """List items start in lower case ("a) approve the award..."); an answer's sentences don't."""
    return text[:1].upper() + text[1:]


def _same(a: Candidate, b: Candidate) -> bool:
    union = a.terms | b.terms
    return bool(union) and len(a.terms & b.terms) / len(union) > DUPLICATE_OVERLAP
