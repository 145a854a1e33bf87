"""Matplotlib figures for ``report.html``, as base64 PNGs (none when matplotlib is missing)."""

from __future__ import annotations

import base64
import io
from typing import Any

from eval.runner import EvalRun

BAR_METRICS = [
    ("hit_at_5", "hit@5"),
    ("mrr", "MRR"),
    ("ndcg_at_10", "nDCG@10"),
    ("fact_recall", "fact recall"),
    ("faithfulness", "faithful"),
    ("citation_precision", "cit. prec."),
    ("refusal_recall", "refusal rec."),
    ("false_refusal_rate", "false ref."),
]
MISS = 11  # the rank bucket for evidence not retrieved in the top 10


def plot_images(run: EvalRun) -> list[tuple[str, str]]:
    """(title, base64 PNG) for each figure; empty when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    figures = [
        ("Metrics by retrieval mode (overall)", _metrics_figure(plt, run)),
        ("Rank of the first gold passage (answerable questions)", _ranks_figure(plt, run)),
        ("Latency per question", _latency_figure(plt, run)),
    ]
    if run.sweep:
        figures.append(("Refusal threshold trade-off", _sweep_figure(plt, run)))
    images = []
    for title, figure in figures:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
        plt.close(figure)
        images.append((title, base64.b64encode(buffer.getvalue()).decode("ascii")))
    return images


def _metrics_figure(plt: Any, run: EvalRun) -> Any:
    figure, axes = plt.subplots(figsize=(9, 3.6))
    width = 0.8 / len(run.runs)
    for index, mode_run in enumerate(run.runs):
        summary = mode_run.summaries["overall"]
        xs = [i + index * width for i in range(len(BAR_METRICS))]
        heights = [getattr(summary, key) or 0.0 for key, _ in BAR_METRICS]
        axes.bar(xs, heights, width, label=mode_run.mode)
    axes.set_xticks([i + 0.4 - width / 2 for i in range(len(BAR_METRICS))])
    axes.set_xticklabels([label for _, label in BAR_METRICS])
    axes.set_ylim(0, 1.05)
    axes.legend(loc="lower right")
    return figure


def _ranks_figure(plt: Any, run: EvalRun) -> Any:
    figure, axes = plt.subplots(figsize=(9, 3.2))
    buckets = list(range(1, MISS + 1))
    width = 0.8 / len(run.runs)
    for index, mode_run in enumerate(run.runs):
        firsts = [
            min((r for r in result.ranks if r is not None), default=MISS)
            for result in mode_run.results
            if result.answerable
        ]
        counts = [sum(1 for f in firsts if f == bucket) for bucket in buckets]
        axes.bar([b + index * width for b in buckets], counts, width, label=mode_run.mode)
    axes.set_xticks([b + 0.4 - width / 2 for b in buckets])
    axes.set_xticklabels([str(b) for b in buckets[:-1]] + ["miss"])
    axes.set_xlabel("rank")
    axes.set_ylabel("questions")
    axes.legend()
    return figure


def _latency_figure(plt: Any, run: EvalRun) -> Any:
    figure, axes = plt.subplots(figsize=(6, 3))
    axes.boxplot(
        [[r.latency for r in mode_run.results] for mode_run in run.runs],
        tick_labels=[mode_run.mode for mode_run in run.runs],
    )
    axes.set_ylabel("seconds")
    return figure


def _sweep_figure(plt: Any, run: EvalRun) -> Any:
    figure, axes = plt.subplots(figsize=(6, 3.2))
    xs = [point.min_score for point in run.sweep]
    overall = [point.summaries["overall"] for point in run.sweep]
    nan = float("nan")
    recall = [nan if s.refusal_recall is None else s.refusal_recall for s in overall]
    false = [nan if s.false_refusal_rate is None else s.false_refusal_rate for s in overall]
    axes.plot(xs, recall, "o-", label="refusal recall")
    axes.plot(xs, false, "s-", label="false-refusal rate")
    axes.plot(xs, [s.fact_recall for s in overall], "^--", label="fact recall")
    axes.set_xlabel("answer.min_score")
    axes.set_ylim(0, 1.05)
    axes.legend()
    return figure
