"""Extractive answers over the seed papers: cited, quoted exactly, refusing when uncovered."""

from __future__ import annotations

import pytest

from assistant.answering import Assistant
from assistant.followup import is_follow_up, rewrite_follow_up
from ingest.errors import QueryError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(seed_index):
    parts, _ = seed_index
    return Assistant(parts.config, parts)


def test_an_answer_states_the_fact_and_cites_its_exact_source(assistant):
    answer = assistant.ask("What was the overall outstanding social care debt in Kent?")
    assert not answer.refused
    assert "£42.3m" in answer.text
    assert answer.citations
    for citation in answer.citations:
        assert citation.quote
        for quote in citation.quote.split(" … "):
            assert quote in citation.passage.text
    assert all(f"[{c.number}]" in answer.text for c in answer.citations)


def test_answers_are_short_and_free_of_duplicates(assistant):
    """At most five sentences, not counting the items (up to four) of a list quoted with its
    lead-in, which are told as part of it."""
    answer = assistant.ask("What did the Bexley peer challenge recommend about the MTFS?")
    sentences = [s for s in answer.text.split("] ") if s]
    items, told = 0, 0
    for sentence in sentences:
        if items:
            items -= 1
        else:
            told += 1
        if sentence.rsplit(" [", 1)[0].endswith(":"):
            items = 4
    assert 1 <= told <= 5
    assert len(set(sentences)) == len(sentences)


@pytest.mark.parametrize(
    "question",
    [
        # Kent's cabinet sentences are close, but none records a decision on libraries.
        "What did the cabinet decide about library closures in Kent?",
        "What is the council tax increase for 2025/26 in Bromley?",
        "Who won the Eurovision song contest?",
    ],
)
def test_questions_the_papers_do_not_cover_are_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused
    assert answer.text.startswith("The indexed papers don't appear to cover this.")
    assert answer.citations == []


def test_a_follow_up_question_uses_the_previous_question():
    previous = ["What did the Kent committee hear about social care debt recovery?"]
    assert is_follow_up("How much of it was secured?")
    assert not is_follow_up("What is Bromley's web development partnership with Bexley?")
    rewritten = rewrite_follow_up("How much of it was secured?", previous)
    assert "debt" in rewritten and rewritten.endswith("How much of it was secured?")


def test_a_follow_up_answer_draws_on_the_conversation(assistant):
    first = assistant.ask("What did the Kent committee hear about social care debt recovery?")
    follow = assistant.ask("How much of it was secured?", history=[(first.question, first.text)])
    assert not follow.refused
    assert "£7.9m" in follow.text


@pytest.mark.parametrize("question", ["", "   \x00\x07  ", "x" * 100_000])
def test_empty_or_huge_questions_are_clear_errors(assistant, question):
    with pytest.raises(QueryError):
        assistant.ask(question)


def test_control_characters_are_ignored(assistant):
    answer = assistant.ask("What was the overall outstanding\x00 social care debt\x1b in Kent?")
    assert "£42.3m" in answer.text


@pytest.mark.parametrize("k", [0, -3])
def test_k_below_one_is_a_clear_error(assistant, k):
    with pytest.raises(QueryError, match="k must be at least 1"):
        assistant.ask("social care debt", k=k)


def test_a_huge_k_is_capped_not_an_error(assistant):
    """k is capped at 50 (a passage continuing a retrieved one may follow them)."""
    huge = assistant.ask("social care debt recovery", k=10_000)
    capped = assistant.ask("social care debt recovery", k=50)
    assert [p.chunk_id for p in huge.retrieved] == [p.chunk_id for p in capped.retrieved]
    assert 50 <= len(huge.retrieved) < 60
