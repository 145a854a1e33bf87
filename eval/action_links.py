"""Calibrate the action tracker's similarity threshold on hand-labelled links.

Each pair names an action record (its paper's date, its ref and a few of its words) and a
passage of a paper dated on or after it (date and a few words), labelled by reading both: is
that passage a later mention of the commitment (a progress report, the task group it set up
reporting back) or only on a neighbouring topic? The similarity of a pair is the one the
tracker uses, the cosine between the record's stored vector and the best-matching chunk's.

    .venv/bin/python -m eval.action_links --data-dir DIR   # DIR holds the seed and real PDFs
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.action_store import ActionStore
from index.store import ChunkStore


@dataclass(frozen=True)
class LinkPair:
    record_date: str
    ref: str
    record_words: str
    target_date: str
    target_words: str
    relevant: bool


# fmt: off
LINK_PAIRS = [
    # Bromley Improvement and Efficiency Sub-Committee (seed agenda pack, 1 June 2010)
    LinkPair("2010-06-01", "Minute 42", "representative of Capital Ambition", "2010-06-01",
             "The London Efficiency Challenge is a collaborative enquiry", True),
    LinkPair("2010-06-01", "Minute 5", "Aligning Policy and Finance Workstream", "2010-06-01",
             "first tranche of the Aligning Policy", True),
    LinkPair("2010-02-11", "Minute 40 (2)", "voice recognition technology", "2010-06-01",
             "adapted for VR software", True),
    LinkPair("2010-06-01", "Minute 30", "out of borough placements", "2010-06-01",
             "To update Members on the progress of the Organisational Improvement", False),
    # Kent Governance and Audit Committee (seed agenda pack, 25 October 2023)
    LinkPair("2023-09-14", "Minute 143.3", "would be deferred to the October meeting",
             "2023-10-25", "This report seeks to update the Governance and Audit Cabinet", True),
    LinkPair("2023-10-25", "CA07-2023", "identified four issues", "2023-10-25",
             "prioritising the Contracts Register", True),
    LinkPair("2023-10-25", "CA07-2023", "identified four issues", "2023-10-25",
             "The above issues have been reported back to management", False),
    LinkPair("2023-09-14", "Minute 145.2", "management responses provided to Grant Thornton",
             "2023-10-25", "Grant Thornton would undertake a governance review", False),
    LinkPair("2023-09-14", "Minute 148.2", "Director of Technology", "2023-10-25",
             "further report be brought to Governance and Audit Committee in April", False),
    # Bristol Transport and Connectivity Policy Committee (real decision notice and minutes)
    LinkPair("2024-09-12", "Item 7 (1)", "Initiated a Task and Finish Group", "2026-03-19",
             "Chair of the Parking Kerbside Strategy Task and Finish Group", True),
    LinkPair("2024-09-12", "Item 7 (1)", "Initiated a Task and Finish Group", "2025-05-15",
             "progress to date of the Parking and Kerbside Strategy", True),
    LinkPair("2024-09-12", "Item 7 (1)", "Initiated a Task and Finish Group", "2026-01-20",
             "To seek approval to adopt the Kerbside and Parking Strategy", True),
    LinkPair("2024-09-12", "Minute 7.1", "Task and Finish Group be initiated", "2026-01-20",
             "To seek approval to adopt the Kerbside and Parking Strategy", True),
    LinkPair("2024-09-12", "Item 7 (2c)", "price alignment for all Easton", "2024-09-12",
             "price alignment for all Easton", True),
    LinkPair("2024-09-12", "Item 7 (2b)", "RPS permit types", "2025-05-15",
             "integration with the Transport Management Plan", True),
    LinkPair("2024-09-12", "Item 8 (1)", "Supported Bus Services Task and Finish Group",
             "2025-05-15", "draw down of £1m from reserves", True),
    LinkPair("2024-09-12", "Item 8 (2)", "appropriate decision makers", "2026-03-19",
             "funding available to support bus services is limited", True),
    LinkPair("2025-05-15", "Minute 16 (1)", "draw down of £1m", "2026-03-19",
             "funding available to support bus services is limited", True),
    LinkPair("2024-09-12", "Minute 7 (2a)", "increase of £56 to £124", "2024-09-12",
             "Funding shortfall for sustainable transport projects", False),
    LinkPair("2024-09-12", "Minute 7 (3b)", "charge for all Visitor Permits", "2024-09-12",
             "encourage employers to manage the number of free workplace", False),
    LinkPair("2024-09-12", "Minute 7 (7)", "inflation-based charge only", "2024-09-12",
             "The details of the potential WPL scheme", False),
    LinkPair("2024-09-12", "Minute 7 (8)", "Delegates authority", "2024-09-12",
             "Executive Director lead", False),
    LinkPair("2024-09-12", "Item 7 (8)", "Delegates authority", "2026-03-19",
             "Authorised the Executive Director Growth and Regeneration, in consultation", False),
    LinkPair("2024-09-12", "Item 7 (2a)", "increase of £56 to £124", "2026-01-20",
             "To seek approval to adopt the Kerbside and Parking Strategy", False),
    LinkPair("2024-09-12", "Item 8 (1)", "Supported Bus Services Task and Finish Group",
             "2026-03-19", "noted the work programme update", False),
    LinkPair("2024-09-12", "Item 7 (4b)", "additional uplift", "2026-03-19",
             "Update on the introduction of parking charges", False),
]
# fmt: on


def pair_similarity(store: ChunkStore, actions: ActionStore, pair: LinkPair) -> float:
    """Cosine between the record's vector and the closest chunk holding the target words."""
    records = [
        r
        for r in actions.records({"meeting_date": pair.record_date})
        if r.ref == pair.ref and pair.record_words in r.text
    ]
    if not records:
        raise LookupError(f"no record {pair.ref} ({pair.record_words!r}) of {pair.record_date}")
    got = actions.get(records[0].id)
    assert got is not None
    chunks = store.collection.get(
        where={"meeting_date": pair.target_date},
        where_document={"$contains": pair.target_words},
        include=["embeddings"],
    )
    if not len(chunks["ids"]):
        raise LookupError(f"no passage {pair.target_words!r} of {pair.target_date}")
    vector = np.asarray(got[1])
    vectors = np.asarray(chunks["embeddings"])
    cosines = vectors @ vector / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(vector))
    return float(cosines.max())


def sweep(
    scored: list[tuple[LinkPair, float]], thresholds: list[float]
) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) of "link when similarity ≥ threshold"."""
    rows = []
    for threshold in thresholds:
        linked = [pair for pair, score in scored if score >= threshold]
        right = sum(pair.relevant for pair in linked)
        relevant = sum(pair.relevant for pair, _ in scored)
        precision = right / len(linked) if linked else 1.0
        rows.append((threshold, precision, right / relevant if relevant else 0.0))
    return rows


def main() -> None:
    from assistant.config import load_config
    from assistant.factory import Components

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    parts = Components(load_config(overrides={"data_dir": args.data_dir}))
    actions = ActionStore.beside(parts.store)
    scored = [(pair, pair_similarity(parts.store, actions, pair)) for pair in LINK_PAIRS]
    for pair, score in sorted(scored, key=lambda item: -item[1]):
        mark = "+" if pair.relevant else "-"
        print(f"{score:.3f} {mark} {pair.ref:<14} → {pair.target_date} {pair.target_words[:50]}")
    print("\nthreshold  precision  recall")
    for threshold, precision, recall in sweep(scored, [x / 100 for x in range(50, 72, 2)]):
        print(f"{threshold:9.2f}  {precision:9.2f}  {recall:6.2f}")


if __name__ == "__main__":
    main()
