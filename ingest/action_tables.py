"""Action-plan tables: a pipe table with a reference column and a recommendation or action
column (peer-challenge and audit action plans), and the flattened "matters arising" action
log whose rows end with who acts and by when.

A pipe table's columns are read from its header row, so "Ref | Recommendation | Response and
action | Deadline | Completed" and "Ref | Action | Owner | Deadline | Status" both work. A
cell may run over several lines, and a row that carries on a recommendation (a second
response with its own deadline and status) has fewer cells, aligned to the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from ingest.action_text import WHEN_AT_END, Found, PartView, squash, strip_span

Span = tuple[int, int]

ROLES = (  # header cell → role; the first role that matches and is still free wins
    ("ref", re.compile(r"^(?:ref(?:erence)?\.?|no\.?|number|#|id|item|(?:rec|action)\.? no\.?)$")),
    ("status", re.compile(r"^(?:status|completed?|rag(?: status)?|current status|state)$")),
    ("deadline", re.compile(r"deadline|due|target|timescale|by when|completion|date")),
    ("owner", re.compile(r"owner|responsib|lead|action by|officer|by whom")),
    ("text", re.compile(r"recommendation|issue|finding|weakness|area for")),
    ("response", re.compile(r"response|update|progress|comment|position")),
    ("action", re.compile(r"action")),
)
SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
REF_CELL = re.compile(r"^[A-Za-z]{0,6}[-.]?\d{1,3}(?:\.\d{1,2})?[a-z]?$")
LOG_HEADER_WHO = re.compile(r"\baction by\b|\bresponsib|\bowner\b|\blead officer\b", re.I)
LOG_HEADER_WHEN = re.compile(r"completion date|deadline|target date|due date|by when", re.I)
LOG_ROW = re.compile(r"^(\d{1,3})\s+([A-Z].*)")
SHORT_OWNER_WORDS = 5


@dataclass
class _Record:
    ref: str
    start: int
    end: int
    text: Span | None = None
    responses: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def find_action_tables(view: PartView) -> list[Found]:
    found: list[Found] = []
    for block in view.blocks:
        if block.kind != "table":
            continue
        rows = _rows(view.text, block.start, view.end)
        if len(rows) < 3 or not all(SEPARATOR_CELL.match(c) for c in _values(view.text, rows[1])):
            continue
        roles = _roles([view.text[a:b].lower() for a, b in _cells(view.text, rows[0])])
        if roles is None or any(f.start <= block.start < f.end for f in found):
            continue
        found.extend(_table_records(view, rows, roles, _caption(view, rows[0][0])))
    return found


def _rows(text: str, start: int, limit: int) -> list[Span]:
    """Logical rows from ``start``: a row runs on over lines until a line ends with "|"."""
    rows: list[Span] = []
    row_start = -1
    for line in re.finditer(r"^.*$", text[start:limit], re.M):
        line_start, line_end = start + line.start(), start + line.end()
        value = line.group(0).strip()
        if row_start < 0:
            if not value.startswith("|"):
                break
            row_start = line_start
        if value.endswith("|"):
            rows.append((row_start, line_end))
            row_start = -1
    return rows


def _cells(text: str, row: Span) -> list[Span]:
    """Cells between the pipes, stripped; trailing empty cells dropped."""
    pipes = [row[0] + m.start() for m in re.finditer(r"\|", text[row[0] : row[1]])]
    cells = [strip_span(text, a + 1, b) for a, b in pairwise(pipes)]
    while cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    return cells


def _values(text: str, row: Span) -> list[str]:
    return [text[a:b] for a, b in _cells(text, row)]


def _roles(header: list[str]) -> dict[int, str] | None:
    """Column index → role, or None when this is not an action table."""
    roles: dict[int, str] = {}
    for index, name in enumerate(header):
        for role, pattern in ROLES:
            if role not in roles.values() and pattern.search(name.strip()):
                roles[index] = role
                break
    taken = set(roles.values())
    if "text" not in taken and "action" in taken:
        roles = {i: "text" if r == "action" else r for i, r in roles.items()}
    elif "response" not in taken and "action" in taken:
        roles = {i: "response" if r == "action" else r for i, r in roles.items()}
    taken = set(roles.values())
    if {"ref", "text"} <= taken and taken & {"owner", "deadline", "status", "response"}:
        return {**roles, -1: "recommendation" if "recommend" in " ".join(header) else "action"}
    return None


def _table_records(
    view: PartView, rows: list[Span], roles: dict[int, str], caption: str
) -> list[Found]:
    text, width = view.text, len(roles) - 1
    ref_column = next(i for i, role in roles.items() if role == "ref")
    records: list[_Record] = []
    for row in rows[2:]:
        cells = _cells(text, row)
        if not cells:
            continue
        ref = squash(text[slice(*cells[ref_column])]) if len(cells) >= width else ""
        if ref and REF_CELL.match(ref):
            records.append(_Record(ref, row[0], row[1]))
            columns = range(len(cells))
        elif records and len(cells) < width:  # carries on the record above, right-aligned
            records[-1].end = row[1]
            columns = range(width - len(cells), width)
        else:
            continue
        for column, cell in zip(columns, cells, strict=True):
            _fill(records[-1], roles.get(column, ""), cell, text)
    kind = roles[-1]
    return [
        Found(
            kind=kind,
            ref=r.ref,
            text_start=r.text[0],
            text_end=r.text[1],
            start=r.start,
            end=r.end,
            title=caption,
            owner="; ".join(dict.fromkeys(r.owners)),
            deadline="; ".join(dict.fromkeys(r.deadlines)),
            status="; ".join(dict.fromkeys(r.statuses)),
            response=" ".join(r.responses),
        )
        for r in records
        if r.text and r.text[1] > r.text[0]
    ]


def _fill(record: _Record, role: str, cell: Span, text: str) -> None:
    value = squash(text[slice(*cell)])
    if not value:
        return
    if role == "text" and record.text is None:
        record.text = cell
    elif role in {"response", "text"}:
        record.responses.append(value)
    elif role == "owner":
        record.owners.append(value)
    elif role == "deadline":
        record.deadlines.append(value)
    elif role == "status":
        record.statuses.append(value)


def _caption(view: PartView, header_start: int) -> str:
    """The line above the table when it reads as a caption, else the part's title."""
    before = view.text[view.start : header_start].rstrip().rsplit("\n", 1)[-1].strip()
    if before and not before.endswith((".", ":")) and len(before.split()) <= 25:
        return squash(before)
    return view.part.title


