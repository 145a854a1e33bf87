"""The CI gate: the seed-corpus eval must not fall below the floors in eval/thresholds.toml."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answering import Assistant
from eval.gate import THRESHOLDS, load_thresholds, violations
from eval.gold import load_gold
from eval.runner import IndexInfo, answer_all, describe_index, select_questions
from eval.summary import Summary, summarise

NOTHING = summarise([])  # every rate 0.0, and the refusal rates undefined (None)


def test_violations_name_each_metric_below_its_floor_or_above_its_ceiling():
    summary: Summary = replace(NOTHING, hit_at_5=0.5, refusal_recall=0.0, false_refusal_rate=0.5)
    thresholds = {
        "min": {"hit_at_5": 0.45, "refusal_recall": 0.9},
        "max": {"false_refusal_rate": 0.05},
    }
    assert violations(summary, thresholds) == [
        "refusal_recall 0.000 < floor 0.900",
        "false_refusal_rate 0.500 > ceiling 0.050",
    ]


def test_a_metric_that_cannot_be_measured_fails_its_floor():
    assert violations(NOTHING, {"min": {"refusal_recall": 0.9}}) == [
        "refusal_recall missing < floor 0.900"
    ]


def test_a_misspelt_threshold_is_an_error_not_a_silent_pass(tmp_path):
    path = tmp_path / "thresholds.toml"
    path.write_text("[min]\nhit_at5 = 0.9\n")
    with pytest.raises(ValueError, match=r"\[min\] hit_at5 is not a metric"):
        load_thresholds(path)


def test_the_committed_thresholds_are_all_metrics():
    thresholds = load_thresholds(THRESHOLDS)
    assert thresholds["min"] and thresholds["max"]


@pytest.mark.slow
def test_seed_corpus_eval_stays_above_its_floors(seed_index):
    components, _ = seed_index
    questions = select_questions(load_gold(), "seeds")
    info = IndexInfo(data_dir=str(components.config.data_dir), temporary=False)
    describe_index(components, questions, info)
    assistant = Assistant(components.config, components)
    results = answer_all(assistant, questions, "hybrid", frozenset(info.unreachable))
    summary = summarise(results)
    measured = {name: round(value, 3) for name, value in summary.as_dict().items() if value}
    assert violations(summary, load_thresholds()) == [], f"measured: {measured}"
