"""Print and save an eval run: the metrics table, report.json and report.html."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from eval.grading import QuestionResult
from eval.runner import EvalRun, ModeRun
from eval.summary import Summary

# (field, label, direction, target): direction "up" means higher is better.
ROWS: list[tuple[str, str, str, float | None]] = [
    ("hit_at_5", "hit@5", "up", 0.95),
    ("recall_at_5", "recall@5", "up", None),
    ("mrr", "MRR", "up", None),
    ("ndcg_at_10", "nDCG@10", "up", None),
    ("fact_recall", "fact recall", "up", 0.85),
    ("fact_recall_retrieved", "facts in retrieved text", "up", None),
    ("faithfulness", "faithfulness", "up", None),
    ("citation_precision", "citation precision", "up", 0.95),
    ("citation_recall", "citation recall", "up", None),
    ("unsupported_number_rate", "unsupported numbers", "down", 0.0),
    ("refusal_precision", "refusal precision", "up", None),
    ("refusal_recall", "refusal recall", "up", 0.9),
    ("false_refusal_rate", "false refusals", "down", 0.05),
    ("pass_rate", "questions passed", "up", None),
    ("latency_p50", "latency p50 (s)", "down", None),
    ("latency_p95", "latency p95 (s)", "down", None),
    ("judge_agreement", "LLM judge agreement", "up", None),
    ("judge_faithfulness", "LLM judge faithfulness", "up", None),
    ("judge_citation_precision", "LLM judge cit. precision", "up", None),
    ("judge_citation_recall", "LLM judge cit. recall", "up", None),
]
LABEL_WIDTH = 26
COLUMN_WIDTH = 9


def primary(run: EvalRun) -> ModeRun:
    """The run the per-question table shows: hybrid when it ran, else the first mode."""
    return next((r for r in run.runs if r.mode == "hybrid"), run.runs[0])


def meets(value: float, direction: str, target: float) -> bool:
    return value >= target if direction == "up" else value <= target


def format_value(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(run: EvalRun) -> str:
    """One block per corpus slice: a row per metric, a column per retrieval mode."""
    modes = [r.mode for r in run.runs]
    header = f"{'':<{LABEL_WIDTH}}" + "".join(f"{m:>{COLUMN_WIDTH}}" for m in modes) + "   target"
    blocks = []
    for name in run.runs[0].summaries:
        first = run.runs[0].summaries[name]
        title = (
            f"{name}: {first.questions} questions "
            f"({first.answerable} answerable, {first.unanswerable} unanswerable)"
        )
        lines = [title, header]
        for key, label, direction, target in ROWS:
            values = [getattr(r.summaries[name], key) for r in run.runs]
            if key.startswith("judge_") and all(v is None for v in values):
                continue  # no LLM judge in this run
            cells = "".join(f"{format_value(v):>{COLUMN_WIDTH}}" for v in values)
            goal = ""
            if target is not None:
                sign = "≥" if direction == "up" else "≤"
                goal = f"   {sign} {target:g} {_verdict(values, direction, target)}"
            lines.append(f"{label:<{LABEL_WIDTH}}{cells}{goal}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _verdict(values: list[float | None], direction: str, target: float) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "n/a"
    return "ok" if all(meets(v, direction, target) for v in known) else "MISSED"


def format_sweep(run: EvalRun) -> str:
    if not run.sweep:
        return ""
    lines = [
        "answer.min_score sweep (hybrid, all questions):",
        f"{'min_score':>10}{'refusal recall':>16}{'false refusals':>16}"
        f"{'refusal prec.':>15}{'fact recall':>13}",
    ]
    for point in run.sweep:
        s = point.summaries["overall"]
        lines.append(
            f"{point.min_score:>10.2f}{format_value(s.refusal_recall):>16}"
            f"{format_value(s.false_refusal_rate):>16}{format_value(s.refusal_precision):>15}"
            f"{format_value(s.fact_recall):>13}"
        )
    return "\n".join(lines)


def worst(results: list[QuestionResult], n: int | None = None) -> list[QuestionResult]:
    """Failures first, the worst (lowest quality) of them first."""
    ordered = sorted(results, key=lambda r: (r.passed, r.quality, r.id))
    return ordered[:n] if n else ordered


def format_worst(run: EvalRun, n: int = 10) -> str:
    failed = [r for r in worst(primary(run).results) if not r.passed][:n]
    if not failed:
        return "Every question passed."
    lines = [f"{len(failed)} worst questions ({primary(run).mode}):"]
    for result in failed:
        lines.append(f"- {result.id}: {'; '.join(result.reasons) or 'failed'}")
    return "\n".join(lines)


def to_json(run: EvalRun) -> dict[str, Any]:
    return {
        "corpus": run.corpus,
        "seconds": round(run.seconds, 1),
        "settings": run.settings,
        "judge": run.judge,
        "index": asdict(run.index),
        "targets": {key: target for key, _, _, target in ROWS if target is not None},
        "modes": {
            r.mode: {
                "summary": {name: s.as_dict() for name, s in r.summaries.items()},
                "questions": [asdict(result) for result in worst(r.results)],
            }
            for r in run.runs
        },
        "min_score_sweep": [
            {"min_score": p.min_score, **{n: _refusal(s) for n, s in p.summaries.items()}}
            for p in run.sweep
        ],
    }


def _refusal(summary: Summary) -> dict[str, float | None]:
    return {
        "refusal_recall": summary.refusal_recall,
        "false_refusal_rate": summary.false_refusal_rate,
        "refusal_precision": summary.refusal_precision,
        "fact_recall": summary.fact_recall,
    }


def save(run: EvalRun, out: Path) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.html`` into ``out``; return their paths."""
    from eval.html_report import render_html

    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / "report.json", out / "report.html"
    json_path.write_text(json.dumps(to_json(run), indent=2, ensure_ascii=False), encoding="utf-8")
    html_path.write_text(render_html(run), encoding="utf-8")
    return json_path, html_path
