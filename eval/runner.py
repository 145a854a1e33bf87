"""Run the gold set through the assistant: ingest once, answer, grade, summarise.

``councilqa eval`` calls :func:`run`; the CI gate (``tests/test_eval_gate.py``) calls
:func:`answer_all` on the session's seed index. Several retrieval modes and a sweep of the
extractive answerer's refusal threshold (``answer.min_score``) reuse one index.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import Answer, Passage
from assistant.answering import Assistant
from assistant.config import Config, load_config
from assistant.factory import Components
from eval.gold import GoldQuestion, normalise
from eval.grading import NDCG_K, QuestionResult, grade
from eval.judge import LLMJudge
from eval.memo import MemoisedEmbedding
from eval.metrics import Judge, mean, paper_stem
from eval.summary import Summary, summarise_slices
from index.embeddings import SentenceTransformerEmbedding

SHARED_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CORPUS_FOLDERS = {"seeds": ("pdf",), "real": ("real",), "all": ("pdf", "real")}
MODES = ("hybrid", "dense", "bm25")
Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class IndexInfo:
    data_dir: str
    temporary: bool
    papers: int = 0
    chunks: int = 0
    ingest_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # gold quotes no passage contains


@dataclass
class ModeRun:
    mode: str
    results: list[QuestionResult]
    summaries: dict[str, Summary]


@dataclass
class SweepPoint:
    """Refusal behaviour at one ``answer.min_score`` (hybrid retrieval)."""

    min_score: float
    summaries: dict[str, Summary]


@dataclass
class EvalRun:
    corpus: str
    index: IndexInfo
    runs: list[ModeRun]
    sweep: list[SweepPoint] = field(default_factory=list)
    judge: str = ""
    seconds: float = 0.0
    settings: dict[str, Any] = field(default_factory=dict)


def select_questions(
    questions: Sequence[GoldQuestion], corpus: str, limit: int | None = None
) -> list[GoldQuestion]:
    """The questions over ``corpus`` ("seeds", "real" or "all"), the first ``limit`` of them."""
    chosen = [q for q in questions if corpus == "all" or q.corpus == corpus]
    return chosen[:limit] if limit else chosen


def corpus_paths(corpus: str, root: Path = SHARED_CORPUS) -> list[Path]:
    return [root / folder for folder in CORPUS_FOLDERS[corpus]]


def ingest_corpus(components: Components, paths: Sequence[Path], info: IndexInfo) -> None:
    started = time.perf_counter()
    report = components.ingestor.ingest(list(paths))
    info.ingest_seconds = time.perf_counter() - started
    info.failures = [f"{r.path.name}: {r.error}" for r in report.failures]


def describe_index(
    components: Components, questions: Sequence[GoldQuestion], info: IndexInfo
) -> None:
    """Count papers and chunks, and find gold quotes that no single chunk contains (a passage
    two papers share is indexed once, and found for either: ``metrics.is_relevant``)."""
    texts: dict[str, list[str]] = {}
    by_id: dict[str, str] = {}
    for chunk in components.store.iter_chunks():
        by_id[chunk.id] = normalise(chunk.text)
        texts.setdefault(_paper_of(chunk.metadata), []).append(by_id[chunk.id])
    info.papers = len(texts)
    info.chunks = len(by_id)
    for copy in components.store.copies.get(include=["metadatas"])["metadatas"]:
        for chunk_id in copy.get("duplicate_of") or []:
            if chunk_id in by_id:
                texts.setdefault(_paper_of(copy), []).append(by_id[chunk_id])
    quotes = {(item.paper, item.quote) for q in questions for item in q.evidence}
    info.unreachable = sorted(
        quote
        for paper, quote in quotes
        if not any(normalise(quote) in text for text in texts.get(paper, []))
    )


def _paper_of(metadata: dict[str, Any]) -> str:
    return paper_stem(metadata.get("file_name", "") or metadata.get("source", ""))


def ranked_passages(assistant: Assistant, query: str, mode: str, k: int = NDCG_K) -> list[Passage]:
    """The top ``k`` passages for ``query`` (the answer's own first k are a prefix of these)."""
    retriever = assistant.retriever(assistant.default_filters(), k=k, mode=mode)
    return [Passage.from_node(hit) for hit in retriever.retrieve(query)]


def answer_all(
    assistant: Assistant,
    questions: Sequence[GoldQuestion],
    mode: str = "hybrid",
    unreachable: frozenset[str] = frozenset(),
    llm_judge: Judge | None = None,
    rank: bool = True,
    progress: Progress | None = None,
) -> list[QuestionResult]:
    """Ask every question (a follow-up after its first question's answer) and grade it.

    With ``rank`` false the retrieval metrics use only the passages the answer was given.
    """
    by_id = {q.id: q for q in questions}
    answers: dict[str, Answer] = {}
    results = []
    if questions:  # warm up (caches, lazy loads) so that latency is per question
        assistant.ask(questions[0].question, mode=mode)
    for done, question in enumerate(questions, start=1):
        history = _history(assistant, question, by_id, answers, mode)
        answer = assistant.ask(question.question, history=history, mode=mode)
        answers[question.id] = answer
        query = answer.search_question or question.question
        ranked = ranked_passages(assistant, query, mode) if rank else answer.retrieved
        results.append(grade(question, answer, ranked, mode, unreachable, llm_judge))
        if progress:
            progress(f"{mode} {question.id}", done, len(questions))
    return results


def _history(
    assistant: Assistant,
    question: GoldQuestion,
    by_id: dict[str, GoldQuestion],
    answers: dict[str, Answer],
    mode: str,
) -> list[tuple[str, str]]:
    """(question, answer text) of every earlier question in the thread, oldest first."""
    chain: list[GoldQuestion] = []
    parent = question.follow_up_of
    while parent is not None and parent in by_id:
        chain.insert(0, by_id[parent])
        parent = by_id[parent].follow_up_of
    history: list[tuple[str, str]] = []
    for earlier in chain:
        if earlier.id not in answers:  # not in this run: ask it for the context only
            answers[earlier.id] = assistant.ask(earlier.question, history=history, mode=mode)
        history.append((earlier.question, answers[earlier.id].text))
    return history


def with_min_score(config: Config, value: float) -> Config:
    """The same configuration with ``answer.min_score`` overridden."""
    data = config.model_dump()
    return load_config(overrides={**data, "answer": {"min_score": value}}, environ={})


def sweep_min_score(
    components: Components,
    questions: Sequence[GoldQuestion],
    values: Sequence[float],
    baseline: ModeRun | None = None,
    progress: Progress | None = None,
) -> list[SweepPoint]:
    """Refusal recall and false refusals at each ``answer.min_score`` (hybrid retrieval).

    A value equal to the configured one reuses ``baseline`` (the hybrid run) when given.
    """
    points = []
    memoised = Components(components.config, MemoisedEmbedding(components.embed_model))
    for value in values:
        if baseline is not None and value == components.config.answer.min_score:
            results = baseline.results
        else:
            assistant = Assistant(with_min_score(components.config, value), memoised)
            results = answer_all(assistant, questions, rank=False, progress=progress)
        points.append(SweepPoint(value, summarise_slices(results)))
    return points


def run(
    config: Config,
    questions: Sequence[GoldQuestion],
    corpus: str = "seeds",
    modes: Sequence[str] = ("hybrid",),
    min_scores: Sequence[float] = (),
    data_dir: Path | None = None,
    corpus_root: Path = SHARED_CORPUS,
    embed_model: SentenceTransformerEmbedding | None = None,
    progress: Progress | None = None,
) -> EvalRun:
    """The whole eval: a temporary index (unless ``data_dir``), every mode, the sweep."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="councilqa-eval-") as scratch:
        where = data_dir or Path(scratch)
        config = load_config(overrides={**config.model_dump(), "data_dir": where}, environ={})
        parts = Components(config, embed_model=embed_model)
        info = IndexInfo(data_dir=str(where), temporary=data_dir is None)
        if data_dir is None:
            ingest_corpus(parts, corpus_paths(corpus, corpus_root), info)
        describe_index(parts, questions, info)
        judge = LLMJudge.from_settings(config.llm)
        assistant = Assistant(config, parts)
        unreachable = frozenset(info.unreachable)
        runs = []
        for mode in modes:
            results = answer_all(assistant, questions, mode, unreachable, judge, progress=progress)
            runs.append(ModeRun(mode, results, summarise_slices(results)))
        baseline = next((r for r in runs if r.mode == "hybrid"), None)
        sweep = sweep_min_score(parts, questions, min_scores, baseline, progress)
    return EvalRun(
        corpus=corpus,
        index=info,
        runs=runs,
        sweep=sweep,
        judge=judge.name if judge else "",
        seconds=time.perf_counter() - started,
        settings={
            "k": config.retrieval.k,
            "candidates": config.retrieval.candidates,
            "min_score": config.answer.min_score,
            "llm": config.llm.backend,
            "embedding": config.embedding.model,
            "questions": len(questions),
            "mean_latency": round(mean(r.latency for run in runs for r in run.results), 3),
        },
    )
