"""The eval gold set: big and varied enough, and every quote and key fact found in the papers.

Quotes must survive both the seed .txt and our own PDF cleaning, so a cleaning regression that
garbles a cited sentence fails here. Extracted PDF texts are cached in pytest's cache, keyed by
the PDFs, the ingest source and the pypdf version, so a warm run takes a second or two.
"""

from __future__ import annotations

import ast
import hashlib
import json
import multiprocessing
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from eval.gold import PERSONAS, REGEX_PREFIX, load_gold, normalise

ROOT = Path(__file__).resolve().parents[1]
SEED_PAPERS = (
    "000_dd89d24bcf457004",
    "001_8f26e6d260330292",
    "002_1f87ef84fb8f7cad",
    "003_dfb043910044c6ac",
    "004_adab439f4255c67e",
)
SCANNED_PAPER = "real-02"  # no text layer: ingestion refuses it
CACHE_KEY = "councilqa/gold-set-paper-texts"
GOLD = load_gold()


def count(**conditions) -> int:
    """How many gold questions have every attribute equal to the value given."""
    return sum(
        all(getattr(question, name) == value for name, value in conditions.items())
        for question in GOLD
    )


MINIMUMS = {
    "questions over the seeds": (count(corpus="seeds"), 80),
    "questions over the real PDFs": (count(corpus="real"), 20),
    "answerable questions": (count(answerable=True), 60),
    "multi-paper questions": (count(multi_paper=True), 12),
    "paraphrased single-paper questions": (count(paraphrased=True, multi_paper=False), 12),
    "unanswerable questions": (count(answerable=False), 15),
    "follow-up questions": (sum(q.follow_up_of is not None for q in GOLD), 5),
}


@pytest.mark.parametrize("name", sorted(MINIMUMS))
def test_gold_set_meets_the_minimum_mix(name):
    found, minimum = MINIMUMS[name]
    assert found >= minimum, f"{found} {name}; at least {minimum} needed"


def test_answerable_questions_cover_every_seed_paper_and_persona():
    answerable = [question for question in GOLD if question.answerable]
    by_paper = Counter(paper for question in answerable for paper in question.papers)
    by_persona = Counter(question.persona for question in answerable)
    thin_papers = [paper for paper in SEED_PAPERS if by_paper[paper] < 5]
    thin_personas = [persona for persona in sorted(PERSONAS) if by_persona[persona] < 10]
    assert (thin_papers, thin_personas) == ([], [])


def test_question_ids_are_unique():
    ids = Counter(question.id for question in GOLD)
    assert [name for name, seen in ids.items() if seen > 1] == []


def test_every_follow_up_points_at_an_earlier_question():
    earlier: set[str] = set()
    for question in GOLD:
        if question.follow_up_of is not None:
            assert question.follow_up_of in earlier, question.id
        earlier.add(question.id)


def test_no_question_is_written_on_the_scanned_paper():
    assert [q.id for q in GOLD if SCANNED_PAPER in q.papers] == []


