"""The project's error types: one root, a few named kinds.

Every error a user can cause is one of these, so the CLI and the UI can turn it into a
one-line message instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path


class CouncilQAError(Exception):
    """Root of every error councilqa raises on purpose."""


class UnreadableFileError(CouncilQAError):
    """A file could not be turned into text: corrupt, encrypted, empty, scanned or unsupported."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        printable = "".join(ch if ch.isprintable() else "?" for ch in self.path)
        super().__init__(f"{printable}: {reason}")


class ConfigError(CouncilQAError):
    """The configuration file or environment holds a value that cannot be used."""


class StoreError(CouncilQAError):
    """The index (Chroma store) could not be opened, read or written."""


class QueryError(CouncilQAError):
    """A question or its filters cannot be answered as given (empty, too long, bad value)."""


class AccessDeniedError(CouncilQAError):
    """The caller's role does not allow this action."""
