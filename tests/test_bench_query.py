"""`councilqa bench query`: scaled copies of the seed index, and latency figures over them."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from llama_index.core.schema import QueryBundle

from assistant import retrieval
from assistant.answering import Assistant
from eval.bench_query import WARM_UP, format_table, run, scaled_components
from eval.scaled_index import copy_council, copy_doc_id
from index.filters import SearchFilters
from ui.cli import cli


@pytest.fixture(scope="module")
def scaled(seed_index, tmp_path_factory):
    """The seed index ×3 (copy 0 the original, copies 1 and 2 renamed and nudged)."""
    source, _ = seed_index
    return source, scaled_components(source, 3, tmp_path_factory.mktemp("scaled"))


def test_scaled_index_holds_exactly_factor_times_the_chunks(scaled):
    source, copies = scaled
    assert copies.store.count() == 3 * source.store.count()
    assert len(set(copies.store.collection.get(include=[])["ids"])) == copies.store.count()


def test_a_filter_on_a_copys_council_returns_only_that_copys_chunks(scaled):
    source, copies = scaled
    original = source.store.collection.get(include=["metadatas"])["metadatas"]
    council = next(m["council"] for m in original if m["council"])
    renamed = copy_council(council, 2)
    in_source = sum(m["council"] == council for m in original)
    stored = copies.store.collection.get(where={"council": renamed}, include=["metadatas"])
    assert len(stored["ids"]) == in_source
    own_papers = {copy_doc_id(m["document_id"], 2) for m in original if m["council"] == council}
    assert {m["document_id"] for m in stored["metadatas"]} == own_papers

    assistant = Assistant(copies.config, copies)
    passages = assistant.search(
        "annual governance statement internal audit opinion",
        SearchFilters.for_role("officer", council=renamed),
        k=10,
    )
    assert passages
    assert {p.council for p in passages} == {renamed}  # rebuilt nodes carry the new name too
    assert {p.doc_id for p in passages} <= own_papers


def test_copies_have_shifted_dates_and_new_ids(scaled):
    source, copies = scaled
    dated = source.store.collection.get(where={"meeting_date_num": {"$gt": 0}}, limit=1)
    chunk_id, meta = dated["ids"][0], dated["metadatas"][0]
    copy_id = copy_doc_id(meta["document_id"], 1) + chunk_id[len(meta["document_id"]) :]
    copied = copies.store.collection.get(ids=[copy_id], include=["metadatas", "documents"])
    assert copied["documents"] == source.store.collection.get(ids=[chunk_id])["documents"]
    new = copied["metadatas"][0]
    assert 0 < new["meeting_date_num"] < meta["meeting_date_num"]
    assert new["meeting_date"] in new["context"] and meta["meeting_date"] not in new["context"]


def test_copied_vectors_are_perturbed_but_close(scaled):
    source, copies = scaled
    original = source.store.collection.get(limit=50, include=["embeddings", "metadatas"])
    ids = [
        copy_doc_id(m["document_id"], 1) + chunk_id[len(m["document_id"]) :]
        for chunk_id, m in zip(original["ids"], original["metadatas"], strict=True)
    ]
    copied = copies.store.collection.get(ids=ids, include=["embeddings"])
    by_id = dict(zip(copied["ids"], copied["embeddings"], strict=True))
    a = np.asarray(original["embeddings"])
    b = np.asarray([by_id[i] for i in ids])
    cosine = (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert cosine.min() > 0.95
    assert cosine.max() < 0.9999  # nudged, not duplicated
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-4)


QUESTIONS = [
    "internal audit opinion on the control framework",
    "social care debt owed to the council",
    "exempt minutes of the previous meeting",
    "Document is Restricted",  # exempt pages: a public search must not return them
    "collection rate for council tax",
]


@pytest.mark.parametrize("role", ["public", "member"])
def test_dense_search_without_chromas_filter_finds_what_the_filter_finds(scaled, role, monkeypatch):
    """When most chunks pass the filter, dense search filters a wider unfiltered search
    itself (Chroma's own filter costs ~1 s at ×100); it must find what Chroma's filter finds."""
    _, copies = scaled
    assistant = Assistant(copies.config, copies)
    filters = SearchFilters.for_role(role)
    allowed = {
        chunk_id
        for chunk_id, row in assistant.keywords.rows.items()
        if assistant.retriever(filters).allowed[row]
    }
    wheres = []
    nearest = copies.store.nearest

    def spy(embedding, k, where=None):
        wheres.append(where)
        return nearest(embedding, k, where)

    monkeypatch.setattr(copies.store, "nearest", spy)
    for question in QUESTIONS:
        query = QueryBundle(question, embedding=copies.embed_model.get_query_embedding(question))
        wheres.clear()
        fast = [chunk_id for chunk_id, _ in assistant.retriever(filters)._dense(query)]
        assert wheres == [None], "the unfiltered search was not used"
        with monkeypatch.context() as forced:
            forced.setattr(retrieval, "UNFILTERED_SHARE", 1.01)
            slow = [chunk_id for chunk_id, _ in assistant.retriever(filters)._dense(query)]
        assert set(fast) <= allowed
        assert len(fast) == len(slow) == copies.config.retrieval.candidates
        assert len(set(fast) & set(slow)) >= 0.9 * len(slow)  # HNSW is approximate both ways


def test_bench_reports_latency_per_scale_with_n_as_asked(seed_index, embed_model, tmp_path):
    source, _ = seed_index
    bench = run(
        source.config,
        scales=(1, 2),
        questions=3,
        corpus="seeds",
        data_dir=source.config.data_dir,
        work_dir=tmp_path,
        embed_model=embed_model,
    )
    assert [r.scale for r in bench.runs] == [1, 2]
    assert bench.runs[1].chunks == 2 * bench.runs[0].chunks == 2 * source.store.count()
    for result in bench.runs:
        for latency in (result.retrieval, result.answer):
            assert latency.n == 3
            assert 0 < latency.p50 <= latency.p95
        assert result.answer.p50 > result.answer_parts["retrieve"] > 0
    assert bench.goals() == {"retrieval": None, "answer": None}  # ×100 was not run
    table = format_table(bench)
    assert f"n = 3 questions per scale after {WARM_UP} warm-up" in table
    assert "×2" in table
    assert "not judged (×100 was not run)" in table


def test_bench_query_command_prints_json_for_scripts(seed_index):
    source, _ = seed_index
    data_dir = str(source.config.data_dir)
    args = ["bench", "query", "--data-dir", data_dir, "--corpus", "seeds", "--scales", "1"]
    result = CliRunner().invoke(cli, [*args, "--questions", "2", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [run["scale"] for run in report["runs"]] == [1]
    assert report["runs"][0]["chunks"] == source.store.count()
    assert report["runs"][0]["retrieval"]["n"] == report["runs"][0]["answer"]["n"] == 2
    assert report["met"] == {"retrieval": None, "answer": None}


@pytest.mark.parametrize("scales", ["1,ten", "0,10", ","])
def test_bench_query_refuses_bad_scales(scales, tmp_path):
    result = CliRunner().invoke(
        cli, ["bench", "query", "--data-dir", str(tmp_path), "--scales", scales]
    )
    assert result.exit_code == 2
    assert "--scales" in result.output
