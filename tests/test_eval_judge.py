"""The optional LLM judge. Protocol tests: a tiny local server speaks the OpenAI
chat-completions protocol, so nothing here needs a real model."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from assistant.config import LLMSettings
from eval.judge import LLMJudge, parse_verdict
from eval.metrics import score_citations

SOURCE = "Mrs Hudson presented the report on debt recovery on 25 October 2023."


class ChatCompletions(BaseHTTPRequestHandler):
    """Says "supported" when the sentence is word for word in the source; records requests."""

    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append({"path": self.path, **body})
        prompt = body["messages"][-1]["content"]
        source, sentence = prompt.removeprefix("SOURCE:\n").split("\n\nSENTENCE:\n")
        verdict = {"supported": sentence.rstrip(".") in source, "reason": "checked"}
        content = f"Here is my verdict:\n```json\n{json.dumps(verdict)}\n```"
        reply = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def chat_server() -> Iterator[str]:
    ChatCompletions.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatCompletions)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def judge_at(base_url: str) -> LLMJudge:
    settings = LLMSettings(backend="openai", base_url=base_url, model="judge-test", temperature=0.7)
    judge = LLMJudge.from_settings(settings)
    assert judge is not None
    return judge


def test_protocol_judge_posts_chat_completions_at_temperature_zero(chat_server):
    judge = judge_at(chat_server)
    assert judge("Mrs Hudson presented the report on debt recovery", SOURCE) is True
    assert judge("Mr Rayner presented the report", SOURCE) is False
    first = ChatCompletions.requests[0]
    assert first["path"] == "/v1/chat/completions"
    assert (first["model"], first["temperature"]) == ("judge-test", 0.0)
    assert [m["role"] for m in first["messages"]] == ["system", "user"]


def test_protocol_judge_asks_once_per_sentence_and_source(chat_server):
    judge = judge_at(chat_server)
    for _ in range(3):
        judge("Mrs Hudson presented the report on debt recovery", SOURCE)
    assert (judge.calls, len(ChatCompletions.requests)) == (1, 1)


def test_protocol_judge_scores_citations_beside_the_offline_judge(chat_server):
    answer = (
        "Mrs Hudson presented the report on debt recovery. [1] "
        "The report on debt recovery was presented by Mrs Hudson. [1]"
    )
    offline = score_citations(answer, {1: SOURCE})
    judged = score_citations(answer, {1: SOURCE}, judge_at(chat_server))
    # The offline judge accepts the reworded sentence; this strict judge wants it verbatim.
    assert [s.supported for s in offline.sentences] == [True, True]
    assert [s.supported for s in judged.sentences] == [True, False]


def test_no_judge_without_a_configured_llm():
    assert LLMJudge.from_settings(LLMSettings()) is None


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ('{"supported": true, "reason": "all there"}', True),
        ('```json\n{"supported": false}\n```', False),
        ('Verdict: {"supported": true}. Done.', True),
        ('{"supported": "yes"}', None),
        ("I think it is supported.", None),
        ("{not json}", None),
    ],
)
def test_a_verdict_is_read_from_the_first_json_object_in_the_reply(reply, verdict):
    assert parse_verdict(reply) is verdict
