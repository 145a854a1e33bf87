"""Split chunk text into quotable sentences with their offsets, and compare their terms."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? followed by space and a capital, digit, bracket or quote.
BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(£A-Z0-9])")
ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Cllr|No|e\.g|i\.e|etc|para|paras|St|approx)\.$", re.I
)
# List markers and table pipes a reader does not need to see in an answer.
LEADING_MARKER = re.compile(
    r"^[|\s]*(?:[-•·*]\s+)?(?:\d{1,2}(?:\.\d{1,2})+[.)]?|\(?\d{1,2}[.)]|\(?[a-z]{1,3}\))?[|\s]*"
)
INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|all)\b.{0,20}\binstructions?\b"
    r"|\byou are (now )?(an? )?(ai|assistant|language model)\b|\bsystem prompt\b",
    re.I,
)
# Report header fields: metadata about the paper, never an answer in themselves.
HEADER_FIELD = re.compile(
    r"^(subject|from|to|by|date|title|classification|status|contact officer|report author|"
    r"ward\(?s?\)?|decision maker|meeting|report no\.?|tel|telephone|e-?mail)\s*:",
    re.I,
)
# ...but those naming a person answer "who is the contact officer / who wrote it": quoted for
# a question asking who, and no other ("Contact Officer: Jon McGinty", "By: James Flannery").
PERSON_LABEL = (
    r"(?:contact officer|contact|report author|author|by|lead officer|chief officer"
    r"|project manager|responsible officer|finance business partner)"
)
# The name follows the label after a colon, on the next line ("Contact Officer" / "Mark Rolfe
# Interim Head of Community Protection"), or run together with it from a table's cells
# ("Responsible OfficerStephen Kitchman").
PERSON_FIELD = re.compile(
    rf"^{PERSON_LABEL}(?:\s*:\s*(?=\S)|[ \t]*:?[ \t]*\n\s*(?-i:(?=[A-Z]))|(?-i:(?=[A-Z][a-z])))",
    re.I,
)
# An attendance list's line: "Councillor Neil Reddin (Chairman)".
ATTENDEE = re.compile(
    r"^(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][^()\n]{1,60}\([^()\n]{2,60}\)$"
)
MAX_ATTENDEE_WORDS = 10
LABEL_LINE = re.compile(rf"^{PERSON_LABEL}\s*:?$", re.I)  # the label alone, the name below
# Words that point back to the sentence before ("This Panel is...", "It was agreed...").
REFERS_BACK = re.compile(r"^(?:this|these|that|those|it|they|such|he|she)\b", re.I)
# What a committee votes on, and a vote's outcome in minutes: "On being put to the vote the
# amendment was LOST (2 members voting in favour and 7 against)", "The amendment was
# withdrawn on the above assurances."
MOTION = r"\b(?:amendment|recommendation|motion|proposal)s?\b"
VOTE_OUTCOME = re.compile(
    rf"\bput to the vote\b|{MOTION}[^.]{{0,60}}\b(?:was|were)\s+"
    r"(?:carried|lost|fell|withdrawn|defeated)\b",
    re.I,
)
MOTION_WORD = re.compile(MOTION, re.I)
# A motion's own wording, as minutes record it: "Approves the removal of the 30-minute free
# parking tariff", "Delegate authority to the Executive Director...".
MOTION_WORDING = re.compile(
    r"^\W*(?:\d+\.?\s+)?(?:approves?|agrees?|notes?|delegates?|authorises?|endorses?|adopts?"
    r"|refers?|implements?|removes?|rejects?|defers?)\b",
    re.I,
)
SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
# An amount's unit is a whole word: "40mph" is 40, not £40m; "3km" is 3, not 3k.
NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|bn|m|k)(?![a-z])|\s?%)?", re.I)
UNIT_WORDS = {"million": "m", "billion": "bn"}
UNIT_WORD = re.compile("(?:" + "|".join(UNIT_WORDS) + ")$")
MIN_WORDS = 5
# A flattened table row ends in its outcome column, a cell alone on its line ("Approved.").
OUTCOME_CELL = re.compile(
    r"^(?:approved|rejected|deferred|refused|declined|agreed|not approved|withdrawn)\.?$", re.I
)
MAX_ROW_CELLS = 16  # short lines quoted as a row's closing cells (wards, amounts, a total)
# An agenda's contents line: "13 EXEMPT MINUTES ... (Pages 103 - 104) .....".
CONTENTS_LINE = re.compile(r"\(Pages?\s+\d+|\.{4,}")
# A full stop after a word, then more: a table row that holds a sentence, not a title.
STATEMENT_INSIDE = re.compile(r"(?:[a-z]{2,}|\d{4})\.\s+\S")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk: ``text`` is an exact substring at ``start``."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_sentences(text: str) -> list[Sentence]:
    """Quotable sentences: lines split at sentence ends, markers trimmed, too-short dropped.

    Short lines are kept in one case: a flattened table row's closing cells, from the line
    after its description to its outcome ("Trinity", "£1,385", "Approved."), are one
    sentence, since the outcome is the decision on the row and too short to quote alone."""
    sentences: list[Sentence] = []
    cells: list[int] = []  # where the short lines since the last sentence start
    for line in re.finditer(r"[^\n]+", text):
        found = []
        for offset, piece in _pieces(line.group(0)):
            marker = LEADING_MARKER.match(piece)
            skip = marker.end() if marker else 0
            body = piece[skip:].rstrip(" |")
            quotable = not (INSTRUCTION.search(body) or HEADER_FIELD.match(body))
            if len(body.split()) >= MIN_WORDS and quotable:
                found.append(Sentence(body, line.start() + offset + skip))
        if found:
            sentences += found
            cells = []
        elif cell := line.group(0).strip():
            cells = [*cells[-MAX_ROW_CELLS + 1 :], line.start() + line.group(0).index(cell)]
            if OUTCOME_CELL.match(cell):
                end = line.start() + len(line.group(0).rstrip())
                sentences.append(Sentence(text[cells[0] : end], cells[0]))
                cells = []
    return sentences


def is_person_field(text: str) -> bool:
    return bool(PERSON_FIELD.match(text))


def field_value(text: str) -> str:
    """What a header field naming someone gives after its label ("" for any other text)."""
    field = PERSON_FIELD.match(text)
    return text[field.end() :] if field else ""


def person_fields(text: str) -> list[Sentence]:
    """The lines naming someone that ``split_sentences`` leaves out: header fields
    (``PERSON_FIELD``), as one line, a line too short for a sentence, or a label alone on its
    line with the name on the next, quoted as both lines; and an attendance list's lines."""
    fields = []
    lines = list(re.finditer(r"[^\n]+", text))
    for line, below in zip(lines, [*lines[1:], None], strict=True):
        body = line.group(0).strip()
        start = line.start() + line.group(0).index(body) if body else line.start()
        if LABEL_LINE.match(body) and below is not None:
            body = text[start : below.start() + len(below.group(0).rstrip())]
            if is_person_field(body):
                fields.append(Sentence(body, start))
        elif (
            is_person_field(body) and (HEADER_FIELD.match(body) or len(body.split()) < MIN_WORDS)
        ) or (ATTENDEE.match(body) and len(body.split()) <= MAX_ATTENDEE_WORDS):
            fields.append(Sentence(body, start))
    return fields


