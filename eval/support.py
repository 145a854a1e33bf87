"""The eval's own judge of whether cited text supports an answer sentence (no LLM, no model).

Written independently of ``assistant/verification.py`` on purpose: the eval must not grade the
product with the product's own checker. A sentence is *supported* by a text when every number
or amount, and every proper name (dates are numbers plus month names), appears in the text,
and at least ``min_overlap`` of its content words do too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.gold import normalise

MIN_OVERLAP = 0.6
MARKERS = re.compile(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])+")
MARKER_NUMBER = re.compile(r"\d+")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]?\s+(?=[\"'“‘(£$A-Z0-9])")
ABBREVIATION = re.compile(
    r"\b(?:mr|mrs|ms|dr|cllr|cllrs|prof|rev|sir|st|no|nos|para|paras|e\.g|i\.e|etc|approx|"
    r"vs|cf|co|ltd|inc|dept|gov|min|max|fig|ref|vol|ch|cl|art|sec|s|pp|p)\.$",
    re.I,
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
TOKEN = re.compile(r"\w+(?:['’&]\w+)*")
CAPITALISED = re.compile(r"\b[A-Z]\w*(?:['’&]\w+)*")
WORD = re.compile(r"[a-z][a-z'’]+")
# Capitalised words that are not names: they start sentences, clauses and list items.
NOT_NAMES = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her", "his", "i", "if",
    "in", "it", "its", "of", "on", "or", "she", "so", "that", "the", "their", "there", "these",
    "they", "this", "those", "to", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "with", "yes", "no", "not", "all", "any", "each", "also", "however",
}  # fmt: skip
STOPWORDS = NOT_NAMES | {
    "be", "been", "being", "is", "are", "am", "has", "have", "had", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "than",
    "then", "them", "our", "us", "you", "your", "into", "onto", "over", "under", "about",
    "after", "before", "between", "during", "out", "up", "down", "off", "such", "only",
    "own", "same", "very", "more", "most", "other", "some", "both", "few", "further", "any",
    "there", "here", "how", "why", "whom", "whose", "because", "until", "against", "through",
    "per", "via", "said", "says",
}  # fmt: skip


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer, without its markers, and the ``[n]`` numbers it carries."""

    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True)
class SupportVerdict:
    supported: bool
    overlap: float  # share of the sentence's content words found in the text
    missing_numbers: tuple[str, ...]
    missing_names: tuple[str, ...]

    @property
    def reason(self) -> str:
        """Why the sentence is not supported ("" when it is)."""
        if self.supported:
            return ""
        bits = []
        if self.missing_numbers:
            bits.append("numbers " + ", ".join(self.missing_numbers) + " not in cited text")
        if self.missing_names:
            bits.append("names " + ", ".join(self.missing_names) + " not in cited text")
        if not bits:
            bits.append(f"only {self.overlap:.0%} of its words in cited text")
        return "; ".join(bits)


def split_answer(text: str) -> list[AnswerSentence]:
    """An answer's sentences, each with the citation markers that directly follow it.

    A run of markers closes the sentence before it; other sentences in the same stretch of
    text carry no citation of their own (as in ALCE).
    """
    sentences: list[AnswerSentence] = []
    position = 0
    for match in MARKERS.finditer(text):
        cited = tuple(dict.fromkeys(int(n) for n in MARKER_NUMBER.findall(match.group(0))))
        *uncited, last = _sentences(text[position : match.start()]) or [""]
        sentences += [AnswerSentence(piece, ()) for piece in uncited]
        if last:
            sentences.append(AnswerSentence(last, cited))
        position = match.end()
    sentences += [AnswerSentence(piece, ()) for piece in _sentences(text[position:])]
    return sentences


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in SENTENCE_BREAK.finditer(text):
        if ABBREVIATION.search(text[start : match.start()]):
            continue
        pieces.append(text[start : match.start()] + match.group(0).rstrip())
        start = match.end()
    pieces.append(text[start:])
    # A full stop left alone after its markers ("... [1].") is not a sentence.
    return [p.strip() for p in pieces if len(p.strip(" .!?")) > 1]


def numbers_in(text: str) -> list[str]:
    """Numbers as written, without thousands separators: "£1,200.50" -> "1200.50"."""
    found = []
    for match in NUMBER.finditer(MARKERS.sub(" ", text)):
        value = match.group(0).replace(",", "")
        found.append(value.rstrip("."))
    return found


def names_in(text: str) -> list[str]:
    """Capitalised words other than a sentence's first word and common function words."""
    text = MARKERS.sub(" ", text).strip()
    first = re.match(r"\W*\w+", text)
    body = text[first.end() :] if first else text
    return [
        word
        for word in dict.fromkeys(CAPITALISED.findall(body))
        if _possessive(word.lower()) not in NOT_NAMES
    ]


def _possessive(word: str) -> str:
    return word.removesuffix("'s").removesuffix("’s")


def content_words(text: str) -> set[str]:
    """Lower-case content words, lightly stemmed so "approves" and "approved" meet."""
    return {_stem(word) for word in WORD.findall(text.lower()) if word not in STOPWORDS}


def _stem(word: str) -> str:
    word = _possessive(word.rstrip("'’"))
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def supports(sentence: str, cited_text: str, min_overlap: float = MIN_OVERLAP) -> SupportVerdict:
    """Whether ``cited_text`` backs every number, name and most content words of ``sentence``."""
    sentence = normalise(MARKERS.sub(" ", sentence))
    source = normalise(cited_text)
    source_numbers = set(numbers_in(source))
    source_words = {w.lower() for w in TOKEN.findall(source)}
    missing_numbers = tuple(
        n for n in dict.fromkeys(numbers_in(sentence)) if n not in source_numbers
    )
    missing_names = tuple(n for n in names_in(sentence) if n.lower() not in source_words)
    words = content_words(sentence)
    overlap = len(words & content_words(source)) / len(words) if words else 1.0
    return SupportVerdict(
        supported=not missing_numbers and not missing_names and overlap >= min_overlap,
        overlap=overlap,
        missing_numbers=missing_numbers,
        missing_names=missing_names,
    )
