"""The eval report: the printed table, report.json and report.html (plots, worst first)."""

from __future__ import annotations

import json

from eval.grading import QuestionResult
from eval.report import format_sweep, format_table, format_worst, save, worst
from eval.runner import EvalRun, IndexInfo, ModeRun, SweepPoint
from eval.summary import summarise_slices


def result(id: str, corpus: str, passed: bool, mode: str = "hybrid", **fields) -> QuestionResult:
    values = dict(
        id=id, corpus=corpus, mode=mode, question=f"Question {id}?", answerable=True,
        persona="member", paraphrased=False, multi_paper=False, follow_up_of=None,
        answer="Arrears stood at £3.2m. [1]", refused=False, search_question=f"Question {id}?",
        citations=[{"number": 1, "paper": "real-07", "page": 2,
                    "reference": "Minutes · p. 2", "quote": "Arrears stood at £3.2m."}],
        retrieved=["real-07 p.2"], latency=0.5, ranks=[1], hit_at_5=1.0, recall_at_5=1.0,
        mrr=1.0, ndcg_at_10=1.0, fact_recall=1.0, sentences=1, faithfulness=1.0,
        citation_precision=1.0, citation_recall=1.0, numbers=1, passed=passed,
    )  # fmt: skip
    values.update(fields)
    return QuestionResult(**values)


def mode_run(mode: str, results: list[QuestionResult]) -> ModeRun:
    return ModeRun(mode, results, summarise_slices(results))


HYBRID = [
    result("kent-debt-01", "seeds", True),
    result(
        "none-foi-01",
        "seeds",
        False,
        answerable=False,
        hit_at_5=None,
        fact_recall=None,
        reasons=["confident answer to unanswerable"],
        ranks=[],
    ),
    result(
        "real-07-vote-01",
        "real",
        False,
        refused=True,
        fact_recall=0.0,
        hit_at_5=0.0,
        answer="The indexed papers don't appear to cover this.",
        citations=[],
        ranks=[None],
        reasons=["false refusal", "gold quote not retrieved in top 10: real-07 “It was …”"],
    ),
]
BM25 = [result(r.id, r.corpus, True, mode="bm25", answerable=r.answerable) for r in HYBRID]
RUN = EvalRun(
    corpus="all",
    index=IndexInfo(data_dir="/tmp/x", temporary=True, papers=16, chunks=1187),
    runs=[mode_run("hybrid", HYBRID), mode_run("bm25", BM25)],
    sweep=[
        SweepPoint(0.3, summarise_slices(HYBRID)),
        SweepPoint(0.4, summarise_slices(HYBRID[:2])),
    ],
)


def test_the_table_has_a_block_per_corpus_and_a_column_per_mode():
    table = format_table(RUN)
    blocks = table.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "seeds: 2 questions (1 answerable, 1 unanswerable)",
        "real: 1 questions (1 answerable, 0 unanswerable)",
        "overall: 3 questions (2 answerable, 1 unanswerable)",
    ]
    overall = blocks[2].splitlines()
    assert overall[1].split() == ["hybrid", "bm25", "target"]
    assert "hit@5                         0.500    1.000   ≥ 0.95 MISSED" in overall
    assert "false refusals                0.500    0.000   ≤ 0.05 MISSED" in overall
    assert "refusal recall                0.000    0.000   ≥ 0.9 MISSED" in overall


def test_a_metric_with_no_cases_shows_a_dash_not_a_perfect_score():
    real = format_table(RUN).split("\n\n")[1].splitlines()
    assert "refusal recall                    -        -   ≥ 0.9 n/a" in real


def test_the_sweep_lists_refusal_recall_and_false_refusals_per_min_score():
    assert format_sweep(RUN).splitlines()[2:] == [
        "      0.30           0.000           0.500          0.000        0.500",
        "      0.40           0.000           0.000              -        1.000",
    ]


def test_failures_come_first_the_worst_of_them_first():
    assert [r.id for r in worst(HYBRID)] == ["none-foi-01", "real-07-vote-01", "kent-debt-01"]
    assert format_worst(RUN).splitlines() == [
        "2 worst questions (hybrid):",
        "- none-foi-01: confident answer to unanswerable",
        "- real-07-vote-01: false refusal; gold quote not retrieved in top 10: real-07 “It was …”",
    ]


def test_save_writes_json_and_html_with_plots_and_every_question(tmp_path):
    json_path, html_path = save(RUN, tmp_path / "eval-report")
    data = json.loads(json_path.read_text())
    assert set(data["modes"]) == {"hybrid", "bm25"}
    assert data["modes"]["hybrid"]["summary"]["overall"]["questions"] == 3
    assert data["modes"]["hybrid"]["questions"][0]["id"] == "none-foi-01"
    assert data["min_score_sweep"][0]["overall"]["false_refusal_rate"] == 0.5
    html = html_path.read_text()
    assert html.count("data:image/png;base64,") == 4  # metrics, ranks, latency, sweep
    assert html.index("none-foi-01") < html.index("real-07-vote-01") < html.index("kent-debt-01")
    assert "confident answer to unanswerable" in html
    assert "[1] Minutes · p. 2" in html
