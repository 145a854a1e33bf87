"""Find the papers inside a document and say what each one is.

An agenda pack is a front sheet followed by minutes and reports. A paper starts at an
"Agenda Item 6" marker, at a "Document is Restricted" stub, at the heading of a set of minutes,
or at a report's labelled header ("From: / To: / Subject: / Classification:"). Each paper's
opening lines give its title, its kind, whether it is exempt, and its agenda item. The date
grammar lives here too, because headings and agenda entries are read with it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
DATE_PATTERN = (
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\.?,?\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{4}\b"
)
DATE = re.compile(DATE_PATTERN, re.I)
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "Wednesday, 25th October, 2023", "12 September 2024 at 5.00 pm", "Date: 14 May 2025": a line
# that is only a date.
DATE_LINE = re.compile(
    rf"^\W*(?:(?:meeting\s+)?date(?:\s+of\s+meeting)?\s*:\s*)?(?:{WEEKDAY}\W+)?({DATE_PATTERN})"
    r"(?:\W+(?:at\s+)?\d{1,2}[.:]\d{2}\s*[ap]\.?m\.?)?\W*$",
    re.I | re.M,
)

LABEL_NAMES = {
    "from": ["from", "by", "report of", "responsible officer"],
    "to": ["to"],
    "meeting": ["meeting", "committee", "decision maker", "report to"],
    "date": ["date", "date of meeting", "meeting date"],
    "title": ["subject", "title", "report title"],
    "classification": ["classification", "status"],
    "decision": ["key decision", "decision type", "key or non-key decision"],
    "wards": ["ward", "wards", "ward(s)", "wards affected"],
    "contact": ["contact officer"],
    "report_no": ["report no."],
}
LABEL_KEYS = {name: key for key, names in LABEL_NAMES.items() for name in names}
_LABEL = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(LABEL_KEYS, key=len, reverse=True)
)
# "Subject:", "REPORT\nTITLE:", and "Report No." (which has no colon).
LABEL = re.compile(rf"(?<![\w(])({_LABEL})(?:\s*:|(?<=\.))", re.I)
LINE_LABEL = re.compile(rf"^[ \t]*(?:[-•][ \t]*)?({_LABEL})(?:\s*:|(?<=\.))", re.I | re.M)
# Labels only committee papers carry (a memo has To/From/Date/Subject too).
PAPER_LABELS = {"meeting", "classification", "decision", "wards", "report_no"}
HEADER_WINDOW = 700
# Where a header's last field gives way to the report: "1. Summary", "Purpose:", "FOR DECISION"
BODY_START = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*[.)]?\s|(?:summary|purpose|background|introduction"
    r"|recommendations?|for (?:assurance|decision|information))\b|.*:\s*$|.{200})",
    re.I,
)
MIN_PART_CHARS = 400  # a heading before a paper's start is shorter than this

AGENDA_ITEM_MARK = re.compile(r"^[ \t]*Agenda\s+Item\s+(\d{1,3}[a-z]?)[ \t]*$", re.I | re.M)
RESTRICTED_MARK = re.compile(r"^[ \t]*Document is Restricted[ \t]*$", re.I | re.M)
# "MINUTES of a meeting of ...", "Minutes of the meeting held on ...": never a numbered minute.
MINUTES_OPENER = re.compile(r"^[ \t]*Minutes\s+of\s+(?:a|the)\b", re.I | re.M)
# "- 5. Internal Audit Progress Report (Pages 7 14)", "6 MATTERS ARISING ... (Pages 7 - 12)"
AGENDA_ENTRY = re.compile(
    r"^[ \t]*(?:-[ \t]*)?(\d{1,2}[a-z]?)\.?[ \t]+([A-Za-z].*?)"
    r"(?:[ \t]*\((Pages?[ \t]*\d+[^)]*)\))?[ \t.]*$",
    re.M,
)
WORD = re.compile(r"[a-z]+|\d{4}")
STOP_WORDS = {"the", "and", "for", "of", "on", "to", "in", "a", "an", "from", "with", "report"}

# A paper's own exempt markers: "Document is Restricted", "PART 2", "NOT FOR PUBLICATION",
# "Exempt information - paragraph 3 of Schedule 12A", "This report is exempt ...",
# "Classification: Exempt". They count only in a paper's opening lines.
EXEMPT_MARK = re.compile(
    r"^\W*(?:part\s+(?:2|ii|two)(?:\W+(?:exempt|restricted|confidential|not\s+for\s+publication"
    r"|report|item))?|document\s+is\s+restricted)\W*$"
    r"|^\W*not\s+for\s+publication\b"
    r"|^\W*(?:exempt|confidential)\b[^\n]{0,120}?\bparagraphs?\s+\d"
    r"|\bthis\s+(?:report|paper|document|item)\b[^.]{0,60}?\b(?:is|are)\s+"
    r"(?:not\s+for\s+publication|exempt(?!\s+from)|restricted|confidential)\b"
    r"|\b(?:classification|status)\s*:\s*(?:exempt|restricted|confidential|part\s+(?:2|ii))\b",
    re.I | re.M,
)
EXEMPT_WORD = re.compile(r"\bexempt\b", re.I)
SCHEDULE_12A = re.compile(r"\bschedule\s+12\s?a\b", re.I)  # the Act's list of exempt information

AGENDA_HEADING = re.compile(r"^[ \t]*A\s?G\s?E\s?N\s?D\s?A[ \t]*$(?!\s*Item)", re.I | re.M)
AGENDA_ITEM_TITLE = re.compile(r"^Agenda item\s*[-–:]\s*(\S.*)$", re.I)
NUMBERED = re.compile(r"^\W*\d+(?:\.\d+)*[.)]?\s")
# A letterhead line naming the council or the committee, which is not the paper's title.
NAME_LINE = re.compile(
    r"^(?:(?:london|royal)\s+borough\s+of\s.{2,40}|.{0,60}\b(?:council|combined\s+authority"
    r"|committee|board|panel|forum)|cabinet)$",
    re.I,
)
# A running header such as "Amenities, Leisure and Community Services Minutes | 13th March 2018"
FURNITURE_MINUTES = re.compile(r"^(.{3,80}?)\s+Minutes\b")
TITLE_CHARS = 600  # a header, a minutes heading or a committee phrase must start this early


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    agenda_item: str  # from an explicit "Agenda Item N" marker, else ""


@dataclass(frozen=True)
class AgendaEntry:
    number: str
    title: str
    has_papers: bool  # the front sheet gives it page numbers: its paper is in the pack


def split_papers(text: str) -> list[Span]:
    """Cut ``text`` into contiguous spans, one per paper, covering all of it."""
    found = _marker_starts(text) + _minutes_starts(text) + _header_starts(text)
    starts = _merge(text, sorted([(0, ""), *found]))  # a letterhead folds into the first paper
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [Span(start, end, item) for (start, item), end in zip(starts, ends, strict=True)]


def _marker_starts(text: str) -> list[tuple[int, str]]:
    marks = [(m.start(), m.group(1)) for m in AGENDA_ITEM_MARK.finditer(text)]
    return marks + [(m.start(), "") for m in RESTRICTED_MARK.finditer(text)]


def _minutes_starts(text: str) -> list[tuple[int, str]]:
    return [(_heading_start(text, m.start()), "") for m in MINUTES_OPENER.finditer(text)]


def _heading_start(text: str, offset: int) -> int:
    """Move back over up to three short capitalised heading lines (council, committee)."""
    for _ in range(3):
        before = text[:offset].rstrip()
        line_start = before.rfind("\n") + 1
        line = before[line_start:].strip()
        if not line or len(line) > 80 or not _is_heading(line):
            break
        offset = line_start
    return offset


def _is_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    words = line.split()
    capitalised = sum(word[:1].isupper() for word in words) >= 0.75 * len(words)
    return len(letters) >= 3 and (all(ch.isupper() for ch in letters) or capitalised)


def _header_starts(text: str) -> list[tuple[int, str]]:
    starts: list[tuple[int, str]] = []
    covered = -1
    for match in LINE_LABEL.finditer(text):
        if match.start() < covered or not match.group(1)[:1].isupper():
            continue
        if is_report_header(text[match.start() : match.start() + HEADER_WINDOW]):
            starts.append((match.start(), ""))
            covered = match.start() + HEADER_WINDOW
    return starts


def _merge(text: str, starts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Fold a start into the previous paper when only heading lines lie between them."""
    merged: list[tuple[int, str]] = []
    for start, item in starts:
        previous, previous_item = merged[-1] if merged else (0, "")
        if merged and not (item and previous_item) and _only_heading(text[previous:start]):
            merged[-1] = (previous, previous_item or item)
        else:
            merged.append((start, item))
    return merged


