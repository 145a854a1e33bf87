"""Grade one answer against its gold question: metrics, pass or fail, and the reasons why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answer import Answer, Passage
from eval.gold import GoldQuestion
from eval.metrics import (
    CitationScores,
    Judge,
    evidence_ranks,
    fact_passages,
    fact_recall,
    hit_at_k,
    missing_facts,
    ndcg_at_k,
    paper_stem,
    recall_at_k,
    reciprocal_rank,
    score_citations,
)
from eval.support import supports

TOP_K = 5  # hit@k and recall@k
NDCG_K = 10
QUOTE_PREVIEW_WORDS = 8


@dataclass
class JudgeAgreement:
    """The LLM judge beside the offline one, sentence by sentence (own citations)."""

    sentences: int = 0
    agreed: int = 0
    faithfulness: float = 0.0
    citation_precision: float = 0.0
    citation_recall: float = 0.0


@dataclass
class QuestionResult:
    id: str
    corpus: str
    mode: str
    question: str
    answerable: bool
    persona: str
    paraphrased: bool
    multi_paper: bool
    follow_up_of: str | None
    answer: str
    refused: bool
    search_question: str
    citations: list[dict[str, object]]
    retrieved: list[str]  # "paper p.N" of each ranked passage
    latency: float
    ranks: list[int | None] = field(default_factory=list)
    hit_at_5: float | None = None
    recall_at_5: float | None = None
    mrr: float | None = None
    ndcg_at_10: float | None = None
    fact_recall: float | None = None
    missing_facts: list[str] = field(default_factory=list)
    # Each key fact's first retrieved passage holding it (1-based), or None: retrieval's loss.
    fact_passages: dict[str, int | None] = field(default_factory=dict)
    sentences: int = 0
    faithfulness: float | None = None
    citation_precision: float | None = None
    citation_recall: float | None = None
    numbers: int = 0
    unsupported_numbers: int = 0
    judge: JudgeAgreement | None = None
    reasons: list[str] = field(default_factory=list)
    passed: bool = False

    @property
    def fact_recall_retrieved(self) -> float | None:
        """The share of key facts found in the passages retrieved (1.0 when there are none)."""
        if not self.answerable:
            return None
        held = [n for n in self.fact_passages.values() if n is not None]
        return len(held) / len(self.fact_passages) if self.fact_passages else 1.0

    @property
    def quality(self) -> float:
        """0 (worst) to 1, for ordering failures: what went wrong, and how badly."""
        if not self.answerable:
            return float(self.refused)
        if self.refused:
            return 0.0
        parts = [self.fact_recall or 0.0, self.citation_recall or 0.0, self.hit_at_5 or 0.0]
        return sum(parts) / len(parts)


def grade(
    question: GoldQuestion,
    answer: Answer,
    ranked: Sequence[Passage],
    mode: str,
    unreachable: frozenset[str] = frozenset(),
    llm_judge: Judge | None = None,
) -> QuestionResult:
    """Score ``answer`` (and the ``ranked`` passages retrieved for it) against the gold.

    ``unreachable`` holds the gold quotes that no single passage in the index contains.
    """
    result = QuestionResult(
        id=question.id,
        corpus=question.corpus,
        mode=mode,
        question=question.question,
        answerable=question.answerable,
        persona=question.persona,
        paraphrased=question.paraphrased,
        multi_paper=question.multi_paper,
        follow_up_of=question.follow_up_of,
        answer=answer.text,
        refused=answer.refused,
        search_question=answer.search_question or answer.question,
        citations=[_citation(c.number, c.passage, c.quote) for c in answer.citations],
        retrieved=[_label(p) for p in ranked],
        latency=answer.timings.get("total", 0.0),
    )
    if question.answerable:
        _grade_retrieval(result, question, ranked, unreachable)
        result.missing_facts = missing_facts(question.key_facts, answer.text)
        result.fact_recall = 0.0 if answer.refused else fact_recall(question.key_facts, answer.text)
        result.fact_passages = fact_passages(question.key_facts, [p.text for p in answer.retrieved])
    if not answer.refused:
        cited = {c.number: c.passage.text for c in answer.citations}
        _grade_citations(result, score_citations(answer.text, cited), cited)
        if llm_judge is not None:
            result.judge = _agreement(answer.text, cited, llm_judge)
    _decide(result, question)
    return result


def _grade_retrieval(
    result: QuestionResult,
    question: GoldQuestion,
    ranked: Sequence[Passage],
    unreachable: frozenset[str],
) -> None:
    ranks = evidence_ranks(ranked, question.evidence)
    result.ranks = ranks
    result.hit_at_5 = hit_at_k(ranks, TOP_K)
    result.recall_at_5 = recall_at_k(ranks, TOP_K)
    result.mrr = reciprocal_rank(ranks)
    result.ndcg_at_10 = ndcg_at_k(ranks, NDCG_K)
    for item, rank in zip(question.evidence, ranks, strict=True):
        if rank is not None and rank <= TOP_K:
            continue
        where = f"{item.paper} “{_preview(item.quote)}”"
        if item.quote in unreachable:
            result.reasons.append(f"gold quote split across chunks, never retrievable: {where}")
        elif rank is None:
            result.reasons.append(f"gold quote not retrieved in top {len(ranked)}: {where}")
        else:
            result.reasons.append(f"gold quote at rank {rank}, not in top {TOP_K}: {where}")


def _grade_citations(result: QuestionResult, scores: CitationScores, cited: dict[int, str]) -> None:
    result.sentences = len(scores.sentences)
    result.faithfulness = scores.faithfulness
    result.citation_precision = scores.citation_precision
    result.citation_recall = scores.citation_recall
    result.numbers = scores.numbers
    result.unsupported_numbers = scores.unsupported_numbers
    for index, sentence in enumerate(scores.sentences, start=1):
        if sentence.unsupported_numbers:
            numbers = ", ".join(sentence.unsupported_numbers)
            result.reasons.append(f"sentence {index}: numbers {numbers} not in its cited text")
        if not sentence.cited:
            result.reasons.append(f"sentence {index} cites nothing")
        elif not sentence.supported:
            text = "\n".join(cited.get(n, "") for n in sentence.cited)
            marks = "".join(f"[{n}]" for n in sentence.cited)
            why = supports(sentence.text, text).reason
            result.reasons.append(f"sentence {index} not supported by {marks}: {why}")
        elif sentence.precise < len(sentence.cited):
            result.reasons.append(f"sentence {index} has an unnecessary citation")


def _agreement(text: str, cited: dict[int, str], llm_judge: Judge) -> JudgeAgreement:
    offline = score_citations(text, cited)
    judged = score_citations(text, cited, llm_judge)
    pairs = list(zip(offline.sentences, judged.sentences, strict=True))
    return JudgeAgreement(
        sentences=len(pairs),
        agreed=sum(a.supported == b.supported for a, b in pairs),
        faithfulness=judged.faithfulness,
        citation_precision=judged.citation_precision,
        citation_recall=judged.citation_recall,
    )


def _decide(result: QuestionResult, question: GoldQuestion) -> None:
    if not question.answerable:
        result.passed = result.refused
        if not result.refused:
            result.reasons.insert(0, "confident answer to unanswerable")
        return
    found = [rank for rank in result.ranks if rank is not None and rank <= TOP_K]
    if result.refused:
        held = f": the gold quote was retrieved at rank {min(found)}" if found else ""
        result.reasons.insert(0, f"false refusal{held}")
    for fact in result.missing_facts:
        passage = result.fact_passages.get(fact)
        where = (
            f"in retrieved passage {passage}, not quoted" if passage else "in no retrieved passage"
        )
        result.reasons.append(f"key fact {_readable(fact)} missing: {where}")
    if result.missing_facts and found and not result.refused:
        result.reasons.append(
            f"the answerer left out the gold quote retrieved at rank {min(found)}"
        )
    result.passed = (
        not result.refused
        and not result.missing_facts
        and result.citation_recall == 1.0
        and result.unsupported_numbers == 0
    )


def _citation(number: int, passage: Passage, quote: str) -> dict[str, object]:
    return {
        "number": number,
        "paper": paper_stem(passage.file_name or passage.source),
        "page": passage.page,
        "reference": passage.reference(),
        "quote": quote,
    }


def _label(passage: Passage) -> str:
    stem = paper_stem(passage.file_name or passage.source)
    return f"{stem} p.{passage.page}" if passage.page else stem


def _preview(quote: str) -> str:
    words = quote.split()
    more = " …" if len(words) > QUOTE_PREVIEW_WORDS else ""
    return " ".join(words[:QUOTE_PREVIEW_WORDS]) + more


def _readable(fact: str) -> str:
    return f"/{fact.removeprefix('re:')}/" if fact.startswith("re:") else f"“{fact}”"
