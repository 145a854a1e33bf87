"""The names a sentence gives that its question does not: what answers "which company...".

"Which company supplied the voice recognition system?" is answered by a sentence naming one
("Currently working with Telephonetics"), not by one describing the work ("a Voice
Recognition supplier has been procured"), however close. With no gazetteer and no
named-entity model, a name is a capitalised word that is no common word: the indexed papers
never write it in lower case, and it is no word of the embedding model's vocabulary (both
given as stems: ``common``). A firm named by a company suffix ("Ernst and Young Global LLP")
is a name whatever its words. Some names are missed (a firm called by a common word or
surname, "Capita", "Atkins") and some places and people are taken for names; a council's
name, a title and the name after it, months and abbreviations ("KCC", "VfM") never are.
"""

from __future__ import annotations

import re

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
ABBREVIATION_LENGTH = 4  # "VfM", "DfT", "EqIA": short words with two or more capitals


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
