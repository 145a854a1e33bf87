"""The evidence table in CSV and XLSX: read back, column by column, for themes and answers."""

from __future__ import annotations

import csv
import os
import time
from datetime import datetime

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assistant.answering import Assistant
from assistant.themes import ThemeExplorer
from index.filters import SearchFilters
from ui.access import User
from ui.cli import cli
from ui.export import (
    COLUMNS,
    EvidenceRow,
    ExportError,
    about,
    answer_rows,
    export_evidence,
    file_link,
    theme_rows,
)
from ui.export_buttons import ExportButtons, ExportFolders
from ui.files import PaperFiles

ROWS = [
    EvidenceRow(
        council="Eastmere Borough Council",
        committee="Audit and Governance Committee",
        date="2025-06-18",
        paper="Debt Recovery – Progress against Internal Audit Report IA14-2024",
        item="6 – Debt Recovery",
        page=3,
        quote="At 31 May 2025, council tax arrears stood at £3.2m.",
        link="http://127.0.0.1:7860/papers/3f2a9c1d#page=3",
    ),
    EvidenceRow(
        council="Eastmere Borough Council",
        committee="",
        date="",
        paper="Undated note",
        item="",
        page=None,
        quote='=HYPERLINK("http://evil.example") - a cell that looks like a formula',
        link="",
    ),
]
ABOUT = about("Theme: debt recovery", SearchFilters.for_role("public", since="2025-01-01"), 2)


def test_csv_has_the_eight_columns_and_reads_back_exactly(tmp_path):
    path = export_evidence(ROWS, tmp_path / "evidence.csv", ABOUT)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads "£" and "–"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS) == [
        "council", "committee", "date", "paper", "item", "page", "quote", "link",
    ]  # fmt: skip
    assert rows[1] == [
        "Eastmere Borough Council",
        "Audit and Governance Committee",
        "2025-06-18",
        "Debt Recovery – Progress against Internal Audit Report IA14-2024",
        "6 – Debt Recovery",
        "3",
        "At 31 May 2025, council tax arrears stood at £3.2m.",
        "http://127.0.0.1:7860/papers/3f2a9c1d#page=3",
    ]
    assert rows[2][5] == ""  # no page
    assert rows[2][6].startswith("'=HYPERLINK(")  # never run as a formula
    assert len(rows) == 3


def test_xlsx_has_typed_cells_live_links_and_an_about_sheet(tmp_path):
    path = export_evidence(ROWS, tmp_path / "evidence.xlsx", ABOUT)
    book = load_workbook(path)
    sheet = book["Evidence"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(COLUMNS)
    first = values[1]
    assert first[2] == datetime(2025, 6, 18)  # a real date, sortable in Excel
    assert first[5] == 3
    assert first[6] == "At 31 May 2025, council tax arrears stood at £3.2m."
    assert sheet["H2"].hyperlink.target == "http://127.0.0.1:7860/papers/3f2a9c1d#page=3"
    formula_like = sheet["G3"]
    assert formula_like.data_type == "s"
    assert formula_like.value == ROWS[1].quote  # kept as text, exactly
    assert sheet.freeze_panes == "A2"
    info = dict(book["About"].iter_rows(values_only=True))
    assert info["Export"] == "Theme: debt recovery"
    assert info["Filters"] == "since 2025-01-01"
    assert info["Searched"] == "public papers"
    assert info["Rows"] == "2"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("evidence.pdf", "unknown export type '.pdf'; use .csv or .xlsx"),
        ("missing-folder/evidence.csv", "cannot write the export"),
    ],
)
def test_a_bad_export_path_is_a_one_line_error(tmp_path, name, message):
    with pytest.raises(ExportError, match=message) as error:
        export_evidence(ROWS, tmp_path / name, ABOUT)
    assert "\n" not in str(error.value) and str(tmp_path / name) in str(error.value)


# --- real answers and themes ---------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory, embed_model):
    from assistant.config import load_config
    from assistant.factory import Components
    from tests.browser import sample_data_dir

    config = load_config(
        overrides={"data_dir": sample_data_dir(tmp_path_factory, embed_model)}, environ={}
    )
    return Assistant(config, Components(config, embed_model=embed_model))


