"""The extractive answerer's choice of sentences, on hand-made passages with the real model."""

from __future__ import annotations

import pytest
from llama_index.core.schema import NodeRelationship, NodeWithScore, RelatedNodeInfo, TextNode

from assistant.answer_kinds import AnswerKind
from assistant.extractive import ExtractiveSynthesizer, compose
from assistant.org_names import CommonWords
from assistant.question import QuestionProfile
from assistant.sentences import is_heading, person_fields, split_sentences
from index.keyword import Tokenizer


@pytest.fixture(scope="module")
def synthesizer(embed_model) -> ExtractiveSynthesizer:
    return ExtractiveSynthesizer(embed_model)


def knowing(embed_model, papers: str) -> ExtractiveSynthesizer:
    """An answerer whose lexicon is these words, as if the papers wrote them in lower case."""
    return ExtractiveSynthesizer(
        embed_model, common_words=CommonWords(written=frozenset(Tokenizer()(papers)))
    )


def quoted(synthesizer: ExtractiveSynthesizer, question: str, *nodes: TextNode) -> list[str]:
    """The sentences the answerer chooses from these passages (none: it refuses)."""
    selection = synthesizer.select(question, [NodeWithScore(node=n, score=1.0) for n in nodes])
    return [c.sentence.text for c in selection.candidates]


def hits(*texts: str) -> list[NodeWithScore]:
    return [
        NodeWithScore(node=TextNode(text=text, id_=f"chunk-{i}"), score=1.0 / (i + 1))
        for i, text in enumerate(texts)
    ]


def test_a_passage_cut_differently_in_two_papers_is_quoted_once(embed_model):
    report = (
        "Departmental efficiency gains now offer diminishing returns, with £3.6m cashable "
        "in 2008-09 and £5m in 2009-10 then lower annual gains. "
        "Efficiencies were delivered through council tax setting and departmental budgets "
        "and the efficiency programme needs clearer targets."
    )
    # The same wording in an agenda pack, cut into a chunk that starts part-way through the
    # first sentence and runs into the second without a full stop (a bullet list in the PDF).
    pack = (
        "£5m in 2009-10 then lower annual gains • Efficiencies were delivered through council "
        "tax setting and departmental budgets"
    )
    generous = ExtractiveSynthesizer(
        embed_model, relative_floor=0.1
    )  # every sentence is a candidate
    selection = generous.select(
        "What cashable efficiency gains were delivered in 2008-09 and 2009-10?", hits(pack, report)
    )
    quotes = [c.sentence.text for c in selection.candidates]
    assert any("£3.6m" in quote for quote in quotes)
    assert sum("lower annual gains" in quote for quote in quotes) == 1, quotes


def test_a_sentence_that_refers_back_is_quoted_after_the_one_it_means(synthesizer):
    passage = (
        "The committee considered the counter fraud annual report for 2022/23. "
        "It recorded 174 irregularity referrals, up from 150 the year before. "
        "The meeting closed at 4.15pm."
    )
    selection = synthesizer.select("How many irregularity referrals were recorded?", hits(passage))
    quotes = [c.sentence.text for c in selection.candidates]
    first = quotes.index("It recorded 174 irregularity referrals, up from 150 the year before.")
    assert quotes[first - 1].startswith("The committee considered the counter fraud annual report")


def test_a_lead_in_brings_the_list_it_introduces(synthesizer):
    passage = (
        "The internal audit plan for 2023/24 will focus on the following areas:\n\n"
        "- debt recovery in adult social care\n"
        "- contract management of waste services\n"
        "- cyber security of payroll systems\n\n"
        "The plan was approved unanimously by the committee after a short debate.\n"
    )
    selection = synthesizer.select("What will the internal audit plan focus on?", hits(passage))
    quotes = [c.sentence.text for c in selection.candidates]
    lead_in = quotes.index("The internal audit plan for 2023/24 will focus on the following areas:")
    assert quotes[lead_in + 1 : lead_in + 4] == [
        "debt recovery in adult social care",
        "contract management of waste services",
        "cyber security of payroll systems",
    ]
    assert "Debt recovery in adult social care [1]" in compose(selection)


LGA_REVIEW = (
    "The LGA review highlighted that the Finance team has faced prolonged instability over "
    "recent years due to frequent leadership changes and reliance on interim staff. These "
    "factors have led to unclear roles and limited accountability. The review identified an "
    "urgent need for:\n\n"
    "• A new, permanent structure with clear roles and responsibilities.\n"
    "• Improved financial processes, documentation, and systems automation.\n"
    "• Cultural change to foster collaboration and a business-partnering approach.\n"
)


def test_a_lead_in_read_on_to_from_its_paragraph_still_brings_its_list(embed_model):
    """The rest of the best sentence's paragraph may end on a lead-in; quoted alone ("The
    review identified an urgent need for:") it would promise what the answer never gives."""
    best_alone = ExtractiveSynthesizer(embed_model, relative_floor=0.99, added_floor=0.99)
    quotes = quoted(
        best_alone,
        "What did the LGA review say the Finance team urgently needs?",
        TextNode(text=LGA_REVIEW),
    )
    assert quotes[0].startswith("The LGA review highlighted")  # the rest is its paragraph's
    lead_in = quotes.index("The review identified an urgent need for:")
    assert quotes[lead_in + 1].startswith("A new, permanent structure")
    assert quotes[lead_in + 3].startswith("Cultural change")


def test_a_lists_items_are_told_with_their_lead_in_not_in_the_sentences_counted(embed_model):
    """An answer of two sentences whose second introduces a list quotes the list whole: its
    items are part of the lead-in's sentence, not sentences crowding it out."""
    two = ExtractiveSynthesizer(embed_model, max_sentences=2, relative_floor=0.1)
    passage = (
        "The London Efficiency Challenge team reviewed Bromley's efficiency programme in "
        "December.\n" + CHALLENGE_TEAM.split("\n", 1)[1]
    )
    quotes = quoted(
        two, "Who made up the London Efficiency Challenge team?", TextNode(text=passage)
    )
    assert quotes[-3:] == [
        "Bromley's challenge team consisted of:",
        "Jan Willis – Director of Finance, LB Barnet",
        "Steve Stott – Audit Manager, LB Bexley",
    ]
    assert len(quotes) == 4


def test_a_question_the_passages_never_touch_is_answered_with_nothing(synthesizer):
    passage = "The committee noted the treasury management outturn for 2022/23 and the MRP policy."
    selection = synthesizer.select("Who won the Eurovision song contest in 2023?", hits(passage))
    assert selection.candidates == []
    assert compose(selection) == ""