def test_load_gold_names_the_bad_line(tmp_path):
    good = {
        "id": "kent-01", "corpus": "seeds", "question": "Who was elected Vice-Chair?",
        "persona": "member", "answerable": False, "paraphrased": False, "multi_paper": False,
        "follow_up_of": None, "evidence": [], "key_facts": [],
    }  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "persona": "mayor"}) + "\n")
    with pytest.raises(ValueError, match="line 2: persona"):
        load_gold(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Reports CA07-\n2023 (Procurement)", "Reports CA072023 (Procurement)"),
        ("the overall  outstanding\n\tdebt", "the overall outstanding debt"),
        ("CS05-2023 Social Care", "CS05-2023 Social Care"),
    ],
)
def test_normalise_joins_wrapped_hyphens_and_collapses_whitespace(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("question", [q for q in GOLD if q.answerable], ids=lambda q: q.id)
def test_every_quote_is_found_in_each_text_of_its_paper(question, paper_texts):
    missing = [
        f"{source} {item.paper}: {item.quote!r}"
        for item in question.evidence
        for source in sources(question.corpus)
        if normalise(item.quote) not in paper_texts[source, item.paper]
    ]
    assert missing == []


@pytest.mark.parametrize("question", [q for q in GOLD if q.answerable], ids=lambda q: q.id)
def test_every_key_fact_is_grounded_in_an_evidence_paper(question, paper_texts):
    texts = [
        paper_texts[source, paper]
        for paper in question.papers
        for source in sources(question.corpus)
    ]
    ungrounded = [fact for fact in question.key_facts if not any(states(t, fact) for t in texts)]
    assert ungrounded == []


def sources(corpus: str) -> tuple[str, ...]:
    """Seed papers are checked in their .txt and their cleaned PDF; real papers as cleaned."""
    return ("txt", "pdf") if corpus == "seeds" else ("pdf",)


def states(text: str, fact: str) -> bool:
    """Whether normalised ``text`` states ``fact``: a plain string or a ``re:`` regex."""
    if fact.startswith(REGEX_PREFIX):
        return re.search(fact.removeprefix(REGEX_PREFIX), text, re.IGNORECASE) is not None
    return normalise(fact).casefold() in text.casefold()


@pytest.fixture(scope="session")
def paper_texts(shared_corpus: Path, request: pytest.FixtureRequest) -> dict[tuple[str, str], str]:
    """Normalised text of every cited paper: ("txt", stem) for seed .txt, ("pdf", stem) cleaned."""
    papers = sorted({(q.corpus, paper) for q in GOLD for paper in q.papers})
    pdfs = {
        paper: shared_corpus / ("pdf" if corpus == "seeds" else "real") / f"{paper}.pdf"
        for corpus, paper in papers
    }
    texts = {
        ("txt", paper): normalise((shared_corpus / "seeds" / f"{paper}.txt").read_text("utf-8"))
        for corpus, paper in papers
        if corpus == "seeds"
    }
    cleaned = cached_cleaned_texts(pdfs, request.config)
    texts.update({("pdf", paper): normalise(text) for paper, text in cleaned.items()})
    return texts


def cached_cleaned_texts(pdfs: dict[str, Path], config: pytest.Config) -> dict[str, str]:
    """Cleaned PDF texts from pytest's cache when nothing they depend on has changed."""
    import pypdf

    digest = hashlib.sha256(pypdf.__version__.encode())
    for source in sorted(ingest_sources("ingest.cleaning")):
        digest.update(source.read_bytes())
    for paper, path in sorted(pdfs.items()):
        digest.update(paper.encode() + path.read_bytes())
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    stored = cache.get(CACHE_KEY, {}) if cache else {}
    if stored.get("digest") == digest.hexdigest():
        return stored["texts"]
    # pypdf is pure Python: extract in parallel processes (spawned, so no inherited threads).
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn")) as pool:
        texts = dict(zip(pdfs, pool.map(cleaned_text, map(str, pdfs.values())), strict=True))
    if cache:
        cache.set(CACHE_KEY, {"digest": digest.hexdigest(), "texts": texts})
    return texts


def ingest_sources(module: str, found: set[Path] | None = None) -> set[Path]:
    """The source file of an ingest module and of every ingest module it imports, recursively."""
    found = set() if found is None else found
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    found.add(path)
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        for name in names:
            source = ROOT.joinpath(*name.split(".")).with_suffix(".py")
            if name.startswith("ingest.") and source.is_file() and source not in found:
                ingest_sources(name, found)
    return found


def cleaned_text(path: str) -> str:
    """The document text our ingest pipeline produces for one PDF."""
    from ingest.cleaning import clean_pages
    from ingest.loaders import load_file

    loaded = load_file(path)
    return clean_pages(loaded.pages, wrapped=loaded.paginated).text
