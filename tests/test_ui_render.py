"""What the UI shows for an answer: markers, references, highlights, refusals, plain text."""

from __future__ import annotations

import pytest

from assistant.answer import Answer, Citation, Passage
from assistant.answering import NO_MATCH, REFUSAL, Assistant
from assistant.config import load_config
from index.filters import SearchFilters
from ui.chat import Chat
from ui.cli import format_answer
from ui.files import file_url
from ui.render import (
    Turn,
    answer_body_html,
    conversation_html,
    highlight,
    nice_title,
    plain_text,
    reference_text,
    source_html,
)

MINUTES_TEXT = (
    "3. In relation to IA14-2024 Debt Recovery, the Head of Internal Audit reported that "
    "Council tax arrears stood at £3.6m, of which £1.1m was more than two years old.\n"
    "4. RESOLVED that:\n a) the report be noted; and\n b) <b>concern</b> be recorded."
)


def passage(**fields) -> Passage:
    base = {
        "chunk_id": "c1",
        "doc_id": "b587c4a39dfe34e2",
        "text": MINUTES_TEXT,
        "score": 1.0,
        "title": "MINUTES of a meeting of the Audit and Governance Committee",
        "part_title": "",
        "council": "Eastmere Borough Council",
        "committee": "Audit and Governance Committee",
        "meeting_date": "2025-03-12",
        "doc_type": "minutes",
        "classification": "public",
        "agenda_item": "26",
        "agenda_item_title": "Internal Audit Progress Report",
        "section": "3",
        "page": 4,
        "file_name": "minutes.pdf",
        "source": "/papers/minutes.pdf",
        "start_char": 0,
    }
    return Passage(**{**base, **fields})


QUOTE = "Council tax arrears stood at £3.6m, of which £1.1m was more than two years old."
ANSWER = Answer(
    question="What were the arrears?",
    text=f"{QUOTE} [1] The report was noted. [1]",
    citations=[Citation(1, passage(), f"{QUOTE} … the report be noted; and")],
    refused=False,
    retrieved=[passage()],
)


def test_reference_names_paper_council_committee_date_item_and_page():
    assert reference_text(passage()) == (
        "Minutes of a meeting of the Audit and Governance Committee · Eastmere Borough Council"
        " · Audit and Governance Committee · 12 March 2025"
        " · item 26 (Internal Audit Progress Report) · p. 4 · §3"
    )


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("ANNUAL GOVERNANCE STATEMENT 2024/25", "Annual Governance Statement 2024/25"),
        ("MINUTES of a meeting", "Minutes of a meeting"),
        ("Debt Recovery – IA14-2024", "Debt Recovery – IA14-2024"),
        ("AUDIT OF IA14-2024 BY LGA", "Audit OF IA14-2024 BY LGA"),
    ],
)
def test_shouty_titles_are_tamed(title, shown):
    assert nice_title(title) == shown


def test_markers_become_reference_buttons_and_text_is_escaped():
    html = answer_body_html(0, "Arrears <b>rose</b>. [1][2]", [])
    assert "&lt;b&gt;rose&lt;/b&gt;" in html
    assert html.count('class="cite"') == 2
    assert 'data-turn="0" data-ref="2"' in html


def test_each_quoted_piece_is_highlighted_exactly():
    html = highlight(MINUTES_TEXT, f"{QUOTE} … the report be noted; and")
    assert f"<mark>{QUOTE}</mark>" in html
    assert "<mark>the report be noted; and</mark>" in html
    assert "&lt;b&gt;concern&lt;/b&gt;" in html


def test_highlight_tolerates_reflowed_whitespace():
    html = highlight("arrears stood\n at £3.6m today", "arrears stood at £3.6m")
    assert html == "<mark>arrears stood\n at £3.6m</mark> today"


def test_plain_text_is_ready_for_an_email():
    assert plain_text(ANSWER) == (
        "Question: What were the arrears?\n\n"
        f"{QUOTE} [1] The report was noted. [1]\n\n"
        "References\n"
        "[1] Minutes of a meeting of the Audit and Governance Committee · Eastmere Borough "
        "Council · Audit and Governance Committee · 12 March 2025 · item 26 (Internal Audit "
        "Progress Report) · p. 4 · §3\n"
        f'    "{QUOTE}"\n'
        '    "the report be noted; and"'
    )


def test_refusal_shows_no_references_and_names_the_closest_papers():
    refused = Answer(
        "Town hall budget?", f"{REFUSAL} The closest papers are: x.", [], True, [passage()]
    )
    html = conversation_html([Turn("Town hall budget?", refused)])
    assert "Not found in the papers" in html and "Closest papers" in html
    assert "12 March 2025" in html
    assert "ref-list" not in html and "copy-answer" not in html and 'class="cite"' not in html
    no_match = Answer("q", NO_MATCH, [], True, [])
    assert "Clear or widen the filters" in conversation_html([Turn("q", no_match)])


def test_a_streaming_answer_shows_its_references_only_when_complete():
    partial = conversation_html([Turn("q", ANSWER)], shown=f"{QUOTE} [1]")
    assert 'aria-busy="true"' in partial and "ref-list" not in partial
    complete = conversation_html([Turn("q", ANSWER)])
    assert "ref-list" in complete and "Copy answer with references" in complete


def test_source_panel_links_a_pdf_at_its_page():
    html = source_html(ANSWER.citations[0], file_url("b587c4a39dfe34e2", "minutes.pdf", 4))
    assert 'href="papers/b587c4a39dfe34e2#page=4"' in html
    assert "Open the original PDF, page 4" in html
    assert file_url("abc12345", "minutes.txt", 4) == "papers/abc12345"


class RecordingAssistant(Assistant):
    """Answers every question with ANSWER and remembers what it was asked."""

    def __init__(self) -> None:
        super().__init__(load_config(environ={}))
        self.calls: list[tuple[str, list]] = []

    def ask(self, question, filters=None, history=None, k=None, mode=None):
        self.calls.append((question, list(history or [])))
        return ANSWER


def test_chat_streams_the_answer_and_passes_the_conversation(monkeypatch):
    monkeypatch.setattr("ui.chat.REVEAL_PAUSE", 0)
    assistant = RecordingAssistant()
    chat = Chat(assistant, files=None)
    earlier = [Turn("Which audits got Limited assurance?", ANSWER)]
    steps = list(chat.ask("  What about them?  ", earlier, SearchFilters()))
    assert steps[0] == ([*earlier, Turn("What about them?")], None)
    assert [shown for _, shown in steps[1:]] == [f"{QUOTE} [1]", None]
    assert steps[-1][0][-1] == Turn("What about them?", ANSWER)
    assert assistant.calls == [("What about them?", [(earlier[0].question, ANSWER.text)])]


def test_a_quote_of_a_table_rows_cells_is_printed_on_one_line_and_still_highlighted():
    """The quote is exact, so it is found in its passage; the CLI prints it on one line."""
    cells = "Trinity\n\n£1,385\n\n\nApproved."
    row = passage(text=f"Friends of Rectory Park are seeking funding.\n{cells}\n")
    text = "Trinity £1,385 Approved. [1]"
    answer = Answer("Was it approved?", text, [Citation(1, row, cells)], False, [])
    assert '"Trinity £1,385 Approved."' in format_answer(answer)
    assert "<mark" in highlight(row.text, cells)
