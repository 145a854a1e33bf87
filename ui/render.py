"""HTML for the conversation and the source panel, and the plain-text copy of an answer.

Every piece of paper text is escaped here: the HTML component renders what it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from assistant.answer import Answer, Citation, Passage
from assistant.answering import NO_MATCH, REFUSAL
from assistant.recency import long_date

MARKER = re.compile(r"\[(\d+)\]")
QUOTE_SEPARATOR = " … "


@dataclass(frozen=True)
class Turn:
    """One question and its answer (None while it is being worked out)."""

    question: str
    answer: Answer | None = None


def nice_title(title: str) -> str:
    """Tame shouty titles: 'ANNUAL GOVERNANCE STATEMENT 2024/25' -> 'Annual Governance ...'."""
    words = title.split()
    if title.isupper():
        words = [w.capitalize() if w.isalpha() and len(w) > 3 else w for w in words]
    elif words and words[0].isupper() and words[0].isalpha() and len(words[0]) > 3:
        words[0] = words[0].capitalize()
    return " ".join(words)


def reference_parts(passage: Passage) -> list[str]:
    """Paper title · council · committee · meeting date · item · page · section."""
    item = ""
    if passage.agenda_item:
        item = f"item {passage.agenda_item}"
        if passage.agenda_item_title:
            item += f" ({passage.agenda_item_title})"
    bits = [
        nice_title(passage.paper),
        passage.council,
        passage.committee,
        long_date(passage.meeting_date) or "undated",
        item,
        f"p. {passage.page}" if passage.page else "",
        f"§{passage.section}" if passage.section else "",
    ]
    return [bit for bit in bits if bit]


def reference_text(passage: Passage) -> str:
    return " · ".join(reference_parts(passage))


def plain_text(answer: Answer) -> str:
    """The answer and its references as plain text, ready for an email or briefing note."""
    lines = [f"Question: {answer.question}", ""]
    if answer.refused:
        lines.append(answer.text)
        return "\n".join(lines)
    lines += [answer.text, *(f"Note: {note}" for note in answer.notes), "", "References"]
    for citation in answer.citations:
        lines.append(f"[{citation.number}] {reference_text(citation.passage)}")
        for quote in citation.quote.split(QUOTE_SEPARATOR):
            lines.append(f'    "{quote}"')
    return "\n".join(lines)


def _cite_button(turn: int, number: int, citation: Citation | None) -> str:
    label = f"Reference {number}"
    if citation is not None:
        label += f": {reference_text(citation.passage)}"
    return (
        f'<button type="button" class="cite" data-turn="{turn}" data-ref="{number}" '
        f'aria-label="{escape(label)}">{number}</button>'
    )


def answer_body_html(turn: int, text: str, citations: list[Citation]) -> str:
    """Answer text with each ``[n]`` turned into a button that opens the source panel."""
    by_number = {citation.number: citation for citation in citations}
    out, last = [], 0
    for match in MARKER.finditer(text):
        out.append(escape(text[last : match.start()]))
        number = int(match.group(1))
        out.append(_cite_button(turn, number, by_number.get(number)))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def references_html(turn: int, citations: list[Citation]) -> str:
    items = []
    for citation in citations:
        passage = citation.passage
        parts = reference_parts(passage)
        exempt = (
            ' <span class="badge badge-exempt">Exempt</span>'
            if passage.classification == "exempt"
            else ""
        )
        rest = " · ".join(escape(part) for part in parts[1:])
        items.append(
            f'<li value="{citation.number}">'
            f'<a class="ref-link" href="#source-panel" data-turn="{turn}" '
            f'data-ref="{citation.number}">{escape(parts[0])}</a>{exempt}'
            f'<span class="ref-meta"> · {rest}</span></li>'
        )
    return (
        f'<section class="refs" aria-label="References"><h4>References</h4>'
        f'<ol class="ref-list">{"".join(items)}</ol></section>'
    )


def notes_html(turn: int, answer: Answer) -> str:
    """Notes built from the papers' metadata (e.g. which paper updates which), under the text."""
    return "".join(
        f'<p class="answer-note" role="note"><span class="note-label">Note</span> '
        f"{answer_body_html(turn, note, answer.citations)}</p>"
        for note in answer.notes
    )


def refusal_html(answer: Answer) -> str:
    """A refusal, plainly: what was not found, and the closest papers to look at."""
    no_match = answer.text.startswith(NO_MATCH)
    headline = NO_MATCH if no_match else REFUSAL
    hint = (
        "Clear or widen the filters and ask again."
        if no_match
        else "No answer is given because nothing in the papers you can see answers this. "
        "Try other words, or widen the filters."
    )
    closest: list[str] = []
    for passage in answer.retrieved:
        label = " · ".join(
            bit
            for bit in (nice_title(passage.paper), passage.council, long_date(passage.meeting_date))
            if bit
        )
        if label not in closest:
            closest.append(label)
    papers = ""
    if closest:
        items = "".join(f"<li>{escape(label)}</li>" for label in closest[:3])
        papers = f'<p class="refusal-closest">Closest papers:</p><ul>{items}</ul>'
    return (
        '<div class="refusal" role="status">'
        '<p class="refusal-title"><span aria-hidden="true">⚠</span> Not found in the papers</p>'
        f'<p class="refusal-text">{escape(headline)}</p>{papers}'
        f'<p class="refusal-hint">{escape(hint)}</p></div>'
    )


