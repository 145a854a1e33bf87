"""Agenda packs vs individual reports: a passage is indexed once, with every source kept.

The corpus tests cut the Counter Fraud Update report (pages 12-18) out of the Kent Governance
and Audit Committee pack with pypdf, and ingest it beside the pack's first 19 pages (front
sheet, minutes, two reports), in both orders.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from assistant.answer import Citation
from assistant.answering import Assistant
from assistant.provenance import DuplicatePassageFilter
from index.catalogue import list_papers
from index.ingestion import FileResult, remove_paper
from index.shingles import THRESHOLD, ShingleIndex, containment, shingles
from ui.cli import _describe
from ui.render import source_html

KENT_PACK = "pdf/002_1f87ef84fb8f7cad.pdf"
PACK_PAGES = range(1, 20)
REPORT_PAGES = range(12, 19)  # within item 6, "COUNTER FRAUD UPDATE"
QUERY = "How many irregularity referrals were received in the reporting period?"
SENTENCE = "There were 174 irregularity referrals received"

PARAGRAPH = (
    "3.2 The Council collected 96.1% of council tax due in year, against a target of 97%. "
    "Arrears brought forward from earlier years fell by £1.2m to £8.4m, and the recovery team "
    "cleared 2,310 of the 2,900 cases referred to enforcement agents. Members asked officers "
    "to report back on the use of attachment of earnings orders at the next meeting."
)
# The same paragraph as a pack prints it: wrapped lines, a running header and page number.
IN_A_PACK = (
    "3.2 The Council collected 96.1% of council tax due in year, against a\ntarget of 97%. "
    "Arrears brought forward from earlier years fell by £1.2m to £8.4m, and the\nrecovery team "
    "cleared 2,310 of the 2,900 cases referred to enforcement Page 47\nagents. Members asked "
    "officers to report back on the use of attachment of earnings orders at the next meeting."
)
SAME_TOPIC = (
    "3.2 Business rates collection reached 98.3% in year, above the target of 98%. The "
    "Council wrote off £0.4m of irrecoverable arrears, and the recovery team agreed payment "
    "plans with 140 ratepayers. Members asked officers to report back on the use of "
    "attachment of earnings orders at the next meeting."
)
MEETING = {"classification": "public", "council": "Eastmere Borough Council"}


def indexed(text: str, **metadata: str) -> ShingleIndex:
    index = ShingleIndex()
    fields = {"document_id": "report", "source": "/papers/report.pdf", **MEETING, **metadata}
    index.add("report-0003", text, fields)
    return index


def test_a_pack_copy_with_running_headers_and_rewrapped_lines_is_a_copy():
    match = indexed(PARAGRAPH).match(IN_A_PACK, {"document_id": "pack", **MEETING})
    assert match is not None
    assert match.doc_id == "report"
    assert match.chunk_ids == ("report-0003",)
    assert THRESHOLD <= match.containment < 1.0


def test_a_different_passage_on_the_same_subject_is_not_a_copy():
    # They share one whole sentence, which is still far from a copy.
    assert 0.2 < containment(shingles(SAME_TOPIC), shingles(PARAGRAPH)) < 0.5
    assert indexed(PARAGRAPH).match(SAME_TOPIC, {"document_id": "other", **MEETING}) is None


@pytest.mark.parametrize(
    ("stored", "new"),
    [
        ({"meeting_date": "2024-09-12"}, {"meeting_date": "2025-05-15"}),
        ({"council": "Kent County Council"}, {"council": "Eastmere Borough Council"}),
        ({"classification": "exempt"}, {"classification": "public"}),
        ({}, {"document_id": "report"}),  # the same paper
        ({}, {"source": "/papers/report.pdf"}),  # another version of the same file
    ],
    ids=["other-meeting", "other-council", "exempt-vs-public", "same-paper", "same-file"],
)
def test_the_same_words_are_not_a_copy_across(stored, new):
    fields = {"document_id": "pack", "source": "/papers/pack.pdf", **MEETING, **new}
    assert indexed(PARAGRAPH, **stored).match(PARAGRAPH, fields) is None


def test_an_unknown_meeting_date_does_not_disagree():
    fields = {"document_id": "pack", **MEETING, "meeting_date": "2023-10-25"}
    assert indexed(PARAGRAPH, meeting_date="").match(PARAGRAPH, fields) is not None


def test_procedural_lines_too_short_to_tell_apart_are_never_copies():
    line = "4 Minutes of the Previous Meeting. The minutes of the previous meeting were agreed."
    assert indexed(line).match(line, {"document_id": "minutes-2026", **MEETING}) is None


def test_a_chunk_straddling_two_chunks_of_the_other_paper_is_covered_by_both():
    words = PARAGRAPH.split()
    index = ShingleIndex()
    for number, half in enumerate((words[:30], words[30:])):
        index.add(f"report-{number}", " ".join(half), {"document_id": "report", **MEETING})
    match = index.match(PARAGRAPH, {"document_id": "pack", **MEETING})
    assert match is not None
    assert set(match.chunk_ids) == {"report-0", "report-1"}


def hit(chunk_id: str, doc_id: str, text: str, score: float, **metadata: object) -> NodeWithScore:
    node = TextNode(id_=chunk_id, text=text, metadata={**MEETING, "title": doc_id, **metadata})
    node.metadata["document_id"] = doc_id
    return NodeWithScore(node=node, score=score)


def test_results_never_show_the_same_passage_twice_and_name_both_papers():
    hits = [
        hit("pack-0046", "pack", IN_A_PACK, 0.9, page=47),
        hit("other-0001", "other", SAME_TOPIC, 0.8),
        hit("report-0003", "report", PARAGRAPH, 0.7, page=2),
    ]
    kept = DuplicatePassageFilter().postprocess_nodes(hits)
    assert [h.node.node_id for h in kept] == ["pack-0046", "other-0001"]
    assert [(s["doc_id"], s["page"]) for s in kept[0].node.metadata["also_in"]] == [("report", 2)]
    assert "also_in" in kept[0].node.excluded_llm_metadata_keys  # never shown to an LLM


def test_results_keep_the_same_wording_from_different_meetings():
    hits = [
        hit("minutes-2024", "minutes-2024", PARAGRAPH, 0.9, meeting_date="2024-09-12"),
        hit("minutes-2025", "minutes-2025", PARAGRAPH, 0.8, meeting_date="2025-05-15"),
    ]
    assert len(DuplicatePassageFilter().postprocess_nodes(hits)) == 2


# --- the real stack over the shared corpus --------------------------------------------------


def cut(source: Path, pages: range, target: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(source), PdfWriter()
    for number in pages:
        writer.add_page(reader.pages[number - 1])
    writer.write(target)
    return target


@pytest.fixture(scope="module")
def papers(tmp_path_factory, shared_corpus) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("papers")
    return {
        "pack": cut(shared_corpus / KENT_PACK, PACK_PAGES, folder / "kent-gac-pack.pdf"),
        "report": cut(shared_corpus / KENT_PACK, REPORT_PAGES, folder / "counter-fraud.pdf"),
    }


@pytest.fixture(scope="module", params=["pack-first", "report-first"])
def ingested(request, tmp_path_factory, embed_model, papers):
    """Components with both papers ingested in one order, and the papers' doc ids."""
    from assistant.config import load_config
    from assistant.factory import Components

    data_dir = tmp_path_factory.mktemp(request.param)
    parts = Components(load_config(overrides={"data_dir": data_dir}, environ={}), embed_model)
    order = ["pack", "report"] if request.param == "pack-first" else ["report", "pack"]
    ids = {}
    for name in order:
        (result,) = parts.ingestor.ingest([papers[name]]).results
        assert result.status == "added", result.error
        ids[name] = result.doc_id
    return parts, ids