def _only_heading(text: str) -> bool:
    """Whether ``text`` is a few short heading lines ("Agenda Item 6", a letterhead).

    Few enough that a marker at the folded start stays among the paper's opening lines,
    where exempt markers are looked for.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    return len(text) < MIN_PART_CHARS and len(lines) <= 4 and all(len(x) <= 160 for x in lines)


def find_labels(text: str) -> list[re.Match[str]]:
    """Header labels that start a line or follow another label on theirs ("Meeting: X Date: Y").

    "That Committee:" in a recommendation or "(a) Subject:" on a decision form is not one.
    """
    found: list[re.Match[str]] = []
    for match in LABEL.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        first_on_line = not text[line_start : match.start()].strip(" \t-•")
        after_label = bool(found) and found[-1].start() >= line_start
        if match.group(1)[:1].isupper() and (first_on_line or after_label):
            found.append(match)
    return found


def _label_key(label: str) -> str:
    return LABEL_KEYS[" ".join(label.lower().split())]


def is_report_header(window: str) -> bool:
    """A committee report's header: a title label, a paper-only label and three kinds at least."""
    keys = {_label_key(match.group(1)) for match in find_labels(window)}
    return "title" in keys and bool(keys & PAPER_LABELS) and len(keys) >= 3


def header_fields(head: str) -> dict[str, str]:
    """The labelled fields of a report header at the start of a paper ("Subject": "...")."""
    labels = find_labels(head)
    if not labels or labels[0].start() > TITLE_CHARS or not is_report_header(head):
        return {}
    fields: dict[str, str] = {}
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        value = head[label.end() : following.start() if following else len(head)]
        fields.setdefault(_label_key(label.group(1)), _field_value(value))
    return fields


