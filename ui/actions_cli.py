"""``councilqa actions``: the recommendations, issues, audit actions and resolutions the papers
track, and ``councilqa actions show REF`` for one record's timeline through later papers."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from assistant.actions import ActionTracker, Timeline
from index.filters import SearchFilters
from ingest.actions import ActionRecord
from ui.cli_options import components, json_option

QUOTE_CHARS = 160


def action_filters(func: Any) -> Any:
    """Who is asking and which papers: shared by `actions` and `actions show`."""
    options = [
        click.option("--council", default="", help="Only records of this council."),
        click.option("--committee", default="", help="Only records of this committee or body."),
        click.option("--since", default="", help="Only papers dated on or after (YYYY-MM-DD)."),
        click.option("--until", default="", help="Only papers dated on or before."),
        click.option(
            "--role",
            type=click.Choice(["public", "member", "officer"]),
            help="Who is asking: records from exempt papers are shown to members and officers "
            "only (default from the config, else public).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _tracker_and_filters(
    ctx: click.Context, role: str | None, **fields: str
) -> tuple[ActionTracker, SearchFilters]:
    parts = components(ctx)
    filters = SearchFilters.for_role(role or parts.config.role, **fields)
    return ActionTracker(parts.store), filters


@click.group(invoke_without_command=True)
@action_filters
@click.option(
    "--status",
    default="",
    help='"open", "closed", or a status as the paper states it ("Ongoing", "Completed").',
)
@json_option
@click.pass_context
def actions(
    ctx: click.Context, role: str | None, status: str, as_json: bool, **fields: str
) -> None:
    """List the commitments found in the papers: recommendations, governance issues, audit
    actions and resolutions, with owner, deadline and status as stated.

    "open" is any status not stated as done (Completed, Closed, Implemented, N/A ...).

    Example: councilqa actions --council "Kent County Council" --status open
    """
    if ctx.invoked_subcommand:
        return
    tracker, filters = _tracker_and_filters(ctx, role, **fields)
    records = tracker.list(filters, status=status)
    if as_json:
        click.echo(json.dumps([asdict(record) for record in records], indent=2))
        return
    if not records:
        click.echo("No action records match. Ingest papers first, or widen the filters.")
        return
    for record in records:
        click.echo(format_record(record))
    opened = sum(record.state == "open" for record in records)
    click.echo(f"{len(records)} records: {opened} open, {len(records) - opened} closed")


@actions.command("show")
@click.argument("reference")
@action_filters
@json_option
@click.pass_context
def show(
    ctx: click.Context, reference: str, role: str | None, as_json: bool, **fields: str
) -> None:
    """Show one record and its timeline: the papers that mention it, in date order, each with
    the quoted sentence. REFERENCE is a record's ref (e.g. CA07-2023) or its id.

    Example: councilqa actions show CA07-2023
    """
    tracker, filters = _tracker_and_filters(ctx, role, **fields)
    timeline = tracker.timeline(tracker.find(reference, filters), filters)
    click.echo(json.dumps(timeline.to_dict(), indent=2) if as_json else format_timeline(timeline))


def format_record(record: ActionRecord) -> str:
    heading = " · ".join(bit for bit in (record.ref, record.title[:70]) if bit)
    status = record.status or "status not stated"
    where = " · ".join(
        bit
        for bit in (record.paper_title[:60], record.council, record.meeting_date or "undated")
        if bit
    )
    page = f" · p. {record.page}" if record.page else ""
    return (
        f"[{record.state}] {heading} — {status}\n"
        f"       {record.kind} · owner: {record.owner or 'not stated'} · "
        f"deadline: {record.deadline or 'not stated'}\n"
        f"       {where}{page}\n"
        f'       "{_short(record.text)}"\n'
        f"       id: {record.id}"
    )


def format_timeline(timeline: Timeline) -> str:
    lines = [format_record(timeline.record), "", "Timeline:"]
    if not timeline.entries:
        lines.append("  (no passages you may see)")
    for entry in timeline.entries:
        how = entry.link if not entry.key else f"{entry.link} {entry.key}"
        if entry.link == "similar":
            how = f"similar ({entry.score:.2f})"
        lines.append(f"[{entry.citation.number}] {entry.date or 'undated'} · {how}")
        lines.append(f"    {entry.citation.passage.reference()}")
        lines.append(f'    "{_short(entry.citation.quote, 300)}"')
    return "\n".join(lines)


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