def state(parts) -> tuple[list[str], list[str]]:
    """(searchable chunk ids, copy chunk ids), sorted."""
    return (
        sorted(parts.store.collection.get(include=[])["ids"]),
        sorted(parts.store.copies.get(include=[])["ids"]),
    )


def find(parts, sentence: str = SENTENCE) -> list:
    """Search results (public role) holding the sentence."""
    passages = Assistant(parts.config, parts).search(QUERY, k=10)
    return [p for p in passages if sentence in " ".join(p.text.split())]


def sources(passage) -> set[str]:
    return {passage.doc_id, *(source.doc_id for source in passage.also_in)}


def n_chunks(parts, doc_id: str) -> int:
    return len(parts.store.chunk_ids(doc_id))


def test_the_shared_report_is_stored_once_under_the_dated_pack(ingested):
    parts, ids = ingested
    searchable, copies = state(parts)
    # The cut-out lacks the pack's front sheet (no meeting date), so in either order every
    # chunk of the pack is searchable and every chunk of the report is a copy of the pack's:
    # both orders end in the same index.
    assert searchable == [f"{ids['pack']}-{i:04d}" for i in range(n_chunks(parts, ids["pack"]))]
    assert copies == [f"{ids['report']}-{i:04d}" for i in range(n_chunks(parts, ids["report"]))]
    rows = parts.store.copies.get(include=["metadatas"])["metadatas"]
    assert {row["document_id"] for row in rows} == {ids["report"]}
    assert all(row["duplicate_of_doc"] == ids["pack"] for row in rows)
    assert all(set(row["duplicate_of"]) <= set(searchable) for row in rows)
    assert {row["containment"] for row in rows} == {1.0}  # every word of it is in the pack


