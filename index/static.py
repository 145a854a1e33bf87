"""A static fast mode: distil the transformer into one vector per token, offline, in seconds.

Each vocabulary token is run through the transformer on its own; the resulting vectors,
centred (their shared direction otherwise makes every pair of texts look alike) and weighted
down for frequent tokens (Zipf), become an embedding bag: a text's embedding is the mean of
its tokens' vectors. This is model2vec's distillation, built on
sentence-transformers' ``StaticEmbedding`` so no extra package is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

DISTIL_BATCH = 1024


def distil_static(source: Any, target: Path) -> Path:
    """Write a static version of the SentenceTransformer ``source`` to ``target`` (cached)."""
    if (target / "modules.json").exists():
        return target
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding

    tokenizer = source.tokenizer
    size = len(tokenizer)
    vectors = []
    with torch.inference_mode():
        for start in range(0, size, DISTIL_BATCH):
            ids = torch.arange(start, min(start + DISTIL_BATCH, size))
            input_ids = torch.stack(
                [
                    torch.full_like(ids, tokenizer.cls_token_id),
                    ids,
                    torch.full_like(ids, tokenizer.sep_token_id),
                ],
                dim=1,
            )
            features = {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids)}
            vectors.append(source.forward(features)["sentence_embedding"].cpu().numpy())
    weights = np.vstack(vectors)
    weights -= weights.mean(axis=0)
    weights *= np.log1p(np.arange(1, size + 1))[:, None] / np.log1p(
        size
    )  # Zipf: rarer ids count more
    static = StaticEmbedding(tokenizer, embedding_weights=weights.astype(np.float32))
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    target.mkdir(parents=True, exist_ok=True)
    model.save(str(target))
    return target
