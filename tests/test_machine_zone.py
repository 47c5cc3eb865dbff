"""The machine's zone plays no part in an answer: `.ci/run` runs the suite a second time under
`TZ=Pacific/Chatham` (+12:45/+13:45) with `EOL_CHECK_REQUIRE_TZ` naming it, and this test checks
that the zone is really in effect there (without the system's zone file the C library would fall
back to UTC, and the run would prove nothing)."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

# A winter and a summer moment of both hemispheres: a zone with daylight saving differs in one.
MOMENTS = [
    datetime(2026, 1, 15, 12, tzinfo=timezone.utc),
    datetime(2026, 7, 15, 12, tzinfo=timezone.utc),
]


def test_the_required_machine_zone_is_in_effect() -> None:
    required = os.environ.get("EOL_CHECK_REQUIRE_TZ")
    if not required:
        pytest.skip("EOL_CHECK_REQUIRE_TZ is not set: the suite runs under the machine's own zone")
    assert os.environ.get("TZ") == required
    zone = ZoneInfo(required)
    for moment in MOMENTS:
        offset = moment.astimezone(zone).utcoffset()
        assert offset != timedelta(0), f"{required} is UTC at {moment}: choose a zone that is not"
        # What the C library (and so `datetime.astimezone()` without a zone) uses.
        assert timedelta(seconds=time.localtime(moment.timestamp()).tm_gmtoff) == offset
        assert moment.astimezone().utcoffset() == offset