@pytest.mark.parametrize(
    ("question", "sentence", "found"),
    [
        (
            "Who won the contract and at what price?",
            "The operator takes over on 1 September 2025.",
            False,
        ),
        (
            "Who won the contract and at what price?",
            "The tender price was £7,312,450 over ten years.",
            True,
        ),
        ("What did the scheme cost?", "The scheme cost £3.6 million in 2008-09.", True),
        ("How many referrals were received?", "There were 174 referrals in 2023.", True),
        ("How many referrals were received in 2023?", "Referrals rose in 2023.", False),
        (
            "How many interviews did the review conduct?",
            "Twenty-four structured interviews were completed.",
            True,
        ),
        ("How many of the two options were chosen?", "Both of the two options were kept.", False),
        # ...and the count must be of the thing asked about, beside it in the sentence
        (
            "How many call agents work in the centre?",
            "The centre receives around 800,000 calls a year, answered by its agents.",
            False,
        ),
        ("How many members sit on the group?", "The group has met three times.", False),
        ("How many members sit on the group?", "The group has 12 members.", True),
        ("How many trips a day does it carry?", "Daily trips now exceed 10,000.", True),
        ("How many requests for data did Kent authorise?", "Access to data – 4 (2)", True),
        # A sum of money, a date or a reference counts nothing.
        ("How many people are in debt?", "In 2022/23 people paid £178,714.66.", False),
        ("How many people are in debt?", "People owe it under Section 69 of the Act.", False),
        ("How many people are in debt?", "Audit CS05-2023 looked at people's debts.", False),
        ("How many people are in debt?", "By 31 March 2,023 people owed it.", True),
        # nor does a table row's number
        ("How many staff does it employ?", "2 | Finance staff need to be engaged early.", False),
        ("How many staff does it employ?", "Staff | 2 | Finance staff are engaged early.", True),
        ("When will the system go live?", "The system will go live in April 2024.", True),
        # "when" is answered by a point in time, not a length of it; "how long" by either
        (
            "When will the strategy be brought to committee?",
            "The strategy will follow a six-week public engagement.",
            False,
        ),
        ("When will the strategy be brought to committee?", "The strategy is due in 2026.", True),
        ("How long will the engagement run?", "The engagement will run for six weeks.", True),
        ("How long has the levy run?", "The levy has been operational since 2012.", True),
        ("When is the event?", "Members may attend the event.", False),  # "may" is no month
        # what a "when" question dates is its subject: another thing's date is no answer
        (
            "When will the networking event be held?",
            "Special Olympics is seeking funding for its 2018 costs.",
            False,
        ),
        # Who: a name; none is no wrong answer (the name may come next).
        ("Who chaired the meeting?", "Councillor Smith chaired the meeting.", True),
        ("Who chaired the meeting?", "The meeting was opened at seven.", None),
        # Asked for a post's holder, a name given with another post is no answer.
        (
            "What is the name of Bromley's Director of Resources?",
            "Chief Officer: Doug Patterson, Chief Executive",
            None,
        ),
        (
            "What is the name of Bromley's Director of Resources?",
            "Paul Moore, Director of Resources, Bromley",
            True,
        ),
        ("Which officer is the lead for the decision?", "Shaun Taylor, Head of Highways", True),
        ("What is the council tax increase for 2025/26?", "The Plan 2022-26 was launched.", False),
        (
            "What is the council tax increase for 2025/26?",
            "Band D rises by 4.99% in 2025/26.",
            True,
        ),
        ("How did the proportion of late replies change?", "It fell from 31% to 25%.", True),
        ("What share of customers were satisfied?", "Savings of £136,000 are expected.", False),
        ("What percentage of tax was collected in 2022/23?", "The Plan 2022-26 began.", False),
        ("By how much did complaints rise?", "Complaints rose by 120 to 1,450.", True),
        ("Did the committee approve the bid?", "Members are asked to endorse the bid.", False),
        ("Did the committee approve the bid?", "RESOLVED that the bid be approved.", True),
        ("Did the committee approve the bid?", "Funding follows if the bid is successful.", False),
        # a decision still to come is none yet; one resolved in the subjunctive is
        ("Did cabinet approve the strategy?", "The strategy will be adopted in 2023/24.", False),
        ("Did cabinet approve the strategy?", "The strategy is yet to be decided.", False),
        ("Did cabinet approve the strategy?", "RESOLVED that the strategy be adopted.", True),
        # a cross-reference and a condition are no record of a decision
        (
            "Did the board approve the plan?",
            "As noted in paragraph 29, the plan was drafted.",
            False,
        ),
        (
            "Did the board approve the bid?",
            "If unsuccessful a further report on the bid follows.",
            False,
        ),
        (
            "Was the proposal approved?",
            "On a vote, recommendation 3 FELL (2 for, 7 against).",
            True,
        ),
        ("What did cabinet decide about libraries?", "Library closures were discussed.", False),
        ("What did the audit find about how contracts were approved?", "Six issues.", None),
        # What finished work found: a finding stated, never the work announced.
        (
            "What did the audit find about how contracts were approved?",
            "Testing found that 40% of extensions had not been approved in line with the Matrix.",
            True,
        ),
        ("What did the review conclude?", "The review gave Limited assurance overall.", True),
        ("What did the review conclude?", "A review will be carried out during 2023/24.", None),
        # Reported: a finding, unless what is reported is still to come or under way.
        (
            "What did the review find?",
            "The LGA review highlighted that the finance team has faced prolonged instability.",
            True,
        ),
        (
            "What did the study conclude?",
            "Officers confirmed that work is currently being done.",
            None,
        ),
        ("What did the review find?", "It was confirmed that this would be reviewed.", None),
        ("What did the audit find?", "It highlighted several concerns about the committee.", True),
        # what officers say at the meeting is not what the group's work concluded, nor are
        # conclusions awaited any yet; conclusions stated are
        (
            "What did the Task and Finish Group conclude about which services to fund?",
            "Officers confirmed that funding available to support bus services is limited.",
            None,
        ),
        (
            "What did the Task and Finish Group conclude about which services to fund?",
            "It was planned that the committee approve the Group's conclusions and"
            " recommendations for the procurement of services.",
            None,
        ),
        (
            "What did officers conclude about which services to fund?",
            "Officers confirmed that funding available to support bus services is limited.",
            True,
        ),
        (
            "What did research conclude about the colour to use?",
            "Conclusions following research and consultation had been that red was preferred.",
            True,
        ),
        # sites "identified as" conflict areas are where a trial is to be, not what it found
        (
            "What did the trial of red surfacing at conflict points find?",
            "A report sought approval to trial it at sites identified as potential conflict areas.",
            None,
        ),
        ("What were the results of the engagement?", "The engagement ran for six weeks.", None),
        ("What did members say about the review?", "Members found the review useful.", None),
        ("Which council does the minute belong to?", "The Board noted the plan.", False),
        ("Which council does the minute belong to?", "Kent County Council noted it.", True),
        ("Which council does the minute belong to?", "The Council noted the plan.", False),
        ("Did the board approve it?", "It should be noted that the board met twice.", False),
        # what only could be done is no decision, though it is said in a clause after "that"
        (
            "Was the proposal to let the director decide approved?",
            "Officers note that the case had evolved, and further work by the director could "
            "be supported by the partnership.",
            False,
        ),
        # a decision question asks about the thing decided, not what it is for or of
        (
            "Did the committee approve the Exemption Policy for enforcement locations such as "
            "bus gates?",
            "Approved the removal of the new bus gate on Newfoundland Way.",
            False,
        ),
        (
            "Did the committee approve the Exemption Policy for enforcement locations such as "
            "bus gates?",
            "RESOLVED that the Exemption Policy be approved.",
            True,
        ),
        ("What reduction in casualties is expected?", "Limits fall from 40mph to 30mph.", False),
        # Whether a budget was balanced is not a sum of money.
        ("Have Bexley and Kent balanced their budgets?", "We balanced the budget.", None),
        ("What did a passenger journey cost the authority?", "It cost £4.20 a trip.", True),
        # "How much" asks for money or a share: no count of things, date or reference gives it.
        (
            "How much did Bromley pay for its voice recognition system?",
            "Bromley paid for visits to three local authorities with voice recognition in 2010.",
            False,
        ),
        ("How much debt was written off?", "Debt was written off in breach of s.151.", False),
        ("How much did Bromley pay for its system?", "Bromley paid £45,000 for it.", True),
        ("How much of the feedback comes in online?", "83% of feedback is now online.", True),
        ("How much time did the work take?", "It took six weeks of officer time.", True),
        # Which company: a name the question does not give, never the work described.
        ("Which company supplied the system?", "Telephonetics supplied the system.", True),
        ("Which company supplied the system?", "A supplier has been procured.", None),
        ("What consultancy firm did Kent use?", "Kent used consultants.", None),
        ("Who are Bexley's external auditors?", "They are Ernst and Young Global LLP.", True),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question, sentence, found):
    """A money question wants a money amount (a date's numbers are no price); "how many" wants
    a number the question did not give; "when" a date; other questions no kind at all."""
    tokenize = Tokenizer()
    profile = QuestionProfile.build(question, tokenize)
    assert profile.answer_kind_found(sentence, frozenset(tokenize(sentence))) is found


GOVERNANCE_REVIEW = (
    "Grant Thornton undertook a governance review of the council in early 2023. "
    "The review looked at the behaviours underpinning good governance across the council. "
    "Its recommendations were reported to the Governance and Audit Committee in July."
)
CONTACT_CENTRE = (
    "Total budget for Bromley's Customer Contact Centre in 2009/10 is £1,385,300. "
    "If 10% of calls moved online Bromley could see savings of £220,000."
)


@pytest.mark.parametrize(
    ("question", "near_miss", "answer", "quote"),
    [
        # The passage is about the review and names its cost nowhere: quoting it would look
        # like an answer to "how much" when it is not one.
        (
            "How much did Grant Thornton's governance review cost?",
            GOVERNANCE_REVIEW,
            "The governance review cost £48,000 and was met from the audit budget.",
            "£48,000",
        ),
        # "Members are asked to endorse the bid" is as close to "did they approve the bid?" as
        # the decision would be; quoting it would tell a councillor the bid was approved.
        (
            "Did Capital Ambition approve the web development bid?",
            "Members are asked to endorse the bid to Capital Ambition on web development. "
            "The outcome of the bid will be known in June 2010.",
            "Capital Ambition approved the web development bid in full in June.",
            "approved the web development bid",
        ),
        # Savings and a budget are amounts, but not what was spent on agency staff.
        (
            "How much did Bromley spend on agency staff in 2009/10?",
            CONTACT_CENTRE,
            "Spending on agency staff was £1.2m in 2009/10.",
            "£1.2m",
        ),
        # The question's money verb says what the amount is: a procurement for parking is no
        # charge for it.
        (
            "How much does Bromley charge for on-street parking?",
            "Potential for £60k shared procurement of on-street parking meters in Bromley.",
            "The on-street parking charge is £2.20 an hour.",
            "£2.20",
        ),
        # The review is planned and described, and what it found is nowhere: describing it
        # would read like an answer.
        (
            "What did the review of the Debt Management Board's effectiveness conclude?",
            "A Debt Management Board was established during 2022/23 to manage debt owed. "
            "A review of the Board's effectiveness will be carried out in 2023/24.",
            "The review concluded that the Board had cut debts over 90 days by a third.",
            "concluded that the Board",
        ),
        # Agreeing to a governance review is a decision, but not one on the audit fee.
        (
            "Did the committee approve the external audit fee for 2023/24?",
            "The committee received the external auditor's plan for 2023/24. "
            "It was agreed that Grant Thornton would undertake a governance review.",
            "RESOLVED that the external audit fee of £150,000 be approved.",
            "audit fee of £150,000",
        ),
    ],
)
def test_a_near_miss_is_no_answer_until_the_passage_gives_one(
    synthesizer, question, near_miss, answer, quote
):
    """A sentence of the wrong kind, or of the right kind about something else, is refused;
    the same passage with the answer added is answered with it."""
    assert quoted(synthesizer, question, TextNode(text=near_miss)) == []
    quotes = quoted(synthesizer, question, TextNode(text=f"{near_miss} {answer}"))
    assert any(quote in q for q in quotes), quotes


def test_an_amount_is_about_what_its_heading_names(synthesizer):
    """The sentence's agenda-item heading counts as its context for what the amount is of."""
    headed = TextNode(
        text="Bromley's total for 2009/10 was £1.2m, against £0.9m the year before.",
        metadata={"agenda_item_title": "Agency staff expenditure"},
    )
    question = "How much did Bromley spend on agency staff in 2009/10?"
    assert any("£1.2m" in quote for quote in quoted(synthesizer, question, headed))


def kent_and_bexley(embed_model) -> ExtractiveSynthesizer:
    """An answerer over an index holding Kent's and Bexley's papers."""
    councils = frozenset({"Kent County Council", "London Borough of Bexley"})
    return ExtractiveSynthesizer(embed_model, councils=councils)


def kents(text: str) -> TextNode:
    return TextNode(text=text, metadata={"council": "Kent County Council"})


def test_a_question_naming_a_council_is_not_answered_from_another_councils_papers(
    embed_model,
):
    """Kent's Ombudsman figures are no answer about Bexley, even when no Bexley paper was
    retrieved: the index's councils say that "Bexley" names one."""
    kent = kents("During 2022/23 the Ombudsman upheld 41 complaints about the council.")
    question = "How many complaints about Bexley did the Ombudsman uphold in 2022/23?"
    synthesizer = kent_and_bexley(embed_model)
    assert quoted(synthesizer, question, kent) == []
    for council in ("London Borough of Bexley", ""):  # its own papers, or a council unknown
        own = TextNode(text=kent.text, metadata={"council": council})
        assert any("41 complaints" in q for q in quoted(synthesizer, question, own)), council


def test_another_places_figure_is_no_answer_about_the_council_asked_about(embed_model):
    """Officer reports compare: Nottingham's charge, quoted in Bristol's own paper, is not
    Bristol's charge."""
    synthesizer = ExtractiveSynthesizer(embed_model, councils=frozenset({"Bristol City Council"}))
    question = "How much is Bristol's annual workplace parking levy charge?"
    compared = TextNode(
        text="Nottingham’s annual levy charge is currently £550 per parking space.",
        metadata={"council": "Bristol City Council"},
    )
    assert quoted(synthesizer, question, compared) == []
    own = TextNode(
        text="Bristol’s annual levy charge would be £500 per parking space.",
        metadata={"council": "Bristol City Council"},
    )
    assert any("£500" in quote for quote in quoted(synthesizer, question, own))


def test_a_question_naming_several_councils_is_answered_from_each_councils_own_papers(
    embed_model,
):
    """A Kent paper need not name Bexley, nor even Kent, to answer how "Bexley and Kent" are
    improving complaint handling."""
    kent = kents("A central feedback team will improve complaint handling and customer service.")
    question = "How are Bexley and Kent improving complaint handling?"
    synthesizer = kent_and_bexley(embed_model)
    assert any("feedback team" in q for q in quoted(synthesizer, question, kent))
    unknown = TextNode(text=kent.text)  # a paper whose council is unknown must still name them
    assert quoted(synthesizer, question, unknown) == []


def test_a_question_about_exempt_business_is_answered_only_from_exempt_passages(synthesizer):
    """The public agenda names the exempt item; only the exempt minute itself can say what
    was discussed, and a public asker never receives that passage."""
    question = "What was discussed in the exempt minutes of the 11 February 2010 meeting?"
    agenda = TextNode(
        text="13 Exempt minutes of the meeting held on 11 February 2010 were discussed briefly.",
        metadata={"classification": "public"},
    )
    assert synthesizer.select(question, [NodeWithScore(node=agenda, score=1.0)]).candidates == []
    minute = TextNode(
        text="The exempt minutes of the meeting held on 11 February 2010 discussed the sale "
        "of the Civic Centre annexe to a housing association.",
        metadata={"classification": "exempt"},
    )
    selection = synthesizer.select(question, [NodeWithScore(node=minute, score=1.0)])
    assert any("Civic Centre annexe" in c.sentence.text for c in selection.candidates)


def test_a_question_without_a_wanted_kind_is_answered_without_one(synthesizer):
    selection = synthesizer.select(
        "What did Grant Thornton's governance review look at?", hits(GOVERNANCE_REVIEW)
    )
    assert any("behaviours" in c.sentence.text for c in selection.candidates)


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Table 22 - Adult Social Care and Health", True),
        ("Minutes of the meeting held on 11 February 2010", True),
        ("13 EXEMPT MINUTES OF THE MEETING HELD ON 11TH FEBRUARY 2010 (Pages 103 - 104)", True),
        ("Access to telecommunications data – 4 (2)", False),
        (
            "This programme runs from June 2025 to the end of March 2026. | March 2026 | Ongoing",
            False,
        ),
        ("The plan was approved by the Committee.", False),
    ],
)
def test_a_heading_names_what_follows_and_a_table_row_holding_a_sentence_is_no_heading(
    text, heading
):
    """Headings are penalised as answers; an action-plan row with its deadline in the next
    cell is a statement, and an agenda's contents line (pages, dot leaders) a heading."""
    assert is_heading(text) is heading


