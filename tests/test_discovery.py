"""Finding papers in the files and folders a user names."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from ingest.discovery import Discovery, find_files


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Minutes of the meeting.")


def relative(discovery: Discovery, root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in discovery.files]


def test_folder_is_searched_recursively_for_supported_files_in_sorted_order(tmp_path):
    touch(
        tmp_path,
        "cabinet/2025-03-03 minutes.PDF",
        "cabinet/agenda.docx",
        "planning/report.html",
        "planning/old/notes.md",
        "planning/old/summary.txt",
        "planning/page.htm",
        "planning/site-plan.png",
        "planning/budget.xlsx",
    )
    discovery = find_files([tmp_path])
    assert relative(discovery, tmp_path) == [
        "cabinet/2025-03-03 minutes.PDF",
        "cabinet/agenda.docx",
        "planning/old/notes.md",
        "planning/old/summary.txt",
        "planning/page.htm",
        "planning/report.html",
    ]
    assert discovery.problems == []


def test_hidden_files_and_folders_are_skipped(tmp_path):
    touch(tmp_path, "minutes.pdf", ".~lock.minutes.pdf", ".git/report.txt", ".cache/a/b.md")
    assert relative(find_files([tmp_path]), tmp_path) == ["minutes.pdf"]


def test_named_files_are_kept_even_when_hidden(tmp_path):
    touch(tmp_path, ".draft.txt")
    assert relative(find_files([tmp_path / ".draft.txt"]), tmp_path) == [".draft.txt"]


def test_missing_path_is_a_problem_and_the_rest_still_found(tmp_path):
    touch(tmp_path, "minutes.pdf")
    missing = tmp_path / "agenda.pdf"
    discovery = find_files([missing, str(tmp_path / "minutes.pdf")])
    assert relative(discovery, tmp_path) == ["minutes.pdf"]
    assert [str(problem) for problem in discovery.problems] == [
        f"{missing}: no such file or folder"
    ]


def test_named_file_of_unsupported_type_is_a_problem(tmp_path):
    touch(tmp_path, "site-plan.png", "README")
    discovery = find_files([tmp_path / "site-plan.png", tmp_path / "README"])
    assert discovery.files == []
    kinds = ".docx, .htm, .html, .md, .pdf, .txt"
    assert [str(problem) for problem in discovery.problems] == [
        f"{tmp_path / 'site-plan.png'}: unsupported file type '.png' (councilqa reads {kinds})",
        f"{tmp_path / 'README'}: unsupported file type '(none)' (councilqa reads {kinds})",
    ]


def test_same_file_reached_twice_is_listed_once(tmp_path):
    touch(tmp_path, "papers/minutes.pdf")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "papers" / "minutes.pdf")
    discovery = find_files([tmp_path, tmp_path / "papers", tmp_path / "papers" / "minutes.pdf"])
    assert [path.resolve() for path in discovery.files] == [
        (tmp_path / "papers" / "minutes.pdf").resolve()
    ]


def test_symlink_loops_end(tmp_path):
    touch(tmp_path, "papers/minutes.pdf")
    (tmp_path / "papers" / "back-to-top").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "papers" / "self").symlink_to(tmp_path / "papers" / "self")
    started = time.perf_counter()
    discovery = find_files([tmp_path])
    assert time.perf_counter() - started < 5
    assert relative(discovery, tmp_path) == ["papers/minutes.pdf"]
    assert discovery.problems == []


def test_link_to_a_folder_outside_is_followed(tmp_path):
    touch(tmp_path, "archive/2019/minutes.pdf")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "old").symlink_to(tmp_path / "archive", target_is_directory=True)
    discovery = find_files([tmp_path / "papers"])
    assert relative(discovery, tmp_path) == ["papers/old/2019/minutes.pdf"]


def test_200_levels_of_folders_are_searched(tmp_path):
    deepest = tmp_path.joinpath(*["level"] * 200)
    deepest.mkdir(parents=True)
    (deepest / "minutes.pdf").write_text("Minutes")
    discovery = find_files([tmp_path])
    assert discovery.files == [deepest / "minutes.pdf"]


def test_a_named_symlink_loop_is_a_problem(tmp_path):
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    discovery = find_files([loop])
    assert discovery.files == []
    assert [str(problem) for problem in discovery.problems] == [
        f"{loop}: cannot be read ({os.strerror(errno.ELOOP)})"
    ]


def test_nothing_named_finds_nothing():
    assert find_files([]) == Discovery(files=[], problems=[])
