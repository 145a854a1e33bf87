"""The CI gate: floors (and ceilings) for the seed-corpus metrics, kept in thresholds.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from eval.summary import Summary

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
Thresholds = dict[str, dict[str, float]]  # {"min": {metric: floor}, "max": {metric: ceiling}}


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    """Read the floors and ceilings; a name that is not a metric is an error, not a no-op."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = set(Summary.__dataclass_fields__)
    thresholds: Thresholds = {"min": {}, "max": {}}
    for side in thresholds:
        for name, value in data.get(side, {}).items():
            if name not in known:
                raise ValueError(f"{path.name}: [{side}] {name} is not a metric")
            thresholds[side][name] = float(value)
    return thresholds


def violations(summary: Summary, thresholds: Thresholds) -> list[str]:
    """Each metric below its floor or above its ceiling, as "name value < floor limit"."""
    found = []
    for name, floor in thresholds.get("min", {}).items():
        value = getattr(summary, name)
        if value is None or value < floor:
            found.append(f"{name} {_show(value)} < floor {floor:.3f}")
    for name, ceiling in thresholds.get("max", {}).items():
        value = getattr(summary, name)
        if value is None or value > ceiling:
            found.append(f"{name} {_show(value)} > ceiling {ceiling:.3f}")
    return found


def _show(value: float | None) -> str:
    return "missing" if value is None else f"{value:.3f}"
