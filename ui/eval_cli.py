"""``councilqa eval``: score the assistant on the gold questions and write the report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.config import load_config
from ui.cli_options import (
    comma_list,
    components,
    config_option,
    corpus_options,
    corpus_root_option,
    index_and_corpus,
    json_option,
)


@click.command("eval")
@config_option("TOML configuration file (default: the one given before the command, if any).")
@click.option(
    "--compare",
    default="hybrid",
    show_default=True,
    help="Retrieval modes to run side by side on one index, comma-separated: dense,bm25,hybrid.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("eval-report"),
    show_default=True,
    help="Where to write report.json and report.html.",
)
@corpus_options(
    corpus_help="Which gold questions to run, and which shared papers to ingest.",
    data_dir_help="Use this existing index as it is instead of ingesting into a temporary one.",
)
@click.option(
    "--min-scores",
    default="",
    help="Also sweep answer.min_score over these values, e.g. 0.25,0.3,0.35,0.4 (hybrid).",
)
@click.option("--limit", type=int, help="Only the first N questions (a quick smoke run).")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold questions (default eval/questions/gold.jsonl).",
)
@corpus_root_option
@json_option
@click.pass_context
def eval_command(
    ctx: click.Context,
    config_path: Path | None,
    compare: str,
    out: Path,
    corpus: str,
    data_dir: Path | None,
    min_scores: str,
    limit: int | None,
    gold: Path | None,
    corpus_root: Path | None,
    as_json: bool,
) -> None:
    """Score the assistant on the gold questions: retrieval, facts, citations, refusals.

    Ingests the shared corpus into a temporary index (unless --data-dir), answers every
    question, prints the metrics per corpus and overall, and writes report.json and
    report.html (plots, and every question worst first with the reasons it failed).

    Example: councilqa eval --corpus seeds --compare dense,bm25,hybrid --out eval-report
    """
    from eval.gold import DEFAULT as DEFAULT_GOLD
    from eval.gold import load_gold
    from eval.report import format_sweep, format_table, format_worst, save, to_json
    from eval.runner import MODES, run, select_questions

    modes = comma_list(compare, "--compare")
    if unknown := [m for m in modes if m not in MODES]:
        raise click.BadParameter(f"unknown mode {unknown[0]!r}; use {', '.join(MODES)}")
    values = [_number(v) for v in comma_list(min_scores, "--min-scores")] if min_scores else []
    config = load_config(config_path) if config_path else components(ctx).config
    data_dir, root = index_and_corpus(ctx, corpus, data_dir, corpus_root)
    questions = select_questions(load_gold(gold or DEFAULT_GOLD), corpus, limit)
    reused = "hybrid" in modes  # the sweep reuses the hybrid run at the configured min_score
    reruns = [v for v in values if not (reused and v == config.answer.min_score)]
    asks = len(questions) * (len(modes) + len(reruns))
    click.echo(f"Evaluating {len(questions)} questions ({corpus}): {', '.join(modes)}", err=True)
    with click.progressbar(length=asks, label="Answering", file=sys.stderr, show_pos=True) as bar:
        result = run(
            config,
            questions,
            corpus=corpus,
            modes=modes,
            min_scores=values,
            data_dir=data_dir,
            corpus_root=root,
            progress=lambda what, done, total: bar.update(1),
        )
    json_path, html_path = save(result, out)
    if as_json:
        click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
        return
    for block in (format_table(result), format_sweep(result), format_worst(result)):
        if block:
            click.echo(block + "\n")
    click.echo(f"Wrote {json_path} and {html_path} ({result.seconds:.0f} s)")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is not a number (--min-scores)") from exc
