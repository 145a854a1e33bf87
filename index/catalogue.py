"""The list of ingested papers, derived from the stored chunks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.store import ChunkStore
from ingest.errors import QueryError


@dataclass(frozen=True)
class PaperRecord:
    doc_id: str
    title: str
    council: str
    committee: str
    meeting_date: str
    doc_type: str
    classification: str
    exempt_parts: int
    pages: int
    chunks: int
    file_name: str
    source: str

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any]) -> PaperRecord:
        return cls(
            doc_id=metadata["document_id"],
            title=metadata.get("title", ""),
            council=metadata.get("council", ""),
            committee=metadata.get("committee", ""),
            meeting_date=metadata.get("paper_meeting_date", ""),
            doc_type=metadata.get("paper_doc_type", ""),
            classification=metadata.get("paper_classification", "public"),
            exempt_parts=int(metadata.get("exempt_parts", 0)),
            pages=int(metadata.get("pages", 0)),
            chunks=int(metadata.get("n_chunks", 0)),
            file_name=metadata.get("file_name", ""),
            source=metadata.get("source", ""),
        )


def list_papers(store: ChunkStore, include_exempt: bool = False) -> list[PaperRecord]:
    """Every paper, newest meeting first; wholly exempt papers only when allowed."""
    where = None if include_exempt else {"paper_classification": {"$ne": "exempt"}}
    papers = [PaperRecord.from_metadata(row) for row in store.first_chunks(where)]
    return sorted(papers, key=lambda p: (p.meeting_date, p.title), reverse=True)


def find_paper(store: ChunkStore, reference: str) -> PaperRecord:
    """The one paper whose id (or id prefix), file name or source path is ``reference``."""
    papers = list_papers(store, include_exempt=True)
    matches = [
        paper
        for paper in papers
        if paper.doc_id.startswith(reference) or reference in {paper.file_name, paper.source}
    ]
    if not matches:
        raise QueryError(f"no ingested paper matches {reference!r} (see `councilqa docs`)")
    if len(matches) > 1:
        ids = ", ".join(paper.doc_id for paper in matches[:5])
        raise QueryError(f"{reference!r} matches {len(matches)} papers ({ids}); give the id")
    return matches[0]
