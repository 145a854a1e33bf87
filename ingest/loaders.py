"""Turn a file into page texts, choosing the loader by what the file really is.

The registry maps a detected file type to a loader; the type comes from the file's first
bytes (and, for plain text, from whether it decodes), never from the extension alone.
Every way a file can fail ends in ``UnreadableFileError`` with a one-line reason.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import UnreadableFileError

if TYPE_CHECKING:
    from bs4 import PageElement, Tag
    from docx.table import Table

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
# A DOCX whose parts inflate past this is treated as a zip bomb.
MAX_DOCX_INFLATED_BYTES = 200 * 1024 * 1024
# Word XML packs about 10:1; a large part packed far tighter than this is a zip bomb.
MAX_DOCX_PART_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
# Fewer extracted characters per page than this means the PDF has no real text layer.
MIN_CHARS_PER_PAGE = 20
# BeautifulSoup needs about 1.5 KB and 40 µs per tag: more tags than this is not a web page.
MAX_HTML_TAGS = 100_000
# How much of a text file is inspected to tell text from binary data.
TEXT_SAMPLE_BYTES = 65536

SUPPORTED_SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".docx"}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_ENCRYPTED = "the PDF is encrypted and needs a password"
# Stand-ins for line and cell breaks while HTML whitespace is collapsed (private-use code points).
HTML_LINE, HTML_CELL = "\ue000", "\ue001"
HTML_HIDDEN_TAGS = {"script", "style", "head", "nav", "template", "noscript"}
HTML_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "section", "article",
    "header", "footer", "main", "aside", "blockquote", "pre", "address", "figure",
    "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
}  # fmt: skip


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


def load_file(path: str | Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> LoadedFile:
    """Read ``path`` and return its pages of text, or raise ``UnreadableFileError``."""
    path = Path(path)
    data = _read_bounded(path, max_bytes)
    file_type = detect_file_type(path, data)
    pages = LOADERS[file_type](path, data)
    if not any(page.text.strip() for page in pages):
        raise UnreadableFileError(path, "contains no text")
    return LoadedFile(path=path, file_type=file_type, pages=pages, data=data)


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """Read a regular file of at most ``max_bytes``, checking its size before reading."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(path, "not a regular file")
        if info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(info.st_size)  # never more than was checked, even if it grows
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise UnreadableFileError(path, "the file is empty (0 bytes)")
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> UnreadableFileError:
    return UnreadableFileError(
        path, f"too large ({_describe_size(size)}; the limit is {_describe_size(max_bytes)})"
    )


def detect_file_type(path: Path, data: bytes) -> str:
    """Name the real type of ``data``: pdf, docx, html or text. Raise if it is none of them."""
    head = data[:1024]
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"  # load_docx refuses zips that are not Word documents
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFileError(
            path,
            "an old-format (.doc) or password-protected Office file; "
            "save it as an unprotected .docx",
        )
    if suffix == ".pdf":
        raise UnreadableFileError(path, "named .pdf but is not a PDF file")
    if suffix == ".docx":
        raise UnreadableFileError(path, "named .docx but is not a Word document")
    text_head = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if suffix in {".html", ".htm"} or text_head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


@loader("pdf")
def load_pdf(path: Path, data: bytes) -> list[Page]:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError(path, PDF_ENCRYPTED)
        pages = [
            Page(number, page.extract_text() or "")
            for number, page in enumerate(reader.pages, start=1)
        ]
    except UnreadableFileError:
        raise
    except FileNotDecryptedError as exc:
        raise UnreadableFileError(path, PDF_ENCRYPTED) from exc
    except DependencyError as exc:  # AES encryption without the cryptography package
        reason = f"reading this PDF needs a package that is not installed ({_short(exc)})"
        raise UnreadableFileError(path, reason) from exc
    except LimitReachedError as exc:
        raise UnreadableFileError(path, "the PDF holds data too large to unpack safely") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise UnreadableFileError(path, _pdf_damage(data, exc)) from exc
    if not pages:
        raise UnreadableFileError(path, "the PDF has no pages")
    chars = sum(len(page.text.strip()) for page in pages)
    if chars < MIN_CHARS_PER_PAGE * len(pages):
        raise UnreadableFileError(
            path, "no text layer (a scanned or image-only PDF); OCR is not supported"
        )
    return pages


def _pdf_damage(data: bytes, exc: Exception) -> str:
    if b"%%EOF" not in data[-1024:]:
        return "the PDF is cut short (its end is missing; an interrupted download?)"
    return f"not a readable PDF ({_short(exc)})"


