"""Eval metrics, each checked against figures worked by hand (shown in the comments)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from assistant.answer import Provenance
from eval.gold import Evidence
from eval.metrics import (
    evidence_ranks,
    fact_found,
    fact_recall,
    hit_at_k,
    is_relevant,
    missing_facts,
    ndcg_at_k,
    paper_stem,
    percentile,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
    score_citations,
)
from eval.support import names_in, numbers_in, split_answer, supports

KENT = "002_1f87ef84fb8f7cad"
DEBT_QUOTE = "the overall outstanding debt was £42.3m, with £7.9m secured."


@dataclass(frozen=True)
class Chunk:
    """The fields of a retrieved passage that relevance looks at."""

    text: str
    file_name: str = f"{KENT}.pdf"
    source: str = f"/corpus/pdf/{KENT}.pdf"
    also_in: tuple[Provenance, ...] = ()


# --- retrieval ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("002_1f87ef84fb8f7cad.pdf", KENT),
        ("/work/shared/corpus/real/real-07.pdf", "real-07"),
        ("C:\\papers\\real-07.pdf", "real-07"),
        ("", ""),
    ],
)
def test_paper_stem_is_the_file_name_without_folder_or_extension(name, stem):
    assert paper_stem(name) == stem


def test_a_passage_is_relevant_when_it_holds_the_quote_despite_line_wrap_hyphenation():
    wrapped = "In CS05-2023, the overall out-\nstanding debt was £42.3m,\n with £7.9m secured."
    assert is_relevant(Chunk(wrapped), Evidence(KENT, DEBT_QUOTE))


def test_a_passage_from_another_paper_is_not_relevant_even_with_the_quote():
    chunk = Chunk(DEBT_QUOTE, file_name="real-07.pdf", source="/corpus/real/real-07.pdf")
    assert not is_relevant(chunk, Evidence(KENT, DEBT_QUOTE))


def test_a_passage_indexed_once_for_two_papers_counts_for_either():
    pack = Provenance("1f87ef84", "Debt report", "Agenda", file_name=f"{KENT}.pdf")
    shared = Chunk(DEBT_QUOTE, "real-07.pdf", "/corpus/real/real-07.pdf", also_in=(pack,))
    assert is_relevant(shared, Evidence(KENT, DEBT_QUOTE))
    assert is_relevant(shared, Evidence("real-07", DEBT_QUOTE))


def test_a_passage_matches_its_paper_by_source_when_the_file_name_is_missing():
    assert is_relevant(Chunk(DEBT_QUOTE, file_name=""), Evidence(KENT, DEBT_QUOTE))


def test_a_passage_with_only_part_of_the_quote_is_not_relevant():
    assert not is_relevant(
        Chunk("the overall outstanding debt was £42.3m"), Evidence(KENT, DEBT_QUOTE)
    )


def test_evidence_ranks_are_the_first_passage_holding_each_quote():
    passages = [Chunk("Apologies were received."), Chunk(DEBT_QUOTE), Chunk(DEBT_QUOTE)]
    other = Evidence(KENT, "Mrs Hudson presented the report to the committee.")
    assert evidence_ranks(passages, [Evidence(KENT, DEBT_QUOTE), other]) == [2, None]


@pytest.mark.parametrize(
    ("ranks", "k", "hit", "recall"),
    [
        ([2, None], 1, 0.0, 0.0),
        ([2, None], 5, 1.0, 0.5),
        ([2, 4], 5, 1.0, 1.0),
        ([6], 5, 0.0, 0.0),
        ([], 5, 0.0, 0.0),
    ],
)
def test_hit_and_recall_at_k(ranks, k, hit, recall):
    assert (hit_at_k(ranks, k), recall_at_k(ranks, k)) == (hit, recall)


@pytest.mark.parametrize(
    ("ranks", "mrr"), [([2, None], 0.5), ([None, 3], 1 / 3), ([1, 4], 1.0), ([None], 0.0)]
)
def test_reciprocal_rank_is_one_over_the_first_evidence_found(ranks, mrr):
    assert reciprocal_rank(ranks) == pytest.approx(mrr)


@pytest.mark.parametrize(
    ("ranks", "ndcg"),
    [
        ([1], 1.0),
        ([3], 0.5),  # 1/log2(4) over the ideal 1/log2(2)
        ([2, None], 0.386853),  # (1/log2 3) / (1/log2 2 + 1/log2 3) = 0.63093 / 1.63093
        ([1, 2], 1.0),
        ([2, 1], 1.0),
        ([1, 1], 1.0),  # both quotes in the top passage: capped at 1
        ([11], 0.0),  # beyond k = 10
        ([None, None], 0.0),
    ],
)
def test_ndcg_at_10_with_binary_gains_per_evidence_item(ranks, ndcg):
    assert ndcg_at_k(ranks, 10) == pytest.approx(ndcg, abs=1e-6)


# --- key facts ---------------------------------------------------------------------------

ANSWER = (
    "In relation to 'CS05-2023 Social Care Debt Recovery', the overall outstanding debt was "
    "£42.3 million, with £7.9m secured. [1] Reasonable\n  assurance was given. [2]"
)


@pytest.mark.parametrize(
    ("fact", "found"),
    [
        ("reasonable assurance", True),  # case and whitespace do not matter
        ("£7.9m", True),
        ("re:£?42\\.3\\s?m", True),  # "£42.3 million"
        ("re:Ernst (and|&) Young", False),
        ("£7.9 million", False),
    ],
)
def test_a_key_fact_is_a_normalised_substring_or_a_case_insensitive_regex(fact, found):
    assert fact_found(fact, ANSWER) is found


def test_fact_recall_is_the_share_of_key_facts_stated():
    facts = ["£7.9m", "re:cs05-2023", "Mrs Hudson"]
    assert missing_facts(facts, ANSWER) == ["Mrs Hudson"]
    assert fact_recall(facts, ANSWER) == pytest.approx(2 / 3)


# --- the offline support judge -----------------------------------------------------------


def test_an_answer_splits_into_sentences_each_with_the_markers_after_it():
    text = "Debt was £42.3m. [1][3] Mr. Smith agreed. It was noted. [2] No source here."
    assert [(s.text, s.cited) for s in split_answer(text)] == [
        ("Debt was £42.3m.", (1, 3)),
        ("Mr. Smith agreed.", ()),
        ("It was noted.", (2,)),
        ("No source here.", ()),
    ]


def test_numbers_lose_thousands_separators_and_citation_markers():
    assert numbers_in("£1,200.50 in 2022/23 for CS05-2023 [4]") == [
        "1200.50", "2022", "23", "05", "2023",
    ]  # fmt: skip


def test_names_skip_the_first_word_and_common_function_words():
    assert names_in("The report by Mrs Hudson was noted. This was in October.") == [
        "Mrs", "Hudson", "October",
    ]  # fmt: skip


SOURCE = "Mrs Hudson presented the report on debt recovery to the committee on 25 October 2023."


@pytest.mark.parametrize(
    ("sentence", "supported", "reason"),
    [
        ("The report on debt recovery was presented by Mrs Hudson on 25 October 2023.", True, ""),
        ("Mrs Hudson presented the report on 26 October 2023.", False, "numbers 26"),
        ("Mr Rayner presented the report on debt recovery.", False, "names Rayner"),
        ("Mrs Hudson resigned after a vote of no confidence.", False, "of its words"),
    ],
)
def test_support_needs_every_number_and_name_and_most_content_words(sentence, supported, reason):
    verdict = supports(sentence, SOURCE)
    assert verdict.supported is supported
    assert reason in verdict.reason


# --- citations (ALCE) --------------------------------------------------------------------

CITED = {
    1: "The overall outstanding debt was £42.3m, with £7.9m secured.",
    2: "Mrs Hudson presented the report on 25 October 2023.",
    3: "The committee noted the report on social care debt recovery.",
}
CITED_ANSWER = (
    "The overall outstanding debt was £42.3m, with £7.9m secured. [1][3] "
    "Mrs Hudson presented the report on 25 October 2023. [2] "
    "The outstanding debt was £50m. [1]"
)


def test_citation_scores_follow_alce_on_a_worked_answer():
    scores = score_citations(CITED_ANSWER, CITED)
    # Sentence 1: [1][3] support it jointly; [3] alone does not and [1] does without it,
    # so [3] is imprecise. Sentence 2: [2] supports it. Sentence 3: £50m is in no source.
    assert [(s.supported, s.precise) for s in scores.sentences] == [
        (True, 1),
        (True, 1),
        (False, 0),
    ]
    assert scores.citation_precision == pytest.approx(2 / 4)
    assert scores.citation_recall == pytest.approx(2 / 3)
    assert scores.faithfulness == pytest.approx(2 / 3)
    assert (scores.numbers, scores.unsupported_numbers) == (5, 1)  # 42.3 7.9 25 2023 | 50


def test_a_sentence_without_a_citation_is_unsupported_but_can_be_faithful():
    scores = score_citations("Mrs Hudson presented the report on 25 October 2023.", CITED)
    (sentence,) = scores.sentences
    assert (sentence.supported, sentence.grounded) == (False, True)
    assert sentence.unsupported_numbers == ("25", "2023")
    assert scores.citation_precision == 0.0  # no citations at all


def test_a_citation_to_a_missing_source_supports_nothing():
    scores = score_citations("Mrs Hudson presented the report on 25 October 2023. [9]", CITED)
    assert (scores.citation_recall, scores.citation_precision) == (0.0, 0.0)


def test_the_support_judge_can_be_swapped_for_another_one():
    scores = score_citations(CITED_ANSWER, CITED, judge=lambda sentence, text: bool(text))
    assert (scores.citation_recall, scores.citation_precision) == (1.0, 1.0)


# --- refusal and latency -----------------------------------------------------------------


def test_refusal_precision_recall_and_false_refusals():
    outcomes = [(True, True)] + [(True, False)] * 9 + [(False, True)] * 3 + [(False, False)]
    scores = refusal_scores(outcomes)
    assert scores.precision == pytest.approx(3 / 4)  # 3 of the 4 refusals were right
    assert scores.recall == pytest.approx(3 / 4)  # 3 of the 4 unanswerable refused
    assert scores.false_refusal_rate == pytest.approx(1 / 10)  # 1 of 10 answerable refused


def test_refusal_scores_are_undefined_rather_than_perfect_without_cases():
    scores = refusal_scores([(True, False)])
    assert (scores.precision, scores.recall, scores.false_refusal_rate) == (None, None, 0.0)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([4.0, 1.0, 3.0, 2.0], 50, 2.5),
        ([float(n) for n in range(1, 11)], 95, 9.55),  # position 8.55: 9 + 0.55 * (10 - 9)
        ([0.7], 95, 0.7),
        ([], 50, 0.0),
    ],
)
def test_percentile_interpolates_between_ranks_like_numpy(values, q, expected):
    assert math.isclose(percentile(values, q), expected)
