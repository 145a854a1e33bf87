"""Search filters, applied inside the Chroma query and inside BM25, never after the top-k.

``as_at`` asks a question as it stood on a date: only papers dated on or before it count.
It is kept apart from ``until`` (a plain date range) because it also says how to read the
answer, but both bound the same date: the effective upper bound is the earlier of the two
(:attr:`SearchFilters.latest`). Undated papers never match a date bound, ``as_at`` included,
since nothing says they existed by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ingest.errors import QueryError

ROLE_CLASSIFICATIONS = {
    "public": ("public",),
    "member": ("public", "exempt"),
    "officer": ("public", "exempt"),
}


@dataclass(frozen=True)
class SearchFilters:
    """What a search may return. Empty fields do not filter; ``classifications`` always does."""

    council: str = ""
    committee: str = ""
    doc_type: str = ""
    since: str = ""  # ISO dates, inclusive
    until: str = ""
    as_at: str = ""  # ISO date: the papers as they stood that day
    classifications: tuple[str, ...] = ("public",)

    @classmethod
    def for_role(cls, role: str, **fields: Any) -> SearchFilters:
        if role not in ROLE_CLASSIFICATIONS:
            raise QueryError(f"unknown role {role!r}: use public, member or officer")
        return cls(classifications=ROLE_CLASSIFICATIONS[role], **fields)

    def __post_init__(self) -> None:
        for name in ("since", "until", "as_at"):
            value = getattr(self, name)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    flag = name.replace("_", "-")
                    raise QueryError(f"--{flag} {value!r} is not a date (use YYYY-MM-DD)") from None
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"--since {self.since} is after --until {self.until}")
        if self.since and self.as_at and self.since > self.as_at:
            raise QueryError(f"--since {self.since} is after --as-at {self.as_at}")

    @property
    def latest(self) -> str:
        """The effective upper date bound: the earlier of ``until`` and ``as_at`` ('' if none)."""
        return min(filter(None, (self.until, self.as_at)), default="")

    def describe(self) -> str:
        """A short human description, e.g. 'council: Kent County Council; since 2023-01-01'."""
        parts = [f"{name}: {getattr(self, name)}" for name in ("council", "committee", "doc_type")]
        parts += [f"{name} {getattr(self, name)}" for name in ("since", "until")]
        parts.append(f"as at {self.as_at}" if self.as_at else "")
        return "; ".join(part for part in parts if part and not part.endswith((": ", " ")))

    def to_where(self) -> dict[str, Any]:
        """The Chroma ``where`` clause."""
        conditions: list[dict[str, Any]] = [{"classification": {"$in": list(self.classifications)}}]
        for name in ("council", "committee", "doc_type"):
            if getattr(self, name):
                conditions.append({name: getattr(self, name)})
        if self.since:
            conditions.append({"meeting_date_num": {"$gte": _date_number(self.since)}})
        if self.latest:
            conditions.append({"meeting_date_num": {"$lte": _date_number(self.latest)}})
        if self.since or self.latest:
            conditions.append({"meeting_date_num": {"$gt": 0}})  # undated papers can't match
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    def mask(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """The same conditions over BM25's metadata columns."""
        allowed = np.isin(columns["classification"], self.classifications)
        for name in ("council", "committee", "doc_type"):
            if getattr(self, name):
                allowed &= columns[name] == getattr(self, name)
        dates = columns["meeting_date_num"]
        if self.since:
            allowed &= dates >= _date_number(self.since)
        if self.latest:
            allowed &= (dates <= _date_number(self.latest)) & (dates > 0)
        return allowed


def _date_number(value: str) -> int:
    return int(value.replace("-", ""))