def test_a_reference_is_no_name_and_a_passage_holding_it_answers(synthesizer):
    """The "CS" of "CS05-2023" was once taken for a name that no passage holds, so every
    question naming an audit reference was refused."""
    question = (
        "In line with which legislation was the debt recovery process under CS05-2023 improved?"
    )
    profile = QuestionProfile.build(question, Tokenizer())
    assert profile.names == frozenset()
    assert "cs05-2023" in profile.identifiers
    passage = (
        "Audit CS05-2023 Adult Social Care Debt Recovery was given Substantial assurance. "
        "The debt recovery process had been improved in line with Section 69 of the Care Act."
    )
    quotes = quoted(synthesizer, question, TextNode(text=passage))
    assert any("Section 69" in quote for quote in quotes), quotes


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("When the Board looked at the Budget, which member raised the concern?", False),
        ("At the September meeting, how much did the committee approve?", False),
        ("When will the rescheduled event be held, and where?", True),
        ("When was the plan, which was delayed, published?", True),
    ],
)
def test_a_clause_setting_the_scene_is_not_what_is_asked(question, date):
    """ "When the Board looked at it, which member...?" asks who, and a committee's name in
    the clause ("Budget") asks for no sum; "When will it be held?" asks when."""
    kind = AnswerKind.of(question)
    assert kind.date is date
    assert not (kind.money and kind.person)


@pytest.mark.parametrize(
    "question",
    [
        "Which developer is the council negotiating the Options Agreement with?",
        "Which recruitment agency is supplying the interim staff?",
        "What consultancy firm reviewed the service?",
    ],
)
def test_which_developer_or_agency_asks_for_an_organisations_name(question):
    kind = AnswerKind.of(question)
    assert (kind.firm, kind.strict) == (True, True)


def test_a_follow_up_is_judged_by_what_it_asks_not_by_the_terms_carried_into_it():
    """A follow-up is searched with the previous question's key terms in front; "budget"
    carried from before does not make "When was it due to go live?" a money question."""
    kind = AnswerKind.of("voice recognition budget When was it due to go live?")
    assert (kind.date, kind.money, kind.strict) == (True, False, True)
    assert AnswerKind.of("Capital Ambition web bid Did they approve it?").decision


@pytest.mark.parametrize(
    "question, person, post",
    [
        ("Who chairs Bexley's Customer Services Group?", True, True),
        ("Who leads the group Bexley set up to manage debt?", True, True),
        ("Who is Gloucester City Council's Head of Finance and Resources?", True, False),
        ("Which councillor warned that the hubs might add to congestion?", True, False),
        ("What is the name of the Road Safety Group Manager?", True, False),
        ("At the September 2024 committee, who moved the amendment?", True, True),
        ("In the forward plan, published in January, whose report is it?", True, True),
        ("Which WECA officer did the Chair agree to contact?", True, False),
        ("Which two councillors voted for the recommendation?", True, False),
        ("Which judge sentenced the two men?", True, True),
        ("When the Board looked at the Plan, which member raised the concern?", True, False),
        ("What support do members get from officers?", False, False),
        ("What did the officer, who led the review, say about it?", False, False),
        ("Who are Bexley's external auditors?", False, False),  # a firm
        ("What did the committee decide about the hubs?", False, False),
    ],
)
def test_a_who_question_asks_for_a_name_or_when_it_names_no_post_a_post(question, person, post):
    """ "Who chairs the group?" is answered by "the Chief Executive"; "Who is the Head of
    Finance?" only by a name, the post being given."""
    kind = AnswerKind.of(question)
    assert (kind.person, kind.post, kind.strict or not person) == (person, post, True)


@pytest.mark.parametrize(
    "question, strict",
    [
        ("What is Kent County Council's total revenue budget for 2023/24?", True),
        ("What actual loss did the Counter Fraud team report?", True),
        ("What cost per contact does the web bid quote?", True),
        ("What was the overall outstanding social care debt in Kent?", True),
        ("What is the total value of the Highways Civils Framework 2025-29?", True),
        ("What did the committee hear about social care debt recovery?", False),
        ("What is the status of the recommendation on transformation savings?", False),
        ("What did the committee say about the budget?", False),
    ],
)
def test_a_what_question_headed_by_a_sum_of_money_asks_for_nothing_else(question, strict):
    """ "What is the budget?" asks "how much is the budget?"; a question about the budget's
    status or what was said of it does not, and may be answered without an amount."""
    kind = AnswerKind.of(question)
    assert kind.strict is strict
    assert kind.money or not strict  # strict for a sum, so a sum answers it


AMENDMENT = (
    "Councillor Clark moved an amendment to the report as follows: Approve charging at the "
    "District Car Parks, subject to 90 minutes free parking at Westbury Hill. The amendment was "
    "seconded by Councillor Morris."
)
VOTES = (
    "On being put to the vote the amendment was LOST (2 members voting in favour and 7 against). "
    "On being put to the vote the recommendation was LOST (4 members voting in favour and 5 "
    "against)."
)
ASKED = "What did Councillor Clark's amendment on charging at the District Car Parks propose?"


def minutes(text: str, chunk: int) -> TextNode:
    return TextNode(
        text=text,
        id_=f"minutes-{chunk:04d}",
        metadata={"chunk_index": chunk},
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id="minutes")},
    )


def test_a_motion_is_quoted_with_the_vote_on_it_not_the_next_motions(synthesizer):
    """Read alone, "Approve charging at the District Car Parks" says the opposite of the
    minutes: the amendment was LOST. The recommendation's vote after it is another motion's."""
    quotes = quoted(synthesizer, ASKED, minutes(f"{AMENDMENT} {VOTES}", 20))
    assert any("Approve charging" in q for q in quotes), quotes
    assert any("the amendment was LOST" in q for q in quotes), quotes
    assert not any("the recommendation was LOST" in q for q in quotes), quotes


def test_a_recommendation_is_quoted_with_its_own_vote_not_an_amendments(synthesizer):
    recommendation = (
        '"Recommendation 5. Approves implementation of charging at the District Car Parks."'
    )
    passage = minutes(f"{recommendation} {AMENDMENT} {VOTES}", 20)
    asked = "Did the committee approve recommendation 5 on charging at the District Car Parks?"
    quotes = quoted(synthesizer, asked, passage)
    motion = next(i for i, q in enumerate(quotes) if q.startswith("Approves implementation"))
    assert "the recommendation was LOST (4 members" in quotes[motion + 1], quotes


