"""The Library tab: the papers a user may see, searchable and sortable; officers may remove."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.answering import Assistant
from index.catalogue import PaperRecord
from ingest.errors import CouncilQAError
from ui.access import User
from ui.library import COLUMNS, DEFAULT_SORT, SORTS, Library, paper_label

QUIET = {"concurrency_limit": None, "api_visibility": "private"}


class LibraryTab:
    def __init__(self, library: Library, assistant: Assistant, users: Any) -> None:
        self.library = library
        self.assistant = assistant
        self.users = users  # the app's ``user(request) -> User``

    def build(self) -> None:
        with gr.Row(equal_height=True, elem_id="library-tools"):
            self.search = gr.Textbox(
                label="Search the library",
                placeholder="Title, council, committee, type or date",
                scale=4,
                elem_id="library-search",
            )
            self.sort = gr.Dropdown(
                label="Sort by", choices=list(SORTS), value=DEFAULT_SORT, scale=2, elem_id="sort"
            )
            refresh = gr.Button("Refresh", scale=0, min_width=100, elem_id="library-refresh")
        self.count = gr.HTML(elem_id="library-count")
        self.table = gr.Dataframe(
            headers=COLUMNS,
            value=[],
            interactive=False,
            wrap=True,
            elem_id="library-table",
            column_widths=["27%", "13%", "13%", "9%", "8%", "5%", "6%", "10%", "9%"],
        )
        with gr.Column(visible=False, elem_id="manage") as self.manage:
            gr.HTML('<p class="panel-title">Remove a paper</p>')
            with gr.Row(equal_height=True):
                self.to_remove = gr.Dropdown(
                    label="Paper to remove (or select its row in the table)",
                    choices=[],
                    scale=4,
                    elem_id="to-remove",
                )
                remove = gr.Button(
                    "Remove…", variant="stop", scale=0, min_width=120, elem_id="remove"
                )
            with gr.Row(visible=False, elem_id="confirm-remove") as confirm_row:
                confirm_text = gr.Markdown(elem_id="confirm-text")
                confirm = gr.Button(
                    "Yes, remove it", variant="stop", scale=0, min_width=170, elem_id="confirm"
                )
                cancel = gr.Button("Cancel", scale=0, min_width=100, elem_id="cancel")
        message = gr.Markdown(elem_id="library-message")

        listing = [self.search, self.sort]
        gr.on([self.search.change, self.sort.change], self.rows, listing, self.view, **QUIET)
        refresh.click(self.refresh, listing, self.refresh_outputs(), **QUIET)
        self.table.select(self.pick_row, None, self.to_remove, **QUIET)
        remove.click(self.ask_remove, self.to_remove, [confirm_row, confirm_text], **QUIET)
        cancel.click(lambda: gr.Row(visible=False), None, confirm_row, **QUIET)
        # The app chains its refresh (library, filters, status) after a removal.
        self.removed = confirm.click(
            self.remove,
            self.to_remove,
            [confirm_row, message],
            concurrency_id="write",
            concurrency_limit=1,
            api_visibility="private",
        )

    @property
    def view(self) -> list[Any]:
        return [self.table, self.count]

    def refresh_outputs(self) -> list[Any]:
        return [self.table, self.count, self.to_remove]

    def load_outputs(self) -> list[Any]:
        return [*self.refresh_outputs(), self.manage]

    def load(self, user: User, papers: list[PaperRecord]) -> tuple[Any, ...]:
        return (*self._listing(user, papers), gr.Column(visible=user.can_manage))

    def _listing(
        self, user: User, papers: list[PaperRecord], search: str = "", sort: str = DEFAULT_SORT
    ) -> tuple[Any, ...]:
        rows = self.library.rows(user, search, sort, papers)
        options = [(paper_label(p), p.doc_id) for p in papers] if user.can_manage else []
        return rows, _count(len(rows), len(papers)), gr.Dropdown(choices=options, value=None)

    # --- handlers ------------------------------------------------------------------------

    def rows(self, search: str, sort: str, request: gr.Request) -> tuple[Any, str]:
        user = self.users(request)
        papers = self.library.papers(user)
        rows = self.library.rows(user, search or "", sort or DEFAULT_SORT, papers)
        return rows, _count(len(rows), len(papers))

    def refresh(self, search: str, sort: str, request: gr.Request) -> tuple[Any, ...]:
        user = self.users(request)
        return self._listing(user, self.library.papers(user), search or "", sort or DEFAULT_SORT)

    def pick_row(self, event: gr.SelectData, request: gr.Request) -> Any:
        if not self.users(request).can_manage:
            return gr.skip()
        row = event.row_value or []
        return row[-1] if row else gr.skip()

    def ask_remove(self, doc_id: str | None, request: gr.Request) -> tuple[Any, Any]:
        user = self.users(request)
        if not doc_id:
            gr.Warning("Choose the paper to remove first.")
            return gr.Row(visible=False), ""
        try:
            user.require_manage("remove papers")
            paper = self.library.find(user, doc_id)
        except CouncilQAError as exc:
            raise gr.Error(str(exc)) from exc
        text = (
            f"**Remove “{paper_label(paper)}”?** Its {paper.chunks} chunks and its kept file "
            "are deleted, and it can no longer be cited. This cannot be undone."
        )
        return gr.Row(visible=True), text

    def remove(self, doc_id: str | None, request: gr.Request) -> tuple[Any, str]:
        try:
            paper = self.library.remove(self.users(request), doc_id or "")
        except CouncilQAError as exc:
            raise gr.Error(str(exc)) from exc
        self.assistant.refresh()
        return gr.Row(visible=False), f"Removed {paper_label(paper)} ({paper.chunks} chunks)."


def _count(shown: int, total: int) -> str:
    text = f"{total} paper{'s' if total != 1 else ''}"
    if shown != total:
        text = f"{shown} of {text} match"
    return f'<p class="library-count">{text}</p>'
