"""The Upload tab: drop files, watch them go in, see each file's result."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answering import Assistant
from ingest.errors import CouncilQAError
from ingest.loaders import SUPPORTED_SUFFIXES
from ui.access import Access
from ui.uploads import KINDS, UploadResult, Uploads

RESULT_COLUMNS = ["File", "Result", "Details"]
STATUS_LABEL = {
    "added": "Added",
    "updated": "Updated",
    "skipped": "Already there",
    "failed": "Failed",
    "refused": "Refused",
}

PROGRESS = gr.Progress()  # Gradio finds a progress bar by this default value


class UploadTab:
    """Officers (or the local user) add papers; everyone else never reaches the handler."""

    def __init__(self, assistant: Assistant, access: Access) -> None:
        self.assistant = assistant
        self.access = access
        self._uploads: Uploads | None = None

    @property
    def uploads(self) -> Uploads:
        if self._uploads is None:  # the ingestor loads the parser and model on first use
            config = self.assistant.config
            self._uploads = Uploads(
                self.assistant.components.ingestor,
                config.data_dir,
                int(config.ui.max_upload_mb * 1024 * 1024),
            )
        return self._uploads

    def build(self) -> Any:
        """Lay out the tab; returns the upload event so the app can refresh after it."""
        limit = self.assistant.config.ui.max_upload_mb
        gr.HTML(
            '<p class="panel-title">Add papers to the library</p>'
            f'<p class="muted">{KINDS} files with a text layer, up to {limit:g} MB each. '
            "Scanned PDFs cannot be read. Each file is checked, then its text is indexed; "
            "a bad file is reported and the others still go in.</p>"
        )
        files = gr.File(
            label="Drop files here, or click to choose",
            file_count="multiple",
            file_types=sorted(SUPPORTED_SUFFIXES),
            type="filepath",
            elem_id="upload-files",
            height=180,
        )
        start = gr.Button("Add to library", variant="primary", elem_id="upload-start")
        summary = gr.HTML(elem_id="upload-summary")
        results = gr.Dataframe(
            headers=RESULT_COLUMNS,
            value=[],
            interactive=False,
            wrap=True,
            elem_id="upload-results",
            column_widths=["30%", "14%", "56%"],
            visible=False,
        )
        return start.click(
            self.ingest,
            inputs=files,
            outputs=[summary, results, files],
            concurrency_id="write",
            concurrency_limit=1,
            api_visibility="private",
        )

    def ingest(
        self, paths: list[str] | None, request: gr.Request, progress: gr.Progress = PROGRESS
    ) -> Iterator[tuple[Any, ...]]:
        try:
            self.access.user(request.username if request else None).require_manage("upload papers")
        except CouncilQAError as exc:
            raise gr.Error(str(exc)) from exc
        if not paths:
            gr.Warning("Choose one or more files first.")
            yield gr.skip(), gr.skip(), gr.skip()
            return
        uploads = [(Path(path), Path(path).name) for path in paths]
        done: list[UploadResult] = []
        progress(0, desc="Starting", total=len(uploads))
        yield _summary(done, len(uploads)), _rows(done), gr.skip()
        for result in self.uploads.ingest(uploads):
            done.append(result)
            progress(len(done) / len(uploads), desc=f"{len(done)} of {len(uploads)} files")
            yield _summary(done, len(uploads)), _rows(done), gr.skip()
        for path, _ in uploads:  # Gradio's temporary copy; ours is under DATA_DIR/uploads
            path.unlink(missing_ok=True)
        if any(result.status in {"added", "updated"} for result in done):
            self.assistant.refresh()
        yield _summary(done, len(uploads)), _rows(done), None


def _rows(results: list[UploadResult]) -> gr.Dataframe:
    rows = [[r.name, STATUS_LABEL.get(r.status, r.status), r.detail] for r in results]
    return gr.Dataframe(value=rows, visible=bool(rows))


def _summary(results: list[UploadResult], total: int) -> str:
    if len(results) < total:
        return (
            f'<p class="upload-summary working" aria-live="polite">Working: {len(results)} of '
            f"{total} files done…</p>"
        )
    good = sum(r.ok for r in results)
    bad = len(results) - good
    tone = "ok" if not bad else ("partial" if good else "bad")
    text = f"{good} of {total} files in the library"
    if bad:
        text += f"; {bad} could not be added (see below)"
    return f'<p class="upload-summary {tone}" role="status">{escape(text)}.</p>'
