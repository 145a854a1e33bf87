"""Structure-aware chunking: a LlamaIndex ``NodeParser`` that splits on agenda items,
headings and numbered paragraphs, keeps tables whole, and sizes chunks in model tokens.

Every chunk is an exact substring of the cleaned document text (its offsets are kept), so a
quoted sentence can always be found again. A short context header (council · committee ·
date · paper · item) is stored beside the text and is what the embedding and BM25 see first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.node_parser.interface import NodeParser
from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
from pydantic import Field

from ingest.structure import Block, find_blocks

STRUCTURE_KEY = "structure"  # Document metadata key holding pages and parts (not stored)
ITEM_DOC_TYPES = {"agenda", "minutes", "decision"}
SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[\"'(A-Z0-9•-])")
TABLE_HEADER_CHARS = 200


def approximate_token_offsets(text: str) -> list[int]:
    """Word-and-punctuation starts: a tokenizer-free stand-in for tests and fakes."""
    return [match.start() for match in re.finditer(r"\w+|[^\w\s]", text)]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    first: Block
    table_header: str = ""


class SectionNodeParser(NodeParser):
    """Split cleaned council papers into chunks that follow their structure."""

    min_tokens: int = Field(120, description="Below this a chunk keeps growing past headings.")
    target_tokens: int = Field(200, description="Preferred chunk size in model tokens.")
    max_tokens: int = Field(256, description="Model window: header + chunk must fit in it.")
    token_offsets: Callable[[str], list[int]] = Field(
        default=approximate_token_offsets, exclude=True
    )
    include_metadata: bool = False  # the parser writes each chunk's metadata itself

    @classmethod
    def class_name(cls) -> str:
        return "SectionNodeParser"

    def _parse_nodes(
        self, nodes: Sequence[BaseNode], show_progress: bool = False, **kwargs: Any
    ) -> list[BaseNode]:
        chunks: list[BaseNode] = []
        for document in nodes:
            chunks.extend(self.chunk_document(document))
        return chunks

    def chunk_document(self, document: BaseNode) -> list[TextNode]:
        text = document.get_content()
        metadata = {k: v for k, v in document.metadata.items() if k != STRUCTURE_KEY}
        structure = document.metadata.get(STRUCTURE_KEY) or {}
        pages = Pages(structure.get("page_starts", []), structure.get("page_numbers", []))
        parts = structure.get("parts") or [_whole_document_part(text, metadata)]
        tokens = self.token_offsets(text)
        spans_by_part = [(part, self._part_spans(text, part, tokens)) for part in parts]
        total = sum(len(spans) for _, spans in spans_by_part)
        counter = TokenCounter(tokens)
        chunks: list[TextNode] = []
        for part, spans in spans_by_part:
            for span in spans:
                chunk_metadata = self._chunk_metadata(metadata, part, span, pages)
                # Tokens the embedding model will see: header, text and its two markers.
                embedded = counter.count(span.start, span.end) + 2
                embedded += len(self.token_offsets(chunk_metadata["context"]))
                chunk_metadata.update(chunk_index=len(chunks), n_chunks=total, tokens=embedded)
                chunks.append(self._node(document.node_id, text, span, chunk_metadata))
        return chunks

    def _part_spans(self, text: str, part: dict[str, Any], tokens: list[int]) -> list[Span]:
        items = part.get("doc_type", "") in ITEM_DOC_TYPES
        blocks = find_blocks(text, part["start"], part["end"], items=items)
        counter = TokenCounter(tokens)
        spans: list[Span] = []
        current: list[Block] = []

        def budget(block: Block) -> int:
            header = context_header(part, block.item, block.item_title)
            return self.max_tokens - 2 - len(self.token_offsets(header))

        def flush(carry_headings: bool, keep: int = 1) -> None:
            """Close the current chunk; trailing headings move on to the next one."""
            carried: list[Block] = []
            while (
                carry_headings and len(current) > keep and current[-1].kind in {"heading", "item"}
            ):
                carried.insert(0, current.pop())
            if current:
                spans.append(Span(current[0].start, current[-1].end, current[0]))
            current[:] = carried

        for block in blocks:
            limit = budget(block)
            if block.kind == "table":
                flush(carry_headings=True, keep=0)  # the table's title stays with the table
                title_start = current[0].start if current else block.start
                spans.extend(self._split_table(text, block, title_start, counter, limit))
                current.clear()
                continue
            for piece in self._fit(text, block, counter, limit):
                size = counter.count(current[0].start, piece.end) if current else 0
                if current and (
                    piece.kind == "item"
                    or size > limit
                    or (
                        piece.kind == "heading"
                        and counter.count(current[0].start, current[-1].end) >= self.min_tokens
                    )
                    or size > self.target_tokens
                ):
                    flush(carry_headings=piece.kind != "item")
                current.append(piece)
        flush(carry_headings=False)
        return _merge_small(spans, counter, self.min_tokens // 3, lambda s: budget(s.first))

    def _fit(self, text: str, block: Block, counter: TokenCounter, limit: int) -> list[Block]:
        """Split a block longer than ``limit`` tokens at sentences, then at token offsets."""
        if counter.count(block.start, block.end) <= limit:
            return [block]
        pieces: list[Block] = []
        start = block.start
        for match in SENTENCE_BREAK.finditer(text, block.start, block.end):
            if counter.count(start, match.start()) > limit * 0.8:
                pieces.extend(self._hard_split(text, block, start, match.start(), counter, limit))
                start = match.end()
        pieces.extend(self._hard_split(text, block, start, block.end, counter, limit))
        return pieces

    def _hard_split(
        self, text: str, block: Block, start: int, end: int, counter: TokenCounter, limit: int
    ) -> list[Block]:
        pieces = []
        while counter.count(start, end) > limit:
            cut = counter.offset_after(start, limit)
            space = text.rfind(" ", start, cut)
            cut = space if space > start else cut
            pieces.append(_piece(block, start, cut))
            start = cut + 1 if space > 0 and text[cut] == " " else cut
        if text[start:end].strip():
            pieces.append(_piece(block, start, end))
        return pieces

    def _split_table(
        self, text: str, table: Block, title_start: int, counter: TokenCounter, limit: int
    ) -> list[Span]:
        """A table stays one chunk with its title when it fits; otherwise each group of rows
        carries the header row in its context."""
        if counter.count(title_start, table.end) <= limit:
            return [Span(title_start, table.end, table)]
        rows = [m.span() for m in re.finditer(r"[^\n]+", text[table.start : table.end])]
        rows = [(table.start + a, table.start + b) for a, b in rows]
        header = text[rows[0][0] : rows[0][1]][:TABLE_HEADER_CHARS]
        limit -= len(self.token_offsets(header)) + 2
        spans: list[Span] = []
        first = title_start
        for (row_start, row_end), (_, previous_end) in zip(rows[1:], rows, strict=False):
            if counter.count(first, row_end) > limit:
                spans.append(Span(first, previous_end, table, header if spans else ""))
                first = row_start
        for piece in self._fit(text, _piece(table, first, rows[-1][1]), counter, limit):
            spans.append(Span(piece.start, piece.end, table, header if spans else ""))
        return spans

    @staticmethod
    def _chunk_metadata(
        metadata: dict[str, Any], part: dict[str, Any], span: Span, pages: Pages
    ) -> dict[str, Any]:
        block = span.first
        fields = {
            **metadata,
            "part_title": part.get("title", ""),
            "council": part.get("council") or metadata.get("council", ""),
            "committee": part.get("committee") or metadata.get("committee", ""),
            "meeting_date": part.get("meeting_date") or metadata.get("meeting_date", ""),
            "doc_type": part.get("doc_type") or metadata.get("doc_type", ""),
            "classification": part.get("classification") or "public",
            "agenda_item": block.item or part.get("agenda_item", ""),
            "agenda_item_title": block.item_title or part.get("agenda_item_title", ""),
            "section": block.section,
            "page": pages.at(span.start),
            "page_end": pages.at(span.end - 1),
            "page_breaks": pages.breaks(span.start, span.end),
            "start_char": span.start,
            "end_char": span.end,
            "table_header": span.table_header,
        }
        fields["meeting_date_num"] = int(fields["meeting_date"].replace("-", "") or 0)
        fields["context"] = context_header(
            fields, fields["agenda_item"], fields["agenda_item_title"], span.table_header
        )
        return fields

    @staticmethod
    def _node(doc_id: str, text: str, span: Span, metadata: dict[str, Any]) -> TextNode:
        keys = [key for key in metadata if key != "context"]
        return TextNode(
            id_=chunk_id(doc_id, metadata["chunk_index"]),
            text=text[span.start : span.end],
            metadata=metadata,
            start_char_idx=span.start,
            end_char_idx=span.end,
            excluded_embed_metadata_keys=keys,
            excluded_llm_metadata_keys=keys,
            metadata_template="{value}",
            relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc_id)},
        )


def context_header(fields: dict[str, Any], item: str, item_title: str, table: str = "") -> str:
    """ "Kent County Council · Governance and Audit Committee · 2023-09-14 · Minutes · 143 ..."."""
    paper = fields.get("part_title") or fields.get("title", "")
    values = [
        fields.get("council", ""),
        fields.get("committee", ""),
        fields.get("meeting_date", ""),
        paper[:80],
        f"Item {item} {item_title}".strip() if item else item_title,
    ]
    header = " · ".join(value for value in values if value)
    return f"{header}\n{table}" if table else header


@dataclass(frozen=True)
class Pages:
    starts: list[int]
    numbers: list[int]

    def at(self, offset: int) -> int:
        if not self.starts:
            return 0
        return self.numbers[max(bisect.bisect_right(self.starts, offset) - 1, 0)]

    def breaks(self, start: int, end: int) -> str:
        """Pages that begin inside a chunk, as "offset:page" pairs relative to its start, so a
        quote can be given its own page (Chroma metadata holds only scalars)."""
        return ",".join(
            f"{offset - start}:{number}"
            for offset, number in zip(self.starts, self.numbers, strict=True)
            if start < offset < end
        )


class TokenCounter:
    """Counts model tokens in any span of a text tokenised once."""

    def __init__(self, offsets: list[int]) -> None:
        self.offsets = offsets

    def count(self, start: int, end: int) -> int:
        return bisect.bisect_left(self.offsets, end) - bisect.bisect_left(self.offsets, start)

    def offset_after(self, start: int, n: int) -> int:
        """The offset of the token ``n`` tokens after ``start``."""
        index = bisect.bisect_left(self.offsets, start) + n
        return self.offsets[min(index, len(self.offsets) - 1)]


def _piece(block: Block, start: int, end: int) -> Block:
    return Block(
        start,
        end,
        "text" if block.kind != "table" else "table",
        block.item,
        block.item_title,
        block.section,
    )


def _merge_small(
    spans: list[Span], counter: TokenCounter, tiny: int, budget: Callable[[Span], int]
) -> list[Span]:
    """Fold a tiny chunk into the one before it when both share an item and still fit."""
    merged: list[Span] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and counter.count(span.start, span.end) < tiny
            and previous.first.item == span.first.item
            and not previous.table_header
            and span.first.kind != "item"
            and counter.count(previous.start, span.end) <= budget(previous)
        ):
            merged[-1] = Span(previous.start, span.end, previous.first)
        else:
            merged.append(span)
    return merged


def _whole_document_part(text: str, metadata: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": 0,
        "end": len(text),
        **{
            k: metadata.get(k, "")
            for k in ("title", "council", "committee", "meeting_date", "doc_type", "classification")
        },
    }


def chunk_id(doc_id: str, index: int) -> str:
    """A chunk's id: its paper's and its place in it, so the next chunk's id is known."""
    return f"{doc_id}-{index:04d}"
