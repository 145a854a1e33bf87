"""Download buttons for an evidence table (CSV and XLSX), shared by the Themes and Ask tabs.

Files are written to a fresh folder per export, under one temporary folder per button pair
(:class:`ExportFolders`). Gradio copies a returned file into its own cache, which the app
empties hourly (``delete_cache``); our copy is removed by the next export once it is
``KEEP_SECONDS`` old, and the whole folder when the app exits, so evidence an officer
exported (exempt text included) does not pile up in ``/tmp``. Links in the files are absolute
URLs of the app's own file route, so that they work from a spreadsheet, and are empty for a
paper the reader may not open (see :meth:`ui.files.PaperFiles.link`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

import gradio as gr

from assistant.answer import Passage
from index.filters import SearchFilters
from ui.access import User
from ui.export import EvidenceRow, Linker, about, export_evidence
from ui.files import PaperFiles

UNSAFE = re.compile(r"[^a-z0-9]+")
# Gradio copies a download into its cache while answering the click that made it; a minute
# later our copy is spare. Ten minutes leaves room for a slow client.
KEEP_SECONDS = 600


class ExportFolders:
    """A temporary folder of export folders: old ones pruned on each export, all at exit."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self._root = tempfile.TemporaryDirectory(prefix="councilqa-exports-")
        self.root = Path(self._root.name)
        self.keep_seconds = keep_seconds

    def new(self) -> Path:
        """A fresh folder for one export, after removing those older than ``keep_seconds``."""
        cutoff = time.time() - self.keep_seconds
        for folder in self.root.iterdir():
            if folder.stat().st_mtime <= cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        return Path(tempfile.mkdtemp(dir=self.root))

    def cleanup(self) -> None:
        self._root.cleanup()


class ExportButtons:
    """A CSV and an XLSX download button, hidden until there is something to export."""

    def __init__(self, files: PaperFiles, label: str, elem_prefix: str) -> None:
        self.files = files
        self.label = label
        self.prefix = elem_prefix
        self.folders = ExportFolders()

    def build(self) -> list[gr.DownloadButton]:
        with gr.Row(elem_id=f"{self.prefix}-export", equal_height=True):
            self.csv = self._button("CSV", "csv")
            self.xlsx = self._button("Excel", "xlsx")
        return self.outputs

    def _button(self, format_name: str, suffix: str) -> gr.DownloadButton:
        return gr.DownloadButton(
            f"{self.label} ({format_name})",
            visible=False,
            size="sm",
            scale=0,
            min_width=240,
            elem_id=f"{self.prefix}-{suffix}",
        )

    @property
    def outputs(self) -> list[gr.DownloadButton]:
        return [self.csv, self.xlsx]

    @staticmethod
    def hidden() -> tuple[gr.DownloadButton, gr.DownloadButton]:
        return (
            gr.DownloadButton(value=None, visible=False),
            gr.DownloadButton(value=None, visible=False),
        )

    def linker(self, user: User, request: gr.Request | None) -> Linker:
        """Absolute links to papers ``user`` may open; '' for the others."""
        root = base_url(request)

        def link(passage: Passage) -> str:
            url, _ = self.files.link(user, passage.doc_id, passage.file_name, passage.page)
            return root + url if url else ""

        return link

    def files_for(
        self,
        rows: list[EvidenceRow],
        name: str,
        what: str,
        filters: SearchFilters,
        filters_known: bool = True,
    ) -> tuple[gr.DownloadButton, gr.DownloadButton]:
        """Write both files and show the buttons; hide them when there are no rows."""
        if not rows:
            return self.hidden()
        folder = self.folders.new()
        stem = UNSAFE.sub("-", name.lower()).strip("-")[:60] or "evidence"
        info = about(what, filters, len(rows), filters_known)
        csv = export_evidence(rows, folder / f"{stem}.csv", info)
        xlsx = export_evidence(rows, folder / f"{stem}.xlsx", info)
        return (
            gr.DownloadButton(value=str(csv), visible=True),
            gr.DownloadButton(value=str(xlsx), visible=True),
        )


def base_url(request: gr.Request | None) -> str:
    """The app's address as the browser sees it ('' when unknown: links stay relative)."""
    try:
        url = str(request.request.base_url) if request and request.request else ""
    except AttributeError:
        return ""
    return url if url.endswith("/") else url + "/" if url else ""
