"""Serve the kept original of a paper, ``DATA_DIR/files/<doc_id><suffix>``, to those allowed.

The request names a paper id, never a path: the id must look like one, must be a paper the
user may see, and the file is found by listing the files folder, so nothing outside that
folder can be reached. A public user gets no file that holds an exempt part, because the
original file holds the exempt text too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from index.catalogue import PaperRecord, list_papers
from index.ingestion import FILES_DIR
from index.store import ChunkStore
from ingest.errors import AccessDeniedError
from ui.access import Access, User

ROUTE = "papers"
DOC_ID = re.compile(r"^[0-9a-f]{8,64}$")
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".html": "text/plain; charset=utf-8",  # shown as source, never rendered in our origin
    ".htm": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
INLINE = {".pdf", ".txt", ".md", ".html", ".htm"}
NO_EXEMPT_FILE = (
    "The original file also holds exempt (Part 2) items, so only members and officers may open it."
)


def file_url(doc_id: str, file_name: str, page: int = 0) -> str:
    """Relative link to a paper's original; PDFs open at ``page``."""
    anchor = f"#page={page}" if page and Path(file_name).suffix.lower() == ".pdf" else ""
    return f"{ROUTE}/{doc_id}{anchor}"


class PaperFiles:
    """Finds the original of a paper a user may open."""

    def __init__(self, store: ChunkStore, data_dir: Path) -> None:
        self.store = store
        self.folder = (data_dir / FILES_DIR).resolve()

    def paper(self, user: User, doc_id: str) -> PaperRecord | None:
        """The paper, if ``user`` may see it at all."""
        if not DOC_ID.fullmatch(doc_id):
            return None
        papers = list_papers(self.store, include_exempt=user.sees_exempt)
        return next((paper for paper in papers if paper.doc_id == doc_id), None)

    def may_open(self, user: User, paper: PaperRecord) -> bool:
        return user.sees_exempt or (paper.exempt_parts == 0 and paper.classification != "exempt")

    def path(self, user: User, doc_id: str) -> tuple[Path, PaperRecord] | None:
        paper = self.paper(user, doc_id)
        if paper is None or not self.may_open(user, paper) or not self.folder.is_dir():
            return None
        for entry in self.folder.iterdir():
            if entry.stem == paper.doc_id and entry.suffix.lower() in MEDIA_TYPES:
                resolved = entry.resolve()
                if resolved.parent == self.folder and resolved.is_file():
                    return resolved, paper
        return None

    def link(self, user: User, doc_id: str, file_name: str, page: int = 0) -> tuple[str, str]:
        """(url, note): a link for the source panel, or why there is none."""
        paper = self.paper(user, doc_id)
        if paper is None:
            return "", ""
        if not self.may_open(user, paper):
            return "", NO_EXEMPT_FILE
        return file_url(doc_id, file_name, page), ""

    def router(self, access: Access, username: Callable[[Request], str | None]) -> APIRouter:
        """``GET /papers/{doc_id}``: the original file, checked against the caller's role."""
        router = APIRouter()

        @router.get(f"/{ROUTE}/{{doc_id}}", include_in_schema=False)
        def original(doc_id: str, request: Request) -> FileResponse:
            try:
                user = access.user(username(request))
            except AccessDeniedError:
                raise HTTPException(status_code=401, detail="Sign in first.") from None
            found = self.path(user, doc_id)
            if found is None:
                raise HTTPException(status_code=404, detail="No such paper.")
            path, paper = found
            suffix = path.suffix.lower()
            name = paper.file_name or path.name
            return FileResponse(
                path,
                media_type=MEDIA_TYPES[suffix],
                filename=name,
                content_disposition_type="inline" if suffix in INLINE else "attachment",
                headers={
                    "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "private, no-store",
                    # The file is never a page of ours: no scripts, no same-origin access.
                    **({} if suffix == ".pdf" else {"Content-Security-Policy": "sandbox"}),
                },
            )

        return router
