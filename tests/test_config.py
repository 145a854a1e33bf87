"""One configuration object: defaults < TOML file < environment < explicit overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_config
from ingest.errors import ConfigError


def test_defaults_need_no_file_and_no_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={})
    assert config.data_dir == Path("data")
    assert config.embedding.model == "all-MiniLM-L6-v2"
    assert config.chroma.host == ""
    assert config.role == "public"


def test_file_then_environment_then_overrides(tmp_path):
    path = tmp_path / "councilqa.toml"
    path.write_text(
        'data_dir = "from-file"\n[embedding]\nmodel = "/models/minilm"\nbatch_size = 8\n'
    )
    environ = {"COUNCILQA_DATA_DIR": "from-env", "COUNCILQA_EMBEDDING__BATCH_SIZE": "16"}
    config = load_config(path, environ=environ)
    assert config.data_dir == Path("from-env")
    assert config.embedding.model == "/models/minilm"
    assert config.embedding.batch_size == 16
    config = load_config(path, overrides={"data_dir": "from-flag"}, environ=environ)
    assert config.data_dir == Path("from-flag")


def test_chroma_server_comes_from_chroma_variables(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "8123"})
    assert (config.chroma.host, config.chroma.port) == ("127.0.0.1", 8123)


@pytest.mark.parametrize(
    "content, message",
    [
        ("data_dir = [", "not valid TOML"),
        ("[embedding]\nbatch_size = 0\n", "embedding.batch_size"),
        ("colour = 'blue'\n", "colour"),
        ("role = 'mayor'\n", "role"),
    ],
)
def test_bad_configuration_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "councilqa.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(path, environ={})


def test_named_config_file_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml", environ={})


@pytest.mark.slow
def test_embedding_threads_set_torchs_thread_count(tmp_path):
    import torch

    from assistant.factory import Components

    before = torch.get_num_threads()
    environ = {"COUNCILQA_EMBEDDING__THREADS": "1", "COUNCILQA_DATA_DIR": str(tmp_path)}
    try:
        Components(load_config(environ=environ)).embed_model  # noqa: B018 (loads the model)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
