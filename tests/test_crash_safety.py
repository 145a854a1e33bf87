"""kill -9 part way through an ingest, run it again: the index is as if it ran once.

Real subprocesses running the real CLI against a real Chroma store on disk.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def councilqa(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored_state(data_dir: Path) -> tuple[list[str], list[str]]:
    """Sorted chunk ids and kept files: what a second run must reproduce exactly."""
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(
        path=str(data_dir / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    ids = sorted(client.get_collection("councilqa").get(include=[])["ids"])
    files = sorted(p.name for p in (data_dir / "files").iterdir())
    return ids, files


@pytest.fixture(scope="module")
def papers(tmp_path_factory, shared_corpus):
    folder = tmp_path_factory.mktemp("papers")
    for name in ("real-01.pdf", "real-12.pdf"):
        shutil.copy(shared_corpus / "real" / name, folder / name)
    for sample in (ROOT / "ui" / "samples").glob("*.txt"):
        shutil.copy(sample, folder / sample.name)
    return folder


@pytest.fixture(scope="module")
def clean_state(tmp_path_factory, papers):
    data_dir = tmp_path_factory.mktemp("clean")
    process = councilqa(data_dir, "ingest", str(papers))
    assert process.wait(timeout=600) == 0, process.stderr.read()
    return stored_state(data_dir)


def test_a_killed_ingest_rerun_matches_a_clean_run(tmp_path, papers, clean_state):
    data_dir = tmp_path / "data"
    process = councilqa(data_dir, "ingest", str(papers))
    for line in process.stderr:  # wait until at least one paper is in, then kill mid-batch
        if "+ added" in line:
            break
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    partial, _ = stored_state(data_dir)
    assert 0 < len(partial) < len(clean_state[0])

    rerun = councilqa(data_dir, "ingest", str(papers))
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read()
    assert stored_state(data_dir) == clean_state


def test_two_ingests_at_once_leave_the_same_index_as_one(tmp_path, papers, clean_state):
    data_dir = tmp_path / "data"
    first = councilqa(data_dir, "ingest", str(papers))
    second = councilqa(data_dir, "ingest", str(papers))
    assert first.wait(timeout=900) == 0, first.stderr.read()
    assert second.wait(timeout=900) == 0, second.stderr.read()
    assert stored_state(data_dir) == clean_state


def test_a_new_store_is_opened_by_one_process_at_a_time(tmp_path):
    """Chroma's first-time schema set-up is not safe across processes: two ingests into a new
    data dir once failed with "table collections already exists". While another process holds
    the open lock, the CLI waits before touching the store, then goes on."""
    from index.lock import OPEN_LOCK_FILE, store_open_lock

    data_dir = tmp_path / "data"
    with store_open_lock(data_dir):
        process = councilqa(data_dir, "docs", "--json")
        lock_file = str(data_dir / OPEN_LOCK_FILE)
        deadline = time.monotonic() + 120
        while not _holds_open(process.pid, lock_file):  # it has reached the lock
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.0)
        assert process.poll() is None
        assert not (data_dir / "chroma").exists()
    assert process.wait(timeout=120) == 0, process.stderr.read()
    assert (data_dir / "chroma").exists()


def _holds_open(pid: int, path: str) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == path for fd in fds.iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False
