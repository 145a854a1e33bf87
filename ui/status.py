"""The Settings / status tab: what the app runs on and how big the index is."""

from __future__ import annotations

from html import escape

from assistant.config import Config
from index.catalogue import PaperRecord
from ui.access import User


def status_html(config: Config, user: User, papers: list[PaperRecord]) -> str:
    llm = config.llm
    backend = llm.backend
    if backend != "extractive":
        backend += f" · {llm.model or 'default model'}"
        if llm.base_url:
            backend += f" at {llm.base_url}"
    else:
        backend += " (quotes sentences from the papers; no language model)"
    retrieval = config.retrieval
    store = (
        f"Chroma server {config.chroma.host}:{config.chroma.port}"
        if config.chroma.host
        else "embedded Chroma on this server"
    )
    access = "public papers only"
    if user.sees_exempt:
        access = "public and exempt (Part 2) papers"
    rows = [
        ("Papers you can see", f"{len(papers):,}"),
        ("Chunks in those papers", f"{sum(p.chunks for p in papers):,}"),
        ("Pages", f"{sum(p.pages for p in papers):,}"),
        ("Embedding model", config.embedding.model),
        ("Answer backend", backend),
        ("Search", f"{retrieval.mode}, {retrieval.k} passages per answer"),
        ("Index", store),
        ("Signed in as", user.describe()),
        ("Access", access),
        ("Uploads", f"up to {config.ui.max_upload_mb:g} MB per file"),
        ("Answers worked on at once", str(config.ui.concurrency)),
    ]
    body = "".join(
        f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in rows
    )
    return (
        '<p class="panel-title">About this service</p>'
        f'<table class="status-table"><tbody>{body}</tbody></table>'
    )
