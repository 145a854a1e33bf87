"""Ingest files into the store: read, chunk, embed and write each paper, idempotently.

A paper is keyed by its content hash. Unchanged files are skipped; a changed file's new
chunks are written first and its old version removed after, so a crash at any point leaves
either the old or the new version complete, and the next run finishes the job. A passage
another paper already holds (a report and its agenda pack) is written as a copy, not
indexed twice (``index/duplicates.py``).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import MetadataMode, TextNode

from index.action_store import ActionStore, record_actions
from index.duplicates import DuplicateDetector, delete_paper, rehome
from index.lock import data_dir_lock
from index.store import ChunkStore
from ingest.chunking import SectionNodeParser
from ingest.discovery import find_files
from ingest.errors import CouncilQAError, UnreadableFileError
from ingest.loaders import DEFAULT_MAX_FILE_BYTES
from ingest.paper import content_hash, doc_id_for, read_paper

Status = Literal["added", "updated", "skipped", "failed"]
FILES_DIR = "files"


@dataclass(frozen=True)
class FileResult:
    path: Path
    status: Status
    doc_id: str = ""
    title: str = ""
    pages: int = 0
    chunks: int = 0
    error: str = ""
    # Where the time went: text extraction, embedding, and everything else (our own code).
    extract_seconds: float = 0.0
    embed_seconds: float = 0.0
    total_seconds: float = 0.0
    tokens_embedded: int = 0
    copies: int = 0  # chunks another paper already holds: kept as provenance, not re-indexed
    dedupe_seconds: float = 0.0  # finding those copies


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in {"added", "updated"})

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results if r.status in {"added", "updated"})

    @property
    def failures(self) -> list[FileResult]:
        return [result for result in self.results if result.status == "failed"]


Progress = Callable[[FileResult, int, int], None]


class Ingestor:
    """Writes papers into a :class:`ChunkStore`, keeping a copy of each original file."""

    def __init__(
        self,
        store: ChunkStore,
        embed_model: BaseEmbedding,
        parser: SectionNodeParser,
        data_dir: Path,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> None:
        self.store = store
        self.embed_model = embed_model
        self.parser = parser
        self.data_dir = data_dir
        self.max_file_bytes = max_file_bytes
        self.actions = ActionStore.beside(store)
        self.duplicates = DuplicateDetector(store)

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Ingest files and folders (recursively); bad files are reported, not fatal."""
        started = time.perf_counter()
        discovery = find_files(paths)
        report = IngestReport(
            results=[FileResult(Path(p.path), "failed", error=str(p)) for p in discovery.problems]
        )
        with data_dir_lock(self.data_dir):
            rehome(self.store, self.duplicates)  # finish a removal that a crash cut short
            for index, path in enumerate(discovery.files, start=1):
                result = self.ingest_file(path)
                report.results.append(result)
                if progress:
                    progress(result, index, len(discovery.files))
        report.seconds = time.perf_counter() - started
        return report

    def ingest_file(self, path: Path) -> FileResult:
        try:
            return self._ingest_file(path)
        except CouncilQAError as exc:
            return FileResult(path, "failed", error=str(exc))

    def _ingest_file(self, path: Path) -> FileResult:
        started = time.perf_counter()
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadableFileError(path, f"cannot be read ({exc.strerror})") from exc
        if size <= self.max_file_bytes:
            digest = content_hash(path.read_bytes())
            if self.store.is_complete(doc_id_for(digest)):
                self._remove_other_versions(path.resolve(), doc_id_for(digest))
                if not self.actions.is_current(doc_id_for(digest)):  # indexed before the tracker
                    record_actions(
                        self.actions, read_paper(path, self.max_file_bytes), self.embed_model
                    )
                return FileResult(path, "skipped", doc_id=doc_id_for(digest))
        paper = read_paper(path, max_bytes=self.max_file_bytes)
        delete_paper(self.store, paper.doc_id)  # leftovers of an interrupted run
        nodes = self.parser.get_nodes_from_documents([paper.to_document()])
        embed_started = time.perf_counter()
        tokens = self.embed(nodes)
        embed_seconds = time.perf_counter() - embed_started
        self._keep_original(path, paper.doc_id)
        record_actions(self.actions, paper, self.embed_model)  # before the chunks that complete it
        copies = self.duplicates.write(nodes)  # a passage another paper holds is kept once
        replaced = self._remove_other_versions(paper.path, paper.doc_id)
        return FileResult(
            path,
            "updated" if replaced else "added",
            doc_id=paper.doc_id,
            title=paper.metadata.title,
            pages=paper.pages,
            chunks=len(nodes),
            extract_seconds=paper.extract_seconds,
            embed_seconds=embed_seconds,
            total_seconds=time.perf_counter() - started,
            tokens_embedded=tokens,
            copies=copies,
            dedupe_seconds=self.duplicates.seconds,
        )

    def embed(self, nodes: list[TextNode]) -> int:
        """Embed each chunk's context header and text in one batch; return tokens embedded."""
        texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]
        for node, vector in zip(
            nodes, self.embed_model.get_text_embedding_batch(texts), strict=True
        ):
            node.embedding = vector
        return sum(int(node.metadata.get("tokens", 0)) for node in nodes)

    def _keep_original(self, path: Path, doc_id: str) -> None:
        """Copy the file under the data dir, where the UI may serve it from."""
        target = self.data_dir / FILES_DIR / f"{doc_id}{path.suffix.lower()}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(path, target)

    def _remove_other_versions(self, source: Path, keep: str) -> bool:
        """Delete older versions of the same source file; true when there were some."""
        stale = {
            row["document_id"]
            for row in self.store.first_chunks({"source": str(source)})
            if row["document_id"] != keep
        }
        for doc_id in stale:
            self.remove(doc_id)
        return bool(stale)

    def remove(self, doc_id: str) -> None:
        remove_paper(self.store, self.data_dir, doc_id)


def remove_paper(store: ChunkStore, data_dir: Path, doc_id: str) -> None:
    """Delete a paper's chunks and its kept copy (callers hold the data dir lock)."""
    delete_paper(store, doc_id)  # passages it shared with other papers stay searchable
    ActionStore.beside(store).delete_document(doc_id)
    for copy in (data_dir / FILES_DIR).glob(f"{doc_id}.*"):
        copy.unlink(missing_ok=True)
