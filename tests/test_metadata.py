"""Metadata and parts read from a paper's own text: title, council, committee, date, type,
classification, and the papers inside an agenda pack with their agenda items."""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import pytest

from ingest.cleaning import CleanText, clean_pages
from ingest.loaders import Page, load_file
from ingest.metadata import DOC_TYPES, DocumentMetadata, Part, analyse_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}"
)

KENT = "Kent County Council"
KENT_GA = "Governance and Audit Committee"
BROMLEY = "London Borough of Bromley"
BROMLEY_IE = "Improvement and Efficiency Sub-Committee"
BRISTOL = "Bristol City Council"
BRISTOL_TC = "Transport and Connectivity Policy Committee"
WECA = "West of England Combined Authority"

SEEDS = {
    "000_dd89d24bcf457004": (
        # The statement is signed "10 December 2024" at the foot of its body, outside the
        # heading zone; no meeting is named, so the date stays empty rather than guessed.
        DocumentMetadata(
            title="Annual Governance Statement 2022 to 2023",
            council="London Borough of Bexley",
            committee="",
            meeting_date="",
            doc_type="governance statement",
            classification="public",
        ),
        [("Annual Governance Statement 2022 to 2023", "governance statement", "public", "", "")],
    ),
    "001_8f26e6d260330292": (
        # "Bexley" appears only as a place ("children in Bexley"): the council is never named.
        # The peer challenge dates (21 to 24 January 2025) are not the paper's date.
        DocumentMetadata(
            title="Recommendations and Action Plan arising from the LGA Finance Peer "
            "Challenge 21 to 24 January 2025",
            council="",
            committee="",
            meeting_date="",
            doc_type="action plan",
            classification="public",
        ),
        [
            (
                "Recommendations and Action Plan arising from the LGA Finance Peer "
                "Challenge 21 to 24 January 2025",
                "action plan",
                "public",
                "",
                "",
            )
        ],
    ),
    "002_1f87ef84fb8f7cad": (
        DocumentMetadata(
            title="Agenda",
            council=KENT,
            committee=KENT_GA,
            meeting_date="2023-10-25",
            doc_type="agenda",
            classification="public",
        ),
        [
            ("Agenda", "agenda", "public", "", "2023-10-25"),
            # The minutes record the meeting of 14 September, not the pack's.
            (
                "MINUTES of a meeting of the Governance and Audit Committee",
                "minutes",
                "public",
                "4",
                "2023-09-14",
            ),
            (
                "Progress Update against Internal Audit Reports CA07-2023 (Procurement) and "
                "RB21-2023 (Contract Extensions)",
                "report",
                "public",
                "5",
                "2023-10-25",
            ),
            ("COUNTER FRAUD UPDATE", "report", "public", "6", "2023-10-25"),
            ("KCC Annual Customer Feedback Report 2022/23", "report", "public", "8", "2023-10-25"),
            # Its header says "Date: 3rd October 2023", but it is presented on 25 October.
            (
                "Report on use of covert investigative techniques surveillance, covert human "
                "intelligence source and telecommunications data requests carried out by KCC "
                "between 1 April 2022 – 31 March 2023",
                "report",
                "public",
                "9",
                "2023-10-25",
            ),
            ("Governance Review", "report", "public", "10", "2023-10-25"),
        ],
    ),
    "003_dfb043910044c6ac": (
        # No council and no meeting date are stated; the minute calls its body "the Board"
        # and names it in full once, in the resolution.
        DocumentMetadata(
            title="Improvement Plan Progress",
            council="",
            committee="Budget and Corporate Scrutiny Management Board",
            meeting_date="",
            doc_type="minutes",
            classification="public",
        ),
        [("Improvement Plan Progress", "minutes", "public", "", "")],
    ),
    "004_adab439f4255c67e": (
        # The front sheet's "DATE: 20 May 2010" is when it was sent; the meeting is 1 June.
        DocumentMetadata(
            title="Agenda",
            council=BROMLEY,
            committee=BROMLEY_IE,
            meeting_date="2010-06-01",
            doc_type="agenda",
            classification="public",
        ),
        [
            ("Agenda", "agenda", "public", "", "2010-06-01"),
            (
                "Minutes of the meeting held on 11 February 2010",
                "minutes",
                "public",
                "5",
                "2010-02-11",
            ),
            ("MATTERS ARISING FROM PREVIOUS MEETINGS", "report", "public", "6", "2010-06-01"),
            (
                "LONDON EFFICIENCY CHALLENGE FEEDBACK AND ACTION PLAN",
                "report",
                "public",
                "7",
                "2010-06-01",
            ),
            ("ORGANISATIONAL IMPROVEMENT PROGRAMME UPDATE", "report", "public", "8", "2010-06-01"),
            ("PARTNERSHIP WORKING - WEB DEVELOPMENT", "report", "public", "10", "2010-06-01"),
            ("ALIGNING POLICY & FINANCE", "report", "public", "11", "2010-06-01"),
            # "Agenda Item 13 / Document is Restricted": the agenda names what it is.
            (
                "EXEMPT MINUTES OF THE MEETING HELD ON 11TH FEBRUARY 2010",
                "minutes",
                "exempt",
                "13",
                "2010-02-11",
            ),
        ],
    ),
}

