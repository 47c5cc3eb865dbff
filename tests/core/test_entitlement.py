"""Entitlement (SPEC §3.3): every cell of the status × severity table, reasons, contracts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eol_check._record import replace
from eol_check.contracts import Contract
from eol_check.entitlement import Entitlement, Reason, check_entitlement
from eol_check.lifecycle import version_status
from eol_check.policy import Policy, Scope, Severity, Status
from eol_check.version import parse_lenient

from ..entitlement_data import CELLS, DAY, VERSIONS, embedded_policy, sample_product

POLICY = embedded_policy()
PRODUCT = sample_product()
ONE_DAY = timedelta(days=1)


def check(
    version: str,
    severity: str,
    *,
    on: date = DAY,
    policy: Policy = POLICY,
    contract: Contract | None = None,
    customer: str | None = None,
) -> Entitlement:
    status = version_status(PRODUCT, parse_lenient(version), policy, on)
    return check_entitlement(
        status, Severity(severity), policy, contract=contract, customer=customer
    )


def reasons(answer: Entitlement) -> list[tuple[str, str]]:
    return [(r.section, r.text) for r in answer.reasons]


@pytest.mark.parametrize(("status", "severity", "scope"), CELLS)
def test_every_cell_of_the_table(status: str, severity: str, scope: str) -> None:
    answer = check(VERSIONS[status], severity)
    assert answer.status.status is Status(status)
    assert answer.scope is Scope(scope)
    assert answer.entitled is (scope != "none")
    assert answer.lifecycle_scope is Scope(scope)
    assert answer.reasons, "every answer says why"
    assert all(r.section.startswith("§") for r in answer.reasons)


UPGRADE = ("§2", "upgrade to 4.0.1, the latest release of the most current Version line 4.0")


@pytest.mark.parametrize(
    ("version", "severity", "expected"),
    [
        (
            "4.0.1",
            "S2",
            [
                ("§2(i)", "4.0 is the most current Version line of Test Server"),
                (
                    "§2(i), §3.6",
                    "S2 (High) issues get the §3.6 response times; the fix comes as a hotfix or "
                    "Maintenance Release",
                ),
            ],
        ),
        (
            "4.0.0",
            "S4",
            [
                ("§2(i)", "4.0 is the most current Version line of Test Server"),
                (
                    "§2(i), §3.6",
                    "S4 (Low) issues get the §3.6 response times; the fix comes as a hotfix or "
                    "Maintenance Release",
                ),
                ("§1.7", "4.0.1 is the latest Maintenance Release of 4.0"),
            ],
        ),
        (
            "3.1.1",
            "S1",
            [
                ("§2(ii)", "3.1 is a previous Version line, not End of Life on 2026-06-15"),
                (
                    "§2(iv)",
                    "for earlier versions, fixes for S1/S2 may be a workaround or require an "
                    "upgrade",
                ),
                UPGRADE,
            ],
        ),
        (
            "3.1.0",
            "S3",
            [
                ("§2(ii)", "3.1 is a previous Version line, not End of Life on 2026-06-15"),
                (
                    "§2(iv)",
                    "fixes in earlier versions are for S1/S2 only: an S3 (Medium) issue gets a "
                    "response under §3.6; the resolution is an upgrade to a supported Version",
                ),
                ("§1.7", "3.1.1 is the latest Maintenance Release of 3.1"),
                UPGRADE,
            ],
        ),
        (
            "3.0.1",
            "S2",
            [
                (
                    "§2",
                    "3.0 was declared End of Life on 2026-03-02; customers have until 2027-03-01 "
                    "to upgrade",
                ),
                ("§7", "support continues until 2026-09-01, six months after End of Life"),
                (
                    "§2(iv)",
                    "for earlier versions, fixes for S1/S2 may be a workaround or require an "
                    "upgrade",
                ),
                UPGRADE,
            ],
        ),
        (
            "3.0.1",
            "S3",
            [
                (
                    "§2",
                    "3.0 was declared End of Life on 2026-03-02; customers have until 2027-03-01 "
                    "to upgrade",
                ),
                ("§7", "support continues until 2026-09-01, six months after End of Life"),
                (
                    "§2(iv), §7",
                    "§7 continues support until 2026-09-01, and fixes in earlier versions are for "
                    "S1/S2 only: an S3 (Medium) issue gets a response under §3.6; the resolution "
                    "is an upgrade to a supported Version — you have until 2027-03-01 to upgrade",
                ),
                UPGRADE,
            ],
        ),
        (
            "2.1.1",
            "S1",
            [
                (
                    "§2",
                    "2.1 was declared End of Life on 2025-09-01; customers have until 2026-08-31 "
                    "to upgrade",
                ),
                ("§7", "support ended on 2026-02-28, six months after End of Life"),
                UPGRADE,  # SPEC v3 §3.3: no SLA, only the way out
            ],
        ),
        (
            "1.0.0",
            "S1",
            [
                (
                    "§2",
                    "1.0 (with all of major version 1) was declared End of Life on 2023-01-02; "
                    "the 12 months to upgrade ended on 2024-01-01",
                ),
                ("§7", "support ended on 2023-07-01, six months after End of Life"),
                UPGRADE,
            ],
        ),
        (
            "3.1.7",
            "S1",
            [
                ("§1.4", "3.1.7 is not a release of Test Server; the latest of line 3.1 is 3.1.1"),
            ],
        ),
        (
            "4.1.0-rc.1",
            "S1",
            [
                (
                    "§1.4",
                    "4.1.0-rc.1 is a pre-release, never generally available; the latest of the "
                    "current line 4.0 is 4.0.1",
                )
            ],
        ),
        (
            "4.1.0",
            "S1",
            [
                (
                    "§1.4",
                    "4.1.0 is not released on 2026-06-15: its release date is 2027-01-04; the "
                    "latest of the current line 4.0 is 4.0.1",
                )
            ],
        ),
    ],
)
def test_reasons_cite_their_sections(
    version: str, severity: str, expected: list[tuple[str, str]]
) -> None:
    assert reasons(check(version, severity)) == expected


def test_scheduled_end_of_life_is_mentioned() -> None:
    answer = check("3.1.1", "S1", on=date(2025, 6, 2))  # 3.1 is current then; 3.0 supported
    assert answer.status.status is Status.CURRENT
    older = check("3.0.1", "S2", on=date(2025, 6, 2))
    assert reasons(older)[0] == (
        "§2(ii)",
        "3.0 is a previous Version line, not End of Life on 2025-06-02; its End of Life is "
        "scheduled for 2026-03-02",
    )


def test_the_table_is_data() -> None:
    # A policy that gives nothing for S4 on current versions: the answer follows the data.
    table = {status: dict(row) for status, row in POLICY.entitlement.items()}
    table[Status.CURRENT][Severity.S4] = Scope.NONE
    policy = replace(POLICY, entitlement=table)
    answer = check("4.0.1", "S4", policy=policy)
    assert (answer.scope, answer.entitled) == (Scope.NONE, False)
    assert reasons(answer)[1] == (
        "§2(iv)",
        "current versions get no support for S4 (Low) issues; only S1/S2/S3 issues are handled",
    )


def contract(start: date | None, end: date | None, paid_up: bool | None = True) -> Contract:
    return Contract("acme", "ts", parse_lenient("3.1.1"), "emea", "L2", start, end, paid_up, line=7)


YEAR = timedelta(days=365)


@pytest.mark.parametrize(
    ("start", "end", "paid_up", "scope", "first"),
    [
        (
            DAY - YEAR,
            DAY - ONE_DAY,  # ended yesterday
            True,
            Scope.NONE,
            (
                "§1.3, §7",
                "the contract of acme for Test Server (2025-06-15 to 2026-06-14) is not in force "
                "on 2026-06-15: it ended",
            ),
        ),
        (
            DAY - YEAR,
            DAY,  # ends today: still in force (inclusive)
            True,
            Scope.WORKAROUND,
            ("§2(ii)", "3.1 is a previous Version line, not End of Life on 2026-06-15"),
        ),
        (DAY - YEAR, DAY + ONE_DAY, True, Scope.WORKAROUND, None),  # ends tomorrow
        (DAY, DAY + YEAR, True, Scope.WORKAROUND, None),  # starts today
        (
            DAY + ONE_DAY,  # starts tomorrow
            DAY + YEAR,
            True,
            Scope.NONE,
            (
                "§1.3, §7",
                "the contract of acme for Test Server (2026-06-16 to 2027-06-15) is not in force "
                "on 2026-06-15: it has not started",
            ),
        ),
        (
            DAY - YEAR,
            DAY + YEAR,
            False,  # not paid up
            Scope.NONE,
            (
                "§1.3, §3.2",
                "acme is not fully paid up: Maintenance and Support Services go to fully "
                "paid-up customers only",
            ),
        ),
        (None, None, None, Scope.WORKAROUND, None),  # open-ended, payment not recorded
    ],
)
def test_contracts(
    start: date | None,
    end: date | None,
    paid_up: bool | None,
    scope: Scope,
    first: tuple[str, str] | None,
) -> None:
    answer = check("3.1.1", "S2", contract=contract(start, end, paid_up))
    assert answer.scope is scope
    assert answer.lifecycle_scope is Scope.WORKAROUND
    assert answer.customer == "acme"
    if first is not None:
        assert reasons(answer)[0] == first
    if scope is Scope.NONE:  # the contract's reason first, then the lifecycle; no scope text
        assert [r.section for r in answer.reasons] == [first[0] if first else "", "§2(ii)", "§2"]


def test_a_contract_in_force_is_named_in_the_reasons() -> None:
    answer = check("3.1.1", "S2", contract=contract(DAY, DAY + YEAR))
    assert reasons(answer)[2:4] == [
        (
            "§1.3",
            "the contract of acme for Test Server (2026-06-15 to 2027-06-15) is in force on "
            "2026-06-15",
        ),
        ("§1.3, §3.2", "acme is paid up"),
    ]
    unrecorded = check("3.1.1", "S2", contract=contract(None, None, None))
    assert reasons(unrecorded)[2:4] == [
        (
            "§1.3",
            "the contract of acme for Test Server (no start or end date) is in force on 2026-06-15",
        ),
        (
            "§1.3, §3.2",
            "the customers file does not record whether acme is paid up: assumed paid up",
        ),
    ]


def test_a_customer_without_a_contract_for_the_product_is_not_entitled() -> None:
    answer = check("4.0.1", "S1", customer="acme")
    assert (answer.scope, answer.lifecycle_scope) == (Scope.NONE, Scope.FULL)
    assert reasons(answer)[0] == (
        "§1.3",
        "acme has no Maintenance and Support contract for Test Server",
    )


def test_a_contract_does_not_widen_the_table() -> None:
    answer = check("1.0.0", "S1", contract=contract(None, None))
    assert answer.scope is Scope.NONE


def test_reason_prints_with_its_section() -> None:
    assert str(Reason("§2", "text")) == "§2: text"


def test_a_hotfix_has_the_answer_of_its_release() -> None:
    # SPEC §2: 3.1.1-hotfix2 is hotfix 2 of 3.1.1: same status, scope and reasons.
    hotfix, release = check("3.1.1-hotfix2", "S1"), check("3.1.1", "S1")
    assert str(hotfix.status.version) == "3.1.1.2"
    assert (hotfix.status.status, hotfix.scope) == (Status.SUPPORTED, Scope.WORKAROUND)
    assert hotfix.reasons == release.reasons
    assert hotfix.status.released == release.status.released


def test_a_multi_hop_path_is_the_reason_and_the_recommendation() -> None:
    from types import MappingProxyType

    from packaging.specifiers import SpecifierSet

    gated = replace(PRODUCT, upgrade_from=MappingProxyType({"4.0": SpecifierSet(">=3.1")}))
    status = version_status(gated, parse_lenient("2.1.1"), POLICY, DAY)
    answer = check_entitlement(status, Severity.S2, POLICY)
    assert reasons(answer)[-1] == (
        "§2",
        "upgrade path to 4.0.1, the latest release of the most current Version line 4.0: "
        "3.1.1 > 4.0.1 (each step allowed by the catalog's upgrade_from, none into a line past "
        "its End of Life)",
    )
    assert answer.recommendation == (
        "upgrade to 4.0.1, the latest release of the current line 4.0, in 2 steps: "
        "3.1.1 > 4.0.1 (§2; each step allowed by upgrade_from)"
    )
    assert answer.as_json()["upgrade_path"] == ["3.1.1", "4.0.1"]
    assert answer.as_json()["upgrade_to"] == "4.0.1"  # the last hop (SPEC §3.5)


def test_nothing_to_upgrade_to_is_never_next_to_a_deadline_to_upgrade() -> None:
    # The whole product reached End of Life: no current line, nothing to upgrade to.
    ended = replace(PRODUCT, product_eol=date(2026, 5, 1))
    status = version_status(ended, parse_lenient("4.0.1"), POLICY, DAY)
    answer = check_entitlement(status, Severity.S3, POLICY)
    assert answer.scope is Scope.UPGRADE  # SPEC §3.3 v2: the support tail, S3
    texts = [text for _, text in reasons(answer)]
    assert not any("to upgrade" in t and "until" in t for t in texts), texts
    assert texts[0] == (
        "4.0 (with the whole of Test Server) was declared End of Life on 2026-05-01; Test Server "
        "has no later Version to upgrade to"
    )
    assert answer.as_json()["upgrade_path"] is None
    assert answer.as_json()["upgrade_path_reason"]["code"] == "no-target"
    assert answer.recommendation.startswith("none: Test Server has no current Version line")


@pytest.mark.parametrize(
    ("version", "recommendation"),
    [
        ("4.0.1", "none: 4.0.1 is the latest release of the current line 4.0"),
        (
            "4.0.1.3",
            "none: 4.0.1.3 is a hotfix of 4.0.1, the latest release of the current line 4.0",
        ),
        ("4.0.0", "update to 4.0.1, the latest Maintenance Release of 4.0 (§1.7)"),
        ("3.0.1", "upgrade to 4.0.1, the latest release of the current line 4.0 (§2)"),
        (
            "3.1.7",
            "none: 3.1.7 is not a release of Test Server; the latest of line 3.1 is 3.1.1 (§1.4)",
        ),
        (
            "4.1.0-rc.1",
            "none: 4.1.0-rc.1 is a pre-release, never generally available; the latest "
            "of the current line 4.0 is 4.0.1 (§1.4)",
        ),
    ],
)
def test_recommendation_says_what_the_json_says(version: str, recommendation: str) -> None:
    answer = check(version, "S1")
    assert answer.recommendation == recommendation
    path = answer.as_json()["upgrade_path"]
    if path:  # the text names the JSON's last hop, which is upgrade_to
        assert path[-1] == answer.as_json()["upgrade_to"]
        assert path[-1] in answer.recommendation


@pytest.mark.parametrize(
    ("version", "severity", "headline"),
    [
        ("4.0.1", "S1", "ENTITLED (full)"),
        ("3.1.1", "S1", "ENTITLED (workaround)"),
        ("3.0.1", "S3", "ENTITLED (upgrade)"),
        # SPEC v3 §3.3: when support ended, and by when to upgrade
        (
            "2.1.1",
            "S1",
            "NOT ENTITLED (upgrade window): support ended 2026-02-28; upgrade by 2026-08-31",
        ),
        (
            "2.1.1",
            "S4",
            "NOT ENTITLED (upgrade window): support ended 2026-02-28; upgrade by 2026-08-31",
        ),
        ("1.0.0", "S1", "NOT ENTITLED"),
        (
            "3.1.7",
            "S1",
            "UNKNOWN VERSION: 3.1.7 is not a release of Test Server; "
            "the latest of line 3.1 is 3.1.1",
        ),
        (
            "3.2.0",
            "S1",
            "UNKNOWN VERSION: 3.2.0 is not a release of Test Server; the latest release is 4.0.1",
        ),
        ("4.1.0", "S1", "NOT ENTITLED"),
    ],
)
def test_headline(version: str, severity: str, headline: str) -> None:
    answer = check(version, severity)
    assert answer.headline == headline
    assert answer.entitled is headline.startswith("ENTITLED")


@pytest.mark.parametrize("severity", ["S1", "S2", "S3", "S4"])
def test_the_upgrade_window_owes_no_sla(severity: str) -> None:
    """SPEC v3 §3.3: entitled false, scope none, on the window's first and last day."""
    for on in (date(2026, 3, 1), date(2026, 8, 31)):  # support ended 2026-02-28
        status = version_status(sample_product(), parse_lenient("2.1.1"), embedded_policy(), on)
        answer = check_entitlement(status, Severity(severity), embedded_policy())
        assert status.status is Status.UPGRADE_WINDOW
        assert (answer.entitled, answer.scope) == (False, Scope.NONE)
        shown = answer.as_json()
        assert (shown["entitled"], shown["scope"]) == (False, "none")
        assert shown["upgrade_path"][-1] == shown["upgrade_to"]  # the way out is still given
    before = version_status(
        sample_product(), parse_lenient("2.1.1"), embedded_policy(), date(2026, 2, 28)
    )
    assert check_entitlement(before, Severity(severity), embedded_policy()).entitled
