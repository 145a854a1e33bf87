"""LLM backends by configuration key; each builds one of LlamaIndex's LLM classes."""

from __future__ import annotations

from collections.abc import Callable

from llama_index.core.llms import LLM

from assistant.config import LLMSettings
from ingest.errors import ConfigError


def _openai_compatible(settings: LLMSettings) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    if not settings.base_url or not settings.model:
        raise ConfigError("llm.backend = 'openai' needs llm.base_url and llm.model")
    return OpenAILike(
        model=settings.model,
        api_base=settings.base_url,
        api_key=settings.api_key or "not-needed",
        temperature=settings.temperature,
        timeout=settings.timeout,
        context_window=settings.context_window,
        max_tokens=settings.max_tokens,
        is_chat_model=True,
        max_retries=1,
    )


def _ollama(settings: LLMSettings) -> LLM:
    from llama_index.llms.ollama import Ollama

    if not settings.model:
        raise ConfigError("llm.backend = 'ollama' needs llm.model")
    return Ollama(
        model=settings.model,
        base_url=settings.base_url or "http://127.0.0.1:11434",
        temperature=settings.temperature,
        request_timeout=settings.timeout,
        context_window=settings.context_window,
        additional_kwargs={"num_predict": settings.max_tokens},
    )


BACKENDS: dict[str, Callable[[LLMSettings], LLM]] = {
    "openai": _openai_compatible,
    "ollama": _ollama,
}


def build_llm(settings: LLMSettings) -> LLM | None:
    """The configured LLM, or None for the extractive (no-LLM) answerer."""
    if settings.backend == "extractive":
        return None
    return BACKENDS[settings.backend](settings)
