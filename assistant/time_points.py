"""The points in time a sentence names, read against its paper's meeting date.

"When will the contract be awarded?" is not answered by "In January 2023, the MCA re-tendered
the contract", in a paper for a meeting in 2026: every time the sentence names has passed by
the time of the paper. A month or a day named without a year is in the meeting's year ("the
networking event initially scheduled for the 3rd March", minuted on 13 March); a year alone or a
month is taken at its end, so that "2026" or "March 2026" in a paper of 13 March 2026 is no
time past.
"""

from __future__ import annotations

import calendar
import datetime
import re

from assistant.answer_kinds import MONTH
from ingest.parts import MONTHS

POINT = re.compile(
    r"(?:\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"\b(?P<month>{MONTH})\b(?:,?\s+(?P<month_year>(?:19|20)\d\d)\b)?"
    r"|(?<![\d,.£$])\b(?P<year>(?:19|20)\d\d)(?:/(?P<next>\d\d)\b)?(?![,.]\d)"
)
FINANCIAL_YEAR_END = 3  # "2023/24" ends in March 2024


def only_before(sentence: str, meeting_date: str) -> bool:
    """Whether the sentence names times, and all of them before the meeting's date (ISO)."""
    try:
        meeting = datetime.date.fromisoformat(meeting_date)
    except ValueError:
        return False
    points = [_latest(match, meeting.year) for match in POINT.finditer(sentence)]
    return bool(points) and all(point < meeting for point in points)


def _latest(match: re.Match[str], meeting_year: int) -> datetime.date:
    """The last day a named time may mean."""
    if match.group("year"):
        year = int(match.group("year"))
        if match.group("next"):
            return datetime.date(year + 1, FINANCIAL_YEAR_END, 31)
        return datetime.date(year, 12, 31)
    year = int(match.group("month_year") or meeting_year)
    month = MONTHS.index(match.group("month")[:3].lower()) + 1
    if match.group("day"):
        try:
            return datetime.date(year, month, int(match.group("day")))
        except ValueError:
            pass
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
