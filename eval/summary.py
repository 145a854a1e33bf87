"""Aggregate graded questions into one row of metrics, per corpus and overall."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from eval.grading import QuestionResult
from eval.metrics import mean, percentile, refusal_scores

SLICES = ("seeds", "real", "overall")


@dataclass(frozen=True)
class Summary:
    """Retrieval and fact metrics are over answerable questions; citation metrics over the
    questions answered (not refused); refusal metrics over all of them."""

    questions: int
    answerable: int
    unanswerable: int
    hit_at_5: float
    recall_at_5: float
    mrr: float
    ndcg_at_10: float
    fact_recall: float
    fact_recall_retrieved: float  # the same facts found anywhere in the passages retrieved
    faithfulness: float
    citation_precision: float
    citation_recall: float
    unsupported_number_rate: float
    refusal_precision: float | None
    refusal_recall: float | None
    false_refusal_rate: float | None
    pass_rate: float
    latency_p50: float
    latency_p95: float
    judge_agreement: float | None = None
    judge_faithfulness: float | None = None
    judge_citation_precision: float | None = None
    judge_citation_recall: float | None = None

    def as_dict(self) -> dict[str, float | int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def summarise(results: Sequence[QuestionResult]) -> Summary:
    answerable = [r for r in results if r.answerable]
    answered = [r for r in results if not r.refused]
    refusal = refusal_scores((r.answerable, r.refused) for r in results)
    numbers = sum(r.numbers for r in answered)
    latencies = [r.latency for r in results]
    judged = [r.judge for r in answered if r.judge is not None]
    judge_sentences = sum(j.sentences for j in judged)
    return Summary(
        questions=len(results),
        answerable=len(answerable),
        unanswerable=len(results) - len(answerable),
        hit_at_5=mean(r.hit_at_5 or 0.0 for r in answerable),
        recall_at_5=mean(r.recall_at_5 or 0.0 for r in answerable),
        mrr=mean(r.mrr or 0.0 for r in answerable),
        ndcg_at_10=mean(r.ndcg_at_10 or 0.0 for r in answerable),
        fact_recall=mean(r.fact_recall or 0.0 for r in answerable),
        fact_recall_retrieved=mean(r.fact_recall_retrieved or 0.0 for r in answerable),
        faithfulness=mean(r.faithfulness or 0.0 for r in answered),
        citation_precision=mean(r.citation_precision or 0.0 for r in answered),
        citation_recall=mean(r.citation_recall or 0.0 for r in answered),
        unsupported_number_rate=sum(r.unsupported_numbers for r in answered) / numbers
        if numbers
        else 0.0,
        refusal_precision=refusal.precision,
        refusal_recall=refusal.recall,
        false_refusal_rate=refusal.false_refusal_rate,
        pass_rate=mean(float(r.passed) for r in results),
        latency_p50=percentile(latencies, 50),
        latency_p95=percentile(latencies, 95),
        judge_agreement=sum(j.agreed for j in judged) / judge_sentences
        if judge_sentences
        else None,
        judge_faithfulness=mean(j.faithfulness for j in judged) if judged else None,
        judge_citation_precision=mean(j.citation_precision for j in judged) if judged else None,
        judge_citation_recall=mean(j.citation_recall for j in judged) if judged else None,
    )


def summarise_slices(results: Sequence[QuestionResult]) -> dict[str, Summary]:
    """One summary per corpus that has questions, and one overall."""
    slices: dict[str, Summary] = {}
    for name in SLICES:
        chosen = [r for r in results if name == "overall" or r.corpus == name]
        if chosen:
            slices[name] = summarise(chosen)
    return slices


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
