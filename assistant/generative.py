"""The LLM answerer: numbered sources fenced as data, a strict system prompt, temperature 0.

Its answer is checked by the citation verifier like any other; this class only asks.
"""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.base.response.schema import Response
from llama_index.core.llms import LLM, ChatMessage
from llama_index.core.prompts import PromptTemplate
from llama_index.core.prompts.mixin import PromptDictType
from llama_index.core.schema import NodeWithScore

from assistant.synthesis import NodeSynthesizer
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


class CitationSynthesizer(NodeSynthesizer):
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

    def respond(self, query_str: str, nodes: Sequence[NodeWithScore]) -> Response:
        reply = self._llm.chat(self.messages(query_str, nodes))
        return Response(response=str(reply.message.content or ""), source_nodes=list(nodes))
