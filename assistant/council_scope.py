"""Which councils a question names, so that another council's papers do not answer it.

"How many complaints about Bexley did the Ombudsman uphold?" is not answered by Kent's
Ombudsman figures, however close the sentence. A council is named by its place ("Bexley" for
"London Borough of Bexley", "West of England" for "West of England Combined Authority"); a
question naming the place of one of the retrieved papers' councils is about that council,
and a passage from a council it does not name cannot answer it. A passage whose council is
unknown (a minute that never names its council) is never ruled out this way.

Within a paper, officer reports compare: "Nottingham's annual levy charge is currently £550"
is a figure, but not Bristol's, and does not answer "How much is Bristol's charge?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PREFIX = re.compile(r"^(?:the\s+)?(?:(?:london|royal)\s+)?(?:borough|city|county)\s+of\s+", re.I)
SUFFIX = re.compile(
    r"\s+(?:(?:metropolitan\s+)?(?:borough|county|city|district|town|parish)\s+)?"
    r"(?:council|combined\s+authority)$",
    re.I,
)


def place_of(council: str) -> str:
    """The place a council is named by: "Kent County Council" -> "Kent"."""
    return SUFFIX.sub("", PREFIX.sub("", council.strip())).strip()


def councils_named(question: str, councils: Iterable[str]) -> frozenset[str]:
    """Those of ``councils`` whose place the question names (as a whole word or phrase)."""
    named = set()
    for council in councils:
        place = place_of(council)
        if place and re.search(rf"\b{re.escape(place)}\b", question, re.I):
            named.add(council)
    return frozenset(named)


def in_scope(council: str, named: frozenset[str]) -> bool:
    """Whether a passage of ``council`` may answer a question naming ``named`` councils."""
    return not named or not council or council in named


# "Nottingham's", not "KCC's"; the word before tells "St Augustine's Parade", "Cllr Bryher's"
# and "Gloucester City Council's" (a name of several words) from a place.
POSSESSOR = re.compile(r"(?:(\S+)\s+)?\b([A-Z][a-z]+)['’]s\b")
# Councils a paper compares its own with, unnamed: "One borough reported...", "whilst other
# boroughs have paid £700k".
OTHER_COUNCILS = re.compile(
    r"\b(?:one|another|other|some|many|several|neighbouring)\s+(?:london\s+)?"
    r"(?:boroughs?|councils?|local authorities|authorities)\b",
    re.I,
)
# Bodies and roles that own things in every council's papers.
OWNERS = frozenset(
    [
        "council",
        "authority",
        "government",
        "mayor",
        "committee",
        "cabinet",
        "board",
        "executive",
        "director",
        "officer",
        "chair",
        "chairman",
        "leader",
        "member",
        "members",
        "panel",
        "department",
        "ombudsman",
        "auditor",
        "partnership",
        "service",
        "team",
        "trust",
        "city",
        "county",
        "borough",
        "region",
    ]
)


def owned_elsewhere(sentence: str, question: str) -> bool:
    """Whether the sentence gives something of a place the question does not name, or of
    other councils it does not ask about ("One borough reported £3.5 million...")."""
    if OTHER_COUNCILS.search(sentence) and not OTHER_COUNCILS.search(question):
        return True
    return any(
        not (before[:1].isupper() and before[-1:].isalpha())
        and owner.lower() not in OWNERS
        and not re.search(rf"\b{owner}\b", question, re.I)
        for before, owner in POSSESSOR.findall(sentence)
    )