def _field_value(value: str) -> str:
    """A field's value, which may wrap onto further lines but stops where the report starts."""
    first, *rest = value.strip().split("\n")
    kept = [first]
    for line in rest:
        if BODY_START.match(line):
            break
        kept.append(line)
    return clean_value(" ".join(kept))[:250]


def clean_value(value: str) -> str:
    """One line, without markdown emphasis or the punctuation around it."""
    return " ".join(value.replace("*", " ").split()).strip(" .,:;–-")


def is_exempt(opening: str, title: str) -> bool:
    """Whether a paper's title or opening lines mark the paper itself exempt.

    A sentence about an exempt appendix, another report "not for publication", or a motion
    to exclude the press for a later item does not: only the paper's own marker counts.
    """
    return bool(EXEMPT_WORD.search(title) or EXEMPT_MARK.search(opening))


def paper_title(head: str, lines: list[str], fields: dict[str, str]) -> str:
    """The title a paper gives itself: its header's Subject, its heading, or its first line."""
    if fields.get("title"):
        return fields["title"]
    if agenda_title := agenda_item_title(lines):
        return agenda_title
    if opener := MINUTES_OPENER.search(head[:TITLE_CHARS]):
        return _minutes_heading(head[opener.start() :])
    if AGENDA_HEADING.search(head):
        return "Agenda"
    for line in lines:
        if AGENDA_ITEM_MARK.match(line) or RESTRICTED_MARK.match(line) or DATE_LINE.match(line):
            continue
        if EXEMPT_MARK.match(line) or SCHEDULE_12A.search(line):  # an exemption notice, no title
            continue
        if label := LINE_LABEL.match(line):  # a memo's "Date: ..." is no title; its "Subject:" is
            if _label_key(label.group(1)) == "title" and (
                value := clean_value(line[label.end() :])
            ):
                return value
            continue
        if NUMBERED.match(line) or NAME_LINE.match(line) or line.endswith(":"):
            continue
        if 3 <= len(line) <= 150 and not line.endswith("."):
            return clean_value(line)
    return ""