def test_the_vote_on_a_motion_is_found_in_the_next_passage_of_the_same_paper(synthesizer):
    """Minutes often break a chunk between an amendment's wording and its vote."""
    wording, votes = minutes(AMENDMENT, 20), minutes(VOTES, 21)
    quotes = quoted(synthesizer, ASKED, wording, votes)
    assert any("the amendment was LOST" in q for q in quotes), quotes
    other_paper = minutes(VOTES, 21)
    other_paper.id_ = "report-0021"
    other_paper.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id="report")
    quotes = quoted(synthesizer, ASKED, wording, other_paper)
    assert not any("LOST" in q for q in quotes), quotes  # another paper's vote is no vote on it


def test_a_possessive_is_no_term_and_a_month_is_no_name():
    """ "Bristol's" once gave the term "s", which outweighed every real word of the question
    and counted as a name no passage need hold; "September" was a name the minutes of the
    September meeting never write."""
    tokenize = Tokenizer()
    assert tokenize("Bristol's Union Street and Kent’s budget") == [
        "bristol",
        "union",
        "street",
        "kent",
        "budget",
    ]
    profile = QuestionProfile.build(
        "What did officers tell the September 2024 forum about Bristol's terraced homes?",
        tokenize,
    )
    assert profile.names == frozenset({"bristol"})


def test_a_meeting_named_by_its_month_is_found_by_its_date(synthesizer):
    """ "At the March 2026 meeting": the minutes say what officers said, and only their date
    says when."""
    minute = TextNode(
        text="A member of the public asked about reductions to supported bus routes. Officers "
        "confirmed that funding available to support bus services is limited.",
        metadata={"meeting_date": "2026-03-19"},
    )
    question = "What did officers say about bus route reductions at the March 2026 meeting?"
    assert any("bus" in q for q in quoted(synthesizer, question, minute))
    minute.metadata["meeting_date"] = "2025-11-06"
    assert quoted(synthesizer, question, minute) == []


def test_the_vote_on_a_quoted_motion_is_the_decision_asked_for(synthesizer):
    """ "Did they approve...?" is answered by the motion and the vote on it; a sentence that
    merely comes before a vote is no motion, and its vote decides nothing it says."""
    question = "Did the committee approve removing the 30-minute free parking tariff?"
    minute = TextNode(
        text="Approve the removal of the 30-minute free parking tariff in all zones. "
        "On being put to the vote the recommendation was LOST (4 members voting in favour, "
        "5 against).",
        metadata={"doc_type": "minutes"},
    )
    assert any("LOST" in q for q in quoted(synthesizer, question, minute))
    discussion = TextNode(
        text="Officers said the 30-minute free parking tariff was popular with residents. "
        "On being put to the vote the recommendation was LOST (4 members voting in favour, "
        "5 against).",
        metadata={"doc_type": "minutes"},
    )
    assert quoted(synthesizer, question, discussion) == []


def test_what_an_investigation_found_is_quoted_though_it_shares_few_words_with_the_question(
    synthesizer,
):
    """The finding names the result, not the investigation the question names: it is lifted
    over the sentences that describe the work, or it would fall under the answerer's floor
    and the answer, holding no finding, be refused."""
    passage = TextNode(
        text="The Counter Fraud Team have completed an investigation into the way care providers "
        "invoice the council. The investigation looked at care and financial records held by the "
        "provider to support the invoicing. The investigation was started after social workers "
        "raised concerns about the level of care. Subsequently, it was concluded that a key "
        "financial control is not in place."
    )
    question = "What did the counter fraud investigation into how care providers invoice find?"
    quotes = quoted(synthesizer, question, passage)
    assert any("concluded that a key financial control" in q for q in quotes), quotes


GRANT_ROWS = (
    "Organisation Project Summary\nAmount\nRequested\nRecommendation\nFriends of\nRectory Park\n"
    "Friends of Rectory Park are seeking funding to improve the World War I Memorial Site at "
    "Rectory Park. This is part of an ongoing effort to improve the site.\n\nTrinity\n\n£1,385\n"
    "\n\nApproved.\n\nMoor Hall\nSchool\nMoor Hall Primary School is seeking funding to buy "
    "recycling bins for use across the school site.\nVesey\n£600\n\nRejected.\n"
)


def test_a_flattened_table_rows_closing_cells_are_one_sentence():
    """Cells too short to quote ("Trinity", "£1,385", "Approved.") close the row as one
    sentence, when the last of them is its outcome; the headings' cells, closing nothing, are
    no sentence."""
    texts = [s.text for s in split_sentences(GRANT_ROWS)]
    assert "Trinity\n\n£1,385\n\n\nApproved." in texts
    assert "Vesey\n£600\n\nRejected." in texts
    assert not any("Recommendation" in text for text in texts)


def test_a_table_row_is_quoted_with_its_outcome(synthesizer):
    """Friends of Rectory Park "are seeking funding": quoted alone, the row reads as pending;
    the decision and the sum are in its closing cells."""
    question = (
        "Did the committee approve the Friends of Rectory Park application for the World War I "
        "memorial site, and for how much?"
    )
    selection = synthesizer.select(question, hits(GRANT_ROWS))
    quotes = [c.sentence.text for c in selection.candidates]
    assert quotes[:2] == [
        "Friends of Rectory Park are seeking funding to improve the World War I Memorial Site at "
        "Rectory Park.",
        "Trinity\n\n£1,385\n\n\nApproved.",
    ], quotes
    assert "Trinity £1,385 Approved. [1]" in compose(selection)


def test_a_table_rows_outcome_is_read_on_into_the_next_passage_but_not_past_another_row(
    synthesizer,
):
    question = "Did the committee agree to fund the YMCA's Triple A project?"
    description = minutes(
        "YMCA\nYMCA is seeking funding to continue their Triple A project for young people.\n"
        "The project delivers a range of interventions for young people.",
        20,
    )
    cells = minutes(
        "YMCA will also support families by offering guidance to them.\nTrinity Ward\n£8,000\n\n"
        "Rejected.\n",
        21,
    )
    quotes = quoted(synthesizer, question, description, cells)
    assert "Trinity Ward\n£8,000\n\nRejected." in quotes, quotes
    only_cells = minutes("Trinity Ward\n£8,000\n\nRejected.\nThe Committee then moved on.", 21)
    quotes = quoted(synthesizer, question, description, only_cells)
    assert "Trinity Ward\n£8,000\n\nRejected." in quotes, quotes  # cells open the passage
    another_row = minutes(
        "Sea Cadets\nVesey\n£500\nCommittee noted the cadets' bid with thanks.\nThe Art Trail "
        "seeks funding for venue costs this year.\nTrinity Ward\n£8,000\n\nRejected.\n",
        21,
    )
    assert quoted(synthesizer, question, description, another_row) == []


VOICE_RECOGNITION = (
    "Following the positive endorsement of this project in February a Voice Recognition "
    "supplier has been procured and the hardware successfully installed and integrated with "
    "the council's telephony system. The system will be live by the end of June. "
)


def test_which_company_is_answered_by_a_name_and_refused_without_one(embed_model):
    """A sentence describing the work is close to "which company" but names none: without a
    name in the passage the question is refused, and the name is lifted above the description
    it shares few words with."""
    tokenize = Tokenizer()
    vocabulary = frozenset(map(tokenize.stem, embed_model.vocabulary()))
    synthesizer = ExtractiveSynthesizer(
        embed_model, common_words=CommonWords(vocabulary=vocabulary)
    )
    question = "Which company supplied the voice recognition system for the switchboard?"
    assert quoted(synthesizer, question, TextNode(text=VOICE_RECOGNITION)) == []
    named = TextNode(text=VOICE_RECOGNITION + "Officers are working with Telephonetics on it.")
    assert any("Telephonetics" in q for q in quoted(synthesizer, question, named))


CHALLENGE_TEAM = (
    "On 9th December the London Efficiency Challenge team carried out a set-up day at Bromley.\n"
    "Bromley's challenge team consisted of:\n"
    "Jan Willis – Director of Finance, LB Barnet\n"
    "Steve Stott – Audit Manager, LB Bexley\n"
)


def test_who_is_answered_by_a_name_and_refused_without_one(embed_model):
    """A sentence about what a person did, naming none ("A Member noted..."), is close to "Which
    councillor warned...?" and no answer to it; the people a list names after its lead-in
    answer "who made up the team?"."""
    papers = "a member; the director of finance; an audit manager; the challenge team"
    synthesizer = knowing(embed_model, papers)
    warned = "Which councillor warned that customer service hubs might add to congestion?"
    member = "A Member noted that establishing customer service hubs might increase congestion."
    assert quoted(synthesizer, warned, TextNode(text=member)) == []
    named = TextNode(text=member.replace("A Member", "Councillor Grainger"))
    assert quoted(synthesizer, warned, named) == [named.text]
    team = quoted(synthesizer, "Who made up the challenge team?", TextNode(text=CHALLENGE_TEAM))
    assert "Jan Willis – Director of Finance, LB Barnet" in team


COUNTER_FRAUD_UPDATE = (
    "By: James Flannery – Counter Fraud Manager\n"
    "To: Governance and Audit Committee – 25th October 2023\n"
    "Subject: COUNTER FRAUD UPDATE\n"
    "This report updates the committee on the counter fraud activity undertaken since April.\n"
)


def test_a_header_line_naming_someone_answers_who_and_nothing_else(embed_model):
    """ "By: James Flannery" is no sentence (it says nothing about fraud), but it is who wrote
    the report; "Subject: ..." names no one and is quoted for nothing."""
    papers = "the counter fraud manager; the committee; this report updates"
    synthesizer = knowing(embed_model, papers)
    passage = TextNode(text=COUNTER_FRAUD_UPDATE)
    wrote = quoted(synthesizer, "Who wrote the counter fraud update to the committee?", passage)
    assert "By: James Flannery – Counter Fraud Manager" in wrote
    assert not any(q.startswith("Subject") for q in wrote)
    what = quoted(synthesizer, "What counter fraud activity did the report update on?", passage)
    assert what and not any(q.startswith(("By:", "Subject")) for q in what)