def with_person_fields(text: str) -> list[Sentence]:
    """The sentences and the lines naming someone, in order; a line naming someone replaces
    the sentences within it ("Councillor Nicholas Bennett J.P." of "Councillor Nicholas
    Bennett J.P. (Vice-Chairman)", the name below a "Contact Officer" label)."""
    fields = person_fields(text)
    spans = [(f.start, f.start + len(f.text)) for f in fields]
    sentences = [
        s
        for s in split_sentences(text)
        if not any(start <= s.start and s.start + len(s.text) <= end for start, end in spans)
    ]
    return sorted(sentences + fields, key=lambda s: s.start)


def closes_row(text: str) -> bool:
    """Whether a sentence is a table row's closing cells, ending in its outcome."""
    return bool(OUTCOME_CELL.match(text.splitlines()[-1].strip()))


def _pieces(line: str) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in BOUNDARY.finditer(line):
        if ABBREVIATIONS.search(line[start : match.start() + 1]):
            continue
        pieces.append((start, line[start : match.start()].rstrip() + _closing(line, match)))
        start = match.end()
    pieces.append((start, line[start:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def _closing(line: str, match: re.Match[str]) -> str:
    """Keep a closing quote or bracket that follows the full stop with its sentence."""
    return match.group(0).rstrip()


def numbers_in(text: str) -> set[str]:
    """Numbers and amounts, normalised ("£42.3m" for "£42.3 million", "2023", "75%")."""
    values = (re.sub(r"[\s,]", "", match.group(0)).lower() for match in NUMBER.finditer(text))
    return {UNIT_WORD.sub(lambda unit: UNIT_WORDS[unit.group(0)], value) for value in values}


def is_heading(text: str) -> bool:
    """A title rather than a statement: no closing punctuation and mostly capitalised words.

    "Table 22 - Adult Social Care and Health" and "Harbour Road Development (Item 3)" name
    what follows; "Access to telecommunications data – 4 (2)" is a table row that answers.
    """
    if CONTENTS_LINE.search(text):
        return True
    if text.rstrip().endswith((".", "!", "?", ";", ":")) or STATEMENT_INSIDE.search(text):
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if w.lower() not in SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.5


def is_lead_in(text: str) -> bool:
    """A sentence that introduces a list ("...will focus on during 2023/24 will include:")."""
    return text.rstrip().endswith(":")


def is_vote_outcome(text: str) -> bool:
    """A record of how a motion, amendment or recommendation fared when put to the vote."""
    return bool(VOTE_OUTCOME.search(text))


def motion_kind(text: str) -> str | None:
    """ "amendment" or "recommendation", as the text last names one ("“Recommendation 5.",
    too short to quote, still names what follows it)."""
    found = MOTION_WORD.findall(text)
    if not found:
        return None
    return "amendment" if found[-1].lower().startswith("amend") else "recommendation"


def is_motion(text: str) -> bool:
    """Whether a sentence puts something to a committee: a motion's wording, or one naming a
    motion ("Councillor Clark moved an amendment...")."""
    return bool(MOTION_WORDING.match(text) or MOTION_WORD.search(text))


def refers_back(text: str) -> bool:
    """A sentence that only makes sense after the one before it ("This Panel is...")."""
    return bool(REFERS_BACK.match(text))
