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

import math
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
    """One region's business hours as a table of open intervals (see the module docstring).

    The table is sized by what the questions reach, never by a guess: it starts on the earliest
    moment's local day and doubles its days until every moment and every deadline falls inside.
    """

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        # The table covers the local days [_first, _last]: none until the first question.
        self._first: date
        self._last: date
        self._opens: Micros
        self._closes: Micros
        self._before: Micros  # business time before each interval
        self._through: Micros  # ... and by its closing
        self._build(date.max, date.min)

    # -- the two questions ------------------------------------------------------------------------

    def add(self, starts: Micros, hours: float) -> Micros:
        """The moment `hours` business hours after each start: `BusinessCalendar.add`, batched."""
        if not 0 <= hours < math.inf:  # NaN compares false
            raise ValueError(f"hours must be a finite number ≥ 0, got {hours!r}")
        if len(starts) == 0:
            return np.zeros(0, np.int64)
        span = hours_micros(hours)
        start, position = self._locate(starts)
        if span == 0:
            return start  # the clock's start: itself within hours, else the next opening
        target = position + np.int64(span)
        # The first interval whose closing reaches the target (numpy's side "left"): a target
        # on a closing time stays there. Beyond the table's last closing: lay out more days.
        furthest = target.max()
        while np.searchsorted(self._through, furthest) >= len(self._through):
            self._grow()
        landing = np.searchsorted(self._through, target)
        deadlines: Micros = self._opens[landing] + (target - self._before[landing])
        return deadlines

    def position(self, moments: Micros) -> Micros:
        """Business time counted from the table's start to each moment (a moment outside hours
        counts as the next opening), so that a difference of positions is business time."""
        if len(moments) == 0:
            return np.zeros(0, np.int64)
        return self._locate(moments)[1]

    # -- the table --------------------------------------------------------------------------------

    def _locate(self, moments: Micros) -> tuple[Micros, Micros]:
        """Where each moment's clock starts, and that start's position."""
        # From the earliest moment's local day: hours lie within a local day (opens < closes),
        # so no earlier day's interval is still open at that moment.
        first = min(moment(int(moments.min()), self.calendar.zone).date(), self._first)
        if first != self._first:
            self._build(first, max(first, self._last))
        # The first interval still open after the moment (closing > moment): a moment on a
        # closing time belongs to the next day's hours. None left in the table: lay out more.
        latest = moments.max()
        while np.searchsorted(self._closes, latest, side="right") >= len(self._closes):
            self._grow()
        index = np.searchsorted(self._closes, moments, side="right")
        opens = self._opens[index]
        start: Micros = np.maximum(moments, opens)
        position: Micros = self._before[index] + (start - opens)
        return start, position

    def _grow(self) -> None:
        """Lay out twice the days (closed days can hold a deadline back for weeks)."""
        try:
            last = self._last + (self._last - self._first) + _DAY
        except OverflowError:
            raise CalendarOverflow("a deadline of the batch clock is beyond year 9999") from None
        self._build(self._first, last)

    def _build(self, first: date, last: date) -> None:
        """Lay out every open interval of the local days [first, last]."""
        opens: list[int] = []
        closes: list[int] = []
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            interval = self.calendar.open_interval(date.fromordinal(ordinal))
            if interval is not None:
                opens.append(micros(interval[0]))
                closes.append(max(micros(interval[1]), opens[-1]))
        self._first, self._last = first, last
        self._opens = np.fromiter(opens, np.int64)
        self._closes = np.fromiter(closes, np.int64)
        lengths = self._closes - self._opens
        self._through = np.cumsum(lengths)
        self._before = self._through - lengths
