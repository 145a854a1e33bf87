"""What a question asks for: its weighted terms, the names it uses, and the kind of answer.

The extractive answerer compares sentences with this profile. A term that most of the
retrieved sentences share ("Kent", "committee") says little about which one answers; a
term few of them hold ("affordable", "loss") says a lot, so terms are weighted by how rare
they are among the candidates. A question that asks "how many" or "how much" wants a
sentence holding a number the question did not already give; "when" wants a date (see
``assistant.answer_kinds``), and that number must be about what was asked: the sentence or
its context names the question's focus (``assistant.answer_focus``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from assistant.answer_focus import focus_of
from assistant.answer_kinds import MONTH, POST, AnswerKind, count_spans, post_pattern
from assistant.council_scope import councils_named, owned_elsewhere, place_of
from assistant.org_names import NO_COMMON_WORDS, CommonWords, firms_in, people_in
from assistant.sentences import field_value
from index.keyword import Tokenizer
from ingest.parts import DATE, first_date

# Capitalised words after the first: the names a question is about. Whole words only: the
# "CS" of "CS05-2023" is no name (the reference is an identifier, checked as one).
# Nor are months and days: "the September 2024 forum" names a date (see ``_covers``).
NAME = re.compile(
    rf"(?<=\s)(?!{MONTH}\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)[A-Z][A-Za-z'’-]+(?!\w)"
)
# A name of several capitalised words, which a paper shortens after first use: "Community
# Infrastructure Levy" (CIL), "West of England Combined Authority" (WECA).
NAME_RUN = re.compile(r"(?<=\s)[A-Z][a-z][\w'’-]*(?:\s+(?:(?:of|and|for)\s+)?[A-Z][a-z][\w'’-]*)+")
# Three words in lower case, none of them a stopword, which a paper may shorten to initials.
LOWER_RUN = re.compile(r"(?<![\w'’-])(?=([a-z]+\s+[a-z]+\s+[a-z]+)(?![\w'’-]))")
POSSESSIVE = re.compile(r"['’]s\s+")
MIN_ACRONYM = 3  # letters: "LGA", not "PR"
# "Who chairs the Regional Road Safety Partnership?": the body whose chair is asked for, by name.
# Its name is whole: not followed by more of a name or a possessive ("Sutton Coldfield Town
# Council's Amenities, Leisure and..." names no body this way).
CHAIRED_BODY = re.compile(
    r"\bchair(?:s|ed|man|woman|person)?\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*['’]s\s+)?"  # "Bristol's"
    r"([A-Z][a-z][\w-]*(?:\s+(?:(?:of|and|for|&)\s+)?[A-Z][a-z][\w-]*)+)(?![\w'’]|\s+[A-Z])"
)
YEAR = re.compile(r"(?:19|20)\d\d")
# "Did the Department for Transport's Change Board approve the re-baseline?": the body whose
# decision is asked about, by name (past its owner's possessive). "Approved the re-baseline
# and its submission to the DfT", in another body's minutes, is no decision of the Board.
DECIDING_BODY = re.compile(
    r"^\s*(?i:did|has|have|had)\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w-]*\s+(?:(?:of|and|for|&)\s+)?)*[A-Z][\w-]*['’]s\s+)?"
    r"([A-Z][\w-]*(?:,?\s+(?:(?:of|and|for|&)\s+)?[A-Z][\w-]*)*)"
    r"(?:\s+(?:committee|sub-committee))?\s+(?:\w+ly\s+)?"
    r"(?:approv|agree|decid|resolv|accept|reject|award|adopt|endors|grant|refus)"
)
# Words any body's name may leave out where its papers name it: "Kent's Governance and Audit
# Committee" is the "Governance and Audit Committee" or the "Governance and Audit"; a council
# is judged as one (``assistant.council_scope``).
BODY_WORDS = re.compile(r"\b(?:sub-?)?committee\b|\bcouncil\b", re.I)
# "How much did Kent lose when a former member of staff stole a laptop?": what the amount
# asked for is due to. An amount a sentence gives as due to something else ("a potential loss
# of £290,284 ... due to a build-up of Direct Payment funds") is another amount.
CAUSE = r"because(?:\s+of)?|as a result of|due to|caused by|owing to"
ASKED_CAUSE = re.compile(
    rf"\b(?:when(?!\s+(?:did|does|do|was|were|is|are|will|has|have|had)\b)|{CAUSE})"
    r"\s+(.+?)(?=,|\?|\s+according to\b|$)",
    re.I,
)
TOLD_CAUSE = re.compile(rf"\b(?:{CAUSE})\s+(.+?)(?=[.;:]|$)", re.I)
MIN_CAUSE_SHARE = 0.5  # of the words of the cause asked about, the share the told one holds
IDENTIFIER_WEIGHT = 3.0  # "2025/26", "CS05-2023", "£42.3m" count three times a plain word
# How far from a count the thing counted may be named: "58 new homes", "Twenty-four structured,
# confidential interviews", "the number of daily trips now regularly exceeds 10,000".
COUNTED_WITHIN = 4  # words either side
# Categories a count question lists ("gave Limited, Adequate and Substantial assurance"): a
# count beside any of them counts what is asked ("five 'Limited', three 'Adequate'").
LISTED = re.compile(r"\b[A-Z][\w'’-]*(?:, [A-Z][\w'’-]*)+,? (?:and|or) [A-Z][\w'’-]*")
# Letters after a name, before its role: "Councillor Nicholas Bennett J.P. (Vice-Chairman)".
POST_NOMINALS = r"(?-i:(?:\s*(?:[A-Z]\.)+|\s+[A-Z]{2,4}\b)*)"
# A role given in brackets after a name, as attendance lists give them: "Mrs R Binks (Chairman)".
BRACKETED_ROLE = re.compile(r"\s*\((?:[A-Z][\w&-]*\s*)+\)")

# Questions about exempt (Part 2) business: answered only from exempt passages, never from
# the public agenda line that names the item ("13 EXEMPT MINUTES OF THE MEETING HELD ON...").
EXEMPT_QUESTION = re.compile(
    r"\b(?:exempt|confidential|restricted|part (?:2|ii))\s+(?:minutes?|reports?|items?|session"
    r"|business|appendix|appendices|information|papers?)\b|\bin private session\b",
    re.I,
)


@dataclass(frozen=True)
class QuestionProfile:
    """The question's terms (with weights summing to one), names and expected answer kind."""

    text: str
    weights: dict[str, float]
    names: frozenset[str]
    identifiers: frozenset[str]
    kind: AnswerKind
    about_exempt: bool  # asks what exempt business said: only an exempt passage can answer
    tokenize: Tokenizer = field(compare=False, repr=False)  # to read what a count is beside
    focus: tuple[frozenset[str], ...] = ()  # what the asked amount or decision is about
    councils: frozenset[str] = frozenset()  # the councils it names (``council_scope``)
    place_terms: frozenset[str] = frozenset()  # the words naming them: "bexley", "west"...
    dates: frozenset[str] = frozenset()  # the calendar dates it names, as ISO dates
    common_words: CommonWords = NO_COMMON_WORDS  # stems of words that are no names
    acronyms: dict[str, frozenset[str]] = field(default_factory=dict)  # "cil": its name's terms
    body: frozenset[str] = frozenset()  # naming the body whose chair or decision is asked about

    @classmethod
    def build(
        cls,
        question: str,
        tokenize: Tokenizer,
        pool: Iterable[frozenset[str]] = (),
        councils: Iterable[str] = (),
        common_words: CommonWords = NO_COMMON_WORDS,
    ) -> QuestionProfile:
        """Weight the question's terms by their rarity among the sentences in ``pool``;
        ``councils`` are those it may name, ``common_words`` the stems of words that are no names
        (``assistant.org_names``)."""
        terms = dict.fromkeys(tokenize(question))
        sentences = list(pool)
        counts = Counter(term for sentence in sentences for term in sentence if term in terms)
        raw = {
            term: _base_weight(term) * math.log(1 + (len(sentences) + 1) / (counts[term] + 1))
            for term in terms
        }
        total = sum(raw.values()) or 1.0
        named = councils_named(question, councils)
        place_terms = frozenset(tokenize(" ".join(place_of(c) for c in named)))
        return cls(
            text=question,
            weights={term: weight / total for term, weight in raw.items()},
            names=frozenset(tokenize(" ".join(NAME.findall(question)))),
            identifiers=frozenset(term for term in terms if _base_weight(term) > 1),
            kind=AnswerKind.of(question),
            about_exempt=bool(EXEMPT_QUESTION.search(question)),
            tokenize=tokenize,
            focus=tuple(frozenset(tokenize(way)) for way in focus_of(question)),
            councils=named,
            place_terms=place_terms,
            dates=frozenset(
                filter(None, (first_date(m.group(0)) for m in DATE.finditer(question)))
            ),
            common_words=common_words,
            acronyms=acronyms_of(question, tokenize),
            body=body_asked(question, tokenize) - place_terms,  # "Did Bristol agree...?"
        )

    @property
    def years(self) -> frozenset[str]:
        """The years it names ("the August 2022 update"), which may date a whole paper."""
        return frozenset(term for term in self.identifiers if YEAR.fullmatch(term))

    def expanded(self, terms: frozenset[str]) -> frozenset[str]:
        """The terms, with the words of each name the question spells out whose acronym
        they hold: a passage on "CIL funding" names the Community Infrastructure Levy."""
        spelt = [words for acronym, words in self.acronyms.items() if acronym in terms]
        return terms.union(*spelt) if spelt else terms

    def overlap(self, own: frozenset[str], context: frozenset[str] = frozenset()) -> float:
        """Share of the question's weight a sentence holds; terms only in its context count half."""
        return sum(
            weight * (1.0 if term in own else 0.5 if term in context else 0.0)
            for term, weight in self.weights.items()
        )

    def answer_kind_found(self, sentence: str, about: frozenset[str]) -> bool | None:
        """Whether the sentence holds the kind of answer asked for; None when none is.

        The answer must also be about what was asked: ``about`` (the terms of the sentence and
        its context) must name the question's focus, when it has one; and, when the question
        names a council, not be another place's ("Nottingham's annual levy charge"), nor an
        amount the sentence says is due to something else than the question does. Asked
        which company or who, a sentence naming none is no wrong answer (None): the name may
        come in the next sentence.
        """
        asked = frozenset(self.weights)
        if self.kind.firm:  # the firm asked for is named, not the "company" that asks for it
            names = firms_in(sentence, asked, self.common_words, self.tokenize)
            return bool(names) or None
        named = self.kind.person and (
            people_in(sentence, asked, self.common_words, self.tokenize, firms=self.kind.agent)
            or self._field(sentence)
        )
        if (named and self._post_of(sentence)) or (self.kind.post and self._another_post(sentence)):
            return True  # else what else it asks for ("Who won it, at what price?") may answer
        found = self.kind.found_in(sentence, self.text)
        if found and self.focus:
            named = self.expanded(about)
            if not any(way & named for way in self.focus):
                return False
        if found and self.focus and self.kind.count and not self._counts_focus(sentence):
            return False
        if found and self.councils and owned_elsewhere(sentence, self.text):
            return False
        if found and (self.kind.amount or self.kind.how_much) and self._another_cause(sentence):
            return False
        return found

    @cached_property
    def _roles(self) -> re.Pattern[str] | None:
        """The roles asked about, as one pattern (None when none is)."""
        return re.compile("|".join(self.kind.roles), re.I) if self.kind.roles else None

    @cached_property
    def _deed_terms(self) -> frozenset[str]:
        return frozenset(self.tokenize(self.kind.deed_words))

    def tells_deed_or_role(self, sentence: str, terms: frozenset[str]) -> bool:
        """Whether a sentence tells of the deed a "who" question asks about, or names the
        role it asks who held."""
        if self._roles and self._roles.search(sentence):
            return True
        return bool(terms & self._deed_terms)

    def tells_what_is_asked(self, sentence: str, terms: frozenset[str]) -> bool:
        """Whether a sentence naming someone tells what the question asks of them: the deed or
        the role, when it asks about one (``tells_deed_or_role``); anything, when it does not."""
        return not self.kind.deed_or_role or self.tells_deed_or_role(sentence, terms)

    def names_holder(self, sentence: str) -> bool | None:
        """Whether a "who" question's answer sits right beside the role it asks about: "Mrs R
        Binks (Chairman)", "Report Author: Nuala Waters", "Responsible OfficerStephen Kitchman".
        False when the sentence gives roles in brackets but not that one ("Councillor Neil
        Reddin (Chairman)", asked who was vice-chairman); None when it gives none."""
        if not self.kind.roles:
            return None
        roles = "|".join(self.kind.roles)
        if value := self._field(sentence):
            return bool(re.search(roles, sentence[: len(sentence) - len(value)], re.I))
        others = False
        beside = re.compile(
            rf"{POST_NOMINALS}\s*[(,–-]\s*(?:the\s+)?(?:[\w&]+\s+){{0,3}}?(?:{roles})", re.I
        )
        for name in people_in(sentence, frozenset(self.weights), self.common_words, self.tokenize):
            after = sentence[sentence.find(name) + len(name) :]
            if beside.match(after):
                return True
            others = others or bool(re.match(POST_NOMINALS + BRACKETED_ROLE.pattern, after))
        return False if others else None

    def _another_post(self, sentence: str) -> bool:
        """Whether the sentence names a post other than the role asked about: "chaired by the
        Chief Executive" says who chairs the group; "signed by the Chair" says nothing."""
        return any(
            self._roles is None or not self._roles.search(post.group(0))
            for post in POST.finditer(sentence)
        )

    def held_at(self, meeting_date: str) -> bool:
        """Whether a paper of this meeting date may say who held a role, or did what is asked,
        at the meeting the question dates, if it dates one: February's minutes do not say who
        was appointed in June, nor September's who gave an update in October."""
        dated = (self.kind.roles or self.kind.deed) and self.dates and meeting_date
        return not dated or meeting_date in self.dates

    def _field(self, sentence: str) -> str:
        """The name a header field gives ("Contact Officer: Jon McGinty"), unless the question
        gives it."""
        value = field_value(sentence)
        return value if set(self.tokenize(value)) - set(self.weights) else ""

    def _post_of(self, sentence: str) -> bool:
        """Whether a sentence naming a post names the one asked about, if one is: "Chief Officer:
        Doug Patterson, Chief Executive" names no Director of Resources."""
        if not self.kind.posts or not POST.search(sentence):
            return True
        return any(re.search(post_pattern(post), sentence, re.I) for post in self.kind.posts)

    @cached_property
    def _cause(self) -> frozenset[str]:
        """The terms of what the amount asked for is due to, if the question says."""
        asked = ASKED_CAUSE.search(self.text)
        return frozenset(self.tokenize(asked.group(1))) if asked else frozenset()

    def _another_cause(self, sentence: str) -> bool:
        """Whether a sentence gives its amount as due to another cause than the question's."""
        told = TOLD_CAUSE.search(sentence) if self._cause else None
        if told is None:
            return False
        held = self._cause & frozenset(self.tokenize(told.group(1)))
        return len(held) < MIN_CAUSE_SHARE * len(self._cause)

    def _counts_focus(self, sentence: str) -> bool:
        """Whether a count in the sentence sits beside the thing the question counts, in the
        sentence itself: "around 800,000 calls into its call centre" counts no call agents,
        though the next sentence names them, and "met three times" counts no members."""
        for start, end in count_spans(sentence, self.text):
            before = sentence[:start].split()[-COUNTED_WITHIN:]
            after = sentence[end:].split()[:COUNTED_WITHIN]
            near = frozenset(self.tokenize(" ".join(before + after)))
            if any(way & near for way in self.focus) or near & self._listed:
                return True
        return False

    @cached_property
    def _listed(self) -> frozenset[str]:
        return frozenset(self.tokenize(" ".join(LISTED.findall(self.text))))


