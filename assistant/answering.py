"""``Assistant(config).ask(question, filters=..., history=...) -> Answer``.

The one entry to answering for the CLI, the UI and the eval: it builds the retriever and the
answerer for each question (filters differ per question), runs the cited query engine, and
turns LlamaIndex's ``Response`` into an :class:`Answer`.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.chat_engine import CondenseQuestionChatEngine
from llama_index.core.llms import ChatMessage
from llama_index.core.prompts import PromptTemplate

from assistant.answer import Answer, Citation, Passage
from assistant.config import Config
from assistant.continuation import Continuation
from assistant.council_scope import place_of
from assistant.engine import CitedQueryEngine
from assistant.extractive import ExtractiveSynthesizer
from assistant.factory import Components
from assistant.followup import rewrite_follow_up
from assistant.generative import CitationSynthesizer
from assistant.llms import build_llm
from assistant.org_names import CommonWords
from assistant.recency import prefer_newer
from assistant.retrieval import HybridRetriever, Mode
from assistant.verification import CitationVerifier, Verification
from index.filters import SearchFilters
from index.keyword import KeywordIndex
from ingest.errors import QueryError
from prompts import load_prompt

REFUSAL = "The indexed papers don't appear to cover this."
NO_MATCH = "No indexed papers match these filters."
MAX_QUESTION_CHARS = 2000
MAX_K = 50
REFUSAL_PATTERN = re.compile(
    r"don.t appear to cover|cannot answer|can't answer|no information", re.I
)

History = list[tuple[str, str]]  # (question, answer text) turns, oldest first


class Assistant:
    """Answers questions over the index with verified citations."""

    def __init__(self, config: Config, components: Components | None = None) -> None:
        self.config = config
        self.components = components or Components(config)
        self.llm = build_llm(config.llm)
        self._keywords: KeywordIndex | None = None
        self._common_words: tuple[KeywordIndex, CommonWords] | None = None
        self._lock = threading.Lock()

    @property
    def keywords(self) -> KeywordIndex:
        with self._lock:
            if self._keywords is None:
                self._keywords = KeywordIndex.open(
                    self.components.store, self.config.data_dir / "bm25"
                )
            return self._keywords

    @property
    def common_words(self) -> CommonWords:
        """Stems of the words that are no names (``assistant.org_names``): the papers' lower-case
        words, the embedding model's and the councils' places, for each keyword index loaded."""
        keywords = self.keywords
        with self._lock:
            if self._common_words is None or self._common_words[0] is not keywords:
                places = keywords.tokenize(" ".join(map(place_of, keywords.councils)))
                common = CommonWords(
                    keywords.common_words, self.components.vocabulary, frozenset(places)
                )
                self._common_words = (keywords, common)
            return self._common_words[1]

    def refresh(self) -> None:
        """Pick up papers added or removed since the keyword index was loaded."""
        with self._lock:
            self._keywords = None

    def default_filters(self, **fields: Any) -> SearchFilters:
        return SearchFilters.for_role(self.config.role, **fields)

    def retriever(
        self, filters: SearchFilters, k: int | None = None, mode: Mode | None = None
    ) -> HybridRetriever:
        settings = self.config.retrieval
        return HybridRetriever(
            self.components.store,
            self.keywords,
            self.components.embed_model,
            filters,
            top_k=_check_k(settings.k if k is None else k),
            candidates=settings.candidates,
            mode=mode or settings.mode,
            fusion=settings.fusion,
            dense_weight=settings.dense_weight,
            reranker=self.components.reranker,
        )

    def query_engine(
        self, filters: SearchFilters, k: int | None = None, mode: Mode | None = None
    ) -> CitedQueryEngine:
        settings = self.config.answer
        common_words = self.common_words
        synthesizer = (
            CitationSynthesizer(self.llm)
            if self.llm is not None
            else ExtractiveSynthesizer(
                self.components.embed_model,
                max_sentences=settings.max_sentences,
                min_score=settings.min_score,
                relative_floor=settings.relative_floor,
                added_floor=settings.added_floor,
                kind_floor=settings.kind_floor,
                max_missing=settings.max_missing,
                councils=self.keywords.councils,
                common_words=common_words,
            )
        )
        retriever = self.retriever(filters, k, mode)
        return CitedQueryEngine(
            retriever=retriever,
            postprocessors=[Continuation(retriever=retriever)],
            synthesizer=synthesizer,
            verifier=CitationVerifier(min_overlap=settings.min_overlap),
            check_answers=self.llm is not None,
            common_words=common_words,
        )

    def search(
        self, query: str, filters: SearchFilters | None = None, k: int | None = None
    ) -> list[Passage]:
        """Ranked passages for ``query`` (no answer)."""
        query = clean_question(query)
        hits = self.retriever(filters or self.default_filters(), k).retrieve(query)
        return [Passage.from_node(hit) for hit in hits]

    def ask(
        self,
        question: str,
        filters: SearchFilters | None = None,
        history: History | None = None,
        k: int | None = None,
        mode: Mode | None = None,
    ) -> Answer:
        started = time.perf_counter()
        question = clean_question(question)
        filters = filters or self.default_filters()
        engine = self.query_engine(filters, k, mode)
        if history and self.llm is not None:
            response = self._chat(engine, question, history)
        else:
            search = rewrite_follow_up(question, [q for q, _ in history or []])
            response = engine.query(search)
        answer = prefer_newer(build_answer(question, response, filters))
        answer.timings["total"] = time.perf_counter() - started
        return answer

    def _chat(self, engine: CitedQueryEngine, question: str, history: History) -> Response:
        """An LLM condenses the follow-up; our engine (and its checks) still answers it."""
        messages = []
        for asked, answered in history:
            messages += [
                ChatMessage(role="user", content=asked),
                ChatMessage(role="assistant", content=answered),
            ]
        chat = CondenseQuestionChatEngine.from_defaults(
            query_engine=engine,
            condense_question_prompt=PromptTemplate(load_prompt("condense")),
            chat_history=messages,
            llm=self.llm,
        )
        reply = chat.chat(question)
        return reply.sources[0].raw_output


def clean_question(question: str) -> str:
    """Strip control characters; refuse an empty or oversized question."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in question)
    text = " ".join(text.split())
    if not text:
        raise QueryError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        limit = f"{MAX_QUESTION_CHARS:,}"
        raise QueryError(f"the question is too long ({len(text):,} characters; limit {limit})")
    return text


