"""The date reader and its range (SPEC §5: input errors), each refusal with its whole message, and
the first and last days of the range."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from eol_check._dates import date_range_problem, parse_date
from eol_check.errors import InvalidDate

LONG = "2026-01-15" + "x" * 50


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-1-05", "date '2026-1-05' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        ("2026-0x-05", "date '2026-0x-05' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        ("2026-x1-05", "date '2026-x1-05' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        ("2026-01-0x", "date '2026-01-0x' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        ("2026-01-x5", "date '2026-01-x5' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        ("2026x01-05", "date '2026x01-05' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        # A long text is shown cut to its first 40 characters.
        (LONG, f"date {LONG[:40]!r} is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"),
        (
            "2026-02-30",
            "date '2026-02-30' is not a real calendar date (day is out of range for month)",
        ),
        (
            "1899-12-31",
            "date 1899-12-31 is outside the dates eol-check handles (1900-01-01 to 2999-12-31)",
        ),
        (
            "3000-01-01",
            "date 3000-01-01 is outside the dates eol-check handles (1900-01-01 to 2999-12-31)",
        ),
    ],
)
def test_each_refusal_with_its_message(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_the_refusal_names_what_was_read() -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date("soon", "--date")
    assert str(caught.value) == (
        "--date 'soon' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"
    )


@pytest.mark.parametrize("text", ["1900-01-01", "2999-12-31", "2026-01-15"])
def test_the_first_and_last_days_are_in_range(text: str) -> None:
    assert parse_date(text) == date.fromisoformat(text)
    assert date_range_problem(date.fromisoformat(text)) is None


def test_a_date_time_is_judged_by_its_date() -> None:
    late = datetime(2999, 12, 31, 23, 59, tzinfo=timezone.utc)
    assert date_range_problem(late) is None
    assert date_range_problem(datetime(1899, 12, 31, 23, 59)) == (
        "1899-12-31 is outside the dates eol-check handles (1900-01-01 to 2999-12-31)"
    )
