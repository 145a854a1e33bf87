"""What the action finders share: the :class:`Found` span they return, the part they read,
and the grammar of dates, references and table cells."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.metadata import Part
from ingest.structure import Block

# An audit or report reference shared between papers: CA07-2023, IA14-2024, IA-FU03-2025.
REFERENCE = re.compile(r"\b[A-Z]{1,4}(?:-[A-Z]{1,4})?\d{1,3}[-/](?:19|20)\d{2}\b")


def references_in(text: str) -> list[str]:
    """Distinctive references (``CA07-2023``) in order of first mention."""
    return list(dict.fromkeys(REFERENCE.findall(text)))


@dataclass(frozen=True)
class Found:
    """What a finder read: offsets index the cleaned document text."""

    kind: str  # recommendation, governance issue, audit action, resolution, action
    ref: str
    text_start: int  # the commitment's own words: an exact, quotable substring
    text_end: int
    start: int  # the whole record (table row, issue block, resolution)
    end: int
    title: str = ""
    owner: str = ""
    deadline: str = ""
    status: str = ""
    response: str = ""  # progress or planned action, as reported with it
    item: tuple[str, str] | None = None  # (number, title) when the finder knows it better


@dataclass(frozen=True)
class PartView:
    """One part of a paper with the structure the finders read."""

    text: str  # the whole document text; offsets are into it
    part: Part
    blocks: list[Block] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.part.start

    @property
    def end(self) -> int:
        return self.part.end

    def item_at(self, offset: int) -> tuple[str, str]:
        """The agenda item (number, title) in force at ``offset``."""
        item, title = self.part.agenda_item, self.part.agenda_item_title
        for block in self.blocks:
            if block.start > offset:
                break
            if block.item:
                item, title = block.item, block.item_title
        return item, title


Finder = Callable[[PartView], list[Found]]


MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "31 March 2025", "1 st June 2010", "June 2010", "mid-April", "2026", "2023/24", "Q3 2025/26"
WHEN = (
    rf"\d{{1,2}}(?:\s?(?:st|nd|rd|th))?\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{4}}"
    r"|(?:q[1-4]\s+)?(?:19|20)\d{2}(?:/\d{2})?"
)
WHEN_AT_END = re.compile(rf"({WHEN})\s*$", re.I)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past surrounding spaces, pipes and list markers."""
    while start < end and text[start] in " \t\n|*-•":
        start += 1
    while end > start and text[end - 1] in " \t\n|*":
        end -= 1
    return start, end


def squash(value: str) -> str:
    """One line, single spaces, no markdown emphasis."""
    return " ".join(value.replace("**", "").split()).strip(" |;,")


PARAGRAPH_MARKER = re.compile(r"[-•]?[ \t]*\(?\d{1,2}(?:\.\d{1,2})*[.)]?[ \t]+")


def skip_marker(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without a leading paragraph number ("- 2.1 Audit ..." → "Audit ...")."""
    marker = PARAGRAPH_MARKER.match(text, start, end)
    return (marker.end() if marker else start), end
