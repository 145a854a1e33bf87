"""Server mode: the same code against a real `chroma run` server instead of the embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answering import Assistant
from index.catalogue import find_paper, list_papers
from index.ingestion import remove_paper

pytestmark = [pytest.mark.slow, pytest.mark.server]

SAMPLES = Path(__file__).resolve().parents[1] / "ui" / "samples"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_ingest_ask_and_remove_against_a_chroma_server(chroma_server, make_components, tmp_path):
    parts = make_components(chroma={"host": "127.0.0.1", "port": chroma_server})
    report = parts.ingestor.ingest([SAMPLES])
    assert report.count("added") == 4 and not report.failures
    assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the embedded store

    assistant = Assistant(parts.config, parts)
    answer = assistant.ask("What was the final council tax collection rate for 2024/25?")
    assert "96.1%" in answer.text and answer.citations

    # A second client (another app server) sees the same papers, and BM25 is rebuilt from
    # the server's documents.
    other = make_components(
        data_dir=tmp_path / "elsewhere", chroma={"host": "127.0.0.1", "port": chroma_server}
    )
    hits = Assistant(other.config, other).search("IA14-2024", k=3)
    assert hits and "IA14-2024" in hits[0].text

    paper = find_paper(parts.store, "eastmere-debt-recovery-report-2025-06-18.txt")
    remove_paper(parts.store, parts.config.data_dir, paper.doc_id)
    assert len(list_papers(other.store, include_exempt=True)) == 3
