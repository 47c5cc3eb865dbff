"""`tickets` answers what `check` answers, ticket by ticket (SPEC §9: "the same library code as
check, not a second clock"): entitlement, clock, response due and the workaround target."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from eol_check._data import data_dir
from eol_check.catalog import load_catalog
from eol_check.contracts import load_contracts
from eol_check.policy import load_policy
from eol_check.support import check
from eol_check.tickets.attainment import judge_log
from eol_check.tickets.batch_clock import micros
from eol_check.tickets.ticket_log import RawTicket
from eol_check.version import parse_lenient

from .test_tickets_cli import CUSTOMERS

CATALOG = load_catalog(data_dir() / "catalog")
POLICY = load_policy(data_dir() / "policy.toml")


def test_five_hundred_random_tickets(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text(
        CUSTOMERS + "Initech,oas,4.2.3,apac,L1,2026-02-01,2026-10-31,no,\n"
    )
    contracts = load_contracts(tmp_path / "customers.csv", policy=POLICY)
    rng = random.Random(24)
    start = datetime(2025, 6, 1, tzinfo=timezone.utc)
    rows = []
    for n in range(500):
        contract = rng.choice(contracts)
        reported = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        zone = rng.choice(("+00:00", "-05:00", "+05:30"))
        shown = reported.astimezone(datetime.fromisoformat(f"2026-01-01T00:00:00{zone}").tzinfo)
        rows.append(
            RawTicket(
                n + 2,
                {
                    "ticket": f"T{n}",
                    "customer": contract.customer,
                    "product": "oas",
                    "version": str(contract.version),
                    "severity": rng.choice("1234"),
                    "reported_at": shown.isoformat(),
                    "first_response_at": "",
                },
            )
        )
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    judged = list(judge_log(rows, CATALOG, POLICY, now, contracts=contracts))
    owed = 0
    for row, j in zip(rows, judged, strict=True):
        assert j.not_judged is None
        cells = row.cells
        mine = [c for c in contracts if c.customer == cells["customer"]]
        reported_at = datetime.fromisoformat(str(cells["reported_at"]))
        answer = check(
            CATALOG,
            POLICY,
            CATALOG.product("oas"),
            parse_lenient(str(cells["version"])),
            POLICY.severity(str(cells["severity"])),
            reported_at,
            customer=str(cells["customer"]),
            contracts=mine,
        )
        assert j.owed == answer.entitled, cells
        assert j.region == answer.region.id
        if answer.sla is None:
            continue
        owed += 1
        assert j.clock is answer.sla.clock
        assert j.response_due == micros(answer.sla.response_due)
        due = answer.sla.workaround_due
        assert j.workaround_target_due == (None if due is None else micros(due))
        assert j.response_met is False  # no response, and `now` is long past
    assert owed > 100
