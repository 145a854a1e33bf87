"""The ``councilqa`` command line: verbs a council officer understands."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from assistant.answer import Answer
from assistant.answering import Assistant
from assistant.config import load_config
from assistant.factory import Components
from assistant.themes import ThemeExplorer, ThemeReport
from index.catalogue import find_paper, list_papers
from index.filters import SearchFilters
from index.ingestion import FileResult, IngestReport, remove_paper
from index.lock import data_dir_lock
from ingest.errors import CouncilQAError
from ui.actions_cli import actions
from ui.export import (
    EvidenceRow,
    about,
    answer_rows,
    app_link,
    export_evidence,
    file_link,
    theme_rows,
)

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


def scope_options(func: Any) -> Any:
    """The search filters and caller role: what a command may look at."""
    options = [
        click.option("--council", default="", help="Only papers of this council."),
        click.option("--committee", default="", help="Only papers of this committee or body."),
        click.option("--doc-type", default="", help="agenda, minutes, report, action plan, ..."),
        click.option(
            "--since", default="", help="Only meetings on or after this date (YYYY-MM-DD)."
        ),
        click.option("--until", default="", help="Only meetings on or before this date."),
        click.option(
            "--as-at",
            default="",
            help="Answer as the papers stood on this date (YYYY-MM-DD): only papers dated on "
            "or before it count; undated papers are left out.",
        ),
        click.option(
            "--role",
            type=click.Choice(["public", "member", "officer"]),
            help="Who is asking: exempt papers are shown to members and officers only "
            "(default from the config, else public).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filter_options(func: Any) -> Any:
    """The search filters, caller role and ``-k``, shared by ask, search and chat."""
    k = click.option("-k", "k", type=int, help="How many passages to use (default from config).")
    return scope_options(k(func))


def export_option(name: str, help: str) -> Any:
    return click.option(
        name,
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help=help,
    )


def write_exports(rows: list[EvidenceRow], paths: list[Path | None], about: dict[str, str]) -> None:
    for path in filter(None, paths):
        export_evidence(rows, path, about)
        click.echo(f"Wrote {len(rows)} rows to {path}", err=True)


def build_filters(assistant: Assistant, role: str | None, **fields: str) -> SearchFilters:
    return SearchFilters.for_role(role or assistant.config.role, **fields)


def make_assistant(ctx: click.Context) -> Assistant:
    parts = components(ctx)
    return Assistant(parts.config, parts)


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
        lines.append(f'    "{citation.quote}"')
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
@click.argument("theme")
@scope_options
@json_option
@export_option("--csv", "Also write the evidence table to this CSV file.")
@export_option("--xlsx", "Also write the evidence table to this Excel file.")
@click.option(
    "--link-base",
    default="",
    help="Link each row to the app at this address (its /papers route checks the reader's "
    "role) instead of to the file on this machine.",
)
@click.pass_context
def themes(
    ctx: click.Context,
    theme: str,
    role: str | None,
    as_json: bool,
    csv: Path | None,
    xlsx: Path | None,
    link_base: str,
    **fields: str,
) -> None:
    """Every passage on THEME across papers and councils: grouped by council, then paper in
    date order, with counts. Exports the evidence table for a scrutiny report.

    Example: councilqa themes "culture change" --since 2020-01-01 --xlsx culture-change.xlsx
    """
    assistant = make_assistant(ctx)
    filters = build_filters(assistant, role, **fields)
    report = ThemeExplorer.for_assistant(assistant).explore(theme, filters)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_themes(report))
    rows = theme_rows(report, app_link(link_base) if link_base else file_link)
    write_exports(rows, [csv, xlsx], about(f"Theme: {report.theme}", filters, len(rows)))


def format_themes(report: ThemeReport) -> str:
    papers = len(report.papers)
    lines = [
        f'"{report.theme}": {_count(report.count, "passage")} in {_count(papers, "paper")} '
        f"from {_count(len(report.councils), 'council')}"
    ]
    for council in report.councils:
        lines += ["", f"{council.council} ({_count(council.count, 'passage')})"]
        for paper in council.papers:
            body = " · ".join(x for x in (paper.committee, paper.doc_type) if x)
            lines.append(
                f"  {paper.meeting_date or 'undated':<10}  {paper.paper}"
                + (f" ({body})" if body else "")
                + f" · {paper.count}"
            )
            for mention in paper.mentions:
                where = f"p. {mention.passage.page}" if mention.passage.page else "   "
                lines.append(f'    {where:<6} "{mention.quote}"')
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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


@cli.group()
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
@click.option(
    "--corpus",
    type=click.Choice(["seeds", "real", "all"]),
    default="all",
    show_default=True,
    help="Which shared papers to ingest, and which gold questions to sample.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Use this existing index as the ×1 corpus instead of ingesting the shared one.",
)
@click.option(
    "--corpus-root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The shared corpus, holding pdf/ and real/ (default ../shared/corpus).",
)
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
    from eval.runner import SHARED_CORPUS, corpus_paths

    try:
        factors = [int(value) for value in _csv(scales, "--scales")]
    except ValueError:
        factors = [0]
    if min(factors) < 1:
        raise click.BadParameter(
            f"{scales!r}: whole numbers ≥ 1, e.g. 1,10,100", param_hint="--scales"
        )
    data_dir = data_dir or ctx.find_root().params.get("data_dir")
    root = corpus_root or SHARED_CORPUS
    missing = [path for path in corpus_paths(corpus, root) if not path.is_dir()]
    if data_dir is None and missing:
        raise click.ClickException(
            f"{missing[0]}: not found (the shared corpus); give --corpus-root or --data-dir"
        )
    parts = components(ctx)
    click.echo(f"Benchmarking queries at scales {scales} (minutes at ×100) ...", err=True)
    bench = run(
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
    click.echo(json.dumps(to_json(bench), indent=2) if as_json else format_table(bench))


@cli.command("eval")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML configuration file (default: the one given before the command, if any).",
)
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
@click.option(
    "--corpus",
    type=click.Choice(["seeds", "real", "all"]),
    default="all",
    show_default=True,
    help="Which gold questions to run, and which shared papers to ingest.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Use this existing index as it is instead of ingesting into a temporary one.",
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
    help="Gold questions (default eval/data/gold.jsonl).",
)
@click.option(
    "--corpus-root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The shared corpus, holding pdf/ and real/ (default ../shared/corpus).",
)
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
    from eval.runner import MODES, SHARED_CORPUS, corpus_paths, run, select_questions

    modes = _csv(compare, "--compare")
    if unknown := [m for m in modes if m not in MODES]:
        raise click.BadParameter(f"unknown mode {unknown[0]!r}; use {', '.join(MODES)}")
    values = [_number(v) for v in _csv(min_scores, "--min-scores")] if min_scores else []
    config = load_config(config_path) if config_path else components(ctx).config
    data_dir = data_dir or ctx.parent.params.get("data_dir")
    root = corpus_root or SHARED_CORPUS
    missing = [path for path in corpus_paths(corpus, root) if not path.is_dir()]
    if data_dir is None and missing:
        raise click.ClickException(
            f"{missing[0]}: not found (the shared corpus); give --corpus-root or --data-dir"
        )
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


def _csv(text: str, option: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise click.BadParameter(f"{option} needs at least one value")
    return items


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is not a number (--min-scores)") from exc


cli.add_command(actions)  # `councilqa actions` and `actions show`, in ui/actions_cli.py


def main() -> None:
    cli(prog_name="councilqa")


if __name__ == "__main__":
    main()
