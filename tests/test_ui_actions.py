"""The Actions tab in a real browser: the table of records, and a record's timeline on click."""

from __future__ import annotations

import pytest

from tests.browser import TIMEOUT_MS, chromium, open_app, open_tab, running_app, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def page(seed_index, embed_model):
    parts, _ = seed_index
    with running_app(parts.config.data_dir, embed_model) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_app(page, url)
        yield page
        context.close()


def test_actions_tab_lists_records_and_shows_a_timeline_with_citations(page):
    open_tab(page, "Actions")
    table = page.locator("#actions-table")
    table.get_by_text("CA07-2023", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert "RB21-2023" in table.inner_text()
    search = page.locator("#actions-search input, #actions-search textarea")
    search.fill("almost")  # the Bexley peer-challenge table's recommendation 2
    page.locator("#actions-count").get_by_text("1 record: 1 open, 0 closed").wait_for()
    assert "Almost completed" in table.inner_text()

    search.fill("")
    page.locator("#actions-state").get_by_text("Closed", exact=True).click()
    page.locator("#actions-count").get_by_text("3 records: 0 open, 3 closed").wait_for()
    page.locator("#actions-state").get_by_text("All", exact=True).click()
    search.fill("procurement")
    table.get_by_text("CA07-2023", exact=True).wait_for()

    table.get_by_text("CA07-2023", exact=True).click()
    timeline = page.locator("#action-timeline .action-timeline")
    timeline.wait_for(timeout=TIMEOUT_MS)
    entries = timeline.locator("li.timeline-entry")
    assert entries.count() >= 2
    first = entries.first.text_content()
    assert "14 September 2023" in first and "Mentions CA07-2023" in first
    assert "deferred to the October meeting" in first
    source = timeline.locator("li.timeline-source").text_content()
    assert "25 October 2023" in source and "Kent County Council" in source
    assert "Clare Maynard" in timeline.inner_text()
    link = timeline.locator("li.timeline-source a").get_attribute("href")
    assert link and link.startswith("papers/") and link.endswith("#page=6")

    timeline.scroll_into_view_if_needed()
    path = shot(page, "actions-timeline")
    assert path.exists() and path.stat().st_size > 20_000
