"""Shared fixtures: the shared corpus, and one real embedding model per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SAMPLES = Path(__file__).resolve().parents[1] / "ui" / "samples"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared corpus is not at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def embed_model():
    """The real bundled MiniLM, loaded once: the suite runs the real stack end to end."""
    from index.embeddings import SentenceTransformerEmbedding

    return SentenceTransformerEmbedding()


@pytest.fixture
def make_components(tmp_path, embed_model):
    """Build real components (Chroma on disk, real model) over a fresh data dir."""
    from assistant.config import load_config
    from assistant.factory import Components

    def build(data_dir: Path | None = None, **overrides) -> Components:
        config = load_config(
            overrides={"data_dir": data_dir or tmp_path / "data", **overrides}, environ={}
        )
        return Components(config, embed_model=embed_model)

    return build


def _ingested(tmp_path_factory, embed_model, corpus: Path, name: str):
    from assistant.config import load_config
    from assistant.factory import Components

    config = load_config(overrides={"data_dir": tmp_path_factory.mktemp(name)}, environ={})
    parts = Components(config, embed_model=embed_model)
    report = parts.ingestor.ingest([corpus])
    assert not [f for f in report.failures if f.path.name != "real-02.pdf"], report.failures
    return parts, report


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, embed_model, shared_corpus):
    """The five seed PDFs ingested once per session: (components, ingest report).

    Tests that use it must not write to it.
    """
    return _ingested(tmp_path_factory, embed_model, shared_corpus / "pdf", "seed-index")


@pytest.fixture(scope="session")
def real_index(tmp_path_factory, embed_model, shared_corpus):
    """The twelve real council PDFs ingested once per session (the scan is refused)."""
    return _ingested(tmp_path_factory, embed_model, shared_corpus / "real", "real-index")
