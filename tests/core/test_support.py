"""`check(...)`: the answer of `eol-check check`, from in-memory data (SPEC §3.3, §3.4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from eol_check.catalog import Catalog
from eol_check.contracts import Contract
from eol_check.policy import Policy, Severity
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
        CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S2, REPORTED,
        customer="ACME", contracts=[contract()],
    )
    assert (mine.region.id, mine.region_assumed) == ("emea", False)
    assert mine.entitlement.customer == "acme"  # as the customers file spells it
    asked = check(
        CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S2, REPORTED,
        region=policy.region("apac"), customer="acme", contracts=[contract()],
    )
    assert (asked.region.id, asked.region_assumed) == ("apac", False)


def test_the_date_is_the_utc_day_of_the_report_unless_given(policy: Policy) -> None:
    # 23:30 in New York on 2026-06-14 is already 2026-06-15 in UTC (SPEC §3.1).
    late = datetime(2026, 6, 14, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
    answer = check(CATALOG, policy, PRODUCT, parse_lenient("3.0.1"), Severity.S1, late)
    assert answer.entitlement.status.date == DAY
    given = check(
        CATALOG, policy, PRODUCT, parse_lenient("3.0.1"), Severity.S1, late, on=date(2030, 1, 1)
    )
    assert given.entitlement.status.date == date(2030, 1, 1)


def test_not_entitled_has_no_sla(policy: Policy) -> None:
    answer = check(CATALOG, policy, PRODUCT, parse_lenient("1.0.0"), Severity.S1, REPORTED)
    assert (answer.entitled, answer.sla) == (False, None)
    assert answer.as_json()["sla"] is None


def test_contracts_for_other_products_are_listed_not_used(policy: Policy) -> None:
    other = contract(product="nope")
    answer = check(
        CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S1, REPORTED,
        customer="acme", contracts=[other],
    )
    assert answer.entitlement.contract is None
    assert answer.elsewhere == (other,)


def test_a_contract_not_in_force_means_no_support(policy: Policy) -> None:
    ended = contract(end=date(2026, 1, 1))
    answer = check(
        CATALOG, policy, PRODUCT, parse_lenient("4.0.1"), Severity.S1, REPORTED,
        customer="acme", contracts=[ended],
    )
    assert answer.entitlement.contract == ended
    assert (answer.entitled, answer.sla) == (False, None)
    assert answer.as_json()["customer"]["contract"]["in_force"] is False


def test_a_policy_without_regions_is_a_policy_error(policy: Policy) -> None:
    from dataclasses import replace

    from eol_check.errors import PolicyError

    with pytest.raises(PolicyError, match="defines no support region"):
        check(CATALOG, replace(policy, regions=()), PRODUCT, parse_lenient("4.0.1"),
              Severity.S1, REPORTED)
