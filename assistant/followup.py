"""Follow-up questions without an LLM: carry the previous question's key terms forward.

"How many warning letters were issued?" after "What did the audit say about blue badge
misuse?" is searched as "blue badge misuse How many warning letters were issued?".
"""

from __future__ import annotations

import re

ANAPHORA = re.compile(
    r"\b(it|its|they|them|their|this|that|these|those|he|she|his|her|there|such|same)\b", re.I
)
FOLLOW_UP_OPENING = re.compile(
    r"^\s*(and|also|what about|how about|so|then|what else|why|when|who|how (much|many|long))\b",
    re.I,
)
STOPWORDS = {
    "what", "which", "who", "whom", "when", "where", "why", "how", "did", "does", "do", "was",
    "were", "is", "are", "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "about",
    "say", "said", "tell", "me", "us", "there", "any", "by", "with", "from", "at", "as", "be",
    "been", "has", "have", "had", "much", "many", "papers", "paper", "council", "councils",
    "committee", "it", "its", "they", "them", "their", "this", "that", "these", "those",
}  # fmt: skip
MAX_CONTENT_WORDS = 4


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[£\w][\w./-]*", text) if w.lower() not in STOPWORDS]


def is_follow_up(question: str) -> bool:
    """Short, and leaning on what was said before (a pronoun or a follow-up opening)."""
    short = len(content_words(question)) <= MAX_CONTENT_WORDS
    return short and bool(ANAPHORA.search(question) or FOLLOW_UP_OPENING.search(question))


def rewrite_follow_up(question: str, previous_questions: list[str]) -> str:
    """Prefix the previous question's key terms when ``question`` is a follow-up."""
    if not previous_questions or not is_follow_up(question):
        return question
    present = {w.lower() for w in content_words(question)}
    carried = [w for w in content_words(previous_questions[-1]) if w.lower() not in present]
    return f"{' '.join(carried)} {question}".strip() if carried else question
