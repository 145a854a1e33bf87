"""Prefer the newer paper: when an answer cites papers of one council and body from different
dates, put the newer paper's sentences first and say which paper updates which.

Works on the finished :class:`Answer`, after verification, so it never changes what a
sentence says or cites: it only reorders sentences, renumbers the references in the new
reading order, and adds a note built from the papers' metadata alone (date, type, body),
never from their text. Older evidence stays cited.

Two cited passages are *comparable* when they name the same council and either the same
committee or, where a committee is missing, the same document type (two annual governance
statements, say). Comparable passages with different meeting dates form one group.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from assistant.answer import Answer, Citation, Passage

# Verification strips markers from sentence text, so each sentence ends with its own group.
SENTENCE = re.compile(r"\s*(.+?)\s*((?:\[\d+\])+)(?=\s|$)", re.S)
MARK = re.compile(r"\[(\d+)\]")
SAME_QUOTE = 0.8  # word-set overlap above which two quotes say the same thing


def prefer_newer(answer: Answer) -> Answer:
    """``answer`` with newer same-body evidence first and a note per group; else unchanged."""
    if answer.refused or len(answer.citations) < 2:
        return answer
    groups = dated_groups(answer.citations)
    sentences = _sentences(answer.text)
    if not groups or sentences is None:
        return answer
    dates = {c.number: c.passage.meeting_date for c in answer.citations}
    for group in groups:
        sentences = _newest_first(sentences, set(group), dates)
    renumber = _reading_order(sentences)
    citations = sorted(
        (replace(c, number=renumber[c.number]) for c in answer.citations if c.number in renumber),
        key=lambda c: c.number,
    )
    text = " ".join(f"{body} {_marks(numbers, renumber)}" for body, numbers in sentences)
    notes = []
    for group in groups:
        numbers = {renumber[n] for n in group if n in renumber}
        notes.append(update_note([c for c in citations if c.number in numbers]))
    return replace(answer, text=text, citations=citations, notes=[*answer.notes, *notes])


def dated_groups(citations: list[Citation]) -> list[list[int]]:
    """Citation numbers of comparable passages spanning two or more dates, one list each."""
    parent = {c.number: c.number for c in citations}

    def root(n: int) -> int:
        while parent[n] != n:
            n = parent[n]
        return n

    for i, first in enumerate(citations):
        for second in citations[i + 1 :]:
            if comparable(first.passage, second.passage):
                parent[root(second.number)] = root(first.number)
    members: dict[int, list[int]] = {}
    for citation in citations:
        members.setdefault(root(citation.number), []).append(citation.number)
    by_number = {c.number: c for c in citations}
    return [
        numbers
        for numbers in members.values()
        if len({by_number[n].passage.meeting_date for n in numbers}) > 1
    ]


def comparable(a: Passage, b: Passage) -> bool:
    """Same council and same body (committee, else document type), both dated."""
    if not (a.meeting_date and b.meeting_date and a.council and b.council):
        return False
    if _fold(a.council) != _fold(b.council):
        return False
    if a.committee and b.committee:
        return _fold(a.committee) == _fold(b.committee)
    return bool(a.doc_type) and _fold(a.doc_type) == _fold(b.doc_type)


def update_note(citations: list[Citation]) -> str:
    """ "The 18 June 2025 report [1] updates the position in the 12 March 2025 minutes [2]
    (Eastmere Borough Council, Audit and Governance Committee); the newer paper comes first." """
    newest = max(c.passage.meeting_date for c in citations)
    newer = [c for c in citations if c.passage.meeting_date == newest]
    older = [c for c in citations if c.passage.meeting_date != newest]
    same = all(any(_same_quote(o.quote, n.quote) for n in newer) for o in older)
    verb = "restates" if same else "updates"
    older_labels = _join([_label(group) for group in _by_paper(older)])
    first = newer[0].passage
    body = ", ".join(x for x in (first.council, first.committee or first.doc_type) if x)
    return (
        f"The {_label(newer)} {verb} the position in the {older_labels} ({body}); "
        "the newer paper comes first."
    )


def long_date(value: str) -> str:
    """'2025-06-18' -> '18 June 2025'."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def _label(citations: list[Citation]) -> str:
    passage = citations[0].passage
    marks = "".join(f"[{c.number}]" for c in citations)
    return f"{long_date(passage.meeting_date)} {passage.doc_type or 'paper'} {marks}"


def _by_paper(citations: list[Citation]) -> list[list[Citation]]:
    papers: dict[tuple[str, str], list[Citation]] = {}
    for citation in sorted(citations, key=lambda c: c.passage.meeting_date, reverse=True):
        key = (citation.passage.meeting_date, citation.passage.doc_type)
        papers.setdefault(key, []).append(citation)
    return list(papers.values())


def _join(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _sentences(text: str) -> list[tuple[str, list[int]]] | None:
    """(sentence, its citation numbers) in order; None if the text does not parse cleanly."""
    sentences, end = [], 0
    for match in SENTENCE.finditer(text):
        if match.start() != end:
            return None
        sentences.append((match.group(1), [int(n) for n in MARK.findall(match.group(2))]))
        end = match.end()
    return sentences if text[end:].strip() == "" and sentences else None


def _newest_first(
    sentences: list[tuple[str, list[int]]], group: set[int], dates: dict[int, str]
) -> list[tuple[str, list[int]]]:
    """The group's sentences, newest first, in the slots they already held; others stay."""
    slots = [i for i, (_, numbers) in enumerate(sentences) if group & set(numbers)]

    def newest(index: int) -> str:
        return max(dates[n] for n in sentences[index][1] if n in group)

    ordered = sorted(slots, key=newest, reverse=True)  # stable: ties keep their order
    result = list(sentences)
    for slot, source in zip(slots, ordered, strict=True):
        result[slot] = sentences[source]
    return result


def _reading_order(sentences: list[tuple[str, list[int]]]) -> dict[int, int]:
    order: list[int] = []
    for _, numbers in sentences:
        order += [n for n in numbers if n not in order]
    return {old: new for new, old in enumerate(order, start=1)}


def _marks(numbers: list[int], renumber: dict[int, int]) -> str:
    return "".join(f"[{renumber[n]}]" for n in numbers)


def _same_quote(a: str, b: str) -> bool:
    words_a, words_b = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= SAME_QUOTE


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())
