"""The action tracker: records read from the papers, stored with the chunks, linked over time.

Expected records were read off the papers by hand: the Bexley peer-challenge table, the
Bexley AGS appendix issues, Kent's CA07-2023 / RB21-2023 audit actions and its minutes, and
resolutions in real modern.gov minutes and a decision notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.actions import SIMILARITY_THRESHOLD, ActionTracker
from eval.action_links import LINK_PAIRS, pair_similarity, sweep
from index.action_store import ActionStore
from index.filters import SearchFilters
from index.ingestion import remove_paper
from ingest.actions import action_state, extract_actions
from ingest.errors import QueryError
from ingest.paper import read_paper
from ui.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "ui" / "samples"
BEXLEY_PEER = "001_8f26e6d260330292"
BEXLEY_AGS = "000_dd89d24bcf457004"
KENT = "002_1f87ef84fb8f7cad"
OFFICER = SearchFilters.for_role("officer")
PUBLIC = SearchFilters.for_role("public")


def seed(corpus: Path, name: str, form: str) -> Path:
    return corpus / "pdf" / f"{name}.pdf" if form == "pdf" else corpus / "seeds" / f"{name}.txt"


def by_ref(path: Path) -> dict:
    return {record.ref: record for record in extract_actions(read_paper(path))}


FORMS = pytest.mark.parametrize("form", ["pdf", "txt"])


# --- extraction ----------------------------------------------------------------------------


@FORMS
def test_peer_challenge_table_gives_one_record_per_recommendation(shared_corpus, form):
    records = by_ref(seed(shared_corpus, BEXLEY_PEER, form))
    got = {ref: (r.deadline, r.status, r.state) for ref, r in records.items()}
    assert got == {
        "1": ("July 2025; November 2025", "Completed; Continuous", "open"),
        "2": ("August 2025", "Almost completed", "open"),
        "3": ("July 2025", "Continuous; Ongoing", "open"),
        "4": ("March 2026", "Continuous", "open"),
        "5": ("2026", "Ongoing", "open"),
        "6": ("2027", "Ongoing", "open"),
        "7": ("March 2026", "Ongoing", "open"),
        "8": ("2026", "Ongoing", "open"),
        "9": ("July 2025", "Continuous", "open"),
        "10": ("N/A", "N/A", "closed"),
        "11": ("2026", "Ongoing", "open"),
        "12": ("2027", "Ongoing", "open"),
    }
    three = records["3"]
    assert (
        three.text
        == "The Council should review the spending controls and ensure they are fit for purpose."
    )
    assert three.kind == "recommendation"
    assert "LGA Finance Peer Challenge" in three.title
    assert three.response.startswith("We have now completed a review of the Spend Panel")
    assert "rigorous internal Service Review" in three.response  # the row carried on below


@FORMS
def test_governance_statement_appendix_issues(shared_corpus, form):
    records = by_ref(seed(shared_corpus, BEXLEY_AGS, form))
    got = {ref: (r.title, r.owner, r.status, r.state) for ref, r in records.items()}
    finance = "Director of Finance and Corporate Services"
    assert got == {
        "Issue 1": (
            "Health & Safety of Council Properties",
            "Head of Property & Facilities Management",
            "Remains open, carried forward to 2023/24",
            "open",
        ),
        "Issue 2": ("Setting a balanced budget for 2023/24", finance, "Closed", "closed"),
        "Issue 3": (
            "Consistency of Service Delivery to customers (internal and external)",
            finance,
            "Closed",
            "closed",
        ),
        "Issue 4": ("Setting a Balanced Budget for 2024/25", finance, "", "open"),
        "Issue 5": (
            "Children’s Services Financial Control and management oversight",
            "Stephen Kitchman",
            "",
            "open",
        ),
        "Issue 6": (
            "Consistency of Service Delivery to Customers (external including contracts)",
            "Director of Place",
            "",
            "open",
        ),
    }
    assert {r.deadline for r in records.values()} == {"2023/24"}  # "Planned Action 2023/24"
    assert records["Issue 2"].text.startswith("A balanced budget was set for 2022/23")
    assert records["Issue 1"].kind == "governance issue"


@FORMS
def test_kent_audit_actions_and_the_minutes_that_deferred_them(shared_corpus, form):
    records = by_ref(seed(shared_corpus, KENT, form))
    assert set(records) == {
        "Minute 143.3", "Minute 145.2", "Minute 148.2", "CA07-2023", "RB21-2023",
    }  # fmt: skip
    ca07, rb21 = records["CA07-2023"], records["RB21-2023"]
    author = "Clare Maynard, Head of Commercial and Procurement"
    assert (ca07.kind, ca07.title, ca07.owner, ca07.status) == (
        "audit action", "Procurement", author, "In progress",
    )  # fmt: skip
    assert (rb21.title, rb21.owner, rb21.meeting_date) == (
        "Contract Extensions",
        author,
        "2023-10-25",
    )
    assert ca07.text.startswith("Audit CA07-2023 (Procurement) identified four issues")
    assert ca07.council == "Kent County Council"
    deferred = records["Minute 143.3"]
    assert deferred.meeting_date == "2023-09-14" and deferred.deadline == "October meeting"
    assert deferred.keys == ["RB21-2023", "CA07-2023"]
    assert deferred.agenda_item_title == "Internal Audit Progress Report"
    assert records["Minute 148.2"].owner == "Director of Technology"
    if form == "pdf":
        assert (ca07.page, rb21.page, deferred.page) == (6, 7, 4)


def test_sample_papers_table_labels_and_resolutions():
    report = by_ref(SAMPLES / "eastmere-debt-recovery-report-2025-06-18.txt")
    assert {ref: (r.owner, r.deadline, r.status, r.state) for ref, r in report.items()} == {
        "MA1": ("Revenues and Benefits Manager", "31 March 2025", "Completed", "closed"),
        "MA2": ("Revenues and Benefits Manager", "30 April 2025", "Completed", "closed"),
        "MA3": ("Director of Finance", "30 September 2025", "Almost completed", "open"),
        "MA4": ("Head of Finance", "30 June 2025", "Ongoing", "open"),
        "MA5": ("Revenues and Benefits Manager", "31 July 2025", "Ongoing", "open"),
    }
    ags = by_ref(SAMPLES / "eastmere-annual-governance-statement-2024-25.txt")
    assert {ref: (r.title, r.status) for ref, r in ags.items()} == {
        "Issue 1": ("Debt recovery", "In progress"),
        "Issue 2": ("Fleet fuel card controls", "Partly complete"),
        "Issue 3": ("Readiness for the Procurement Act 2023", "Ongoing"),
    }
    minutes = by_ref(SAMPLES / "eastmere-audit-committee-minutes-2025-03-12.txt")
    assert set(minutes) == {"Minute 27 (b)", "Minute 28.2"}  # noting and minutes left out
    report_back = minutes["Minute 27 (b)"]
    assert (report_back.owner, report_back.deadline) == ("Director of Finance", "18 June 2025")
    assert report_back.keys == ["IA14-2024"]  # from its minute's title


def test_real_minutes_and_decision_notice_resolutions(shared_corpus):
    bristol = by_ref(shared_corpus / "real" / "real-07.pdf")  # modern.gov printed minutes
    assert bristol["Minute 7.1"].owner == "Cllr Rob Bryher"
    assert "Parking and Kerbside Strategy" in bristol["Minute 7.1"].text
    assert (bristol["Minute 7 (7)"].owner, bristol["Minute 7 (7)"].deadline) == ("Officers", "2025")
    assert {"Minute 8 (1)", "Minute 8 (2)", "Minute 8 (3)"} <= set(bristol)
    assert "Minute 9" not in bristol or "noted" not in bristol["Minute 9"].text

    town = by_ref(shared_corpus / "real" / "real-12.pdf")
    assert town["Minute 58"].text == "approve the revised proposal from Autism West Midlands."
    assert town["Minute 59 (i)"].owner == "Assistant Town Clerk"
    assert town["Minute 61"].text.startswith("defer the proposal")
    assert not any("note" in r.text.split()[0].lower() for r in town.values())

    decision = by_ref(shared_corpus / "real" / "real-04.pdf")  # a decision recording form
    assert decision["Item 7 (8)"].owner == "Executive Director, Growth and Regeneration"
    assert decision["Item 7 (2a)"].text.startswith("Approve and implement increase of £56")
    assert decision["Item 8 (1)"].agenda_item_title.startswith("Supported Bus Services")


def test_every_record_quotes_its_paper_word_for_word(shared_corpus):
    paths = [
        *sorted((shared_corpus / "pdf").glob("*.pdf")),
        *sorted((shared_corpus / "seeds").glob("*.txt")),
    ]
    paths += [
        shared_corpus / "real" / name
        for name in ("real-04.pdf", "real-07.pdf", "real-09.pdf", "real-12.pdf")
    ]
    for path in paths:
        paper = read_paper(path)
        records = extract_actions(paper)
        assert len({r.id for r in records}) == len(records), path
        for record in records:
            assert paper.clean.text[record.start_char : record.end_char] == record.text
            assert record.record_start <= record.start_char <= record.end_char <= record.record_end
            assert record.page == paper.clean.page_at(record.start_char)


@pytest.mark.parametrize(
    "status, state",
    [
        ("Completed", "closed"),
        ("Closed", "closed"),
        ("Implemented", "closed"),
        ("N/A", "closed"),
        ("Almost completed", "open"),
        ("Partly complete", "open"),
        ("Not yet implemented", "open"),
        ("Continuous", "open"),
        ("Ongoing", "open"),
        ("In progress", "open"),
        ("Remains open, carried forward to 2023/24", "open"),
        ("Completed; Continuous", "open"),
        ("Completed; Completed", "closed"),
        ("", "open"),
    ],
)
def test_open_means_not_stated_as_done(status, state):
    assert action_state(status) == state


def minutes_paper(tmp_path: Path, name: str, body: str, header: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        f"{header}EASTMERE BOROUGH COUNCIL\n\nCABINET\n\n"
        f"MINUTES of a meeting of the Cabinet held on Tuesday, 3 February 2026.\n\n{body}"
    )
    return path


def test_routine_business_is_not_a_commitment(tmp_path):
    path = minutes_paper(
        tmp_path,
        "minutes.txt",
        "12. Leisure Strategy (Item 5)\n\n1. The Director of Place introduced the report.\n\n"
        "2. RESOLVED that officers report back to Cabinet by 1 March 2026 on the options for "
        "Harbour Baths.\n\n13. Minutes (Item 6)\n\nRESOLVED that the minutes of the meeting "
        "held on 6 January 2026 be signed as a correct record.\n\n14. Budget (Item 7)\n\n"
        "RESOLVED that the report be noted.\n",
    )
    records = extract_actions(read_paper(path))
    assert [(r.ref, r.owner, r.deadline) for r in records] == [
        ("Minute 12.2", "Officers", "1 March 2026")
    ]


# --- storage, idempotence, removal, access (real Chroma, real model) ---------------------


def test_ingest_stores_every_record_once_and_again_adds_nothing(seed_index, shared_corpus):
    parts, _ = seed_index
    actions = ActionStore.beside(parts.store)
    expected = sum(
        len(extract_actions(read_paper(p))) for p in (shared_corpus / "pdf").glob("*.pdf")
    )
    stored = sorted(r.id for r in actions.records())
    assert len(stored) == expected == actions.count()

    again = parts.ingestor.ingest([shared_corpus / "pdf"])
    assert again.count("skipped") == 5
    assert sorted(r.id for r in actions.records()) == stored


@pytest.mark.slow
def test_changed_paper_replaces_its_records_and_removal_drops_them(make_components, tmp_path):
    parts = make_components()
    actions = ActionStore.beside(parts.store)
    body = (
        "12. Leisure Strategy (Item 5)\n\n"
        "RESOLVED that officers report back to Cabinet by 1 March 2026.\n"
    )
    path = minutes_paper(tmp_path, "minutes.txt", body)
    parts.ingestor.ingest([path])
    assert [r.deadline for r in actions.records()] == ["1 March 2026"]

    path.write_text(path.read_text().replace("1 March 2026", "30 April 2026"))
    assert parts.ingestor.ingest([path]).count("updated") == 1
    assert [r.deadline for r in actions.records()] == ["30 April 2026"]

    # A paper indexed before the tracker existed gets its records on the next ingest.
    doc_id = actions.records()[0].doc_id
    actions.delete_document(doc_id)
    assert parts.ingestor.ingest([path]).count("skipped") == 1
    assert [r.deadline for r in actions.records()] == ["30 April 2026"]

    remove_paper(parts.store, parts.config.data_dir, doc_id)
    assert actions.records() == [] and actions.count() == 0


@pytest.mark.slow
def test_exempt_records_and_mentions_never_reach_a_public_caller(make_components, tmp_path):
    parts = make_components()
    public = minutes_paper(
        tmp_path,
        "public.txt",
        "12. Leisure Contract (Item 5)\n\nRESOLVED that officers report back on audit "
        "IA22-2025 by 1 March 2026.\n",
    )
    exempt = minutes_paper(
        tmp_path,
        "exempt.txt",
        "14. Leisure Contract Award (Item 8)\n\nRESOLVED that the Director of Place award "
        "the Harbourline contract under audit IA22-2025 by 30 April 2026.\n",
        header="NOT FOR PUBLICATION\nThis report contains exempt information within paragraph "
        "3 of Part 1 of Schedule 12A to the Local Government Act 1972\n\n",
    )
    exempt.write_text(exempt.read_text().replace("3 February 2026", "10 March 2026"))
    report = parts.ingestor.ingest([public, exempt])
    assert report.count("added") == 2
    tracker = ActionTracker(parts.store)
    member = SearchFilters.for_role("member")

    assert [r.classification for r in tracker.list(member)] == ["exempt", "public"]
    shown = tracker.list(PUBLIC)
    assert [r.classification for r in shown] == ["public"]
    hidden = next(r for r in tracker.list(member) if r.classification == "exempt")
    with pytest.raises(QueryError, match="no action record"):
        tracker.find(hidden.id, PUBLIC)

    record = tracker.find("Minute 12", PUBLIC)
    public_quotes = [e.citation.quote for e in tracker.timeline(record, PUBLIC).entries]
    member_quotes = [e.citation.quote for e in tracker.timeline(record, member).entries]
    assert not any("Harbourline" in quote for quote in public_quotes)
    assert any("Harbourline" in quote for quote in member_quotes)


# --- timelines ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_later_paper_naming_an_issue_links_by_title(make_components, tmp_path):
    parts = make_components()
    statement = tmp_path / "ags.txt"
    statement.write_text(
        "EASTMERE BOROUGH COUNCIL\n\nFrom: Director of Finance\nTo: Audit Committee\n"
        "Date: 23 July 2025\nSubject: Annual Governance Statement 2024/25\n"
        "Classification: Unrestricted\n\nAPPENDIX A\n\nIssue 1: Fleet fuel card controls\n"
        "Description: Internal Audit found 23 fuel cards still active for disposed vehicles.\n"
        "Responsible officer: Head of Fleet\nStatus: Ongoing.\n"
    )
    later = minutes_paper(
        tmp_path,
        "minutes.txt",
        "31. Work Programme (Item 4)\n\nMembers asked for the next update on Fleet fuel card "
        "controls to come to the November meeting.\n",
    )
    later.write_text(later.read_text().replace("3 February 2026", "10 September 2025"))
    parts.ingestor.ingest([statement, later])
    tracker = ActionTracker(parts.store)
    record = tracker.find("Issue 1", OFFICER)
    assert (record.meeting_date, record.owner, record.state) == (
        "2025-07-23",
        "Head of Fleet",
        "open",
    )
    entries = tracker.timeline(record, OFFICER).entries
    assert [(e.date, e.link) for e in entries] == [
        ("2025-07-23", "source"),
        ("2025-09-10", "title"),
    ]
    assert entries[1].key == "Fleet fuel card controls"
    assert "next update on Fleet fuel card controls" in entries[1].citation.quote

    other = minutes_paper(
        tmp_path,
        "other.txt",
        "5. Audit (Item 2)\n\nIssue 1: Fleet fuel card "
        "controls\nResponsible officer: Head of Fleet\nStatus: Closed.\n",
    )
    parts.ingestor.ingest([other])
    with pytest.raises(QueryError, match="'Issue 1' matches 2 records"):
        tracker.find("Issue 1", OFFICER)


def test_kent_ca07_timeline_runs_from_the_deferral_to_the_progress_report(seed_index):
    parts, _ = seed_index
    tracker = ActionTracker(parts.store)
    timeline = tracker.timeline(tracker.find("ca07-2023", OFFICER), OFFICER)
    entries = [(e.date, e.link, e.key) for e in timeline.entries]
    assert entries[0] == ("2023-09-14", "reference", "CA07-2023")
    assert ("2023-10-25", "source", "") in entries
    assert [e.date for e in timeline.entries] == sorted(e.date for e in timeline.entries)
    deferral = timeline.entries[0].citation
    assert "deferred to the October meeting" in deferral.quote
    assert (deferral.passage.page, deferral.passage.agenda_item) == (4, "143")
    for entry in timeline.entries:
        assert entry.citation.quote in entry.citation.passage.text
    assert [e.citation.number for e in timeline.entries] == list(range(1, len(entries) + 1))


def test_a_resolution_links_to_the_later_report_that_answers_it(seed_index):
    parts, _ = seed_index
    tracker = ActionTracker(parts.store)
    timeline = tracker.timeline(tracker.find("Minute 143.3", OFFICER), OFFICER)
    later = [e for e in timeline.entries if e.date == "2023-10-25"]
    assert later and later[0].link == "reference"
    assert later[0].citation.passage.part_title.startswith("Progress Update against Internal Audit")


def test_similarity_follows_the_bristol_task_group_into_later_papers(real_index):
    parts, _ = real_index
    tracker = ActionTracker(parts.store)
    record = tracker.find("Item 7 (1)", OFFICER)
    assert "Task and Finish Group" in record.text
    similar = [e for e in tracker.timeline(record, OFFICER).entries if e.link == "similar"]
    dates = {e.date for e in similar}
    assert {"2025-05-15", "2026-03-19"} <= dates
    assert all(e.score >= SIMILARITY_THRESHOLD and e.date >= record.meeting_date for e in similar)
    assert any("Task and Finish Group" in e.citation.quote for e in similar if e.date > "2025")


def test_similarity_threshold_is_calibrated_on_the_labelled_pairs(seed_index, real_index):
    scored = []
    for pair in LINK_PAIRS:
        for parts, _ in (seed_index, real_index):
            try:
                score = pair_similarity(parts.store, ActionStore.beside(parts.store), pair)
            except LookupError:
                continue
            scored.append((pair, score))
            break
    assert len(scored) == len(LINK_PAIRS)  # every labelled pair still resolves
    [(_, precision, recall)] = sweep(scored, [SIMILARITY_THRESHOLD])
    assert precision >= 0.85 and recall >= 0.45


# --- the command line ---------------------------------------------------------------------


def run(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "actions", *args])


def test_cli_lists_records_as_json_with_filters(seed_index):
    parts, _ = seed_index
    data_dir = parts.config.data_dir
    result = run(data_dir, "--council", "Kent County Council", "--json")
    assert result.exit_code == 0, result.output
    kent = json.loads(result.output)
    assert {r["ref"] for r in kent} == {
        "Minute 143.3", "Minute 145.2", "Minute 148.2", "CA07-2023", "RB21-2023",
    }  # fmt: skip
    ca07 = next(r for r in kent if r["ref"] == "CA07-2023")
    assert (ca07["owner"], ca07["status"], ca07["page"]) == (
        "Clare Maynard, Head of Commercial and Procurement", "In progress", 6,
    )  # fmt: skip

    closed = json.loads(run(data_dir, "--status", "closed", "--json").output)
    assert sorted(r["ref"] for r in closed) == ["10", "Issue 2", "Issue 3"]
    ongoing = json.loads(run(data_dir, "--status", "ongoing", "--json").output)
    assert {r["ref"] for r in ongoing} == {"3", "5", "6", "7", "8", "11", "12"}
    opened = json.loads(run(data_dir, "--status", "open", "--json").output)
    assert all(r["state"] == "open" for r in opened) and len(opened) + 3 == len(
        json.loads(run(data_dir, "--json").output)
    )

    text = run(data_dir, "--council", "Kent County Council").output
    assert "[open] CA07-2023 · Procurement — In progress" in text
    assert text.rstrip().endswith("5 records: 5 open, 0 closed")


def test_cli_show_prints_the_timeline_with_quotes(seed_index):
    parts, _ = seed_index
    result = run(parts.config.data_dir, "show", "CA07-2023")
    assert result.exit_code == 0, result.output
    assert "Timeline:" in result.output
    assert "[1] 2023-09-14 · reference CA07-2023" in result.output
    assert "deferred to the October meeting" in result.output

    data = json.loads(run(parts.config.data_dir, "show", "CA07-2023", "--json").output)
    assert data["record"]["ref"] == "CA07-2023"
    assert [e["link"] for e in data["entries"]][:2] == ["reference", "source"]
    assert all(e["quote"] and e["reference"] for e in data["entries"])


def test_cli_unknown_reference_is_a_one_line_error(seed_index):
    parts, _ = seed_index
    result = run(parts.config.data_dir, "show", "ZZ99-2099")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: no action record matches 'ZZ99-2099' (see `councilqa actions`)"
    )
