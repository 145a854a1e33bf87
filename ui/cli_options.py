"""Options and helpers shared by the ``councilqa`` commands in ui/*_cli.py and ui/cli.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from assistant.answering import Assistant
from assistant.factory import Components
from index.filters import SearchFilters
from ui.export import EvidenceRow, export_evidence


def components(ctx: click.Context) -> Components:
    return ctx.find_object(Components)


def config_option(help: str) -> Any:
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help=help
    )


def json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


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


def corpus_options(corpus_help: str, data_dir_help: str) -> Callable[[Any], Any]:
    """``--corpus`` and ``--data-dir``, for the commands that ingest the shared corpus unless
    given an existing index (`bench query`, `eval`); each says in its help what it does."""

    def decorate(func: Any) -> Any:
        func = click.option(
            "--data-dir", type=click.Path(file_okay=False, path_type=Path), help=data_dir_help
        )(func)
        return click.option(
            "--corpus",
            type=click.Choice(["seeds", "real", "all"]),
            default="all",
            show_default=True,
            help=corpus_help,
        )(func)

    return decorate


def corpus_root_option(func: Any) -> Any:
    return click.option(
        "--corpus-root",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="The shared corpus, holding pdf/ and real/ (default ../shared/corpus).",
    )(func)


def index_and_corpus(
    ctx: click.Context, corpus: str, data_dir: Path | None, corpus_root: Path | None
) -> tuple[Path | None, Path]:
    """The existing index to use (the command's --data-dir, else the group's) and the shared
    corpus root; fails when there is no index and the corpus is missing."""
    from eval.runner import SHARED_CORPUS, corpus_paths

    data_dir = data_dir or ctx.find_root().params.get("data_dir")
    root = corpus_root or SHARED_CORPUS
    missing = [path for path in corpus_paths(corpus, root) if not path.is_dir()]
    if data_dir is None and missing:
        raise click.ClickException(
            f"{missing[0]}: not found (the shared corpus); give --corpus-root or --data-dir"
        )
    return data_dir, root


def comma_list(text: str, option: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise click.BadParameter(f"{option} needs at least one value")
    return items
