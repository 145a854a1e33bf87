"""The LLM answerer: numbered sources fenced as data, a strict system prompt, temperature 0.

Its answer is checked by the citation verifier like any other; this class only asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.llms import LLM, ChatMessage
from llama_index.core.prompts import PromptTemplate
from llama_index.core.prompts.mixin import PromptDictType
from llama_index.core.response_synthesizers import BaseSynthesizer
from llama_index.core.schema import NodeWithScore, QueryBundle

from prompts import load_prompt


def format_sources(nodes: Sequence[NodeWithScore]) -> str:
    """Each chunk as a numbered, fenced ``<source>`` block with its provenance."""
    template = load_prompt("source")
    blocks = []
    for number, hit in enumerate(nodes, start=1):
        meta = hit.node.metadata
        text = hit.node.get_content().replace("</source>", "</ source>")
        blocks.append(
            template.format(
                number=number,
                paper=meta.get("part_title") or meta.get("title", ""),
                council=meta.get("council", ""),
                date=meta.get("meeting_date", ""),
                item=meta.get("agenda_item", ""),
                page=meta.get("page", ""),
                text=text,
            ).strip()
        )
    return "\n\n".join(blocks)


class CitationSynthesizer(BaseSynthesizer):
    """Asks the LLM for an answer that cites ``[n]`` after every sentence."""

    def __init__(self, llm: LLM) -> None:
        super().__init__(llm=llm)
        self._answer_template = PromptTemplate(load_prompt("answer"))

    def _get_prompts(self) -> PromptDictType:
        return {"answer_template": self._answer_template}

    def _update_prompts(self, prompts: PromptDictType) -> None:
        if "answer_template" in prompts:
            self._answer_template = prompts["answer_template"]

    def messages(self, query_str: str, nodes: Sequence[NodeWithScore]) -> list[ChatMessage]:
        return [
            ChatMessage(role="system", content=load_prompt("system")),
            ChatMessage(
                role="user",
                content=self._answer_template.format(
                    sources=format_sources(nodes), question=query_str
                ),
            ),
        ]

    def get_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        from llama_index.core.schema import TextNode

        nodes = [NodeWithScore(node=TextNode(text=chunk)) for chunk in text_chunks]
        return str(self._llm.chat(self.messages(query_str, nodes)).message.content or "")

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
        reply = self._llm.chat(self.messages(query_str, nodes))
        return Response(response=str(reply.message.content or ""), source_nodes=list(nodes))
