"""The Gradio app: Ask, Library, Upload and Status tabs over an :class:`Assistant`.

``CouncilApp(assistant)`` is handed its services and reads the index only through the
catalogue functions (in :mod:`ui.library` and :mod:`ui.files`). ``create_app`` mounts the
Blocks on FastAPI next to the route that serves original files; ``serve`` runs it.
"""

from __future__ import annotations

import ipaddress
import logging
from html import escape
from typing import Any

import gradio as gr
import uvicorn
from fastapi import FastAPI, Request
from starlette.routing import Mount

from assistant.actions import ActionTracker
from assistant.answering import Assistant
from ingest.errors import CouncilQAError
from ui.access import Access, User
from ui.actions_tab import ActionsTab
from ui.ask_tab import AskTab
from ui.chat import Chat
from ui.files import PaperFiles
from ui.library import Library
from ui.library_tab import LibraryTab
from ui.status import status_html
from ui.theme import STATIC, theme
from ui.themes_tab import ThemesTab
from ui.upload_tab import UploadTab

log = logging.getLogger(__name__)

# The queue. An answer is CPU bound (embedding the question and the candidate sentences with
# the one shared embedding model) and the target machine has 2 cores, so working on many at
# once only makes each one slower: `config.ui.concurrency` answers run together and the rest
# wait their turn in order, seeing their place in the queue. Measured with eval/load_ui.py
# (20 askers for 60 s, sample papers, 2 cores) throughput is flat at ~1.75 answers/s for
# 2, 4 or 8 at once; fewer at once gives the steadier latency (p95 11.8 s at 2, 14.8 s at 4).
# The queue holds everyone who may be waiting: at that rate 100 queued events is a wait of
# about a minute; past that a user is better told at once that the service is busy.
QUEUE_MAX_SIZE = 100
TITLE = "Council papers assistant"