# name: (title, council, committee, meeting_date, doc_type); each is one public paper.
REAL = {
    "real-01": (
        "Resource Requirements for GCC Finance Team",
        "Gloucester City Council",  # named in the body; its contact is @gloucester.gov.uk
        "Cabinet",
        "2026-03-11",
        "report",
    ),
    "real-03": (
        "Workplace Parking Levy",
        BRISTOL,  # named in the body beside Nottingham City Council; links democracy.bristol.gov.uk
        "Transport and Connectivity Committee",
        "2024-09-12",
        "report",
    ),
    # A decision form that names no council at all (only a bristol.gov.uk address).
    "real-04": ("Decision Recording Form", "", BRISTOL_TC, "2024-09-12", "decision"),
    # Bristol City Council is named only in the body, beside Nottingham City Council, with no
    # heading or contact address to say which one wrote it: left empty, not guessed.
    "real-05": (
        "Workplace Parking Levy Update",
        "",
        "Transport and Connectivity Committee",
        "2026-03-19",
        "report",
    ),
    # A forward plan has no meeting: its date is the date it was published.
    "real-06": ("Forward plan", BRISTOL, BRISTOL_TC, "2026-01-20", "forward plan"),
    "real-07": (
        "Minutes of the Transport and Connectivity Policy Committee",
        BRISTOL,
        BRISTOL_TC,
        "2024-09-12",
        "minutes",
    ),
    "real-08": (
        "Minutes of the Transport & Connectivity Policy Committee",
        BRISTOL,
        BRISTOL_TC,
        "2026-03-19",
        "minutes",
    ),
    "real-09": (
        "Minutes of the Transport & Connectivity Policy Committee",
        BRISTOL,
        BRISTOL_TC,
        "2025-05-15",
        "minutes",
    ),
    "real-10": (
        "Public Questions and Mayor’s Responses",
        WECA,
        "West of England Combined Authority Committee and West of England Joint Committee",
        "2026-03-27",
        "questions",
    ),
    "real-11": (
        "TRANSPORT",
        WECA,
        "West of England Combined Authority Committee",
        "2026-03-27",
        "report",
    ),
    # The town council is only ever "the Town Council"; Birmingham City Council is mentioned
    # as the body responsible for grass cutting. The committee comes from the running header.
    "real-12": (
        "Amenities, Leisure and Community Services",
        "",
        "Amenities, Leisure and Community Services",
        "2018-03-13",
        "minutes",
    ),
}


def clean_text(text: str) -> CleanText:
    return clean_pages([Page(0, text)], wrapped=False)


def analyse_text(text: str) -> tuple[DocumentMetadata, list[Part]]:
    return analyse_document(clean_text(text))


@cache
def cleaned(relative: str) -> CleanText:
    loaded = load_file(CORPUS / relative)
    return clean_pages(loaded.pages, wrapped=loaded.paginated)


def part_summary(parts: list[Part]) -> list[tuple[str, str, str, str, str]]:
    return [(p.title, p.doc_type, p.classification, p.agenda_item, p.meeting_date) for p in parts]


def assert_parts_cover(clean: CleanText, parts: list[Part]) -> None:
    assert parts[0].start == 0 and parts[-1].end == len(clean.text)
    assert all(a.end == b.start and a.start < a.end for a, b in itertools.pairwise(parts))
    assert all(p.doc_type in (*DOC_TYPES, "") for p in parts)


