"""Eval metrics: retrieval, answer facts, citations (ALCE-style), refusal and latency.

Every function is pure and takes plain values, so ``tests/test_metrics.py`` can check each
one against figures worked by hand.

- **Retrieval.** A passage is relevant to a gold evidence item when it belongs to the gold
  paper (file name or source stem) and contains the gold quote after :func:`eval.gold.normalise`.
  Each evidence item has a *rank*: the 1-based position of the first passage containing it
  (``None`` when none does); hit@k, recall@k, MRR and nDCG@k are computed from those ranks.
- **Facts.** A key fact is found when it occurs in the answer (case-insensitive, normalised);
  a ``re:`` fact is a regex searched the same way.
- **Citations.** An answer is split into sentences, each with the ``[n]`` markers after it.
  *Faithfulness*: the share of sentences supported by the text the answer cites (all its
  citations together): is everything said grounded in what is shown to the reader?
  *Citation recall* (ALCE): the share supported by the sentence's own citations.
  *Citation precision* (ALCE): a citation is imprecise when the sentence is not supported
  by its citations jointly, or when it alone does not support the sentence and the others
  do without it. *Unsupported numbers*: numbers in a sentence missing from its own citations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol

from eval.gold import REGEX_PREFIX, Evidence, normalise
from eval.support import numbers_in, split_answer, supports

Judge = Callable[[str, str], bool]  # (sentence, cited text) -> supported


def offline_judge(sentence: str, cited_text: str) -> bool:
    return supports(sentence, cited_text).supported


# --- retrieval ---------------------------------------------------------------------------


class PassageLike(Protocol):
    file_name: str
    source: str
    text: str


def paper_stem(name: str) -> str:
    """ "/corpus/pdf/002_1f87.pdf" -> "002_1f87"."""
    return PurePath(name.replace("\\", "/")).stem if name else ""


def is_relevant(passage: PassageLike, evidence: Evidence) -> bool:
    """The passage is from the gold paper and contains the gold quote (normalised).

    A passage that two papers share is indexed once and names the other paper in
    ``also_in`` (a report and its agenda pack): it counts for either paper."""
    papers = {paper_stem(passage.file_name), paper_stem(passage.source)}
    papers |= {paper_stem(source.file_name) for source in getattr(passage, "also_in", ())}
    if evidence.paper not in papers:
        return False
    return normalise(evidence.quote) in normalise(passage.text)


def evidence_ranks(
    passages: Sequence[PassageLike], evidence: Sequence[Evidence]
) -> list[int | None]:
    """For each evidence item, the rank (1-based) of the first passage containing it."""
    return [
        next((rank for rank, p in enumerate(passages, start=1) if is_relevant(p, item)), None)
        for item in evidence
    ]


def hit_at_k(ranks: Sequence[int | None], k: int) -> float:
    """1.0 when any evidence item is within the top ``k``."""
    return float(any(rank is not None and rank <= k for rank in ranks))


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """The share of evidence items within the top ``k``."""
    if not ranks:
        return 0.0
    return sum(rank is not None and rank <= k for rank in ranks) / len(ranks)


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """1 / the rank of the first evidence found (0 when none is)."""
    found = [rank for rank in ranks if rank is not None]
    return 1.0 / min(found) if found else 0.0


def ndcg_at_k(ranks: Sequence[int | None], k: int = 10) -> float:
    """Binary-gain nDCG over evidence items; the ideal puts each item at its own rank 1..n.

    Two items found in one passage share its rank, which can beat that ideal: capped at 1.
    """
    if not ranks:
        return 0.0
    dcg = sum(1 / math.log2(rank + 1) for rank in ranks if rank is not None and rank <= k)
    ideal = sum(1 / math.log2(position + 1) for position in range(1, min(len(ranks), k) + 1))
    return min(1.0, dcg / ideal)


# --- key facts ---------------------------------------------------------------------------


def fact_found(fact: str, text: str) -> bool:
    """A plain fact is a case-insensitive substring; a ``re:`` fact a case-insensitive regex."""
    text = normalise(text)
    if fact.startswith(REGEX_PREFIX):
        return re.search(fact.removeprefix(REGEX_PREFIX), text, re.I) is not None
    return normalise(fact).lower() in text.lower()


def fact_passages(facts: Iterable[str], texts: Sequence[str]) -> dict[str, int | None]:
    """For each key fact, the number (1-based) of the first text holding it, or None.

    Over the passages handed to the answerer, this tells a fact lost by retrieval (in none of
    them) from one lost by the answerer (in a passage, not quoted)."""
    return {
        fact: next((n for n, text in enumerate(texts, start=1) if fact_found(fact, text)), None)
        for fact in facts
    }


def missing_facts(facts: Iterable[str], text: str) -> list[str]:
    return [fact for fact in facts if not fact_found(fact, text)]


def fact_recall(facts: Sequence[str], text: str) -> float:
    """The share of key facts stated in ``text`` (1.0 when there are none)."""
    if not facts:
        return 1.0
    return 1 - len(missing_facts(facts, text)) / len(facts)


# --- citations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceCheck:
    text: str
    cited: tuple[int, ...]
    grounded: bool  # supported by everything the answer cites (faithfulness)
    supported: bool  # supported by its own citations (citation recall)
    precise: int  # how many of its citations are precise
    numbers: int
    unsupported_numbers: tuple[str, ...]


@dataclass(frozen=True)
class CitationScores:
    sentences: list[SentenceCheck] = field(default_factory=list)

    @property
    def faithfulness(self) -> float:
        return _share(sum(s.grounded for s in self.sentences), len(self.sentences))

    @property
    def citation_recall(self) -> float:
        return _share(sum(s.supported for s in self.sentences), len(self.sentences))

    @property
    def citations(self) -> int:
        return sum(len(s.cited) for s in self.sentences)

    @property
    def citation_precision(self) -> float:
        return _share(sum(s.precise for s in self.sentences), self.citations)

    @property
    def numbers(self) -> int:
        return sum(s.numbers for s in self.sentences)

    @property
    def unsupported_numbers(self) -> int:
        return sum(len(s.unsupported_numbers) for s in self.sentences)


def score_citations(
    answer_text: str, cited: Mapping[int, str], judge: Judge = offline_judge
) -> CitationScores:
    """Check every sentence of an answer against the texts its ``[n]`` markers point at.

    ``cited`` maps a marker number to the cited passage's text; an unknown number cites "".
    """
    everything = "\n".join(cited.values())
    checks = []
    for sentence in split_answer(answer_text):
        texts = {n: cited.get(n, "") for n in sentence.cited}
        joint = bool(texts) and judge(sentence.text, "\n".join(texts.values()))
        own = set(numbers_in(normalise("\n".join(texts.values()))))
        numbers = numbers_in(normalise(sentence.text))
        checks.append(
            SentenceCheck(
                text=sentence.text,
                cited=sentence.cited,
                grounded=joint or judge(sentence.text, everything),
                supported=joint,
                precise=_precise(sentence.text, texts, joint, judge),
                numbers=len(numbers),
                unsupported_numbers=tuple(n for n in numbers if n not in own),
            )
        )
    return CitationScores(checks)


def _precise(sentence: str, texts: dict[int, str], joint: bool, judge: Judge) -> int:
    if not joint:
        return 0
    if len(texts) == 1:
        return 1
    precise = 0
    for n, text in texts.items():
        rest = "\n".join(t for m, t in texts.items() if m != n)
        redundant = not judge(sentence, text) and judge(sentence, rest)
        precise += not redundant
    return precise


# --- refusal -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusalScores:
    """Refusing as the positive class: unanswerable questions should be refused."""

    refused_unanswerable: int  # true positives
    answered_unanswerable: int  # false negatives: confident answers to the unanswerable
    refused_answerable: int  # false positives: false refusals
    answered_answerable: int

    @property
    def precision(self) -> float | None:
        """Of the questions refused, the share that should have been (None: none refused)."""
        refused = self.refused_unanswerable + self.refused_answerable
        return self.refused_unanswerable / refused if refused else None

    @property
    def recall(self) -> float | None:
        """Of the unanswerable questions, the share refused (None: there were none)."""
        unanswerable = self.refused_unanswerable + self.answered_unanswerable
        return self.refused_unanswerable / unanswerable if unanswerable else None

    @property
    def false_refusal_rate(self) -> float | None:
        """Of the answerable questions, the share refused (None: there were none)."""
        answerable = self.refused_answerable + self.answered_answerable
        return self.refused_answerable / answerable if answerable else None


def refusal_scores(outcomes: Iterable[tuple[bool, bool]]) -> RefusalScores:
    """``outcomes``: (answerable, refused) for each question."""
    counts = {(a, r): 0 for a in (True, False) for r in (True, False)}
    for answerable, refused in outcomes:
        counts[(answerable, refused)] += 1
    return RefusalScores(
        refused_unanswerable=counts[(False, True)],
        answered_unanswerable=counts[(False, False)],
        refused_answerable=counts[(True, True)],
        answered_answerable=counts[(True, False)],
    )


# --- cost --------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between ranks (as numpy)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0
