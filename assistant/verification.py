"""Check every citation in an answer against the text it cites; fix, or drop what fails.

A sentence is kept only when it cites a source whose text supports it: its numbers and
amounts, dates and proper names all appear in that source, a quotation it makes occurs there
word for word, and enough of its content words are found in one source sentence (the quote
shown to the reader). A sentence citing the wrong source is re-pointed to a retrieved
source that does support it; anything else is removed, and the removal recorded, as are
fragments too short to check and sentences a looping model repeats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore

from assistant.sentences import numbers_in, with_person_fields
from index.keyword import Tokenizer

MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
CITED_SEGMENT = re.compile(r"(.*?)((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)[.!?]?", re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z£\"'(])")
QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")
# A sentence needs this many content words to be checked at all: "This will include [2]" is
# a fragment that any source would "support".
MIN_TERMS = 2
COMMON_CAPITALS = {
    "The", "This", "That", "These", "Council", "Committee", "Members", "Member", "Officers",
    "It", "In", "On", "At", "For", "And", "Of", "To", "A", "An", "There", "Report", "Cabinet",
}  # fmt: skip


@dataclass(frozen=True)
class CheckedSentence:
    text: str  # without its markers
    sources: tuple[int, ...]  # 1-based positions in the source list
    quotes: tuple[str, ...]  # the supporting sentence in each source, exact


@dataclass(frozen=True)
class Verification:
    kept: list[CheckedSentence]
    removed: list[str]


class CitationVerifier:
    def __init__(self, min_overlap: float = 0.5) -> None:
        self.min_overlap = min_overlap
        self.tokenize = Tokenizer()

    def verify(self, answer: str, sources: Sequence[NodeWithScore]) -> Verification:
        texts = [hit.node.get_content() for hit in sources]
        kept: list[CheckedSentence] = []
        removed: list[str] = []
        for raw in _answer_sentences(answer):
            cited = sorted({int(n) for group in MARKER.findall(raw) for n in group.split(",")})
            text = MARKER.sub("", raw).strip()
            if not text:
                continue
            if len(set(self.tokenize(text))) < MIN_TERMS:
                removed.append(f"{text} (says nothing that can be checked)")
                continue
            if any(_squash(text) == _squash(k.text) for k in kept):
                removed.append(f"{text} (repeats an earlier sentence)")
                continue
            valid = [n for n in cited if 1 <= n <= len(texts)]
            checked = self._check(text, valid, texts)
            if checked is None:  # the cited sources don't support it: does another one?
                others = [n for n in range(1, len(texts) + 1) if n not in valid]
                checked = next(
                    (c for n in others if (c := self._check(text, [n], texts)) is not None), None
                )
            if checked is None:
                reason = (
                    "no citation"
                    if not cited
                    else f"not supported by [{', '.join(map(str, cited))}]"
                )
                removed.append(f"{text} ({reason})")
            else:
                kept.append(checked)
        return Verification(kept, removed)

    def _check(self, text: str, cited: list[int], texts: list[str]) -> CheckedSentence | None:
        """The sentence's support among ``cited``: sources that back it, with quotes."""
        terms = set(self.tokenize(text))
        support: list[tuple[int, str]] = []
        for n in cited:
            best = self._best_sentence(terms, texts[n - 1])
            if best and len(terms & set(self.tokenize(best))) >= self.min_overlap * len(terms):
                support.append((n, best))
        if not support:
            return None
        backing = " ".join(texts[n - 1] for n, _ in support)
        if not numbers_in(text) <= numbers_in(backing):
            return None
        if any(name not in backing for name in _names(text)):
            return None
        if any(_squash(q) not in _squash(backing) for q in QUOTED.findall(text)):
            return None
        return CheckedSentence(text, tuple(n for n, _ in support), tuple(q for _, q in support))

    def _best_sentence(self, terms: set[str], source: str) -> str:
        sentences = with_person_fields(source)
        if not sentences:
            return ""
        return max(sentences, key=lambda s: len(terms & set(self.tokenize(s.text)))).text


def _answer_sentences(answer: str) -> list[str]:
    """Sentences of an answer, each with the markers that follow it.

    Markers close a sentence; text before the last sentence of a segment has none of its own.
    """
    sentences: list[str] = []
    end = 0
    for match in CITED_SEGMENT.finditer(answer):
        *uncited, last = SENTENCE_END.split(match.group(1).strip()) or [""]
        sentences += [s for s in uncited if s.strip()]
        sentences.append(f"{last} {match.group(2).strip()}")
        end = match.end()
    sentences += [s for s in SENTENCE_END.split(answer[end:].strip()) if s.strip()]
    return sentences


def _names(text: str) -> set[str]:
    return {name for name in NAME.findall(text) if name not in COMMON_CAPITALS}


def _squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()
