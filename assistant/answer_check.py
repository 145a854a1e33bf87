"""Whether a generated answer gives what the question asks for.

Verification proves that each sentence an LLM wrote is in its sources, not that it answers.
Asked "What did the cabinet decide about library closures?", a small model quoted three true
sentences about the cabinet's meetings (`make test-llm`); each verified, and together they
read like an answer. The extractive answerer already refuses such questions when no chosen
sentence gives the kind of statement asked for about what was asked
(``assistant.answer_kinds``, ``assistant.answer_focus``); this applies the same test to an
LLM's verified sentences, each judged with the source sentences it was verified against.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.org_names import NO_COMMON_WORDS, CommonWords
from assistant.question import QuestionProfile
from assistant.verification import Verification
from index.keyword import Tokenizer

NOT_AN_ANSWER = "gives no {what} the question asks for"


def keep_answers(
    question: str,
    verification: Verification,
    tokenize: Tokenizer,
    common_words: CommonWords = NO_COMMON_WORDS,
) -> Verification:
    """The verification unchanged if a kept sentence answers the question's kind (or it asks
    for none); else nothing kept, each sentence recorded as removed. ``common_words``: see
    ``assistant.org_names``."""
    profile = QuestionProfile.build(question, tokenize, common_words=common_words)
    if not profile.kind.strict or not verification.kept:
        return verification
    for sentence in verification.kept:
        about = frozenset(tokenize(" ".join((sentence.text, *sentence.quotes))))
        if any(
            profile.answer_kind_found(text, about) for text in (sentence.text, *sentence.quotes)
        ):
            return verification
    reason = NOT_AN_ANSWER.format(what=_what(profile))
    removed = [f"{sentence.text} ({reason})" for sentence in verification.kept]
    return replace(verification, kept=[], removed=[*verification.removed, *removed])


def _what(profile: QuestionProfile) -> str:
    kind = profile.kind
    if kind.decision:
        return "decision"
    if kind.council:
        return "council"
    if kind.firm:
        return "organisation's name"
    if kind.person:
        return "name"
    if kind.finding:
        return "finding"
    if kind.date and not kind.amount:
        return "date"
    return "amount"