def test_both_papers_stay_listed_and_complete(ingested):
    parts, ids = ingested
    listed = {paper.doc_id: paper for paper in list_papers(parts.store)}
    assert set(ids.values()) <= set(listed)
    for doc_id in ids.values():
        assert parts.store.is_complete(doc_id)


def test_a_search_returns_the_passage_once_naming_both_papers(ingested):
    parts, ids = ingested
    (passage,) = find(parts)
    assert sources(passage) == {ids["pack"], ids["report"]}
    (other,) = passage.also_in
    assert other.file_name == "counter-fraud.pdf"
    assert other.page == 1  # the passage opens the cut-out; it is on p. 12 of the pack
    assert passage.page == 12
    label = "COUNTER FRAUD UPDATE · p. 1 · counter-fraud.pdf"
    assert passage.reference().endswith(f"(also in {label})")
    panel = source_html(Citation(1, passage, SENTENCE))
    assert f"<dt>Also in</dt><dd>{label}</dd>" in panel


def test_reingesting_either_paper_adds_nothing(ingested, papers):
    parts, _ = ingested
    before = state(parts)
    report = parts.ingestor.ingest([papers["pack"], papers["report"]])
    assert [r.status for r in report.results] == ["skipped", "skipped"]
    assert state(parts) == before


@pytest.mark.parametrize("removed", ["pack", "report"])
def test_removing_either_paper_keeps_the_passage_findable(ingested, papers, removed):
    parts, ids = ingested
    before = state(parts)
    kept = "report" if removed == "pack" else "pack"
    remove_paper(parts.store, parts.config.data_dir, ids[removed])

    (passage,) = find(parts)
    assert passage.doc_id == ids[kept]
    assert passage.also_in == ()
    assert not parts.store.copies.get(include=[])["ids"]  # promoted, or deleted with it
    assert [p.doc_id for p in list_papers(parts.store)] == [ids[kept]]

    (again,) = parts.ingestor.ingest([papers[removed]]).results  # back as it was
    assert state(parts) == before  # no duplicates, no orphans
    # The report comes back as copies; the pack comes back searchable and takes them over.
    assert again.copies == (len(before[1]) if removed == "report" else 0)
    (passage,) = find(parts)
    assert sources(passage) == {ids["pack"], ids["report"]}


def test_ingest_says_how_many_chunks_another_paper_already_holds():
    result = FileResult(Path("counter-fraud.pdf"), "added", pages=7, chunks=29, copies=29)
    assert _describe(result) == (
        "+ added    counter-fraud.pdf  (7 pages, 29 chunks, 29 already indexed from another paper)"
    )


def test_a_removal_cut_short_by_a_crash_is_finished_by_the_next_ingest(ingested, papers):
    parts, ids = ingested
    before = state(parts)
    parts.store.delete_document(ids["pack"])  # the crash: the copies were not re-homed yet
    assert find(parts) == []
    parts.ingestor.ingest([])  # any ingest repairs first
    (passage,) = find(parts)
    assert passage.doc_id == ids["report"]
    parts.ingestor.ingest([papers["pack"]])
    assert state(parts) == before


def test_a_gold_quote_from_either_paper_holding_a_shared_passage_is_reachable(ingested):
    """The eval's index description names gold quotes no passage holds; a passage indexed once
    for two papers holds the quotes of both."""
    from eval.gold import Evidence, GoldQuestion
    from eval.runner import IndexInfo, describe_index

    parts, _ = ingested
    questions = [
        GoldQuestion(
            id=f"q-{paper}",
            corpus="seeds",
            question=QUERY,
            persona="officer",
            answerable=True,
            paraphrased=False,
            multi_paper=False,
            follow_up_of=None,
            evidence=(Evidence(paper, SENTENCE),),
            key_facts=("174",),
        )
        for paper in ("kent-gac-pack", "counter-fraud")
    ]
    info = IndexInfo(data_dir=str(parts.config.data_dir), temporary=False)
    describe_index(parts, questions, info)
    assert info.unreachable == []
