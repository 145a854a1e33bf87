"""The Chat tab's logic, without Gradio: ask with history, reveal the answer, show a source."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from assistant.answering import Assistant, clean_question
from index.filters import SearchFilters
from ui.access import User
from ui.files import PaperFiles
from ui.render import Turn, source_html

# Reveal the answer a sentence at a time (a sentence ends after its [n] markers). The pause
# is short: it makes the answer visibly arrive while holding a worker for a few ms only.
SENTENCE_END = re.compile(r"(?<=\])\s+(?=[^\s\[])")
REVEAL_PAUSE = 0.04
MAX_HISTORY_TURNS = 6


class Chat:
    """Answers one user's questions in a conversation, and shows the passages cited."""

    def __init__(self, assistant: Assistant, files: PaperFiles) -> None:
        self.assistant = assistant
        self.files = files

    def ask(
        self, question: str, turns: list[Turn], filters: SearchFilters
    ) -> Iterator[tuple[list[Turn], str | None]]:
        """Yield (turns, text shown so far of the last answer) as the answer arrives."""
        question = clean_question(question)
        pending = [*turns, Turn(question)]
        yield pending, None
        history = [(t.question, t.answer.text) for t in turns[-MAX_HISTORY_TURNS:] if t.answer]
        answer = self.assistant.ask(question, filters=filters, history=history)
        done = [*turns, Turn(question, answer)]
        if not answer.refused:
            sentences = SENTENCE_END.split(answer.text)
            for count in range(1, len(sentences)):
                yield done, " ".join(sentences[:count])
                time.sleep(REVEAL_PAUSE)
        yield done, None

    def source(self, user: User, turns: list[Turn], turn: int, number: int) -> str:
        """The source panel for reference ``number`` of answer ``turn``."""
        if not 0 <= turn < len(turns) or turns[turn].answer is None:
            return source_html(None)
        answer = turns[turn].answer
        citation = next((c for c in answer.citations if c.number == number), None)
        if citation is None:
            return source_html(None)
        passage = citation.passage
        url, note = self.files.link(user, passage.doc_id, passage.file_name, passage.page)
        return source_html(citation, url, note)
