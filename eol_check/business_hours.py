"""Maintenance and Support Hours as a clock: adding business hours to a date-time (§1.2, §3.6).

SPEC §3.4: S2–S4 targets count only the hours a region is open ("response times are effective
during Maintenance and Support Hours only", §3.6); S1 runs on a 24/7 clock (§1.3(a), §6.2(f)).

A `BusinessCalendar` is one region's weekly hours: wall-clock opening and closing times on its
work days, in its IANA zone, minus closed days: explicit dates, and the public holidays of a
country or subdivision (`holidays="US-NY"`, from the `holidays` package, see `holiday_calendars`).
The rules of SPEC §3.4:

- a clock that starts outside hours starts at the next opening;
- a deadline that lands exactly on a closing time is that closing time (not the next opening);
- hours are real elapsed time: a day open 08:00–20:00 local is 12 hours, and a day whose hours
  contained a daylight-saving change would be 11 or 13 (none of the policy's regions has one,
  since the clocks change at night, but the arithmetic does not assume it).

Opening and closing are wall-clock times. One that does not exist on a day (in a spring-forward
gap) is the moment the clocks jump; one that occurs twice (in a fall-back repeat) is taken at its
first occurrence, and the day's hours are one interval between the two.

The cost does not grow hour by hour: whole weeks are skipped at once and the landing day is
looked up in the week ahead. Days with unusual hours (closed days, a daylight-saving change
inside hours) come from a per-month table, built the first time a deadline reaches the month
(one pass over its days; a year's closed days are gathered once); when one lies ahead, the weeks
are skipped counting them (a bisect in the table) and the last week is walked a day at a time.
So a deadline costs O(days of the last week) plus O(log) per month crossed, however many hours
or closed days lie between.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from ._record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .policy import Region

__all__ = ["BusinessCalendar", "add_business_hours", "add_elapsed_hours", "business_calendar"]

_UTC = timezone.utc
_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_MICROSECOND = timedelta(microseconds=1)
_WEEKDAYS = range(7)  # Monday is 0


class CalendarOverflow(ValueError):
    """A deadline that would fall after year 9999, where datetime ends."""


class _Month(Record):
    """One month's work days whose hours differ from the usual day: closed, or a DST change inside.

    `caps` maps such a day to its real hours; `days` (sorted) and `prefix` (running sum of each
    day's difference from the usual hours) answer "how many hours do the days [a, b) lose or gain".
    """

    caps: dict[date, timedelta]
    days: list[date]
    prefix: list[timedelta]


class BusinessCalendar:
    """Weekly business hours in an IANA zone; `add(start, hours)` is the business-hours deadline."""

    # Not a Record: it tables unusual days month by month as deadlines reach them (a cache).

    __slots__ = (
        "_ahead",
        "_closed",
        "_days",
        "_months",
        "_nominal",
        "_weekly",
        "_workdays",
        "closed_dates",
        "closes",
        "holidays",
        "opens",
        "workdays",
        "zone",
    )

    def __init__(
        self,
        zone: str | ZoneInfo,
        opens: time,
        closes: time,
        workdays: Iterable[int],
        closed_dates: Iterable[date] = (),
        holidays: str | None = None,
    ) -> None:
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        if opens.tzinfo is not None or closes.tzinfo is not None:
            raise ValueError("opening and closing are wall-clock times: give them without a zone")
        if closes <= opens:
            raise ValueError(f"closes ({closes}) must be after opens ({opens})")
        self.opens = opens
        self.closes = closes
        self.workdays = frozenset(workdays)
        if not self.workdays or not self.workdays <= set(_WEEKDAYS):
            raise ValueError("workdays must be a non-empty set of weekday numbers (Monday is 0)")
        self.closed_dates = frozenset(closed_dates)
        if holidays is not None:
            from .holiday_calendars import holiday_calendar

            holidays = holiday_calendar(holidays)  # ValueError for an unknown calendar
        self.holidays = holidays
        # Plain tuples for speed on the hot path.
        self._workdays = tuple(day in self.workdays for day in _WEEKDAYS)
        # The wall-clock length of a day's hours: its real length unless the clocks change inside.
        self._nominal = datetime.combine(date.min, closes) - datetime.combine(date.min, opens)
        # Any 7 consecutive days hold each weekday once: the usual hours of any week.
        self._weekly = self._nominal * len(self.workdays)
        self._closed: dict[int, frozenset[date]] = {}  # year → its closed days
        self._months: dict[int, _Month] = {}  # _index(day) → the month's unusual days
        self._days: dict[date, tuple[datetime, datetime]] = {}
        # From each weekday: how many days ahead each work day of the next 7 is, and the usual
        # hours counted by the end of it.
        self._ahead: list[tuple[tuple[int, ...], tuple[timedelta, ...]]] = []
        for weekday in _WEEKDAYS:
            ahead = tuple(n for n in _WEEKDAYS if self._workdays[(weekday + n) % 7])
            self._ahead.append((ahead, tuple(self._nominal * (k + 1) for k in range(len(ahead)))))

    @classmethod
    def for_region(cls, region: Region) -> BusinessCalendar:
        """The calendar of a policy region (§1.2); see also `business_calendar` (cached)."""
        return cls(
            region.tz,
            region.opens,
            region.closes,
            region.workdays,
            region.closed_dates,
            region.holidays,
        )

    def __repr__(self) -> str:
        days = "".join("MTWTFSS"[d] if self._workdays[d] else "-" for d in _WEEKDAYS)
        holidays = f", holidays of {self.holidays}" if self.holidays else ""
        return (
            f"BusinessCalendar({self.zone.key!r}, {self.opens}–{self.closes}, {days}, "
            f"{len(self.closed_dates)} closed dates{holidays})"
        )

    def is_closed(self, day: date) -> bool:
        """True when `day` (a local date) is a closed day: a listed date or a public holiday."""
        return day in self._closed_days(day.year)

    def open_interval(self, day: date) -> tuple[datetime, datetime] | None:
        """The opening and closing moments (aware, UTC) of the local `day`, None when it is not
        a business day (the batch clock, `eol_check.tickets.batch_clock`, tables these)."""
        return self._bounds(day) if self._is_business(day) else None

    def closed_work_days(self, first: date, last: date) -> list[date]:
        """The work days from `first` to `last` (local dates, both included) that are closed."""
        days = []
        for year in range(first.year, last.year + 1):
            closed = self._closed_days(year)
            days += [d for d in closed if first <= d <= last and self._workdays[d.weekday()]]
        return sorted(days)

    @property
    def weekly_hours(self) -> float:
        """The hours of a usual week (no closed dates, no daylight-saving change inside hours)."""
        return self._weekly / timedelta(hours=1)

    def is_open(self, at: datetime) -> bool:
        """True when `at` (aware) falls within business hours: opening included, closing not."""
        t = _utc(at, "at")
        day = t.astimezone(self.zone).date()
        return self._is_business(day) and self._open(day) <= t < self._close(day)

    def clock_start(self, at: datetime) -> datetime:
        """When a clock started at `at` begins to run: `at` itself within hours, else the next
        opening (in the calendar's zone)."""
        return self.add(at, 0)

    def add(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` business hours after `start` (aware), in the calendar's zone."""
        if isinstance(hours, bool) or not isinstance(hours, (int, float)):
            raise TypeError(f"hours must be a number, got {type(hours).__name__}")
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"hours must be a finite number ≥ 0, got {hours!r}")
        t = _utc(start, "start")
        zone = self.zone
        day = t.astimezone(zone).date()
        try:
            remaining = timedelta(hours=hours)
            # The first day: the clock starts at `start` or at the day's opening.
            if self._workdays[day.weekday()] and day not in self._closed_days(day.year):
                opens, closes = self._bounds(day)
                if t < closes:
                    t = max(t, opens)
                    if remaining <= closes - t:
                        return (t + remaining).astimezone(zone)
                    remaining -= closes - t
            day += _DAY
            # From here on `day` is a whole day not yet counted. Usually every day ahead has its
            # usual hours: skip ceil(remaining / weekly) - 1 whole weeks, then the landing day
            # is a look-up in the week ahead (bisect: a deadline on a closing time stays there).
            weeks = (remaining - _MICROSECOND) // self._weekly if remaining else 0
            rest = remaining - self._weekly * weeks
            ahead, cumulative = self._ahead[day.weekday()]
            i = bisect_left(cumulative, rest)
            last = day + timedelta(days=7 * weeks + ahead[i])
            if not self._unusual(day, last + _DAY):
                before = cumulative[i - 1] if i else _ZERO
                return (self._bounds(last)[0] + rest - before).astimezone(zone)
            # Closed dates or a DST change inside hours ahead: count them, week by week.
            while True:
                day, remaining = self._skip_weeks(day, remaining)
                if self._workdays[day.weekday()]:
                    hours_today = self._month(_index(day)).caps.get(day, self._nominal)
                    if remaining <= hours_today and hours_today:
                        return (self._bounds(day)[0] + remaining).astimezone(zone)
                    remaining -= hours_today
                day += _DAY
        except OverflowError:
            raise CalendarOverflow(
                f"{hours} business hours after {start} is beyond year 9999"
            ) from None

    # -- whole weeks ------------------------------------------------------------------------------

    def _skip_weeks(self, day: date, remaining: timedelta) -> tuple[date, timedelta]:
        """Skip the most whole weeks from the start of `day` that leave more than zero hours."""
        # floor(remaining / weekly) usual weeks leave less than a week of hours (none when it
        # divides); days that lose hours (closed) only leave more; days that gain hours (or a
        # remainder of none) mean one week less.
        for weeks in range(remaining // self._weekly, 0, -1):
            end = day + timedelta(weeks=weeks)
            skipped = self._weekly * weeks + self._difference(day, end)
            if skipped < remaining:
                return end, remaining - skipped
        return day, remaining

    def _difference(self, start: date, end: date) -> timedelta:
        """How much the days [start, end) differ in hours from usual weeks (≤ 0 unless DST adds)."""
        total = _ZERO
        first, last = _index(start), _index(end - _DAY)
        for month in range(first, last + 1):
            table = self._month(month)
            if not table.days:
                continue
            lo, hi = bisect_left(table.days, start), bisect_left(table.days, end)
            total += table.prefix[hi] - table.prefix[lo]
        return total

    def _unusual(self, start: date, end: date) -> bool:
        """True when one of the days [start, end) has unusual hours (closed, or a DST change)."""
        for month in range(_index(start), _index(end - _DAY) + 1):
            days = self._month(month).days
            if days and bisect_left(days, start) != bisect_left(days, end):
                return True
        return False

    def _closed_days(self, year: int) -> frozenset[date]:
        """The closed days of `year`: the listed dates and the calendar's public holidays."""
        closed = self._closed.get(year)
        if closed is None:
            closed = frozenset(d for d in self.closed_dates if d.year == year)
            if self.holidays is not None:
                from .holiday_calendars import public_holidays

                closed |= public_holidays(self.holidays, year)
            self._closed[year] = closed
        return closed

    def _month(self, index: int) -> _Month:
        table = self._months.get(index)
        if table is None:
            table = self._months[index] = self._scan(*divmod(index, 12))
        return table

    def _scan(self, year: int, month0: int) -> _Month:
        """The work days of a month (`month0` from 0) whose real hours are not the usual ones."""
        caps: dict[date, timedelta] = {}
        first = date(year, month0 + 1, 1).toordinal()
        # The day after the month's last (not the next month's first: there is none after 9999).
        if month0 == 11:
            end = date(year, 12, 31).toordinal() + 1
        else:
            end = date(year, month0 + 2, 1).toordinal()
        for ordinal in range(first, end):
            day = date.fromordinal(ordinal)
            if self._workdays[day.weekday()]:
                real = _ZERO if self.is_closed(day) else self._real_hours(day)
                if real != self._nominal:
                    caps[day] = real
        days = sorted(caps)
        prefix = [_ZERO]
        for d in days:
            prefix.append(prefix[-1] + caps[d] - self._nominal)
        return _Month(caps, days, prefix)

    # -- one day ----------------------------------------------------------------------------------

    def _is_business(self, day: date) -> bool:
        return self._workdays[day.weekday()] and day not in self._closed_days(day.year)

    def _real_hours(self, day: date) -> timedelta:
        opens, closes = self._bounds(day)
        return max(closes - opens, _ZERO)

    def _open(self, day: date) -> datetime:
        return self._bounds(day)[0]

    def _close(self, day: date) -> datetime:
        return self._bounds(day)[1]

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        """The opening and closing moments (aware, UTC) of `day`, remembered for a while."""
        bounds = self._days.get(day)
        if bounds is None:
            if len(self._days) >= 4096:
                self._days.clear()
            bounds = self._days[day] = (
                self._instant(day, self.opens),
                self._instant(day, self.closes),
            )
        return bounds

    def _instant(self, day: date, wall: time) -> datetime:
        """The first moment (aware, UTC) on `day` whose local wall-clock time is `wall` or later."""
        local = datetime.combine(day, wall, self.zone)  # fold=0: a repeated time's first occurrence
        offset = local.utcoffset()
        assert offset is not None  # a ZoneInfo always has one
        t = datetime.combine(day, wall, _UTC) - offset  # the wall time read at that offset
        shown = t.astimezone(self.zone)
        if shown == local:  # the same zone: compares wall-clock times
            return t
        # `wall` does not exist on `day` (a spring-forward gap): the answer is the moment the
        # clocks jump, in (t - gap, t]: the first whole second (transitions are whole) with the
        # offset after the jump, by bisection over POSIX seconds.
        after = shown.utcoffset()
        gap = shown.replace(tzinfo=None) - local.replace(tzinfo=None)
        lo = math.floor((t - gap).timestamp())  # before the jump
        hi = math.ceil(t.timestamp())  # at or after it
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if datetime.fromtimestamp(mid, self.zone).utcoffset() == after:
                hi = mid
            else:
                lo = mid
        return datetime.fromtimestamp(hi, _UTC)


def _index(day: date) -> int:
    """The month of `day` as a number that counts months: year * 12 + month - 1."""
    return day.year * 12 + day.month - 1


def _utc(value: datetime, what: str) -> datetime:
    """`value` (aware) in UTC."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (give it an offset), got {value}")
    return value.astimezone(_UTC)


@lru_cache(maxsize=64)
def business_calendar(region: Region) -> BusinessCalendar:
    """The (cached) business calendar of `region`'s Maintenance and Support Hours (§1.2)."""
    return BusinessCalendar.for_region(region)


def add_business_hours(start: datetime, hours: float, region: Region) -> datetime:
    """The moment `hours` of `region`'s business hours after `start`, in the region's zone."""
    return business_calendar(region).add(start, hours)


def add_elapsed_hours(start: datetime, hours: float, region: Region) -> datetime:
    """The moment `hours` after `start` on a 24/7 clock (§1.3(a)), shown in the region's zone."""
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"hours must be a finite number ≥ 0, got {hours!r}")
    t = _utc(start, "start")
    try:
        return (t + timedelta(hours=hours)).astimezone(region.tz)
    except OverflowError:
        raise CalendarOverflow(f"{hours} hours after {start} is beyond year 9999") from None
