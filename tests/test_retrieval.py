"""Hybrid retrieval over the seed papers: exact identifiers, filters inside the search, roles."""

from __future__ import annotations

import pytest

from assistant import retrieval
from assistant.answering import Assistant
from index.filters import SearchFilters
from ingest.errors import QueryError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(seed_index):
    parts, _ = seed_index
    return Assistant(parts.config, parts)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("CS05-2023", "CS05-2023"),
        ("£42.3m", "£42.3m"),
        ("Mrs Hudson", "Mrs Hudson"),
        ("RB21-2023", "RB21-2023"),
    ],
)
def test_exact_names_and_numbers_are_found_by_keyword_search(assistant, query, expected):
    for mode in ("bm25", "hybrid"):
        top = assistant.retriever(assistant.default_filters(), k=3, mode=mode).retrieve(query)
        assert expected in top[0].node.get_content(), (mode, top[0].node.get_content()[:200])


def test_a_council_filter_applies_inside_both_searches(assistant):
    filters = SearchFilters.for_role("public", council="London Borough of Bromley")
    for mode in ("dense", "bm25", "hybrid"):
        passages = assistant.search("debt recovery and internal audit", filters, k=8)
        assert passages, mode
        assert {p.council for p in passages} == {"London Borough of Bromley"}


def test_a_filter_that_matches_nothing_returns_nothing(assistant):
    filters = SearchFilters.for_role("officer", council="Nowhere District Council")
    assert assistant.search("debt recovery", filters) == []
    answer = assistant.ask("What was the social care debt?", filters=filters)
    assert answer.refused and answer.citations == []
    assert answer.text == "No indexed papers match these filters."


def test_a_date_range_keeps_only_papers_dated_inside_it(assistant):
    filters = SearchFilters.for_role("public", since="2023-01-01", until="2023-12-31")
    passages = assistant.search("internal audit progress", filters, k=10)
    assert passages
    assert all("2023-01-01" <= p.meeting_date <= "2023-12-31" for p in passages)


def test_keyword_filter_is_applied_before_the_top_k(assistant):
    """A Bromley chunk ranks far down globally for a Kent query, yet the filtered
    search still returns Bromley chunks (the mask is applied before ranking)."""
    keywords = assistant.keywords
    everything = keywords.search("Governance and Audit Committee Kent", k=5)
    mask = SearchFilters.for_role("public", council="London Borough of Bromley").mask(
        keywords.columns
    )
    filtered = keywords.search("Governance and Audit Committee Kent", k=5, mask=mask)
    assert filtered and not set(h.chunk_id for h in filtered) & set(h.chunk_id for h in everything)


def test_public_callers_never_get_exempt_chunks(assistant):
    for query in ("Document is Restricted", "exempt minutes 11th February 2010"):
        public = assistant.search(query, SearchFilters.for_role("public"), k=20)
        assert all(p.classification == "public" for p in public)
    member = assistant.search("Document is Restricted", SearchFilters.for_role("member"), k=20)
    assert any(p.classification == "exempt" for p in member)


@pytest.mark.parametrize("query", ["internal audit progress", "CS05-2023", "warning letters"])
def test_reading_hits_a_few_at_a_time_returns_what_reading_them_all_does(
    assistant, query, monkeypatch
):
    """Hits are read from Chroma in small batches until enough distinct passages are found;
    a batch too small to fill the answer must be followed by another, not cut it short."""
    filters = SearchFilters.for_role("member")
    monkeypatch.setattr(retrieval, "FETCH_BATCH", 100)
    at_once = [hit.node.node_id for hit in assistant.retriever(filters, k=8).retrieve(query)]
    reads = []
    fetch = retrieval.HybridRetriever._fetch

    def counted(self, chunk_ids):
        reads.append(len(chunk_ids))
        return fetch(self, chunk_ids)

    monkeypatch.setattr(retrieval, "FETCH_BATCH", 0.25)  # two hits a read
    monkeypatch.setattr(retrieval.HybridRetriever, "_fetch", counted)
    in_pairs = [hit.node.node_id for hit in assistant.retriever(filters, k=8).retrieve(query)]
    assert len(reads) >= 4 and set(reads) == {2}
    assert in_pairs == at_once and len(at_once) == 8


