"""Structure-aware chunking: items, headings, numbered paragraphs, tables, sizes, offsets."""

from __future__ import annotations

import pytest
from llama_index.core import Document
from llama_index.core.schema import MetadataMode

from ingest.chunking import STRUCTURE_KEY, SectionNodeParser, approximate_token_offsets
from ingest.structure import find_blocks

MINUTES = """EASTMERE BOROUGH COUNCIL
AUDIT COMMITTEE
MINUTES of a meeting held on 12 March 2025.
21. Apologies (Item 1)
Apologies were received from Cllr Hale.
22. Internal Audit Progress Report (*Item 2*)
- 1. The Head of Internal Audit introduced the report.
- 2. Council tax arrears stood at £3.6m, of which £1.1m was more than two years old.
- 3. RESOLVED to note the report.
23. Any Other Business (Item 3)
There was none.
"""

REPORT = """Subject: Debt recovery
1. Introduction
1.1 This report updates the committee on debt recovery.
1.2 Arrears have fallen to £3.2m.
2. Actions
2.1 The following actions are under way.
"""


def parse(text: str, doc_type: str, **kwargs: int) -> list:
    parts = [
        {
            "start": 0,
            "end": len(text),
            "doc_type": doc_type,
            "title": "Paper",
            "council": "Eastmere Borough Council",
            "classification": "public",
        }
    ]
    document = Document(
        id_="doc1", text=text, metadata={"title": "Paper", STRUCTURE_KEY: {"parts": parts}}
    )
    return SectionNodeParser(**kwargs).get_nodes_from_documents([document])


def test_minutes_split_on_agenda_items_with_numbers_and_titles():
    nodes = parse(MINUTES, "minutes")
    items = [(n.metadata["agenda_item"], n.metadata["agenda_item_title"]) for n in nodes]
    assert items[1:] == [
        ("21", "Apologies"),
        ("22", "Internal Audit Progress Report"),
        ("23", "Any Other Business"),
    ]
    assert nodes[2].text.startswith("22. Internal Audit Progress Report")
    assert "£3.6m" in nodes[2].text and "There was none" not in nodes[2].text


def test_every_chunk_is_an_exact_substring_at_its_offsets():
    for text, doc_type in ((MINUTES, "minutes"), (REPORT, "report")):
        for node in parse(text, doc_type, min_tokens=5, target_tokens=12, max_tokens=40):
            assert text[node.metadata["start_char"] : node.metadata["end_char"]] == node.text


def test_report_paragraphs_carry_their_section_numbers():
    nodes = parse(REPORT, "report", min_tokens=5, target_tokens=12, max_tokens=40)
    sections = {n.metadata["section"] for n in nodes}
    assert {"1.1", "2"} <= sections or {"1", "2"} <= sections
    arrears = next(n for n in nodes if "£3.2m" in n.text)
    assert arrears.metadata["section"] in {"1.1", "1.2", "1"}


def test_nested_numbering_by_indent_gives_dotted_sections():
    text = "  3. Governance Arrangements\n    1. The Council meets.\n    12. Scrutiny works.\n"
    blocks = find_blocks(text, 0, len(text), items=False)
    assert [b.section for b in blocks] == ["3", "3.1", "3.12"]


def test_chunks_fit_the_model_window_with_their_header():
    long_paragraph = " ".join(f"The committee noted point {i} of the plan." for i in range(200))
    nodes = parse(f"1. Introduction\n{long_paragraph}\n", "report", max_tokens=128)
    assert len(nodes) > 5
    for node in nodes:
        embedded = node.get_content(metadata_mode=MetadataMode.EMBED)
        assert len(approximate_token_offsets(embedded)) <= 128 - 2


def test_table_stays_whole_with_its_title():
    table = (
        "Management actions\n"
        "| Ref | Action | Owner | Deadline | Status |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Write off old debts | Director of Finance | June 2025 | Completed |\n"
        "| 2 | Recruit two officers | Head of Revenues | July 2025 | Ongoing |\n"
    )
    text = "1. Introduction\nSome words about the plan.\n" + table + "2. Next steps\nMore text.\n"
    nodes = parse(text, "report", min_tokens=5, target_tokens=20, max_tokens=120)
    holding = [n for n in nodes if "| Ref |" in n.text]
    assert len(holding) == 1
    assert holding[0].text.startswith("Management actions")
    assert "Recruit two officers" in holding[0].text


def test_long_table_pieces_repeat_the_header_row_in_their_context():
    rows = "".join(
        f"| {i} | Action number {i} for the plan | Officer {i} | Ongoing |\n" for i in range(40)
    )
    text = "| Ref | Action | Owner | Status |\n" + rows
    nodes = parse(text, "action plan", max_tokens=80)
    assert len(nodes) > 2
    assert all("| Ref | Action | Owner | Status |" in n.metadata["context"] for n in nodes[1:])


def test_context_header_names_council_and_item_and_is_embedded():
    nodes = parse(MINUTES, "minutes")
    node = nodes[2]
    assert node.metadata["context"] == (
        "Eastmere Borough Council · Paper · Item 22 Internal Audit Progress Report"
    )
    embedded = node.get_content(metadata_mode=MetadataMode.EMBED)
    assert embedded.startswith(node.metadata["context"]) and node.text in embedded


def test_exempt_part_chunks_never_mix_with_public_ones():
    public = "Report A\nThe public report says the pool will reopen.\n"
    secret = "NOT FOR PUBLICATION\nThe bidder's price was £4,875,000.\n"
    text = public + secret
    parts = [
        {"start": 0, "end": len(public), "doc_type": "report", "classification": "public"},
        {"start": len(public), "end": len(text), "doc_type": "report", "classification": "exempt"},
    ]
    document = Document(id_="d", text=text, metadata={STRUCTURE_KEY: {"parts": parts}})
    nodes = SectionNodeParser().get_nodes_from_documents([document])
    for node in nodes:
        exempt = node.metadata["classification"] == "exempt"
        assert ("£4,875,000" in node.text) == exempt


@pytest.mark.parametrize("page_starts, expected", [([0, 30], [1, 2]), ([], [0, 0])])
def test_pages_come_from_the_page_offsets(page_starts, expected):
    text = "First page sentence one here.\nSecond page sentence two here.\n"
    structure = {"page_starts": page_starts, "page_numbers": [1, 2][: len(page_starts)]}
    document = Document(id_="d", text=text, metadata={STRUCTURE_KEY: structure})
    nodes = SectionNodeParser(
        min_tokens=2, target_tokens=3, max_tokens=30
    ).get_nodes_from_documents([document])
    assert [n.metadata["page"] for n in nodes] == expected


def test_speaker_lists_are_not_mistaken_for_agenda_items():
    text = (
        "5 Chair's Announcements\n\nThere were none.\n\n6 Public Forum\n\n"
        "01 Jon Smith Objection\n12 Rose Gray Support\n"
        "13 Carol Fox Objection\n14 Sam Lee Support\n\n"
        "7 Parking Policy\n\nThe committee approved the policy.\n"
    )
    blocks = find_blocks(text, 0, len(text), items=True)
    assert [b.item for b in blocks if b.kind == "item"] == ["5", "6", "7"]
