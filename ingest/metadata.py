"""Read a council paper's metadata from its own text: title, council, committee, date, type.

Everything comes from the text, never from the file name, and a field the text does not
state stays empty: wrong metadata is worse than none, because answers are repeated in public
meetings. Fields are read from each paper's heading zone, where councils state them, so a
council or a date mentioned in passing further down does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.cleaning import CleanText
from ingest.parts import (
    DATE,
    DATE_LINE,
    DATE_PATTERN,
    FURNITURE_MINUTES,
    TITLE_CHARS,
    WEEKDAY,
    AgendaEntry,
    Span,
    agenda_entries,
    agenda_item_title,
    clean_value,
    first_date,
    header_fields,
    is_exempt,
    match_agenda,
    paper_kind,
    paper_title,
    split_papers,
)

# fmt: off
DOC_TYPES = ("agenda", "minutes", "report", "action plan", "governance statement", "decision",
             "forward plan", "questions")
# fmt: on
HEAD_CHARS = 1500  # labelled fields and dates are read from this much of a paper's start
HEAD_LINES = 6  # titles, committee and council headings: the first few non-empty lines
HEADING_CHARS = 80  # a council named further along a line is in a sentence, not a heading
EXEMPT_LINES = 8  # exempt markers count only in a paper's first lines

MEETING_ON = re.compile(
    rf"\b(?:meeting|held)\b[^.;]{{0,160}}?\bon\s+[*_]*(?:{WEEKDAY}\W+)?({DATE_PATTERN})", re.I
)
PUBLISHED_ON = re.compile(rf"\b(?:published|issued)\s+(?:on\s+)?({DATE_PATTERN})", re.I)

_PROPER = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_PROPER}(?:[ \t]+(?:and|upon|on|of|{_PROPER})){{0,3}}"
COUNCIL = re.compile(
    rf"\b(?i:(?:London|Royal)\s+Borough\s+of)\s+{_PLACE}"
    rf"|\b{_PLACE}\s+(?i:(?:Metropolitan\s+Borough|County\s+Borough|County|City|Borough"
    rf"|District|Town|Parish)\s+Council|Combined\s+Authority)\b"
    rf"|\b{_PLACE}\s+(?i:Council)\b"
)
NOT_PLACE = {
    "the", "in", "at", "by", "for", "from", "to", "and", "of", "on", "dear", "interim", "chief",
    "executive", "full", "ms", "mr", "mrs", "leader", "members", "agenda", "report", "minutes",
    "item", "budget", "annual", "special", "extraordinary", "town", "city", "county", "borough",
    "district", "parish", "this", "our", "your", "whole", "local", "youth", "cabinet",
}  # fmt: skip
COUNCIL_WORDS = re.compile(
    r"\b(?:london|royal|metropolitan|county|city|borough|district|town|parish|of|council"
    r"|combined|authority)\b"
)
GOV_UK_DOMAIN = re.compile(r"([a-z0-9-]+)\.gov\.uk\b", re.I)

_BODY = r"(?i:(?:sub[- ]?)?committee|board|panel|cabinet|forum)\b"
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a space, or one line break
_NAME = rf"{_PROPER},?(?:{_SEP}(?:{_PROPER},?|and|of|for|the|on|&)){{0,8}}?{_SEP}{_BODY}"
COMMITTEE_PHRASES = [
    re.compile(rf"(?i:minutes|meeting)\s+(?i:of)\s+(?i:a\s+meeting\s+of\s+)?(?i:the\s+)?({_NAME})"),
    re.compile(rf"(?i:determined|taken|held|made)\s+(?i:at|by)\s+(?i:the\s+)?({_NAME})"),
]
BODY_AT_END = re.compile(rf"\s{_BODY}$|^(?i:cabinet)$")
BODY_NAME = re.compile(_NAME)
SELF_REFERENCE = re.compile(r"\bthe (Board|Committee|Sub-Committee|Panel)\b", re.I)
SMALL_WORDS = {"and", "of", "the", "for", "on", "in", "upon", "at", "to"}


@dataclass(frozen=True)
class DocumentMetadata:
    """What the document as a whole is; for an agenda pack, what its front sheet says."""

    title: str
    council: str
    committee: str
    meeting_date: str  # ISO "YYYY-MM-DD" of the meeting or of the paper
    doc_type: str  # one of DOC_TYPES, or ""
    classification: str  # "public" or "exempt"; exempt only when every part is


@dataclass(frozen=True)
class Part:
    """One paper inside a document: an agenda pack holds a front sheet, minutes, several reports."""

    start: int
    end: int
    title: str
    council: str
    committee: str
    meeting_date: str
    doc_type: str
    classification: str
    agenda_item: str
    agenda_item_title: str


@dataclass(frozen=True)
class _Fields:
    """What one paper's own heading says; "" where it says nothing."""

    title: str = ""
    council: str = ""
    committee: str = ""
    meeting_date: str = ""
    doc_type: str = ""
    exempt: bool = False
    agenda_item_title: str = ""


