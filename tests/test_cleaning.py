"""Cleaning extracted text: wrapped lines re-joined, page furniture gone, offsets mapped."""

from __future__ import annotations

import pytest

from ingest.cleaning import clean_pages
from ingest.loaders import Page, load_file


def pdf_pages(*texts: str) -> list[Page]:
    return [Page(number, text) for number, text in enumerate(texts, start=1)]


WRAPPED = """\
The Head of Internal Audit introduced the report which detailed the summaries
of completed audit reports for the period May to August 2023. It was noted that
the summaries included the highest proportion of limited assurances since 2019,
and members asked that the action plan be brought back to the committee soon."""


def test_rejoins_lines_wrapped_at_the_page_width():
    text = clean_pages(pdf_pages(WRAPPED), wrapped=True).text
    assert text == " ".join(WRAPPED.splitlines())


def test_keeps_line_breaks_when_text_is_not_wrapped():
    assert clean_pages([Page(0, WRAPPED)], wrapped=False).text == WRAPPED


def test_rejoins_a_wrapped_line_ending_in_a_lowercase_phrase_with_a_colon():
    page = """\
The committee considered the report of the Director of Finance on the revenue
budget and noted the following points raised in the discussion by members:
the capital programme for 2025/26 was agreed without amendment by the members."""
    lines = page.splitlines()
    assert clean_pages(pdf_pages(page), wrapped=True).text == (f"{lines[0]} {lines[1]}\n{lines[2]}")


def test_a_line_broken_inside_a_hyphenated_number_carries_on():
    """ "09-" + "10 then lower" is one range broken at the page width, not a numbered
    paragraph "10" starting a new block."""
    page = """\
Traditional outsourcing and departmental efficiency gains now offer diminishing
returns to the council over time (£3.6m cashable 08-09, £5m in the year 09-
10 then lower annual gains) and efficiencies were delivered through council tax."""
    lines = page.splitlines()
    assert clean_pages(pdf_pages(page), wrapped=True).text == (f"{lines[0]} {lines[1]}{lines[2]}")


def test_a_date_broken_after_its_month_carries_on():
    """ "in October" + "2020 as part of..." is one date broken at the page width, not a
    numbered paragraph "2020" starting a new block (which would leave "October" to read as
    a month still to come)."""
    page = """\
The rental micromobility services were introduced in the West of England in October
2020 as part of the region's Future Transport Zone programme, and the MCA procured a
concession contract for e-scooter rental services from a single supplier in 2020."""
    assert clean_pages(pdf_pages(page), wrapped=True).text == " ".join(page.splitlines())


@pytest.mark.parametrize(
    "block",
    [
        "EXEMPT ITEMS",
        "- Apologies for absence were received from Councillor Hood and Councillor Hook.",
        "• Apologies for absence were received from Councillor Hood and Councillor Hook.",
        "3.2 The Council tax base for 2025/26 is set out in appendix B of this report.",
        "141. External Audit Plan 2022/23, presented by the external auditors to members",
        "(a) in relation to the social care debt recovery audit the committee was told",
        "(iv) the treasury management strategy be approved as set out in the appendix",
        "| Libraries | £1.2m | £1.4m | Approved by Cabinet on 3 March 2025 | Green |",
        "Date: 25th October 2023, at the Council Chamber, Sessions House, Maidstone",
        "Contact Officer: Katy Reynolds, Democratic Services Officer, 03000 422252",
        "https://democracy.kent.gov.uk/ieListDocuments.aspx?CId=156&MId=9114&Ver=4",
    ],
)
def test_a_heading_bullet_numbered_paragraph_or_label_starts_its_own_line(block):
    before = "The committee received the report of the Corporate Director of Finance and"
    text = clean_pages(pdf_pages(f"{before}\n{block}\n{WRAPPED}"), wrapped=True).text
    assert text.startswith(f"{before}\n{block}")


def test_keeps_table_rows_on_their_own_lines():
    table = (
        "Table 4 - Cases closed by Directorate at Stage 1\n"
        "| Directorate | Comment | Complaint | Compliment | Total |\n"
        "| Adults Social Care and Health | 0 | 906 | 439 | 1345 |\n"
        "Growth Environment and Transport 196 3054 662 3912\n"
        "Strategic and Corporate Services 39 148 22 209"
    )
    assert clean_pages(pdf_pages(f"{WRAPPED}\n{table}"), wrapped=True).text.endswith(table)


def test_keeps_a_list_of_short_lines_apart():
    members = "Councillor Ed Plowden\nCouncillor Graham Morris\nCouncillor Kaz Self"
    assert clean_pages(pdf_pages(members), wrapped=True).text == members


def test_joins_a_sentence_that_carries_on_across_a_page_break():
    first = "It was RESOLVED that the minutes of the meeting held on 6 July 2023 be"
    second = "signed by the Chair as a correct record. There were no matters arising."
    clean = clean_pages(pdf_pages(first, second), wrapped=True)
    assert clean.text == f"{first} {second}"
    assert clean.page_at(clean.text.index("be signed")) == 1
    assert clean.page_at(clean.text.index("signed by")) == 2


