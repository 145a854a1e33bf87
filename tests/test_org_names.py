"""Which names a sentence gives, for "which company...?": capitalised words that are no common
word, a firm's name with a company suffix; never a council, a titled person or an
abbreviation."""

from __future__ import annotations

import pytest

from assistant.org_names import names_in
from index.keyword import LOWER_CASE_WORD, Tokenizer

TOKENIZE = Tokenizer()
# The papers' lower-case words stand for the common ones here.
PAPERS = (
    "a voice recognition supplier has been procured and is currently installed; the counter "
    "fraud team; external auditors; global and young people; the partner took over; a non "
    "executive lead"
)
COMMON = frozenset(TOKENIZE.stem(word) for word in LOWER_CASE_WORD.findall(PAPERS))


def names(sentence: str, question: str = "Which company supplied it?") -> list[str]:
    return names_in(sentence, frozenset(TOKENIZE(question)), COMMON, TOKENIZE)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Currently working with Telephonetics (Voice Recognition supplier).", ["Telephonetics"]),
        # A common word capitalised is no name, nor is its plural.
        ("The Counter Fraud Team reviews Suppliers.", []),
        ("A Non-Executive Counter-Fraud lead.", []),
        # A suffix makes a firm of common words.
        ("Auditors are Ernst and Young Global LLP (EY).", ["Ernst and Young Global LLP"]),
        ("Thanet District Council issued a no assurance report.", []),
        ("Cllr Mosson and Mrs Hudson spoke.", []),
        ("KCC and the DfT agreed the VfM case in March.", []),
        ("Liberata's staff took over the service.", ["Liberata"]),
    ],
)
def test_the_names_a_sentence_gives(sentence, expected):
    assert names(sentence) == expected


def test_a_name_the_question_gives_is_no_answer_to_it():
    question = "Which company won the Oracle Fusion support contract?"
    assert names("The Oracle Fusion support contract was extended.", question) == []
    assert names("Oracle Fusion support went to Evosys.", question) == ["Evosys"]
    asked = "Are Ernst and Young Bexley's auditors?"
    assert names("Auditors are Ernst and Young Global LLP (EY).", asked) == [
        "Ernst and Young Global LLP"
    ]
    assert names("Auditors are Ernst and Young LLP (EY).", asked) == []
