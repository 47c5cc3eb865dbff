"""Whole lifecycle records (SPEC §3.1–§3.2): every field of a `VersionStatus` and a `LineStatus`,
their JSON forms with each null, and the releases still to come.

End of Life dates fall on the 1st of a month, where every reading of §3.1's month arithmetic agrees
(SPEC v3 §3.1: "for an `eol` on the 1st nothing changes").
"""

from __future__ import annotations

from datetime import date

import pytest

from eol_check._record import replace
from eol_check.catalog import EolSource, Product, Release
from eol_check.lifecycle import (
    LineStatus,
    VersionStatus,
    lines,
    upcoming_releases,
    version_status,
)
from eol_check.policy import Policy, Status
from eol_check.upgrade import upgrade_path
from eol_check.version import parse_lenient

POLICY = Policy(6, 12, {}, (), ())  # §7: six months of support; §2: twelve months to upgrade
D = date.fromisoformat
V = parse_lenient
ON = D("2025-06-01")

PRODUCT = Product(
    id="oas",
    name="Octopus Authentication Server",
    aliases=(),
    releases=tuple(
        Release(V(v), D(d))
        for v, d in {
            "4.1.0": "2023-01-10",
            "4.1.1": "2023-06-01",
            "4.2.0": "2024-01-15",
            "4.2.1": "2024-05-01",
            "4.2.2": "2025-09-01",  # after ON: not released yet
            "4.1.2": "2025-08-01",  # a back-port, after ON
            "5.0.0": "2025-08-01",  # the same day as 4.1.2
            "4.0.0": "2022-03-01",
        }.items()
    ),
    eol={"4.1": D("2025-03-01"), "4.0": D("2026-01-01"), "4": D("2024-06-01")},
    upgrade_from={},
)
# Every 4.x line ends with its major (2024-06-01), earlier than the lines' own dates (SPEC §3.1).


def expected(version: str, **fields: object) -> VersionStatus:
    values: dict[str, object] = {
        "product": PRODUCT,
        "version": V(version),
        "line": V(version).line,
        "date": ON,
        "eol": None,
        "support_until": None,
        "upgrade_until": None,
        "latest_in_line": None,
        "upgrade_to": None,
        "released": None,
        "eol_source": None,
        "upgrade_path": None,
    }
    values.update(fields)
    return VersionStatus(**values)  # type: ignore[arg-type]


MAJOR_EOL = {
    "eol": D("2024-06-01"),
    "support_until": D("2024-11-30"),
    "upgrade_until": D("2025-05-31"),
    "eol_source": EolSource.MAJOR,
}

# Every field of the answer, one row per way a status comes about (SPEC §3.2).
CASES = [
    # The upgrade window of major 4 ended on 2025-05-31.
    (
        "4.2.1",
        Status.UNSUPPORTED,
        {**MAJOR_EOL, "latest_in_line": V("4.2.1"), "released": D("2024-05-01")},
    ),
    # A hotfix has the lifecycle (and the release date) of its base release (SPEC §2).
    (
        "4.2.1.3",
        Status.UNSUPPORTED,
        {**MAJOR_EOL, "latest_in_line": V("4.2.1"), "released": D("2024-05-01")},
    ),
    # Dated after ON: unreleased, with its own date and the line's dates.
    (
        "4.2.2",
        Status.UNRELEASED,
        {**MAJOR_EOL, "latest_in_line": V("4.2.1"), "released": D("2025-09-01")},
    ),
    # A pre-release is never GA (§1.4), even of an existing line; it has no release date.
    ("4.1.1-rc.1", Status.PRERELEASE, {**MAJOR_EOL, "latest_in_line": V("4.1.1")}),
    # A pre-release of a line with no release: no dates at all.
    ("4.3.0-rc.1", Status.PRERELEASE, {}),
    # Not in the catalog: unknown, with its line's dates when the line exists.
    ("4.1.7", Status.UNKNOWN, {**MAJOR_EOL, "latest_in_line": V("4.1.1")}),
    ("9.9.9", Status.UNKNOWN, {}),
]


