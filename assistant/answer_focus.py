"""What the amount or decision a question asks for is about: the head of its noun phrase.

"How much did Bromley spend on agency staff?" is not answered by "savings of £220,000", nor
"Did the committee approve the external audit fee?" by "it was agreed that Grant Thornton
would undertake a governance review": each is the kind of statement asked for, about
something else. The question's own words name the thing counted, priced or decided, and the
*head* of that phrase carries it: the "fee" of "the external audit fee", not the "external
audit" that merely qualifies it, which a near miss will happily share. A sentence answering
the question names the head (or its complement: "requests for telecommunications data" is
answered by "Access to telecommunications data – 4"), in itself or in its context.

A few regular patterns find the phrase; where none fits, the question has no focus and
nothing is required of the sentence.
"""

from __future__ import annotations

import re

from assistant.answer_kinds import AUXILIARY as AUX
from assistant.answer_kinds import DECISION_QUESTION, MONTH, asked_part

# "How much did Bromley spend on...": the verb says what the amount is, in any of its forms.
MONEY_VERBS = (
    "spend spent spending expenditure",
    "charge charges charged charging fee fees price prices tariff tariffs",
    "cost costs costing",
    "owe owed owing debt debts",
    "save saved saving savings",
    "pay paid paying payment payments",
    "raise raised raising income generate generates generated generating revenue revenues bring"
    " brings brought",
    "receive received receipt",
    "lose lost loss losses",
    "borrow borrowed borrowing",
    "allocate allocated allocation",
    "invest invested investment",
)
# A change is named in many ways: "the council tax increase" is answered by "Band D rises by
# 4.99%".
CHANGES = (
    "increase increases increased rise rises rose risen growth grew grow up higher",
    "decrease decreases decreased fall falls fell fallen reduction reduce reduced cut cuts"
    " down lower",
)
VERB_FORMS = {form: family for family in MONEY_VERBS for form in family.split()}
SAME_THING = {form: family for family in CHANGES for form in family.split()}
MONEY_VERB = "|".join(sorted(VERB_FORMS, key=len, reverse=True))
DECIDE = (
    r"(?:(?:approv|agree|decid|resolv|accept|reject|award|adopt|endors|grant|refus)\w*|win|won)"
)
# "How many call agents currently work in the centre?" counts agents: the first plural within
# a few words of "how many", not the last word before a verb (which may be "work").
PLURAL = (
    r"(?:[A-Za-z-]*[A-Za-z](?<![suiSUI])s|people|children|staff|personnel|men|women)(?![\w'’-])"
)
PATTERNS = [
    re.compile(p, re.I)
    for p in (
        rf"^how many (?:of (?:the|its|their) )?(?P<phrase>(?:[\w'’-]+\s+){{0,4}}?{PLURAL}"
        rf"(?:\s+(?:for|of|about|on)\s+(?:(?!\b{AUX}\b).)+)?)",
        rf"^how much (?:money )?{AUX}\b(?:\s+\S+){{0,6}}?\s+(?P<verb>{MONEY_VERB})\b"
        r"(?:\s+(?:out|back|up|in))?(?P<phrase>.*)$",
        rf"^how much of (?P<phrase>.+?)(?:\s+{AUX}\b|$)",
        r"^how much (?:is|was|are|were) (?P<phrase>.+)$",
        rf"^how (?:much|many) (?P<phrase>.+?)(?:\s+{AUX}\b|$)",
        r"^what (?:was|were|has been|had been) (?:finally )?(?:decided|agreed|resolved|approved)"
        r"\b.*?\s(?:about|on|for|after|in respect of) (?P<phrase>.+)$",
        rf"^what did\b.*?\b{DECIDE}\s+(?:about|on|for|in respect of) (?P<phrase>.+)$",
        r"^(?:what|which) (?:is|was|are|were) (?P<phrase>.+)$",
        rf"^(?:what|which) (?!{AUX}\b)(?P<phrase>.+?)\s+{AUX}\b",  # not "what did the audit find"
        rf"^(?:was|were) (?P<phrase>.+?)\s+{DECIDE}\b",
        # "When will the contract for the next service be awarded?": the contract's date.
        r"^(?:by )?when (?:will|shall|would|is|are|was|were) (?P<phrase>.+?)\s+(?:be|been|being"
        r"|due|going|expected|planned|scheduled|likely|go|come)\b",
        rf"^(?:did|has|have|was|were)\b.*?\b{DECIDE}\s+(?P<phrase>.+)$",
        # "When did Full Council pass the budget amendment that...?": the amendment's date.
        r"^when did (?:[\w'’-]+\s+){1,5}?[a-z]+\s+"
        r"(?P<phrase>(?:the|a|an|its|their)\s(?:(?!\b(?:that|which|who)\b).)+)",
    )
]
# The first of these in a phrase ends its head part: "complaints | about Bexley".
PREPOSITION = re.compile(
    r"(?<![\w-])(?:for|of|on|in|at|to|from|about|by|with|within|during|under|over|between|per"
    r"|since|after|before|into|across|against|because)(?![\w-])"
)
# A noun phrase ends before a determiner or relative word, or an adverb before its verb ("how
# much of the feedback now comes in...": feedback).
ENDS_PHRASE = re.compile(
    r"(?<![\w-])(?:a|an|each|every|that|which|who|whose|to|so|now|currently|still|already|also"
    rf"|recently|ever|never|{AUX})(?![\w-])"
)
COORDINATION = re.compile(r",|(?<![\w-])(?:and|or)(?![\w-])")
LEADING = re.compile(
    r"^(?:(?:the|a|an|its|their|his|her|our|this|that|these|those|when|whether|how|where|why)"
    r"\s+)+",
    re.I,
)
POSSESSOR = re.compile(r"^.*(?:['’]s|s['’])(?=\s|$)")  # "Kent County Council's total budget"
WORD = re.compile(r"[A-Za-z][\w-]*")
# Words that say "an amount" or "a proposal" without saying of what: the word before them
# is the head ("EDF money"), or their complement is ("the share of complaints").
GENERIC = frozenset(
    [
        "money",
        "amount",
        "amounts",
        "number",
        "numbers",
        "figure",
        "figures",
        "sum",
        "sums",
        "total",
        "value",
        "level",
        "share",
        "percentage",
        "proportion",
        "proposal",
        "proposals",
        "application",
        "applications",
        "bid",
        "bids",
        "recommendation",
        "recommendations",
        "motion",
        "amendment",
        "item",
        "report",
        "matter",
        "people",
    ]
)
GENERIC_OF = re.compile(rf"^(?:\w+\s+)?(?:{'|'.join(GENERIC)})\s+of\s+(.+)$", re.I)
# "Did the committee agree in March 2018 to pay for more administrator days?": when, and what
# was to be done, before the thing decided.
LEADING_TIME = re.compile(
    rf"^(?:in|on|during|by)\s+(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}(?:/\d{2})?)\s+",
    re.I,
)
LEADING_VERB = re.compile(r"^to\s+[a-z]+\s+(?:for\s+)?")
PRONOUNS = frozenset(["it", "they", "them", "this", "that", "these", "those", "which", "what"])


