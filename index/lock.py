"""Exclusive locks on a data directory, so two writers never interleave.

Two locks: the write lock, held for a whole ingest or removal, and a brief one held while
Chroma opens (or first creates) its SQLite store and collections. Two processes creating a
new store at once would otherwise race in Chroma's schema set-up ("table collections
already exists"); the ingest that loses that race has not yet reached the write lock.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from ingest.errors import StoreError

LOCK_FILE = ".councilqa.lock"
OPEN_LOCK_FILE = ".councilqa-open.lock"


@contextmanager
def data_dir_lock(data_dir: Path, timeout: float = 600.0, name: str = LOCK_FILE) -> Iterator[None]:
    """Hold the data directory's write lock (or the lock file ``name``); wait up to
    ``timeout`` seconds for it.

    The operating system releases the lock when the process dies, even on ``kill -9``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / name, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{data_dir}: another councilqa process is writing to it"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def store_open_lock(data_dir: Path) -> AbstractContextManager[None]:
    """Held while the store opens: brief, and separate from the write lock."""
    return data_dir_lock(data_dir, timeout=120.0, name=OPEN_LOCK_FILE)
