"""The hand-written eval gold set: questions, the evidence that answers them, and key facts.

The schema is described in ``eval/questions/README.md``. ``load_gold`` refuses a malformed line
with a ``ValueError`` that names it, so a typo in the gold set never scores silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "questions" / "gold.jsonl"

CORPORA = {"seeds", "real"}
PERSONAS = {"member", "officer", "researcher"}
PAPER_NAME = {"seeds": re.compile(r"^\d{3}_[0-9a-f]{16}$"), "real": re.compile(r"^real-\d{2}$")}
FIELDS = {
    "id", "corpus", "question", "persona", "answerable", "paraphrased", "multi_paper",
    "follow_up_of", "evidence", "key_facts", "notes",
}  # fmt: skip
REQUIRED = FIELDS - {"notes"}
QUOTE_WORDS = (5, 40)
MAX_KEY_FACTS = 3
REGEX_PREFIX = "re:"


@dataclass(frozen=True)
class Evidence:
    """A short exact quote from one paper (its file stem) that supports the answer."""

    paper: str
    quote: str


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question; an unanswerable one has no evidence and no key facts."""

    id: str
    corpus: str
    question: str
    persona: str
    answerable: bool
    paraphrased: bool
    multi_paper: bool
    follow_up_of: str | None
    evidence: tuple[Evidence, ...]
    key_facts: tuple[str, ...]
    notes: str = ""

    @property
    def papers(self) -> tuple[str, ...]:
        """The distinct papers cited as evidence, in first-cited order."""
        return tuple(dict.fromkeys(item.paper for item in self.evidence))


def normalise(text: str) -> str:
    """Undo line-wrap hyphenation ("-" then whitespace) and collapse whitespace runs."""
    return re.sub(r"\s+", " ", re.sub(r"-\s+", "", text)).strip()


def load_gold(path: Path | str = DEFAULT) -> list[GoldQuestion]:
    """Read and validate the gold set; raise ``ValueError`` naming the first bad line."""
    path = Path(path)
    questions: list[GoldQuestion] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            question = _parse(json.loads(line))
            if question.id in seen:
                raise ValueError(f"duplicate id {question.id!r}")
            if question.follow_up_of is not None and question.follow_up_of not in seen:
                raise ValueError(f"follow_up_of {question.follow_up_of!r} is not an earlier id")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path.name} line {number}: {exc}") from exc
        seen.add(question.id)
        questions.append(question)
    return questions


def _parse(record: object) -> GoldQuestion:
    if not isinstance(record, dict):
        raise ValueError("a line must be one JSON object")
    if missing := REQUIRED - record.keys():
        raise ValueError(f"missing fields {sorted(missing)}")
    if unknown := record.keys() - FIELDS:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for name in ("id", "question"):
        _expect(record[name], str, name)
        if not record[name].strip():
            raise ValueError(f"{name} is empty")
    for name in ("answerable", "paraphrased", "multi_paper"):
        _expect(record[name], bool, name)
    if record["corpus"] not in CORPORA:
        raise ValueError(f"corpus must be one of {sorted(CORPORA)}")
    if record["persona"] not in PERSONAS:
        raise ValueError(f"persona must be one of {sorted(PERSONAS)}")
    if record["follow_up_of"] is not None:
        _expect(record["follow_up_of"], str, "follow_up_of")
    _expect(record.get("notes", ""), str, "notes")
    question = GoldQuestion(
        id=record["id"],
        corpus=record["corpus"],
        question=record["question"],
        persona=record["persona"],
        answerable=record["answerable"],
        paraphrased=record["paraphrased"],
        multi_paper=record["multi_paper"],
        follow_up_of=record["follow_up_of"],
        evidence=tuple(_evidence(item, record["corpus"]) for item in _list(record, "evidence")),
        key_facts=tuple(_key_fact(fact) for fact in _list(record, "key_facts")),
        notes=record.get("notes", ""),
    )
    _check_shape(question)
    return question


def _check_shape(question: GoldQuestion) -> None:
    if not question.answerable:
        if question.evidence or question.key_facts:
            raise ValueError("an unanswerable question has no evidence and no key facts")
        if question.paraphrased or question.multi_paper:
            raise ValueError("an unanswerable question is neither paraphrased nor multi-paper")
        return
    if not question.evidence:
        raise ValueError("an answerable question needs evidence")
    if not 1 <= len(question.key_facts) <= MAX_KEY_FACTS:
        raise ValueError(f"an answerable question needs 1-{MAX_KEY_FACTS} key facts")
    if question.multi_paper != (len(question.papers) >= 2):
        raise ValueError("multi_paper must be true exactly when evidence cites 2+ papers")


def _evidence(item: object, corpus: str) -> Evidence:
    if not isinstance(item, dict) or set(item) != {"paper", "quote"}:
        raise ValueError("evidence items are objects with exactly 'paper' and 'quote'")
    _expect(item["paper"], str, "evidence paper")
    _expect(item["quote"], str, "evidence quote")
    if not PAPER_NAME[corpus].match(item["paper"]):
        raise ValueError(f"paper {item['paper']!r} is not a {corpus} paper")
    words = len(item["quote"].split())
    if not QUOTE_WORDS[0] <= words <= QUOTE_WORDS[1]:
        raise ValueError(f"quote has {words} words; keep it to {QUOTE_WORDS[0]}-{QUOTE_WORDS[1]}")
    return Evidence(paper=item["paper"], quote=item["quote"])


def _key_fact(fact: object) -> str:
    _expect(fact, str, "key fact")
    if not fact.strip():
        raise ValueError("a key fact is empty")
    if fact.startswith(REGEX_PREFIX):
        try:
            re.compile(fact.removeprefix(REGEX_PREFIX))
        except re.error as exc:
            raise ValueError(f"key fact {fact!r} is not a valid regex ({exc})") from exc
    return fact


def _list(record: dict, name: str) -> list:
    _expect(record[name], list, name)
    return record[name]


def _expect(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        raise ValueError(f"{name} must be {kind.__name__}, not {type(value).__name__}")
