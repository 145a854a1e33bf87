"""`councilqa eval`: options are checked up front, and a run prints the table and writes both
reports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ui.cli import cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "dense,vector"], "unknown mode 'vector'"),
        (["--compare", ","], "--compare needs at least one value"),
        (["--min-scores", "0.3,high"], "'high' is not a number"),
        (["--corpus", "everything"], "'everything' is not one of"),
    ],
)
def test_bad_options_are_a_usage_error_before_anything_loads(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "eval", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_shared_corpus_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "--corpus-root", str(tmp_path), "--corpus", "real"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {tmp_path / 'real'}: not found (the shared corpus); "
        "give --corpus-root or --data-dir"
    ]


@pytest.mark.slow
def test_eval_on_an_existing_index_prints_the_table_and_writes_the_reports(seed_index, tmp_path):
    components, _ = seed_index
    out = tmp_path / "eval-report"
    args = ["eval", "--data-dir", str(components.config.data_dir), "--corpus", "seeds"]
    args += ["--limit", "3", "--compare", "hybrid,bm25", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "seeds: 3 questions (3 answerable, 0 unanswerable)" in lines
    assert lines[lines.index("seeds: 3 questions (3 answerable, 0 unanswerable)") + 1].split() == [
        "hybrid", "bm25", "target",
    ]  # fmt: skip
    assert lines[-1].startswith(f"Wrote {out / 'report.json'} and {out / 'report.html'}")
    report = json.loads((out / "report.json").read_text())
    assert report["index"]["temporary"] is False
    assert len(report["modes"]["bm25"]["questions"]) == 3
