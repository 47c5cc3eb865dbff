"""Public holidays of a country or subdivision, from the `holidays` package (SPEC §3.4).

A region of the policy may close on a country's public holidays: `holidays = "US"`, or with a
subdivision `holidays = "US-NY"` (ISO 3166 codes, as the `holidays` package names them). This
module is the one place that imports `holidays`, and only when a calendar is asked for: the
embedded policy names none, so `check` on it never pays for the import.

The calendars are the package's defaults: public holidays, plus the day a holiday is observed on
when it falls on a weekend where the country does so (a US Independence Day on a Saturday closes
Friday the 3rd). Some calendars are known only for a range of years (India's); outside it the
package knows only the fixed-date holidays, or none.
"""

from __future__ import annotations

import warnings
from datetime import date
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["holiday_calendar", "holiday_name", "public_holidays"]


def holiday_calendar(name: str) -> str:
    """`name` checked and spelled as the package spells it ("us-ny" → "US-NY"); ValueError says
    what is wrong when the `holidays` package has no such country or subdivision."""
    return _resolve(*_split(name))


def public_holidays(name: str, year: int) -> frozenset[date]:
    """The public holidays of the calendar `name` ("US", "US-NY") in `year`."""
    return _year(holiday_calendar(name), year)


def holiday_name(name: str, day: date) -> str | None:
    """The name of the public holiday on `day` in the calendar `name` ("Christmas Day"), or None."""
    if day not in public_holidays(name, day.year):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = _calendar(holiday_calendar(name)).get(day)
    return str(found) if found else "public holiday"


def _split(name: str) -> tuple[str, str | None]:
    """("US", "NY") for "US-NY"; a subdivision is everything after the first hyphen."""
    if not isinstance(name, str):
        raise TypeError(f"a holiday calendar is named by text, got {type(name).__name__}")
    country, _, subdivision = name.strip().partition("-")
    country = country.strip().upper()
    if not (2 <= len(country) <= 3 and country.isascii() and country.isalpha()):
        raise ValueError(
            f"{name!r} is not a country code: expected an ISO 3166 code such as 'US', "
            "or a country and subdivision such as 'US-NY'"
        )
    return country, (subdivision.strip() or None)


@lru_cache(maxsize=64)
def _resolve(country: str, subdivision: str | None) -> str:
    import holidays  # the seam: imported only when a region names a calendar

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(f"{country!r} is not a country the holidays package knows")
    if subdivision is None:
        return country
    known = supported[country]
    # Subdivision codes are upper case ("NY"); a few are names in some versions: match either.
    match = next((s for s in known if s.upper() == subdivision.upper()), None)
    if match is None:
        shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        raise ValueError(
            f"{subdivision!r} is not a subdivision of {country} in the holidays package"
            + (f" (it knows {shown})" if known else " (it knows none)")
        )
    return f"{country}-{match}"


@lru_cache(maxsize=64)
def _calendar(name: str) -> Any:
    """The package's calendar object for a resolved name; it computes a year when first asked."""
    import holidays

    country, _, subdivision = name.partition("-")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return holidays.country_holidays(country, subdiv=subdivision or None)


@lru_cache(maxsize=256)
def _year(name: str, year: int) -> frozenset[date]:
    calendar = _calendar(name)
    with warnings.catch_warnings():
        # Outside the years a calendar is known for, the package warns and gives what it knows.
        warnings.simplefilter("ignore")
        # Asking about a date fills in its year. The years around it too: a holiday of one year
        # may be observed in the next (New Year 2028, a Saturday, closes Friday 2027-12-31).
        for near in range(max(year - 1, 1), min(year + 1, 9999) + 1):
            _ = date(near, 1, 1) in calendar
    return frozenset(day for day in calendar if day.year == year)
