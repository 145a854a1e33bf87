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
from ingest.parts import MONTH_NAME

BLANK_PAGE_NOTE = re.compile(
    r"^\s*[\[(]?\s*(?:this\s+)?(?:page\s+)?(?:is\s+|has\s+been\s+)?(?:left\s+)?"
    r"intentionally\s+(?:left\s+)?blank\.?\s*[\])]?\s*$",
    re.IGNORECASE,
)
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(page\s*\|?\s*\d+(\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3})\s*$", re.IGNORECASE
)
PAGE_OF_LINE = re.compile(r"^\s*page\s+\d+(\s+of\s+\d+)?\s*$", re.IGNORECASE)
# HTML fragments left in text pasted from web pages; an attribute list is bounded so that a
# stray "<b" cannot swallow the rest of a page, and text like "<http://...>" is kept.
HTML_TAG_TAIL = r"(?:\s[^<>]{0,300})?/?>"
HTML_BLOCK_TAG = re.compile(
    r"[ \t]*</?(?:p|ul|ol|li|br|div|table|tbody|thead|tr|td|th|h[1-6])" + HTML_TAG_TAIL + r"[ \t]*",
    re.IGNORECASE,
)
HTML_INLINE_TAG = re.compile(r"</?(?:span|strong|em|b|i|u)" + HTML_TAG_TAIL, re.IGNORECASE)
EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
HTML_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});", re.IGNORECASE)
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&nbsp;": " "}
# Characters in extracted text that stand for a line break, a plain space or nothing.
REPLACEMENTS = [("\r\n", "\n")]
REPLACEMENTS += [(ch, "\n") for ch in "\r\x0b\x0c\x85\u2028\u2029"]
REPLACEMENTS += [("\xa0", " "), ("\u200b", ""), ("\ufeff", "")]
INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
DIGITS = re.compile(r"\d+")
TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]")
# A line that starts a new block rather than carrying on the one before it.
BLOCK_START = re.compile(
    r"^\s*(?:[-•·●▪*]\s|\|"  # a bullet or a table row
    r"|\d+(?:\.\d+)*[.)]?\s"  # a numbered paragraph
    r"|\(?[a-z]{1,3}\)\s|\(?[ivx]+\)\s|Q\d+\b"  # a lettered item or a question number
    r"|https?://|www\."  # a link, as in a list of background papers
    r"|(?-i:[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}:))",  # a label: "Date:", "Contact Officer:"
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.:!?]['\")\]]?$")
BROKEN_WORD = re.compile(r"\w-$")  # a line ending part-way through a hyphenated word
# A date broken after its month: "introduced in October" + "2020 as part of...", where the
# year is no numbered paragraph.
ENDS_WITH_MONTH = re.compile(rf"\b{MONTH_NAME}$")
STARTS_WITH_YEAR = re.compile(r"(?:19|20)\d\d\b")
HEADER_ZONE = 3  # lines at the top and at the bottom of a page checked for running furniture
# Below this width (90th percentile line length) a page is a list or a table, not wrapped prose.
MIN_WRAP_WIDTH = 30


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
            separator = _page_separator(parts[-1], text) if wrapped else "\n\n"
            parts.append(separator)
            length += len(separator)
        if page.number:
            starts.append(length)
            numbers.append(page.number)
        parts.append(text)
        length += len(text)
    return CleanText("".join(parts), tuple(starts), tuple(numbers), tuple(removed))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)  # str.replace is far quicker than str.translate
    text = _strip_html(text)
    return TRAILING_SPACE.sub("", INNER_SPACES.sub(" ", text))


def _strip_html(text: str) -> str:
    """Drop HTML tags, leaving a space for a block tag so that the words either side stay apart.

    Blocks become spaces, not line breaks: in PDF text the line lengths must stay as printed
    for wrapped lines to be found. Entities are decoded only in text that had tags.
    """
    stripped = HTML_INLINE_TAG.sub("", HTML_BLOCK_TAG.sub(" ", text))
    if stripped == text:
        return text
    return HTML_ENTITY.sub(_decode_entity, EDGE_SPACES.sub("", stripped))


def _decode_entity(match: re.Match[str]) -> str:
    entity = match.group(0).lower()
    if not entity.startswith("&#"):
        return ENTITIES[entity]
    code = int(entity[3:-1], 16) if entity.startswith("&#x") else int(entity[2:-1])
    printable = code in (9, 10) or (32 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF)
    return chr(code) if printable else " "