def focus_of(question: str) -> list[str]:
    """The ways a sentence may name what the question asks about; empty when unknown.

    Each string is one alternative: a head noun ("fee") or its complement ("vans"). A sentence
    needs one of them. A question asking with a money verb has one, the verb's forms ("charge
    charges charged ... fee ... price"): "How much does Bromley charge for parking?" is not
    answered by "£60k shared procurement of cashless parking", which names only the parking.
    """
    asked = asked_part(question)
    clause = re.split(r",(?!\d)|\?|\band (?=how|what|when|who|which|why|where)", asked.strip())[0]
    for pattern in PATTERNS:
        match = pattern.search(clause.strip())
        if match is None:
            continue
        verb = match.groupdict().get("verb")
        if verb:  # it says what the amount is: a charge for parking, not its procurement
            return [VERB_FORMS[verb.lower()]]
        heads = _heads(match.group("phrase"), complement=not DECISION_QUESTION.search(clause))
        return [SAME_THING.get(head.lower(), head) for head in heads]
    return []


def _heads(phrase: str, complement: bool = True) -> list[str]:
    """The head of a noun phrase and of its first complement: "requests | data" for
    "requests for telecommunications data"; each conjunct's for "A, B and C".

    Without ``complement`` (asked whether something was decided) the head alone, unless it is
    generic: approving "the framework for its projects" is no decision on a project, and "the
    application for the memorial site" is for the site."""
    phrase = _without_determiners(LEADING_VERB.sub("", LEADING_TIME.sub("", phrase.strip())))
    generic = GENERIC_OF.match(phrase)
    if generic:  # "the share of complaints" is about complaints
        return _heads(generic.group(1), complement)
    head_part, rest = _split_at_preposition(phrase)
    heads = [head for part in COORDINATION.split(head_part) if (head := _last_word(part))]
    if rest and (complement or not heads):
        complement_part, _ = _split_at_preposition(_without_determiners(rest))
        if head := _last_word(complement_part):
            heads.append(head)
    return list(dict.fromkeys(heads))


def _without_determiners(phrase: str) -> str:
    phrase = LEADING.sub("", phrase.strip())
    return LEADING.sub("", POSSESSOR.sub("", phrase).strip())


def _split_at_preposition(phrase: str) -> tuple[str, str]:
    """Split at the first preposition that is not inside a name ("Freedom of Information")."""
    for match in PREPOSITION.finditer(phrase):
        before = WORD.findall(phrase[: match.start()])
        after = WORD.findall(phrase[match.end() :])
        if before and after and before[-1][0].isupper() and after[0][0].isupper():
            continue
        return phrase[: match.start()], phrase[match.end() :]
    return phrase, ""


def _last_word(part: str) -> str | None:
    part = ENDS_PHRASE.split(part)[0]
    words = [w for w in WORD.findall(part) if w.lower() not in PRONOUNS]
    if len(words) > 1 and words[-1].lower() in GENERIC:
        words = words[:-1]  # "EDF money": EDF
    if not words or words[-1].lower() in GENERIC:
        return None
    return words[-1]
