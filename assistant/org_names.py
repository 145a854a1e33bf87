"""The names a sentence gives that its question does not: what answers "which company..." or
"who...".

"Which company supplied the voice recognition system?" is answered by a sentence naming one
("Currently working with Telephonetics"), not by one describing the work ("a Voice
Recognition supplier has been procured"), however close. With no gazetteer and no
named-entity model, a name is a capitalised word that is no common word: the indexed papers
never write it in lower case, and it is no word of the embedding model's vocabulary (both
given as stems: ``common``). A firm named by a company suffix ("Ernst and Young Global LLP")
is a name whatever its words. Some names are missed (a firm called by a common word or
surname, "Capita", "Atkins") and some places and people are taken for names; a council's
name, a title and the name after it, months and abbreviations ("KCC", "VfM") never are.

A person ("who...?") is named after a title ("Mrs Hudson"), after "by", or by a first name and
surname; for these only the papers' lower-case words are common, for the embedding model's
vocabulary holds most names of people ("hudson", "wilcox", "mansfield"). Any other name, as
for a firm, may answer too ("Who carried out the study?"). Councils' places are no people
("Bristol", "Sutton Coldfield": ``CommonWords.places``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from assistant.answer_kinds import COUNCIL_NAME, MONTH
from index.keyword import Tokenizer

CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w&'’-]*")
POSSESSIVE = re.compile(r"['’]s?$|[-'’]+$")
TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Cllrs?|Councillors?|Revd)"
TITLE = re.compile(rf"^{TITLES}$")
AFTER_TITLE = re.compile(rf"\b{TITLES}\.?\s+$")
DAY_OR_MONTH = re.compile(rf"^(?:{MONTH}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)$")
COMPANY = re.compile(
    r"\b(?P<name>[A-Z][\w&'’-]*(?:\s+(?:and|&)?\s*[A-Z][\w&'’-]*)*)\s+"
    r"(?:Ltd|Limited|LLP|PLC|plc|Inc)\b"
)
TITLED = re.compile(rf"\b{TITLES}\.?\s+(?P<name>(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]+)")
FULL_NAME = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][a-z]+\s+(?:Mc|Mac|O['’])?[A-Z][a-z]+)\b")
AGENT = re.compile(r"\bby\s+(?P<name>[A-Z][a-z]+)\b")
RUN_TOGETHER = re.compile(r"[a-z]{3}[A-Z]")  # "DetailsA": cells run together, no "McGinty"
ABBREVIATION_LENGTH = 4  # "VfM", "DfT", "EqIA": short words with two or more capitals


@dataclass(frozen=True)
class CommonWords:
    """Stems of the words that are no names."""

    written: frozenset[str] = frozenset()  # the indexed papers write them in lower case
    vocabulary: frozenset[str] = frozenset()  # the embedding model's words
    places: frozenset[str] = frozenset()  # the councils' places ("bristol", "sutton"): no people

    @cached_property
    def known(self) -> frozenset[str]:
        """Both: no firm is called by a word of either."""
        return self.written | self.vocabulary

    @cached_property
    def unnamed(self) -> frozenset[str]:
        """Words in no person's name: the written ones and the places (the vocabulary holds
        surnames)."""
        return self.written | self.places

    @cached_property
    def known_or_places(self) -> frozenset[str]:
        """Words in no name at all, for "who": no place answers it."""
        return self.known | self.places


NO_COMMON_WORDS = CommonWords()  # every capitalised word is a name


def names_in(
    sentence: str, asked: frozenset[str], common: frozenset[str], tokenize: Tokenizer
) -> list[str]:
    """The names in ``sentence`` that are not among the question's terms ``asked``."""
    stem = tokenize.stem
    companies = list(COMPANY.finditer(sentence))
    found = [m.group(0) for m in companies if not set(tokenize(m.group("name"))) <= asked]
    spans = [match.span() for match in [*companies, *COUNCIL_NAME.finditer(sentence)]]
    for match in CAPITALISED.finditer(sentence):
        word = POSSESSIVE.sub("", match.group(0))
        if (
            not word
            or word.isupper()
            or any(c.isdigit() for c in word)  # "Gen2", "Page28-Appendix": references
            or word.lower() in tokenize.stopwords
            or DAY_OR_MONTH.match(word)
            or (len(word) <= ABBREVIATION_LENGTH and sum(c.isupper() for c in word) > 1)
            or TITLE.match(word)
            or AFTER_TITLE.search(sentence[: match.start()])
            or any(start <= match.start() < end for start, end in spans)
        ):
            continue
        parts = {stem(part) for part in word.lower().split("-") if part}  # "Non-Executive"
        if not parts <= common and not parts <= asked:
            found.append(word)
    return found


def firms_in(
    sentence: str,
    asked: frozenset[str],
    common: CommonWords,
    tokenize: Tokenizer,
) -> list[str]:
    """The names in ``sentence`` that may be a firm's: no person's ("Adam Crowther, Head of
    City Transport" names no contractor)."""
    people = _words(_people(sentence, asked, common, tokenize, agents=False))
    return [
        name
        for name in names_in(sentence, asked, common.known_or_places, tokenize)
        if name not in people
    ]


def people_in(
    sentence: str,
    asked: frozenset[str],
    common: CommonWords,
    tokenize: Tokenizer,
    firms: bool = True,
) -> list[str]:
    """The people (and, with ``firms``, the firms: "Who carried out the study?") ``sentence``
    names that the question does not. Words run together from table cells
    ("AddressedChildren") are none. A firm's name is any other the papers do not write in
    lower case, and so may a lone name after "by", so without ``firms`` a ward or a city
    ("Vesey", "verified by Birmingham Property Services") is no councillor."""
    people = _people(sentence, asked, common, tokenize, agents=firms)
    if not firms:
        return people
    named = _words(people)
    others = [
        name
        for name in names_in(sentence, asked, common.known_or_places, tokenize)
        if name not in named and not RUN_TOGETHER.search(name)
    ]
    return list(dict.fromkeys(people + others))


def _words(names: list[str]) -> set[str]:
    return {word for name in names for word in name.split()}


def _people(
    sentence: str,
    asked: frozenset[str],
    common: CommonWords,
    tokenize: Tokenizer,
    agents: bool = True,
) -> list[str]:
    """Names after a title ("Councillor Plowden", "Mrs R Binks"), and first names with
    surnames ("Zoe Toft") or names after "by" ("carried out by Atkins") none of whose words
    the papers write in lower case nor a council's place; none the question gives.
    ``agents`` false leaves out those after "by", which may be firms'."""
    found = [
        name
        for match in TITLED.finditer(sentence)
        if not set(tokenize(name := match.group("name"))) <= asked
    ]
    patterns = (FULL_NAME, AGENT) if agents else (FULL_NAME,)
    for match in (match for pattern in patterns for match in pattern.finditer(sentence)):
        name = match.group("name")
        words = [tokenize.stem(word.lower()) for word in name.split()]
        if not any(w in common.unnamed or w in asked or w in tokenize.stopwords for w in words):
            found.append(name)
    return found
