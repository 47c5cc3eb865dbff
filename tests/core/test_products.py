"""Every product at a glance (SPEC §5 `products`): current line and the next lifecycle change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eol_check.catalog import Catalog
from eol_check.lifecycle import lines
from eol_check.policy import Status, load_policy
from eol_check.products import next_lifecycle_change, product_summaries

from .test_upgrade import product

POLICY = load_policy()
# 1.0 reaches End of Life on 2026-03-02 (support until 2026-09-01, upgrade until 2027-03-01);
# 2.0 comes out on 2026-06-01.
DEMO = product(
    {"1.0.0": "2025-01-06", "1.0.1": "2025-06-02", "2.0.0": "2026-06-01"},
    eol={"1.0": "2026-03-02"},
)


@pytest.mark.parametrize(
    ("on", "change_on", "text"),
    [
        ("2026-01-01", "2026-03-02", "1.0 support-tail"),
        ("2026-03-01", "2026-03-02", "1.0 support-tail"),  # the day before the boundary
        ("2026-03-02", "2026-06-01", "2.0 released (current)"),
        ("2026-06-01", "2026-09-02", "1.0 upgrade-window"),  # the day after support_until
        ("2026-09-02", "2027-03-02", "1.0 unsupported"),  # the day after upgrade_until
        ("2027-03-02", None, None),  # nothing ever changes again
    ],
)
def test_next_change(on: str, change_on: str | None, text: str | None) -> None:
    change = next_lifecycle_change(DEMO, POLICY, date.fromisoformat(on))
    if change_on is None:
        assert change is None
        return
    assert change is not None
    assert (change.on.isoformat(), str(change)) == (change_on, text)
    # It is a real change: the lifecycle answers differently that day, and not the day before.
    before = {s.line: s.status for s in lines(DEMO, POLICY, change.on - timedelta(days=1))}
    after = {s.line: s.status for s in lines(DEMO, POLICY, change.on)}
    assert before == {s.line: s.status for s in lines(DEMO, POLICY, date.fromisoformat(on))}
    assert before != after


def test_summaries_in_catalog_order_with_json() -> None:
    [summary] = product_summaries(Catalog((DEMO,)), POLICY, date(2026, 6, 1))
    assert summary.current == "2.0"
    assert summary.as_json() == {
        "id": "demo",
        "name": "Demo",
        "aliases": [],
        "current": "2.0",
        "next_change": "1.0 upgrade-window",
        "next_change_on": "2026-09-02",
    }
    assert summary.next_change is not None
    assert summary.next_change.lines == (("1.0", Status.SUPPORT_TAIL, Status.UPGRADE_WINDOW),)
