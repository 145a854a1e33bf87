"""Answers "as at" a date, the newer paper preferred and said so, and every cited paper dated.

The shared corpus has a natural pair: Kent's Governance and Audit Committee pack of
25 October 2023 holds its own reports and the minutes of its 14 September 2023 meeting, and
both speak of the CA07-2023 Procurement audit (deferred in September, reported on in October).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from click.testing import CliRunner

from assistant.answer import Answer, Citation, Passage
from assistant.answering import Assistant
from assistant.recency import prefer_newer
from index.filters import SearchFilters
from ingest.errors import QueryError
from ui.cli import cli, format_answer
from ui.render import plain_text, reference_text

PROCUREMENT = "What happened with the CA07-2023 Procurement audit?"
KENT = "Kent County Council"


# --- the filter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("until", "as_at", "latest"),
    [
        ("", "2023-10-01", "2023-10-01"),
        ("2023-12-31", "2023-10-01", "2023-10-01"),
        ("2023-09-01", "2023-10-01", "2023-09-01"),
        ("2023-09-01", "", "2023-09-01"),
        ("", "", ""),
    ],
)
def test_as_at_and_until_combine_as_the_earlier_date(until, as_at, latest):
    assert SearchFilters(until=until, as_at=as_at).latest == latest


def test_as_at_bounds_the_chroma_query_and_leaves_out_undated_papers():
    where = SearchFilters(as_at="2023-10-01").to_where()
    assert where == {
        "$and": [
            {"classification": {"$in": ["public"]}},
            {"meeting_date_num": {"$lte": 20231001}},
            {"meeting_date_num": {"$gt": 0}},
        ]
    }


def test_as_at_masks_bm25_the_same_way():
    columns = {
        "council": np.array(["A", "A", "A", "A"]),
        "committee": np.array(["", "", "", ""]),
        "doc_type": np.array(["", "", "", ""]),
        "classification": np.array(["public"] * 4),
        "meeting_date_num": np.array([20230914, 20231001, 20231025, 0]),
    }
    allowed = SearchFilters(as_at="2023-10-01").mask(columns)
    assert allowed.tolist() == [True, True, False, False]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"as_at": "1 October 2023"}, "--as-at '1 October 2023' is not a date (use YYYY-MM-DD)"),
        ({"since": "2024-01-01", "as_at": "2023-10-01"}, "--since 2024-01-01 is after --as-at"),
    ],
)
def test_a_bad_as_at_date_is_a_one_line_error(fields, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        SearchFilters(**fields)


def test_the_filter_description_says_as_at():
    assert SearchFilters(council=KENT, as_at="2023-10-01").describe() == (
        "council: Kent County Council; as at 2023-10-01"
    )


# --- preferring the newer paper (literal answers) -------------------------------------------


def passage(date: str, doc_type: str, council: str = "Eastmere Borough Council", **kw) -> Passage:
    fields = {
        "chunk_id": f"c-{date}-{doc_type}",
        "doc_id": f"d-{date}",
        "text": "",
        "score": 1.0,
        "title": f"{doc_type} of {date}",
        "part_title": "",
        "council": council,
        "committee": "Audit and Governance Committee",
        "meeting_date": date,
        "doc_type": doc_type,
        "classification": "public",
        "agenda_item": "",
        "agenda_item_title": "",
        "section": "",
        "page": 0,
        "file_name": "",
        "source": "",
        "start_char": 0,
    }
    return Passage(**{**fields, **kw})


MARCH = "The collection rate was forecast at 95.8%."
JUNE = "The final collection rate for 2024/25 was 96.1%."


def answer(*cited: tuple[str, Passage]) -> Answer:
    text = " ".join(f"{sentence} [{n}]" for n, (sentence, _) in enumerate(cited, start=1))
    citations = [Citation(n, p, s) for n, (s, p) in enumerate(cited, start=1)]
    return Answer("What was the collection rate?", text, citations, False, [])


def test_the_newer_papers_sentence_comes_first_and_references_are_renumbered():
    older, newer = passage("2025-03-12", "minutes"), passage("2025-06-18", "report")
    result = prefer_newer(answer((MARCH, older), (JUNE, newer)))
    assert result.text == f"{JUNE} [1] {MARCH} [2]"
    assert [(c.number, c.passage.meeting_date) for c in result.citations] == [
        (1, "2025-06-18"),
        (2, "2025-03-12"),
    ]
    assert result.notes == [
        "The 18 June 2025 report [1] updates the position in the 12 March 2025 minutes [2] "
        "(Eastmere Borough Council, Audit and Governance Committee); the newer paper comes first."
    ]


def test_papers_of_one_body_without_a_committee_pair_up_by_type():
    older = passage("2022-07-01", "governance statement", committee="")
    newer = passage("2023-07-01", "governance statement", committee="")
    result = prefer_newer(answer((MARCH, older), (JUNE, newer)))
    assert result.text.startswith(JUNE)
    assert result.notes[0].startswith(
        "The 1 July 2023 governance statement [1] updates the position in the 1 July 2022 "
        "governance statement [2]"
    )


def test_the_same_sentence_in_both_papers_is_said_to_be_restated():
    older, newer = passage("2025-03-12", "minutes"), passage("2025-06-18", "report")
    result = prefer_newer(answer((JUNE, older), (JUNE + " ", newer)))
    assert "restates the position" in result.notes[0]


@pytest.mark.parametrize(
    "other",
    [
        passage("2025-06-18", "report", council="Westby District Council"),  # another council
        passage("2025-06-18", "report", committee="Cabinet"),  # another body
        passage("2025-03-12", "report"),  # the same date
        passage("", "report"),  # undated
    ],
)
def test_no_note_and_no_reordering_unless_one_body_spans_two_dates(other):
    original = answer((MARCH, passage("2025-03-12", "minutes")), (JUNE, other))
    assert prefer_newer(original) == original


def test_a_refusal_is_left_alone():
    refusal = Answer("q", "The indexed papers don't appear to cover this.", [], True, [])
    assert prefer_newer(refusal) is refusal


def test_every_reference_shows_its_date_or_says_undated():
    dated, undated = passage("2025-06-18", "report"), passage("", "report")
    result = answer((JUNE, dated), (MARCH, undated))
    assert "2025-06-18" in format_answer(result)
    assert "undated" in format_answer(result).splitlines()[-2]
    assert "18 June 2025" in reference_text(dated)
    assert "undated" in reference_text(undated)
    assert "undated" in plain_text(result)


# --- over the shared corpus -----------------------------------------------------------------


@pytest.fixture(scope="module")
def assistant(seed_index):
    parts, _ = seed_index
    return Assistant(parts.config, parts)


@pytest.mark.slow
def test_as_at_only_uses_papers_dated_on_or_before_the_date(assistant):
    filters = SearchFilters(as_at="2023-10-01")
    passages = assistant.search("procurement audit contract extensions", filters=filters, k=20)
    assert passages
    assert all(p.meeting_date and p.meeting_date <= "2023-10-01" for p in passages)
    answer = assistant.ask(PROCUREMENT, filters=filters)
    assert not answer.refused
    assert {c.passage.meeting_date for c in answer.citations} == {"2023-09-14"}
    assert "deferred to the October meeting" in answer.text
    assert not answer.notes  # only one paper counts as at that date


@pytest.mark.slow
def test_as_at_before_any_paper_matches_nothing(assistant):
    answer = assistant.ask(PROCUREMENT, filters=SearchFilters(as_at="2000-01-01"))
    assert answer.refused
    assert answer.text == "No indexed papers match these filters."


@pytest.mark.slow
def test_the_kent_pair_is_put_newest_first_with_a_note(assistant):
    """Real passages and metadata from the pack: the September minutes and an October report."""
    passages = assistant.search("CA07-2023 Procurement audit", k=20)
    minutes = next(p for p in passages if p.meeting_date == "2023-09-14" and "CA07" in p.text)
    report = next(p for p in passages if p.meeting_date == "2023-10-25" and "CA07" in p.text)
    deferred = next(s for s in minutes.text.split("\n") if "deferred" in s).strip("- 3.")
    result = prefer_newer(answer((deferred, minutes), ("Progress was reported.", report)))
    assert result.text == f"Progress was reported. [1] {deferred} [2]"
    assert [c.passage.meeting_date for c in result.citations] == ["2023-10-25", "2023-09-14"]
    assert result.notes == [
        "The 25 October 2023 report [1] updates the position in the 14 September 2023 minutes "
        f"[2] ({KENT}, Governance and Audit Committee); the newer paper comes first."
    ]


@pytest.fixture(scope="module")
def samples(tmp_path_factory, embed_model):
    """Eastmere's March minutes and June report give two collection rates for 2024/25."""
    from assistant.config import load_config
    from assistant.factory import Components
    from tests.browser import sample_data_dir

    config = load_config(
        overrides={"data_dir": sample_data_dir(tmp_path_factory, embed_model)}, environ={}
    )
    return Assistant(config, Components(config, embed_model=embed_model))


