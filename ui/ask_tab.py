"""The Ask tab: filters, the streamed conversation with clickable references, the source panel."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from index.catalogue import PaperRecord
from ingest.errors import CouncilQAError
from ui.access import User
from ui.chat import Chat
from ui.examples import examples_for
from ui.export import answer_rows
from ui.export_buttons import ExportButtons
from ui.filter_panel import FilterChoices, build_filters, summary_html
from ui.render import Turn, conversation_html, source_html
from ui.theme import STATIC

log = logging.getLogger(__name__)

ANSWER_QUEUE = "answer"  # the concurrency group of every event that computes an answer
# Bring the highlighted sentence into view whenever the source panel changes.
SHOW_MARK = """
watch("value", () => {
  const mark = element.querySelector("mark");
  const box = element.closest("#source-panel");
  if (!mark || !box) return;
  const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - box.clientHeight / 3);
});
"""
LOADING = '<div class="empty-state loading" aria-busy="true"></div>'  # until on_load fills it
QUIET = {"concurrency_limit": None, "api_visibility": "private"}  # cheap UI-only events


class AskTab:
    """Lays out the Ask tab and answers its events for the user behind each request."""

    def __init__(self, chat: Chat, users: Any, concurrency: int) -> None:
        self.chat = chat
        self.users = users  # the app's ``user(request) -> User``
        self.concurrency = concurrency
        self.exports = ExportButtons(chat.files, "Download references", "answer")

    # --- layout --------------------------------------------------------------------------

    def build(self) -> None:
        self.turns = gr.State([])
        with gr.Row(equal_height=False, elem_id="ask-layout"):
            with gr.Column(scale=3, min_width=480, elem_id="chat-column"):
                with gr.Row(elem_id="filter-bar", equal_height=True):
                    summary = gr.HTML(summary_html(None), elem_id="filter-summary")
                    clear = gr.Button(
                        "Clear filters", size="sm", visible=False, scale=0, elem_id="clear-filters"
                    )
                    new_chat = gr.Button(
                        "New conversation", size="sm", scale=0, min_width=150, elem_id="new-chat"
                    )
                self.conversation = gr.HTML(
                    LOADING,
                    js_on_load=(STATIC / "conversation.js").read_text(encoding="utf-8"),
                    elem_id="conversation",
                    min_height=300,
                    max_height="60vh",
                )
                with gr.Row(elem_id="ask-row", equal_height=True):
                    question = gr.Textbox(
                        label="Your question",
                        show_label=False,
                        placeholder="Ask a question about the papers…",
                        lines=1,
                        max_lines=4,
                        scale=5,
                        elem_id="question",
                    )
                    ask = gr.Button("Ask", variant="primary", scale=0, min_width=96, elem_id="ask")
                self.exports.build()
            with gr.Column(scale=2, min_width=360, elem_id="side-column"):
                with gr.Accordion("Filters", open=True, elem_id="filters") as self.filters_box:
                    self.council = gr.Dropdown(
                        label="Council", choices=[("Any council", "")], value="", elem_id="council"
                    )
                    self.committee = gr.Dropdown(
                        label="Committee",
                        choices=[("Any committee", "")],
                        value="",
                        elem_id="committee",
                    )
                    self.doc_type = gr.Dropdown(
                        label="Document type",
                        choices=[("Any type", "")],
                        value="",
                        elem_id="doc-type",
                    )
                    with gr.Row(elem_id="date-range"):
                        since = gr.DateTime(
                            label="Meetings from",
                            include_time=False,
                            type="string",
                            elem_id="since",
                        )
                        until = gr.DateTime(
                            label="Meetings to", include_time=False, type="string", elem_id="until"
                        )
                    as_at = gr.DateTime(
                        label="Answer as at (only papers dated on or before)",
                        include_time=False,
                        type="string",
                        elem_id="as-at",
                    )
                source = gr.HTML(
                    source_html(None),
                    js_on_load=SHOW_MARK,
                    elem_id="source-panel",
                )
        self._wire(summary, clear, new_chat, question, ask, since, until, as_at, source)

    def _wire(
        self,
        summary: gr.HTML,
        clear: gr.Button,
        new_chat: gr.Button,
        question: gr.Textbox,
        ask: gr.Button,
        since: gr.DateTime,
        until: gr.DateTime,
        as_at: gr.DateTime,
        source: gr.HTML,
    ) -> None:
        filters = [self.council, self.committee, self.doc_type, since, until, as_at]
        gr.on(
            [c.change for c in filters], self.describe_filters, filters, [summary, clear], **QUIET
        )
        clear.click(lambda: ("", "", "", None, None, None), None, filters, **QUIET)
        answer: dict[str, Any] = {
            "fn": self.respond,
            "inputs": [question, self.turns, *filters],
            "outputs": [self.conversation, self.turns, question],
            "concurrency_limit": self.concurrency,
            "concurrency_id": ANSWER_QUEUE,
            "show_progress": "hidden",
        }
        export = {"fn": self.export_latest, "inputs": self.turns, "outputs": self.exports.outputs}
        gr.on([ask.click, question.submit], **answer, api_name="ask").then(**export, **QUIET)
        # An example in the empty conversation fills the question box, then asks it.
        self.conversation.submit(self.take_example, None, question, **QUIET).then(
            **answer, api_visibility="private"
        ).then(**export, **QUIET)
        # Selecting a reference of an earlier answer makes that answer the one to download.
        self.conversation.click(self.export_clicked, self.turns, self.exports.outputs, **QUIET)
        new_chat.click(self.exports.hidden, None, self.exports.outputs, **QUIET)
        # Showing a source folds the filters away to make room; the summary stays in view.
        self.conversation.click(self.show_source, self.turns, [source, self.filters_box], **QUIET)
        new_chat.click(
            self.new_conversation, None, [self.turns, self.conversation, source], **QUIET
        )

    # --- loading -------------------------------------------------------------------------

    def load_outputs(self) -> list[Any]:
        return [self.conversation, self.council, self.committee, self.doc_type]

    def load(self, user: User, papers: list[PaperRecord]) -> tuple[Any, ...]:
        empty = self.empty(user) if papers else conversation_html([], examples={})
        return (empty, *self.dropdowns(FilterChoices.from_papers(papers)))

    @staticmethod
    def empty(user: User) -> str:
        return conversation_html([], examples=examples_for(user.sees_exempt))

    @staticmethod
    def dropdowns(choices: FilterChoices) -> tuple[gr.Dropdown, ...]:
        def dropdown(values: list[str], anything: str) -> gr.Dropdown:
            return gr.Dropdown(choices=[(anything, ""), *[(v, v) for v in values]])

        return (
            dropdown(choices.councils, "Any council"),
            dropdown(choices.committees, "Any committee"),
            dropdown(choices.doc_types, "Any type"),
        )

    # --- handlers ------------------------------------------------------------------------

    def describe_filters(
        self,
        council: str,
        committee: str,
        doc_type: str,
        since: Any,
        until: Any,
        as_at: Any,
        request: gr.Request,
    ) -> tuple[str, gr.Button]:
        try:
            filters = build_filters(
                self.users(request), council, committee, doc_type, since, until, as_at
            )
        except CouncilQAError as exc:
            return summary_html(None, str(exc)), gr.Button(visible=True)
        return summary_html(filters), gr.Button(visible=bool(filters.describe()))

    def respond(
        self,
        question: str,
        turns: list[Turn],
        council: str,
        committee: str,
        doc_type: str,
        since: Any,
        until: Any,
        as_at: Any,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the answer into the conversation; errors become a message, not a trace."""
        if not (question or "").strip():
            gr.Warning("Type a question first.")
            yield gr.skip(), turns, gr.skip()
            return
        user = self.users(request)
        before = conversation_html(turns) if turns else self.empty(user)
        try:
            filters = build_filters(user, council, committee, doc_type, since, until, as_at)
            cleared = False
            for now, shown in self.chat.ask(question, turns, filters):
                yield conversation_html(now, shown), now, (gr.skip() if cleared else "")
                cleared = True
        except CouncilQAError as exc:
            yield before, turns, gr.skip()
            raise gr.Error(str(exc)) from exc
        except Exception as exc:
            log.exception("answering %r failed", question)
            yield before, turns, gr.skip()
            raise gr.Error("Something went wrong while answering; it has been logged.") from exc

    @staticmethod
    def take_example(event: gr.EventData) -> str:
        data = getattr(event, "_data", None) or {}
        return str(data.get("question", ""))

    def show_source(
        self, turns: list[Turn], event: gr.EventData, request: gr.Request
    ) -> tuple[str, gr.Accordion]:
        data = getattr(event, "_data", None) or {}
        try:
            turn, number = int(data.get("turn", -1)), int(data.get("ref", -1))
        except (TypeError, ValueError):
            return source_html(None), gr.Accordion()
        html = self.chat.source(self.users(request), turns, turn, number)
        return html, gr.Accordion(open=False)

    def export_latest(self, turns: list[Turn], request: gr.Request) -> tuple[Any, ...]:
        return self._export(turns, len(turns) - 1, request)

    def export_clicked(
        self, turns: list[Turn], event: gr.EventData, request: gr.Request
    ) -> tuple[Any, ...]:
        data = getattr(event, "_data", None) or {}
        try:
            turn = int(data.get("turn", -1))
        except (TypeError, ValueError):
            return gr.skip(), gr.skip()
        return self._export(turns, turn, request) if 0 <= turn < len(turns) else (gr.skip(),) * 2

    def _export(self, turns: list[Turn], turn: int, request: gr.Request) -> tuple[Any, ...]:
        """The references of answer ``turn`` as CSV and XLSX (hidden for a refusal)."""
        answer = turns[turn].answer if 0 <= turn < len(turns) else None
        if answer is None or answer.refused:
            return self.exports.hidden()
        user = self.users(request)
        rows = answer_rows(answer, self.exports.linker(user, request))
        what = f"References for: {answer.question}"
        return self.exports.files_for(
            rows, f"references-{answer.question}", what, user.filters(), filters_known=False
        )

    def new_conversation(self, request: gr.Request) -> tuple[list[Turn], str, str]:
        return [], self.empty(self.users(request)), source_html(None)