def test_a_name_below_its_label_run_into_it_or_listed_with_its_role_is_read_as_a_field():
    """Header fields are often a label alone on its line with the name below, or table cells
    run together; attendance lists give each member a line, with any role in brackets."""
    text = (
        "Contact Officer\n\nMark Rolfe Interim Head of Community Protection\n"
        "Issue to be AddressedChildren's Services Financial Control\n"
        "Responsible OfficerStephen Kitchman\n"
        "Present:\nCouncillor Neil Reddin (Chairman)\n"
        "Councillor Nicholas Bennett J.P. (Vice-Chairman)\n"
        "Contact\nthe team below\n"
    )
    fields = [f.text for f in person_fields(text)]
    assert fields == [
        "Contact Officer\n\nMark Rolfe Interim Head of Community Protection",
        "Responsible OfficerStephen Kitchman",
        "Councillor Neil Reddin (Chairman)",
        "Councillor Nicholas Bennett J.P. (Vice-Chairman)",
    ]
    assert all(text[f.start : f.start + len(f.text)] == f.text for f in person_fields(text))


@pytest.mark.parametrize(
    "question, posts",
    [
        ("What is the name of Bromley's Director of Resources?", {"director of resources"}),
        ("Who was Vice-Chair of Bristol's Transport and Connectivity Committee?", {"chair"}),
        ("Who is Gloucester's Head of Finance and Resources?", {"head of finance and resources"}),
        ("Which officer is the lead for the highways decision?", set()),
        # a post in a clause about the person asked for is not asked about
        (
            "Who is Kent's Director of Infrastructure, whom the General Counsel was to meet?",
            {"director of infrastructure"},
        ),
        ("Whose appointment as Chair, with whom the Mayor met, was confirmed?", {"chair"}),
    ],
)
def test_a_post_asked_about_is_read_with_what_it_is_of(question, posts):
    """A Director of Finance is no Director of Resources; the committee a chair chairs is
    not part of the post's name, nor is a post named in a clause about whoever is asked for
    ("..., whom the General Counsel was to meet")."""
    assert AnswerKind.of(question).posts == posts


ATTENDANCE = (
    "MINUTES of a meeting of the Governance and Audit Committee held at County Hall, "
    "Maidstone on Thursday, 14 September 2023.\n"
    "PRESENT: Mrs R Binks (Chairman), Mr A Brady, Mr D L Brazier, Mrs S Hudson "
    "(Vice-Chairman) and Mr R J Thomas\n"
    "RESOLVED that the minutes of the meeting held on 6 July 2023 be signed by the Chairman.\n"
)


def test_who_held_a_role_is_answered_by_the_name_beside_it(embed_model):
    """ "Who was in the chair?" is answered by "Mrs R Binks (Chairman)", not by the sentence
    closest to the question (which names Maidstone); a name in brackets beside another role
    answers no question about this one, and a name beside another post than the one asked
    is no answer."""
    papers = (
        "the committee; minutes of a meeting; the chairman; director of finance; an audit "
        "manager; the london efficiency challenge team; a set-up day in december"
    )
    synthesizer = knowing(embed_model, papers)
    minutes = TextNode(text=ATTENDANCE)
    chair = quoted(
        synthesizer,
        "Who was in the chair at the 14 September 2023 meeting of the Governance and Audit "
        "Committee?",
        minutes,
    )
    assert any("Mrs R Binks (Chairman)" in q for q in chair)
    reddin = TextNode(text="Present:\nCouncillor Neil Reddin (Chairman)\nCouncillor Ann Lee\n")
    assert quoted(synthesizer, "Who was Vice-Chairman at the meeting?", reddin) == []
    bennett = TextNode(text=reddin.text + "Councillor Nicholas Bennett J.P. (Vice-Chairman)\n")
    vice = quoted(synthesizer, "Who was Vice-Chairman at the meeting?", bennett)
    assert vice[0] == "Councillor Nicholas Bennett J.P. (Vice-Chairman)"
    team = TextNode(text=CHALLENGE_TEAM)
    assert quoted(synthesizer, "What is the name of Bromley's Director of Resources?", team) == []


def test_a_label_above_a_name_answers_who_the_contact_is(embed_model):
    synthesizer = ExtractiveSynthesizer(embed_model)
    report = TextNode(
        text="Report on the use of covert surveillance in 2022/23.\nContact Officer\n\n"
        "Mark Rolfe Interim Head of Community Protection\n"
        "This report outlines work undertaken by officers on covert surveillance.\n"
    )
    contact = quoted(
        synthesizer, "Who is the contact officer for the report on covert surveillance?", report
    )
    assert contact[0] == "Contact Officer\n\nMark Rolfe Interim Head of Community Protection"


def test_a_reports_by_line_answers_who_wrote_it(synthesizer):
    report = TextNode(
        text="COUNTER FRAUD UPDATE\nBy: James Flannery – Counter Fraud Manager\n"
        "The Counter Fraud activity undertaken from April to August 2023 is set out below.\n"
        "Several fraud referrals were received by the Counter Fraud Team over the period.\n"
    )
    asked = "Who wrote the update on counter fraud activity undertaken from April to August 2023?"
    wrote = quoted(synthesizer, asked, report)
    assert "By: James Flannery – Counter Fraud Manager" in wrote, wrote


def test_who_held_a_role_at_a_dated_meeting_is_not_answered_from_another_meeting(embed_model):
    """February's minutes say who was vice-chairman in February, not at the June meeting a
    question asks about; and "signed by the Chair" names the role asked about, not a holder."""
    synthesizer = ExtractiveSynthesizer(embed_model)
    lines = "Present:\nCouncillor Neil Reddin (Chairman)\nCouncillor Ann Lee (Vice-Chairman)\n"
    question = "Who was Vice-Chairman at the sub-committee's meeting on 1 June 2010?"

    def minutes(meeting_date: str) -> TextNode:
        return TextNode(text=lines, metadata={"meeting_date": meeting_date})

    assert quoted(synthesizer, question, minutes("2010-02-11")) == []
    assert quoted(synthesizer, question, minutes("2010-06-01")) == [
        "Councillor Ann Lee (Vice-Chairman)"
    ]
    chaired = "Who chaired the sub-committee meeting?"
    signed = TextNode(
        text="It was RESOLVED that the minutes of the sub-committee meeting be signed by the "
        "Chair as a correct record.\n"
    )
    assert quoted(synthesizer, chaired, signed) == []
    chief = TextNode(text="The sub-committee meeting was chaired by the Chief Executive.\n")
    assert quoted(synthesizer, chaired, chief) == [chief.text.strip()]


def test_who_did_something_at_a_dated_meeting_is_not_answered_from_another_meeting(
    embed_model,
):
    """September's minutes say who gave a verbal update in September, not at the October
    meeting a question asks about."""
    synthesizer = ExtractiveSynthesizer(embed_model)
    question = (
        "Who gave the verbal update on the Financial Regulations at the Governance and Audit "
        "Committee on 25 October 2023?"
    )
    minutes = TextNode(
        text="At the Governance and Audit Committee, the General Counsel provided a verbal "
        "update on the Financial Regulations review.",
        metadata={"meeting_date": "2023-09-14", "doc_type": "minutes"},
    )
    assert quoted(synthesizer, question, minutes) == []
    minutes.metadata["meeting_date"] = "2023-10-25"
    assert quoted(synthesizer, question, minutes) == [minutes.text]


def test_a_header_field_naming_another_role_answers_no_question_about_a_role(synthesizer):
    """ "Finance Business Partner: Kevin Jay" does not say who the project manager is."""
    report = TextNode(
        text="The report sets out progress on the levy business case project.\n"
        "Finance Business Partner: Kevin Jay, Finance Manager, 14 August 2024.\n"
    )
    question = "Who is the project manager running the levy business case project?"
    assert quoted(synthesizer, question, report) == []
    report.text = report.text.replace("Finance Business Partner", "Project Manager")
    assert any("Kevin Jay" in q for q in quoted(synthesizer, question, report))


def test_a_weak_sentence_giving_what_a_strict_question_asks_for_answers_above_a_floor(
    embed_model,
):
    """Below the relative floor, the first sentence holding the amount asked for still
    answers, but only down to ``kind_floor`` of the best score: a sum far weaker than the
    sentences about the question is about something else."""
    passage = TextNode(
        text="The review of payment channels for all council services will ensure consistency "
        "for service users.\n\nSeparately, the contact centre budget is £1,385,300 a year."
    )
    question = "How much did the review of payment channels for council services cost?"
    loose = ExtractiveSynthesizer(embed_model, relative_floor=0.99, kind_floor=0.0)
    strict = ExtractiveSynthesizer(embed_model, relative_floor=0.99, kind_floor=0.99)
    assert any("£1,385,300" in q for q in quoted(loose, question, passage))
    assert quoted(strict, question, passage) == []


RISKS = (
    "The external auditor said there were six risks of significant weakness in value for money. "
    "The risk assessment for 2024/25 had identified two new risks of significant weakness, in "
    "addition to those reported last year. The two new risks were 'Procurement controls' and "
    "'Housing repairs backlog'."
)
RISKS_ASKED = (
    "What two new risks of significant weakness did the external auditor identify for 2024/25?"
)


def test_the_best_sentence_is_read_on_to_the_end_of_its_paragraph(embed_model):
    """The sentence closest to the question only says that there were two new risks; the one
    after it, which names them, shares fewer of the question's words. (Weaker sentences
    filling the room left are not read here: ``added_floor`` is the relative floor.)"""
    synthesizer = ExtractiveSynthesizer(embed_model, added_floor=0.75)
    quotes = quoted(synthesizer, RISKS_ASKED, TextNode(text=RISKS, id_="audit"))
    assert quotes[0].startswith("The risk assessment for 2024/25"), quotes
    assert quotes[1].startswith("The two new risks were 'Procurement controls'"), quotes
    assert len(quotes) == 2, quotes  # not the sentence before it


def test_reading_on_stops_at_the_paragraphs_end(synthesizer):
    fee = "The committee noted that the audit fee for the year would rise to £90,000."
    same_line = quoted(synthesizer, RISKS_ASKED, TextNode(text=f"{RISKS} {fee}", id_="audit"))
    next_line = quoted(synthesizer, RISKS_ASKED, TextNode(text=f"{RISKS}\n{fee}", id_="audit"))
    assert fee in same_line, same_line
    assert fee not in next_line, next_line


