"""``councilqa bench``: the ingestion and query speed benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ui.cli_options import (
    comma_list,
    components,
    corpus_options,
    corpus_root_option,
    index_and_corpus,
    json_option,
)


@click.group()
def bench() -> None:
    """Measure speed: `bench ingest` compares our pipeline with the naive one; `bench query`
    times retrieval and answers on the shared corpus and on copies of it ×10 and ×100."""


@bench.command("ingest")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@json_option
@click.pass_context
def bench_ingest(ctx: click.Context, path: Path | None, as_json: bool) -> None:
    """Ingest PATH (default ../shared/corpus/pdf) with our pipeline and the naive LlamaIndex
    tutorial pipeline, each in a fresh process, and print their figures side by side.

    Example: councilqa bench ingest ../shared/corpus/pdf
    """
    from eval.bench_ingest import DEFAULT_CORPUS, compare, format_table

    corpus = path or DEFAULT_CORPUS
    if not corpus.exists():
        raise click.ClickException(f"{corpus}: no such corpus; give a PATH")
    click.echo(f"Benchmarking ingestion of {corpus} (two runs, a minute or two) ...", err=True)
    rows = compare(corpus, components(ctx).config.embedding.model)
    click.echo(json.dumps(rows, indent=2) if as_json else format_table(rows))


@bench.command("query")
@click.option("--scales", default="1,10,100", show_default=True, help="Copies of the corpus.")
@click.option(
    "--questions", default=30, show_default=True, type=click.IntRange(1), help="Timed per scale."
)
@corpus_options(
    corpus_help="Which shared papers to ingest, and which gold questions to sample.",
    data_dir_help="Use this existing index as the ×1 corpus instead of ingesting the shared one.",
)
@corpus_root_option
@click.option(
    "--work-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build and keep the scaled copies here, reusing them next time (default: temporary).",
)
@json_option
@click.pass_context
def bench_query(
    ctx: click.Context,
    scales: str,
    questions: int,
    corpus: str,
    data_dir: Path | None,
    corpus_root: Path | None,
    work_dir: Path | None,
    as_json: bool,
) -> None:
    """Time retrieval alone and the full extractive answer (p50, p95, mean) on the shared
    corpus and on copies of its embedded chunks under other council names and dates, with
    their vectors nudged: no re-embedding. Goal at ×100: retrieval p95 ≤ 50 ms, answer p95
    ≤ 300 ms.

    Example: councilqa bench query --scales 1,10,100 --questions 30 --work-dir /tmp/scaled
    """
    from eval.bench_query import format_table, run, to_json

    try:
        factors = [int(value) for value in comma_list(scales, "--scales")]
    except ValueError:
        factors = [0]
    if min(factors) < 1:
        raise click.BadParameter(
            f"{scales!r}: whole numbers ≥ 1, e.g. 1,10,100", param_hint="--scales"
        )
    data_dir, root = index_and_corpus(ctx, corpus, data_dir, corpus_root)
    parts = components(ctx)
    click.echo(f"Benchmarking queries at scales {scales} (minutes at ×100) ...", err=True)
    figures = run(
        parts.config,
        scales=factors,
        questions=questions,
        corpus=corpus,
        data_dir=data_dir,
        corpus_root=root,
        work_dir=work_dir,
        embed_model=parts.embed_model,
        progress=lambda message: click.echo(message, err=True),
    )
    click.echo(json.dumps(to_json(figures), indent=2) if as_json else format_table(figures))