def analyse_document(clean: CleanText) -> tuple[DocumentMetadata, list[Part]]:
    """The document's metadata and its papers, in order, covering the whole text."""
    text = clean.text
    spans = split_papers(text)
    papers = [
        _read_paper(text[span.start : span.end], clean.furniture if i == 0 else ())
        for i, span in enumerate(spans)
    ]
    front = papers[0]  # an agenda pack's front sheet, or the only paper
    council = front.council or _shared_council(papers[1:]) or _corroborated_council(text)
    doc = DocumentMetadata(
        front.title, council, front.committee, front.meeting_date, front.doc_type, "public"
    )
    entries = _agenda_entries(text, spans, papers)
    parts = [
        _part(span, paper, doc, entry, after_front_sheet=i > 0)
        for i, (span, paper, entry) in enumerate(zip(spans, papers, entries, strict=True))
    ]
    exempt = all(part.classification == "exempt" for part in parts)
    return replace(doc, classification="exempt" if exempt else "public"), parts


def _agenda_entries(
    text: str, spans: list[Span], papers: list[_Fields]
) -> list[AgendaEntry | None]:
    """None for the front sheet; each later paper's entry in the front sheet's agenda."""
    entries = agenda_entries(text[spans[0].start : spans[0].end]) if len(spans) > 1 else []
    matched = match_agenda(
        [(paper.title, paper.meeting_date) for paper in papers[1:]],
        entries,
        [span.agenda_item for span in spans[1:]],
    )
    return [None, *matched]


def _part(
    span: Span,
    paper: _Fields,
    doc: DocumentMetadata,
    entry: AgendaEntry | None,
    after_front_sheet: bool,
) -> Part:
    """A paper's own values, falling back on its agenda entry and then on the document.

    Inside a pack a report belongs to the pack's meeting, whatever date its header gives;
    minutes record a meeting of their own.
    """
    if entry and not paper.title:  # a "Document is Restricted" stub: the agenda names it
        listed = _read_paper(entry.title, ())
        paper = replace(
            paper,
            title=listed.title,
            doc_type=paper.doc_type or listed.doc_type,
            meeting_date=paper.meeting_date or listed.meeting_date,
            exempt=paper.exempt or listed.exempt,
        )
    own_meeting = not after_front_sheet or paper.doc_type == "minutes"
    committee, date = (paper.committee, paper.meeting_date) if own_meeting else ("", "")
    return Part(
        start=span.start,
        end=span.end,
        title=paper.title,
        council=paper.council or doc.council,
        committee=committee or doc.committee or paper.committee,
        meeting_date=date or doc.meeting_date or paper.meeting_date,
        doc_type=paper.doc_type,
        classification="exempt" if paper.exempt else "public",
        agenda_item=entry.number if entry else span.agenda_item,
        agenda_item_title=entry.title if entry else paper.agenda_item_title,
    )


def _read_paper(text: str, furniture: tuple[str, ...]) -> _Fields:
    head = text[:HEAD_CHARS]
    lines = [line.strip() for line in head.splitlines() if line.strip()][:EXEMPT_LINES]
    fields = header_fields(head)
    title = paper_title(head, lines[:HEAD_LINES], fields)
    doc_type = paper_kind(head, lines, fields, title, furniture)
    return _Fields(
        title=title,
        council=_council(lines[:HEAD_LINES]),
        committee=_committee(text, head, lines, fields, doc_type, furniture),
        meeting_date=_meeting_date(head, lines, fields),
        doc_type=doc_type,
        exempt=is_exempt("\n".join(lines), title),
        agenda_item_title=agenda_item_title(lines),
    )


