"""Find the structure inside one paper: agenda items, headings, numbered paragraphs, tables.

The chunker packs the resulting :class:`Block` list into chunks; nothing here decides chunk
sizes. Offsets are into the cleaned document text, so blocks are exact substrings of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["item", "heading", "numbered", "table", "text"]

# "136. Introduction/Webcasting (Item 1)", "34 APOLOGIES FOR ABSENCE", "Agenda Item 6"
ITEM_LINE = re.compile(r"^(?:agenda item\s+)?([1-9]\d{0,2}[a-z]?)\.?\s+(\S.*)$", re.IGNORECASE)
ITEM_MARKER = re.compile(r"^agenda item\s+(\d{1,3}[a-z]?)\s*$", re.IGNORECASE)
ITEM_REF = re.compile(r"\s*\(\**item\s+\d+[a-z]?\**\)\s*", re.IGNORECASE)
# "2.1 Audit CA07-2023 ...", "- 2.1 ...", "1. Introduction", "(a) ..."
NUMBERED_LINE = re.compile(r"^(\s*)(?:[-•]\s+)?(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+(\S.*)$")
MONTH = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}", re.IGNORECASE
)
TABLE_LINE = re.compile(r"^\s*\|.*\||\t")
MAX_HEADING_CHARS = 120


@dataclass(frozen=True)
class Block:
    """A run of text with one structural role; ``start``/``end`` index the document text."""

    start: int
    end: int
    kind: BlockKind
    item: str = ""  # agenda item / minute number in force at this block
    item_title: str = ""
    section: str = ""  # numbered paragraph or heading number in force, e.g. "3.12"


def find_blocks(text: str, start: int, end: int, items: bool) -> list[Block]:
    """Split ``text[start:end]`` into blocks, one per line except tables (kept whole).

    ``items`` says that numbered headings in this part are agenda items (minutes, agendas,
    decision notices) rather than report sections.
    """
    lines = _lines(text, start, end)
    item_lines = _item_headings(text, lines) if items else {}
    blocks: list[Block] = []
    item, item_title = "", ""
    sections: list[tuple[int, str]] = []  # (indent, number) stack for nested numbering
    index = 0
    while index < len(lines):
        line_start, line_end = lines[index]
        line = text[line_start:line_end]
        if index in item_lines:
            item, item_title = item_lines[index]
            sections = []
            blocks.append(Block(line_start, line_end, "item", item, item_title))
            index += 1
            continue
        if TABLE_LINE.match(line):
            last = index
            while last + 1 < len(lines) and TABLE_LINE.match(text[slice(*lines[last + 1])]):
                last += 1
            section = sections[-1][1] if sections else ""
            blocks.append(Block(line_start, lines[last][1], "table", item, item_title, section))
            index = last + 1
            continue
        kind: BlockKind = "text"
        numbered = NUMBERED_LINE.match(line)
        if numbered:
            indent = line_start - (text.rfind("\n", 0, line_start) + 1)
            sections = _push_section(sections, indent, numbered.group(2))
            kind = "heading" if _is_heading(numbered.group(3)) else "numbered"
        elif _is_heading(line):
            kind = "heading"
        section = sections[-1][1] if sections else ""
        blocks.append(Block(line_start, line_end, kind, item, item_title, section))
        index += 1
    return blocks


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines in ``text[start:end]``, without trailing spaces."""
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        segment = match.group(0)
        if segment.strip():
            left = start + match.start() + (len(segment) - len(segment.lstrip()))
            spans.append((left, start + match.start() + len(segment.rstrip())))
    return spans


def _is_heading(line: str) -> bool:
    """A short line that does not read as a sentence: a title, label or heading."""
    line = line.strip()
    if not line or len(line) > MAX_HEADING_CHARS or line[0] in "-•·":
        return False
    if line.endswith((".", ",", ";")) and len(line.split()) > 4:
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] == "("


