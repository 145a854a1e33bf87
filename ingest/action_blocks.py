"""Commitments written as labelled blocks or as report sections.

- **Issue blocks**, as in an Annual Governance Statement appendix: "Issue 1: Debt recovery /
  Responsible officer: ... / Planned action: ... / Status: ...", or the same labels run into
  their values by the PDF ("Responsible OfficerDirector of Place").
- **Audit actions**: a numbered section answering an audit reference, "2. Action being taken
  in response to CA07-2023 (Procurement)", whose owner is the report's author.
"""

from __future__ import annotations

import re

from ingest.action_text import (
    REFERENCE,
    WHEN,
    Found,
    PartView,
    skip_marker,
    squash,
    strip_span,
)
from ingest.structure import Block

# A block starts at "Issue to be Addressed<title>" (anywhere on a line: the PDF may have run
# it onto a section heading) or at a line starting "Issue 3:" / "Recommendation 2 -".
ISSUE_START = re.compile(
    r"(?:^|(?<=\s))Issue to be Addressed[ \t]*:?[ \t]*(?=\S)"
    r"|^[ \t]*(?:(?:Significant Governance )?Issue|Recommendation|Finding)[ \t]+(\d{1,2}[a-z]?)"
    r"[ \t]*[:.\-–][ \t]*(?=\S)",
    re.M | re.I,
)
FIELDS = {
    "owner": r"responsible officers?|lead officers?|action owner|owner|lead",
    "text": r"details|description|issue|finding",
    "action": r"planned actions?(?:[ \t]+\d{4}/\d{2})?|agreed actions?|management response"
    r"|actions?",
    "review": r"end of year review|update|progress(?: update)?",
    "status": r"(?:current |rag )?status",
    "deadline": r"deadline|target date|due date|timescale|completion date",
}
# A label opens a line and is followed by ":", a dash, a space, or (run together) a capital.
FIELD = re.compile(
    r"^[ \t]*(?:[-•][ \t]*)?(?P<label>"
    + "|".join(f"(?P<{name}>{names})" for name, names in FIELDS.items())
    + r")(?:[ \t]*[:\-–][ \t]*|[ \t]+|(?-i:(?=[A-Z]))|$)",
    re.M | re.I,
)
LABELS_NEAR_START = 400  # an owner, description or status label must follow the title closely
# "This issue will remain open and will be carried forward to 2023/24", "This issue is closed"
ISSUE_STATUS = re.compile(
    r"(?<![a-z])(?:this|the) issue (?:will |is |has been |is now )?(?P<status>remains? open|closed"
    r"|resolved)(?:[^.]*?\bcarried forward to (?P<year>\d{4}/\d{2}))?",
    re.I,
)
YEAR_LABEL = re.compile(r"(\d{4}/\d{2})\s*$")

AUDIT_HEADING = re.compile(
    r"\b(?i:actions?|response|progress|update)\b[^\n]{0,80}?(?P<ref>"
    + REFERENCE.pattern
    + r")(?:\s*\((?P<title>[^)\n]{2,60})\)|\s*[-–]\s*(?P<dash>[^\n]{2,60}))?"
)
AUTHOR = re.compile(
    r"^[ \t]*(?:From|Report Author|Relevant Director/?s?|Contact Officer)[ \t]*:[ \t]*\n?[ \t]*"
    r"(\S[^\n]{2,100})",
    re.M | re.I,
)
PROGRESS = (  # how a report states progress in prose, most definite first
    ("Completed", re.compile(r"\b(?:has|have) been (?:completed|implemented|closed)\b", re.I)),
    ("Overdue", re.compile(r"\b(?:overdue|behind schedule|has slipped|slippage)\b", re.I)),
    ("In progress", re.compile(r"\b(?:good |some )?progress\b|\bunderway\b|\bon track\b", re.I)),
)
BY_WHEN = re.compile(rf"\b(?:by|before|no later than)\s+(?:the end of\s+)?({WHEN})", re.I)


def find_issue_blocks(view: PartView) -> list[Found]:
    text = view.text
    starts = [s for s in ISSUE_START.finditer(text, view.start, view.end) if _labelled(view, s)]
    found: list[Found] = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else view.end
        title_end = _line_end(text, start.end(), end)
        fields = _fields(text, title_end, end)
        found.append(_issue(view, start, title_end, end, fields, len(found) + 1))
    return found


def _labelled(view: PartView, start: re.Match[str]) -> bool:
    """An issue block names its owner, description or status straight after its title."""
    title_end = _line_end(view.text, start.end(), view.end)
    near = _fields(view.text, title_end, min(view.end, title_end + LABELS_NEAR_START))
    return any(name in {"owner", "text", "status"} for name, *_ in near)