@pytest.mark.slow
def test_an_answer_from_two_dated_papers_leads_with_the_newer_and_says_so(samples):
    answer = samples.ask("What was the council tax collection rate for 2024/25?")
    dates = [c.passage.meeting_date for c in answer.citations]
    assert dates[0] == "2025-06-18" and "2025-03-12" in dates  # the older is still cited
    assert answer.text.index("96.1%") < answer.text.index("95.8%")
    assert len(answer.notes) == 1
    assert answer.notes[0].startswith("The 18 June 2025 report [1] updates the position in the ")
    assert "12 March 2025 minutes" in answer.notes[0]
    as_at = samples.ask(
        "What was the council tax collection rate for 2024/25?",
        filters=SearchFilters(as_at="2025-04-01"),
    )
    assert "95.8%" in as_at.text and "96.1%" not in as_at.text
    assert {c.passage.meeting_date for c in as_at.citations} <= {"2025-03-12"}


@pytest.mark.slow
def test_the_cli_takes_as_at_and_prints_dates_and_the_note(samples):
    data_dir = str(samples.config.data_dir)
    question = "What was the council tax collection rate for 2024/25?"
    result = CliRunner().invoke(cli, ["--data-dir", data_dir, "ask", question])
    assert result.exit_code == 0, result.output
    assert "Note: The 18 June 2025 report [1] updates the position" in result.output
    result = CliRunner().invoke(
        cli, ["--data-dir", data_dir, "ask", question, "--as-at", "2025-04-01"]
    )
    references = [line for line in result.output.splitlines() if line.startswith("[")]
    assert references and all("2025-03-12" in line for line in references)
    assert "Note:" not in result.output
    bad = CliRunner().invoke(cli, ["--data-dir", data_dir, "ask", "x", "--as-at", "soon"])
    assert bad.exit_code == 1
    assert bad.output == "Error: --as-at 'soon' is not a date (use YYYY-MM-DD)\n"
