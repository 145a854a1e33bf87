"""Read one file into a :class:`Paper`: cleaned text, metadata and parts, ready to chunk."""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from llama_index.core import Document

from ingest.chunking import STRUCTURE_KEY
from ingest.cleaning import CleanText, clean_pages
from ingest.loaders import DEFAULT_MAX_FILE_BYTES, load_file
from ingest.metadata import DocumentMetadata, Part, analyse_document

DOC_ID_LENGTH = 16


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def doc_id_for(digest: str) -> str:
    """Papers are keyed by their content: the same bytes are the same paper."""
    return digest[:DOC_ID_LENGTH]


@dataclass(frozen=True)
class Paper:
    path: Path
    file_type: str
    content_hash: str
    pages: int
    clean: CleanText
    metadata: DocumentMetadata
    parts: list[Part]
    # Seconds spent extracting text (pypdf etc.) and on our own cleaning and analysis.
    extract_seconds: float = 0.0
    analyse_seconds: float = 0.0

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.content_hash)

    def to_document(self) -> Document:
        """A LlamaIndex ``Document`` carrying paper metadata and the structure to chunk by."""
        meta = self.metadata
        metadata: dict[str, Any] = {
            **asdict(meta),
            "paper_doc_type": meta.doc_type,
            "paper_classification": meta.classification,
            "paper_meeting_date": meta.meeting_date,
            "source": str(self.path),
            "file_name": self.path.name,
            "file_type": self.file_type,
            "content_hash": self.content_hash,
            "pages": self.pages,
            "exempt_parts": sum(part.classification == "exempt" for part in self.parts),
            STRUCTURE_KEY: {
                "page_starts": list(self.clean.page_starts),
                "page_numbers": list(self.clean.page_numbers),
                "parts": [asdict(part) for part in self.parts],
            },
        }
        return Document(id_=self.doc_id, text=self.clean.text, metadata=metadata)


def read_paper(path: str | Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Paper:
    """Load, clean and analyse a file; raises ``UnreadableFileError`` for bad input."""
    started = time.perf_counter()
    loaded = load_file(path, max_bytes=max_bytes)
    extracted = time.perf_counter()
    clean = clean_pages(loaded.pages, wrapped=loaded.paginated)
    metadata, parts = analyse_document(clean)
    return Paper(
        path=Path(path).resolve(),
        file_type=loaded.file_type,
        content_hash=content_hash(loaded.data),
        pages=len(loaded.pages) if loaded.paginated else 0,
        clean=clean,
        metadata=metadata,
        parts=parts,
        extract_seconds=extracted - started,
        analyse_seconds=time.perf_counter() - extracted,
    )