# --- the flattened action log ------------------------------------------------------------


def find_action_logs(view: PartView) -> list[Found]:
    """Rows under a header naming who acts and by when, each ending "<owner> <date>"."""
    text = view.text
    lines = [(view.start + m.start(), view.start + m.end()) for m in _lines(text, view)]
    found: list[Found] = []
    for index, (line_start, line_end) in enumerate(lines):
        header = text[line_start:line_end]
        if header.lstrip().startswith("|"):
            continue
        if LOG_HEADER_WHO.search(header) and (
            LOG_HEADER_WHEN.search(header)
            or LOG_HEADER_WHEN.search(text[line_end : line_end + 80].split("\n", 2)[1])
        ):
            minute = "minute" in header.lower()
            found.extend(_log_rows(text, lines[index + 1 :], minute))
    return found


def _lines(text: str, view: PartView) -> list[re.Match[str]]:
    return [m for m in re.finditer(r"[^\n]+", text[view.start : view.end]) if m.group(0).strip()]


def _log_rows(text: str, lines: list[Span], minute: bool) -> list[Found]:
    rows: list[Span] = []
    row_start = -1
    for line_start, line_end in lines:
        line = text[line_start:line_end].strip()
        if row_start < 0:
            if not LOG_ROW.match(line):
                if rows:
                    break
                continue  # the header's own second line ("Completion Date")
            row_start = line_start
        if WHEN_AT_END.search(line):
            rows.append((row_start, line_end))
            row_start = -1
    parsed = [_log_row(text, row, minute) for row in rows]
    owners = {p[1] for p in parsed if p[1]}
    found = []
    for found_row, owner in parsed:
        if not owner:  # no full stop before the owner: use one another row named
            tail = text[found_row.text_start : found_row.text_end]
            owner = next((o for o in owners if tail.endswith(o)), "")
            if owner:
                end = found_row.text_end - len(owner)
                start, end = strip_span(text, found_row.text_start, end)
                found_row = replace(found_row, text_start=start, text_end=end)
        found.append(replace(found_row, owner=owner))
    return found


def _log_row(text: str, row: Span, minute: bool) -> tuple[Found, str]:
    body = text[row[0] : row[1]]
    number = LOG_ROW.match(body.strip())
    when = WHEN_AT_END.search(body)
    assert number and when  # both checked by the caller
    head_end = body.find(")") + 1 if "(from" in body[:200] else 0
    title = squash(re.split(r"\(|:", body[len(number.group(1)) : head_end or 120])[0])
    rest_end = when.start()
    last_stop = max(body.rfind(".", head_end, rest_end), body.rfind(")", head_end, rest_end))
    owner = squash(body[last_stop + 1 : rest_end]) if last_stop >= 0 else ""
    if len(owner.split()) > SHORT_OWNER_WORDS or not owner[:1].isupper():
        owner, text_end = "", rest_end
    else:
        text_end = last_stop + 1
    start, end = strip_span(text, row[0] + max(head_end, len(number.group(1))), row[0] + text_end)
    ref = f"Minute {number.group(1)}" if minute else number.group(1)
    deadline = squash(when.group(1))
    return Found("action", ref, start, end, row[0], row[1], title, "", deadline), owner
