"""endoflife.date-style data (SPEC §7): field by field, and its day convention against `status`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check.catalog import Product, Release, load_catalog
from eol_check.endoflife import Cycle, cycles, endoflife_data
from eol_check.lifecycle import lines
from eol_check.policy import Policy, Status, load_policy
from eol_check.version import parse_lenient

from .._endoflife_rules import endoflife_rule_errors

# §7: six months of support after End of Life; §2: twelve months to upgrade.
POLICY = Policy(6, 12, {}, (), ())
D = date.fromisoformat
DATA = Path(__file__).resolve().parents[2] / "data"


def product(
    id: str,
    releases: Mapping[str, str],
    eol: Mapping[str, str] | None = None,
    product_eol: str | None = None,
) -> Product:
    return Product(
        id=id,
        name=f"Product {id.upper()}",
        aliases=(),
        releases=tuple(Release(parse_lenient(v), D(d)) for v, d in releases.items()),
        eol={key: D(value) for key, value in (eol or {}).items()},
        upgrade_from={},
        product_eol=D(product_eol) if product_eol else None,
    )


# Line 1.0 has its own End of Life, earlier than its major's; 1.1 ends with major 1; 2.0 ends
# with the product (2028-02-29, a leap day); 2.1 and 2.0.2 are released after the date.
P = product(
    "p",
    {
        "1.0.0": "2020-01-15",
        "1.0.1": "2020-06-01",
        "1.1.0": "2021-03-01",
        "2.0.0": "2022-05-02",
        "2.0.1": "2023-01-09",
        "2.0.2": "2026-12-01",
        "2.1.0": "2027-01-18",
    },
    eol={"1.0": "2022-12-31", "1": "2024-08-31"},
    product_eol="2028-02-29",
)
# No End of Life decided for anything.
Q = product("q", {"0.9.0": "2025-01-06", "0.9.1": "2025-03-03", "0.10.0": "2025-09-01"})

ON = D("2026-11-21")


@pytest.mark.parametrize(
    ("cycle", "release_date", "eoas", "eol", "upgrade_until", "latest", "latest_date"),
    [
        # SPEC v3 §3.1, from the last day of life. Product EOL 2028-02-29: eoas the day before,
        # 2028-02-28 (no month end in a leap year) + 6 and + 12 months. 2.0.2 is not out yet.
        ("2.0", "2022-05-02", "2028-02-28", "2028-08-28", "2029-02-28", "2.0.1", "2023-01-09"),
        # major 1 EOL 2024-08-31: 2024-08-30 + 6 months = 2025-02-28 (clamped)
        ("1.1", "2021-03-01", "2024-08-30", "2025-02-28", "2025-08-30", "1.1.0", "2021-03-01"),
        # line EOL 2022-12-31, earlier than the major's: 2022-12-30 + 6 months
        ("1.0", "2020-01-15", "2022-12-30", "2023-06-30", "2023-12-30", "1.0.1", "2020-06-01"),
    ],
)
def test_cycle_fields(
    cycle: str,
    release_date: str,
    eoas: str,
    eol: str,
    upgrade_until: str,
    latest: str,
    latest_date: str,
) -> None:
    found = {c.release_cycle: c for c in cycles(P, POLICY, ON)}
    assert found[cycle] == Cycle(
        release_cycle=cycle,
        release_date=D(release_date),
        eoas=D(eoas),
        eol=D(eol),
        upgrade_until=D(upgrade_until),
        latest=latest,
        latest_release_date=D(latest_date),
    )


def test_newest_cycle_first_and_future_releases_left_out() -> None:
    assert [c.release_cycle for c in cycles(P, POLICY, ON)] == ["2.0", "1.1", "1.0"]
    # On the day a release comes out it counts; a line appears with its first release.
    assert cycles(P, POLICY, D("2026-12-01"))[0].latest == "2.0.2"
    assert cycles(P, POLICY, D("2026-12-01"))[0].latest_release_date == D("2026-12-01")
    assert cycles(P, POLICY, D("2027-01-18"))[0].release_cycle == "2.1"
    assert cycles(P, POLICY, D("2019-12-31")) == []


def test_json_of_undecided_end_of_life_is_false_and_upgrade_until_absent() -> None:
    # endoflife.date writes `eol: false` for a cycle with no end in sight; a custom field must be
    # a date or absent, never false (SPEC §7 v2).
    assert endoflife_data([Q], POLICY, ON)["q"]["releases"] == [
        {
            "releaseCycle": "0.10",
            "releaseDate": "2025-09-01",
            "eoas": False,
            "eol": False,
            "latest": "0.10.0",
            "latestReleaseDate": "2025-09-01",
        },
        {
            "releaseCycle": "0.9",
            "releaseDate": "2025-01-06",
            "eoas": False,
            "eol": False,
            "latest": "0.9.1",
            "latestReleaseDate": "2025-03-03",
        },
    ]


def test_json_keyed_by_product_id_in_catalog_order() -> None:
    data = endoflife_data([P, Q], POLICY, ON)
    assert list(data) == ["p", "q"]
    assert {k: v for k, v in data["p"].items() if k != "releases"} == {
        "title": "Product P",
        "name": "Product P",
        "category": "app",
        "permalink": "/p",
        "alternate_urls": ["/product-p"],
        "eoasColumn": True,
        "customFields": [
            {
                "name": "upgradeUntil",
                "display": "after-latest-column",
                "label": "Upgrade until",
                "description": "The last day to upgrade after End of Life (§2: 12 months)",
            }
        ],
    }
    assert data["p"]["releases"][0] == {
        "releaseCycle": "2.0",
        "releaseDate": "2022-05-02",
        "eoas": "2028-02-28",
        "eol": "2028-08-28",
        "latest": "2.0.1",
        "latestReleaseDate": "2023-01-09",
        "upgradeUntil": "2029-02-28",
    }
    json.dumps(data)  # JSON-ready as it is
    # A product with no release by the date is still listed, with no cycles.
    assert endoflife_data([P], POLICY, D("2019-01-01"))["p"]["releases"] == []


def test_a_cycle_released_after_a_newer_numbered_one_is_flagged_out_of_order() -> None:
    # 2.0.0 came out before 1.1.0: endoflife.date wants cycles by release date, newest first,
    # and lets a product flag the exceptions.
    odd = product("odd", {"1.0.0": "2020-01-06", "2.0.0": "2020-06-01", "1.1.0": "2021-01-04"})
    releases = endoflife_data([odd], POLICY, ON)["odd"]["releases"]
    assert [(r["releaseCycle"], r.get("outOfOrder")) for r in releases] == [
        ("2.0", None),
        ("1.1", True),
        ("1.0", None),
    ]
    assert endoflife_rule_errors(endoflife_data([odd], POLICY, ON)["odd"], ON) == []


def test_the_policy_month_counts_are_used() -> None:
    cycle = cycles(P, Policy(3, 24, {}, (), ()), ON)[2]  # line 1.0, EOL 2022-12-31
    assert (cycle.eoas, cycle.eol, cycle.upgrade_until) == (
        D("2022-12-30"),
        D("2023-03-30"),  # 2022-12-31 + 3 months = 2023-03-31, −1 day
        D("2024-12-30"),
    )


# --- the day convention: endoflife.date's reading of the dates agrees with `status` -----------

CATALOG = load_catalog(DATA / "catalog")
REAL_POLICY = load_policy(DATA / "policy.toml")


@settings(max_examples=60, deadline=None)
@given(on=st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31)))
def test_endoflife_convention_agrees_with_the_lifecycle(on: date) -> None:
    """A tool reading the export as endoflife.date does (`isEol = today > eol`, `isEoas = today >
    eoas`) sees exactly the lines eol-check calls out of support / End of Life on that day."""
    data = endoflife_data(CATALOG.products, REAL_POLICY, on)
    for product_ in CATALOG.products:
        statuses = {line.line: line.status for line in lines(product_, REAL_POLICY, on)}
        released = data[product_.id]["releases"]
        assert [c["releaseCycle"] for c in released] == list(statuses)
        for c in released:
            status = statuses[c["releaseCycle"]]
            is_eol = c["eol"] is not False and on > D(c["eol"])
            is_eoas = c["eoas"] is not False and on > D(c["eoas"])
            assert is_eol == (status in (Status.UPGRADE_WINDOW, Status.UNSUPPORTED))
            assert is_eoas == (status not in (Status.CURRENT, Status.SUPPORTED))


@pytest.mark.parametrize(
    ("on", "status", "is_eoas", "is_eol"),
    [
        # line 1.1 of P: End of Life (major 1) on 2024-08-31, eoas 2024-08-30, eol 2025-02-28
        ("2024-08-30", Status.SUPPORTED, False, False),  # the last day of full support
        ("2024-08-31", Status.SUPPORT_TAIL, True, False),  # End of Life: the tail starts
        ("2025-02-28", Status.SUPPORT_TAIL, True, False),  # support_until: still supported
        ("2025-03-01", Status.UPGRADE_WINDOW, True, True),  # the day after: out of support
        ("2025-08-30", Status.UPGRADE_WINDOW, True, True),  # upgrade_until
        ("2025-08-31", Status.UNSUPPORTED, True, True),
    ],
)
def test_boundary_days(on: str, status: Status, is_eoas: bool, is_eol: bool) -> None:
    day = D(on)
    cycle = next(c for c in cycles(P, POLICY, day) if c.release_cycle == "1.1")
    assert next(s.status for s in lines(P, POLICY, day) if s.line == "1.1") is status
    assert cycle.eoas is not None
    assert cycle.eol is not None
    assert (day > cycle.eoas, day > cycle.eol) == (is_eoas, is_eol)


# --- the command: catalog export --format endoflife -------------------------------------------


# --- endoflife.date's product rules (SPEC §7 v2) ----------------------------------------------


@settings(max_examples=40, deadline=None)
@given(on=st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31)))
def test_every_product_passes_endoflife_dates_product_rules(on: date) -> None:
    for exported in endoflife_data([*CATALOG.products, P, Q], REAL_POLICY, on).values():
        assert endoflife_rule_errors(exported, on) == []


def test_the_rules_catch_what_the_old_export_wrote() -> None:
    # v1 of the export: no title, category or permalink, and `upgradeUntil: false` undeclared.
    old = {
        "name": "Product Q",
        "releases": [
            {
                "releaseCycle": "0.10",
                "releaseDate": "2025-09-01",
                "eoas": False,
                "eol": False,
                "upgradeUntil": False,
                "latest": "0.10.0",
                "latestReleaseDate": "2025-09-01",
            },
        ],
    }
    assert endoflife_rule_errors(old, ON) == [
        "title: expecting a String",
        "category: expecting one of app, database, device, framework, lang, os, server-app, "
        "service, standard",
        "permalink: should match ^/[a-z0-9-]+$",
        "releases#0.10: undeclared field upgradeUntil",
    ]
    declared = {**endoflife_data([Q], POLICY, ON)["q"]}
    declared["releases"] = [{**declared["releases"][0], "upgradeUntil": False}]
    assert endoflife_rule_errors(declared, ON) == [
        "releases#0.10: custom field upgradeUntil must be a String or a Date, got False"
    ]
