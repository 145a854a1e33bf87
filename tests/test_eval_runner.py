"""The eval runner: which questions run, follow-ups get their thread, modes and the sweep.

A scripted assistant (a subclass of the real one) stands in for the index, so these run in
milliseconds; ``test_run_ingests_answers_and_grades_a_tiny_corpus`` runs the real stack.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.answer import Answer, Citation, Passage
from assistant.answering import Assistant
from assistant.config import load_config
from eval.gold import Evidence, GoldQuestion, load_gold
from eval.runner import answer_all, run, select_questions, with_min_score

SAMPLES = Path(__file__).resolve().parents[1] / "ui" / "samples"
PAPER = "eastmere-debt-recovery-report-2025-06-18"
ARREARS = "At 31 May 2025, council tax arrears stood at £3.2m"


def gold(id: str, text: str, follow_up_of: str | None = None, answerable=True) -> GoldQuestion:
    return GoldQuestion(
        id=id, corpus="seeds", question=text, persona="member", answerable=answerable,
        paraphrased=False, multi_paper=False, follow_up_of=follow_up_of,
        evidence=(Evidence(PAPER, ARREARS),) if answerable else (),
        key_facts=("£3.2m",) if answerable else (),
    )  # fmt: skip


def node(text: str) -> NodeWithScore:
    meta = {"file_name": f"{PAPER}.txt", "source": f"/samples/{PAPER}.txt", "page": 1}
    return NodeWithScore(node=TextNode(text=text, metadata=meta), score=1.0)


class FixedRetriever(BaseRetriever):
    def __init__(self, hits: list[NodeWithScore]) -> None:
        super().__init__()
        self.hits = hits

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.hits


class ScriptedAssistant(Assistant):
    """Answers with the arrears sentence, and records each call to ``ask``."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(load_config(overrides={"data_dir": tmp_path}, environ={}))
        self.calls: list[tuple[str, list, str | None]] = []
        self.hits = [node("Apologies were received."), node(f"{ARREARS}, down £0.4m.")]

    def ask(self, question, filters=None, history=None, k=None, mode=None) -> Answer:
        self.calls.append((question, list(history or []), mode))
        passages = [Passage.from_node(hit) for hit in self.hits]
        text = f"{ARREARS}. [1]"
        citation = Citation(1, passages[1], ARREARS)
        return Answer(question, text, [citation], False, passages, {"total": 0.25})

    def retriever(self, filters, k=None, mode=None) -> BaseRetriever:
        return FixedRetriever(self.hits)


def test_select_questions_by_corpus_and_limit():
    questions = load_gold()
    seeds = select_questions(questions, "seeds")
    assert {q.corpus for q in seeds} == {"seeds"}
    assert len(select_questions(questions, "all")) == len(questions)
    assert [q.id for q in select_questions(questions, "real", limit=2)] == [
        q.id for q in questions if q.corpus == "real"
    ][:2]


def test_a_follow_up_is_asked_with_its_whole_thread_as_history(tmp_path):
    assistant = ScriptedAssistant(tmp_path)
    questions = [
        gold("arrears-01", "What are the council tax arrears?"),
        gold("arrears-02", "How old are they?", follow_up_of="arrears-01"),
        gold("arrears-03", "And the year before?", follow_up_of="arrears-02"),
    ]
    answer_all(assistant, questions, mode="bm25")
    warm_up, *calls = assistant.calls
    assert warm_up == ("What are the council tax arrears?", [], "bm25")
    reply = f"{ARREARS}. [1]"
    assert calls[2] == (
        "And the year before?",
        [("What are the council tax arrears?", reply), ("How old are they?", reply)],
        "bm25",
    )


def test_a_follow_up_whose_first_question_is_not_run_still_gets_its_history(tmp_path):
    assistant = ScriptedAssistant(tmp_path)
    first = gold("arrears-01", "What are the council tax arrears?")
    follow_up = gold("arrears-02", "How old are they?", follow_up_of="arrears-01")
    results = answer_all(assistant, [follow_up])
    assert [r.id for r in results] == ["arrears-02"]
    assert assistant.calls[-1][1] == []  # its first question is not in this run at all
    answer_all(assistant, [first, follow_up])
    assert assistant.calls[-1][1][0][0] == "What are the council tax arrears?"


def test_retrieval_is_graded_on_the_ranked_passages(tmp_path):
    results = answer_all(ScriptedAssistant(tmp_path), [gold("arrears-01", "Arrears?")])
    (result,) = results
    assert (result.ranks, result.hit_at_5, result.mrr) == ([2], 1.0, 0.5)
    assert result.passed and result.latency == 0.25


def test_with_min_score_overrides_only_the_refusal_threshold(tmp_path):
    config = load_config(overrides={"data_dir": tmp_path, "retrieval": {"k": 8}}, environ={})
    changed = with_min_score(config, 0.5)
    assert (changed.answer.min_score, changed.retrieval.k, changed.data_dir) == (0.5, 8, tmp_path)


@pytest.mark.slow
def test_run_ingests_answers_and_grades_a_tiny_corpus(tmp_path, embed_model):
    root = tmp_path / "corpus"
    (root / "pdf").mkdir(parents=True)
    shutil.copy(SAMPLES / f"{PAPER}.txt", root / "pdf")
    questions = [
        gold("arrears-01", "What were council tax arrears at 31 May 2025?"),
        gold("none-01", "How many parking fines did Eastmere issue?", answerable=False),
    ]
    result = run(
        load_config(environ={}),
        questions,
        corpus="seeds",
        modes=("hybrid", "bm25"),
        min_scores=(0.35, 0.9),
        corpus_root=root,
        embed_model=embed_model,
    )
    assert (result.index.papers, result.index.failures, result.index.temporary) == (1, [], True)
    assert [r.mode for r in result.runs] == ["hybrid", "bm25"]
    hybrid = result.runs[0].summaries["seeds"]
    assert (hybrid.questions, hybrid.answerable, hybrid.hit_at_5) == (2, 1, 1.0)
    assert hybrid.fact_recall == 1.0
    assert [p.min_score for p in result.sweep] == [0.35, 0.9]
    strict = result.sweep[1].summaries["overall"]
    assert strict.false_refusal_rate == 1.0  # nothing scores 0.9: everything is refused
    # ...though the passages it was handed held the key facts: the loss is the answerer's
    assert (strict.fact_recall, strict.fact_recall_retrieved) == (0.0, 1.0)
    json.dumps(result.settings)
