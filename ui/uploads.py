"""Uploaded files: refuse what cannot be a paper, store the rest safely, ingest them.

A file is refused before ingestion when its name has an unsupported suffix or it is over the
upload limit. The loaders then check the real type from the content. Accepted files are
kept as ``DATA_DIR/uploads/<safe name>``: no directory parts, no odd characters, and a
content hash added when another file already has that name.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.ingestion import Ingestor
from ingest.loaders import SUPPORTED_SUFFIXES

UPLOADS_DIR = "uploads"
MAX_NAME_CHARS = 100
KINDS = "PDF, DOCX, HTML, TXT or Markdown"


@dataclass(frozen=True)
class UploadResult:
    name: str  # as the user named the file
    status: str  # added, updated, skipped, failed or refused
    detail: str = ""
    doc_id: str = ""

    @property
    def ok(self) -> bool:
        return self.status in {"added", "updated", "skipped"}


def safe_name(name: str) -> str:
    """A file name safe to store: 'Cabinet 12/03 (final).PDF' -> 'Cabinet-12-03-final.pdf'."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:MAX_NAME_CHARS] or "upload"
    suffix = re.sub(r"[^a-z0-9]", "", suffix.lower())
    return f"{stem}.{suffix}" if suffix else stem


def refusal(name: str, size: int, max_bytes: int) -> str:
    """Why a file is refused before ingestion, or '' when it may go on."""
    suffix = Path(safe_name(name)).suffix
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported file type '{suffix or '(none)'}': upload {KINDS} files"
    if size > max_bytes:
        return (
            f"too large ({size / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:g} MB)"
        )
    if size == 0:
        return "the file is empty"
    return ""


class Uploads:
    """Stores uploaded files under the data dir and ingests them one at a time."""

    def __init__(self, ingestor: Ingestor, data_dir: Path, max_bytes: int) -> None:
        self.ingestor = ingestor
        self.folder = data_dir / UPLOADS_DIR
        self.max_bytes = max_bytes

    def stage(self, upload: Path, name: str) -> tuple[Path, bool]:
        """Copy an upload into the uploads folder: (stored path, whether it is a new file)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = upload.read_bytes()
        target = self.folder / safe_name(name)
        if target.exists():
            if target.read_bytes() == data:
                return target, False
            digest = hashlib.sha256(data).hexdigest()[:8]
            target = target.with_name(f"{target.stem}-{digest}{target.suffix}")
            if target.exists():
                return target, False
        tmp = target.with_name(f".{target.name}.part")
        shutil.copyfile(upload, tmp)
        tmp.replace(target)
        return target, True

    def ingest(self, uploads: list[tuple[Path, str]]) -> Iterator[UploadResult]:
        """Yield each file's result as it is done; bad files never stop the batch."""
        for path, name in uploads:
            try:
                size = path.stat().st_size
            except OSError:
                yield UploadResult(name, "failed", "the upload could not be read; try again")
                continue
            reason = refusal(name, size, self.max_bytes)
            if reason:
                yield UploadResult(name, "refused", reason)
                continue
            stored, created = self.stage(path, name)
            result = self.ingestor.ingest([stored]).results[0]
            if result.status in {"failed", "skipped"} and created:
                stored.unlink(missing_ok=True)
            detail = result.error.replace(str(stored), name).removeprefix(f"{name}: ")
            if result.status == "skipped":
                detail = "already in the library"
            elif result.status != "failed":
                pages = f"{result.pages} pages, " if result.pages else ""
                detail = f"{result.title or name} ({pages}{result.chunks} chunks)"
            yield UploadResult(name, result.status, detail, result.doc_id)
