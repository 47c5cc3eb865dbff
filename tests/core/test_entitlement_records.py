"""Whole entitlement answers (SPEC §3.3): every field of an `Entitlement`, each reason with its
section, and the JSON form with each of its nulls (no customer, a customer without a contract)."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from packaging.specifiers import SpecifierSet

from eol_check._record import replace
from eol_check.catalog import Product
from eol_check.contracts import Contract
from eol_check.entitlement import Entitlement, Reason, check_entitlement
from eol_check.lifecycle import VersionStatus, version_status
from eol_check.policy import Policy, Scope, Severity, Status
from eol_check.version import parse_lenient

from ..entitlement_data import DAY, embedded_policy, sample_product

POLICY = embedded_policy()
PRODUCT = sample_product()
ENDED = replace(PRODUCT, product_eol=date(2026, 5, 1))  # no current line on DAY


def status(version: str, *, product: Product = PRODUCT, plan: bool = True) -> VersionStatus:
    return version_status(product, parse_lenient(version), POLICY, DAY, plan=plan)


def reasons(*pairs: tuple[str, str]) -> tuple[Reason, ...]:
    return tuple(Reason(section, text) for section, text in pairs)


CURRENT = ("§2(i)", "4.0 is the most current Version line of Test Server")
FULL_S2 = (
    "§2(i), §3.6",
    "S2 (High) issues get the §3.6 response times; the fix comes as a hotfix or Maintenance "
    "Release",
)
ACME = Contract(
    "acme", "ts", parse_lenient("4.0.1"), "emea", "L2", date(2026, 1, 1), None, True, line=3
)


def test_every_field_without_a_customer() -> None:
    answer = check_entitlement(status("4.0.1"), Severity.S2, POLICY)
    assert answer == Entitlement(
        status=status("4.0.1"),
        severity=Severity.S2,
        scope=Scope.FULL,
        reasons=reasons(CURRENT, FULL_S2),
        lifecycle_scope=Scope.FULL,
        contract=None,
        customer=None,
    )
    assert answer.as_json() == {
        "product": "ts",
        "product_name": "Test Server",
        **status("4.0.1").as_json(),
        "severity": "S2",
        "entitled": True,
        "scope": "full",
        "reasons": [{"section": s, "text": t} for s, t in (CURRENT, FULL_S2)],
        "customer": None,
    }


def test_every_field_with_a_contract_in_force() -> None:
    answer = check_entitlement(status("4.0.1"), Severity.S2, POLICY, contract=ACME)
    in_force = (
        "§1.3",
        "the contract of acme for Test Server (from 2026-01-01, no end date) is in force on "
        "2026-06-15",
    )
    paid = ("§1.3, §3.2", "acme is paid up")
    assert answer == Entitlement(
        status=status("4.0.1"),
        severity=Severity.S2,
        scope=Scope.FULL,
        reasons=reasons(CURRENT, FULL_S2, in_force, paid),
        lifecycle_scope=Scope.FULL,
        contract=ACME,
        customer="acme",  # taken from the contract
    )
    json = answer.as_json()
    assert json["customer"] == {
        "id": "acme",
        "contract": {
            "product": "ts",
            "version": "4.0.1",
            "region": "emea",
            "tier": "L2",
            "start": "2026-01-01",
            "end": None,
            "paid_up": True,
            "coverage": "business",
            "in_force": True,
            "line": 3,
        },
    }
    assert (json["entitled"], json["scope"]) == (True, "full")
    assert json["reasons"][2:] == [{"section": s, "text": t} for s, t in (in_force, paid)]


def test_every_field_for_a_customer_without_a_contract() -> None:
    answer = check_entitlement(status("4.0.1"), Severity.S2, POLICY, customer="globex")
    none = ("§1.3", "globex has no Maintenance and Support contract for Test Server")
    assert answer == Entitlement(
        status=status("4.0.1"),
        severity=Severity.S2,
        scope=Scope.NONE,
        reasons=reasons(none, CURRENT),
        lifecycle_scope=Scope.FULL,
        contract=None,
        customer="globex",
    )
    json = answer.as_json()
    assert json["customer"] == {"id": "globex", "contract": None}
    assert (json["entitled"], json["scope"], json["severity"]) == (False, "none", "S2")


def test_a_contract_that_ended_or_has_not_started() -> None:
    ended = replace(ACME, start=date(2025, 1, 1), end=date(2026, 6, 14))
    answer = check_entitlement(status("4.0.1"), Severity.S2, POLICY, contract=ended)
    assert answer.reasons[0] == Reason(
        "§1.3, §7",
        "the contract of acme for Test Server (2025-01-01 to 2026-06-14) is not in force on "
        "2026-06-15: it ended",
    )
    assert (answer.scope, answer.contract, answer.customer) == (Scope.NONE, ended, "acme")
    later = replace(ACME, start=date(2026, 6, 16), end=None)
    answer = check_entitlement(status("4.0.1"), Severity.S2, POLICY, contract=later)
    assert answer.reasons[0] == Reason(
        "§1.3, §7",
        "the contract of acme for Test Server (from 2026-06-16, no end date) is not in force on "
        "2026-06-15: it has not started",
    )
    until = replace(ACME, start=None, end=date(2026, 6, 1))
    answer = check_entitlement(status("4.0.1"), Severity.S2, POLICY, contract=until)
    assert answer.reasons[0].text.endswith(
        "(until 2026-06-01) is not in force on 2026-06-15: it ended"
    )


def test_without_a_plan_a_version_that_is_not_ga_is_said_plainly() -> None:
    # §1.4; with plan=False the status carries no planner's reason to quote.
    for version in ("4.1.0-rc.1", "3.1.7", "4.1.0"):
        answer = check_entitlement(status(version, plan=False), Severity.S1, POLICY)
        assert answer.reasons == reasons(
            ("§1.4", f"{version} is not a generally available release of Test Server")
        )
        assert (answer.scope, answer.lifecycle_scope) == (Scope.NONE, Scope.NONE)


def test_nothing_to_upgrade_to_with_each_section() -> None:
    answer = check_entitlement(status("4.0.1", product=ENDED), Severity.S3, POLICY)
    nothing = (
        "§2",
        "Test Server has no current Version line on 2026-06-15 (the product reached End of Life "
        "on 2026-05-01, with no successor): there is nothing to upgrade to",
    )
    assert answer.reasons == reasons(
        (
            "§2",
            "4.0 (with the whole of Test Server) was declared End of Life on 2026-05-01; Test "
            "Server has no later Version to upgrade to",
        ),
        ("§7", "support continues until 2026-10-31, six months after End of Life"),
        (
            "§2",
            "an S3 (Medium) issue gets a response under §3.6; the resolution would be an upgrade, "
            "but Test Server has no supported Version to upgrade to",
        ),
        nothing,
    )
    assert answer.scope is Scope.UPGRADE


def test_a_blocked_upgrade_path_with_its_section() -> None:
    gated = replace(PRODUCT, upgrade_from=MappingProxyType({"4.0": SpecifierSet(">=3.1.5")}))
    answer = check_entitlement(status("3.1.1", product=gated), Severity.S1, POLICY)
    assert answer.reasons == reasons(
        ("§2(ii)", "3.1 is a previous Version line, not End of Life on 2026-06-15"),
        (
            "§2(iv)",
            "for earlier versions, fixes for S1/S2 may be a workaround or require an upgrade",
        ),
        (
            "§2",
            "no upgrade path from 3.1.1 to 4.0.1 on 2026-06-15: line 4.0 can be installed only "
            "over versions >=3.1.5, and no release 3.1.1 may upgrade to is in a line that is not "
            "past its End of Life",
        ),
    )
    assert answer.recommendation.startswith("no upgrade path: no upgrade path from 3.1.1")


def test_other_month_counts_are_written_out() -> None:
    # §7 and §2 with a one-month tail and a three-month window.
    policy = replace(POLICY, support_tail_months=1, upgrade_window_months=3)
    st = version_status(PRODUCT, parse_lenient("1.0.0"), policy, DAY)
    answer = check_entitlement(st, Severity.S1, policy)
    assert answer.reasons[:2] == reasons(
        (
            "§2",
            "1.0 (with all of major version 1) was declared End of Life on 2023-01-02; the 3 "
            "months to upgrade ended on 2023-04-01",
        ),
        ("§7", "support ended on 2023-02-01, one month after End of Life"),
    )
    twelve = check_entitlement(status("1.0.0"), Severity.S1, POLICY)
    assert twelve.reasons[0].text.endswith("the 12 months to upgrade ended on 2024-01-01")


def test_a_severity_the_support_tail_leaves_out() -> None:
    table = {s: dict(row) for s, row in POLICY.entitlement.items()}
    table[Status.SUPPORT_TAIL][Severity.S4] = Scope.NONE
    policy: Policy = replace(POLICY, entitlement=table)
    answer = check_entitlement(status("3.0.1"), Severity.S4, policy)
    assert answer.reasons[2] == Reason(
        "§2(iv), §7",
        "support-tail versions get no support for S4 (Low) issues; only S1/S2/S3 issues are "
        "handled",
    )
    assert (answer.scope, answer.lifecycle_scope, answer.entitled) == (Scope.NONE,) * 2 + (False,)


def test_a_table_that_gives_upgrade_in_the_upgrade_window_says_until_when() -> None:
    """SPEC v3 §3.3's table gives nothing in the upgrade window; a vendor's table may still give
    `upgrade` there (as v2 did): the answer then says so with its section, the window's length
    from the policy and the day to upgrade by."""
    rows = dict(POLICY.entitlement)
    rows[Status.UPGRADE_WINDOW] = MappingProxyType(dict.fromkeys(Severity, Scope.UPGRADE))
    policy = replace(POLICY, entitlement=MappingProxyType(rows))
    answer = check_entitlement(status("2.1.1"), Severity.S3, policy)
    assert answer == Entitlement(
        status=status("2.1.1"),
        severity=Severity.S3,
        scope=Scope.UPGRADE,
        reasons=reasons(
            (
                "§2",
                "2.1 was declared End of Life on 2025-09-01; customers have until 2026-08-31 to "
                "upgrade",
            ),
            ("§7", "support ended on 2026-02-28, six months after End of Life"),
            (
                "§2",
                "within the 12 months customers have to upgrade, an S3 (Medium) issue gets a "
                "response under §3.6; the resolution is an upgrade to a supported Version — you "
                "have until 2026-08-31 to upgrade",
            ),
            ("§2", "upgrade to 4.0.1, the latest release of the most current Version line 4.0"),
        ),
        lifecycle_scope=Scope.UPGRADE,
        contract=None,
        customer=None,
    )