def test_who_did_something_is_answered_only_by_the_sentence_telling_of_it(embed_model):
    """The warning is recorded without a name; the councillor named next made another point,
    and is no answer to who warned."""
    papers = "a member; members discussed; customer service; community hubs; the borough"
    synthesizer = knowing(embed_model, papers)
    warned = "Which councillor warned that customer service hubs might add to congestion?"
    minutes = (
        "A Member noted that establishing customer service hubs might increase congestion.\n"
        "Councillor Grainger highlighted the potential for local community hubs across the "
        "borough."
    )
    assert quoted(synthesizer, warned, TextNode(text=minutes)) == []
    named = minutes.replace("A Member", "Councillor Hume")
    assert quoted(synthesizer, warned, TextNode(text=named))[0].startswith("Councillor Hume")


def test_who_did_something_is_not_answered_by_someone_named_later_in_the_paragraph(
    embed_model,
):
    """The concern is recorded without a name; the Chairman who replied, in the same
    paragraph, did not raise it."""
    papers = "a local resident; raised concerns; grass cutting; the chairman; the city council"
    synthesizer = knowing(embed_model, papers)
    asked = "Who raised concerns about the reduced grass cutting on Little Sutton Road?"
    minutes = (
        "A local resident raised concerns about the reduced grass cutting service at Little "
        "Sutton Road. The Chairman advised that the City Council is responsible for this service."
    )
    assert quoted(synthesizer, asked, TextNode(text=minutes)) == []
    named = minutes.replace("A local resident", "Mrs Jane Tandy")
    assert quoted(synthesizer, asked, TextNode(text=named))[0].startswith("Mrs Jane Tandy")


INCENTIVE_FUNDS = (
    "Authorised the Executive Director Growth and Regeneration to accept and spend the "
    "Incentive funds.\n"
    "Authorised the Executive Director to procure contracts to deliver the Incentive funds "
    "works.\n"
    "Noted the indicative allocations of the Incentive funds.\n"
    "Authorised the Executive Director to make changes to the Incentive funds programme.\n"
    "Noted the Incentive funds report and its appendices.\n"
    "Councillor Ames thanked officers for the report.\n"
    "The report recommendations were moved by Councillor Plowden and seconded by Councillor "
    "Renhard."
)


def test_who_did_something_is_answered_where_it_is_told_before_closer_sentences(embed_model):
    """Five sentences about the funds are closer to the question than the one telling who
    moved the recommendations; the best names a post, which moved nothing. The sentence
    telling of the moving answers, and comes right after the best."""
    papers = "the report; recommendations; officers; the committee; authorised; noted"
    synthesizer = knowing(embed_model, papers)
    asked = "Who moved the recommendations to accept and spend the Incentive funds?"
    quotes = quoted(synthesizer, asked, TextNode(text=INCENTIVE_FUNDS))
    assert any("moved by Councillor Plowden" in q for q in quotes[:2]), quotes


def test_who_held_a_role_is_answered_only_by_a_sentence_naming_it(embed_model):
    """No one is recorded as Vice-Chairman; a speaker named in another line held no role."""
    papers = "the committee; grant applications; a community grant; the vice-chairman"
    synthesizer = knowing(embed_model, papers)
    asked = "Who was vice-chairman when the committee considered the grant applications?"
    minutes = (
        "Present: Cllr Hodivala (Chairman).\n"
        "The committee considered the community grant applications for the year.\n"
        "Zoe Toft spoke regarding the application from FOLIO for a community grant."
    )
    assert quoted(synthesizer, asked, TextNode(text=minutes)) == []
    named = minutes.replace("Zoe Toft spoke", "Zoe Toft, the Vice-Chairman, spoke")
    assert any("Zoe Toft" in q for q in quoted(synthesizer, asked, TextNode(text=named)))


def test_who_held_a_role_is_not_answered_by_the_closest_sentence_naming_another(embed_model):
    """The sentence closest to the question names a post, but not as the one who gave the
    legal advice; a sign-off naming the role answers."""
    papers = "the review; the resourcing; the finance team; the report; legal advice; solicitor"
    synthesizer = knowing(embed_model, papers)
    asked = "Who provided the legal advice in the report on resourcing the finance team?"
    report = (
        "To note the review of the Head of Paid Service into the resourcing of the finance team.\n"
        "The report sets out the resources needed for the finance team.\n"
    )
    assert quoted(synthesizer, asked, TextNode(text=report)) == []
    signed = report + "Legal advice: Jane Smith, Solicitor.\n"
    assert any("Jane Smith" in q for q in quoted(synthesizer, asked, TextNode(text=signed)))


def test_who_asked_is_answered_by_the_heading_naming_the_asker(embed_model):
    """Public questions are printed under their askers' names; the question quoted names no
    one. A report's header field above a sentence names no one who did anything."""
    papers = "the authority; the mayor; public questions; a response; partners; the report"
    synthesizer = knowing(embed_model, papers)
    forum = (
        "Question 61 – Christina Biggs\n"
        "Has the authority discussed our Platform 1 tram-train idea with the Temple Quarter"
        " project team?\n"
        "Mayor's Response:\nWe are working closely with the Temple Quarter partners.\n"
    )
    asked = "Which member of the public asked whether the authority had discussed the Platform 1"
    asked += " tram-train idea with the Temple Quarter project team?"
    quotes = quoted(synthesizer, asked, TextNode(text=forum))
    assert quotes and quotes[0] == "Question 61 – Christina Biggs", quotes
    assert quotes[1].startswith("Has the authority discussed"), quotes
    field = forum.replace("Question 61 – Christina Biggs", "Executive Director lead: John Smith")
    assert not any("John Smith" in q for q in quoted(synthesizer, asked, TextNode(text=field)))
    # the question asked may open with what led to it: its asker is still the heading above
    preamble = forum.replace(
        "Has the authority",
        "The station is busy at peak times. Partners are planning the quarter. Has the authority",
    )
    quotes = quoted(synthesizer, asked, TextNode(text=preamble))
    assert "Question 61 – Christina Biggs" in quotes, quotes
    # an agenda item's heading names a place after its dash, not who asked
    item = forum.replace("Question 61 – Christina Biggs", "11 City centre – Redcliffe Roundabout")
    assert not any("Redcliffe" in q for q in quoted(synthesizer, asked, TextNode(text=item)))


def test_an_askers_heading_names_no_one_who_advised_nor_who_answered(embed_model):
    """The heading names who asked the question under it: not who advised the one answering,
    whether the sentence quoted is the question or the answer after it. Asked who asked, a
    heading giving initials and a surname of common words ("CJ Lamb") answers."""
    papers = "the authority; the mayor; public questions; a response; operators; do you accept"
    synthesizer = knowing(embed_model, papers + "; lamb")  # a word, so no name by itself
    forum = (
        "Question 65 – Elaine Workman\n"
        "Do you accept that the authority has been giving operators obsolete ticket machines?\n\n"
        "Mayor’s Response:\nThe authority provided ticket machines to smaller operators."
        " These machines are older but, I am advised, remain supported by the supplier.\n"
    )
    asked = "Who advised the Mayor that the older ticket machines given to operators are still"
    asked += " supported by the supplier?"
    assert quoted(synthesizer, asked, TextNode(text=forum)) == []
    # "I am advised" tells that someone advised, and not who: a firm the question names did not
    named = forum.replace("giving operators", "giving Lemonbus")
    assert quoted(synthesizer, asked, TextNode(text=named)) == []
    lamb = forum.replace("Elaine Workman", "CJ Lamb")
    asked = "Who asked whether the authority has been giving operators obsolete ticket machines?"
    assert "Question 65 – CJ Lamb" in quoted(synthesizer, asked, TextNode(text=lamb))


def test_who_presented_a_report_is_who_introduced_it(embed_model):
    """Minutes say who introduced a report; "the initial presentation of the findings" tells
    of a presentation and names no one, so it does not make the introduction no answer."""
    papers = "the committee; the report; good progress; an update; external audit; the findings"
    synthesizer = knowing(embed_model, papers)
    asked = "Who presented the external audit progress report to the committee?"
    minutes = (
        "Good progress has been made since the initial presentation of the findings to the"
        " committee.\n"
        "Mr Parris Williams introduced the report which provided an update on the progress of"
        " external audit work.\n"
    )
    quotes = quoted(synthesizer, asked, TextNode(text=minutes))
    assert any("Parris Williams" in q for q in quotes[:2]), quotes


def test_who_voted_is_answered_only_by_a_vote_naming_them(embed_model):
    """The vote was not recorded by name: no councillor the minutes name voted against, however
    close to the question the sentence naming them is."""
    papers = "the committee; the amendment; the recommendation; the business case; the meeting"
    synthesizer = knowing(embed_model, papers)
    asked = "Which councillor voted against the amendment on the Bond Street business case?"
    minutes = (
        "Councillor Morris left the meeting during the Bond Street business case.\n"
        "An amendment was moved by Councillor Coombes as follows:\n"
        "Amend recommendation 1 to remove the new bus gate on Newfoundland Way.\n"
        "On being put to the vote the amendment FELL with 2 voting FOR and 7 AGAINST.\n"
    )
    assert quoted(synthesizer, asked, TextNode(text=minutes)) == []
    # nor when the minutes give no vote at all
    fell = minutes.replace("On being put to the vote the amendment FELL", "The amendment FELL")
    assert quoted(synthesizer, asked, TextNode(text=fell.split(" with 2")[0] + ".")) == []
    recorded = minutes.replace("7 AGAINST.", "7 AGAINST. Councillor Ames voted against it.")
    assert any("Councillor Ames" in q for q in quoted(synthesizer, asked, TextNode(text=recorded)))


SECONDED = (
    "The Committee considered a report on the proposed Regional Cycling Hub at Lawrence Weston.\n"
    "Councillor Ames thanked officers for the update on the cycle centre.\n"
    "The recommendations were moved by Councillor Plowden and seconded by Councillor Alexander."
)


