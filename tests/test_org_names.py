"""Which names a sentence gives, for "which company...?": capitalised words that are no common
word, a firm's name with a company suffix; never a council, a titled person or an
abbreviation. For "who...?": people's names too, titled or not, but no place's."""

from __future__ import annotations

import pytest

from assistant.org_names import CommonWords, firms_in, names_in, people_in
from index.keyword import Tokenizer, lower_case_words

TOKENIZE = Tokenizer()
# The papers' lower-case words stand for the common ones here.
PAPERS = (
    "a voice recognition supplier has been procured and is currently installed; the counter "
    "fraud team; external auditors; global and young people; the partner took over; a non "
    "executive lead; the director of infrastructure; a member; the chair of the group; the "
    "general counsel; the councillor; members present; the chairman; the officer; the issue; "
    "services; a manager; the head of service; contact jon.mcginty@gloucester.gov.uk"
)
COMMON = frozenset(TOKENIZE.stem(word) for word in lower_case_words(PAPERS))
# The embedding model's vocabulary holds many surnames and places; the papers' words do not.
LEXICON = CommonWords(
    written=COMMON,
    vocabulary=COMMON | {"wilcox", "bristol", "atkin"},
    places=frozenset(TOKENIZE("Bristol Sutton Coldfield")),
)


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
        # A word with a digit is a reference, not a name.
        ("The Gen2 report is at Page28-Appendix A.", []),
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


def people(sentence: str, question: str = "Who chaired the group?") -> list[str]:
    return people_in(sentence, frozenset(TOKENIZE(question)), LEXICON, TOKENIZE)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # A title makes a name of any word, the vocabulary's too.
        ("The Chair of the Group, Councillor Wilcox, introduced it.", ["Wilcox"]),
        ("Present: Mrs R Binks (Chairman).", ["R Binks"]),
        # A first name and surname the papers never write in lower case (an address is no
        # writing): "mcginty" is only in one.
        ("Contact Officer: Jon McGinty", ["Jon McGinty"]),
        ("A study was carried out by Atkins in 2011.", ["Atkins"]),
        # No name: a post, a member, a place, cells run together.
        ("The General Counsel would meet the Director of Infrastructure.", []),
        ("A Member noted that hubs might add to congestion.", []),
        ("It mirrors the practice at Bristol and in Sutton Coldfield.", []),
        ("Issue to be AddressedChildren's Services financial control", []),
    ],
)
def test_the_people_a_sentence_names(sentence, expected):
    assert people(sentence) == expected


def test_a_place_is_no_councillor_but_may_be_a_firm():
    """Any name the papers never write in lower case may be a firm's ("Who carried out the
    study?" "Atkins"); asked which councillor, only a titled or full name answers."""
    sentence = "Councillor Hume said the site was in the Vesey ward."
    asked = frozenset(TOKENIZE("Which councillor raised the site?"))
    assert people_in(sentence, asked, LEXICON, TOKENIZE, firms=False) == ["Hume"]
    assert "Vesey" in people_in(sentence, asked, LEXICON, TOKENIZE)
    verified = "The site was verified by Birmingham."
    assert people_in(verified, asked, LEXICON, TOKENIZE, firms=False) == []
    assert "Birmingham" in people_in(verified, asked, LEXICON, TOKENIZE)


def test_a_hyphenated_place_is_no_full_name():
    asked = frozenset(TOKENIZE("Which councillor approved the plan?"))
    sentence = "The Bath and North-East Somerset plan was approved."
    assert people_in(sentence, asked, LEXICON, TOKENIZE, firms=False) == []


def test_a_person_named_by_the_question_answers_no_question_about_another():
    question = "Who introduced the closure report with Councillor Wilcox?"
    assert people("Councillor Wilcox and the Group Manager introduced it.", question) == []


def test_a_persons_name_is_no_firms():
    """An officer's contact line names no contractor; a firm beside it still is one."""
    sentence = "Adam Crowther, Head of City Transport; works by Telephonetics."
    asked = frozenset(TOKENIZE("Which company maintains the traffic systems?"))
    assert firms_in(sentence, asked, LEXICON, TOKENIZE) == ["Telephonetics"]


def test_a_councils_place_is_no_firm():
    """ "Bexley and Bromley would also need to find funds" names no company hosting Bromley's
    website: an indexed council's place is no firm's name, though a firm is still found."""
    sentence = "Sutton Coldfield would also need to find funds, with Telephonetics."
    asked = frozenset(TOKENIZE("Which company hosts the website?"))
    assert firms_in(sentence, asked, LEXICON, TOKENIZE) == ["Telephonetics"]
