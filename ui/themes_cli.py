"""``councilqa themes``: every passage on a theme across papers and councils, with exports."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.themes import ThemeExplorer, ThemeReport
from ui.cli_options import (
    build_filters,
    export_option,
    json_option,
    make_assistant,
    scope_options,
    write_exports,
)
from ui.export import about, app_link, file_link, theme_rows


@click.command()
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