def test_joins_a_word_hyphenated_across_a_page_break():
    clean = clean_pages(pdf_pages("Mrs Hudson was elected Vice-", "Chair of the committee."), True)
    assert clean.text == "Mrs Hudson was elected Vice-Chair of the committee."


def test_starts_a_new_paragraph_when_a_page_ends_a_sentence():
    clean = clean_pages(pdf_pages("The report was noted.", "141. External Audit Plan"), True)
    assert clean.text == "The report was noted.\n\n141. External Audit Plan"


def council_page(number: int, body: str) -> str:
    return (
        "KENT COUNTY COUNCIL\n"
        "Governance and Audit Committee - 25 October 2023\n"
        f"{body}\n"
        f"Page {number} of 4\n"
        "Classification: Unrestricted"
    )


def test_strips_running_header_and_footer_and_records_them_as_furniture():
    bodies = [
        "Apologies were received from Mr Chard.",
        "The minutes were agreed.",
        "The audit plan was noted.",
        "The report was received.",
    ]
    clean = clean_pages(pdf_pages(*(council_page(n, b) for n, b in enumerate(bodies, 1))), True)
    assert clean.text == "\n\n".join(bodies)
    assert clean.furniture == (
        "KENT COUNTY COUNCIL",
        "Governance and Audit Committee - 25 October 2023",
        "Classification: Unrestricted",
    )


def test_keeps_a_form_label_or_answer_or_table_cell_that_repeats_on_every_page():
    page = (
        "policycommittees@bristol.gov.uk\n"
        "Policy Committee\n"
        "The scheme was approved.\n"
        "Policy Committee\n"
        "(h) Reason for decision:\n"
        "As set out in the report.\n"
        "None"
    )
    clean = clean_pages(pdf_pages(page, page, page, page), wrapped=False)
    assert clean.furniture == ("policycommittees@bristol.gov.uk",)
    assert clean.text.count("Policy Committee\nThe scheme") == 4
    assert clean.text.count("(h) Reason for decision:\nAs set out in the report.\nNone") == 4


@pytest.mark.parametrize("page_line", ["Page 3 of 15", "page 3", "Page | 3", "- 3 -", "3"])
def test_strips_page_number_lines_at_the_edge_of_a_pdf_page(page_line):
    clean = clean_pages([Page(3, f"The report was noted.\n{page_line}")], wrapped=True)
    assert clean.text == "The report was noted."


def test_strips_page_x_of_y_lines_from_text_without_pages():
    text = "The report was noted.\nPage 3 of 15\nThe budget was agreed."
    clean = clean_pages([Page(0, text)], wrapped=False)
    assert clean.text == "The report was noted.\nThe budget was agreed."


def test_strips_html_fragments_but_keeps_links_in_angle_brackets():
    page = (
        "Copies can be obtained from <http://sharepoint.bromley.gov.uk>\n"
        '<p>1. Strategic approach to efficiency</p> <ul style="list-style-type: none"> '
        "• Change programmes brought together &amp; <u>led</u> by members</ul>"
    )
    clean = clean_pages([Page(0, page)], wrapped=False)
    assert clean.text == (
        "Copies can be obtained from <http://sharepoint.bromley.gov.uk>\n"
        "1. Strategic approach to efficiency • Change programmes brought together & led by members"
    )


@pytest.mark.parametrize("entity", ["&#9999999;", "&#1114112;", "&#xD800;", "&#0;"])
def test_html_entity_outside_unicode_becomes_a_space(entity):
    clean = clean_pages([Page(0, f"<p>Budget {entity} agreed</p>")], wrapped=False)
    assert clean.text == "Budget agreed"


@pytest.mark.parametrize(
    "note",
    [
        "This page is left intentionally blank",
        "This page is intentionally left blank.",
        "This page has been intentionally left blank",
        "Page intentionally left blank",
        "[Intentionally left blank]",
    ],
)
def test_drops_intentionally_blank_page_notes_and_their_pages(note):
    clean = clean_pages(pdf_pages("Agenda item 1.", note, "Agenda item 2."), wrapped=True)
    assert clean.text == "Agenda item 1.\n\nAgenda item 2."
    assert clean.page_numbers == (1, 3)


def test_page_at_maps_offsets_to_the_page_they_came_from():
    clean = clean_pages(pdf_pages("Item 1 was noted.", "", "Item 2 was agreed."), wrapped=True)
    assert clean.page_starts == (0, 19)
    assert [clean.page_at(offset) for offset in (0, 16, 18, 19, 30)] == [1, 1, 1, 3, 3]


def test_page_at_is_zero_for_text_without_pages():
    clean = clean_pages([Page(0, "A plain text agenda.")], wrapped=False)
    assert (clean.page_starts, clean.page_at(5)) == ((), 0)


def test_real_agenda_pack_rejoins_a_wrapped_sentence_on_its_page(shared_corpus):
    loaded = load_file(shared_corpus / "pdf" / "002_1f87ef84fb8f7cad.pdf")
    clean = clean_pages(loaded.pages, wrapped=loaded.paginated)
    offset = clean.text.find("the overall outstanding debt was £42.3m, with £7.9m secured")
    assert offset >= 0
    assert clean.page_at(offset) == 3
