"""Ingesting into a real Chroma store with the real model: idempotent, replaceable, removable."""

from __future__ import annotations

import pytest

from index.catalogue import find_paper, list_papers
from index.ingestion import remove_paper
from ingest.errors import QueryError

pytestmark = pytest.mark.slow


def chunk_ids(store) -> list[str]:
    return sorted(chunk.id for chunk in store.iter_chunks())


def test_ingesting_the_seed_pdfs_twice_leaves_the_same_chunks(seed_index, shared_corpus):
    parts, first = seed_index
    assert (first.count("added"), len(first.failures)) == (5, 0)
    assert first.pages == 138
    ids = chunk_ids(parts.store)
    assert len(ids) == first.chunks == parts.store.count()

    again = parts.ingestor.ingest([shared_corpus / "pdf"])
    assert (again.count("skipped"), again.count("added"), again.chunks) == (5, 0, 0)
    assert chunk_ids(parts.store) == ids
    assert len(list((parts.config.data_dir / "files").iterdir())) == 5


def test_a_changed_file_replaces_its_old_chunks(make_components, tmp_path):
    parts = make_components()
    paper = tmp_path / "minutes.txt"
    paper.write_text(
        "EASTMERE BOROUGH COUNCIL\nAUDIT COMMITTEE\n"
        "21. Internal Audit (Item 1)\nArrears stood at £3.6m at the year end.\n"
    )
    assert parts.ingestor.ingest([paper]).count("added") == 1
    old = chunk_ids(parts.store)

    paper.write_text(paper.read_text().replace("£3.6m", "£3.2m"))
    report = parts.ingestor.ingest([paper])
    assert report.count("updated") == 1
    texts = [chunk.text for chunk in parts.store.iter_chunks()]
    assert any("£3.2m" in text for text in texts)
    assert not any("£3.6m" in text for text in texts)
    assert set(chunk_ids(parts.store)).isdisjoint(old)
    assert len(list_papers(parts.store)) == 1


def test_a_paper_cut_short_by_a_crash_is_redone(make_components, tmp_path):
    parts = make_components()
    source = tmp_path / "report.txt"
    source.write_text("1. Introduction\n" + "The council noted the plan. " * 400)
    parts.ingestor.ingest([source])
    complete = chunk_ids(parts.store)
    assert len(complete) > 2
    parts.store.collection.delete(ids=complete[len(complete) // 2 :])  # as if killed mid-write

    report = parts.ingestor.ingest([source])
    assert report.count("added") == 1
    assert chunk_ids(parts.store) == complete


def test_a_bad_file_is_reported_and_the_batch_goes_on(make_components, tmp_path):
    parts = make_components()
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    (folder / "notes.txt").write_text("Eastmere Borough Council\nThe committee met.\n")
    report = parts.ingestor.ingest([folder])
    assert report.count("added") == 1
    [failure] = report.failures
    assert failure.path.name == "broken.pdf"
    assert "broken.pdf" in failure.error and "\n" not in failure.error


def test_remove_deletes_a_paper_its_chunks_and_its_copy(make_components, tmp_path):
    parts = make_components()
    (tmp_path / "x.txt").write_text("Eastmere Borough Council\nA paper to remove.\n")
    (tmp_path / "keep.txt").write_text("Eastmere Borough Council\nAnother paper.\n")
    parts.ingestor.ingest([tmp_path / "x.txt", tmp_path / "keep.txt"])
    paper = find_paper(parts.store, "x.txt")
    remove_paper(parts.store, parts.config.data_dir, paper.doc_id)
    assert [p.file_name for p in list_papers(parts.store)] == ["keep.txt"]
    assert not list((parts.config.data_dir / "files").glob(f"{paper.doc_id}.*"))
    with pytest.raises(QueryError, match="no ingested paper"):
        find_paper(parts.store, "x.txt")


def test_the_real_council_pdfs_ingest_and_the_scan_is_refused(real_index):
    parts, report = real_index
    assert report.count("added") == 11
    [failure] = report.failures
    assert failure.path.name == "real-02.pdf"
    assert "no text layer" in failure.error
    councils = {paper.council for paper in list_papers(parts.store, include_exempt=True)}
    assert "Bristol City Council" in councils
