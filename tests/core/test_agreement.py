"""The commands agree on upgrade advice (SPEC §3.5): every hop the planner names, preflight allows;
the advice preflight gives, it allows; the recommendation `check` prints names what its JSON names.

Walked over every release of the embedded catalog (and hotfixes of them) on every day a lifecycle
answer can change and the day before it, and over generated catalogs the project has not seen.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings

from eol_check.catalog import Product, load_catalog
from eol_check.entitlement import check_entitlement
from eol_check.lifecycle import support_until, upgrade_until, version_status
from eol_check.policy import Policy, Severity, load_policy
from eol_check.preflight import check_preflight
from eol_check.upgrade import NoPath
from eol_check.version import Version, parse_strict

from .test_upgrade import catalogs

POLICY = load_policy()
CATALOG = load_catalog()
ONE_DAY = timedelta(days=1)
# "upgrade to 5.1.2 first", "install 5.1.2 instead": the release preflight advises.
ADVICE = re.compile(r"(?:upgrade to|install) (\S+) (?:first|instead)")


def boundary_days(product: Product, policy: Policy) -> list[date]:
    """Each day a lifecycle answer can change (SPEC §3.1), and the day before it."""
    days: set[date] = set()
    for release in product.releases:
        days.add(release.date)
    for line in product.lines:
        if line.eol is not None:
            days.update(
                (
                    line.eol,
                    support_until(line.eol, policy) + ONE_DAY,
                    upgrade_until(line.eol, policy) + ONE_DAY,
                )
            )
    return sorted(days | {d - ONE_DAY for d in days})


def assert_commands_agree(product: Product, installed: Version, on: date) -> None:
    status = version_status(product, installed, POLICY, on)
    path = status.upgrade_path
    assert path is not None
    answer = check_entitlement(status, Severity.S2, POLICY)
    recommendation = answer.recommendation
    if path.hops:
        # SPEC §3.5: upgrade_to is the last hop; each hop preflight allows, from the one before.
        assert status.upgrade_to == path.hops[-1]
        here = installed
        for hop in path.hops:
            move = check_preflight(product, here, hop, POLICY, on)
            assert move.ok, (str(installed), on, str(hop), move.errors)
            here = hop
        assert str(path.hops[-1]) in recommendation
        assert recommendation.startswith(("upgrade to", "update to"))
    else:
        assert recommendation.startswith(("none", "no upgrade path")), recommendation
        if path.hops is None:
            assert path.problem is not None
            assert path.reason is not None
            assert path.reason in recommendation
    # Whatever preflight advises instead of what was asked, it allows.
    targets = {path.target, status.upgrade_to, *(r.version for r in product.releases[-3:])}
    for target in targets - {None}:
        assert target is not None
        for problem in check_preflight(product, installed, target, POLICY, on).problems:
            for advised in ADVICE.findall(problem.message):
                follow = check_preflight(product, installed, parse_strict(advised), POLICY, on)
                assert follow.ok, (str(installed), on, problem.message, follow.errors)


@pytest.mark.parametrize("product", CATALOG.products, ids=lambda p: p.id)
def test_the_embedded_catalog_agrees_on_every_boundary(product: Product) -> None:
    for on in boundary_days(product, POLICY):
        for release in product.releases:
            assert_commands_agree(product, release.version, on)
        # A hotfix plans as its base release (SPEC §2).
        newest = product.releases[-1].version
        assert_commands_agree(
            product, Version(newest.major, newest.minor, newest.maintenance, hotfix=3), on
        )


@settings(deadline=None, max_examples=60)
@given(catalogs())
def test_generated_catalogs_agree_on_every_boundary(case: tuple[Product, date]) -> None:
    product, _ = case
    for on in boundary_days(product, POLICY)[::3]:
        for release in product.releases:
            assert_commands_agree(product, release.version, on)


def test_the_walk_sees_every_kind_of_answer() -> None:
    """The walk is not vacuous: it meets multi-hop paths and each kind of 'no path'."""
    seen: set[object] = set()
    for product in CATALOG.products:
        for on in boundary_days(product, POLICY):
            for release in product.releases:
                path = version_status(product, release.version, POLICY, on).upgrade_path
                assert path is not None
                seen.add(path.problem if path.hops is None else min(len(path.hops), 2))
    assert seen >= {0, 1, 2, NoPath.NOT_A_RELEASE, NoPath.NO_TARGET}
