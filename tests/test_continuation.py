"""A motion quoted from minutes brings its vote, and a lead-in its list, even when the passage
holding them was not retrieved, and never from a passage the asker may not read."""

from __future__ import annotations

import pytest
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from assistant.answering import Assistant
from index.filters import SearchFilters

MOTION = (
    "Councillor Clark moved an amendment to the report as follows: Approve implementation of "
    "charging at the District Car Parks as soon as possible, subject to free parking being "
    "available at Westbury Hill. The amendment was seconded by Councillor Morris."
)
VOTE = (
    "On being put to the vote the amendment was LOST (2 members voting in favour and 7 "
    "against). The Committee then heard from the Head of Transport on bus shelters."
)
OTHER = "The Committee noted the update on the Clean Air Zone and thanked officers."


def _chunk(index: int, text: str, classification: str, embed_model) -> TextNode:
    node = TextNode(
        id_=f"minutes1-{index:04d}",
        text=text,
        metadata={
            "title": "Minutes of the Transport Committee",
            "council": "Bristol City Council",
            "committee": "Transport Committee",
            "doc_type": "minutes",
            "classification": classification,
            "chunk_index": index,
            "n_chunks": 3,
            "page": index + 1,
        },
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id="minutes1")},
    )
    node.embedding = embed_model.get_text_embedding(text)
    return node


@pytest.fixture
def minutes(make_components, embed_model):
    """Real Chroma holding minutes cut between an amendment and the vote on it."""

    def build(vote_classification: str) -> Assistant:
        parts = make_components()
        parts.store.add(
            [
                _chunk(0, MOTION, "public", embed_model),
                _chunk(1, VOTE, vote_classification, embed_model),
                _chunk(2, OTHER, "public", embed_model),
            ]
        )
        return Assistant(parts.config, parts)

    return build


QUESTION = "Did the committee approve charging at the District Car Parks?"


def test_the_vote_is_read_from_the_passage_after_the_one_retrieved(minutes):
    assistant = minutes("public")
    answer = assistant.ask(QUESTION, k=1)
    assert [p.chunk_id for p in answer.retrieved] == ["minutes1-0000", "minutes1-0001"]
    assert "amendment was LOST" in answer.text
    vote = next(c for c in answer.citations if "LOST" in c.quote)
    assert (vote.passage.chunk_id, vote.passage.page) == ("minutes1-0001", 2)
    # The continuation gives the vote, nothing else: the bus shelters are not quoted.
    assert "bus shelters" not in answer.text


def test_a_vote_in_an_exempt_passage_is_not_read_for_a_public_asker(minutes):
    assistant = minutes("exempt")
    public = assistant.ask(QUESTION, k=1, filters=SearchFilters.for_role("public"))
    assert "LOST" not in public.text
    assert all(p.classification == "public" for p in public.retrieved)
    officer = assistant.ask(QUESTION, k=1, filters=SearchFilters.for_role("officer"))
    assert "amendment was LOST" in officer.text


def test_a_passage_whose_motion_was_put_to_the_vote_needs_no_continuation(minutes):
    assistant = minutes("public")
    answer = assistant.ask("What did the committee hear about bus shelters?", k=1)
    assert [p.chunk_id for p in answer.retrieved] == ["minutes1-0001"]


REVIEW = (
    "The LGA peer review of the finance team reported in January. The review identified an "
    "urgent need for:"
)
NEEDS = (
    "A new, permanent structure with clear roles and responsibilities.\n"
    "Improved financial processes, documentation and systems automation.\n"
)


def test_a_list_is_read_from_the_passage_after_the_lead_in_that_ends_one(
    make_components, embed_model
):
    """A chunk may end on a lead-in, its items in the next chunk: quoted alone, the lead-in
    promises what the answer never gives."""
    parts = make_components()
    parts.store.add(
        [
            _chunk(0, REVIEW, "public", embed_model),
            _chunk(1, NEEDS, "public", embed_model),
            _chunk(2, OTHER, "public", embed_model),
        ]
    )
    answer = Assistant(parts.config, parts).ask(
        "What did the LGA review say the finance team urgently needs?", k=1
    )
    assert [p.chunk_id for p in answer.retrieved] == ["minutes1-0000", "minutes1-0001"]
    assert "The review identified an urgent need for:" in answer.text
    assert "A new, permanent structure with clear roles and responsibilities." in answer.text
    item = next(c for c in answer.citations if "permanent structure" in c.quote)
    assert item.passage.chunk_id == "minutes1-0001"
