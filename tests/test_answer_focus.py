"""What a question's amount or decision is about: the head of the phrase it asks about."""

from __future__ import annotations

import pytest

from assistant.answer_focus import focus_of


@pytest.mark.parametrize(
    "question, focus",
    [
        # the head, not the words that qualify it (which a near miss shares)
        ("Did the committee approve the external audit fee for 2023/24?", ["fee"]),
        ("What is Kent County Council's total revenue budget for 2023/24?", ["budget"]),
        ("How many National Fraud Initiative matches does Kent have to clear?", ["matches"]),
        # ...and its complement, which may name it instead
        ("How many requests for telecommunications data did Kent authorise?", ["requests", "data"]),
        ("How many complaints about Bexley did the Ombudsman uphold?", ["complaints", "Bexley"]),
        # a name is one word: "of" inside it is no complement
        ("How many Freedom of Information requests did Kent receive?", ["requests"]),
        # "how many" counts the first plural, not the last word before a verb or a possessive
        ("How many call agents currently work in Bromley's contact centre?", ["agents"]),
        ("How many of the extra parking bays will the scheme provide?", ["bays"]),
        ("How many people signed the petition?", []),
        # an adverb ends the phrase before its verb
        (
            "How much of Kent's feedback now comes in through digital channels?",
            ["feedback", "channels"],
        ),
        # a money verb says what the amount is, in any of its forms
        (
            "How much did Bromley spend on agency staff in 2009/10?",
            ["spend spent spending expenditure"],
        ),
        (
            "How much does Bromley charge for on-street parking?",
            ["charge charges charged charging fee fees price prices tariff tariffs"],
        ),
        ("How much did Grant Thornton's review cost?", ["cost costs costing"]),
        # "bring in" is income: Nottingham's "annual levy charge" is not what the levy raises
        (
            "How much money does Nottingham's Workplace Parking Levy bring in each year?",
            [
                "raise raised raising income generate generates generated generating revenue"
                " revenues bring brings brought"
            ],
        ),
        # a generic word gives way to the word before it or to its complement
        ("How much EDF money was moved to finish the project?", ["EDF"]),
        ("What share of complaints did Kent answer on time?", ["complaints"]),
        ("Was the proposal approved?", []),
        # a change is named in many ways
        (
            "What council tax increase did Gloucester set for 2026-27?",
            ["increase increases increased rise rises rose risen growth grew grow up higher"],
        ),
        ("What was decided about the first residents' parking permit?", ["permit"]),
        ("Was a balanced budget agreed for 2023/24?", ["budget"]),
        # what is decided is the head alone: "the framework for projects" is no project
        (
            "Did the committee approve adopting the Healthy Streets framework for its projects?",
            ["framework"],
        ),
        # ...unless the head is generic: an application or a bid is for what it names
        ("Did the committee approve the application for the memorial site?", ["site"]),
        # a quotation mark is no possessive: the possessor ends at "Maney's"
        (
            "What is St Peters Church Maney's budget for 'Maney in Bloom' events?",
            ["budget", "events"],
        ),
        # what was decided "about when" a thing is done: the thing, before its verb
        (
            "What was decided in January 2026 under the delegation about when the full business "
            "case would be submitted?",
            ["case"],
        ),
        # when it was decided, and the verb of what was to be done, are not what was decided
        ("Did the committee agree in March 2018 to pay for more administrator days?", ["days"]),
        ("Did cabinet agree on 12 May 2025 to award the cleaning contract?", ["contract"]),
        ("Did the board agree in 2024 to fund the youth project?", ["project"]),
        # winning is deciding too: the award is what was won, not the year
        ("Did Sutton Coldfield win a Britain in Bloom award in 2018?", ["award"]),
        # a comma inside an amount ends no clause; "how much money" asks with its verb
        ("How much of the £83,898 fraud loss has Kent recovered?", ["loss"]),
        ("How much money did the Pension Fund lose?", ["lose lost loss losses"]),
        # only the clause that asks
        ("How many homes were in the first development, and when did it start?", ["homes"]),
        # a follow-up searched with the previous question's terms in front
        ("blue badges How many warning letters were issued?", ["letters"]),
        # what a "when" question dates: its subject
        ("When is the Leadership Academy due to launch?", ["Academy"]),
        ("When will the contract for the next service be awarded?", ["contract", "service"]),
        # ...or the object of what it asks was done, up to a relative clause
        ("When did Full Council pass the Green Party budget amendment that funded it?", ["budget"]),
        ("When did Bristol hold the workshop that set the Committee's programme?", ["workshop"]),
        ("When did the peer challenge take place?", []),
        # no amount, date or decision asked about: nothing is required
        ("How much of it was secured?", []),
        # "what did" opens no noun phrase: the audit's verb is no focus
        ("What did the audit find about how contracts were approved?", []),
    ],
)
def test_the_focus_of_a_question(question, focus):
    assert focus_of(question) == focus
