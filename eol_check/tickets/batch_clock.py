"""The business clock for many start times at once (SPEC §9 "Scale"), vectorised with numpy.

`BatchClock(calendar)` answers what `BusinessCalendar.add` answers (§1.2, §3.6, SPEC §3.4), for
arrays of moments: a region's open intervals are laid out once as a table of UTC microseconds,
each with the business time counted before it, and a deadline is two binary searches
(`numpy.searchsorted`) in that table instead of a walk over days.

What is open is not decided here: each day's opening and closing come from the calendar itself
(`BusinessCalendar.open_interval`: work days, closed days, holidays, daylight-saving gaps), so
the two clocks cannot disagree on hours; the property tests (tests/tickets/test_batch_clock.py)
hold this module to the per-call clock as their oracle. The rules, as there:

- a clock that starts outside hours starts at the next opening (`hours == 0`: that opening);
- a deadline that lands exactly on a closing time is that closing time;
- hours are real elapsed time, counted to the microsecond as `timedelta(hours=h)` rounds them.

Moments are int64 microseconds since 1970-01-01 UTC (`micros`, `moment` convert).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np
import numpy.typing as npt

from ..business_hours import BusinessCalendar, CalendarOverflow

TYPE_CHECKING = False
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

__all__ = ["BatchClock", "ElapsedClock", "Micros", "micros", "moment"]

#: An array of moments or durations in microseconds.
Micros = npt.NDArray[np.int64]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_DAY = timedelta(days=1)
#: Days added around what the starts need, so that a table is rarely rebuilt.
_MARGIN_DAYS = 14


def micros(at: datetime) -> int:
    """`at` (aware) as microseconds since the epoch."""
    return (at - _EPOCH) // _US


def moment(us: int, zone: ZoneInfo | timezone = timezone.utc) -> datetime:
    """The aware moment `us` microseconds after the epoch, in `zone`."""
    return (_EPOCH + timedelta(microseconds=int(us))).astimezone(zone)


def hours_micros(hours: float) -> int:
    """`hours` as microseconds, rounded as `timedelta(hours=hours)` rounds them."""
    return timedelta(hours=hours) // _US


class ElapsedClock:
    """The 24/7 clock (§1.3(a), special services §3.6) with BatchClock's interface."""

    def add(self, starts: Micros, hours: float) -> Micros:
        """Each start plus `hours` of elapsed time."""
        return starts + np.int64(hours_micros(hours))

    def position(self, moments: Micros) -> Micros:
        """Elapsed time counts every microsecond: the moment itself."""
        return moments


class BatchClock:
    """One region's business hours as a table of open intervals (see the module docstring)."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self._first: date | None = None  # the table covers the local days [_first, _last]
        self._last: date | None = None
        self._opens: Micros = np.zeros(0, np.int64)
        self._closes: Micros = np.zeros(0, np.int64)
        self._before: Micros = np.zeros(0, np.int64)  # business time before each interval
        self._through: Micros = np.zeros(0, np.int64)  # ... and by its closing

    # -- the two questions ------------------------------------------------------------------------

    def add(self, starts: Micros, hours: float) -> Micros:
        """The moment `hours` business hours after each start: `BusinessCalendar.add`, batched."""
        if not hours >= 0 or hours == float("inf"):
            raise ValueError(f"hours must be a finite number ≥ 0, got {hours!r}")
        if len(starts) == 0:
            return np.zeros(0, np.int64)
        span = hours_micros(hours)
        self._cover(int(starts.min()), int(starts.max()), span)
        while True:
            start, position = self._locate(starts)
            if span == 0:
                return start  # the clock's start: itself within hours, else the next opening
            target = position + np.int64(span)
            if int(target.max()) <= int(self._through[-1]):
                break
            self._grow()  # closed days ahead used more of the table than was guessed
        # The first interval whose closing reaches the target: a target on a closing time stays.
        landing = np.searchsorted(self._through, target, side="left")
        deadlines: Micros = self._opens[landing] + (target - self._before[landing])
        return deadlines

    def position(self, moments: Micros) -> Micros:
        """Business time counted from the table's start to each moment (a moment outside hours
        counts as the next opening), so that a difference of positions is business time."""
        if len(moments) == 0:
            return np.zeros(0, np.int64)
        self._cover(int(moments.min()), int(moments.max()), 0)
        return self._locate(moments)[1]

    # -- the table --------------------------------------------------------------------------------

    def _locate(self, moments: Micros) -> tuple[Micros, Micros]:
        """Where each moment's clock starts, and that start's position."""
        # The first interval still open after the moment (closing > moment): a moment on a
        # closing time belongs to the next day's hours.
        index = np.searchsorted(self._closes, moments, side="right")
        opens = self._opens[index]
        start: Micros = np.maximum(moments, opens)
        position: Micros = self._before[index] + (start - opens)
        return start, position

    def _cover(self, first_us: int, last_us: int, span: int) -> None:
        """Make the table cover clocks started in [first_us, last_us] running `span` hours."""
        zone = self.calendar.zone
        first = moment(first_us, zone).date() - _DAY
        weekly = int(self.calendar.weekly_hours * 3_600_000_000)
        weeks = -(-span // weekly) + 1
        last = moment(last_us, zone).date() + timedelta(days=7 * weeks + _MARGIN_DAYS)
        if self._first is not None and self._last is not None:
            if self._first <= first and last <= self._last:
                return
            first, last = min(first, self._first), max(last, self._last)
        self._build(first, last)

    def _grow(self) -> None:
        assert self._first is not None
        assert self._last is not None
        self._build(self._first, self._last + (self._last - self._first) + _DAY)

    def _build(self, first: date, last: date) -> None:
        """Lay out every open interval of the local days [first, last], and one more, so that a
        moment after the last one still finds an interval."""
        try:
            last_day = last + _DAY * 7
        except OverflowError:
            raise CalendarOverflow("a deadline of the batch clock is beyond year 9999") from None
        opens: list[int] = []
        closes: list[int] = []
        day = first
        try:
            while day <= last_day or not opens:
                interval = self.calendar.open_interval(day)
                if interval is not None:
                    opens.append(micros(interval[0]))
                    closes.append(max(micros(interval[1]), opens[-1]))
                day += _DAY
        except OverflowError:
            raise CalendarOverflow("a deadline of the batch clock is beyond year 9999") from None
        self._first, self._last = first, last
        self._opens = np.array(opens, np.int64)
        self._closes = np.array(closes, np.int64)
        lengths = self._closes - self._opens
        self._through = np.cumsum(lengths, dtype=np.int64)
        self._before = self._through - lengths