@loader("text")
def load_text(path: Path, data: bytes) -> list[Page]:
    return [Page(0, decode_text(path, data))]


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8, UTF-16 (with a byte-order mark) or Windows-1252; refuse binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:TEXT_SAMPLE_BYTES]:
        raise UnreadableFileError(path, "binary data, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "".join(_decode_line(line) for line in data.splitlines(keepends=True))
    sample = text[:TEXT_SAMPLE_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * len(sample):
        raise UnreadableFileError(path, "binary data, not text")
    return text


def _decode_line(line: bytes) -> str:
    """One line as UTF-8, else as Windows-1252: files pasted together can mix the two."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


@loader("html")
def load_html(path: Path, data: bytes) -> list[Page]:
    from bs4 import BeautifulSoup

    if data.count(b"<") > MAX_HTML_TAGS:
        reason = f"too much markup to read safely (over {MAX_HTML_TAGS:,} tags)"
        raise UnreadableFileError(path, reason)
    source = decode_text(path, data).replace(HTML_LINE, "").replace(HTML_CELL, "")
    text = re.sub(r"\s+", " ", _html_text(BeautifulSoup(source, "html.parser")))
    lines = text.replace(HTML_CELL, "\t").split(HTML_LINE)
    return [Page(0, "\n".join(line for line in map(_tidy_row, lines) if line))]


def _html_text(root: Tag) -> str:
    """Visible text with a line mark around each block and a cell mark after each cell.

    Walks the tree with a stack: deeply nested markup must not recurse, and editing the
    tree in place costs time in proportion to its depth for every edit.
    """
    from bs4 import CData, NavigableString, Tag

    parts: list[str] = []
    stack: list[PageElement | str] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name in HTML_HIDDEN_TAGS:
                continue
            opening, closing = _html_marks(node.name)
            parts.append(opening)
            stack.append(closing)
            stack.extend(reversed(node.contents))
        elif not isinstance(node, NavigableString) or type(node) in {NavigableString, CData}:
            parts.append(node)  # a mark pushed above, or text (not a comment or doctype)
    return "".join(parts)


def _html_marks(name: str) -> tuple[str, str]:
    if name in {"td", "th"}:
        return "", HTML_CELL
    if name in HTML_BLOCK_TAGS:
        return HTML_LINE, HTML_LINE
    return "", ""


def _tidy_row(line: str) -> str:
    """Trim a line of text; for a table row, trim each tab-separated cell."""
    return "\t".join(cell.strip() for cell in line.split("\t")).rstrip("\t")


@loader("docx")
def load_docx(path: Path, data: bytes) -> list[Page]:
    import docx
    from docx.table import Table

    _check_docx_archive(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [
            _table_text(block) if isinstance(block, Table) else block.text
            for block in document.iter_inner_content()
        ]
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise UnreadableFileError(path, f"not a readable Word document ({_short(exc)})") from exc
    return [Page(0, "\n".join(block for block in blocks if block.strip()))]


def _check_docx_archive(path: Path, data: bytes) -> None:
    """Refuse a zip that is not a Word document or would inflate to an unsafe size.

    Declared sizes can lie, and zipfile inflates a whole part at once when python-docx reads
    it, so every part is first inflated here a piece at a time: a part larger than it claims
    fails its checksum at the claimed size, with memory held to one piece.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if "word/document.xml" not in {member.filename for member in members}:
                raise UnreadableFileError(path, "a zip archive, not a Word document")
            inflated = sum(member.file_size for member in members)
            if inflated > MAX_DOCX_INFLATED_BYTES or any(map(_packed_too_tight, members)):
                reason = f"the Word document would inflate to {_describe_size(inflated)}"
                raise UnreadableFileError(path, f"{reason} (a zip bomb?)")
            for member in members:
                _inflate_in_pieces(archive, member)
    except UnreadableFileError:
        raise
    except Exception as exc:  # zipfile, zlib and lzma raise many kinds on damaged archives
        raise UnreadableFileError(path, f"a damaged zip archive ({_short(exc)})") from exc


def _packed_too_tight(member: zipfile.ZipInfo) -> bool:
    return (
        member.file_size > RATIO_CHECK_FROM_BYTES
        and member.file_size > MAX_DOCX_PART_RATIO * max(member.compress_size, 1)
    )


def _inflate_in_pieces(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    with archive.open(member) as stream:
        while stream.read(1024 * 1024):
            pass


def _table_text(table: Table) -> str:
    """One line per row, cells separated by tabs; a merged cell's text appears once."""
    rows = []
    above: list[object] = []  # the previous row's cell elements, one per grid column
    for row in table.rows:
        cells = row.cells
        # python-docx repeats a merged cell in each grid position it covers; only its XML
        # element (there is no public identity) tells the copies apart from equal text.
        elements = [cell._tc for cell in cells]
        texts = [
            "" if i < len(above) and element is above[i] else " ".join(cell.text.split())
            for i, (cell, element) in enumerate(zip(cells, elements, strict=True))
            if i == 0 or element is not elements[i - 1]
        ]
        rows.append("\t".join(texts).rstrip("\t"))
        above = elements
    return "\n".join(row for row in rows if row)


def _describe_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _short(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    message = lines[0].strip() if lines and lines[0].strip() else type(exc).__name__
    return message[:120]
