"""A synthesizer base for answerers that need the retrieved nodes, not just their text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.response_synthesizers import BaseSynthesizer
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode


class NodeSynthesizer(BaseSynthesizer):
    """Subclasses implement ``respond(query, nodes)``; LlamaIndex's text-only entry points
    wrap the chunks as nodes and go through it too."""

    def respond(self, query_str: str, nodes: Sequence[NodeWithScore]) -> Response:
        raise NotImplementedError

    def get_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        nodes = [NodeWithScore(node=TextNode(text=chunk)) for chunk in text_chunks]
        return str(self.respond(query_str, nodes).response or "")

    async def aget_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        return self.get_response(query_str, text_chunks, **kwargs)

    def synthesize(
        self,
        query: str | QueryBundle,
        nodes: list[NodeWithScore],
        additional_source_nodes: Sequence[NodeWithScore] | None = None,
        **response_kwargs: Any,
    ) -> Response:
        query_str = query.query_str if isinstance(query, QueryBundle) else query
        return self.respond(query_str, nodes)
