"""`check(...)`: the answer of `eol-check check`, from in-memory data (SPEC §3.3, §3.4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from eol_check._record import replace
from eol_check.catalog import Catalog
from eol_check.contracts import Contract
from eol_check.policy import Coverage, Policy, Severity
from eol_check.sla import parse_reported_at
from eol_check.support import check
from eol_check.version import parse_lenient

from ..entitlement_data import DAY, embedded_policy, sample_product

PRODUCT = sample_product()
CATALOG = Catalog((PRODUCT,))
# Monday 2026-06-15, 10:00 in New York: within North America's hours.
REPORTED = datetime(2026, 6, 15, 14, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return embedded_policy()


def contract(product: str = "ts", region: str | None = "emea", end: date | None = None) -> Contract:
    return Contract("acme", product, parse_lenient("4.0.1"), region=region, end=end)


def test_region_is_assumed_when_neither_asked_nor_in_a_contract(policy: Policy) -> None:
    answer = check(CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S1, REPORTED)
    assert (answer.region, answer.region_assumed) == (policy.regions[0], True)
    assert answer.sla is not None
    assert answer.sla.region == policy.regions[0]
    assert answer.as_json()["sla"]["region_assumed"] is True


def test_the_contract_region_answers_unless_one_is_asked_for(policy: Policy) -> None:
    mine = check(
        CATALOG,
        policy,
        PRODUCT,
        parse_lenient("4.0.1"),
        Severity.S2,
        REPORTED,
        customer="ACME",
        contracts=[contract()],
    )
    assert (mine.region.id, mine.region_assumed) == ("emea", False)
    assert mine.entitlement.customer == "acme"  # as the customers file spells it
    asked = check(
        CATALOG,
        policy,
        PRODUCT,
        parse_lenient("4.0.1"),
        Severity.S2,
        REPORTED,
        region=policy.region("apac"),
        customer="acme",
        contracts=[contract()],
    )
    assert (asked.region.id, asked.region_assumed) == ("apac", False)


def test_the_date_is_the_regions_at_the_report_unless_given(policy: Policy) -> None:
    # SPEC §3.2 "whose date": 23:30 in New York on 2026-06-14 is already 06-15 in UTC, but the
    # date of an answer for North America is 06-14.
    late = datetime(2026, 6, 14, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
    answer = check(CATALOG, policy, PRODUCT, parse_lenient("3.0.1"), Severity.S1, late)
    assert answer.entitlement.status.date == DAY - timedelta(days=1)
    in_emea = check(
        CATALOG,
        policy,
        PRODUCT,
        parse_lenient("3.0.1"),
        Severity.S1,
        late,
        region=policy.region("emea"),
    )
    assert in_emea.entitlement.status.date == DAY  # 05:30 on 06-15 in Berlin
    given = check(
        CATALOG, policy, PRODUCT, parse_lenient("3.0.1"), Severity.S1, late, on=date(2030, 1, 1)
    )
    assert given.entitlement.status.date == date(2030, 1, 1)


# (the contract's region, its start, its end, reported at, in force): the contract's first and
# last local day, on both sides of the region's midnight (SPEC §3.2 "whose date").
FIRST_AND_LAST_DAYS = [
    # The case: a contract ending 2026-11-30, an S1 at 21:00 that day in New York.
    ("na", None, date(2026, 11, 30), "2026-11-30T21:00:00-05:00", True),
    ("na", None, date(2026, 11, 30), "2026-12-01T00:00:00-05:00", False),
    # ... and an APAC contract starting 12-01, asked about at 07:00 on 12-01 in Singapore.
    ("apac", date(2026, 12, 1), None, "2026-12-01T07:00:00+08:00", True),
    ("apac", date(2026, 12, 1), None, "2026-11-30T23:59:00+08:00", False),
    ("emea", None, date(2026, 6, 15), "2026-06-15T23:59:00+02:00", True),
    ("emea", None, date(2026, 6, 15), "2026-06-16T00:00:00+02:00", False),
    ("emea", date(2026, 3, 29), None, "2026-03-29T00:00:00+01:00", True),  # the DST Sunday
    ("emea", date(2026, 3, 29), None, "2026-03-28T23:59:00+01:00", False),
    ("india", date(2026, 12, 1), None, "2026-11-30T18:30:00Z", True),  # 00:00 in Kolkata
    ("india", date(2026, 12, 1), None, "2026-11-30T18:29:00Z", False),
    ("india", None, date(2026, 11, 30), "2026-11-30T18:29:00Z", True),
    ("india", None, date(2026, 11, 30), "2026-11-30T18:30:00Z", False),
]


@pytest.mark.parametrize(("region", "start", "end", "reported", "in_force"), FIRST_AND_LAST_DAYS)
def test_a_contract_is_in_force_on_its_first_and_last_local_day(
    policy: Policy,
    region: str,
    start: date | None,
    end: date | None,
    reported: str,
    in_force: bool,
) -> None:
    mine = Contract("acme", "ts", parse_lenient("4.0.1"), region=region, start=start, end=end)
    answer = check(
        CATALOG,
        policy,
        PRODUCT,
        parse_lenient("4.0.1"),
        Severity.S1,
        parse_reported_at(reported),
        customer="acme",
        contracts=[mine],
    )
    assert answer.entitled is in_force
    assert answer.region.id == region
    assert answer.entitlement.status.date == policy.region(region).date_at(
        parse_reported_at(reported)
    )


def test_coverage_24x7_puts_s1_and_s2_on_the_24x7_clock(policy: Policy) -> None:
    # Saturday 2026-06-13, 10:00 in New York: the support desk is closed.
    saturday = datetime(2026, 6, 13, 14, tzinfo=timezone.utc)
    plain = Contract("acme", "ts", parse_lenient("4.0.1"), region="na")
    special = replace(plain, coverage=Coverage.TWENTY_FOUR_SEVEN)
    due = {}
    for severity in Severity:
        for mine in (plain, special):
            answer = check(
                CATALOG,
                policy,
                PRODUCT,
                parse_lenient("4.0.1"),
                severity,
                saturday,
                customer="acme",
                contracts=[mine],
            )
            assert answer.sla is not None
            assert answer.sla.coverage is mine.coverage
            due[severity.value, mine.coverage.value] = (
                answer.sla.clock.value,
                answer.sla.response_due.isoformat(),
            )
    assert due == {
        ("S1", "business"): ("business", "2026-06-15T10:00:00-04:00"),
        ("S1", "24x7"): ("24x7", "2026-06-13T12:00:00-04:00"),
        ("S2", "business"): ("business", "2026-06-15T11:00:00-04:00"),
        ("S2", "24x7"): ("24x7", "2026-06-13T13:00:00-04:00"),
        ("S3", "business"): ("business", "2026-06-16T20:00:00-04:00"),
        ("S3", "24x7"): ("business", "2026-06-16T20:00:00-04:00"),
        ("S4", "business"): ("business", "2026-06-22T20:00:00-04:00"),
        ("S4", "24x7"): ("business", "2026-06-22T20:00:00-04:00"),
    }


def test_due_in_counts_down_to_now(policy: Policy) -> None:
    # S2 at 10:00 in New York: the response is due at 13:00.
    for now, minutes in [
        (None, None),
        (datetime(2026, 6, 15, 14, 50, tzinfo=timezone.utc), 130),  # due in 2 h 10 m
        (datetime(2026, 6, 15, 17, 0, tzinfo=timezone.utc), 0),  # due now
        (datetime(2026, 6, 15, 17, 40, tzinfo=timezone.utc), -40),  # breached 40 min ago
    ]:
        answer = check(
            CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S2, REPORTED, now=now
        )
        assert (None if answer.due_in is None else answer.due_in.response) == minutes
        sla = answer.as_json()["sla"]
        shown = sla["due_in_minutes"]
        assert (None if shown is None else shown["response"]) == minutes
    in_zone = answer.as_json(ZoneInfo("Asia/Tokyo"))["sla"]["in_zone"]
    assert (in_zone["zone"], in_zone["response_due"]) == ("Asia/Tokyo", "2026-06-16T02:00:00+09:00")
    with pytest.raises(ValueError, match="timezone-aware"):
        check(CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S2, datetime(2026, 6, 1))


def test_not_entitled_has_no_sla(policy: Policy) -> None:
    answer = check(CATALOG, policy, PRODUCT, parse_lenient("1.0.0"), Severity.S1, REPORTED)
    assert (answer.entitled, answer.sla) == (False, None)
    assert answer.as_json()["sla"] is None


def test_contracts_for_other_products_are_listed_not_used(policy: Policy) -> None:
    other = contract(product="nope")
    answer = check(
        CATALOG,
        policy,
        PRODUCT,
        parse_lenient("4.0.1"),
        Severity.S1,
        REPORTED,
        customer="acme",
        contracts=[other],
    )
    assert answer.entitlement.contract is None
    assert answer.elsewhere == (other,)


def test_a_contract_not_in_force_means_no_support(policy: Policy) -> None:
    ended = contract(end=date(2026, 1, 1))
    answer = check(
        CATALOG,
        policy,
        PRODUCT,
        parse_lenient("4.0.1"),
        Severity.S1,
        REPORTED,
        customer="acme",
        contracts=[ended],
    )
    assert answer.entitlement.contract == ended
    assert (answer.entitled, answer.sla) == (False, None)
    assert answer.as_json()["customer"]["contract"]["in_force"] is False


def test_a_policy_without_regions_is_a_policy_error(policy: Policy) -> None:
    from eol_check._record import replace
    from eol_check.errors import PolicyError

    with pytest.raises(PolicyError, match="defines no support region"):
        check(
            CATALOG,
            replace(policy, regions=()),
            PRODUCT,
            parse_lenient("4.0.1"),
            Severity.S1,
            REPORTED,
        )
