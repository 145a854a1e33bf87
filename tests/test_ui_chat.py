"""The Ask tab in a real browser: answers with references, the source panel, filters, copy."""

from __future__ import annotations

import pytest

from tests.browser import ask, chromium, open_app, open_tab, running_app, sample_data_dir, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, embed_model):
    with running_app(sample_data_dir(tmp_path_factory, embed_model), embed_model) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page = context.new_page()
    open_app(page, app_url)
    yield page
    context.close()


def test_new_conversation_offers_examples_for_each_kind_of_user(page):
    groups = page.locator("#conversation .example-title")
    assert [g.inner_text().split("\n")[0].lower() for g in groups.all()] == [
        "councillors",
        "officers",
        "scrutiny researchers",
    ]
    shot(page, "01-ask-empty")


def test_answer_has_clickable_references_and_the_source_highlights_the_quote(page):
    turn = ask(page, "What was the council tax collection rate for 2024/25?")
    assert "96.1%" in turn.locator(".answer-text").inner_text()
    references = turn.locator(".ref-list li")
    assert references.count() >= 1
    first = references.first.inner_text()
    assert "Eastmere Borough Council" in first and "Audit and Governance Committee" in first
    shot(page, "02-ask-answer")

    turn.locator(".answer-text button.cite").first.click()
    source = page.locator("#source-panel")
    mark = source.locator("mark").first
    mark.wait_for()
    assert "96.1%" in mark.inner_text()
    assert "Reference 1" in source.text_content()
    assert "18 June 2025" in source.inner_text()
    link = source.locator(".source-file a")
    assert link.get_attribute("href").startswith("papers/")
    shot(page, "03-ask-source")

    turn.locator(".ref-list a.ref-link").last.click()
    number = references.count()
    page.locator(f'#source-panel .source[data-ref="{number}"]').wait_for()


def test_example_question_is_asked_when_clicked(page):
    page.locator("#conversation button.example", has_text="Fair Collection Protocol").click()
    turn = page.locator("#conversation article.turn").first
    turn.locator(".ref-list").wait_for()
    assert "Fair Collection Protocol" in turn.locator(".msg-question").inner_text()
    assert page.locator("#question textarea").input_value() == ""


def test_refusal_is_shown_as_a_refusal_not_an_answer(page):
    turn = ask(page, "What is the budget for the new town hall?")
    refusal = turn.locator(".refusal")
    assert "Not found in the papers" in refusal.inner_text()
    assert turn.locator(".ref-list, .copy-answer, button.cite").count() == 0
    shot(page, "04-ask-refusal")


def test_date_filter_changes_the_answer_and_clears_in_one_click(page):
    question = "What was the council tax collection rate for 2024/25?"
    unfiltered = ask(page, question).locator(".answer-text").inner_text()
    assert "96.1%" in unfiltered

    until = page.locator("#until input")
    until.fill("2025-04-01")
    until.press("Enter")
    summary = page.locator("#filter-summary")
    summary.get_by_text("1 April 2025").wait_for()
    filtered = ask(page, question)
    text = filtered.locator(".answer-text").inner_text()
    assert "95.8%" in text and "96.1%" not in text
    assert "12 March 2025" in filtered.locator(".ref-list").inner_text()
    shot(page, "05-ask-filtered")

    page.locator("#clear-filters").click()
    summary.get_by_text("all papers").wait_for()
    assert page.locator("#until input").input_value() == ""


def test_document_type_filter_lists_types_from_the_index(page):
    page.locator("#doc-type input").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    labels = {option.get_attribute("aria-label") for option in options.all()}
    assert labels == {"Any type", "minutes", "report", "governance statement"}
    page.get_by_role("option", name="minutes", exact=True).click()
    page.locator("#filter-summary").get_by_text("minutes").wait_for()
    turn = ask(page, "Which audits received Limited assurance?")
    references = turn.locator(".ref-list").inner_text()
    assert "12 March 2025" in references
    assert "18 June 2025" not in references


def test_copy_gives_plain_text_with_references(page):
    turn = ask(page, "When will the revised Contract Procedure Rules go to Full Council?")
    turn.locator("button.copy-answer").click()
    turn.get_by_text("Copied to the clipboard").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Question: When will the revised Contract Procedure Rules")
    assert "due at Full Council on 15 October 2025. [1]" in copied
    assert (
        "References\n[1] Annual Governance Statement 2024/25 · Eastmere Borough Council" in copied
    )
    assert "<" not in copied


def test_follow_up_uses_the_conversation(page):
    ask(page, "Which audits received Limited assurance?")
    turn = ask(page, "How many fuel cards were still active for them?")
    assert "23 fuel cards" in turn.locator(".answer-text").inner_text()
    assert page.locator("#conversation article.turn").count() == 2
    page.locator("#new-chat").click()
    page.locator("#conversation button.example").first.wait_for()
    assert page.locator("#conversation article.turn").count() == 0


def test_library_lists_searches_and_sorts_the_papers(page):
    open_tab(page, "Library")
    count = page.locator("#library-count")
    count.get_by_text("3 papers").wait_for()
    table = page.locator("#library-table")
    text = table.inner_text()
    assert text.index("Debt Recovery") < text.index("Minutes of a meeting")  # newest first
    assert "Westgate Pool" not in text  # the exempt paper stays hidden (no login, default)
    shot(page, "06-library")

    page.locator("#library-search input, #library-search textarea").fill("minutes")
    count.get_by_text("1 of 3 papers match").wait_for()
    assert "Debt Recovery" not in table.inner_text()
    page.locator("#library-search input, #library-search textarea").fill("")
    page.locator("#sort input").click()
    page.get_by_role("option", name="Title (A–Z)").click()
    page.wait_for_function(
        "() => { const t = document.querySelector('#library-table').innerText;"
        " return t.indexOf('Annual Governance') >= 0 &&"
        " t.indexOf('Annual Governance') < t.indexOf('Debt Recovery'); }"
    )


def test_status_shows_model_backend_and_index_size(page):
    open_tab(page, "Status")
    status = page.locator("#status")
    status.get_by_text("Embedding model").wait_for()
    text = status.inner_text()
    assert "all-MiniLM-L6-v2" in text
    assert "extractive" in text
    assert "Papers you can see\t3" in text and "Chunks in those papers\t25" in text
    shot(page, "07-status")
