"""Typed results at the assistant boundary: the UI, CLI and eval see only these."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from llama_index.core.schema import NodeWithScore

# A numbered paragraph at a line start: "2.3 The final...", "- 3.1 Audit ..."
PARAGRAPH_NUMBER = re.compile(r"(?m)^[ \t]*(?:[-•][ \t]+)?(\d{1,2}(?:\.\d{1,2})+)\b")


@dataclass(frozen=True)
class Provenance:
    """Another paper holding the same passage: a report and the agenda pack it is in."""

    doc_id: str
    paper: str  # the part's title inside a pack
    title: str  # the paper's own title, e.g. the pack's
    meeting_date: str = ""
    page: int = 0
    file_name: str = ""

    def label(self) -> str:
        """ "Agenda · 2023-10-25 · p. 11 · gac-pack.pdf": the file tells a pack from its report,
        whose titles are often the same."""
        bits = [self.title or self.paper, self.meeting_date]
        bits += [f"p. {self.page}" if self.page else "", self.file_name]
        return " · ".join(bit for bit in bits if bit)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the metadata a citation or a search result needs."""

    chunk_id: str
    doc_id: str
    text: str
    score: float
    title: str
    part_title: str
    council: str
    committee: str
    meeting_date: str
    doc_type: str
    classification: str
    agenda_item: str
    agenda_item_title: str
    section: str
    page: int
    file_name: str
    source: str
    start_char: int
    page_breaks: str = ""  # "offset:page,..." for pages that begin inside the passage
    also_in: tuple[Provenance, ...] = ()  # other papers holding this passage, not re-indexed

    @classmethod
    def from_node(cls, hit: NodeWithScore) -> Passage:
        meta = hit.node.metadata
        return cls(
            chunk_id=hit.node.node_id,
            doc_id=hit.node.ref_doc_id or meta.get("document_id", ""),
            text=hit.node.get_content(),
            score=float(hit.score or 0.0),
            title=meta.get("title", ""),
            part_title=meta.get("part_title", ""),
            council=meta.get("council", ""),
            committee=meta.get("committee", ""),
            meeting_date=meta.get("meeting_date", ""),
            doc_type=meta.get("doc_type", ""),
            classification=meta.get("classification", "public"),
            agenda_item=meta.get("agenda_item", ""),
            agenda_item_title=meta.get("agenda_item_title", ""),
            section=meta.get("section", ""),
            page=int(meta.get("page", 0) or 0),
            file_name=meta.get("file_name", ""),
            source=meta.get("source", ""),
            start_char=int(meta.get("start_char", 0) or 0),
            page_breaks=str(meta.get("page_breaks", "")),
            also_in=tuple(Provenance(**source) for source in meta.get("also_in", [])),
        )

    def locate(self, quote: str) -> Passage:
        """This passage with the page and section of ``quote`` within it.

        A chunk may start in paragraph 2.2 on page 11 and quote a sentence of 2.3 on page 12;
        a citation should point at the sentence, not at the chunk's start.
        """
        offset = self.text.find(quote)
        if offset < 0:
            return self
        page = self.page
        for pair in filter(None, self.page_breaks.split(",")):
            start, number = (int(x) for x in pair.split(":"))
            if start <= offset:
                page = number
        numbered = list(PARAGRAPH_NUMBER.finditer(self.text, 0, offset + 1))
        section = numbered[-1].group(1) if numbered else self.section
        return replace(self, page=page, section=section)

    @property
    def paper(self) -> str:
        """The paper as a reader would name it: the part's title inside a pack."""
        return self.part_title or self.title or self.file_name

    def reference(self) -> str:
        """ "Debt Recovery report · 2025-06-18 · item 5 · p. 3 · §2.1"."""
        bits = [self.paper, self.council, self.meeting_date or "undated"]
        if self.agenda_item:
            bits.append(f"item {self.agenda_item}")
        if self.page:
            bits.append(f"p. {self.page}")
        if self.section:
            bits.append(f"§{self.section}")
        reference = " · ".join(bit for bit in bits if bit)
        if self.also_in:
            reference += " (also in " + "; ".join(s.label() for s in self.also_in) + ")"
        return reference


@dataclass(frozen=True)
class Citation:
    """What one ``[n]`` in an answer points at: a passage and the exact quoted sentence(s)."""

    number: int
    passage: Passage
    quote: str

    def to_dict(self) -> dict[str, Any]:
        data = {"number": self.number, "quote": self.quote, **asdict(self.passage)}
        data["reference"] = self.passage.reference()
        return data


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: list[Citation]
    refused: bool
    retrieved: list[Passage]
    timings: dict[str, float] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # sentences verification took out
    search_question: str = ""  # the question as searched, after a follow-up rewrite
    notes: list[str] = field(default_factory=list)  # from metadata, e.g. newer paper first

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "search_question": self.search_question or self.question,
            "text": self.text,
            "notes": self.notes,
            "refused": self.refused,
            "citations": [citation.to_dict() for citation in self.citations],
            "removed": self.removed,
            "retrieved": [asdict(passage) for passage in self.retrieved],
            "timings": {name: round(value, 4) for name, value in self.timings.items()},
        }
