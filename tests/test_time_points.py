"""Reading the times a sentence names against its paper's meeting date."""

from __future__ import annotations

import pytest

from assistant.time_points import only_before


@pytest.mark.parametrize(
    ("sentence", "meeting_date", "before"),
    [
        ("In January 2023, the MCA re-tendered the contract.", "2026-03-27", True),
        ("The contract expires on 6 July 2027.", "2026-03-27", False),
        # one time still to come is enough
        ("It started in 2023 and ends in 2027.", "2026-03-27", False),
        # a day or month without a year is in the meeting's year
        ("The event was scheduled for the 3rd March.", "2018-03-13", True),
        ("The event was scheduled for the 23rd March.", "2018-03-13", False),
        ("The policy will be ready in October.", "2022-08-04", False),
        # a year or a month is taken at its end: "March 2026" has not passed on 13 March 2026
        ("The plan runs to March 2026.", "2026-03-13", False),
        ("The plan was agreed in 2025.", "2026-03-13", True),
        # a financial year ends in March of the next
        ("Savings were made in 2025/26.", "2026-03-13", False),
        ("Savings were made in 2024/25.", "2026-03-13", True),
        # no time named, a sum of money or a count, or no date to read against: nothing is past
        ("The strategy will be brought in due course.", "2025-05-15", False),
        ("Each permit costs £2019.", "2026-03-13", False),
        ("The plan was agreed in 2025.", "", False),
        ("Members may attend.", "2026-07-01", False),  # "may" is no month of May
    ],
)
def test_a_sentence_names_only_times_before_the_meeting(sentence, meeting_date, before):
    assert only_before(sentence, meeting_date) is before