def _meeting_date(head: str, lines: list[str], fields: dict[str, str]) -> str:
    """A date line under the heading, then a header's Date:, then "meeting held on <date>"."""
    for line in lines[:HEAD_LINES]:
        if match := DATE_LINE.match(line):
            return first_date(match.group(1))
    if date := first_date(fields.get("date", "")):
        return date
    for pattern in (MEETING_ON, PUBLISHED_ON):
        if match := pattern.search(head):
            return first_date(match.group(1))
    return ""


def _committee(
    text: str,
    head: str,
    lines: list[str],
    fields: dict[str, str],
    doc_type: str,
    furniture: tuple[str, ...],
) -> str:
    meeting = DATE.sub("", fields.get("meeting", ""))
    if 0 < len(meeting) <= 100:
        return _body_name(meeting)
    addressee = meeting or fields.get("to", "")
    if match := BODY_NAME.search(addressee):
        return _body_name(match.group(0))
    if addressee.strip().lower() == "cabinet":
        return "Cabinet"
    for pattern in COMMITTEE_PHRASES:
        if match := pattern.search(head[:TITLE_CHARS]):
            return _body_name(match.group(1))
    for line in lines[:HEAD_LINES]:
        if _is_body_line(line):
            return _body_name(line)
    for line in furniture:
        if match := FURNITURE_MINUTES.match(line):
            return _body_name(match.group(1))
    return _self_named_body(text) if doc_type == "minutes" else ""


def _is_body_line(line: str) -> bool:
    """Whether a heading line is only a body's name, as in "GOVERNANCE AND AUDIT COMMITTEE"."""
    words = line.replace(",", " ").split()
    named = all(word[0].isupper() or word in SMALL_WORDS or word == "&" for word in words)
    return len(line) <= 100 and ":" not in line and named and bool(BODY_AT_END.search(line))


def _self_named_body(text: str) -> str:
    """Minutes that call themselves "the Board" and name exactly one Board in full."""
    nouns = [noun.lower() for noun in SELF_REFERENCE.findall(text)]
    if len(nouns) < 2 or len(set(nouns)) != 1:
        return ""
    noun = nouns[0]
    names = {_body_name(m.group(0)) for m in BODY_NAME.finditer(text)}
    named = [name for name in names if name.lower().endswith(noun) and " " in name]
    return named[0] if len(named) == 1 else ""


def _body_name(name: str) -> str:
    name = re.sub(r"^the\s+", "", _title_case(clean_value(name)), flags=re.I)
    return name.replace("&", "and")


def _title_case(name: str) -> str:
    """Title-case a name written in capitals ("KENT COUNTY COUNCIL"); keep mixed case as is."""
    name = " ".join(name.split())
    if any(ch.islower() for ch in name):
        return name
    words = name.lower().split()
    return " ".join(_capitalise(word, first=i == 0) for i, word in enumerate(words))


def _capitalise(word: str, first: bool) -> str:
    """Capitalise each hyphenated piece ("Sub-Committee") except small words inside a name."""
    pieces = word.split("-")
    return "-".join(
        piece if piece in SMALL_WORDS and (j or not first) else piece.capitalize()
        for j, piece in enumerate(pieces)
    )


def _council(lines: list[str]) -> str:
    for line in lines:
        for match in COUNCIL.finditer(line):
            if match.start() < HEADING_CHARS and (name := _council_name(match.group(0))):
                return name
    return ""


def _council_name(raw: str) -> str:
    """Trim words that are not part of the place ("Interim Chief Executive Kent County Council")."""
    words = raw.split()
    while words and words[0].lower() in NOT_PLACE:
        words.pop(0)
    while words and words[-1].lower() in NOT_PLACE:
        words.pop()
    name = _title_case(" ".join(words))
    place = COUNCIL_WORDS.sub(" ", name.lower()).split()
    if not place or any(word in NOT_PLACE for word in place):
        return ""
    return name


def _shared_council(papers: list[_Fields]) -> str:
    councils = {paper.council for paper in papers if paper.council}
    return councils.pop() if len(councils) == 1 else ""


def _corroborated_council(text: str) -> str:
    """A council named anywhere whose own gov.uk domain the text also uses (its contacts)."""
    domains = {re.sub(r"[^a-z]", "", d.lower()) for d in GOV_UK_DOMAIN.findall(text)}
    names = {_council_name(m.group(0)) for m in COUNCIL.finditer(text)} - {""}
    found = {n for n in names if re.sub(r"[^a-z]", "", COUNCIL_WORDS.sub("", n.lower())) in domains}
    return found.pop() if len(found) == 1 else ""
