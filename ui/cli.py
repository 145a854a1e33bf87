"""The ``councilqa`` command line: verbs a council officer understands."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from assistant.config import load_config
from assistant.factory import Components
from index.catalogue import find_paper, list_papers
from index.ingestion import FileResult, IngestReport, remove_paper
from index.lock import data_dir_lock
from ingest.errors import CouncilQAError

STATUS_MARK = {"added": "+", "updated": "~", "skipped": "=", "failed": "!"}


class CouncilQAGroup(click.Group):
    """Turns the project's errors into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CouncilQAError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=CouncilQAGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML configuration file (default: ./councilqa.toml if present).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the index lives (default ./data, or $COUNCILQA_DATA_DIR).",
)
@click.version_option(package_name="councilqa")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, data_dir: Path | None) -> None:
    """Ask questions of council papers and get answers with checked citations.

    Example: councilqa --data-dir ./data ingest ../papers
    """
    overrides = {"data_dir": data_dir} if data_dir else {}
    try:
        config = load_config(config_path, overrides=overrides)
    except CouncilQAError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = Components(config)


def components(ctx: click.Context) -> Components:
    return ctx.find_object(Components)


def json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Add papers (PDF, DOCX, HTML, TXT, MD files or folders) to the index.

    Unchanged files are skipped, changed files replace their old version, and bad files are
    reported without stopping the batch. Exit code 1 when any file failed.

    Example: councilqa ingest agenda-pack.pdf minutes/
    """
    parts = components(ctx)
    if not as_json:
        click.echo(f"Loading embedding model {parts.config.embedding.model} ...", err=True)
    ingestor = parts.ingestor
    with click.progressbar(
        length=1, label="Ingesting", file=sys.stderr, show_pos=True, item_show_func=_show
    ) as bar:

        def progress(result: FileResult, index: int, total: int) -> None:
            bar.length = total
            bar.current_item = result
            bar.update(1)
            if not as_json:
                click.echo(f"\r{_describe(result)}", err=True)

        report = ingestor.ingest(paths, progress=progress)
    if as_json:
        click.echo(json.dumps(_report_json(report), indent=2))
    else:
        click.echo(_summary(report))
    ctx.exit(1 if report.failures else 0)


def _show(result: FileResult | None) -> str:
    return result.path.name if result else ""


def _describe(result: FileResult) -> str:
    mark = STATUS_MARK[result.status]
    if result.status == "failed":
        return f"{mark} failed   {result.error}"
    detail = f"{result.pages} pages, {result.chunks} chunks" if result.chunks else result.doc_id
    return f"{mark} {result.status:<8} {result.path}  ({detail})"


def _summary(report: IngestReport) -> str:
    return (
        f"{report.count('added')} added, {report.count('updated')} updated, "
        f"{report.count('skipped')} skipped, {len(report.failures)} failed; "
        f"{report.chunks} chunks from {report.pages} pages in {report.seconds:.1f} s"
    )


def _report_json(report: IngestReport) -> dict[str, Any]:
    return {
        "added": report.count("added"),
        "updated": report.count("updated"),
        "skipped": report.count("skipped"),
        "failed": len(report.failures),
        "chunks": report.chunks,
        "pages": report.pages,
        "seconds": round(report.seconds, 2),
        "files": [{**asdict(r), "path": str(r.path)} for r in report.results],
    }


@cli.command()
@json_option
@click.option("--include-exempt", is_flag=True, help="List wholly exempt papers too.")
@click.pass_context
def docs(ctx: click.Context, as_json: bool, include_exempt: bool) -> None:
    """List the ingested papers with their metadata.

    Example: councilqa docs --json
    """
    papers = list_papers(components(ctx).store, include_exempt=include_exempt)
    if as_json:
        click.echo(json.dumps([asdict(paper) for paper in papers], indent=2))
        return
    if not papers:
        click.echo("No papers ingested yet. Try: councilqa ingest PATH")
        return
    for paper in papers:
        where = " · ".join(v for v in (paper.council, paper.committee, paper.meeting_date) if v)
        exempt = f", {paper.exempt_parts} exempt part(s)" if paper.exempt_parts else ""
        click.echo(f"{paper.doc_id}  {paper.title or paper.file_name}")
        click.echo(
            f"    {where or 'council not stated'} · {paper.doc_type or 'type not stated'} · "
            f"{paper.pages} pages, {paper.chunks} chunks · {paper.classification}{exempt}"
        )


@cli.command()
@click.argument("doc")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def remove(ctx: click.Context, doc: str, yes: bool) -> None:
    """Remove a paper and all its chunks. DOC is its id (or prefix), file name or path.

    Example: councilqa remove 1f87ef84fb8f
    """
    parts = components(ctx)
    paper = find_paper(parts.store, doc)
    if not yes:
        click.confirm(
            f"Remove {paper.title or paper.file_name} ({paper.chunks} chunks)?", abort=True
        )
    with data_dir_lock(parts.config.data_dir):
        remove_paper(parts.store, parts.config.data_dir, paper.doc_id)
    click.echo(f"Removed {paper.doc_id} {paper.title or paper.file_name} ({paper.chunks} chunks)")


@cli.group()
def bench() -> None:
    """Measure speed: `bench ingest` compares our pipeline with the naive one."""


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


def main() -> None:
    cli(prog_name="councilqa")
