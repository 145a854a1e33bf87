"""Who sees what: exempt papers only for members and officers, everywhere; safe file route."""

from __future__ import annotations

import http.client
from urllib.parse import urlparse

import pytest

from assistant.config import UISettings
from ingest.errors import AccessDeniedError
from ingest.paper import content_hash, doc_id_for
from tests.browser import (
    EXEMPT_FILE,
    SAMPLES,
    SECRETS,
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
from ui.access import Access

PUBLIC_FILE = "eastmere-debt-recovery-report-2025-06-18.txt"
LEISURE_QUESTIONS = [
    "Who was awarded the leisure management contract, and at what price?",
    "Which bidder won the tender for the leisure centres, and with what score?",
    "What is the total contract price for Westgate Pool and Harrowfield Sports Centre?",
]


def doc_id(name: str) -> str:
    return doc_id_for(content_hash((SAMPLES / name).read_bytes()))


def password(username: str) -> str:
    return next(user["password"] for user in USERS if user["username"] == username)


# --- roles, without a browser -------------------------------------------------------------


def settings(**fields) -> UISettings:
    return UISettings(users=USERS, **fields)


@pytest.mark.parametrize(
    ("username", "sees_exempt", "can_manage"),
    [("pat", False, False), ("mo", True, False), ("olu", True, True)],
)
def test_each_role_sees_and_does_what_it_may(username, sees_exempt, can_manage):
    user = Access(settings()).user(username)
    assert (user.sees_exempt, user.can_manage) == (sees_exempt, can_manage)
    assert ("exempt" in user.filters().classifications) is sees_exempt


def test_unknown_or_missing_user_is_refused_when_login_is_on():
    access = Access(settings())
    for username in (None, "", "mallory"):
        with pytest.raises(AccessDeniedError):
            access.user(username)


@pytest.mark.parametrize(("show_exempt", "sees_exempt"), [(False, False), (True, True)])
def test_without_users_one_local_user_may_upload(show_exempt, sees_exempt):
    access = Access(UISettings(show_exempt_without_login=show_exempt))
    user = access.user(None)
    assert access.credentials() is None
    assert user.can_manage and user.sees_exempt is sees_exempt


def test_only_officers_may_manage():
    with pytest.raises(AccessDeniedError, match="only officers may upload papers"):
        Access(settings()).user("mo").require_manage("upload papers")


# --- in the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, embed_model):
    return sample_data_dir(tmp_path_factory, embed_model)


@pytest.fixture(scope="module")
def auth_url(data_dir, embed_model):
    with running_app(data_dir, embed_model, users=USERS) as url:
        yield url


@pytest.fixture(scope="module")
def open_url(data_dir, embed_model):
    """No users configured: one local user, exempt papers hidden."""
    with running_app(data_dir, embed_model) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_public_user_never_sees_exempt_content(context, auth_url):
    page = context.new_page()
    open_app(page, auth_url, "pat", password("pat"))
    assert "public papers only" in page.locator("#user-badge").inner_text()
    for question in LEISURE_QUESTIONS:
        ask(page, question)
    turns = page.locator("#conversation article.turn")
    assert turns.count() == len(LEISURE_QUESTIONS)
    for cite in page.locator("#conversation button.cite").all()[:4]:
        cite.click()
        page.locator("#source-panel .source").wait_for()
        assert not any(secret in page_text(page) for secret in SECRETS)
    shot(page, "08-public-user")
    page.locator("#committee input").click()
    committees = {o.get_attribute("aria-label") for o in page.get_by_role("option").all()}
    assert "Cabinet" not in committees
    page.keyboard.press("Escape")

    open_tab(page, "Library")
    page.locator("#library-table").get_by_text("Annual Governance Statement").wait_for()
    assert "Westgate Pool" not in page.locator("#library-table").inner_text()
    open_tab(page, "Status")
    page.locator("#status").get_by_text("Papers you can see").wait_for()
    assert not page.get_by_role("tab", name="Upload").is_visible()
    assert not any(secret in page_text(page) for secret in SECRETS)

    exempt = context.request.get(f"{auth_url}papers/{doc_id(EXEMPT_FILE)}")
    assert exempt.status == 404 and "Harbourline" not in exempt.text()
    public = context.request.get(f"{auth_url}papers/{doc_id(PUBLIC_FILE)}")
    assert public.status == 200 and "council tax arrears" in public.text()


@pytest.mark.browser
@pytest.mark.slow
def test_member_gets_the_exempt_answer_with_a_citation(context, auth_url):
    page = context.new_page()
    open_app(page, auth_url, "mo", password("mo"))
    assert "includes exempt papers" in page.locator("#user-badge").inner_text()
    turn = ask(page, LEISURE_QUESTIONS[0])
    assert "Harbourline Leisure Ltd" in turn.locator(".answer-text").inner_text()
    cited = turn.locator(".ref-list li", has=page.locator(".badge-exempt")).first
    assert "20 May 2025" in cited.inner_text()
    cited.locator("a.ref-link").click()
    source = page.locator("#source-panel")
    source.locator(".exempt-banner").wait_for()
    assert any(secret in source.locator("mark").first.inner_text() for secret in SECRETS)
    shot(page, "09-member-exempt-source")
    assert not page.get_by_role("tab", name="Upload").is_visible()

    original = context.request.get(f"{auth_url}papers/{doc_id(EXEMPT_FILE)}")
    assert original.status == 200 and "£4,875,000" in original.text()
    assert original.headers["cache-control"] == "private, no-store"


@pytest.mark.browser
@pytest.mark.slow
def test_officer_may_upload(context, auth_url):
    page = context.new_page()
    open_app(page, auth_url, "olu", password("olu"))
    assert page.get_by_role("tab", name="Upload").is_visible()


@pytest.mark.browser
def test_file_route_needs_a_signed_in_user(context, auth_url):
    response = context.request.get(f"{auth_url}papers/{doc_id(PUBLIC_FILE)}")
    assert response.status == 401


@pytest.mark.browser
def test_file_route_hides_exempt_files_without_login(context, open_url):
    assert context.request.get(f"{open_url}papers/{doc_id(EXEMPT_FILE)}").status == 404
    assert context.request.get(f"{open_url}papers/{doc_id(PUBLIC_FILE)}").status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/papers/../../councilqa-secret.txt",
        "/papers/..%2F..%2Fcouncilqa-secret.txt",
        "/papers/%2e%2e%2f%2e%2e%2fcouncilqa-secret.txt",
        "/papers/..%5C..%5Ccouncilqa-secret.txt",
        "/papers/%2Fetc%2Fpasswd",
        "/papers//etc/passwd",
        "/papers/....//....//etc/passwd",
        "/papers/{doc_id}%00.txt",
        "/papers/{doc_id}/..%2F..%2Fcouncilqa-secret.txt",
        "/papers/secret",
    ],
)
def test_file_route_refuses_path_traversal(path, data_dir, open_url):
    (data_dir / "files" / "secret.txt").write_text("TOP-SECRET-FILE")
    (data_dir.parent / "councilqa-secret.txt").write_text("TOP-SECRET-FILE")
    address = urlparse(open_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", path.format(doc_id=doc_id(PUBLIC_FILE)))  # sent exactly as written
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    assert "TOP-SECRET-FILE" not in body and "root:x:0:0" not in body
    assert response.status in {400, 404}


def test_upload_and_remove_handlers_refuse_non_officers(tmp_path):
    import gradio as gr

    from assistant.answering import Assistant
    from assistant.config import load_config
    from ui.library import Library
    from ui.upload_tab import UploadTab

    access = Access(settings())
    tab = UploadTab(Assistant(load_config(environ={})), access)
    for username in ("pat", "mo"):
        with pytest.raises(gr.Error, match="only officers may upload papers"):
            next(tab.ingest(["minutes.txt"], gr.Request(username=username)))
        with pytest.raises(AccessDeniedError, match="only officers may remove papers"):
            Library(store=None, data_dir=tmp_path).remove(access.user(username), "b587c4a39dfe34e2")
