"""The Themes tab and the Ask tab's "as at" date and reference downloads, in a real browser."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from tests.browser import (
    SECRETS,
    TIMEOUT_MS,
    USERS,
    ask,
    chromium,
    open_app,
    open_tab,
    page_text,
    running_app,
    sample_data_dir,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
COLLECTION = "What was the council tax collection rate for 2024/25?"


def password(username: str) -> str:
    return next(user["password"] for user in USERS if user["username"] == username)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, embed_model):
    with running_app(
        sample_data_dir(tmp_path_factory, embed_model), embed_model, users=USERS
    ) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def signed_in(browser, app_url):
    contexts = []

    def open_as(username: str):
        context = browser.new_context(
            viewport={"width": 1366, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        open_app(page, app_url, username, password(username))
        return page

    yield open_as
    for context in contexts:
        context.close()


def explore(page, theme: str):
    open_tab(page, "Themes")
    page.locator("#theme-query textarea, #theme-query input").first.fill(theme)
    page.locator("#theme-run").click()
    results = page.locator("#theme-results")
    results.locator(".theme-summary, .theme-empty[role=status]").first.wait_for(timeout=TIMEOUT_MS)
    return results


def download(page, button: str, tmp_path):
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.locator(f"#{button}").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_themes_tab_groups_passages_plots_them_and_downloads_the_table(signed_in, tmp_path):
    page = signed_in("mo")
    results = explore(page, "debt recovery")
    summary = results.locator(".theme-summary").inner_text()
    assert summary.startswith("debt recovery: ") and "from 1 council" in summary
    council = results.locator(".theme-council h3").first.inner_text()
    assert council.startswith("Eastmere Borough Council")
    dates = [d.inner_text() for d in results.locator(".theme-date").all()]
    dated = [d for d in dates if d != "undated"]
    assert "12 March 2025" in dated and "18 June 2025" in dated
    assert dated.index("12 March 2025") < dated.index("18 June 2025")  # oldest first
    page.locator("#theme-plot img").wait_for(timeout=TIMEOUT_MS)  # the timeline was drawn
    page.locator("#theme-csv").wait_for(timeout=TIMEOUT_MS)
    shot(page, "13-themes")

    table = download(page, "theme-csv", tmp_path)
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mentions = results.locator(".theme-paper li").count()
    assert len(rows) == mentions >= 2
    assert set(rows[0]) == {
        "council",
        "committee",
        "date",
        "paper",
        "item",
        "page",
        "quote",
        "link",
    }
    assert all(row["council"] == "Eastmere Borough Council" for row in rows)
    assert all(row["link"].startswith("http://127.0.0.1:") for row in rows)
    workbook = download(page, "theme-xlsx", tmp_path)
    assert load_workbook(workbook)["Evidence"].max_row == len(rows) + 1


def test_a_public_user_never_sees_exempt_passages_in_themes_or_downloads(signed_in, tmp_path):
    member = explore(signed_in("mo"), "leisure contract")
    assert "Harbourline" in member.inner_text()
    assert member.locator(".badge-exempt").count() >= 1

    page = signed_in("pat")
    explore(page, "leisure contract")
    assert not any(secret in page_text(page) for secret in SECRETS)
    shot(page, "14-themes-public")
    if page.locator("#theme-xlsx").is_visible():
        workbook = load_workbook(download(page, "theme-xlsx", tmp_path))
        text = " ".join(str(v) for row in workbook["Evidence"].values for v in row)
        assert not any(secret in text for secret in SECRETS)


def test_ask_as_at_a_date_and_download_an_answers_references(signed_in, tmp_path):
    page = signed_in("pat")
    turn = ask(page, COLLECTION)
    note = turn.locator(".answer-note")
    assert "The 18 June 2025 report" in note.inner_text()
    assert turn.locator(".answer-text").inner_text().index("96.1%") < turn.locator(
        ".answer-text"
    ).inner_text().index("95.8%")
    page.locator("#answer-csv").wait_for(timeout=TIMEOUT_MS)
    shot(page, "15-ask-newer-first")
    references = download(page, "answer-csv", tmp_path)
    with references.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == turn.locator(".ref-list li").count()
    assert {row["date"] for row in rows} >= {"2025-06-18", "2025-03-12"}

    as_at = page.locator("#as-at input")
    as_at.fill("2025-04-01")
    as_at.press("Enter")
    page.locator("#filter-summary").get_by_text("1 April 2025").wait_for()
    later = ask(page, COLLECTION)
    text = later.locator(".answer-text").inner_text()
    assert "95.8%" in text and "96.1%" not in text
    assert "12 March 2025" in later.locator(".ref-list").inner_text()
    assert later.locator(".answer-note").count() == 0
    shot(page, "16-ask-as-at")