def _item_headings(text: str, lines: list[tuple[int, int]]) -> dict[int, tuple[str, str]]:
    """Line indexes that open an agenda item, with the item number and title.

    Candidates must be heading-like, numbered in increasing order, and not part of a run of
    three or more numbered lines (a list of speakers or questions, not items).
    """
    candidates: dict[int, tuple[str, str]] = {}
    for index, (line_start, line_end) in enumerate(lines):
        line = text[line_start:line_end]
        marker = ITEM_MARKER.match(line)
        if marker and index + 1 < len(lines):
            title = text[slice(*lines[index + 1])].strip()
            candidates[index] = (marker.group(1), title if _is_heading(title) else "")
            continue
        match = ITEM_LINE.match(line)
        if not match or match.group(2)[0].isdigit() or MONTH.match(match.group(2)):
            continue
        title = match.group(2)
        ref = ITEM_REF.search(title)
        if ref and ref.start() <= MAX_HEADING_CHARS:
            # "138. Declarations of Interest (*Item 3*) Mr Rayner made..." - a heading whose
            # first sentence was joined onto it.
            candidates[index] = (match.group(1), title[: ref.start()].strip())
        elif _is_heading(title):
            candidates[index] = (match.group(1), title)
    listed = _numbered_runs(text, lines)
    for index in listed:
        if not ITEM_MARKER.match(text[slice(*lines[index])]):
            candidates.pop(index, None)
    chain = _best_chain(text, lines, candidates)
    return {index: candidates[index] for index in chain}


def _best_chain(
    text: str, lines: list[tuple[int, int]], candidates: dict[int, tuple[str, str]]
) -> list[int]:
    """The increasing run of item numbers with the strongest heading evidence.

    Item numbers go up in small steps; a numbered list elsewhere on the page (speakers,
    statements) rarely sits in blank lines or carries "(Item N)" the way real items do.
    """
    order = sorted(candidates)
    numbers = [int(re.match(r"\d+", candidates[i][0]).group(0)) for i in order]
    weights = [_heading_evidence(text, lines, i) for i in order]
    best = list(weights)
    previous = [-1] * len(order)
    for j in range(len(order)):
        for i in range(j):
            if 0 < numbers[j] - numbers[i] <= 3 and best[i] + weights[j] > best[j]:
                best[j], previous[j] = best[i] + weights[j], i
    if not order:
        return []
    j = max(range(len(order)), key=lambda k: best[k])
    chain = []
    while j >= 0:
        chain.append(order[j])
        j = previous[j]
    return chain[::-1]


def _heading_evidence(text: str, lines: list[tuple[int, int]], index: int) -> int:
    line_start, line_end = lines[index]
    before = lines[index - 1][1] if index else 0
    after = lines[index + 1][0] if index + 1 < len(lines) else len(text)
    evidence = 1
    evidence += text.count("\n", before, line_start) >= 2
    evidence += text.count("\n", line_end, after) >= 2
    evidence += 2 * bool(
        ITEM_REF.search(text, line_start, line_end) or ITEM_MARKER.match(text[line_start:line_end])
    )
    return evidence


def _numbered_runs(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Indexes of lines in runs of three or more adjacent numbered lines (no blank between)."""
    members: set[int] = set()
    run: list[int] = []
    for index, (start, end) in enumerate(lines):
        adjacent = bool(run) and text.count("\n", lines[index - 1][1], start) < 2
        if not adjacent:
            members.update(run if len(run) >= 3 else [])
            run = []
        if ITEM_LINE.match(text[start:end]):
            run.append(index)
        else:
            members.update(run if len(run) >= 3 else [])
            run = []
    members.update(run if len(run) >= 3 else [])
    return members


def _push_section(
    sections: list[tuple[int, str]], indent: int, number: str
) -> list[tuple[int, str]]:
    """Track nested numbering: "1." under "3." at a deeper indent becomes section "3.1"."""
    if "." in number.strip("."):
        return [*[s for s in sections if s[0] < indent], (indent, number.strip("."))]
    parents = [s for s in sections if s[0] < indent]
    prefix = f"{parents[-1][1]}." if parents else ""
    return [*parents, (indent, prefix + number)]