@pytest.mark.parametrize(("version", "status", "fields"), CASES)
def test_every_field_of_a_version_status(
    version: str, status: Status, fields: dict[str, object]
) -> None:
    answer = version_status(PRODUCT, V(version), POLICY, ON, plan=False)
    assert answer == expected(version, status=status, **fields)


def test_a_current_and_a_supported_line_with_their_upgrade_target() -> None:
    product = Product(
        id="p",
        name="P",
        aliases=(),
        releases=(
            Release(V("1.0.0"), D("2024-01-01")),
            Release(V("1.0.1"), D("2024-02-01")),
            Release(V("1.1.0"), D("2024-06-01")),
            Release(V("1.1.1"), ON),  # released on the day itself: it counts
        ),
        eol={"1.0": D("2025-09-01")},
        upgrade_from={},
    )
    answer = version_status(product, V("1.0.0"), POLICY, ON, plan=False)
    assert answer == VersionStatus(
        product=product,
        version=V("1.0.0"),
        line="1.0",
        date=ON,
        status=Status.SUPPORTED,
        eol=D("2025-09-01"),
        support_until=D("2026-02-28"),
        upgrade_until=D("2026-08-31"),
        latest_in_line=V("1.0.1"),
        upgrade_to=V("1.1.1"),
        released=D("2024-01-01"),
        eol_source=EolSource.LINE,
        upgrade_path=None,
    )
    assert answer.eol_scheduled is True
    current = version_status(product, V("1.1.0"), POLICY, ON, plan=False)
    assert (current.status, current.latest_in_line, current.upgrade_to) == (
        Status.CURRENT,
        V("1.1.1"),
        V("1.1.1"),
    )
    assert current.eol_scheduled is False  # no End of Life declared
    # The day before, 1.1.1 did not exist yet.
    before = version_status(product, V("1.1.0"), POLICY, D("2025-05-31"), plan=False)
    assert (before.latest_in_line, before.upgrade_to) == (V("1.1.0"), V("1.1.0"))


@pytest.mark.parametrize("version", ["4.2.1", "4.2.1.3", "4.2.2", "4.1.1-rc.1", "9.9.9"])
def test_the_plan_is_the_planners_unless_left_out(version: str) -> None:
    planned = version_status(PRODUCT, V(version), POLICY, ON)
    assert planned.upgrade_path is not None
    assert planned.upgrade_path == upgrade_path(PRODUCT, V(version), ON)
    unplanned = version_status(PRODUCT, V(version), POLICY, ON, plan=False)
    assert unplanned.upgrade_path is None
    assert unplanned == replace(planned, upgrade_path=None)


def test_the_support_tail_and_the_upgrade_window_of_a_line() -> None:
    product = Product(
        id="p",
        name="P",
        aliases=(),
        releases=(Release(V("2.0.0"), D("2023-01-01")), Release(V("2.1.0"), D("2024-01-01"))),
        eol={"2.0": D("2025-03-01")},
        upgrade_from={},
    )
    dates = {
        "eol": D("2025-03-01"),
        "support_until": D("2025-08-31"),
        "upgrade_until": D("2026-02-28"),
    }
    for on, status in [
        ("2025-02-28", Status.SUPPORTED),
        ("2025-03-01", Status.SUPPORT_TAIL),
        ("2025-08-31", Status.SUPPORT_TAIL),
        ("2025-09-01", Status.UPGRADE_WINDOW),
        ("2026-02-28", Status.UPGRADE_WINDOW),
        ("2026-03-01", Status.UNSUPPORTED),
    ]:
        answer = version_status(product, V("2.0.0"), POLICY, D(on), plan=False)
        assert answer == VersionStatus(
            product=product,
            version=V("2.0.0"),
            line="2.0",
            date=D(on),
            status=status,
            latest_in_line=V("2.0.0"),
            upgrade_to=V("2.1.0"),
            released=D("2023-01-01"),
            eol_source=EolSource.LINE,
            upgrade_path=None,
            **dates,
        ), on
        assert answer.eol_scheduled is (status is Status.SUPPORTED)


