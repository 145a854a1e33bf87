"""The Actions tab: the commitments the papers track, as a table; select one for its timeline.

It is handed an :class:`~assistant.actions.ActionTracker` and the app's file links, and reads
everything through them with the signed-in user's role, so a public user never sees a record
from an exempt paper, nor a timeline passage from one.
"""

from __future__ import annotations

from html import escape
from typing import Any

import gradio as gr

from assistant.actions import ActionTracker, Timeline, TimelineEntry
from assistant.recency import long_date
from ingest.actions import ActionRecord
from ingest.errors import CouncilQAError
from ui.access import User
from ui.files import PaperFiles
from ui.render import nice_title, reference_text

QUIET = {"concurrency_limit": None, "api_visibility": "private"}
COLUMNS = ["Ref", "Commitment", "Owner", "Deadline", "Status", "State", "Council", "Paper",
           "Date", "Id"]  # fmt: skip
STATES = ["All", "Open", "Closed"]
ALL_COUNCILS = "All councils"
TEXT_CHARS = 180
LINK_LABELS = {"source": "Where it was made", "reference": "Mentions", "title": "Names it"}
EMPTY = (
    '<p class="muted">Select a row to see its timeline: the paper that made the commitment '
    "and every later paper that mentions it, each with the quoted sentence.</p>"
)


class ActionsTab:
    def __init__(self, tracker: ActionTracker, files: PaperFiles, users: Any) -> None:
        self.tracker = tracker
        self.files = files
        self.users = users  # the app's ``user(request) -> User``

    def build(self) -> None:
        with gr.Row(equal_height=True, elem_id="actions-tools"):
            self.search = gr.Textbox(
                label="Search the actions",
                placeholder="Ref, words, owner or paper",
                scale=4,
                elem_id="actions-search",
            )
            self.state = gr.Radio(
                STATES, value="All", label="Status", scale=2, elem_id="actions-state"
            )
            self.council = gr.Dropdown(
                [ALL_COUNCILS], value=ALL_COUNCILS, label="Council", scale=2,
                elem_id="actions-council",
            )  # fmt: skip
            refresh = gr.Button("Refresh", scale=0, min_width=100, elem_id="actions-refresh")
        self.count = gr.HTML(elem_id="actions-count")
        self.table = gr.Dataframe(
            headers=COLUMNS,
            value=[],
            interactive=False,
            wrap=True,
            elem_id="actions-table",
            column_widths=["7%", "26%", "11%", "8%", "8%", "5%", "8%", "12%", "6%", "9%"],
        )
        self.timeline = gr.HTML(EMPTY, elem_id="action-timeline")
        listing = [self.search, self.state, self.council]
        gr.on(
            [self.search.change, self.state.change, self.council.change],
            self.rows,
            listing,
            [self.table, self.count],
            **QUIET,
        )
        refresh.click(self.refresh, listing, self.load_outputs(), **QUIET)
        self.table.select(self.show, None, self.timeline, **QUIET)

    def load_outputs(self) -> list[Any]:
        return [self.table, self.count, self.council]

    def load(self, user: User) -> tuple[Any, ...]:
        return self._listing(user, "", "All", ALL_COUNCILS)

    # --- handlers ------------------------------------------------------------------------

    def rows(self, search: str, state: str, council: str, request: gr.Request) -> tuple[Any, ...]:
        user = self.users(request)
        return self._listing(user, search or "", state or "All", council or "")[:2]

    def refresh(
        self, search: str, state: str, council: str, request: gr.Request
    ) -> tuple[Any, ...]:
        return self._listing(self.users(request), search or "", state or "All", council or "")

    def show(self, event: gr.SelectData, request: gr.Request) -> str:
        row = event.row_value or []
        if not row:
            return gr.skip()
        user = self.users(request)
        filters = user.filters()
        try:
            record = self.tracker.find(str(row[-1]), filters)
            return timeline_html(self.tracker.timeline(record, filters), user, self.files)
        except CouncilQAError as exc:
            raise gr.Error(str(exc)) from exc

    def _listing(self, user: User, search: str, state: str, council: str) -> tuple[Any, ...]:
        records = self.tracker.list(user.filters(), status="" if state == "All" else state)
        councils = sorted({r.council for r in records if r.council})
        if council and council != ALL_COUNCILS:
            records = [r for r in records if r.council == council]
        words = search.lower().split()
        records = [r for r in records if all(w in _haystack(r) for w in words)]
        choices = [ALL_COUNCILS, *councils]
        chosen = council if council in choices else ALL_COUNCILS
        return (
            [_row(r) for r in records],
            _count(records),
            gr.Dropdown(choices=choices, value=chosen),
        )


def _row(record: ActionRecord) -> list[str]:
    text = " ".join(record.text.split())
    if len(text) > TEXT_CHARS:
        text = text[: TEXT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    title = f"{record.title}: " if record.kind in {"governance issue", "audit action"} else ""
    return [
        record.ref,
        title + text,
        record.owner,
        record.deadline,
        record.status or "not stated",
        record.state,
        record.council,
        nice_title(record.paper_title),
        record.meeting_date,
        record.id,
    ]


def _haystack(record: ActionRecord) -> str:
    return " ".join(
        (record.ref, record.title, record.text, record.owner, record.paper_title, record.status)
    ).lower()


def _count(records: list[ActionRecord]) -> str:
    opened = sum(r.state == "open" for r in records)
    noun = "record" if len(records) == 1 else "records"
    closed = len(records) - opened
    return f'<p class="actions-count">{len(records)} {noun}: {opened} open, {closed} closed</p>'


def timeline_html(timeline: Timeline, user: User, files: PaperFiles) -> str:
    """The record and its timeline: each entry dated, linked and quoted."""
    record = timeline.record
    facts = [
        ("Owner", record.owner or "not stated"),
        ("Deadline", record.deadline or "not stated"),
        ("Status", f"{record.status or 'not stated'} ({record.state})"),
    ]
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    items = "".join(_entry_html(entry, user, files) for entry in timeline.entries)
    heading = " · ".join(escape(bit) for bit in (record.ref, record.title) if bit)
    return (
        f'<section class="action-timeline" aria-label="Timeline">'
        f'<h3 class="action-heading">{heading} '
        f'<span class="muted">{escape(record.kind)}</span></h3>'
        f'<p class="action-text">{escape(" ".join(record.text.split()))}</p>'
        f'<dl class="action-facts">{dl}</dl>'
        f"<h4>Timeline</h4>"
        f'<ol class="timeline-list">{items or "<li>No passages you may see.</li>"}</ol>'
        f"</section>"
    )


def _entry_html(entry: TimelineEntry, user: User, files: PaperFiles) -> str:
    passage = entry.citation.passage
    label = LINK_LABELS.get(entry.link, "Similar")
    if entry.key:
        label += f" {entry.key}"
    if entry.link == "similar":
        label += f" ({entry.score:.2f})"
    url, _ = files.link(user, passage.doc_id, passage.file_name, passage.page)
    reference = escape(reference_text(passage))
    if url:
        reference = f'<a href="{escape(url)}" target="_blank" rel="noopener">{reference}</a>'
    return (
        f'<li class="timeline-entry timeline-{entry.link}" value="{entry.citation.number}">'
        f'<span class="timeline-date">{escape(long_date(entry.date) or "undated")}</span> '
        f'<span class="badge timeline-link">{escape(label)}</span>'
        f'<div class="timeline-ref">{reference}</div>'
        f"<blockquote>{escape(entry.citation.quote)}</blockquote></li>"
    )