SEED_FORMS = [pytest.param(f"seeds/{stem}.txt", stem, id=f"{stem}-txt") for stem in SEEDS] + [
    # The PDFs are the same papers re-wrapped and paginated: every value must agree.
    pytest.param(f"pdf/{stem}.pdf", stem, id=f"{stem}-pdf", marks=pytest.mark.slow)
    for stem in SEEDS
]


@needs_corpus
@pytest.mark.parametrize(("relative", "stem"), SEED_FORMS)
def test_seed_papers_give_the_document_metadata_their_text_states(relative, stem):
    doc, _ = analyse_document(cleaned(relative))
    assert doc == SEEDS[stem][0]


@needs_corpus
@pytest.mark.parametrize(("relative", "stem"), SEED_FORMS)
def test_seed_papers_split_into_their_papers_with_agenda_items(relative, stem):
    clean = cleaned(relative)
    _, parts = analyse_document(clean)
    assert part_summary(parts) == SEEDS[stem][1]
    assert_parts_cover(clean, parts)


@needs_corpus
@pytest.mark.parametrize(
    "relative", ["seeds/002_1f87ef84fb8f7cad.txt", "seeds/004_adab439f4255c67e.txt"]
)
def test_papers_in_a_pack_carry_the_packs_council_and_committee(relative):
    doc, parts = analyse_document(cleaned(relative))
    assert {(p.council, p.committee) for p in parts} == {(doc.council, doc.committee)}


@needs_corpus
def test_kent_agenda_titles_are_the_front_sheets_wording():
    _, parts = analyse_document(cleaned("seeds/002_1f87ef84fb8f7cad.txt"))
    assert [p.agenda_item_title for p in parts[1:]] == [
        "Minutes of the meeting held on 14 September 2023",
        "Internal Audit Progress Report Procurement & Contract Extension",
        "Counter Fraud Progress Report",
        "Annual Customer Feedback Report 2022/23",
        "Covert Enforcement Techniques Activity 2022-23",
        "External Audit Governance Review",
    ]


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_council_pdfs_give_the_metadata_their_text_states(name):
    clean = cleaned(f"real/{name}.pdf")
    doc, parts = analyse_document(clean)
    title, council, committee, meeting_date, doc_type = REAL[name]
    assert doc == DocumentMetadata(title, council, committee, meeting_date, doc_type, "public")
    assert [(p.title, p.council, p.committee, p.meeting_date, p.doc_type) for p in parts] == [
        (title, council, committee, meeting_date, doc_type)
    ]
    assert_parts_cover(clean, parts)


PACK_WITH_PART_2_TWIN = """EASTMERE BOROUGH COUNCIL
CABINET
Tuesday, 4th March, 2025
AGENDA
1. Apologies for Absence
2. Minutes of the meeting held on 4 February 2025 (Pages 1 - 4)
3. Depot Redevelopment (Pages 5 - 12)
4. Exclusion of the Press and Public
The Chair to move that the press and public be excluded for the following item, as it is \
likely that exempt information as defined in paragraph 3 of Part 1 of Schedule 12A would \
be disclosed.
5. Depot Redevelopment - Part 2 (Pages 13 - 16)

EASTMERE BOROUGH COUNCIL
CABINET
MINUTES of a meeting of the Cabinet held in the Council Chamber, Town Hall, Eastmere on \
Tuesday, 4 February 2025.
PRESENT: Councillor Hale (Chair), Councillors Amis, Brook and Carr
41. Apologies
None.
42. Budget Monitoring
The Cabinet noted the quarter three position and agreed to consider the depot in private.
RESOLVED to note the report.

Report to: Cabinet
Date: 4 March 2025
Subject: Depot Redevelopment
Classification: Open
1. Summary
1.1 This report seeks approval to redevelop the Mill Lane depot. The tender prices are set \
out in the Part 2 report on this agenda, which is not for publication.
1.2 Eleven bids were received and the scheme is within budget.

Agenda Item 5
NOT FOR PUBLICATION
This report is exempt by virtue of paragraph 3 of Part 1 of Schedule 12A of the Local \
Government Act 1972.
Report to: Cabinet
Date: 4 March 2025
Subject: Depot Redevelopment - Part 2
1. Tender prices
1.1 The preferred bidder's price was £4.2m, against an estimate of £4.6m.
"""


