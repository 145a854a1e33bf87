"""An optional LLM judge of support, beside the offline one (never required).

Used only when an LLM is configured (``llm.backend`` other than ``extractive``). It asks,
at temperature 0, whether a source text supports a sentence and reads a JSON verdict.
"""

from __future__ import annotations

import json
import re

from llama_index.core.llms import LLM, ChatMessage

from assistant.config import LLMSettings
from assistant.llms import build_llm

SYSTEM = (
    "You check answers written from UK council papers. Given a SOURCE text and a SENTENCE, "
    "decide whether the source supports every claim in the sentence: each number, amount, "
    "date and name must appear in the source, and nothing may be added that the source does "
    'not say. Reply with JSON only: {"supported": true or false, "reason": "a few words"}.'
)
USER = "SOURCE:\n{source}\n\nSENTENCE:\n{sentence}"
JSON_OBJECT = re.compile(r"\{.*\}", re.S)


class LLMJudge:
    """``judge(sentence, cited_text) -> bool``; verdicts are cached, unreadable ones counted."""

    def __init__(self, llm: LLM, name: str = "") -> None:
        self.llm = llm
        self.name = name
        self.calls = 0
        self.unreadable = 0
        self._verdicts: dict[tuple[str, str], bool] = {}

    @classmethod
    def from_settings(cls, settings: LLMSettings) -> LLMJudge | None:
        """A judge on the configured LLM at temperature 0, or None for the extractive setup."""
        if settings.backend == "extractive":
            return None
        llm = build_llm(settings.model_copy(update={"temperature": 0.0}))
        return cls(llm, name=f"{settings.backend}:{settings.model}") if llm else None

    def __call__(self, sentence: str, cited_text: str) -> bool:
        key = (sentence, cited_text)
        if key not in self._verdicts:
            self._verdicts[key] = self._ask(sentence, cited_text)
        return self._verdicts[key]

    def _ask(self, sentence: str, cited_text: str) -> bool:
        self.calls += 1
        reply = self.llm.chat(
            [
                ChatMessage(role="system", content=SYSTEM),
                ChatMessage(role="user", content=USER.format(source=cited_text, sentence=sentence)),
            ]
        )
        verdict = parse_verdict(reply.message.content or "")
        if verdict is None:
            self.unreadable += 1
            return False
        return verdict


def parse_verdict(text: str) -> bool | None:
    """``{"supported": true}`` (possibly inside prose or a code fence) -> True; None if absent."""
    match = JSON_OBJECT.search(text)
    if not match:
        return None
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError:
        return None
    value = data.get("supported") if isinstance(data, dict) else None
    return value if isinstance(value, bool) else None