def _minutes_heading(text: str) -> str:
    """A minutes heading re-joined across its line breaks, without the venue."""
    lines = text.split("\n")
    heading = lines[0].strip()
    for line in (line.strip() for line in lines[1:3]):
        if not line or len(line) > 60 or line.endswith(":") or DATE.search(heading + line):
            break
        heading = f"{heading} {line}"
    return clean_value(re.split(r"\s+held\s+(?:in|at)\b", heading)[0])


def agenda_item_title(lines: list[str]) -> str:
    """The title of an exported minute that opens "Agenda item - Improvement Plan Progress"."""
    match = AGENDA_ITEM_TITLE.match(lines[0]) if lines else None
    return clean_value(match.group(1)) if match else ""


def paper_kind(
    head: str, lines: list[str], fields: dict[str, str], title: str, furniture: tuple[str, ...]
) -> str:
    """One of the document types, from the paper's heading, header and title; "" if unclear."""
    first = " ".join(lines[:3]).lower()
    if (
        MINUTES_OPENER.search(head[:TITLE_CHARS])
        or re.search(r"^[ \t]*minutes[ \t]*:", head, re.I | re.M)
        or re.match(r"(?:exempt\s+)?minutes\b", title, re.I)
        or any(FURNITURE_MINUTES.match(line) for line in furniture)
    ):
        return "minutes"
    if fields:
        return "report"
    if AGENDA_HEADING.search(head):
        return "agenda"
    if re.search(
        r"decision (?:recording form|notice|record|determined)|record of .{0,30}decision", first
    ):
        return "decision"
    for kind in ("forward plan", "questions"):
        if kind in first:
            return kind
    if "committee report" in first:
        return "report"
    for kind in ("governance statement", "action plan"):
        if kind in title.lower():
            return kind
    return ""


def first_date(text: str) -> str:
    """The first real calendar date written in ``text``, as ISO "YYYY-MM-DD", or ""."""
    for match in DATE.finditer(text):
        numbers = re.findall(r"\d+", match.group(0))
        month_name = re.search(r"[a-z]{3}", match.group(0).lower())
        month = MONTHS.index(month_name.group(0)) + 1 if month_name else int(numbers[1])
        day, year = int(numbers[0]), int(numbers[-1])
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            continue
    return ""


def agenda_entries(front_sheet: str) -> list[AgendaEntry]:
    """The numbered items listed on an agenda front sheet."""
    return [
        AgendaEntry(m.group(1), clean_value(m.group(2)), bool(m.group(3)))
        for m in AGENDA_ENTRY.finditer(front_sheet)
    ]


def match_agenda(
    papers: list[tuple[str, str]], entries: list[AgendaEntry], explicit: list[str]
) -> list[AgendaEntry | None]:
    """Pair each paper (title, date it records) with its agenda entry, keeping agenda order.

    An explicit "Agenda Item N" marker wins. Otherwise a paper takes the first later entry
    whose title shares at least half of its words (and two at least) with the paper's title,
    or names the same meeting date; a paper with no such entry gets none.
    """
    by_number = {entry.number: entry for entry in entries}
    candidates = [entry for entry in entries if entry.has_papers] or entries
    matched: list[AgendaEntry | None] = []
    position = 0
    for (title, date), number in zip(papers, explicit, strict=True):
        entry = by_number.get(number) if number else None
        if entry is None and not number:
            entry = _first_match(title, date, candidates[position:])
        if entry in candidates:
            position = candidates.index(entry) + 1
        matched.append(entry)
    return matched


def _first_match(title: str, date: str, entries: list[AgendaEntry]) -> AgendaEntry | None:
    words = _words(title)
    for entry in entries:
        if date and first_date(entry.title) == date:
            return entry
        entry_words = _words(entry.title)
        shared = len(words & entry_words)
        if shared >= 2 and shared >= 0.5 * len(entry_words):
            return entry
    return None


def _words(title: str) -> set[str]:
    words = WORD.findall(title.lower().replace("&", " and "))
    return {word.rstrip("s") for word in words if word not in STOP_WORDS and len(word) > 1}
