"""Helpers for the browser tests: the app on a loopback port, Debian's Chromium, page steps.

No browser is downloaded: Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ui" / "samples"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXEMPT_FILE = "eastmere-cabinet-part2-leisure-contract-2025-05-20.txt"
SECRETS = ("Harbourline", "4,875,000")
USERS = [
    {"username": "pat", "password": "pat-public-1", "role": "public"},
    {"username": "mo", "password": "mo-member-1", "role": "member"},
    {"username": "olu", "password": "olu-officer-1", "role": "officer"},
]
TIMEOUT_MS = 60_000

_sample_dirs: dict[int, Path] = {}


def sample_data_dir(tmp_path_factory: pytest.TempPathFactory, embed_model: Any) -> Path:
    """A data dir with the four sample papers ingested, built once per test session."""
    key = id(embed_model)
    if key not in _sample_dirs:
        from assistant.config import load_config
        from assistant.factory import Components

        data_dir = tmp_path_factory.mktemp("ui-samples")
        config = load_config(overrides={"data_dir": data_dir}, environ={})
        report = Components(config, embed_model=embed_model).ingestor.ingest([SAMPLES])
        assert not report.failures, report.failures
        _sample_dirs[key] = data_dir
    return _sample_dirs[key]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(data_dir: Path, embed_model: Any, **ui: Any) -> Iterator[str]:
    """Serve the real app over ``data_dir`` on a free loopback port; yields its base URL."""
    import uvicorn

    from assistant.answering import Assistant
    from assistant.config import load_config
    from assistant.factory import Components
    from ui.app import create_app

    config = load_config(overrides={"data_dir": data_dir, "ui": ui}, environ={})
    assistant = Assistant(config, Components(config, embed_model=embed_model))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(assistant), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright; skips when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def copy_samples(tmp_path: Path, names: list[str] | None = None) -> Path:
    folder = tmp_path / "samples"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        if names is None or path.name in names:
            shutil.copy(path, folder / path.name)
    return folder


# --- page steps ---------------------------------------------------------------------------


def open_app(page: Any, url: str, username: str = "", password: str = "") -> None:
    """Load the app (signing in through Gradio's login form when asked) and wait for it."""
    page.goto(url)
    if username:
        page.locator("input[data-testid=textbox]").fill(username)
        page.locator("input[data-testid=password]").fill(password)
        page.get_by_role("button", name="Login").click()
    page.locator("#conversation .empty-state:not(.loading)").wait_for(timeout=TIMEOUT_MS)
    page.locator("#user-badge .user-badge").wait_for(timeout=TIMEOUT_MS)


def ask(page: Any, question: str) -> Any:
    """Ask a question and wait for its answer (or refusal) to finish; returns that turn."""
    before = page.locator("#conversation article.turn").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    turn = page.locator("#conversation article.turn").nth(before)
    turn.locator(".ref-list, .refusal").first.wait_for(timeout=TIMEOUT_MS)
    return turn


def open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def page_text(page: Any) -> str:
    """Everything the page holds, visible or not (HTML, so hidden copies count too)."""
    return page.content()
