"""Query benchmark: latency of retrieval alone and of the full extractive answer, at scale.

``councilqa bench query`` ingests the shared corpus once (or takes an index already built),
copies it ×10 and ×100 without re-embedding (:mod:`eval.scaled_index`), and times the same
gold questions against each scale: ``Assistant.search`` (query embedding, dense and BM25
search, fusion) and ``Assistant.ask`` (all of that, the extractive answer and its
verification). Building the copies and the BM25 index is done before the clock starts.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering import Assistant
from assistant.config import Config, load_config
from assistant.factory import Components
from eval.gold import DEFAULT as DEFAULT_GOLD
from eval.gold import load_gold
from eval.runner import SHARED_CORPUS, corpus_paths, select_questions
from eval.scaled_index import build_scaled
from index.embeddings import SentenceTransformerEmbedding

GOALS_MS = {"retrieval": 50.0, "answer": 300.0}  # p95, at GOAL_SCALE (issue 3)
GOAL_SCALE = 100
WARM_UP = 3  # questions asked before timing (lazy loads, caches), not among those timed
ANSWER_PARTS = ("retrieve", "synthesize", "verify")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Latency:
    """Milliseconds over ``n`` timed calls."""

    n: int
    p50: float
    p95: float
    mean: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        ms = np.asarray(seconds, dtype=float) * 1000
        if not len(ms):
            return cls(0, 0.0, 0.0, 0.0)
        p50, p95 = np.percentile(ms, [50, 95])
        return cls(len(ms), float(p50), float(p95), float(ms.mean()))


@dataclass
class ScaleRun:
    scale: int
    chunks: int
    prepare_seconds: float  # copying the chunks and building BM25, before any timing
    retrieval: Latency
    answer: Latency
    answer_parts: dict[str, float]  # median ms of each stage inside ``ask``
    refused: int  # answers that were refusals (a refusal is cheaper than an answer)


@dataclass
class QueryBench:
    source: str
    questions: int
    runs: list[ScaleRun] = field(default_factory=list)
    cpus: int = field(default_factory=lambda: os.cpu_count() or 0)
    load_before: float = field(default_factory=lambda: os.getloadavg()[0])
    load_after: float = 0.0

    def goals(self) -> dict[str, bool | None]:
        """Whether each p95 goal is met at ×``GOAL_SCALE`` (None when that scale was not run)."""
        run = next((r for r in self.runs if r.scale == GOAL_SCALE), None)
        return {
            what: None if run is None else getattr(run, what).p95 <= limit
            for what, limit in GOALS_MS.items()
        }


def sample_questions(corpus: str, n: int, seed: int = 0, gold: Path = DEFAULT_GOLD) -> list[str]:
    """``WARM_UP`` + ``n`` distinct gold questions over ``corpus``, the same every run."""
    pool = [q.question for q in select_questions(load_gold(gold), corpus) if not q.follow_up_of]
    return random.Random(seed).sample(pool, min(len(pool), n + WARM_UP))


def time_questions(
    assistant: Assistant, questions: Sequence[str]
) -> tuple[Latency, Latency, dict[str, float], int]:
    """Warm up, then time every question's search, then every question's answer: the
    retrieval and answer latencies, the median ms of each stage of ``ask``, the refusals."""
    for question in questions[:WARM_UP]:
        assistant.ask(question)
    timed = questions[WARM_UP:]
    searches = []
    for question in timed:
        started = time.perf_counter()
        assistant.search(question)
        searches.append(time.perf_counter() - started)
    asks, parts, refused = [], {part: [] for part in ANSWER_PARTS}, 0
    for question in timed:
        started = time.perf_counter()
        answer = assistant.ask(question)
        asks.append(time.perf_counter() - started)
        refused += answer.refused
        for part in ANSWER_PARTS:
            parts[part].append(answer.timings.get(part, 0.0) * 1000)
    medians = {part: float(np.median(values)) if values else 0.0 for part, values in parts.items()}
    return Latency.of(searches), Latency.of(asks), medians, refused


def with_data_dir(config: Config, data_dir: Path) -> Config:
    """The same settings over another (embedded) index."""
    data = config.model_dump()
    chroma = {**data["chroma"], "host": ""}
    return load_config(overrides={**data, "data_dir": data_dir, "chroma": chroma}, environ={})


def scaled_components(
    source: Components, factor: int, work_dir: Path, progress: Progress | None = None
) -> Components:
    """Components over ``factor`` copies of ``source``, built under ``work_dir`` unless a
    copy of the right size is already there."""
    if factor == 1:
        return source
    scaled = _components(source, work_dir / f"x{factor}")
    if scaled.store.count() == factor * source.store.count():
        return scaled
    if scaled.store.count():  # a copy left half-built, or of another source: start again
        scaled.store.client.delete_collection(scaled.store.name)
        scaled = _components(source, work_dir / f"x{factor}")
    tenths = [0]

    def report(done: int, total: int) -> None:  # a line at every tenth
        if progress and done * 10 // total > tenths[0]:
            tenths[0] = done * 10 // total
            progress(f"×{factor}: copied {done:,} of {total:,} chunks")

    build_scaled(source.store, scaled.store, factor, progress=report)
    return scaled


def _components(source: Components, data_dir: Path) -> Components:
    return Components(with_data_dir(source.config, data_dir), embed_model=source.embed_model)


def measure_scale(
    source: Components,
    factor: int,
    questions: Sequence[str],
    work_dir: Path,
    progress: Progress | None = None,
) -> ScaleRun:
    started = time.perf_counter()
    parts = scaled_components(source, factor, work_dir, progress)
    assistant = Assistant(parts.config, parts)
    if progress:
        progress(f"×{factor}: {parts.store.count():,} chunks; building BM25 ...")
    _ = assistant.keywords  # built (or loaded) here, not inside the first timed question
    prepared = time.perf_counter() - started
    if progress:
        progress(f"×{factor}: timing {len(questions) - WARM_UP} questions ...")
    return ScaleRun(factor, parts.store.count(), prepared, *time_questions(assistant, questions))


def run(
    config: Config,
    scales: Sequence[int] = (1, 10, 100),
    questions: int = 30,
    corpus: str = "all",
    data_dir: Path | None = None,
    corpus_root: Path = SHARED_CORPUS,
    work_dir: Path | None = None,
    embed_model: SentenceTransformerEmbedding | None = None,
    progress: Progress | None = None,
) -> QueryBench:
    """Time ``questions`` gold questions at each scale of the index in ``data_dir`` (or of
    the shared corpus ingested into a temporary one). Scaled copies go under ``work_dir``
    (kept, and reused when their size matches) or a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="councilqa-bench-") as scratch:
        source_dir = data_dir or Path(scratch) / "source"
        source = Components(with_data_dir(config, source_dir), embed_model=embed_model)
        if data_dir is None:
            if progress:
                progress(f"ingesting the shared corpus ({corpus}) into {source_dir} ...")
            source.ingestor.ingest(corpus_paths(corpus, corpus_root))
        bench = QueryBench(str(source_dir), questions)
        asked = sample_questions(corpus, questions)
        for factor in sorted(scales):
            bench.runs.append(
                measure_scale(source, factor, asked, work_dir or Path(scratch), progress)
            )
        bench.load_after = os.getloadavg()[0]
    return bench