def _furniture_key(line: str) -> str:
    return DIGITS.sub("#", " ".join(line.lower().split()))


def _edge_indexes(lines: list[str]) -> set[int]:
    content = [i for i, line in enumerate(lines) if line.strip()]
    return set(content[:HEADER_ZONE] + content[-HEADER_ZONE:])


def _running_furniture(page_lines: list[list[str]]) -> set[str]:
    """Lines (digits folded) at the top or bottom of at least half of the pages.

    A line that also turns up in the body of many pages, such as "Policy Committee" in a
    table column, is content; so are a label ("Reason for decision:"), a sentence ("As set
    out in the report.") or a short answer ("None") that a form repeats on every page.
    """
    at_edge: Counter[str] = Counter()
    in_body: Counter[str] = Counter()
    for lines in page_lines:
        edges = _edge_indexes(lines)
        at_edge.update({_furniture_key(lines[i]) for i in edges})
        in_body.update({_furniture_key(line) for i, line in enumerate(lines) if i not in edges})
    threshold = max(3, len(page_lines) // 2)
    return {
        key
        for key, count in at_edge.items()
        if count >= threshold and in_body[key] * 3 <= count and _could_be_furniture(key)
    }


def _could_be_furniture(key: str) -> bool:
    return sum(ch.isalpha() for ch in key) >= 5 and not key.endswith((":", "."))


def _strip_furniture(
    lines: list[str], furniture: set[str], paginated: bool, removed: dict[str, None]
) -> list[str]:
    edges = _edge_indexes(lines)
    kept = []
    for i, line in enumerate(lines):
        at_edge = i in edges
        if at_edge and _furniture_key(line) in furniture:
            if not PAGE_NUMBER_LINE.match(line):
                removed[line.strip()] = None
            continue
        if (at_edge and paginated and PAGE_NUMBER_LINE.match(line)) or PAGE_OF_LINE.match(line):
            continue
        kept.append(line)
    return kept


def _join_wrapped(lines: list[str]) -> str:
    """Re-join lines that the PDF broke at the page width."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return ""
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width < MIN_WRAP_WIDTH:
        return "\n".join(line.rstrip() for line in lines)
    out: list[str] = []
    last = ""  # the previous physical line, before any joining
    for line in lines:
        stripped = line.strip()
        if out and last.strip() and stripped and _is_wrapped(last, stripped, width):
            previous = out[-1].rstrip()
            out[-1] = previous + _joiner(previous) + stripped
        else:
            out.append(line.rstrip())
        last = line
    return "\n".join(out)


def _joiner(previous: str) -> str:
    """Nothing after a word broken by a hyphen ("Vice-" + "Chair"), else a space."""
    return "" if previous.endswith("-") and not previous.endswith(" -") else " "


def _is_wrapped(previous: str, line: str, width: int) -> bool:
    """A break is a wrap when the next line's first word would not have fitted before it."""
    previous = previous.rstrip()
    if BROKEN_WORD.search(previous) and line[:1].isalnum():
        return True  # "£5m in 09-" + "10 then lower": the "10" is no numbered paragraph
    if ENDS_WITH_MONTH.search(previous) and STARTS_WITH_YEAR.match(line):
        return True
    if SENTENCE_END.search(previous) or _starts_block(line) or _is_caps(previous):
        return False
    first_word = line.split(maxsplit=1)[0]
    return len(previous) + 1 + len(first_word) > 0.9 * width


def _page_separator(before: str, after: str) -> str:
    """How the next page joins on: mid-sentence it carries on the line, else a new paragraph."""
    last = before.rsplit("\n", 1)[-1].rstrip()
    first = after.split("\n", 1)[0]
    if not last or SENTENCE_END.search(last) or _starts_block(first) or _is_caps(last):
        return "\n\n"
    return _joiner(last)


def _is_caps(line: str) -> bool:
    """At least two letters, all capitals: a heading such as "EXEMPT ITEMS"."""
    return line.isupper() and TWO_LETTERS.search(line) is not None


def _starts_block(line: str) -> bool:
    return bool(BLOCK_START.match(line)) or _is_caps(line)
