"""The filters panel: drop-down choices from the index, and the filters a choice makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from assistant.recency import long_date
from index.catalogue import PaperRecord
from index.filters import SearchFilters
from ingest.errors import QueryError
from ui.access import User

ANY = ""  # the drop-downs' "any" value


@dataclass(frozen=True)
class FilterChoices:
    councils: list[str]
    committees: list[str]
    doc_types: list[str]

    @classmethod
    def from_papers(cls, papers: list[PaperRecord]) -> FilterChoices:
        def distinct(values: list[str]) -> list[str]:
            return sorted({value for value in values if value}, key=str.casefold)

        return cls(
            distinct([p.council for p in papers]),
            distinct([p.committee for p in papers]),
            distinct([p.doc_type for p in papers]),
        )


def as_iso_date(value: object) -> str:
    """A date picker's value (string, datetime or timestamp) as 'YYYY-MM-DD', or ''."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value).strftime("%Y-%m-%d")
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise QueryError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def build_filters(
    user: User,
    council: str | None,
    committee: str | None,
    doc_type: str | None,
    since: object,
    until: object,
    as_at: object = None,
) -> SearchFilters:
    """The user's role filter plus whatever the panel says."""
    return user.filters(
        council=council or ANY,
        committee=committee or ANY,
        doc_type=doc_type or ANY,
        since=as_iso_date(since),
        until=as_iso_date(until),
        as_at=as_iso_date(as_at),
    )


def summary_html(filters: SearchFilters | None, error: str = "") -> str:
    """The always-visible line saying what the next question will search."""
    if error:
        return f'<p class="filter-summary filter-error" role="alert">{escape(error)}</p>'
    if filters is None or not filters.describe():
        return '<p class="filter-summary">Searching <strong>all papers</strong></p>'
    parts = []
    for label, value in (
        ("Council", filters.council),
        ("Committee", filters.committee),
        ("Type", filters.doc_type),
        ("From", long_date(filters.since)),
        ("To", long_date(filters.until)),
        ("As at", long_date(filters.as_at)),
    ):
        if value:
            parts.append(
                f'<span class="chip"><span class="chip-label">{label}</span> {escape(value)}</span>'
            )
    return f'<p class="filter-summary is-filtered">Filtered: {"".join(parts)}</p>'
