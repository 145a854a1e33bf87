"""Find the papers to ingest among the files and folders a user names.

Folders are walked without recursion and each real folder is entered once, so symbolic
link loops and very deep trees end quickly. Problems with what the user named are collected
rather than raised, so that one missing path does not stop the rest of a batch.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableFileError
from ingest.loaders import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Discovery:
    """The files to load (sorted, each real file once) and the named paths that cannot be."""

    files: list[Path]
    problems: list[UnreadableFileError]


def find_files(paths: Iterable[str | Path]) -> Discovery:
    """Expand files and folders into the supported files inside them."""
    found: dict[str, Path] = {}  # real path -> path as found
    problems: list[UnreadableFileError] = []
    visited: set[tuple[int, int]] = set()  # (device, inode) of folders already walked
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except OSError as exc:
            problems.append(UnreadableFileError(path, _missing(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, found, problems, visited)
        elif not stat.S_ISREG(info.st_mode):
            problems.append(UnreadableFileError(path, "not a regular file or folder"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            problems.append(UnreadableFileError(path, _unsupported(path)))
        else:
            found.setdefault(os.path.realpath(path), path)
    return Discovery(files=sorted(found.values()), problems=problems)


def _walk(
    top: Path,
    found: dict[str, Path],
    problems: list[UnreadableFileError],
    visited: set[tuple[int, int]],
) -> None:
    """Add the supported, non-hidden files under ``top``, entering each real folder once."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(
                    (entry for entry in scan if not entry.name.startswith(".")),
                    key=lambda entry: entry.name,
                )
        except OSError as exc:
            problems.append(UnreadableFileError(folder, _cannot_read(exc)))
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:  # a link that loops back on itself
                continue
            if is_dir:
                stack.append(Path(entry.path))
            elif is_file and Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(os.path.realpath(entry.path), Path(entry.path))


def _missing(exc: OSError) -> str:
    return "no such file or folder" if isinstance(exc, FileNotFoundError) else _cannot_read(exc)


def _cannot_read(exc: OSError) -> str:
    return f"cannot be read ({exc.strerror or exc})"


def _unsupported(path: Path) -> str:
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type '{path.suffix or '(none)'}' (councilqa reads {kinds})"