@pytest.mark.slow
def test_an_answers_references_become_one_row_each(samples, tmp_path):
    answer = samples.ask("What were council tax arrears at 31 May 2025?")
    rows = answer_rows(answer, file_link)
    assert len(rows) == len(answer.citations) >= 1
    for row, citation in zip(rows, answer.citations, strict=True):
        assert row.quote == " ".join(citation.quote.split())
        assert row.date == citation.passage.meeting_date
        assert row.council == "Eastmere Borough Council"
        assert row.link.startswith("file://") and row.link.endswith(".txt")
    path = export_evidence(rows, tmp_path / "refs.xlsx", ABOUT)
    sheet = load_workbook(path)["Evidence"]
    assert sheet.max_row == len(rows) + 1
    assert [c.value for c in sheet["G"][1:]] == [row.quote for row in rows]


@pytest.mark.slow
def test_ask_export_writes_the_references(samples, tmp_path):
    out = tmp_path / "references.csv"
    args = ["--data-dir", str(samples.config.data_dir), "ask"]
    result = CliRunner().invoke(
        cli, [*args, "What were council tax arrears at 31 May 2025?", "--export", str(out)]
    )
    assert result.exit_code == 0, result.output
    references = [line for line in result.stdout.splitlines() if line.startswith("[")]
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(references) >= 1
    for row, reference in zip(rows, references, strict=True):  # same order, same papers
        assert (row["date"] or "undated") in reference  # dated as the answer shows it
        assert row["council"] in reference
    assert f"Wrote {len(rows)} rows to {out}" in result.output


@pytest.mark.slow
def test_a_theme_export_holds_every_mention_and_no_exempt_text_for_the_public(samples, tmp_path):
    explorer = ThemeExplorer.for_assistant(samples)
    files = PaperFiles(samples.components.store, samples.config.data_dir)
    public_user = User("pat", "public", can_manage=False)
    member_user = User("mo", "member", can_manage=False)
    buttons = ExportButtons(files, "Download evidence", "theme")

    public = explorer.explore("leisure contract", public_user.filters())
    public_rows = theme_rows(public, buttons.linker(public_user, None))
    assert len(public_rows) == public.count
    member = explorer.explore("leisure contract", member_user.filters())
    member_rows = theme_rows(member, buttons.linker(member_user, None))
    assert len(member_rows) == member.count > public.count

    for rows, user in ((public_rows, public_user), (member_rows, member_user)):
        path = export_evidence(
            rows, tmp_path / f"{user.role}.xlsx", about("Theme", user.filters(), len(rows))
        )
        text = " ".join(str(v) for row in load_workbook(path)["Evidence"].values for v in row)
        assert ("Harbourline" in text) == (user.role == "member")
        assert all(row.link.startswith("papers/") for row in rows)  # relative without a request


def test_old_export_folders_are_removed_by_the_next_export_and_all_at_exit():
    """Exports may hold exempt evidence: they must not pile up in /tmp."""
    folders = ExportFolders(keep_seconds=60)
    old, recent = folders.new(), folders.new()
    (old / "evidence.csv").write_text("exempt text", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    newest = folders.new()
    assert not old.exists()
    assert recent.is_dir() and newest.is_dir()  # a download may still be on its way
    folders.cleanup()
    assert not folders.root.exists()


@pytest.mark.slow
def test_the_export_buttons_write_inside_their_own_folder(samples):
    files = PaperFiles(samples.components.store, samples.config.data_dir)
    user = User("mo", "member", can_manage=False)
    buttons = ExportButtons(files, "Download evidence", "theme")
    theme = ThemeExplorer.for_assistant(samples).explore("leisure contract", user.filters())
    rows = theme_rows(theme, buttons.linker(user, None))
    buttons.files_for(rows, "leisure contract", "Theme", user.filters())
    written = sorted(path.name for path in buttons.folders.root.rglob("*.*"))
    assert written == ["leisure-contract.csv", "leisure-contract.xlsx"]
    buttons.folders.cleanup()
    assert not buttons.folders.root.exists()
