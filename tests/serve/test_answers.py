"""`answers.Statuses`: version statuses remembered per data load are the statuses, bounded, and a
check answered with them is the same bytes."""

from __future__ import annotations

from eol_check.serve import answers
from eol_check.serve.answers import command_line

# -- version statuses remembered per data load ---------------------------------------------------


def test_remembered_statuses_are_the_statuses() -> None:
    import datetime

    from eol_check.catalog import load_catalog
    from eol_check.lifecycle import version_status
    from eol_check.policy import load_policy
    from eol_check.version import parse_lenient

    catalog, policy = load_catalog(), load_policy()
    memo = answers.Statuses(policy)
    product = catalog.product("oas")
    days = [datetime.date(2026, 1, 15), datetime.date(2027, 6, 1)]
    texts = ["4.2.1", "4.2.1+build.7", "4.3.0-rc.1", "5.1.1", "9.9.9", "3.0.0"]
    for _ in range(2):  # computed, then remembered
        for text in texts:
            version = parse_lenient(text)
            for on in days:
                assert memo(product, version, policy, on) == version_status(
                    product, version, policy, on
                )
    assert len(memo.known) == len(texts) * len(days)
    # a build is shown as given: equal versions apart from it are remembered apart
    one = memo(product, parse_lenient("4.2.1+build.7"), policy, days[0])
    assert str(one.version) == "4.2.1+build.7"
    assert str(memo(product, parse_lenient("4.2.1"), policy, days[0]).version) == "4.2.1"
    # another policy (not this load's) is not remembered
    other = load_policy()
    assert memo(product, parse_lenient("4.2.1"), other, days[0]).version == one.version
    assert len(memo.known) == len(texts) * len(days)


def test_remembered_statuses_are_bounded() -> None:
    import datetime

    from eol_check.catalog import load_catalog
    from eol_check.policy import load_policy
    from eol_check.version import parse_lenient

    catalog, policy = load_catalog(), load_policy()
    memo = answers.Statuses(policy)
    product, version = catalog.product("oas"), parse_lenient("4.2.1")
    start = datetime.date(2026, 1, 1)
    for n in range(answers.Statuses.LIMIT + 10):
        memo(product, version, policy, start + datetime.timedelta(days=n))
    assert 0 < len(memo.known) <= answers.Statuses.LIMIT


def test_a_check_with_remembered_statuses_answers_alike() -> None:
    from eol_check.catalog import load_catalog
    from eol_check.policy import load_policy

    catalog, policy = load_catalog(), load_policy()
    memo = answers.Statuses(policy)
    for n in range(3):
        argv = command_line(
            "check",
            ["oas", "4.2.1"],
            {
                "severity": "S2",
                "reported-at": f"2026-01-15T1{n}:30:00Z",
                "now": "2026-02-01T00:00:00Z",
                "format": "json",
            },
        )
        fresh = answers.ask(argv, catalog, policy)
        assert answers.ask(argv, catalog, policy, lifecycle=memo).body == fresh.body
    assert len(memo.known) == 1