def test_a_part_2_report_is_exempt_but_its_public_twin_and_the_pack_are_not():
    doc, parts = analyse_text(PACK_WITH_PART_2_TWIN)
    assert part_summary(parts) == [
        ("Agenda", "agenda", "public", "", "2025-03-04"),
        ("MINUTES of a meeting of the Cabinet", "minutes", "public", "2", "2025-02-04"),
        ("Depot Redevelopment", "report", "public", "3", "2025-03-04"),
        ("Depot Redevelopment - Part 2", "report", "exempt", "5", "2025-03-04"),
    ]
    assert doc == DocumentMetadata(
        "Agenda", "Eastmere Borough Council", "Cabinet", "2025-03-04", "agenda", "public"
    )


def test_the_exempt_papers_text_stays_inside_the_exempt_part():
    text = clean_text(PACK_WITH_PART_2_TWIN).text
    _, parts = analyse_text(PACK_WITH_PART_2_TWIN)
    public = "".join(text[p.start : p.end] for p in parts if p.classification == "public")
    exempt = "".join(text[p.start : p.end] for p in parts if p.classification == "exempt")
    assert "£4.2m" in exempt and "£4.2m" not in public


DECISION_NOTICE = """Decision Recording Form
Decision determined at Housing and Homes Policy Committee meeting on 6 May 2025
(a) Subject: Allotment rents 2025/26 (agenda item 9)
(b) Ward: All wards
(d) Decision taken
The Policy Committee approved a rise of 5% in allotment rents from 1 October 2025.
(e) Exempt Information?
No
(f) Decision made in exempt session?
No
"""


def test_a_decision_form_answering_exempt_information_no_stays_public():
    doc, parts = analyse_text(DECISION_NOTICE)
    assert doc == DocumentMetadata(
        title="Decision Recording Form",
        council="",
        committee="Housing and Homes Policy Committee",
        meeting_date="2025-05-06",
        doc_type="decision",
        classification="public",
    )
    assert [p.classification for p in parts] == ["public"]


MEMO_STYLE_PART_2 = """NOT FOR PUBLICATION
This report contains exempt information within paragraph 3 of Part 1 of Schedule 12A \
to the Local Government Act 1972

LINDHOLM DISTRICT COUNCIL
Cabinet
Date: 14 May 2025
Subject: Riverside Lido operating contract - tender evaluation (Part 2)

1. Tender outcome
1.1 Three compliant tenders were received for the Riverside Lido operating contract.
"""


def test_a_short_header_gives_its_subject_as_title_and_its_date_line_as_the_date():
    """Only Date: and Subject: (not a full report header): the exemption notice is no title,
    and "Date: 14 May 2025" is the meeting date, not the title."""
    doc, _ = analyse_text(MEMO_STYLE_PART_2)
    assert doc == DocumentMetadata(
        title="Riverside Lido operating contract - tender evaluation (Part 2)",
        council="Lindholm District Council",
        committee="Cabinet",
        meeting_date="2025-05-14",
        doc_type=doc.doc_type,  # a bare memo states no type; not what this test is about
        classification="exempt",
    )


NO_COUNCIL_MINUTE = """Agenda item - Play Area Improvements
Minutes:
The Panel received a report on play area improvements across the town. Works at two sites \
were being funded jointly with Northfield District Council and the Friends of Mill Park.
Resolved:- that the report be noted.
"""


def test_a_paper_that_names_no_council_of_its_own_leaves_the_council_empty():
    doc, parts = analyse_text(NO_COUNCIL_MINUTE)
    assert doc == DocumentMetadata("Play Area Improvements", "", "", "", "minutes", "public")
    assert (parts[0].agenda_item, parts[0].agenda_item_title) == ("", "Play Area Improvements")


@pytest.mark.parametrize(
    ("heading", "council"),
    [
        ("KENT COUNTY COUNCIL", "Kent County Council"),
        ("LONDON BOROUGH OF BROMLEY", "London Borough of Bromley"),
        ("Bristol City Council", "Bristol City Council"),
        ("STOCKTON-ON-TEES BOROUGH COUNCIL", "Stockton-on-Tees Borough Council"),
        ("WEST OF ENGLAND COMBINED AUTHORITY", "West of England Combined Authority"),
        ("North Somerset Council", "North Somerset Council"),
    ],
)
def test_council_names_in_capitals_are_given_their_proper_form(heading, council):
    doc, _ = analyse_text(
        f"{heading}\nAUDIT COMMITTEE\nMinutes of the meeting held on 2 June 2025\n"
    )
    assert (doc.council, doc.committee, doc.meeting_date) == (
        council,
        "Audit Committee",
        "2025-06-02",
    )


