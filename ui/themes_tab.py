"""The Themes tab, for researchers: every passage on a theme, a timeline, and the evidence table.

The search runs under the reader's role (a public reader never sees an exempt passage, in
the table, the plot or the files), with the tab's own council and date filters.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from assistant.answering import Assistant
from assistant.themes import ThemeExplorer, ThemeReport
from index.catalogue import PaperRecord
from ingest.errors import CouncilQAError
from ui.export import theme_rows
from ui.export_buttons import ExportButtons
from ui.files import PaperFiles
from ui.filter_panel import FilterChoices, as_iso_date
from ui.theme_render import theme_html, timeline_figure, undated_note

log = logging.getLogger(__name__)
THEME_QUEUE = "answer"  # embeds sentences: shares the answers' concurrency group
EXAMPLES = ["culture change", "debt recovery", "risk management"]


class ThemesTab:
    def __init__(self, assistant: Assistant, files: PaperFiles, users: Any) -> None:
        self.assistant = assistant
        self.files = files
        self.users = users  # the app's ``user(request) -> User``
        self.exports = ExportButtons(files, "Download evidence", "theme")

    def build(self) -> None:
        with gr.Row(equal_height=True, elem_id="theme-tools"):
            theme = gr.Textbox(
                label="Theme",
                placeholder="e.g. culture change",
                scale=4,
                elem_id="theme-query",
            )
            self.council = gr.Dropdown(
                label="Council",
                choices=[("Any council", "")],
                value="",
                scale=2,
                elem_id="theme-council",
            )
            since = gr.DateTime(
                label="From", include_time=False, type="string", scale=1, elem_id="theme-since"
            )
            until = gr.DateTime(
                label="To", include_time=False, type="string", scale=1, elem_id="theme-until"
            )
            run = gr.Button(
                "Explore", variant="primary", scale=0, min_width=110, elem_id="theme-run"
            )
        gr.Examples(EXAMPLES, inputs=theme, label="Try")
        plot = gr.Plot(label="Timeline", show_label=False, elem_id="theme-plot")
        note = gr.HTML(elem_id="theme-note")
        self.exports.build()
        results = gr.HTML(theme_html(None, lambda _: ""), elem_id="theme-results")
        gr.on(
            [run.click, theme.submit],
            self.explore,
            [theme, self.council, since, until],
            [results, plot, note, *self.exports.outputs],
            concurrency_id=THEME_QUEUE,
            api_name="themes",
        )

    def load_outputs(self) -> list[Any]:
        return [self.council]

    def load(self, papers: list[PaperRecord]) -> tuple[Any, ...]:
        councils = FilterChoices.from_papers(papers).councils
        return (gr.Dropdown(choices=[("Any council", ""), *[(c, c) for c in councils]]),)

    def explore(
        self, theme: str, council: str, since: Any, until: Any, request: gr.Request
    ) -> tuple[Any, ...]:
        if not (theme or "").strip():
            gr.Warning("Type a theme first.")
            return (gr.skip(),) * 5
        user = self.users(request)
        try:
            filters = user.filters(
                council=council or "", since=as_iso_date(since), until=as_iso_date(until)
            )
            report: ThemeReport = ThemeExplorer.for_assistant(self.assistant).explore(
                theme, filters
            )
        except CouncilQAError as exc:
            raise gr.Error(str(exc)) from exc
        except Exception as exc:
            log.exception("theme %r failed", theme)
            raise gr.Error("Something went wrong while searching; it has been logged.") from exc
        link = self.exports.linker(user, request)
        buttons = self.exports.files_for(
            theme_rows(report, link), f"theme-{report.theme}", f"Theme: {report.theme}", filters
        )
        return (
            theme_html(report, link),
            timeline_figure(report),
            undated_note(report),
            *buttons,
        )
