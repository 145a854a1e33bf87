"""The theme explorer: every passage on a theme, grouped by council and paper in date order."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from assistant.answering import Assistant
from assistant.sentences import split_sentences
from assistant.themes import MIN_SIMILARITY, NO_COUNCIL, ThemeExplorer
from index.filters import SearchFilters
from index.keyword import Tokenizer
from ingest.errors import QueryError
from ui.cli import cli

pytestmark = pytest.mark.slow

KENT = "Kent County Council"
BROMLEY = "London Borough of Bromley"


@pytest.fixture(scope="module")
def assistant(seed_index):
    parts, _ = seed_index
    return Assistant(parts.config, parts)


@pytest.fixture(scope="module")
def explorer(assistant):
    return ThemeExplorer.for_assistant(assistant)


@pytest.fixture(scope="module")
def culture(explorer):
    return explorer.explore("culture change", SearchFilters.for_role("public"))


def test_the_theme_is_found_across_councils_and_papers(culture):
    papers = {(paper.council, paper.paper) for paper in culture.papers}
    assert (KENT, "Governance Review") in papers  # the LGA governance review of Kent
    assert (BROMLEY, "LONDON EFFICIENCY CHALLENGE FEEDBACK AND ACTION PLAN") in papers
    assert (NO_COUNCIL, "Improvement Plan Progress") in papers  # "Organisational Culture Change"
    assert not any("covert" in title.lower() for _, title in papers)  # RIPA: off the theme


def test_every_sentence_holding_all_the_theme_words_is_included(assistant, culture):
    tokenize = Tokenizer()
    terms = set(tokenize("culture change"))
    where = SearchFilters.for_role("public").to_where()
    expected = {
        chunk.id
        for chunk in assistant.components.store.iter_chunks(where)
        if any(terms <= set(tokenize(s.text)) for s in split_sentences(chunk.text))
    }
    found = {m.passage.chunk_id for _, _, m in culture.mentions()}
    assert expected and expected <= found


def test_every_quote_is_exact_and_on_the_theme(assistant, culture):
    tokenize = Tokenizer()
    terms = set(tokenize("culture change"))
    embed = assistant.components.embed_model
    theme = np.asarray(embed.get_query_embedding("culture change"))
    for _, _, mention in culture.mentions():
        for sentence in mention.quote.split(" … "):
            assert sentence in mention.passage.text
            if terms <= set(tokenize(sentence)):
                continue
            vector = np.asarray(embed.get_text_embedding(sentence))
            similarity = vector @ theme / (np.linalg.norm(vector) * np.linalg.norm(theme))
            assert similarity >= MIN_SIMILARITY - 1e-6, sentence


def test_grouped_by_council_then_paper_in_date_order_with_counts(culture):
    councils = [council.council for council in culture.councils]
    assert councils[-1] == NO_COUNCIL  # unstated last, the rest A-Z
    assert councils[:-1] == sorted(councils[:-1], key=str.casefold)
    for council in culture.councils:
        dated = [paper.meeting_date for paper in council.papers if paper.meeting_date]
        assert dated == sorted(dated)
        assert [p.meeting_date for p in council.papers][len(dated) :] == [""] * (
            len(council.papers) - len(dated)
        )  # undated papers after the dated ones
        assert council.count == sum(paper.count for paper in council.papers)
        for paper in council.papers:
            assert paper.count == len(paper.mentions) >= 1
            assert all(m.passage.council in (council.council, "") for m in paper.mentions)
    assert culture.count == sum(council.count for council in culture.councils)


def test_filters_narrow_the_theme(explorer):
    kent = explorer.explore("culture change", SearchFilters.for_role("public", council=KENT))
    assert [council.council for council in kent.councils] == [KENT]
    recent = explorer.explore(
        "culture change", SearchFilters.for_role("public", since="2020-01-01")
    )
    assert recent.papers
    assert all(paper.meeting_date >= "2020-01-01" for paper in recent.papers)


def test_a_theme_nobody_wrote_about_finds_nothing(explorer):
    report = explorer.explore("quantum chromodynamics", SearchFilters.for_role("public"))
    assert report.count == 0 and report.councils == []


def test_an_empty_theme_is_refused(explorer):
    with pytest.raises(QueryError, match="the question is empty"):
        explorer.explore("   ", SearchFilters.for_role("public"))


@pytest.fixture(scope="module")
def samples(tmp_path_factory, embed_model):
    from assistant.config import load_config
    from assistant.factory import Components
    from tests.browser import sample_data_dir

    config = load_config(
        overrides={"data_dir": sample_data_dir(tmp_path_factory, embed_model)}, environ={}
    )
    return Assistant(config, Components(config, embed_model=embed_model))


def test_exempt_passages_reach_members_but_never_the_public(samples):
    explorer = ThemeExplorer.for_assistant(samples)
    public = explorer.explore("leisure contract", SearchFilters.for_role("public"))
    member = explorer.explore("leisure contract", SearchFilters.for_role("member"))
    public_text = json.dumps(public.to_dict())
    assert "Harbourline" not in public_text and '"exempt"' not in public_text
    exempt = [m for _, _, m in member.mentions() if m.passage.classification == "exempt"]
    assert exempt and any("Harbourline" in m.quote for m in exempt)


def test_the_cli_prints_the_groups_and_writes_both_files(seed_index, tmp_path):
    parts, _ = seed_index
    csv_path, xlsx_path = tmp_path / "culture.csv", tmp_path / "culture.xlsx"
    args = ["--data-dir", str(parts.config.data_dir), "themes", "culture change"]
    args += ["--council", KENT, "--csv", str(csv_path), "--xlsx", str(xlsx_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith('"culture change": ') and lines[0].endswith("from 1 council")
    assert lines[2].startswith(f"{KENT} (")
    assert any(line.startswith("  2023-10-25  Governance Review (") for line in lines)
    assert csv_path.is_file() and xlsx_path.is_file()
    rows = int(lines[0].split(": ")[1].split()[0])
    assert f"Wrote {rows} rows to {csv_path}" in lines

    as_json = CliRunner().invoke(cli, [*args[:4], "--council", KENT, "--json"])
    data = json.loads(as_json.stdout)
    assert data["theme"] == "culture change" and data["mentions"] == rows
    assert [c["council"] for c in data["councils"]] == [KENT]
    assert all(p["passages"][0]["quote"] for p in data["councils"][0]["papers"])