@pytest.mark.parametrize(
    "bad", [{"since": "last year"}, {"since": "2024-01-01", "until": "2023-01-01"}]
)
def test_bad_dates_are_clear_errors(bad):
    with pytest.raises(QueryError):
        SearchFilters.for_role("public", **bad)


def test_a_keyword_cache_built_by_another_tokenizer_is_rebuilt(seed_index, tmp_path, monkeypatch):
    """The cache matched the store's chunk ids only, so a tokenizer change (possessives once
    gave the term "s") would have kept searching the old terms."""
    from index import keyword

    parts, _ = seed_index
    built = []
    build = keyword.KeywordIndex.build.__func__
    monkeypatch.setattr(
        keyword.KeywordIndex, "build", classmethod(lambda cls, s: built.append(1) or build(cls, s))
    )
    keyword.KeywordIndex.open(parts.store, tmp_path / "bm25")
    keyword.KeywordIndex.open(parts.store, tmp_path / "bm25")
    assert len(built) == 1  # the second open read the cache
    monkeypatch.setattr(keyword, "TOKENIZER_VERSION", "another")
    index = keyword.KeywordIndex.open(parts.store, tmp_path / "bm25")
    assert len(built) == 2
    assert index.search("Mrs Hudson", k=1)


def test_the_keyword_index_keeps_the_words_the_papers_write_in_lower_case(seed_index, tmp_path):
    """They are common words, so the "Fraud" of "Counter Fraud" names no firm where
    "Telephonetics" does (``assistant.org_names``); a cache kept before they were is rebuilt
    with them."""
    import json

    from index.keyword import KeywordIndex

    parts, _ = seed_index
    index = KeywordIndex.open(parts.store, tmp_path / "bm25")
    stem = index.tokenize.stem
    assert stem("fraud") in index.common_words
    assert stem("telephonetics") not in index.common_words
    # "kerry.nicholls@bromley.gov.uk" writes no name in lower case: Nicholls is a person's.
    assert stem("nicholls") not in index.common_words
    assert KeywordIndex.open(parts.store, tmp_path / "bm25").common_words == index.common_words
    cached = tmp_path / "bm25" / "chunks.json"
    meta = json.loads(cached.read_text())
    del meta["common_words"]
    cached.write_text(json.dumps(meta))
    assert KeywordIndex.open(parts.store, tmp_path / "bm25").common_words == index.common_words


def test_dense_search_finds_the_true_nearest_chunks(seed_index):
    """Chroma's default HNSW breadth (ef_search 100) missed some of the nearest chunks for
    most of these questions, and which ones changed each time the store was opened."""
    import numpy as np

    from eval.gold import load_gold

    parts, _ = seed_index
    wanted = 90  # what the unfiltered dense search asks for (candidates x OVERFETCH)
    stored = parts.store.collection.get(include=["embeddings"])
    vectors = np.asarray(stored["embeddings"])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    questions = [q.question for q in load_gold() if q.corpus == "seeds"][::8]
    for question, query in zip(
        questions, parts.embed_model.get_text_embedding_batch(questions), strict=True
    ):
        similarity = dict(zip(stored["ids"], vectors @ np.asarray(query), strict=True))
        kth = sorted(similarity.values(), reverse=True)[wanted - 1]
        found = [chunk_id for chunk_id, _ in parts.store.nearest(query, wanted)]
        assert len(found) == wanted
        assert all(similarity[c] >= kth - 1e-6 for c in found), question  # ties aside


def test_the_search_breadth_setting_reaches_a_store_built_before_it(make_components, tmp_path):
    def breadth(search_ef: int) -> int:
        parts = make_components(tmp_path / "data", chroma={"search_ef": search_ef})
        return parts.store.collection.configuration["hnsw"]["ef_search"]

    assert breadth(200) == 200
    assert breadth(800) == 800
