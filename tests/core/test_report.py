"""The customer-base report: outlooks, next changes, rows and the contract rule."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from eol_check.catalog import load_catalog
from eol_check.lifecycle import version_status
from eol_check.policy import Scope, Status, load_policy
from eol_check.report import next_change, outlook
from eol_check.version import parse_lenient

DATA = Path(__file__).resolve().parents[2] / "data"
CATALOG = load_catalog(DATA / "catalog")
POLICY = load_policy(DATA / "policy.toml")
D = date.fromisoformat


# --- next_change: the first later day on which `status` answers differently -------------------

FIRST, LAST = D("2019-06-01"), D("2030-12-31")


def _every_day() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


@pytest.mark.parametrize(
    "version",
    [
        *(f"oas {r.version}" for r in CATALOG.product("oas").releases),
        *(f"agent {r.version}" for r in CATALOG.product("agent").releases),
        *(f"console {r.version}" for r in CATALOG.product("console").releases),
        "oas 4.2.9",  # unknown: never changes
        "oas 6.1.0-rc.1",  # pre-release: never changes
    ],
)
def test_next_change_is_the_next_day_status_differs(version: str) -> None:
    name, text = version.split()
    product, v = CATALOG.product(name), parse_lenient(text)
    days = _every_day()
    statuses = [version_status(product, v, POLICY, day).status for day in days]
    expected: tuple[Status, date] | None = None
    for i in range(len(days) - 1, -1, -1):  # walk back from the end: the next change of each day
        if i + 1 < len(days) and statuses[i + 1] is not statuses[i]:
            expected = (statuses[i + 1], days[i + 1])
        if i % 5 == 0 or (i + 1 < len(days) and statuses[i + 1] is not statuses[i]):
            found = next_change(product, v, POLICY, days[i])
            if expected is None:  # no change inside the range: none at all, or a later one
                assert found is None or found[1] > LAST, days[i]
            else:
                assert found == expected, days[i]


@pytest.mark.parametrize(
    ("version", "on", "change"),
    [
        ("6.0.2", "2026-11-21", ("supported", "2027-01-18")),  # 6.1.0 comes out
        ("6.1.0", "2026-11-21", ("current", "2027-01-18")),  # unreleased until then
        ("5.0.3", "2026-11-21", ("support-tail", "2027-03-31")),  # 5.0's End of Life
        ("4.3.2", "2026-11-21", ("upgrade-window", "2027-03-01")),  # support_until 2027-02-28
        ("4.2.1", "2026-11-21", ("unsupported", "2027-03-01")),  # upgrade_until 2027-02-28
        ("4.0.2", "2026-11-21", None),  # unsupported for good
        ("5.1.2", "2026-11-21", None),  # supported, no End of Life declared
        ("4.2.9", "2026-11-21", None),  # unknown
    ],
)
def test_next_change_examples(version: str, on: str, change: tuple[str, str] | None) -> None:
    found = next_change(CATALOG.product("oas"), parse_lenient(version), POLICY, D(on))
    assert (None if found is None else (found[0].value, found[1].isoformat())) == change


def test_outlook_has_the_table_scopes() -> None:
    oas = CATALOG.product("oas")
    answer = outlook(oas, parse_lenient("4.3.2"), POLICY, D("2026-11-21"))
    assert answer.status.status is Status.SUPPORT_TAIL
    # SPEC §3.3 v2: the support tail keeps what a supported line gets (§7).
    assert answer.scopes == (Scope.WORKAROUND, Scope.WORKAROUND, Scope.UPGRADE, Scope.UPGRADE)
    assert (answer.next_change, answer.next_change_on) == (Status.UPGRADE_WINDOW, D("2027-03-01"))


def test_error_rows_show_the_cells_as_the_file_wrote_them(tmp_path: Path) -> None:
    from eol_check.contracts import iter_contracts
    from eol_check.report import Report

    path = tmp_path / "customers.csv"
    path.write_text(
        "customer,product,version,region\n"
        'Acme,Authentication Server,"4,3,2",na\n'  # a look-alike: refused, not read as 4.0.0
        "Initech,oas,4.3.2-hotfix1,mars\n"  # a bad region: the version as written too
        "Hooli,oas,4.3.2-hotfix1,na\n",
        encoding="utf-8",
    )
    engine = Report(CATALOG, POLICY, D("2026-11-21"))
    rows = list(engine.rows(iter_contracts(path, policy=POLICY), str(path)))
    assert [(r.status, r.product, r.version) for r in rows] == [
        ("error", "Authentication Server", "4,3,2"),
        ("error", "oas", "4.3.2-hotfix1"),
        ("support-tail", "oas", "4.3.2.1"),  # a hotfix: the lifecycle of 4.3.2 (SPEC §2)
    ]
    assert rows[0].error is not None
    assert "'4,3,2' is not a version" in rows[0].error
    assert rows[2].values()["upgrade_path"] == "4.3.2.1 > 6.0.2"
    assert rows[2].as_json()["upgrade_path"] == ["6.0.2"]
