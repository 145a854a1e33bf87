"""An embedding model that remembers its vectors, for re-asking the same questions.

The ``answer.min_score`` sweep asks every question again at each value: the questions and
the sentences they retrieve are the same each time, so the vectors are too. Latency is never
measured through this wrapper.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import PrivateAttr


class MemoisedEmbedding(BaseEmbedding):
    """Delegates to ``inner`` once per distinct text (queries and texts kept apart)."""

    _inner: BaseEmbedding = PrivateAttr()
    _vectors: dict[tuple[str, str], Embedding] = PrivateAttr(default_factory=dict)

    def __init__(self, inner: BaseEmbedding, **kwargs: Any) -> None:
        super().__init__(
            model_name=inner.model_name, embed_batch_size=inner.embed_batch_size, **kwargs
        )
        self._inner = inner

    @classmethod
    def class_name(cls) -> str:
        return "MemoisedEmbedding"

    @property
    def max_tokens(self) -> int:
        return self._inner.max_tokens  # type: ignore[attr-defined]

    def token_offsets(self, text: str) -> list[int]:
        return self._inner.token_offsets(text)  # type: ignore[attr-defined]

    def vocabulary(self) -> frozenset[str]:
        return self._inner.vocabulary()  # type: ignore[attr-defined]

    def _get_query_embedding(self, query: str) -> Embedding:
        key = ("query", query)
        if key not in self._vectors:
            self._vectors[key] = self._inner.get_query_embedding(query)
        return self._vectors[key]

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> Embedding:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        missing = list(dict.fromkeys(t for t in texts if ("text", t) not in self._vectors))
        if missing:
            vectors = self._inner.get_text_embedding_batch(missing)
            self._vectors.update((("text", t), v) for t, v in zip(missing, vectors, strict=True))
        return [self._vectors[("text", t)] for t in texts]
