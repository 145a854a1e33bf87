"""Clean extracted page text into one document text, remembering where each page starts.

Cleaning happens once, before chunking, so every chunk is an exact substring of the
cleaned text and every quote can be found again in it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ingest.loaders import Page

BLANK_PAGE_NOTE = re.compile(
    r"^\s*(this page (is|has been) (left )?intentionally (left )?blank|"
    r"(page )?intentionally left blank)\.?\s*$",
    re.IGNORECASE,
)
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(page\s*\|?\s*\d+(\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3})\s*$", re.IGNORECASE
)
HTML_TAG = re.compile(
    r"</?(?:p|ul|ol|li|br|div|span|table|tbody|thead|tr|td|th|strong|em|b|i|u|h[1-6])"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
HTML_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|nbsp|#\d+);")
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&nbsp;": " "}
# A line that starts a new block: bullet, numbered paragraph, table row, lettered item.
BLOCK_START = re.compile(
    r"^\s*(?:[-•·●▪*]\s|\|"
    r"|\d+(?:\.\d+)*[.)]?\s"
    r"|\(?[a-z]{1,3}\)\s|\(?[ivx]+\)\s"
    r"|Q\d+\b|[A-Z][A-Z ]{2,}:)",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.:!?]['\")\]]?$")
HEADER_ZONE = 3  # lines at the top and at the bottom of a page checked for running furniture


@dataclass(frozen=True)
class CleanText:
    """Cleaned document text and the offset where each page begins."""

    text: str
    page_starts: tuple[int, ...]
    page_numbers: tuple[int, ...]
    # Running headers and footers removed from the pages, in first-seen order: they often
    # name the council, the meeting and its date, which metadata extraction may use.
    furniture: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int:
        """The page number holding ``offset`` (0 when the source has no pages)."""
        if not self.page_starts:
            return 0
        index = bisect.bisect_right(self.page_starts, offset) - 1
        return self.page_numbers[max(index, 0)]


def clean_pages(pages: list[Page], wrapped: bool) -> CleanText:
    """Clean every page, drop running headers and footers, and join the pages.

    ``wrapped`` says that lines were broken by the page width (PDF) and should be re-joined.
    """
    page_lines = [_normalise(page.text).split("\n") for page in pages]
    furniture = _running_furniture(page_lines) if len(pages) >= 3 else set()
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    removed: dict[str, None] = {}
    length = 0
    for page, lines in zip(pages, page_lines, strict=True):
        lines = _strip_furniture(lines, furniture, paginated=page.number > 0, removed=removed)
        lines = [line for line in lines if not BLANK_PAGE_NOTE.match(line)]
        text = _join_wrapped(lines) if wrapped else "\n".join(lines)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if not text:
            continue
        if parts:
            separator = " " if wrapped and _continues(parts[-1], text) else "\n\n"
            parts.append(separator)
            length += len(separator)
        if page.number:
            starts.append(length)
            numbers.append(page.number)
        parts.append(text)
        length += len(text)
    return CleanText("".join(parts), tuple(starts), tuple(numbers), tuple(removed))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\x0c", "\n")
    if HTML_TAG.search(text):
        text = HTML_TAG.sub(" ", text)
        text = HTML_ENTITY.sub(lambda m: ENTITIES.get(m.group(0), _numeric_entity(m)), text)
    lines = (
        re.sub(r"[ \t]+$", "", re.sub(r"(?<=\S) {2,}(?=\S)", " ", line))
        for line in text.split("\n")
    )
    return "\n".join(lines)


def _numeric_entity(match: re.Match[str]) -> str:
    value = match.group(0)
    return chr(int(value[2:-1])) if value.startswith("&#") else value


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _edge_lines(lines: list[str]) -> list[str]:
    content = [line for line in lines if line.strip()]
    return content[:HEADER_ZONE] + content[-HEADER_ZONE:]


def _running_furniture(page_lines: list[list[str]]) -> set[str]:
    """Lines (digits folded) at the top or bottom of at least half of the pages."""
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update({_furniture_key(line) for line in _edge_lines(lines)})
    threshold = max(3, len(page_lines) // 2)
    return {key for key, count in counts.items() if count >= threshold and key.strip("# ")}


def _strip_furniture(
    lines: list[str], furniture: set[str], paginated: bool, removed: dict[str, None]
) -> list[str]:
    content = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(content[:HEADER_ZONE] + content[-HEADER_ZONE:])
    kept = []
    for i, line in enumerate(lines):
        if i in edges and _furniture_key(line) in furniture:
            if not PAGE_NUMBER_LINE.match(line):
                removed[line.strip()] = None
            continue
        if paginated and i in edges and PAGE_NUMBER_LINE.match(line):
            continue
        if not paginated and re.match(r"^\s*page\s+\d+(\s+of\s+\d+)?\s*$", line, re.I):
            continue
        kept.append(line)
    return kept


def _join_wrapped(lines: list[str]) -> str:
    """Re-join lines that the PDF broke at the page width."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return ""
    width = lengths[int(0.9 * (len(lengths) - 1))]
    out: list[str] = []
    last = ""  # the previous physical line, before any joining
    for line in lines:
        stripped = line.strip()
        if out and last.strip() and stripped and _is_wrapped(last, stripped, width):
            previous = out[-1].rstrip()
            joiner = "" if previous.endswith("-") and not previous.endswith(" -") else " "
            out[-1] = previous + joiner + stripped
        else:
            out.append(line.rstrip())
        last = line
    return "\n".join(out)


def _is_wrapped(previous: str, line: str, width: int) -> bool:
    """A break is a wrap when the next line's first word would not have fitted before it."""
    previous = previous.rstrip()
    if SENTENCE_END.search(previous) or _starts_block(line) or _is_caps(previous):
        return False
    first_word = line.split(maxsplit=1)[0]
    return len(previous) + 1 + len(first_word) > 0.9 * width


def _continues(before: str, after: str) -> bool:
    """Whether the next page's first line carries on the previous page's last sentence."""
    last = before.rsplit("\n", 1)[-1].rstrip()
    first = after.split("\n", 1)[0]
    return bool(last) and not (SENTENCE_END.search(last) or _starts_block(first) or _is_caps(last))


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _starts_block(line: str) -> bool:
    return bool(BLOCK_START.match(line)) or _is_caps(line)