def test_who_did_something_may_be_named_where_the_deed_is_told(embed_model):
    """The sentence telling who seconded is less like the question than the one about the
    report, and still answers it, because it tells of the seconding; asked which officer did
    something, the post that did it answers."""
    papers = "the committee; a report; the recommendations; officers; the general counsel"
    synthesizer = knowing(embed_model, papers)
    asked = "Who seconded the recommendations on the Regional Cycling Hub at Lawrence Weston?"
    quotes = quoted(synthesizer, asked, TextNode(text=SECONDED))
    assert any("seconded by Councillor Alexander" in q for q in quotes), quotes
    update = "The General Counsel provided a verbal update on the revised timeline for the AGS."
    officer = "Which officer gave the verbal update on the revised timeline for the AGS?"
    assert quoted(synthesizer, officer, TextNode(text=update)) == [update]


@pytest.mark.parametrize(
    ("question", "sentence", "tells"),
    [
        ("Who won the lido contract?", "Corvane Ltd bid a contract price of £7.3m.", True),
        ("Who won the lido contract?", "Councillor Ames won the vote on the lido.", False),
        ("Who gave the presentation?", "Mr Ray presented the findings.", True),
        ("Who seconded it?", "Councillor Ray seconded the amendment.", True),
        ("Who seconded it?", "Councillor Ray moved the amendment.", False),
        ("Who was vice-chairman?", "Cllr Lee (Vice-Chairman) spoke.", True),
        ("Who was vice-chairman?", "Zoe Toft spoke on the grant.", False),
        ("Who leads the debt group?", "The Board is chaired by the Deputy Director.", True),
    ],
)
def test_the_deed_is_told_by_its_verb_or_by_what_a_light_verb_takes(question, sentence, tells):
    """ "Won" and "gave" name no deed the papers write down; what was won or given does. A
    role asked about is told by its name."""
    tokenize = Tokenizer()
    profile = QuestionProfile.build(question, tokenize)
    assert profile.tells_deed_or_role(sentence, frozenset(tokenize(sentence))) is tells


@pytest.mark.parametrize(
    ("question", "deed", "post", "roles"),
    [
        ("Who seconded the amendment?", "seconded", True, False),
        ("On 15 May 2025, who was going to send members the figures?", "send", True, False),
        ("Which councillor warned of congestion?", "warned", False, False),
        ("Which officer gave the verbal update?", "update", True, False),
        ("Who won the lido contract and at what price?", "contract", True, False),
        ("Who carried out the first study, and when?", "study", True, False),
        ("Which member of the public asked about trams?", "asked", False, False),
        ("Which member of Kent's Audit and Risk Committee asked?", "asked", False, False),
        ("Which member of staff asked about trams?", "", False, False),
        ("Who is the S73 Officer who is to be consulted?", "", False, False),
        ("Who was in the chair?", "", False, True),
        ("Who gave the legal advice on the report?", "", True, True),
        ("Who signed off the finance comments?", "", True, True),
        # a post after the deed is whom it was done to, unless it is the capacity it was done in
        ("Which councillor thanked the town clerks for their work?", "thanked", False, False),
        ("Which officer attended the committee as Director of Place?", "", False, True),
        # a name after "who is" is no deed
        ("Who is Gloucester's Section 151 Officer?", "", False, False),
        # asked the name of the officer who did something, which officer did it
        (
            "What is the name of the officer who took the programme to committee?",
            "programme",
            True,
            False,
        ),
        ("What is the name of the Road Safety Group Manager who introduced it?", "", False, True),
    ],
)
def test_a_who_question_asks_who_did_something_or_who_held_a_role(question, deed, post, roles):
    """A deed ("seconded") is asked about by the word after "who" and its auxiliaries, or by
    what a light verb ("gave", "won") takes; a role held ("the chair", "the legal advice")
    makes no deed, nor does "who is the ..." or a who-phrase the regex cannot see past ("member
    of staff", unlike "member of the public" or of a named body). Only a councillor or member
    asked for is not answered by a post."""
    kind = AnswerKind.of(question)
    assert (kind.deed, kind.post, bool(kind.roles)) == (deed, post, roles)


def test_a_decision_at_the_end_of_an_item_is_on_what_the_item_opened_with(synthesizer):
    """Minutes name what an item is about where it opens, and decide it at the end:
    "resolved to defer the proposal" is the decision on the memory café, two sentences on."""
    item = TextNode(
        text="61 Hope for Sutton Project\n\nThe Town Clerk presented the proposal from St James "
        "Church for the Hope for Sutton Project, Memory Café. The proposal is for activities "
        "and trips for people with dementia.\nCommittee noted that a strategy on social "
        "inclusion is being developed.\n\nCommittee resolved to defer the proposal so that it "
        "can be considered alongside the strategy.",
        metadata={"doc_type": "minutes"},
    )
    question = "Did the committee approve the St James Church memory café proposal?"
    assert any("resolved to defer" in q for q in quoted(synthesizer, question, item))


def test_a_table_rows_outcome_answers_when_read_about_the_row_a_second_time(synthesizer):
    """The closing cells "Vesey £600 Approved.", in the next passage, are first read after the
    row's sentence that does not name the events asked about, then after the one that does:
    it is the same sentence, and it answers."""
    description = minutes(
        "St Peters\nChurch –\nManey\nFunding for two ‘Maney in Bloom’ events. St Peters Church "
        "Maney's committee for green issues applied to take part in the Sutton Coldfield in "
        "Bloom bid by tidying the churchyard.",
        20,
    )
    cells = minutes("Vesey\n£600\n\nApproved.\nThe Committee then moved on.", 21)
    question = (
        "Did the committee approve St Peters Church Maney's application for two 'Maney in "
        "Bloom' events, and how much was it for?"
    )
    quotes = quoted(synthesizer, question, description, cells)
    assert "Vesey\n£600\n\nApproved." in quotes, quotes


def test_a_name_the_question_spells_out_is_found_by_its_acronym(synthesizer):
    """Papers shorten a name after first use: a passage on "CIL funding" is about the
    Community Infrastructure Levy, and holds the count of posts asked for."""
    minute = TextNode(
        text="The impact on residents where projects from CIL funding had not been delivered "
        "was highlighted as a risk. Officers confirmed the recruitment to two posts tasked with "
        "progressing the implementation of projects.",
        metadata={"council": "Bristol City Council", "doc_type": "minutes"},
    )
    question = (
        "How many posts was Bristol recruiting to move forward projects paid for from the "
        "Community Infrastructure Levy?"
    )
    assert any("two posts" in q for q in quoted(synthesizer, question, minute))


def test_when_something_will_happen_is_not_answered_by_a_time_already_past(synthesizer):
    """Minuted on 13 March, an event "initially scheduled for the 3rd March but cancelled" has
    no date still to come; asked when it was due, the paper's past date answers."""
    minute = TextNode(
        text="Cllr Mosson provided an update on the networking event initially scheduled for the "
        "3rd March but cancelled due to poor weather.",
        metadata={"meeting_date": "2018-03-13", "doc_type": "minutes"},
    )
    assert quoted(synthesizer, "When will the rescheduled networking event be held?", minute) == []
    asked_when_due = quoted(synthesizer, "When was the networking event due to be held?", minute)
    assert any("3rd March" in q for q in asked_when_due)
    minute.metadata["meeting_date"] = "2018-02-13"  # written before the day
    assert quoted(synthesizer, "When will the rescheduled networking event be held?", minute)


def test_a_time_already_past_answers_nothing_when_read_before_a_sentence_referring_back(
    synthesizer,
):
    """ "This re-tendered service..." brings the sentence it refers back to, "In January 2023,
    the MCA re-tendered the contract": a time past in a paper of 2026, no answer to when the
    next contract will be awarded, however it comes to be quoted."""
    report = TextNode(
        text="In January 2023, the MCA re-tendered the micromobility concession contract with "
        "e-bike rental services added to the scope. This re-tendered micromobility service was "
        "defined as the Integrated Micromobility Service contract.",
        metadata={"meeting_date": "2026-03-27", "doc_type": "report"},
    )
    question = "When will the next Integrated Micromobility Service contract be awarded?"
    assert quoted(synthesizer, question, report) == []
    report.metadata["meeting_date"] = "2022-11-10"  # written before the re-tender
    assert any("January 2023" in q for q in quoted(synthesizer, question, report))


def test_when_something_was_done_is_not_answered_by_the_date_of_another_deed(synthesizer):
    """Asked when Full Council passed the budget amendment, a date on which it passed a
    resolution about the report does not answer; the date the amendment passed does."""
    report = TextNode(
        text="In November 2021 Full Council passed a resolution to summarise the levy report and "
        "bring it before Full Council. Nottingham City Council were commissioned to carry out "
        "the feasibility study. The Green Party proposed a full council budget amendment that "
        "was passed to fund an updated levy report.",
        metadata={"meeting_date": "2024-09-12", "doc_type": "report"},
    )
    question = "When did Full Council pass the Green Party budget amendment that funded the report?"
    assert quoted(synthesizer, question, report) == []
    report.text = report.text.replace("resolution to", "budget amendment to")
    assert any("November 2021" in q for q in quoted(synthesizer, question, report))


def test_counts_beside_the_categories_a_question_lists_count_what_it_asks(synthesizer):
    """ "How many of the summaries gave Limited, Adequate and Substantial assurance?" is
    answered by "five 'Limited', three 'Adequate' and two 'Substantial' assurance reports",
    though no count sits beside "summaries"; a count beside nothing asked does not answer."""
    minute = TextNode(
        text="Internal Audit provided a brief overview of each audit summary to the committee. "
        "There were five 'Limited', three 'Adequate' and two 'Substantial' assurance reports.",
        metadata={"meeting_date": "2023-09-14", "doc_type": "minutes"},
    )
    question = (
        "How many of the internal audit summaries gave Limited, Adequate and Substantial assurance?"
    )
    assert any("five 'Limited'" in q for q in quoted(synthesizer, question, minute))
    minute.text = minute.text.replace("'Limited', three 'Adequate' and two 'Substantial'", "new")
    assert quoted(synthesizer, question, minute) == []