def _check_k(k: int) -> int:
    if k < 1:
        raise QueryError(f"k must be at least 1 (got {k})")
    return min(k, MAX_K)


def build_answer(question: str, response: Response, filters: SearchFilters) -> Answer:
    """Renumber the verified citations in reading order and build the :class:`Answer`."""
    meta = response.metadata or {}
    passages = [Passage.from_node(hit) for hit in response.source_nodes]
    verification: Verification = meta["verification"]
    timings = dict(meta.get("timings", {}))
    search_question = meta.get("query", question)
    removed = list(verification.removed)
    if not passages or not verification.kept or REFUSAL_PATTERN.search(str(response.response)):
        restricted = bool(filters.describe()) and not passages
        text = NO_MATCH if restricted else refusal_text(passages)
        return Answer(question, text, [], True, passages, timings, removed, search_question)
    order: list[int] = []
    for sentence in verification.kept:
        order += [n for n in sentence.sources if n not in order]
    display = {source: index for index, source in enumerate(order, start=1)}
    quotes: dict[int, list[str]] = {n: [] for n in order}
    parts = []
    for sentence in verification.kept:
        marks = "".join(f"[{display[n]}]" for n in sentence.sources)
        parts.append(f"{sentence.text} {marks}")
        for n, quote in zip(sentence.sources, sentence.quotes, strict=True):
            if quote not in quotes[n]:
                quotes[n].append(quote)
    citations = [Citation(display[n], passages[n - 1], " … ".join(quotes[n])) for n in order]
    return Answer(
        question, " ".join(parts), citations, False, passages, timings, removed, search_question
    )


def refusal_text(passages: list[Passage]) -> str:
    """The refusal, naming the closest papers so the reader knows where to look."""
    closest: list[str] = []
    for passage in passages:
        label = " · ".join(x for x in (passage.paper, passage.council, passage.meeting_date) if x)
        if label not in closest:
            closest.append(label)
    if not closest:
        return REFUSAL
    return f"{REFUSAL} The closest papers are: " + "; ".join(closest[:3]) + "."
