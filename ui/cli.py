"""The ``councilqa`` command line: verbs a council officer understands."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from assistant.answer import Answer
from assistant.config import load_config
from assistant.factory import Components
from index.catalogue import find_paper, list_papers
from index.ingestion import FileResult, IngestReport, remove_paper
from index.lock import data_dir_lock
from ingest.errors import CouncilQAError
from ui.actions_cli import actions
from ui.bench_cli import bench
from ui.cli_options import (
    build_filters,
    components,
    config_option,
    export_option,
    filter_options,
    json_option,
    make_assistant,
    write_exports,
)
from ui.eval_cli import eval_command
from ui.export import about, answer_rows, file_link
from ui.themes_cli import themes

STATUS_MARK = {"added": "+", "updated": "~", "skipped": "=", "failed": "!"}


class CouncilQAGroup(click.Group):
    """Turns the project's errors into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CouncilQAError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=CouncilQAGroup)
@config_option("TOML configuration file (default: ./councilqa.toml if present).")
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
    if result.copies:  # chunks whose passage another paper already holds: not indexed twice
        detail += f", {result.copies} already indexed from another paper"
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


@cli.command()
@click.argument("question")
@filter_options
@json_option
@export_option("--export", "Also write the references to this .csv or .xlsx file.")
@click.pass_context
def ask(
    ctx: click.Context,
    question: str,
    role: str | None,
    k: int | None,
    as_json: bool,
    export: Path | None,
    **fields: str,
) -> None:
    """Answer QUESTION from the papers, with numbered references.

    Example: councilqa ask "What did audit committee resolve on debt recovery?" --since 2023-01-01

    Example: councilqa ask "What were council tax arrears?" --as-at 2025-04-01 --export refs.xlsx
    """
    assistant = make_assistant(ctx)
    filters = build_filters(assistant, role, **fields)
    answer = assistant.ask(question, filters=filters, k=k)
    click.echo(json.dumps(answer.to_dict(), indent=2) if as_json else format_answer(answer))
    rows = answer_rows(answer, file_link)
    write_exports(rows, [export], about(f"References for: {question}", filters, len(rows)))


def format_answer(answer: Answer) -> str:
    lines = [answer.text, *(f"Note: {note}" for note in answer.notes), ""]
    for citation in answer.citations:
        lines.append(f"[{citation.number}] {citation.passage.reference()}")
        lines.append(f'    "{" ".join(citation.quote.split())}"')  # a table row's cells on one line
    return "\n".join(lines).rstrip()


@cli.command()
@click.argument("query")
@filter_options
@json_option
@click.pass_context
def search(
    ctx: click.Context, query: str, role: str | None, k: int | None, as_json: bool, **fields: str
) -> None:
    """Show the passages that best match QUERY, ranked, with their metadata.

    Example: councilqa search "CS05-2023" --council "Kent County Council" -k 5
    """
    assistant = make_assistant(ctx)
    passages = assistant.search(query, filters=build_filters(assistant, role, **fields), k=k)
    if as_json:
        click.echo(json.dumps([asdict(p) for p in passages], indent=2))
        return
    if not passages:
        click.echo("No passages match.")
    for rank, passage in enumerate(passages, start=1):
        click.echo(f"{rank}. {passage.reference()}  (score {passage.score:.4f})")
        click.echo("   " + " ".join(passage.text.split())[:300])


@cli.command()
@filter_options
@click.pass_context
def chat(ctx: click.Context, role: str | None, k: int | None, **fields: str) -> None:
    """Chat in the terminal: follow-up questions use the conversation. Ctrl-D ends.

    Example: councilqa chat --council "London Borough of Bexley"
    """
    assistant = make_assistant(ctx)
    filters = build_filters(assistant, role, **fields)
    history: list[tuple[str, str]] = []
    click.echo("Ask about the papers (empty line or Ctrl-D to finish).")
    while True:
        try:
            question = click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            break
        if not question.strip():
            break
        try:
            answer = assistant.ask(question, filters=filters, history=history, k=k)
        except CouncilQAError as exc:
            click.echo(f"Error: {exc}")
            continue
        click.echo(format_answer(answer) + "\n")
        history.append((question, answer.text))


@cli.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 7860).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Start the chat app in the browser.

    Example: councilqa serve --host 127.0.0.1 --port 7860
    """
    from ui.app import serve as serve_app

    parts = components(ctx)
    serve_app(
        make_assistant(ctx), host=host or parts.config.ui.host, port=port or parts.config.ui.port
    )


cli.add_command(actions)  # `councilqa actions` and `actions show`, in ui/actions_cli.py
cli.add_command(themes)  # ui/themes_cli.py
cli.add_command(bench)  # `bench ingest` and `bench query`, in ui/bench_cli.py
cli.add_command(eval_command)  # `councilqa eval`, in ui/eval_cli.py


def main() -> None:
    cli(prog_name="councilqa")


if __name__ == "__main__":
    main()