def test_a_year_asked_about_may_date_a_paper_that_never_names_its_council(synthesizer):
    """An undated update that names no council says "August 2022" in one passage only: the
    question about "the August 2022 update" is answered from its other passages too."""
    ref = RelatedNodeInfo(node_id="improvement-plan")
    dating = TextNode(
        text="To consider the progress of the Improvement Plan up to 4 August 2022.",
        metadata={"title": "Improvement Plan Progress"},
        relationships={NodeRelationship.SOURCE: ref},
    )
    answering = TextNode(
        text="A refresh of the corporate parenting strategy was due in September.",
        metadata={"title": "Improvement Plan Progress"},
        relationships={NodeRelationship.SOURCE: ref},
    )
    question = (
        "When was the refresh of the corporate parenting strategy due, according to the "
        "August 2022 Improvement Plan update?"
    )
    assert any("September" in q for q in quoted(synthesizer, question, dating, answering))
    answering.relationships = {NodeRelationship.SOURCE: RelatedNodeInfo(node_id="another")}
    assert quoted(synthesizer, question, dating, answering) == []


def test_a_paper_that_never_names_its_council_names_it_in_another_passage(synthesizer):
    """An action plan whose council is unknown says "Bexley" in one passage and not in the
    next: the question naming Bexley is answered from either."""
    plan = "Recommendations and Action Plan arising from the Finance Peer Challenge"
    ref = RelatedNodeInfo(node_id="action-plan")
    naming = TextNode(
        text="Bexley's Transformation programme is closely aligned with the medium term "
        "financial strategy.",
        metadata={"title": plan},
        relationships={NodeRelationship.SOURCE: ref},
    )
    answering = TextNode(
        text="We have started new transformation activity with five key programmes and will "
        "develop more programmes over the period of the strategy.",
        metadata={"title": plan},
        relationships={NodeRelationship.SOURCE: ref},
    )
    question = "How many key programmes did Bexley start its new transformation activity with?"
    assert any("five key programmes" in q for q in quoted(synthesizer, question, naming, answering))
    alone = RelatedNodeInfo(node_id="another-paper")
    answering.relationships = {NodeRelationship.SOURCE: alone}
    assert quoted(synthesizer, question, naming, answering) == []


def test_the_chair_of_another_body_is_no_answer_to_who_chairs_the_one_asked_about(synthesizer):
    """The minutes' own chair, or a task group's, does not chair the partnership asked about:
    its name must be in the sentence, its context or the paper's committee."""
    minute = TextNode(
        text="Councillors: Ed Plowden (Chair), Graham Morris (Vice-Chair), Rob Bryher.\n\n"
        "Road Safety Task and Finish Group closure report\nThe Chair of the Group, Councillor "
        "Wilcox, introduced the report. The Regional Road Safety Partnership is finalising its "
        "terms of reference.",
        metadata={
            "council": "Bristol City Council",
            "committee": "Transport and Connectivity Policy Committee",
            "doc_type": "minutes",
            "context": "Minutes of the Transport and Connectivity Policy Committee",
        },
    )
    asked = "Who chairs the Regional Road Safety Partnership?"
    assert quoted(synthesizer, asked, minute) == []
    group = quoted(synthesizer, "Who chaired the Road Safety Task and Finish Group?", minute)
    assert any("Wilcox" in q for q in group), group
    committee = quoted(
        synthesizer, "Who chairs the Transport and Connectivity Policy Committee?", minute
    )
    assert any("Ed Plowden (Chair)" in q for q in committee), committee


def test_a_decision_of_another_body_is_no_answer_to_whether_the_one_asked_about_decided(
    synthesizer,
):
    """The combined authority's committee approving a re-baseline and its submission to the
    DfT is no approval by the DfT's Change Board; the committee named in the paper's header
    decided, however its name is shortened ("Bristol's Transport and Connectivity
    Committee")."""
    minute = TextNode(
        text="Approved the CRSTS Programme re-baseline delivery plan and the submission of a "
        "programme level change request to the Department for Transport.",
        metadata={
            "council": "West of England Combined Authority",
            "committee": "Transport and Connectivity Committee",
            "doc_type": "minutes",
            "context": "West of England Combined Authority · Transport and Connectivity "
            "Committee · Minutes",
        },
    )
    board = "Did the Department for Transport's Change Board approve the CRSTS re-baseline?"
    assert quoted(synthesizer, board, minute) == []
    committee = "Did the Transport and Connectivity Committee approve the CRSTS re-baseline?"
    assert any("re-baseline" in q for q in quoted(synthesizer, committee, minute))


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("Has Bexley's Public Cabinet approved the corporate plan?", {"public", "cabinet"}),
        ("Did Kent's Governance and Audit Committee endorse the policy?", {"govern", "audit"}),
        ("Did Sutton Coldfield's Amenities committee approve it?", {"amen"}),
        # a council, or a place, is no body judged this way (``assistant.council_scope``)
        ("Did Kent County Council approve the changes?", set()),
        ("Did Bristol agree to trial coloured surfacing?", set()),
        ("Did the committee approve the bid?", set()),
    ],
)
def test_the_body_whose_decision_is_asked_about(question, body):
    profile = QuestionProfile.build(question, Tokenizer(), councils=["Bristol City Council"])
    assert profile.body == body


def test_a_phrase_the_question_spells_out_in_lower_case_is_found_by_its_initials(synthesizer):
    """A "full business case" is an FBC in the delegated decisions table."""
    row = TextNode(
        text="16/01/2026 Muller Road Phase 2. Approved the delay of FBC submission from July 2025 "
        "to June 2026.",
        metadata={"council": "West of England Combined Authority", "doc_type": "report"},
    )
    question = (
        "What was decided in January 2026 about when the Muller Road Phase 2 full business "
        "case would be submitted?"
    )
    assert any("June 2026" in q for q in quoted(synthesizer, question, row))


def test_the_council_asked_about_is_not_half_of_the_names_a_passage_must_hold(synthesizer):
    """Every Bristol paper is Bristol's: a passage on the "Bristol Zone" travel pass holds one
    of the three words of the Clean Air Zone, which is not half of them."""
    passage = TextNode(
        text="First Bus charges £841 a year for a Bristol Zone travel pass for vans' drivers.",
        metadata={"council": "Bristol City Council", "doc_type": "report"},
    )
    question = "How much is Bristol's Clean Air Zone daily charge for vans?"
    assert quoted(synthesizer, question, passage) == []
    passage.text = "The Clean Air Zone daily charge for vans is £9."
    assert quoted(synthesizer, question, passage) != []


def test_asked_for_a_sum_each_year_a_total_is_no_answer(synthesizer):
    """A total since 2012 is not what the levy raises each year; a sum "every year" may be
    told in the sentence before the figure. (Nottingham's Workplace Parking Levy is the WPL,
    not an NWPL.)"""
    paper = {"council": "Bristol City Council", "doc_type": "report"}
    total = TextNode(
        text="Nottingham’s Workplace Parking Levy has been operational since 2012 and £83 million "
        "revenue has been generated.",
        metadata=paper,
    )
    question = "How much money does Nottingham's Workplace Parking Levy bring in each year?"
    assert quoted(synthesizer, question, total) == []
    yearly = TextNode(
        text="Nottingham’s WPL has been operational since 2012. Every year it generates revenue "
        "for transport. In 2023 that revenue was £11 million.",
        metadata=paper,
    )
    assert any("£11 million" in q for q in quoted(synthesizer, question, yearly))


def test_an_amount_due_to_another_cause_is_no_answer(synthesizer):
    """Asked what a laptop theft cost, a loss "due to" overpaid direct payments is another
    loss; one due to the theft answers."""
    update = TextNode(
        text="A laptop was stolen by a former member of staff. There has been a potential loss "
        "of £290,284 due to a build-up of unspent direct payment funds.",
        metadata={"council": "Kent County Council", "doc_type": "report"},
    )
    question = "How much did Kent lose when a former member of staff stole a laptop?"
    assert quoted(synthesizer, question, update) == []
    update.text = (
        "There has been a loss of £1,200 due to a laptop being stolen by a former member of staff."
    )
    assert any("£1,200" in q for q in quoted(synthesizer, question, update))


def test_weaker_sentences_fill_the_room_an_answer_leaves_but_never_make_one(embed_model):
    """Past the sentences that answer, weaker ones down to ``added_floor`` fill the room
    left; they are never what answers a question that asks for an amount."""
    review = TextNode(
        text="The library review proposed closing two branch libraries. "
        "Residents objected to the library closures at three public meetings. "
        "The mobile library will visit the affected villages weekly.",
        metadata={"doc_type": "report"},
    )
    question = "What did residents say about the library closures?"
    narrow = ExtractiveSynthesizer(embed_model, relative_floor=0.99, added_floor=0.99)
    filled = ExtractiveSynthesizer(embed_model, relative_floor=0.99, added_floor=0.1)
    direct = quoted(narrow, question, review)
    assert direct and len(quoted(filled, question, review)) > len(direct)
    assert quoted(filled, question, review)[: len(direct)] == direct
    # asked how much, a sum in a sentence too weak to answer (0.47 < 0.5), in a paragraph of
    # its own, does not answer
    priced = ExtractiveSynthesizer(embed_model, min_score=0.5, relative_floor=0.99, added_floor=0.1)
    review.text = (
        "The consultation on the library closures ran for twelve weeks. Residents objected to "
        "the library closures at three public meetings. The mobile library will visit the "
        "affected villages weekly.\n\nLeaflets for it were printed at a cost of £500."
    )
    assert quoted(priced, "How much did the library closures consultation cost?", review) == []


def test_a_sentence_whose_other_words_are_all_said_still_gives_its_own_count(synthesizer):
    """Every word of "The Counter Fraud Team have received nine referrals within this reporting
    period" but its count is in the sentences before it: the count is what it adds."""
    update = TextNode(
        text="There were 174 irregularity referrals received for the reporting period. "
        "The Counter Fraud Team have supported checks on destitute families within it. "
        "The Counter Fraud Team have received nine referrals within this reporting period.",
        metadata={"council": "Kent County Council", "doc_type": "report"},
    )
    question = "How many referrals did the Counter Fraud Team get to check destitute families?"
    assert any("nine referrals" in q for q in quoted(synthesizer, question, update))