def turn_html(index: int, turn: Turn, shown: str | None = None) -> str:
    """One exchange. ``shown`` is the part of the answer revealed so far while streaming."""
    question = (
        f'<div class="msg msg-question"><span class="who">You asked</span>'
        f"<p>{escape(turn.question)}</p></div>"
    )
    answer = turn.answer
    if answer is None:
        body = (
            '<div class="msg msg-answer pending" aria-busy="true">'
            '<span class="who">Answer</span><p class="searching">'
            '<span class="spinner" aria-hidden="true"></span>Searching the papers…</p></div>'
        )
    elif answer.refused:
        body = f'<div class="msg msg-answer msg-refused">{refusal_html(answer)}</div>'
    else:
        streaming = shown is not None and shown != answer.text
        text = answer.text if shown is None else shown
        tail = ""
        if not streaming:
            tail = (
                notes_html(index, answer)
                + references_html(index, answer.citations)
                + '<div class="answer-actions">'
                + f'<button type="button" class="copy-answer" data-copy="{index}">'
                + "Copy answer with references</button></div>"
                + f'<pre class="plain-copy" id="plain-{index}" hidden>'
                + f"{escape(plain_text(answer))}</pre>"
            )
        body = (
            f'<div class="msg msg-answer{" streaming" if streaming else ""}" '
            f'aria-busy="{str(streaming).lower()}"><span class="who">Answer</span>'
            f'<p class="answer-text">{answer_body_html(index, text, answer.citations)}</p>'
            f"{tail}</div>"
        )
    return f'<article class="turn" data-turn="{index}">{question}{body}</article>'


EXAMPLE_GROUPS = (
    ("councillor", "Councillors", "before a meeting"),
    ("officer", "Officers", "finding precedents"),
    ("researcher", "Scrutiny researchers", "following an issue"),
)


EMPTY_LIBRARY = (
    "There are no papers you can see in the library yet. Add some on the Upload tab, or with "
    "`councilqa ingest FOLDER`, then reload this page."
)


def empty_state_html(examples: dict[str, list[str]]) -> str:
    """What a new conversation shows: what the tool does, and questions to start from."""
    groups = []
    for kind, title, purpose in EXAMPLE_GROUPS:
        buttons = "".join(
            f'<li><button type="button" class="example" data-example="{escape(q)}">'
            f"{escape(q)}</button></li>"
            for q in examples.get(kind, [])
        )
        if buttons:
            groups.append(
                f'<section class="example-group" aria-label="Examples for {escape(title)}">'
                f'<p class="example-title">{escape(title)} <span>{escape(purpose)}</span></p>'
                f"<ul>{buttons}</ul></section>"
            )
    if not groups:
        groups.append(f'<p class="empty-library">{escape(EMPTY_LIBRARY)}</p>')
    return (
        '<div class="empty-state"><p class="empty-title">Ask a question about the papers</p>'
        '<p class="empty-text">Every answer quotes the papers it comes from. Select a numbered '
        "reference to read the passage, with the quoted sentence highlighted. If the papers "
        "do not cover a question, you are told so.</p>"
        f'<div class="examples">{"".join(groups)}</div></div>'
    )


def conversation_html(
    turns: list[Turn], shown: str | None = None, examples: dict[str, list[str]] | None = None
) -> str:
    """The whole conversation; ``shown`` applies to the last turn while it streams."""
    if not turns:
        return empty_state_html(examples or {})
    last = len(turns) - 1
    return "".join(
        turn_html(index, turn, shown if index == last else None) for index, turn in enumerate(turns)
    )


def highlight(text: str, quote: str) -> str:
    """``text`` escaped, with each quoted piece wrapped in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    for piece in quote.split(QUOTE_SEPARATOR):
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece)
        if start >= 0:
            spans.append((start, start + len(piece)))
            continue
        words = [re.escape(word) for word in piece.split()]
        match = re.search(r"\s+".join(words), text, re.I) if words else None
        if match:
            spans.append(match.span())
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def source_html(citation: Citation | None, file_url: str = "", file_note: str = "") -> str:
    """The source panel: passage metadata, the passage with the quote marked, the original."""
    if citation is None:
        return (
            '<div class="source-empty"><p class="source-empty-title">Source</p>'
            "<p>Select a numbered reference in an answer to read the passage it quotes.</p></div>"
        )
    passage = citation.passage
    item = passage.agenda_item
    if item and passage.agenda_item_title:
        item = f"{item} – {passage.agenda_item_title}"
    rows = [
        ("Council", passage.council),
        ("Committee", passage.committee),
        ("Meeting date", long_date(passage.meeting_date)),
        ("Document type", passage.doc_type),
        ("Agenda item", item),
        ("Section", passage.section),
        ("Page", str(passage.page) if passage.page else ""),
        ("File", passage.file_name),
        ("Also in", "; ".join(source.label() for source in passage.also_in)),
    ]
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v)
    exempt = ""
    if passage.classification == "exempt":
        exempt = (
            '<p class="exempt-banner">Exempt information (Part 2): not for publication. '
            "Do not share outside members and officers.</p>"
        )
    if file_url:
        kind = Path(passage.file_name).suffix.lstrip(".").upper() or "file"
        where = f", page {passage.page}" if passage.page and kind == "PDF" else ""
        link = (
            f'<p class="source-file"><a href="{escape(file_url)}" target="_blank" '
            f'rel="noopener">Open the original {escape(kind)}{where}</a></p>'
        )
    else:
        link = f'<p class="source-file muted">{escape(file_note)}</p>' if file_note else ""
    return (
        f'<div class="source" data-ref="{citation.number}">'
        f'<p class="source-kicker">Reference {citation.number}</p>'
        f'<h3 class="source-title">{escape(nice_title(passage.paper))}</h3>{exempt}'
        f'<dl class="source-meta">{meta}</dl>'
        f'<p class="source-label">Passage (quoted sentence highlighted)</p>'
        f'<blockquote class="passage">{highlight(passage.text, citation.quote)}</blockquote>'
        f"{link}</div>"
    )
