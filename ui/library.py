"""The Library tab's data: the papers a user may see, searched and sorted, and removal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.catalogue import PaperRecord, list_papers
from index.ingestion import remove_paper
from index.lock import data_dir_lock
from index.store import ChunkStore
from ingest.errors import QueryError
from ui.access import User
from ui.render import nice_title

COLUMNS = [
    "Title",
    "Council",
    "Committee",
    "Meeting date",
    "Type",
    "Pages",
    "Chunks",
    "Classification",
    "ID",
]
SORTS: dict[str, tuple[Callable[[PaperRecord], object], bool]] = {
    "Meeting date (newest first)": (lambda p: (p.meeting_date, p.title), True),
    "Meeting date (oldest first)": (lambda p: (p.meeting_date or "9999", p.title), False),
    "Title (A–Z)": (lambda p: display_title(p).casefold(), False),
    "Council": (lambda p: (p.council.casefold(), p.meeting_date), False),
    "Committee": (lambda p: (p.committee.casefold(), p.meeting_date), False),
    "Type": (lambda p: (p.doc_type, p.meeting_date), False),
    "Chunks (most first)": (lambda p: p.chunks, True),
}
DEFAULT_SORT = "Meeting date (newest first)"


def display_title(paper: PaperRecord) -> str:
    return nice_title(paper.title or paper.file_name)


def classification_label(paper: PaperRecord) -> str:
    if paper.classification == "exempt":
        return "Exempt"
    if paper.exempt_parts:
        return f"Public ({paper.exempt_parts} exempt part{'s' if paper.exempt_parts > 1 else ''})"
    return "Public"


def paper_label(paper: PaperRecord) -> str:
    """How a paper is named in the remove drop-down."""
    when = f" · {paper.meeting_date}" if paper.meeting_date else ""
    return f"{display_title(paper)}{when} · {paper.doc_id}"


class Library:
    """Reads the catalogue for one user; removes papers for officers."""

    def __init__(self, store: ChunkStore, data_dir: Path) -> None:
        self.store = store
        self.data_dir = data_dir

    def papers(self, user: User) -> list[PaperRecord]:
        return list_papers(self.store, include_exempt=user.sees_exempt)

    def rows(
        self,
        user: User,
        search: str = "",
        sort: str = DEFAULT_SORT,
        papers: list[PaperRecord] | None = None,
    ) -> list[list[object]]:
        """Table rows of the papers ``user`` may see, matching every word of ``search``."""
        papers = self.papers(user) if papers is None else papers
        words = search.casefold().split()
        if words:
            papers = [p for p in papers if all(w in _haystack(p) for w in words)]
        key, reverse = SORTS.get(sort, SORTS[DEFAULT_SORT])
        papers = sorted(papers, key=key, reverse=reverse)  # type: ignore[arg-type]
        return [
            [
                display_title(p),
                p.council,
                p.committee,
                p.meeting_date,
                p.doc_type,
                str(p.pages) if p.pages else "–",
                p.chunks,
                classification_label(p),
                p.doc_id,
            ]
            for p in papers
        ]

    def find(self, user: User, doc_id: str) -> PaperRecord:
        for paper in self.papers(user):
            if paper.doc_id == doc_id:
                return paper
        raise QueryError("that paper is not in the library (it may have been removed already)")

    def remove(self, user: User, doc_id: str) -> PaperRecord:
        """Remove a paper and its chunks and kept file; officers only."""
        user.require_manage("remove papers")
        paper = self.find(user, doc_id)
        with data_dir_lock(self.data_dir, timeout=30):
            remove_paper(self.store, self.data_dir, paper.doc_id)
        return paper


def _haystack(paper: PaperRecord) -> str:
    return " ".join(
        (
            paper.title,
            paper.council,
            paper.committee,
            paper.doc_type,
            paper.meeting_date,
            paper.file_name,
            paper.doc_id,
        )
    ).casefold()
