"""Grading one answer: its metrics, pass or fail, and reasons a reader can act on."""

from __future__ import annotations

from assistant.answer import Answer, Citation, Passage
from eval.gold import Evidence, GoldQuestion
from eval.grading import grade

KENT = "002_1f87ef84fb8f7cad"
DEBT = "In relation to 'CS05-2023 Social Care Debt Recovery', the overall outstanding debt was £42.3m, with £7.9m secured."  # noqa: E501
APOLOGIES = "Apologies for absence were received from Mr Rayner and Mrs Hudson."


def passage(text: str, paper: str = KENT, page: int = 3) -> Passage:
    return Passage(
        chunk_id=f"{paper}-{page}", doc_id=paper, text=text, score=1.0, title="Minutes",
        part_title="", council="Kent County Council", committee="Governance and Audit",
        meeting_date="2023-10-25", doc_type="minutes", classification="public",
        agenda_item="5", agenda_item_title="", section="", page=page,
        file_name=f"{paper}.pdf", source=f"/corpus/pdf/{paper}.pdf", start_char=0,
    )  # fmt: skip


def question(answerable: bool = True, **fields) -> GoldQuestion:
    defaults = dict(
        id="kent-debt-01", corpus="seeds", question="What is the social care debt?",
        persona="member", answerable=answerable, paraphrased=False, multi_paper=False,
        follow_up_of=None,
        evidence=(Evidence(KENT, DEBT),) if answerable else (),
        key_facts=("re:£?42\\.3\\s?m", "£7.9m") if answerable else (),
    )  # fmt: skip
    return GoldQuestion(**{**defaults, **fields})


def answer(text: str, cited: list[Passage], retrieved: list[Passage]) -> Answer:
    citations = [Citation(n, p, p.text) for n, p in enumerate(cited, start=1)]
    refused = not cited
    return Answer("q", text, citations, refused, retrieved, {"total": 0.4})


def test_a_right_answer_with_the_evidence_first_passes_with_no_reasons():
    debt = passage(DEBT)
    result = grade(question(), answer(f"{DEBT} [1]", [debt], [debt]), [debt], "hybrid")
    assert result.passed and result.reasons == []
    assert (result.hit_at_5, result.mrr, result.fact_recall) == (1.0, 1.0, 1.0)
    assert (result.citation_precision, result.unsupported_numbers) == (1.0, 0)
    assert result.citations[0]["paper"] == KENT


def test_a_refused_answerable_question_is_a_false_refusal_with_no_facts():
    ranked = [passage(APOLOGIES)] * 6
    result = grade(question(), answer("The papers don't cover this.", [], ranked), ranked, "bm25")
    assert not result.passed
    assert result.fact_recall == 0.0
    assert result.reasons[0] == "false refusal"
    assert (
        "gold quote not retrieved in top 6: 002_1f87ef84fb8f7cad “In relation to"
        in (result.reasons[1])
    )


def test_evidence_below_the_top_five_is_reported_with_its_rank():
    ranked = [passage(APOLOGIES)] * 6 + [passage(DEBT)]
    result = grade(question(), answer(f"{DEBT} [1]", [ranked[-1]], ranked), ranked, "dense")
    assert result.passed  # the answer is right even though retrieval ranked it low
    assert result.hit_at_5 == 0.0 and result.mrr == 1 / 7
    assert result.reasons[0].startswith("gold quote at rank 7, not in top 5")


def test_a_gold_quote_no_chunk_holds_is_reported_as_split_by_chunking():
    ranked = [passage(APOLOGIES)]
    result = grade(
        question(), answer(f"{APOLOGIES} [1]", ranked, ranked), ranked, "hybrid", frozenset({DEBT})
    )
    assert result.reasons[0].startswith("gold quote split across chunks")


def test_each_missing_key_fact_is_named():
    text = "The overall outstanding debt was £42.3m. [1]"
    debt = passage(DEBT)
    result = grade(question(), answer(text, [debt], [debt]), [debt], "hybrid")
    assert result.missing_facts == ["£7.9m"]
    assert result.reasons == [
        "key fact “£7.9m” missing: in retrieved passage 1, not quoted",
        "the answerer left out the gold quote retrieved at rank 1",
    ]
    assert result.fact_recall == 0.5
    assert result.fact_recall_retrieved == 1.0  # the answerer lost it, not retrieval


def test_a_key_fact_in_no_retrieved_passage_is_put_down_to_retrieval():
    text = "The overall outstanding debt was £42.3m. [1]"
    partial = passage("The overall outstanding debt was £42.3m.")
    result = grade(question(), answer(text, [partial], [passage(APOLOGIES), partial]), [], "hybrid")
    assert result.fact_passages == {"re:£?42\\.3\\s?m": 2, "£7.9m": None}
    assert "key fact “£7.9m” missing: in no retrieved passage" in result.reasons
    assert (result.fact_recall, result.fact_recall_retrieved) == (0.5, 0.5)


def test_an_unsupported_sentence_and_its_numbers_are_explained():
    debt = passage(DEBT)
    text = "The overall outstanding debt was £42.3m, with £7.9m secured. [1] It rose to £50m. [1]"
    result = grade(question(), answer(text, [debt], [debt]), [debt], "hybrid")
    assert not result.passed
    assert "sentence 2: numbers 50 not in its cited text" in result.reasons
    assert "sentence 2 not supported by [1]: numbers 50 not in cited text" in result.reasons


def test_a_refusal_with_the_evidence_retrieved_blames_the_answerer():
    ranked = [passage(APOLOGIES), passage(DEBT)]
    result = grade(question(), answer("The papers don't cover this.", [], ranked), ranked, "bm25")
    assert result.reasons[0] == "false refusal: the gold quote was retrieved at rank 2"


def test_an_answer_to_an_unanswerable_question_fails_as_confident():
    apologies = passage(APOLOGIES)
    gold = question(answerable=False, id="none-foi-01")
    result = grade(gold, answer(f"{APOLOGIES} [1]", [apologies], [apologies]), [], "hybrid")
    assert not result.passed
    assert result.reasons == ["confident answer to unanswerable"]
    assert result.hit_at_5 is None and result.fact_recall is None


def test_a_refused_unanswerable_question_passes():
    gold = question(answerable=False, id="none-foi-01")
    result = grade(gold, answer("The papers don't cover this.", [], []), [], "hybrid")
    assert result.passed and result.quality == 1.0


def test_an_llm_judge_is_compared_sentence_by_sentence_with_the_offline_one():
    debt = passage(DEBT)
    text = f"{DEBT} [1] The overall outstanding debt was £42.3m. [1]"
    result = grade(
        question(), answer(text, [debt], [debt]), [debt], "hybrid", llm_judge=lambda s, t: False
    )
    assert result.judge is not None
    assert (result.judge.sentences, result.judge.agreed) == (2, 0)
    assert result.judge.citation_recall == 0.0