class CouncilApp:
    """Builds the Blocks for one :class:`Assistant`."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.config = assistant.config
        parts = assistant.components
        self.access = Access(self.config.ui)
        self.files = PaperFiles(parts.store, self.config.data_dir)
        self.library = Library(parts.store, self.config.data_dir)
        self.ask_tab = AskTab(Chat(assistant, self.files), self.user, self.config.ui.concurrency)
        self.library_tab = LibraryTab(self.library, assistant, self.user)
        self.actions_tab = ActionsTab(ActionTracker(parts.store), self.files, self.user)
        self.upload_tab = UploadTab(assistant, self.access)
        self.themes_tab = ThemesTab(assistant, self.files, self.user)

    def user(self, request: gr.Request | None) -> User:
        """The user behind a Gradio request (``gr.Request.username`` when login is on)."""
        try:
            return self.access.user(request.username if request else None)
        except CouncilQAError as exc:
            raise gr.Error(str(exc)) from exc

    def build(self) -> gr.Blocks:
        with gr.Blocks(
            title=TITLE,
            analytics_enabled=False,
            fill_width=True,
            delete_cache=(3600, 3600),  # Gradio's temporary upload copies, hourly
        ) as demo:
            with gr.Row(elem_id="topbar", equal_height=True):
                gr.HTML(
                    '<div class="brand"><span class="brand-mark" aria-hidden="true">§</span>'
                    f'<div><p class="brand-name">{TITLE}</p>'
                    '<p class="brand-sub">Answers from agendas, minutes and reports, '
                    "each sentence linked to its source</p></div></div>",
                    elem_id="brand",
                )
                badge = gr.HTML(elem_id="user-badge")
            with gr.Tabs(elem_id="tabs"):
                with gr.Tab("Ask", id="ask"):
                    self.ask_tab.build()
                with gr.Tab("Themes", id="themes"):
                    self.themes_tab.build()
                with gr.Tab("Library", id="library"):
                    self.library_tab.build()
                with gr.Tab("Actions", id="actions"):
                    self.actions_tab.build()
                with gr.Tab("Upload", id="upload", visible=False) as upload:
                    uploaded = self.upload_tab.build()
                with gr.Tab("Status", id="status"):
                    status = gr.HTML(elem_id="status")
            demo.load(
                self.on_load,
                outputs=[
                    badge,
                    upload,
                    status,
                    *self.ask_tab.load_outputs(),
                    *self.library_tab.load_outputs(),
                    *self.actions_tab.load_outputs(),
                    *self.themes_tab.load_outputs(),
                ],
                concurrency_limit=None,
                api_visibility="private",
            )
            quiet = {"concurrency_limit": None, "api_visibility": "private"}
            uploaded.then(self.after_change, None, self._refreshed(status), **quiet)
            self.library_tab.removed.then(self.after_change, None, self._refreshed(status), **quiet)
        demo.queue(default_concurrency_limit=self.config.ui.concurrency, max_size=QUEUE_MAX_SIZE)
        return demo

    def on_load(self, request: gr.Request) -> tuple[Any, ...]:
        user = self.user(request)
        papers = self.library.papers(user)
        return (
            self._badge(user),
            gr.Tab(visible=user.can_manage),
            status_html(self.config, user, papers),
            *self.ask_tab.load(user, papers),
            *self.library_tab.load(user, papers),
            *self.actions_tab.load(user),
            *self.themes_tab.load(papers),
        )

    def _refreshed(self, status: gr.HTML) -> list[Any]:
        ask = self.ask_tab
        return [
            status,
            ask.council,
            ask.committee,
            ask.doc_type,
            *self.library_tab.refresh_outputs(),
            *self.actions_tab.load_outputs(),
            *self.themes_tab.load_outputs(),
        ]

    def after_change(self, request: gr.Request) -> tuple[Any, ...]:
        """After an upload or removal: new filter choices, library and counts."""
        user = self.user(request)
        papers = self.library.papers(user)
        return (
            status_html(self.config, user, papers),
            *self.ask_tab.load(user, papers)[1:],
            *self.library_tab.load(user, papers)[:-1],
            *self.actions_tab.load(user),
            *self.themes_tab.load(papers),
        )

    @staticmethod
    def _badge(user: User) -> str:
        sign_out = ' <a class="sign-out" href="logout">Sign out</a>' if user.signed_in else ""
        scope = "includes exempt papers" if user.sees_exempt else "public papers only"
        return (
            f'<p class="user-badge"><span class="user-name">{escape(user.describe())}</span>'
            f' <span class="user-scope">{scope}</span>{sign_out}</p>'
        )

    def create_app(self) -> FastAPI:
        """FastAPI with the original-file route, and the Blocks mounted at ``/``."""
        blocks = self.build()
        app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
        app.include_router(self.files.router(self.access, lambda r: _gradio_user(app, r)))
        return gr.mount_gradio_app(
            app,
            blocks,
            path="/",
            auth=self.access.credentials(),
            auth_message="Sign in with the account your council gave you.",
            max_file_size=int(self.config.ui.max_upload_mb * 1024 * 1024),
            footer_links=[],
            run_history=False,
            theme=theme(),
            css_paths=[STATIC / "app.css"],
        )


def _gradio_user(app: FastAPI, request: Request) -> str | None:
    """The user Gradio signed in, from its session cookie (as Gradio's own /user route reads it).

    Gradio keeps its login tokens on the mounted app (``tokens``, ``cookie_id``); this is the
    one place that relies on that.
    """
    for route in app.routes:
        if isinstance(route, Mount) and hasattr(route.app, "tokens"):
            mounted: Any = route.app
            token = request.cookies.get(f"access-token-{mounted.cookie_id}") or request.cookies.get(
                f"access-token-unsecure-{mounted.cookie_id}"
            )
            return mounted.tokens.get(token) if token else None
    return None


def create_app(assistant: Assistant) -> FastAPI:
    return CouncilApp(assistant).create_app()


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Run the app until interrupted (``councilqa serve``)."""
    if not assistant.config.ui.users and not is_loopback(host):
        log.warning(
            "no users are configured, so anyone who can reach %s:%s may upload papers; "
            "add [[ui.users]] to councilqa.toml",
            host,
            port,
        )
    app = create_app(assistant)
    print("Loading the embedding model and the index ...", flush=True)
    warm_up(assistant)
    print(f"councilqa is running at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def warm_up(assistant: Assistant) -> None:
    """Load the model and keyword index now, so the first user does not wait for them."""
    try:
        assistant.search("council", k=1)
    except Exception:  # an empty or unreadable index shows itself on the first question
        log.warning("warm-up search failed", exc_info=True)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