def _line_end(text: str, start: int, limit: int) -> int:
    end = text.find("\n", start, limit)
    return limit if end < 0 else end


def _fields(text: str, start: int, end: int) -> list[tuple[str, int, int, str]]:
    """(field, label start, value start, label) for each label in ``text[start:end]``."""
    fields = []
    for match in FIELD.finditer(text, start, end):
        name = next(n for n in FIELDS if match.group(n))
        fields.append((name, match.start(), match.end(), match.group("label")))
    return fields


def _issue(
    view: PartView,
    start: re.Match[str],
    title_end: int,
    end: int,
    fields: list[tuple[str, int, int, str]],
    number: int,
) -> Found:
    text = view.text
    values: dict[str, list[tuple[int, int, str]]] = {}
    for index, (name, _, value_start, label) in enumerate(fields):
        value_end = fields[index + 1][1] if index + 1 < len(fields) else end
        a, b = strip_span(text, value_start, value_end)
        values.setdefault(name, []).append((a, b, label))
    title = squash(text[start.end() : title_end])
    block = text[start.start() : end]
    status = _status(text, values, block)
    deadline = _first(text, values, "deadline")
    if not deadline and "action" in values:  # "Planned Action 2023/24": the year it is for
        year = YEAR_LABEL.search(values["action"][-1][2])
        deadline = year.group(1) if year else ""
    text_span = values.get("text", [(*strip_span(text, start.end(), title_end), "")])[0]
    actions = [squash(text[a:b]) for a, b, _ in values.get("action", [])]
    governance = view.part.doc_type == "governance statement" or "issue" in start.group(0).lower()
    return Found(
        kind="governance issue" if governance else "recommendation",
        ref=f"Issue {start.group(1) or number}",
        text_start=text_span[0],
        text_end=text_span[1],
        start=start.start(),
        end=end,
        title=title,
        owner=_first(text, values, "owner"),
        deadline=deadline,
        status=status,
        response=actions[-1] if actions else "",
    )


def _first(text: str, values: dict[str, list[tuple[int, int, str]]], name: str) -> str:
    if name not in values:
        return ""
    a, b, _ = values[name][0]
    return squash(text[a:b].split("\n", 1)[0])


def _status(text: str, values: dict[str, list[tuple[int, int, str]]], block: str) -> str:
    """The "Status:" label's first clause, or a closing/carrying-forward statement."""
    stated = _first(text, values, "status")
    if stated:
        return re.split(r"[.;]\s", stated + " ", maxsplit=1)[0].strip(" .")
    statement = ISSUE_STATUS.search(block)
    if not statement:
        return ""
    status = statement.group("status").lower()
    label = "Remains open" if "open" in status else status.capitalize()
    year = statement.group("year")
    return f"{label}, carried forward to {year}" if year else label


# --- audit actions -----------------------------------------------------------------------


def find_audit_actions(view: PartView) -> list[Found]:
    """A numbered heading naming an audit reference opens that audit's action record."""
    text, blocks = view.text, view.blocks
    found: list[Found] = []
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        line = text[block.start : block.end]
        heading = AUDIT_HEADING.search(line)
        if not heading or block.kind not in {"heading", "numbered"} or not block.section:
            continue
        if "." in block.section or heading.group("ref") in seen or len(line) > 160:
            continue
        section = _section_blocks(blocks[index + 1 :], block.section)
        if not section:
            continue
        seen.add(heading.group("ref"))
        first = next((b for b in section if b.kind == "numbered"), section[0])
        end = section[-1].end
        prose = text[section[0].start : end]
        title = heading.group("title") or heading.group("dash") or ""
        by_when = BY_WHEN.search(prose)
        text_start, text_end = skip_marker(text, first.start, first.end)
        found.append(
            Found(
                kind="audit action",
                ref=heading.group("ref"),
                text_start=text_start,
                text_end=text_end,
                start=block.start,
                end=end,
                title=squash(title),
                owner=_author(view),
                deadline=squash(by_when.group(1)) if by_when else "",
                status=next((name for name, p in PROGRESS if p.search(prose)), ""),
                response=squash(text[first.end : end]),
            )
        )
    return found


def _section_blocks(blocks: list[Block], number: str) -> list[Block]:
    """The blocks of section ``number``: until a block numbered outside it."""
    section = []
    for block in blocks:
        if block.section and not block.section.startswith(f"{number}."):
            break
        section.append(block)
    return section


def _author(view: PartView) -> str:
    """Who the report is from: its "From:" (or author, director, contact) line."""
    head = view.text[view.start : min(view.end, view.start + 1500)]
    match = AUTHOR.search(head) or AUTHOR.search(view.text, view.start, view.end)
    return squash(match.group(1)) if match else ""
