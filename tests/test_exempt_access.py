"""A Part 2 paper's secret reaches members with a citation and never reaches the public.

The exempt paper and its Part 1 twin describe the same contract award; only the exempt one
names the winning bidder and its price. Every path a caller can take is tried: ask (with
and without a follow-up history), search, chat, the paper list, and the same as JSON.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.answering import Assistant
from index.catalogue import list_papers
from index.filters import SearchFilters
from ui.cli import cli

pytestmark = pytest.mark.slow

SECRET_BIDDER = "Corvane Aquatics"
SECRET_PRICE = "£7,312,450"
EXEMPT_NOTICE = (
    "This report contains exempt information within paragraph 3 of Part 1 of Schedule 12A"
    " to the Local Government Act 1972"
)
PART_2 = f"""NOT FOR PUBLICATION
{EXEMPT_NOTICE}

LINDHOLM DISTRICT COUNCIL
Cabinet
Date: 14 May 2025
Subject: Riverside Lido operating contract - tender evaluation (Part 2)

1. Tender outcome
1.1 Three compliant tenders were received for the Riverside Lido operating contract.
1.2 The highest scoring tender was submitted by {SECRET_BIDDER} Ltd \
at a contract price of {SECRET_PRICE} over ten years.
1.3 The second placed bidder scored eleven points lower on quality and was more expensive.
"""
PART_1 = """LINDHOLM DISTRICT COUNCIL
Cabinet
Date: 14 May 2025
Subject: Riverside Lido operating contract - award (Part 1)

1. Recommendation
1.1 Cabinet is asked to award the Riverside Lido operating contract \
to the highest scoring bidder for ten years.
1.2 The name of the bidder and the contract price are set out \
in the exempt Part 2 report on this agenda.
1.3 The new operator will take over the lido on 1 September 2025 after a mobilisation period.
"""
QUESTIONS = (
    "Who won the Riverside Lido operating contract and at what price?",
    f"What did {SECRET_BIDDER} bid for the lido contract?",
    f"Riverside Lido contract price {SECRET_PRICE}",
)


@pytest.fixture(scope="module")
def twins(tmp_path_factory, embed_model):
    from assistant.config import load_config
    from assistant.factory import Components

    root = tmp_path_factory.mktemp("twins")
    (root / "papers").mkdir()
    (root / "papers" / "lido-part2.txt").write_text(PART_2)
    (root / "papers" / "lido-part1.txt").write_text(PART_1)
    config = load_config(overrides={"data_dir": root / "data"}, environ={})
    parts = Components(config, embed_model=embed_model)
    report = parts.ingestor.ingest([root / "papers"])
    assert report.count("added") == 2
    return parts


def _leaks(text: str) -> bool:
    return SECRET_BIDDER.lower() in text.lower() or SECRET_PRICE in text


def test_the_twins_are_classified_from_their_content(twins):
    classes = {p.title: p.classification for p in list_papers(twins.store, include_exempt=True)}
    assert sorted(classes.values()) == ["exempt", "public"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_public_callers_get_a_refusal_or_part_1_only(twins, question):
    assistant = Assistant(twins.config, twins)
    public = SearchFilters.for_role("public")
    answer = assistant.ask(question, filters=public)
    history = [("Tell me about the lido contract.", "It went to the highest scoring bidder.")]
    follow_up = assistant.ask("And what was the price?", filters=public, history=history)
    passages = assistant.search(question, filters=public)
    for result in (answer, follow_up):
        shown = {k: v for k, v in result.to_dict().items() if "question" not in k}
        assert not _leaks(json.dumps(shown))  # the caller's own question may name the bidder
        assert all(p.classification == "public" for p in result.retrieved)
        assert result.refused or all(c.passage.classification == "public" for c in result.citations)
    assert passages and all(p.classification == "public" for p in passages)
    assert not any(_leaks(p.text) for p in passages)


def test_members_get_the_secret_with_a_citation(twins):
    assistant = Assistant(twins.config, twins)
    answer = assistant.ask(QUESTIONS[0], filters=SearchFilters.for_role("member"))
    assert not answer.refused
    assert SECRET_PRICE in answer.text
    cited = [c for c in answer.citations if SECRET_PRICE in c.quote]
    assert cited and cited[0].passage.classification == "exempt"
    assert SECRET_PRICE in cited[0].passage.text  # the quote is really in the cited passage


def _run(twins, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(twins.config.data_dir), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_the_command_line_hides_the_secret_from_public_callers(twins):
    for command in (["ask", QUESTIONS[0]], ["search", QUESTIONS[0]], ["docs"]):
        for extra in ([], ["--json"], ["--role", "public"]):
            if command == ["docs"] and extra == ["--role", "public"]:
                continue  # docs takes --include-exempt, not a role
            assert not _leaks(_run(twins, *command, *extra))
    chat = CliRunner().invoke(
        cli,
        ["--data-dir", str(twins.config.data_dir), "chat", "--role", "public"],
        input=f"{QUESTIONS[0]}\nAnd what was the price?\n",
        catch_exceptions=False,
    )
    assert chat.exit_code == 0 and not _leaks(chat.output)


def test_the_command_line_gives_members_the_secret_with_its_reference(twins):
    output = json.loads(_run(twins, "ask", QUESTIONS[0], "--role", "member", "--json"))
    assert SECRET_PRICE in output["text"]
    assert any(SECRET_PRICE in c["quote"] for c in output["citations"])
