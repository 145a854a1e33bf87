"""The passage that continues a motion or a list, so that the vote on it or its items are
never missing.

Minutes often break a chunk between an amendment's wording and the vote on it. Quoted alone,
"Approve implementation of charging at the District Car Parks as soon as possible" says the
opposite of the minutes, where the amendment was LOST. A chunk may end on a list's lead-in
too ("...which is being progressed including:"), its items in the next. When a retrieved
passage of minutes ends on a motion not yet put to the vote, or any passage ends on a
lead-in, and the passage after it in the same paper was not retrieved, this stage reads that
passage too, through the retriever, so that the search's filters (the role's classification
among them) still decide what may be read. Like LlamaIndex's ``PrevNextNodePostprocessor``,
it adds context rather than hits: a continuation is marked ``CONTINUES`` and comes after
every retrieved passage.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import ConfigDict
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.sentences import is_lead_in, is_vote_outcome, motion_kind, split_sentences
from ingest.chunking import chunk_id

CONTINUES = "continues"  # node metadata: the id of the retrieved passage this one continues


class Continuation(BaseNodePostprocessor):
    """Adds the next passage of each retrieved passage that ends on a motion without its vote
    or on a list's lead-in."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Any  # HybridRetriever: reads chunks only where its filters allow

    @classmethod
    def class_name(cls) -> str:
        return "Continuation"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        present = {hit.node.node_id for hit in nodes}
        wanted: dict[str, str] = {}  # the chunk to read -> the one it continues
        for hit in nodes:
            following = next_chunk_id(hit)
            if following and following not in present and awaits_rest(hit):
                wanted.setdefault(following, hit.node.node_id)
        if not wanted:
            return nodes
        added = self.retriever.allowed_passages(list(wanted))
        for hit in added:
            hit.node.metadata[CONTINUES] = wanted[hit.node.node_id]
        return [*nodes, *added]


def next_chunk_id(hit: NodeWithScore) -> str | None:
    """The id of the chunk after this one in its paper (the paper's last has an id too, of a
    chunk that does not exist)."""
    index = hit.node.metadata.get("chunk_index")
    if not isinstance(index, int) or not hit.node.ref_doc_id:
        return None
    return chunk_id(hit.node.ref_doc_id, index + 1)


def awaits_rest(hit: NodeWithScore) -> bool:
    """Whether a passage ends before what it promises: on a lead-in, or, in minutes, on a
    motion after the last vote it records."""
    sentences = [s.text for s in split_sentences(hit.node.get_content())]
    if sentences and is_lead_in(sentences[-1]):
        return True
    if hit.node.metadata.get("doc_type") != "minutes":
        return False
    votes = [i for i, text in enumerate(sentences) if is_vote_outcome(text)]
    tail = sentences[votes[-1] + 1 :] if votes else sentences
    return motion_kind(" ".join(tail)) is not None