def _base_weight(term: str) -> float:
    return IDENTIFIER_WEIGHT if any(ch.isdigit() for ch in term) else 1.0


def acronyms_of(question: str, tokenize: Tokenizer) -> dict[str, frozenset[str]]:
    """The acronyms of the names of several words a question spells out, as terms, each with
    its name's terms: {"cil": {"communiti", "infrastructur", "levi"}}."""
    acronyms = {}
    owned = (name for run in NAME_RUN.findall(question) for name in POSSESSIVE.split(run))
    for run in owned:  # "Nottingham's Workplace Parking Levy" is the WPL
        initials = "".join(word[0] for word in run.split() if word[0].isupper())
        if len(initials) >= MIN_ACRONYM and len(term := tokenize(initials)) == 1:
            acronyms[term[0]] = frozenset(tokenize(run))
    for run in LOWER_RUN.findall(question):  # "full business case", which a paper calls FBC
        words = run.split()
        initials = "".join(word[0] for word in words)
        if len(tokenize(run)) == len(words) and len(term := tokenize(initials)) == 1:
            acronyms.setdefault(term[0], frozenset(tokenize(run)))
    return acronyms


def body_asked(question: str, tokenize: Tokenizer) -> frozenset[str]:
    """The terms naming the body a question asks who chairs, or whether it decided, if it
    names one (not a council)."""
    body = CHAIRED_BODY.search(question) or DECIDING_BODY.search(question)
    if body is None or re.search(r"\bcouncil$", body.group(1), re.I):
        return frozenset()
    return frozenset(tokenize(BODY_WORDS.sub(" ", body.group(1))))