def to_json(bench: QueryBench) -> dict[str, Any]:
    return {**asdict(bench), "goals_ms": GOALS_MS, "goal_scale": GOAL_SCALE, "met": bench.goals()}


def format_table(bench: QueryBench) -> str:
    header = (
        f"{'scale':>6} {'chunks':>9} {'prepare s':>9}  {'retrieval p50 / p95 / mean ms':>30}"
        f"  {'answer p50 / p95 / mean ms':>27}  {'in ask: retrieve / synth / verify':>33}"
    )
    lines = [header]
    for r in bench.runs:
        parts = " / ".join(f"{r.answer_parts[p]:.0f}" for p in ANSWER_PARTS)
        lines.append(
            f"{'×' + str(r.scale):>6} {r.chunks:>9,} {r.prepare_seconds:>9.1f}"
            f"  {_latency(r.retrieval):>30}  {_latency(r.answer):>27}  {parts:>33}"
        )
    n = bench.runs[0].retrieval.n if bench.runs else 0
    refused = ", ".join(f"×{r.scale}: {r.refused}" for r in bench.runs)
    lines.append(f"n = {n} questions per scale after {WARM_UP} warm-up; refusals {refused}")
    run = next((r for r in bench.runs if r.scale == GOAL_SCALE), None)
    for what, met in bench.goals().items():
        goal = f"goal: {what} p95 ≤ {GOALS_MS[what]:.0f} ms at ×{GOAL_SCALE}"
        if run is None:
            lines.append(f"{goal}: not judged (×{GOAL_SCALE} was not run)")
        else:
            verdict = "met" if met else "MISSED"
            lines.append(f"{goal}: {getattr(run, what).p95:.0f} ms, {verdict}")
    lines.append(
        f"{bench.cpus} CPUs; load average {bench.load_before:.1f} before, "
        f"{bench.load_after:.1f} after (other work on the machine inflates these figures)"
    )
    return "\n".join(lines)


def _latency(latency: Latency) -> str:
    return f"{latency.p50:.0f} / {latency.p95:.0f} / {latency.mean:.0f}"
