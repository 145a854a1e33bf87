"""Build the working objects from a :class:`Config`; the only place that reads it."""

from __future__ import annotations

from functools import cached_property

import torch
from llama_index.core.postprocessor.types import BaseNodePostprocessor

from assistant.config import Config
from index.embeddings import SentenceTransformerEmbedding
from index.ingestion import Ingestor
from index.keyword import Tokenizer
from index.lock import store_open_lock
from index.store import ChunkStore, open_client
from ingest.chunking import SectionNodeParser


class Components:
    """Lazily built, shared components: the embedding model loads once, on first use."""

    def __init__(
        self, config: Config, embed_model: SentenceTransformerEmbedding | None = None
    ) -> None:
        self.config = config
        self._embed_model = embed_model  # a model already loaded elsewhere may be shared

    @cached_property
    def embed_model(self) -> SentenceTransformerEmbedding:
        if self._embed_model is not None:
            return self._embed_model
        settings = self.config.embedding
        if settings.threads:
            torch.set_num_threads(settings.threads)  # process-wide, so set here, once
        static_dir = None
        if settings.mode == "static":
            name = "".join(ch if ch.isalnum() else "-" for ch in settings.model)
            static_dir = self.config.embedding.cache_dir / f"static-{name}"
        return SentenceTransformerEmbedding(
            settings.model,
            device=settings.device,
            batch_size=settings.batch_size,
            static_dir=static_dir,
        )

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Stems of the embedding model's words: common words, which name no firm
        (``assistant.org_names``)."""
        stem = Tokenizer().stem
        return frozenset(stem(word) for word in self.embed_model.vocabulary())

    @cached_property
    def store(self) -> ChunkStore:
        chroma = self.config.chroma
        with store_open_lock(self.config.data_dir):
            client = open_client(
                self.config.data_dir, chroma.host, chroma.port, chroma.token, chroma.ssl
            )
            return ChunkStore(
                client, chroma.collection, embedding=self.embedding_id, search_ef=chroma.search_ef
            )

    @property
    def embedding_id(self) -> str:
        """What built the vectors: an index must be queried with the same model and mode."""
        return f"{self.config.embedding.model}|{self.config.embedding.mode}"

    @cached_property
    def parser(self) -> SectionNodeParser:
        settings = self.config.ingest
        return SectionNodeParser(
            min_tokens=settings.min_chunk_tokens,
            target_tokens=settings.target_chunk_tokens,
            max_tokens=self.embed_model.max_tokens,
            token_offsets=self.embed_model.token_offsets,
        )

    @cached_property
    def reranker(self) -> BaseNodePostprocessor | None:
        """A local cross-encoder when one is configured; otherwise no reranking stage."""
        path = self.config.retrieval.reranker
        if not path:
            return None
        from llama_index.core.postprocessor import SentenceTransformerRerank

        return SentenceTransformerRerank(model=path, top_n=self.config.retrieval.k)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(
            self.store,
            self.embed_model,
            self.parser,
            self.config.data_dir,
            max_file_bytes=int(self.config.ingest.max_file_mb * 1024 * 1024),
        )
