"""What kind of answer a question asks for, and whether a sentence gives it.

Lexical and semantic closeness cannot tell a near miss from an answer: "Members are asked to
endorse the bid" is as close to "Did Capital Ambition approve the bid?" as the decision
would be. What can tell them apart is the kind of statement asked for. "How much" wants a
new amount, "when" a date, "what increase" a percentage or money, "did they approve" a
record of what was decided (not what was proposed), "which council" a council's name, "what
did the review find" a finding stated (not the review announced). A *strict* question asks for
nothing else: answered without one, it is not answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.sentences import NUMBER, numbers_in
from ingest.parts import MONTH_NAME as MONTH

AMOUNT_QUESTION = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:percentage|proportion|share|number|amount|sum)\b"
    r"|\b(?:loss|lost|figure|total)\b",
    re.I,
)
# Words that ask for money: "at what price" is answered by "£7.3m", not by "1 September".
MONEY_QUESTION = re.compile(
    r"\b(?:price|prices|cost|costs|spent|spend|owed|charge|fee|fees|budget|overspend|underspend"
    r"|savings?|deficit)\b",
    re.I,
)
# Words that ask for a change: "what council tax increase" is answered by "4.99%" or "£56",
# not by "the Plan 2022-26"; and for a share, answered by a percentage alone. ("Business
# rates" are a tax, not a rate.)
CHANGE_QUESTION = re.compile(r"\b(?:increase|decrease|rise|fall|growth|reduction)\b", re.I)
SHARE_QUESTION = re.compile(
    r"\b(?:percentage|per ?cent|proportion|share)\b|(?<!business )\brates?\b", re.I
)
# ...but not when the question asks only who, whether or why: "Have Bexley and Kent managed
# to balance their budgets?" is answered by "we have balanced the budget", with no sum in it
# ("Who won the contract and at what price?" asks for one).
ASKS_OTHER = re.compile(
    r"^\s*(?:who|whom|whose|why|where|did|do|does|has|have|had|is|are|was|were|can|could|will"
    r"|would|should)\b(?!.*\b(?:what|how)\b)",
    re.I | re.S,
)
HOW_MUCH_OR_MANY = re.compile(r"\bhow (?:many|much)\b", re.I)
# "How much did Bromley pay?", "How much of the loss was recovered?": a sum of money or a share,
# which no date or count of things gives, unless what is measured is no money ("how much time")
# or it is a change ("By how much did complaints rise?" is answered by "by 120").
HOW_MUCH = re.compile(
    r"\bhow much\b(?!\s+(?:time|waste|energy|land|space|water|carbon|progress|longer|later)\b)",
    re.I,
)
HOW_MANY = re.compile(r"\bhow many\b", re.I)
ASKS_DATE = r"^\s*when\b|\bwhat date\b|\bby when\b|\bhow long\b"
HOW_LONG = re.compile(r"\bhow long\b", re.I)
# "When will the contract be awarded?", "When is the case due to be heard?": a time still to
# come when the paper was written (``assistant.time_points``).
FUTURE_DATE_QUESTION = re.compile(
    r"^\s*(?:by\s+)?when\s+(?:will|shall|(?:is|are)\b[^?]*?\b(?:due|going to|expected"
    r"|planned|scheduled)\b)",
    re.I,
)
DATE_QUESTION = re.compile(ASKS_DATE + r"|\bdeadline\b", re.I)
# "How much does the levy bring in each year?": a yearly sum, which a total since 2012 is not.
PER_YEAR = r"\b(?:each|a|per|every) year\b|\b(?:annually|per annum|yearly)\b"
YEARLY_QUESTION = re.compile(PER_YEAR, re.I)
YEARLY = re.compile(PER_YEAR + r"|\bannual\b|\bp\.a\.", re.I)  # "the annual levy charge"
# "Did the committee approve...?", "What did cabinet decide...?", "What has Bristol approved?"
DECISION_QUESTION = re.compile(
    r"^\s*(?:did|has|have|was|were)\b.*\b(?:approv|agree|decid|resolv|accept|reject|award"
    r"|adopt|endors|grant|refus|win)\w*"
    r"|\bwhat did\b(?:\s+[\w'’-]+){1,8}?\s+(?:decide|agree|resolve|approve)\b"
    r"|\bwhat (?:was|were|has been|had been) (?:finally )?(?:decided|agreed|resolved|approved)\b"
    r"|\bwhat\b.*\b(?:has|have)(?:\s+[\w'’-]+){1,3}\s+approved\b",
    re.I,
)
# "What did the review find?", "What were the results of the engagement?": what finished work
# found, not what it is for ("What did members say" asks for no finding).
FINDING_QUESTION = re.compile(
    r"\bwhat (?:did|does|do|has|have)\b[^?]*\b(?:find|found|conclude|concluded|show|shown|reveal"
    r"|revealed)\b|\bwhat (?:were|are|was|is) the (?:\w+ )?(?:results?|findings?|conclusions?)\b",
    re.I,
)
COUNCIL_QUESTION = re.compile(r"\bwhich (?:council|local authority|authority|borough)\b", re.I)
# "Which company supplied...?", "What consultancy firm...?", "Who are the external auditors?":
# an organisation's name (``assistant.org_names``), which no description of the work gives.
FIRM_QUESTION = re.compile(
    r"^\s*(?:(?:which|what)\s+|who\s+(?:is|was|are|were)\s+(?:\S+\s+){0,3}?)(?:[\w'’-]+\s+){0,2}?"
    r"(?:company|companies|firms?|consultanc(?:y|ies)|consultants?|suppliers?|contractors?"
    r"|providers?|operators?|auditors?|developers?|agenc(?:y|ies))\b",
    re.I,
)
# "Who chaired...?", "Which councillor asked...?", "What is the name of the Road Safety Group
# Manager...?": a person's name (``assistant.org_names``; or a firm's: "Who carried out the
# study?" is answered by "Atkins"), which no account of what was done gives ("A Member
# highlighted...", "The General Counsel would meet with the Director of Infrastructure").
# "Who" may follow an opening phrase ("At the September 2024 committee, who moved...?"), but
# not a question word ("What did the officer, who ..., say?" asks what).
# The people a "which" question names; a councillor or member (captured) is no post.
PERSON_NOUN = (
    r"(?:(councillors?|members?)|officers?|persons?|people|individuals?|officials?|judges?)"
)
# ...after what qualifies them: "which WECA officer", "which two councillors".
PERSON_QUALIFIER = (
    r"(?:(?:(?-i:[A-Z][\w'’&-]*)|two|three|four|senior|cabinet|ward|opposition|independent)\s+)"
    r"{0,2}"
)
PERSON_ONLY = (  # "Which councillor...?": no firm answers
    rf"\b(?:which|what) {PERSON_QUALIFIER}{PERSON_NOUN}\b"
    r"|\bwhat (?:is|was|are|were) the names? of\b"
)
PERSON_ONLY_QUESTION = re.compile(PERSON_ONLY, re.I)
PERSON_QUESTION = re.compile(
    r"^(?:(?:(?!\b(?:what|which|how|when|where|why|did|does|do|is|are|was|were)\b)[^?])*?,)?"
    rf"\s*(?:who|whom|whose)\b|{PERSON_ONLY}",
    re.I,
)
# The deed a "who" question asks about, past its auxiliaries: "Who seconded the amendment?",
# "Which councillor warned...?", "Who was going to send the figures?".
# Asked who did it, not which member, the post that did it answers ("The General Counsel
# provided a verbal update"); asked which councillor, "The Chairman advised" does not.
DEED_AUXILIARY = (
    r"(?:was|were|is|are|be|been|had|has|have|did|does|do|will|would|going|to|first|then|also)"
)
CAPITALISED = r"(?-i:[A-Z][\w'’]*)"  # a word of a body's name: "member of Kent's Cabinet"
DEED_ASKED = re.compile(
    rf"^(?:[^,?]*,\s*)?(?:who|whom|(?:which|what)\s+{PERSON_QUALIFIER}{PERSON_NOUN})\s+"
    rf"(?:of\s+(?:the\s+public|(?:the\s+)?{CAPITALISED}(?:\s+(?:and|&|{CAPITALISED}))*)\s+)?"
    rf"(?:{DEED_AUXILIARY}\s+)*+(?!(?:{DEED_AUXILIARY}|the|a|an|its|their|his|her|named|in|on|at|of)\b)"
    r"(?-i:([a-z]+))",  # a verb, not a name: "Who is Gloucester City Council's S151 Officer?"
    re.I,
)
# "What is the name of the officer who took the programme to committee?" asks which officer
# took it: the deed is told as for "which officer" (not a name beside any post).
NAME_OF_WHO = re.compile(
    r"^\s*what (?:is|was|are|were) the names? of (?:the |a |an )?"
    rf"((?:[\w'’&-]+\s+){{0,3}}?{PERSON_NOUN}\s+)(?:who|that)\s+",
    re.I,
)
# Deeds minutes tell in other words: who "presented" a report "introduced" it.
SAME_DEED = ("present presented presents introduce introduced introduces",)
# How a member voted is told by the vote on the record alone: no other sentence naming them
# says it ("Councillor Morris left the meeting.", asked who voted against).
VOTED = re.compile(r"vot(?:ed|es?|ing)|abstain(?:ed|s)?", re.I)
# A light verb names no deed: the head of what was given, made or won does ("Who gave the
# presentation on ...?" is told by "presented"; "Who won the lido contract?" by "a contract
# price of", not by "won the vote on the lido").
LIGHT_VERB = re.compile(r"(?:gave|give|made|make|did|got|won|win|took|take|carried)", re.I)
DEED_OBJECT = re.compile(
    r"(?:\s+(?:out|up|off|forward))?[^,?;]*?\s([a-z]+)"
    r"(?=\s+(?:on|at|in|into|to|for|from|by|about|during|with|when|and|after|before|of|that|which|who)\b"
    r"|[,?;]|$)",
    re.I,
)
# ...or, when the question names no post, the post that did it: "Who chairs the Customer
# Services Group?" is answered by "chaired by the Chief Executive", but "Who is the Head of
# Finance?" by no post ("chairs" and "leads" are verbs).
POST_ASKED = re.compile(
    r"\b(?:chair(?:man|woman|person)?|lead|(?:director|head|manager|officer|leader|clerk"
    r"|treasurer|mayor|counsel|councillor|member)s?)\b",
    re.I,
)
# Posts any named person may hold: "Which officer is the lead...?" is answered by "Shaun
# Taylor, Head of Highways"; the others asked about must be named with the answer.
ANY_POST = frozenset(
    ["officer", "officers", "member", "members", "councillor", "councillors", "lead"]
)
POST = re.compile(
    r"\b(?:Chief Executive|Director|Head of|Manager|Officer|Leader|Chair(?:man|woman|person)?"
    r"|Clerk|Treasurer|Mayor|Counsel)\b"
)
ADVICE = r"(?:advice|comments|implications)\b"
# The roles a "who" question may ask the holder of, each with the words naming it beside a
# name in the papers: "Who was in the chair?" is answered by "Mrs R Binks (Chairman)" (not by
# "Mrs S Hudson (Vice-Chairman)"), "Who wrote the report?" by "Report Author: Nuala Waters".
ROLES = {
    re.compile(r"\bvice[- ]?chair", re.I): r"\bvice[- ]?chair",
    re.compile(r"(?<!vice-)(?<!vice )\bchair", re.I): r"(?<!vice-)(?<!vice )\bchair",
    re.compile(r"\b(?:author|wrote|written)\b", re.I): r"\b(?:author|by:)",  # "By: J Flannery"
    re.compile(r"\bcontact\b", re.I): r"\bcontact",
    re.compile(r"\bresponsible\b", re.I): r"\bresponsible",
    re.compile(r"\b(?:lead|leads|led)\b", re.I): r"\blead|\bchaired by",  # a group's
    re.compile(r"\bproject manager\b", re.I): r"\bproject manager",
    # A report's professional sign-offs: "Who gave the legal advice?" is answered by "Joanne
    # Mansfield, Team Manager Legal Services", "the finance comments" by "Finance Business
    # Partner: Vivi Sargioti".
    re.compile(rf"\blegal {ADVICE}", re.I): r"\blegal",
    re.compile(rf"\bfinanc\w* {ADVICE}", re.I): r"\bfinanc",
    re.compile(rf"\b(?:hr|human resources) {ADVICE}", re.I): r"\b(?:hr|human resources)\b",
}
# ...nor is one named in a clause about whoever is asked for: "Who is the Director of
# Infrastructure, whom the General Counsel was to meet?" asks for no counsel.
RELATIVE_CLAUSE = re.compile(r",\s+(?:(?:to|with|for|of|by)\s+)?(?:who|whom|whose)\b", re.I)
AS_POST = re.compile(r"\bas\s+(?:the\s+|its\s+|their\s+)?[A-Z]")
# What follows a post's word in its name: "Director of Resources", "Head of Internal Audit"
# (but "Chair of the Transport and Connectivity Policy Committee" names the body chaired).
POST_OF = re.compile(r" of(?: the)?(?: (?:[A-Z][\w&-]*|and|&))+(?!['’])")
NAMED_BY_WHAT_OF = frozenset(["director", "directors", "head", "heads", "manager", "leader"])
# Questions that ask for nothing but an amount or a date.
STRICT_QUESTION = re.compile(HOW_MUCH_OR_MANY.pattern + "|" + ASKS_DATE, re.I)
# ...or, opening with "what"/"which", for nothing but a change or a share.
OPENS_WITH_WHAT = re.compile(r"^\s*(?:what|which)\b", re.I)
# ...or for a sum of money, when one heads what is asked: "What is Kent's total revenue
# budget for 2023/24?" asks "how much" ("What is the status of the budget?" does not: no
# preposition may come first).
ASKS_SUM = re.compile(
    r"^\s*what\b(?:(?!\b(?:of|for|to|in|on|about|with|from|by|and)\b)[^?])*?"
    r"\b(?:budget|cost|fee|charge|price|debt|arrear|deficit|surplus|loss|saving|overspend|value"
    r"|underspend)s?\b(?=\s+(?:for|of|in|on|per|did|does|do|is|was|were|has|have|had"
    r"|will)\b|\s*\?|\s*$)",
    re.I,
)
# Where the asked question starts in a follow-up searched with the previous question's key
# terms in front ("voice recognition When was it due to go live?"): the carried terms never
# hold a question word, so the first capitalised one opens the question.
QUESTION_START = re.compile(
    r"(?:^|\s)((?:What|Which|When|Who|Whose|How|Why|Where|Did|Does|Do|Has|Have|Had|Was|Were|Is"
    r"|Are|Can|Could|Will|Would|By)\b.*)",
    re.S,
)
# A clause setting the scene before the question word: "When the Board looked at the Plan,
# which member raised...?", "At the September meeting, who moved...?" ask who, not when.
AUXILIARY = r"(?:will|would|did|does|do|is|was|were|are|has|have|had|can|could|should|may|might)"
QUESTION_WORD = rf"(?:which|who|whom|whose|what|how|when|where|why|{AUXILIARY})"
OPENING_CLAUSE = re.compile(
    rf"^\s*(?:when|while|after|before|at|in|on|during)\b(?!\s+{AUXILIARY}\b)[^?,]*,\s*"
    rf"(?={QUESTION_WORD}\b)",
    re.I,
)

MONEY = re.compile(r"[£$€]\s?\d|\d\s?(?:m|bn|k|million|billion)\b", re.I)
PERCENT = re.compile(r"\d\s?%|\bper ?cent\b", re.I)  # "4.99%", "4.99 per cent"
COUNT_WORD = re.compile(
    r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five"
    r"|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|dozen)\b",
    re.I,
)
# "When...?" is answered by a point in time ("in March 2026", "2023/24"), not by a length of
# time ("a six-week public engagement"); "how long...?" by either ("since 2018/19").
POINT_IN_TIME = re.compile(rf"\b{MONTH}\b|\b(?:19|20)\d\d(?:/\d\d)?\b")  # not "may"
DURATION = re.compile(
    r"\b\d+\s*(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:one|two|three|four|five|six|twelve)[- ](?:days?|weeks?|months?|years?)\b",
    re.I,
)
# Numbers that count nothing: a date's ("31 March", "2022/23", "2024"; not "2,024"), a
# reference's ("CS05-2023", "Section 69", "Appendix 2") and a table row's ("2 | Finance staff
# need to be engaged early").
NOT_A_COUNT = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\b|(?<![\d,.])(?:19|20)\d\d(?:/\d\d)?\b(?![,.]\d)"
    r"|^\s*\d{1,3}\s*\|"
    r"|\b[A-Z]+\d[\w/-]*|\b(?:section|appendix|annex|schedule|item|page|table|paragraph|para"
    r"|recommendation|rec|no\.?)\s+\d+\w*",
    re.I,
)
# A finding stated: "Testing found that 60%...", "identified four issues", "highlighted several
# concerns", "rated it 'performing well'", "Limited assurance"; not the work announced ("a
# review will be carried out").
FOUND = re.compile(
    r"\b(?:found|finds|concluded|concludes|showed|shows|shown|show that|revealed"
    r"|reveals|rated|did not consider)\b"
    # a conclusion stated, not one awaited: "for approval of the Group's conclusions"
    r"|\bconclusions?\b(?:\s+[\w'’-]+){0,5}?\s*"
    r"(?::|\b(?:were|was|is|are|had been|have been|that)\b)"
    r"|\b(?:identified|highlighted) (?!as\b)(?:\w+ ){0,3}(?:issues?|weakness(?:es)?|findings?"
    r"|areas?|risks?|concerns?|gaps?|errors?)\b"
    r"|\b(?:limited|substantial|adequate|reasonable|no|partial|moderate) assurance\b"
    r"|\d%\s+of\s+(?:the\s+)?(?:respondents|residents|staff|customers|those)\b",
    re.I,
)
# ...or reported ("Officers confirmed that...", "The LGA review highlighted that..."), unless
# what is reported is still to come or under way: "it was confirmed that this would be
# reviewed", "the report had not yet been received", "the work is currently being undertaken"
# (within the first 20 words of what is reported).
REPORTED = re.compile(
    r"\b(?:considered|confirmed|highlighted|indicated|demonstrated|reported|reports) that\b", re.I
)
# ...said at the meeting by those present, which is what they said, not what the work found
# (unless the question asks what they found): "Officers confirmed that funding available to
# support bus services is limited".
THOSE_PRESENT = r"\b(?:officers?|members?|councillors?|cllrs?|the chair(?:man)?)"
SAID_BY_THOSE_PRESENT = re.compile(rf"{THOSE_PRESENT}\s+$", re.I)
ASKS_THOSE_PRESENT = re.compile(rf"{THOSE_PRESENT}\b", re.I)
PENDING = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,20}?(?:will|would|could|should|shall|may|might|not yet"
    r"|currently being|under ?way|ongoing)\b",
    re.I,
)
# A record of a decision: "RESOLVED that...", "That the report be noted", "Approves the
# removal...", "recommendation 3 FELL", "Investment ... refused".
DECIDED = re.compile(
    r"\b(?:approved|approves|agreed|agrees|resolved|decided|accepted|rejected|awarded|adopted"
    r"|endorsed|endorsement|granted|refused|declined|deferred|won|unanimously"
    r"|successful|unsuccessful)\b|(?<!\bas )\bnoted\b(?!\s+that)"  # not "as noted in", "noted that"
    r"|\b(?:motion|amendment|recommendation|proposal)s?\b[^.]{0,60}\b(?:fell|lost|carried)\b"
    r"|\bthat\b.{0,160}\bbe (?:noted|approved|agreed|adopted|reported|received|signed|supported)\b",
    re.I,
)
# ...and what only proposes one or expects it: "Members are asked to endorse", "if the bid was
# successful", "The strategy will be adopted in 2023/24", "is yet to be decided".
PROPOSED = re.compile(
    r"\b(?:asked to|invited to|recommended to|is recommended|are recommended|requested to"
    r"|to seek)\b|\bif\b[^.;]{0,60}\b(?:successful|unsuccessful|approved|agreed)\b"
    r"|\b(?:will|would|shall|should|could|may|might|to) be (?:\w+ )?(?:approved|agreed|adopted"
    r"|endorsed|decided|accepted|awarded|granted|refused|rejected|noted|reported|received|signed"
    r"|supported)\b",
    re.I,
)
# "Kent County Council", "London Borough of Bexley", "KCC"; not "The Council" or "Full Council".
COUNCIL_NAME = re.compile(
    r"\b(?!(?:The|This|That|These|Each|Every|Our|Their|Full|Whole|Any)\b)[A-Z][\w'’-]+"
    r"(?:\s+(?:Borough|County|City|District|Metropolitan|Town|Parish))?\s+Council\b"
    r"|\bLondon Borough of [A-Z]|\b[A-Z]{1,3}CC\b"
)


@dataclass(frozen=True)
class AnswerKind:
    """The kinds of statement a question asks for; none set means any statement may answer."""

    amount: bool = False
    count: bool = False  # "how many": a count of things, which no sum of money or date is
    money: bool = False
    change: bool = False  # a percentage or money, unless "how much/many" (any new number)
    share: bool = False  # a percentage, unless "how much/many"
    how_much: bool = False  # money or a percentage
    date: bool = False
    duration: bool = False  # "how long": a length of time answers too
    future: bool = False  # "when will": a time still to come when the paper was written
    yearly: bool = False  # "each year": an amount a year (``YEARLY``), not a total
    decision: bool = False
    finding: bool = False  # what a review, audit or survey found
    council: bool = False
    firm: bool = False  # an organisation's name, judged by ``QuestionProfile`` (it needs a lexicon)
    person: bool = False  # a person's name (so judged), or a post when none is asked about
    agent: bool = False  # or a firm's: "Who carried out the study?" (no role, no "which member")
    post: bool = False  # a post may answer: the question names none
    posts: frozenset[str] = frozenset()  # the posts it names ("director of resources", "chair")
    roles: frozenset[str] = frozenset()  # patterns naming the role asked about (``ROLES``)
    deed: str = ""  # the word telling what a "who" question asks who did ("seconded"), if any
    strict: bool = False  # answered without one of these kinds, the question is not answered

    @classmethod
    def of(cls, question: str) -> AnswerKind:
        question = NAME_OF_WHO.sub(r"which \1", asked_part(question), count=1)
        asks_sum = bool(ASKS_SUM.search(question))
        money = asks_sum or (
            bool(MONEY_QUESTION.search(question)) and not ASKS_OTHER.search(question)
        )
        counted = bool(HOW_MUCH_OR_MANY.search(question))
        change = not counted and bool(CHANGE_QUESTION.search(question))
        share = not counted and bool(SHARE_QUESTION.search(question))
        decision = bool(DECISION_QUESTION.search(question))
        council = bool(COUNCIL_QUESTION.search(question))
        finding = bool(FINDING_QUESTION.search(question))
        firm = bool(FIRM_QUESTION.search(question))
        person = not firm and bool(PERSON_QUESTION.search(question))
        roles = {named for asked, named in ROLES.items() if asked.search(question)}
        deed = DEED_ASKED.search(question) if person and not roles else None
        # A post after the deed is whom it was done to ("Which councillor thanked the clerks?"),
        # unless it is the capacity in which it was done ("attended as Director of Place").
        done_to = deed and not AS_POST.search(question, deed.end())
        asking = question[: deed.start(2)] if done_to else question
        posts = _posts_asked(RELATIVE_CLAUSE.split(asking, maxsplit=1)[0])
        roles |= {
            post_pattern(post) for post in posts if not any(asked.search(post) for asked in ROLES)
        }
        deed = deed if not roles else None
        return cls(
            amount=bool(AMOUNT_QUESTION.search(question)) or money,
            count=bool(HOW_MANY.search(question)),
            money=money,
            change=change,
            share=share,
            how_much=bool(HOW_MUCH.search(question)) and not CHANGE_QUESTION.search(question),
            date=bool(DATE_QUESTION.search(question)),
            duration=bool(HOW_LONG.search(question)),
            future=bool(FUTURE_DATE_QUESTION.search(question)),
            yearly=bool(YEARLY_QUESTION.search(question)),
            decision=decision,
            finding=finding,
            council=council,
            firm=firm,
            person=person,
            agent=person and not roles and not PERSON_ONLY_QUESTION.search(question),
            post=person and (not POST_ASKED.search(question) or bool(deed and not deed.group(1))),
            posts=posts,
            roles=frozenset(roles) if person else frozenset(),
            deed=_deed_told(question, deed) if deed else "",
            strict=bool(STRICT_QUESTION.search(question))
            or ((change or share) and bool(OPENS_WITH_WHAT.search(question)))
            or asks_sum
            or decision
            or finding
            or council
            or firm
            or person,
        )

    @property
    def deed_or_role(self) -> bool:
        """Whether it asks who did something or who held a role, which a name answers only
        where that is told (``QuestionProfile.tells_deed_or_role``)."""
        return bool(self.deed or self.roles)

    @property
    def deed_words(self) -> str:
        """The words that tell the deed: its own, or those of its family (``SAME_DEED``)."""
        return next((words for words in SAME_DEED if self.deed in words.split()), self.deed)

    @property
    def told_by_deed_alone(self) -> bool:
        """Whether only a sentence telling the deed says who did it (``VOTED``): the sentence
        closest to the question, naming someone, does not answer by being closest."""
        return bool(VOTED.fullmatch(self.deed))

    @property
    def lifted(self) -> bool:
        """Whether a sentence giving this kind is lifted over those merely close to the question:
        a finding, or a firm's or person's name, shares few words with a question that names
        the work."""
        return self.finding or self.firm or self.person

    def found_in(self, sentence: str, question: str) -> bool | None:
        """Whether the sentence holds the kind of answer asked for; None when none is asked.

        A sentence without a finding is no wrong answer to "what did the review find?" (None,
        not False): a finding is often stated plainly after the sentence announcing the work
        ("A review has been completed. Procurement has not followed any formal process.")."""
        if self.council:
            return bool(COUNCIL_NAME.search(sentence))
        if self.decision:
            return bool(DECIDED.search(sentence)) and not PROPOSED.search(sentence)
        if self.finding:
            reported = REPORTED.search(sentence)
            if FOUND.search(sentence) or (
                reported
                and not PENDING.match(sentence[reported.end() :])
                and not (
                    SAID_BY_THOSE_PRESENT.search(sentence[: reported.start()])
                    and not ASKS_THOSE_PRESENT.search(question)
                )
            ):
                return True
            return None
        if not (self.amount or self.change or self.share or self.date):
            return None
        new_numbers = numbers_in(sentence) - numbers_in(question)
        percent = bool(new_numbers) and bool(PERCENT.search(sentence))
        money = any(MONEY.search(n) for n in new_numbers)
        if self.share or self.change or self.how_much:
            if percent or (money and (self.change or self.money or self.how_much)):
                return True
        elif self.money:
            if money:
                return True
        elif self.amount and (
            count_spans(sentence, question)
            if self.count
            else new_numbers or _count_word_spans(sentence, question)
        ):
            return True
        return self.date and bool(
            POINT_IN_TIME.search(sentence) or (self.duration and DURATION.search(sentence))
        )


def asked_part(question: str) -> str:
    """The question itself: past the key terms a follow-up carries (``QUESTION_START``) and
    past a clause setting the scene (``OPENING_CLAUSE``)."""
    start = QUESTION_START.search(question)
    return OPENING_CLAUSE.sub("", start.group(1) if start else question, count=1)


def count_spans(sentence: str, question: str) -> list[tuple[int, int]]:
    """Where the sentence gives counts the question did not: numbers that may count things
    ("£116,960.06", "In 2022/23" and "Section 69" count no people) and counts written in words
    ("Twenty-four interviews")."""
    masked = NOT_A_COUNT.sub(lambda match: " " * len(match.group(0)), sentence)
    asked_numbers = numbers_in(question)
    spans = [
        match.span()
        for match in NUMBER.finditer(masked)
        if not MONEY.search(match.group(0)) and not numbers_in(match.group(0)) <= asked_numbers
    ]
    return spans + _count_word_spans(sentence, question)


def _count_word_spans(sentence: str, question: str) -> list[tuple[int, int]]:
    """Counts written in words ("Twenty-four interviews") that the question did not give."""
    asked = {w.lower() for w in COUNT_WORD.findall(question)}
    return [m.span() for m in COUNT_WORD.finditer(sentence) if m.group(0).lower() not in asked]


def _posts_asked(question: str) -> frozenset[str]:
    """The particular posts a question names, with what they are of: "Bromley's Director of
    Resources" asks about no Director of Finance."""
    posts = set()
    for match in POST_ASKED.finditer(question):
        post = match.group(0).lower()
        if post not in ANY_POST:
            of = post in NAMED_BY_WHAT_OF and POST_OF.match(question, match.end())
            posts.add(post + (of.group(0).rstrip(" and&").lower() if of else ""))
    return frozenset(posts)


def _deed_told(question: str, deed: re.Match[str]) -> str:
    """The word a sentence telling the deed would use: its verb, or a light verb's object."""
    if LIGHT_VERB.fullmatch(deed.group(2)) and (told := DEED_OBJECT.match(question, deed.end())):
        return told.group(1)
    return deed.group(2)


def post_pattern(post: str) -> str:
    """A post's name as a pattern for any line-wrapping: "director\\s+of\\s+resources"."""
    return r"\b" + r"\s+".join(re.escape(word) for word in post.split())
