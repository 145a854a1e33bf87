"""A question naming a council is answered from that council's papers only."""

from __future__ import annotations

import pytest

from assistant.council_scope import councils_named, in_scope, owned_elsewhere, place_of

COUNCILS = {
    "London Borough of Bexley",
    "Kent County Council",
    "Bristol City Council",
    "West of England Combined Authority",
    "Gloucester City Council",
    "Royal Borough of Kingston upon Thames",
}


@pytest.mark.parametrize(
    "council, place",
    [
        ("London Borough of Bexley", "Bexley"),
        ("Kent County Council", "Kent"),
        ("West of England Combined Authority", "West of England"),
        ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
        ("Sheffield City Council", "Sheffield"),
        ("Tandridge District Council", "Tandridge"),
        ("Wigan Metropolitan Borough Council", "Wigan"),
    ],
)
def test_a_council_is_named_by_its_place(council, place):
    assert place_of(council) == place


@pytest.mark.parametrize(
    "question, named",
    [
        (
            "How many complaints about Bexley did the Ombudsman uphold?",
            {"London Borough of Bexley"},
        ),
        (
            "What is being done about bus services in Bristol and the wider West of England?",
            {"Bristol City Council", "West of England Combined Authority"},
        ),
        ("Which LGA peer challenges are mentioned in these papers?", set()),
        ("How many councils in England charge for parking?", set()),  # a place in no council
        ("What did Kentish Town ward councillors ask?", set()),  # whole words only
    ],
)
def test_the_councils_a_question_names(question, named):
    assert councils_named(question, COUNCILS) == named


def test_another_councils_passage_is_out_of_scope_but_an_unknown_council_is_not():
    named = frozenset({"London Borough of Bexley"})
    assert in_scope("London Borough of Bexley", named)
    assert not in_scope("Kent County Council", named)
    assert in_scope("", named)  # a minute that never names its council
    assert in_scope("Kent County Council", frozenset())  # the question names none


@pytest.mark.parametrize(
    "sentence, elsewhere",
    [
        ("Nottingham’s annual levy charge is currently £550.", True),
        ("Bristol's annual levy charge would be £500.", False),  # the place asked about
        ("The Council's external auditors since 2018/19.", False),  # a body, not a place
        ("In line with KCC's Scheme of Delegation.", False),
        ("An approach to St Augustine’s Parade when appropriate.", False),  # a street
        ("Gloucester City Council’s Finance team.", False),
        ("Cllr Bryher's amendment to cut £2m was lost.", False),  # a person
        ("Unlike Bristol, Leeds's levy raised £9m.", True),
        ("The levy raised £9m in 2023.", False),
        ("One borough reported £3.5 million had been set aside for its levy.", True),
        ("Whilst other boroughs have paid £700k for a levy.", True),
        ("Both boroughs would share the levy's £1 million cost.", False),
    ],
)
def test_a_figure_owned_by_another_place(sentence, elsewhere):
    assert owned_elsewhere(sentence, "How much is Bristol's levy charge?") is elsewhere


def test_other_councils_figures_answer_a_question_about_other_councils():
    sentence = "Other boroughs have seen channel shift in the region of 10-15%."
    assert not owned_elsewhere(sentence, "How much channel shift have other boroughs seen?")
