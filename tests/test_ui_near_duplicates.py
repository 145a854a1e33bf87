"""A report and its agenda pack in the app: one reference, with the other paper as "Also in"."""

from __future__ import annotations

import pytest

from tests.browser import ask, chromium, open_app, running_app, shot
from tests.test_near_duplicates import KENT_PACK, PACK_PAGES, REPORT_PAGES, cut

pytestmark = [pytest.mark.browser, pytest.mark.slow]
QUESTION = "How many irregularity referrals were received between April and August 2023?"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, embed_model, shared_corpus):
    from assistant.config import load_config
    from assistant.factory import Components

    folder = tmp_path_factory.mktemp("pack-and-report")
    pack = cut(shared_corpus / KENT_PACK, PACK_PAGES, folder / "kent-gac-pack.pdf")
    report = cut(shared_corpus / KENT_PACK, REPORT_PAGES, folder / "counter-fraud.pdf")
    data_dir = folder / "data"
    config = load_config(overrides={"data_dir": data_dir}, environ={})
    ingest = Components(config, embed_model=embed_model).ingestor.ingest([pack, report])
    assert not ingest.failures, ingest.failures
    with running_app(data_dir, embed_model) as url:
        yield url


@pytest.fixture
def page(app_url):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_app(page, app_url)
        yield page
        context.close()


def test_the_shared_passage_is_cited_once_and_names_the_other_paper(page):
    turn = ask(page, QUESTION)
    assert "174" in turn.locator(".answer-text").inner_text()
    references = turn.locator(".ref-list li")
    texts = [item.inner_text() for item in references.all()]
    # Only the dated pack is cited: the cut-out (no council, undated) is not a second reference.
    assert texts and all("Kent County Council" in text for text in texts)

    turn.locator(".answer-text button.cite").first.click()
    source = page.locator("#source-panel .source")
    source.wait_for()
    meta = source.locator(".source-meta").inner_text()
    assert "Also in" in meta
    assert "counter-fraud.pdf" in meta and "kent-gac-pack.pdf" in meta
    shot(page, "20-ask-also-in")
