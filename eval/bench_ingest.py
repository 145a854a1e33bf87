"""Ingest benchmark: our pipeline against the naive LlamaIndex tutorial pipeline.

Each pipeline runs in its own process so that peak memory is its own. Model loading is
excluded from both timings. Run: ``councilqa bench ingest [PATH]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import Field

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"


def run_ours(corpus: Path, model: str, mode: str = "transformer") -> dict[str, Any]:
    from assistant.config import load_config
    from assistant.factory import Components

    with tempfile.TemporaryDirectory() as data_dir:
        embedding = {"model": model, "mode": mode}
        parts = Components(load_config(overrides={"data_dir": data_dir, "embedding": embedding}))
        loading = time.perf_counter()
        embed_model = parts.embed_model  # loaded (and for static, distilled) before the clock
        load_seconds = time.perf_counter() - loading
        started = time.perf_counter()
        report = parts.ingestor.ingest([corpus])
        seconds = time.perf_counter() - started
        texts = [
            chunk.metadata["context"] + "\n" + chunk.text for chunk in parts.store.iter_chunks()
        ]
    done = [r for r in report.results if r.status in {"added", "updated"}]
    embed = sum(r.embed_seconds for r in done)
    extract = sum(r.extract_seconds for r in done)
    tokens = sum(r.tokens_embedded for r in done)
    bare = _bare_model_seconds(embed_model, texts)
    return {
        "pipeline": f"councilqa ({mode})",
        "model_load_seconds": load_seconds,
        "files": len(done),
        "failed": len(report.failures),
        "pages": report.pages,
        "chunks": report.chunks,
        "seconds": seconds,
        "extract_seconds": extract,
        "embed_seconds": embed,
        "own_seconds": seconds - extract - embed,
        "dedupe_seconds": sum(r.dedupe_seconds for r in done),
        "copies": sum(r.copies for r in done),
        "tokens_in_chunks": tokens,
        "tokens_embedded": tokens,
        "bare_model_tokens_per_s": tokens / bare,
    }


def _bare_model_seconds(embed_model: Any, texts: list[str]) -> float:
    """The model alone on the same texts: the ceiling for embedding throughput."""
    started = time.perf_counter()
    embed_model._model.encode(texts, batch_size=embed_model.encode_batch_size)
    return time.perf_counter() - started


def run_naive(corpus: Path, model: str) -> dict[str, Any]:
    """The tutorial: SimpleDirectoryReader + VectorStoreIndex over Chroma, same model."""
    import chromadb
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from index.embeddings import resolve_model

    embed_model = _timed(HuggingFaceEmbedding)(model_name=resolve_model(model))
    with tempfile.TemporaryDirectory() as data_dir:
        client = chromadb.PersistentClient(path=data_dir)
        store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("naive"))
        started = time.perf_counter()
        documents = SimpleDirectoryReader(str(corpus)).load_data()
        extract = time.perf_counter() - started
        VectorStoreIndex.from_documents(
            documents,
            storage_context=StorageContext.from_defaults(vector_store=store),
            embed_model=embed_model,
        )
        seconds = time.perf_counter() - started
        chunks = client.get_collection("naive").count()
    tokenizer = embed_model._model.tokenizer
    window = embed_model._model.max_seq_length - 2
    lengths = [
        len(tokenizer(text, add_special_tokens=False)["input_ids"]) for text in embed_model.texts
    ]
    return {
        "pipeline": "naive LlamaIndex",
        "files": len({d.metadata.get("file_name") for d in documents}),
        "failed": 0,
        "pages": len(documents),
        "chunks": chunks,
        "seconds": seconds,
        "extract_seconds": extract,
        "embed_seconds": embed_model.seconds,
        "own_seconds": seconds - extract - embed_model.seconds,
        "tokens_in_chunks": sum(lengths),
        "tokens_embedded": sum(min(n, window) for n in lengths),
        "chunk_size": SentenceSplitter().chunk_size,
    }


def _timed(embedding_class: type) -> type:
    """A subclass of ``embedding_class`` that times its batches and keeps the texts."""

    class Timed(embedding_class):  # type: ignore[misc, valid-type]
        seconds: float = 0.0
        texts: list[str] = Field(default_factory=list)

        def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
            started = time.perf_counter()
            vectors = super().get_text_embedding_batch(texts, **kwargs)
            self.seconds += time.perf_counter() - started
            self.texts.extend(texts)
            return vectors

    return Timed


PIPELINES = {
    "ours": run_ours,
    "ours-static": lambda corpus, model: run_ours(corpus, model, mode="static"),
    "naive": run_naive,
}


def compare(corpus: Path, model: str) -> list[dict[str, Any]]:
    """Run each pipeline in a fresh process and collect its figures."""
    rows = []
    for name in PIPELINES:
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "eval.bench_ingest",
                "--pipeline",
                name,
                "--model",
                model,
                str(corpus),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        ("pipeline", lambda r: r["pipeline"]),
        ("files / pages / chunks", lambda r: f"{r['files']} / {r['pages']} / {r['chunks']}"),
        ("total seconds", lambda r: f"{r['seconds']:.1f}"),
        ("pages/s", lambda r: f"{r['pages'] / r['seconds']:.2f}"),
        ("chunks/s", lambda r: f"{r['chunks'] / r['seconds']:.1f}"),
        ("tokens in chunks", lambda r: f"{r['tokens_in_chunks']:,}"),
        ("tokens embedded", lambda r: f"{r['tokens_embedded']:,}"),
        (
            "  share of text embedded",
            lambda r: f"{r['tokens_embedded'] / r['tokens_in_chunks']:.0%}",
        ),
        ("seconds extracting (pypdf)", lambda r: f"{r['extract_seconds']:.1f}"),
        ("seconds embedding", lambda r: f"{r['embed_seconds']:.1f}"),
        (
            "seconds in the rest",
            lambda r: f"{r['own_seconds']:.1f} ({r['own_seconds'] / r['seconds']:.0%})",
        ),
        (
            "  of which finding duplicates",
            lambda r: f"{r['dedupe_seconds']:.2f} ({r['copies']} copies)" if "copies" in r else "",
        ),
        ("embedded tokens/s", lambda r: f"{r['tokens_embedded'] / r['embed_seconds']:,.0f}"),
        ("peak RSS MB", lambda r: f"{r['peak_rss_mb']:.0f}"),
        ("model load (+distil) seconds", lambda r: f"{r.get('model_load_seconds', 0):.1f}"),
    ]
    width = max(len(label) for label, _ in lines)
    table = [
        f"{label:<{width}}  " + "  ".join(f"{show(r):>20}" for r in rows) for label, show in lines
    ]
    ours = rows[0]
    if "bare_model_tokens_per_s" in ours:
        efficiency = (
            ours["tokens_embedded"] / ours["embed_seconds"] / ours["bare_model_tokens_per_s"]
        )
        table.append(f"{'embedding efficiency vs bare model':<{width}}  {efficiency:>20.0%}")
    naive = rows[-1]
    for row in rows[:-1]:
        ratio = (row["pages"] / row["seconds"]) / (naive["pages"] / naive["seconds"])
        table.append(f"{'pages/s vs naive, ' + row['pipeline']:<{width}}  {ratio:>20.2f}x")
    return "\n".join(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--pipeline", choices=sorted(PIPELINES), required=True)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    args = parser.parse_args(argv)
    row = PIPELINES[args.pipeline](args.corpus, args.model)
    row["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(row))


if __name__ == "__main__":
    main()
