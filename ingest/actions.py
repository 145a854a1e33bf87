"""Find the commitments a paper tracks: recommendations, governance issues, audit actions and
resolutions, each as an :class:`ActionRecord` that can be cited back to its exact words.

Pure: a read :class:`~ingest.paper.Paper` in, records out. Each finder in ``FINDERS`` reads
one shape councils use (an action-plan table, labelled issue blocks, a section answering an
audit reference, a RESOLVED clause) and returns :class:`Found` spans into the cleaned text;
this module adds the paper's metadata and the page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from ingest.action_blocks import find_audit_actions, find_issue_blocks
from ingest.action_tables import find_action_logs, find_action_tables
from ingest.action_text import Finder, Found, PartView, references_in
from ingest.chunking import ITEM_DOC_TYPES
from ingest.metadata import Part
from ingest.paper import Paper
from ingest.resolutions import find_resolutions
from ingest.structure import find_blocks

State = Literal["open", "closed"]

# "Completed", "Closed", "Implemented", "N/A" close a record; a qualifier keeps it open
# ("Almost completed", "Partly complete", "Not yet implemented"). Anything else, including
# nothing stated, is open: a commitment nobody has reported done is still owed.
CLOSED = re.compile(
    r"^(?:completed?|closed|implemented|done|achieved|delivered|resolved|withdrawn|superseded"
    r"|n/?a|not applicable|no further action|risk accepted|fully (?:implemented|completed?))\b",
    re.I,
)
OPEN_QUALIFIER = re.compile(
    r"\b(?:almost|nearly|partly|partially|substantially|not yet|not (?:started|implemented"
    r"|complete)|remains? open|ongoing|in progress|continuous|carried forward|overdue|delayed)\b",
    re.I,
)
# Finders in order of precedence: where two read the same words, the earlier one wins.
FINDERS: tuple[Finder, ...] = (
    find_action_tables,
    find_action_logs,
    find_issue_blocks,
    find_audit_actions,
    find_resolutions,
)


def action_state(status: str) -> State:
    """Open or closed, from the status as the paper states it ("; " joins several)."""
    parts = [part.strip() for part in status.split(";") if part.strip()]
    if not parts:
        return "open"
    closed = [bool(CLOSED.match(p)) and not OPEN_QUALIFIER.search(p) for p in parts]
    return "closed" if all(closed) else "open"


@dataclass(frozen=True)
class ActionRecord:
    """One tracked commitment, where it was made, and what the paper says of its progress."""

    id: str
    doc_id: str
    kind: str
    ref: str
    title: str
    text: str
    owner: str
    deadline: str
    status: str  # as stated; "" when the paper states none
    state: State
    response: str
    council: str
    committee: str
    meeting_date: str
    doc_type: str
    classification: str
    paper_title: str
    agenda_item: str
    agenda_item_title: str
    page: int
    start_char: int  # offsets of ``text`` in the cleaned paper text
    end_char: int
    record_start: int  # the whole record, and the part it sits in
    record_end: int
    part_start: int
    part_end: int
    source: str
    file_name: str

    @property
    def meeting_date_num(self) -> int:
        return int(self.meeting_date.replace("-", "") or 0)

    @property
    def keys(self) -> list[str]:
        """References another paper would use to mention this record."""
        return references_in(f"{self.ref} {self.title} {self.text}")


def extract_actions(paper: Paper) -> list[ActionRecord]:
    """Every commitment in the paper, in text order, each at most once."""
    text = paper.clean.text
    records: list[ActionRecord] = []
    seen: list[str] = []
    for part in paper.parts:
        view = PartView(text, part, find_blocks(text, part.start, part.end, items=_items(part)))
        found = [f for finder in FINDERS for f in finder(view)]
        for item in sorted(_without_overlaps(found), key=lambda f: f.start):
            words = " ".join(text[item.text_start : item.text_end].lower().split())
            if any(words in other or other in words for other in seen):
                continue  # a summary repeating the resolutions above it
            seen.append(words)
            records.append(_record(paper, view, item, len(records)))
    return records


def _items(part: Part) -> bool:
    """As the chunker: numbered headings in minutes, agendas and decisions are agenda items."""
    return part.doc_type in ITEM_DOC_TYPES


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Earlier finders win: a table row is not also read as a resolution inside it."""
    kept: list[Found] = []
    for item in found:
        if not any(item.start < other.end and other.start < item.end for other in kept):
            kept.append(item)
    return kept


def _record(paper: Paper, view: PartView, found: Found, index: int) -> ActionRecord:
    part = view.part
    meta = paper.metadata
    item, item_title = found.item or view.item_at(found.start)
    return ActionRecord(
        id=_record_id(paper.doc_id, found, index),
        doc_id=paper.doc_id,
        kind=found.kind,
        ref=found.ref,
        title=found.title,
        text=view.text[found.text_start : found.text_end],
        owner=found.owner,
        deadline=found.deadline,
        status=found.status,
        state=action_state(found.status),
        response=found.response,
        council=part.council or meta.council,
        committee=part.committee or meta.committee,
        meeting_date=part.meeting_date or meta.meeting_date,
        doc_type=part.doc_type or meta.doc_type,
        classification=part.classification or "public",
        paper_title=part.title or meta.title,
        agenda_item=item,
        agenda_item_title=item_title,
        page=paper.clean.page_at(found.text_start),
        start_char=found.text_start,
        end_char=found.text_end,
        record_start=found.start,
        record_end=found.end,
        part_start=part.start,
        part_end=part.end,
        source=str(paper.path),
        file_name=paper.path.name,
    )


def _record_id(doc_id: str, found: Found, index: int) -> str:
    """Stable for the same paper and the same record: ``<doc id>-<ref>``, made unique."""
    slug = re.sub(r"[^a-z0-9]+", "-", found.ref.lower()).strip("-") or "item"
    digest = hashlib.sha1(f"{found.text_start}:{index}".encode()).hexdigest()[:4]
    return f"{doc_id[:8]}-{slug}-{digest}"
