"""How much of each paper's wording another paper holds: the figures behind the copy threshold.

    .venv/bin/python -m eval.near_duplicates ../shared/corpus

Chunks every paper under the corpus with the ingest chunker (no embedding, no store) and, for
each ordered pair of papers, the containment of each chunk in the other paper's chunks under
the ingest rules (``index/shingles.py``). It prints every pair where some chunk reaches 0.5, and
the highest containment between different papers that share no meeting date.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from index.shingles import MIN_SHINGLES, THRESHOLD, compatible, shingles
from ingest.discovery import find_files
from ingest.errors import CouncilQAError
from ingest.paper import read_paper

Chunks = list[tuple[frozenset[int], dict[str, Any]]]


def chunk_corpus(corpus: Path) -> dict[str, Chunks]:
    """Each readable paper's chunks as (shingles, metadata), keyed by folder/file name."""
    from index.embeddings import SentenceTransformerEmbedding
    from ingest.chunking import SectionNodeParser

    model = SentenceTransformerEmbedding()
    parser = SectionNodeParser(max_tokens=model.max_tokens, token_offsets=model.token_offsets)
    papers: dict[str, Chunks] = {}
    for path in find_files([corpus]).files:
        try:
            paper = read_paper(path)
        except CouncilQAError:
            continue  # the scanned PDF
        nodes = parser.get_nodes_from_documents([paper.to_document()])
        papers[f"{path.parent.name}/{path.name}"] = [
            (shingles(node.get_content()), node.metadata) for node in nodes
        ]
    return papers


def containments(chunks: Chunks, other: Chunks) -> list[float]:
    """Each substantial chunk's share of shingles found in the other paper's compatible chunks."""
    groups: dict[tuple[str, ...], set[int]] = {}  # the other paper's shingles by identity
    for theirs, metadata in other:
        key = tuple(
            str(metadata.get(k) or "") for k in ("classification", "council", "meeting_date")
        )
        groups.setdefault(key, set()).update(theirs)
    shares = []
    for own, metadata in chunks:
        if len(own) < MIN_SHINGLES:
            continue
        held: set[int] = set()
        for (classification, council, date), theirs in groups.items():
            identity = {"classification": classification, "council": council, "meeting_date": date}
            if compatible(metadata, identity):
                held |= own & theirs
        shares.append(len(held) / len(own))
    return shares


def report(papers: dict[str, Chunks]) -> str:
    dates = {
        name: {metadata.get("meeting_date") for _, metadata in chunks} - {""}
        for name, chunks in papers.items()
    }
    lines = [f"{'chunks of':<40} {'held by':<40} {'max':>5} {'>=' + str(THRESHOLD):>7}"]
    apart = 0.0
    for name, chunks in papers.items():
        for other_name, other in papers.items():
            if other_name == name:
                continue
            shares = containments(chunks, other)
            if not shares:
                continue
            same_paper = Path(name).stem == Path(other_name).stem  # as PDF and as text
            if not same_paper and not dates[name] & dates[other_name]:
                apart = max(apart, max(shares))
            if max(shares) >= 0.5:
                copies = sum(share >= THRESHOLD for share in shares) / len(shares)
                lines.append(f"{name:<40} {other_name:<40} {max(shares):5.2f} {copies:7.0%}")
    lines.append(f"highest containment between other papers of different meetings: {apart:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    print(report(chunk_corpus(parser.parse_args(argv).corpus)))


if __name__ == "__main__":
    main()
