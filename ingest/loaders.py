"""Turn a file into page texts, choosing the loader by what the file really is.

The registry maps a detected file type to a loader; the type comes from the file's first
bytes (and, for plain text, from whether it decodes), never from the extension alone.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableFileError

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
# A DOCX whose parts inflate past this is treated as a zip bomb.
MAX_DOCX_INFLATED_BYTES = 200 * 1024 * 1024
# Fewer extracted characters per page than this means the PDF has no real text layer.
MIN_CHARS_PER_PAGE = 20

SUPPORTED_SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".docx"}


@dataclass(frozen=True)
class Page:
    """The text of one page; ``number`` is 1-based, or 0 for formats without pages."""

    number: int
    text: str


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    file_type: str
    pages: list[Page]
    data: bytes

    @property
    def paginated(self) -> bool:
        return self.file_type == "pdf"


Loader = Callable[[Path, bytes], list[Page]]
LOADERS: dict[str, Loader] = {}


def loader(file_type: str) -> Callable[[Loader], Loader]:
    """Register a loader for a detected file type."""

    def register(func: Loader) -> Loader:
        LOADERS[file_type] = func
        return func

    return register


def detect_file_type(path: Path, data: bytes) -> str:
    """Name the real type of ``data``: pdf, docx, html or text. Raise if it is none of them."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if _zip_has(data, "word/document.xml"):
            return "docx"
        raise UnreadableFileError(path, "a zip archive, not a Word document")
    if path.suffix.lower() == ".pdf":
        raise UnreadableFileError(path, "named .pdf but is not a PDF file")
    if path.suffix.lower() == ".docx":
        raise UnreadableFileError(path, "named .docx but is not a Word document")
    text_head = head.lstrip().lower()
    if text_head.startswith((b"<!doctype html", b"<html")) or path.suffix.lower() in {
        ".html",
        ".htm",
    }:
        return "html"
    return "text"


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def load_file(path: str | Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> LoadedFile:
    """Read ``path`` and return its pages of text, or raise ``UnreadableFileError``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read ({exc.strerror})") from exc
    if not path.is_file():
        raise UnreadableFileError(path, "not a regular file")
    if size == 0:
        raise UnreadableFileError(path, "the file is empty (0 bytes)")
    if size > max_bytes:
        raise UnreadableFileError(
            path, f"too large ({size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read ({exc.strerror})") from exc
    file_type = detect_file_type(path, data)
    pages = LOADERS[file_type](path, data)
    if not any(page.text.strip() for page in pages):
        raise UnreadableFileError(path, "contains no text")
    return LoadedFile(path=path, file_type=file_type, pages=pages, data=data)


@loader("pdf")
def load_pdf(path: Path, data: bytes) -> list[Page]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError(path, "the PDF is encrypted and needs a password")
        pages = [
            Page(number, page.extract_text() or "")
            for number, page in enumerate(reader.pages, start=1)
        ]
    except UnreadableFileError:
        raise
    except FileNotDecryptedError as exc:
        raise UnreadableFileError(path, "the PDF is encrypted and needs a password") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise UnreadableFileError(path, f"not a readable PDF ({_short(exc)})") from exc
    if not pages:
        raise UnreadableFileError(path, "the PDF has no pages")
    chars = sum(len(page.text.strip()) for page in pages)
    if chars < MIN_CHARS_PER_PAGE * len(pages):
        raise UnreadableFileError(
            path, "no text layer (a scanned or image-only PDF); OCR is not supported"
        )
    return pages


@loader("text")
def load_text(path: Path, data: bytes) -> list[Page]:
    return [Page(0, decode_text(path, data))]


@loader("html")
def load_html(path: Path, data: bytes) -> list[Page]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(path, data), "html.parser")
    for tag in soup(["script", "style", "head", "nav"]):
        tag.decompose()
    for cell in soup.find_all(["td", "th"]):
        cell.append("\t")
    text = soup.get_text("\n")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [Page(0, "\n".join(line for line in lines if line))]


@loader("docx")
def load_docx(path: Path, data: bytes) -> list[Page]:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_DOCX_INFLATED_BYTES:
        raise UnreadableFileError(
            path, f"the Word document inflates to {inflated / 1e6:.0f} MB (a zip bomb?)"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise UnreadableFileError(path, f"not a readable Word document ({_short(exc)})") from exc
    blocks: list[str] = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            blocks.append("\t".join(cell.text.strip() for cell in row.cells))
    return [Page(0, "\n".join(blocks))]


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes as UTF-8, falling back to Windows-1252; refuse binary data."""
    sample = data[:65536]
    if b"\x00" in sample:
        raise UnreadableFileError(path, "binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise UnreadableFileError(path, "binary data, not text")
    return text


def _short(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return message[:120]