def test_every_field_of_each_line_status() -> None:
    # (line, first release, latest on ON, its date): every 4.x line ended with its major.
    rows = [
        ("4.2", "2024-01-15", "4.2.1", "2024-05-01"),
        ("4.1", "2023-01-10", "4.1.1", "2023-06-01"),
        ("4.0", "2022-03-01", "4.0.0", "2022-03-01"),
    ]
    assert lines(PRODUCT, POLICY, ON) == [
        LineStatus(
            line=line,
            status=Status.UNSUPPORTED,
            released=D(released),
            latest=V(latest),
            latest_released=D(latest_released),
            **MAJOR_EOL,  # type: ignore[arg-type]
        )
        for line, released, latest, latest_released in rows
    ]


def test_json_forms_with_every_null() -> None:
    answer = version_status(PRODUCT, V("4.3.0-rc.1"), POLICY, ON, plan=False)
    assert answer.as_json() == {
        "product": "oas",
        "date": "2025-06-01",
        "version": "4.3.0-rc.1",
        "line": "4.3",
        "status": "prerelease",
        "eol": None,
        "support_until": None,
        "upgrade_until": None,
        "latest_in_line": None,
        "upgrade_to": None,
        "released": None,
        "eol_source": None,
        "eol_scheduled": False,
        "upgrade_path": None,
        "upgrade_path_reason": None,
    }
    line = LineStatus(
        line="7.0",
        status=Status.CURRENT,
        released=D("2025-01-01"),
        latest=V("7.0.1"),
        eol=None,
        support_until=None,
        upgrade_until=None,
        eol_source=None,
    )
    assert line.as_json() == {
        "line": "7.0",
        "status": "current",
        "released": "2025-01-01",
        "latest": "7.0.1",
        "eol": None,
        "support_until": None,
        "upgrade_until": None,
        "latest_released": None,
        "eol_source": None,
        "eol_scheduled": False,
    }


def test_json_forms_with_every_value() -> None:
    answer = version_status(PRODUCT, V("4.2.2"), POLICY, ON, plan=False)
    assert answer.as_json() == {
        "product": "oas",
        "date": "2025-06-01",
        "version": "4.2.2",
        "line": "4.2",
        "status": "unreleased",
        "eol": "2024-06-01",
        "support_until": "2024-11-30",
        "upgrade_until": "2025-05-31",
        "latest_in_line": "4.2.1",
        "upgrade_to": None,
        "released": "2025-09-01",
        "eol_source": "major",
        "eol_scheduled": False,
        "upgrade_path": None,
        "upgrade_path_reason": None,
    }
    line = lines(PRODUCT, POLICY, ON)[0].as_json()
    assert line == {
        "line": "4.2",
        "status": "unsupported",
        "released": "2024-01-15",
        "latest": "4.2.1",
        "eol": "2024-06-01",
        "support_until": "2024-11-30",
        "upgrade_until": "2025-05-31",
        "latest_released": "2024-05-01",
        "eol_source": "major",
        "eol_scheduled": False,
    }


def test_upcoming_releases_come_in_the_order_they_come_out() -> None:
    # Not the catalog's order (by version: 4.1.2, 4.2.2, 5.0.0): by date, then by version.
    assert upcoming_releases(PRODUCT, ON) == [
        Release(V("4.1.2"), D("2025-08-01")),
        Release(V("5.0.0"), D("2025-08-01")),
        Release(V("4.2.2"), D("2025-09-01")),
    ]


def test_a_release_dated_today_is_out_not_upcoming() -> None:
    assert upcoming_releases(PRODUCT, D("2025-08-01")) == [Release(V("4.2.2"), D("2025-09-01"))]
    assert upcoming_releases(PRODUCT, D("2025-09-01")) == []
