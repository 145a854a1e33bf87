"""The query engine: retrieve, synthesize, then verify every citation of the answer.

Verification sits inside the engine so that every path to an answer — a single question,
or a chat engine condensing a follow-up — goes through it.
"""

from __future__ import annotations

import time
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.response_synthesizers import BaseSynthesizer
from llama_index.core.retrievers import BaseRetriever

from assistant.answer_check import keep_answers
from assistant.org_names import NO_COMMON_WORDS, CommonWords
from assistant.verification import CitationVerifier


class CitedQueryEngine(CustomQueryEngine):
    """A LlamaIndex query engine whose answers carry only verified citations."""

    retriever: BaseRetriever
    # Run between retrieval and synthesis, as in LlamaIndex's RetrieverQueryEngine.
    postprocessors: list[BaseNodePostprocessor] = Field(default_factory=list)
    synthesizer: BaseSynthesizer
    verifier: Any  # CitationVerifier (not a pydantic model)
    # Generated answers only: the extractive answerer chooses its sentences by the same test.
    check_answers: bool = False
    common_words: CommonWords = NO_COMMON_WORDS  # stems of words that are no names

    def custom_query(self, query_str: str) -> Response:
        started = time.perf_counter()
        nodes = self.retriever.retrieve(query_str)
        for postprocessor in self.postprocessors:
            nodes = postprocessor.postprocess_nodes(nodes, query_str=query_str)
        retrieved = time.perf_counter()
        response = self.synthesizer.synthesize(query_str, nodes)
        synthesized = time.perf_counter()
        verifier: CitationVerifier = self.verifier
        verification = verifier.verify(str(response.response or ""), nodes)
        if self.check_answers:
            verification = keep_answers(
                query_str, verification, verifier.tokenize, self.common_words
            )
        done = time.perf_counter()
        response.source_nodes = list(nodes)
        response.metadata = {
            **(response.metadata or {}),
            "query": query_str,
            "verification": verification,
            "timings": {
                "retrieve": retrieved - started,
                "synthesize": synthesized - retrieved,
                "verify": done - synthesized,
            },
        }
        return response