@pytest.mark.parametrize(
    ("opening", "classification"),
    [
        ("Subject: Fees and Charges\nClassification: Exempt\nKey decision: No\n", "exempt"),
        ("Subject: Fees and Charges\nClassification: Unrestricted\nKey decision: No\n", "public"),
        ("PART 2 - EXEMPT\nSubject: Fees and Charges\nKey decision: No\nTo: Cabinet\n", "exempt"),
        ("PART 1 - PUBLIC\nSubject: Fees and Charges\nKey decision: No\nTo: Cabinet\n", "public"),
        (
            "Subject: Fees and Charges\nKey decision: No\nTo: Cabinet\nAppendix B is not for "
            "publication by virtue of paragraph 3 of Part 1 of Schedule 12A.\n",
            "public",
        ),
        ("EXEMPT REPORT: SALE OF LAND AT MILL LANE\nTo: Cabinet\n", "exempt"),
        (
            "Exempt information: paragraph 3 of Part 1 of Schedule 12A\nSubject: Land sale\n"
            "Key decision: No\nTo: Cabinet\n",
            "exempt",
        ),
        (
            "Subject: Bus lanes\nKey decision: Yes\nTo: Cabinet\n"
            "This report is exempt from call-in because of urgency.\n",
            "public",
        ),
        ("Subject: Local Plan\nKey decision: No\nPart 2: Site Allocations\n", "public"),
    ],
)
def test_only_a_papers_own_heading_marks_it_exempt(opening, classification):
    doc, parts = analyse_text(opening + "1. Background\n1.1 The council owns the land.\n")
    assert [p.classification for p in parts] == [classification]
    assert doc.classification == classification


def test_an_agenda_saying_there_are_no_exempt_items_stays_public():
    text = (
        "AUDIT COMMITTEE\nThursday, 5th June, 2025\nAGENDA\nUNRESTRICTED ITEMS\n"
        "- 1. Apologies\n- 2. Internal Audit Progress Report (Pages 1 - 9)\nEXEMPT ITEMS\n"
        "(At the time of preparing the agenda there were no exempt items.)\n"
    )
    doc, parts = analyse_text(text)
    assert (doc.classification, [p.classification for p in parts]) == ("public", ["public"])


def test_minutes_mentioning_exempt_summaries_stay_public():
    text = (
        "AUDIT COMMITTEE\nMINUTES of a meeting of the Audit Committee held on 5 June 2025.\n"
        "12. Internal Audit Progress Report (Item 2)\n"
        "1. The Head of Internal Audit introduced the exempt summaries of two audits.\n"
    )
    _, parts = analyse_text(text)
    assert [(p.doc_type, p.classification) for p in parts] == [("minutes", "public")]


def test_a_restricted_item_under_a_short_heading_is_exempt_and_the_next_item_public():
    text = (
        "CABINET\nTuesday, 4th March, 2025\nAGENDA\n3. Depot Redevelopment (Pages 1 - 8)\n"
        "4. Depot Redevelopment - Land Values (Pages 9 - 12)\n5. Fees and Charges (Pages 13 - 20)\n"
        "Agenda Item 4\nEASTMERE BOROUGH COUNCIL\nCABINET\nDocument is Restricted\n"
        "Agenda Item 5\nSubject: Fees and Charges\nClassification: Public\nTo: Cabinet\n"
        "1. Summary\n1.1 Allotment rents rise by 5%.\n"
    )
    _, parts = analyse_text(text)
    assert [(p.agenda_item, p.classification) for p in parts] == [
        ("", "public"),
        ("4", "exempt"),
        ("5", "public"),
    ]
    assert parts[1].title == "Depot Redevelopment - Land Values"


def test_a_document_whose_only_paper_is_restricted_is_exempt():
    doc, parts = analyse_text("Agenda Item 7\n\nDocument is Restricted\n")
    assert (doc.classification, [p.agenda_item for p in parts]) == ("exempt", ["7"])
