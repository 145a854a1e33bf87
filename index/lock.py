"""An exclusive lock on a data directory, so two writers never interleave."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import StoreError

LOCK_FILE = ".councilqa.lock"


@contextmanager
def data_dir_lock(data_dir: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold the data directory's write lock; wait up to ``timeout`` seconds for it.

    The operating system releases the lock when the process dies, even on ``kill -9``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "a+") as handle:
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
