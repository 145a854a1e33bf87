"""What a question asks for: its weighted terms, the names it uses, and the kind of answer.

The extractive answerer compares sentences with this profile. A term that most of the
retrieved sentences share ("Kent", "committee") says little about which one answers; a
term few of them hold ("affordable", "loss") says a lot, so terms are weighted by how rare
they are among the candidates. A question that asks "how many" or "how much" wants a
sentence holding a number the question did not already give; "when" wants a date.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.sentences import numbers_in
from index.keyword import Tokenizer

# Capitalised words after the first: the names a question is about. Whole words only: the
# "CS" of "CS05-2023" is no name (the reference is an identifier, checked as one).
NAME = re.compile(r"(?<=\s)[A-Z][A-Za-z'’-]+(?!\w)")
IDENTIFIER_WEIGHT = 3.0  # "2025/26", "CS05-2023", "£42.3m" count three times a plain word

AMOUNT_QUESTION = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:percentage|proportion|share|number|amount|sum)\b"
    r"|\b(?:loss|lost|figure|total)\b",
    re.I,
)
# Words that ask for money: "at what price" is answered by "£7.3m", not by "1 September".
MONEY_QUESTION = re.compile(
    r"\b(?:price|prices|cost|costs|spent|spend|owed|charge|fee|fees|budget|overspend|underspend"
    r"|savings?|deficit)\b",
    re.I,
)
MONEY = re.compile(r"[£$€]\s?\d|\d\s?(?:m|bn|k|million|billion)\b", re.I)
ASKS_DATE = r"^\s*when\b|\bwhat date\b|\bby when\b|\bhow long\b"
DATE_QUESTION = re.compile(ASKS_DATE + r"|\bdeadline\b", re.I)
# Questions that ask for nothing but an amount or a date: answered without one, not answered.
STRICT_KIND_QUESTION = re.compile(r"\bhow (?:many|much)\b|" + ASKS_DATE, re.I)
COUNT_WORD = re.compile(
    r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five"
    r"|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|dozen)\b",
    re.I,
)
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE_LIKE = re.compile(
    rf"\b{MONTH}\b|\b(?:19|20)\d\d(?:/\d\d)?\b|\b\d+\s*(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:one|two|three|four|five|six|twelve)[- ](?:days?|weeks?|months?|years?)\b",
    re.I,
)


@dataclass(frozen=True)
class QuestionProfile:
    """The question's terms (with weights summing to one), names and expected answer kind."""

    text: str
    weights: dict[str, float]
    names: frozenset[str]
    identifiers: frozenset[str]
    wants_amount: bool
    wants_money: bool
    wants_date: bool
    strict_kind: bool

    @classmethod
    def build(
        cls, question: str, tokenize: Tokenizer, pool: Iterable[frozenset[str]] = ()
    ) -> QuestionProfile:
        """Weight the question's terms by their rarity among the sentences in ``pool``."""
        terms = dict.fromkeys(tokenize(question))
        sentences = list(pool)
        counts = Counter(term for sentence in sentences for term in sentence if term in terms)
        raw = {
            term: _base_weight(term) * math.log(1 + (len(sentences) + 1) / (counts[term] + 1))
            for term in terms
        }
        total = sum(raw.values()) or 1.0
        wants_money = bool(MONEY_QUESTION.search(question))
        return cls(
            text=question,
            weights={term: weight / total for term, weight in raw.items()},
            names=frozenset(tokenize(" ".join(NAME.findall(question)))),
            identifiers=frozenset(term for term in terms if _base_weight(term) > 1),
            wants_amount=bool(AMOUNT_QUESTION.search(question) or wants_money),
            wants_money=wants_money,
            wants_date=bool(DATE_QUESTION.search(question)),
            strict_kind=bool(STRICT_KIND_QUESTION.search(question)),
        )

    def overlap(self, own: frozenset[str], context: frozenset[str] = frozenset()) -> float:
        """Share of the question's weight a sentence holds; terms only in its context count half."""
        return sum(
            weight * (1.0 if term in own else 0.5 if term in context else 0.0)
            for term, weight in self.weights.items()
        )

    def answer_kind_found(self, sentence: str) -> bool | None:
        """Whether the sentence holds the kind of answer asked for; None when none is."""
        if not (self.wants_amount or self.wants_date):
            return None
        new_numbers = numbers_in(sentence) - numbers_in(self.text)
        if self.wants_money:
            if any(MONEY.search(number) for number in new_numbers):
                return True
        elif self.wants_amount and (new_numbers or _new_count_word(sentence, self.text)):
            return True
        return self.wants_date and bool(DATE_LIKE.search(sentence))


def _new_count_word(sentence: str, question: str) -> bool:
    """A count written in words ("Twenty-four interviews") that the question did not give."""
    asked = {w.lower() for w in COUNT_WORD.findall(question)}
    return any(w.lower() not in asked for w in COUNT_WORD.findall(sentence))


def _base_weight(term: str) -> float:
    return IDENTIFIER_WEIGHT if any(ch.isdigit() for ch in term) else 1.0
