"""Matching a released version against a plain `upgrade_from` specifier without packaging.

Importing `packaging.specifiers` costs ~14 ms of start-up (it pulls in packaging.tags, logging,
subprocess…), more than the rest of a preflight. Catalog specifiers are almost always plain
comparisons on release numbers (">=4.3", ">=4.2, <5", "~=4.2"), for which PEP 440 is simple:
release numbers compare as integer tuples padded with zeros. `matches` answers those for a
generally available version and returns None for anything else, which the caller then hands to
packaging. tests/core/test_preflight.py checks it against packaging on generated specifiers.
"""

from __future__ import annotations

import re

from .version import Version

__all__ = ["matches"]

_CLAUSE = re.compile(r"\s*(==|!=|<=|>=|<|>|~=)\s*([0-9]+(?:\.[0-9]+)*)\s*", re.ASCII)


def matches(text: str, version: Version) -> bool | None:
    """Whether GA `version` meets every clause of `text`; None when `text` is not plain."""
    if version.is_prerelease:
        return None
    have = (version.major, version.minor, version.maintenance)
    for clause in text.split(","):
        match = _CLAUSE.fullmatch(clause)
        if match is None:
            return None
        op, number = match[1], tuple(int(part) for part in match[2].split("."))
        holds = _holds(op, have, number)
        if holds is None:
            return None
        if not holds:
            return False
    return True


def _holds(op: str, have: tuple[int, ...], number: tuple[int, ...]) -> bool | None:
    width = max(len(have), len(number))
    a = have + (0,) * (width - len(have))
    b = number + (0,) * (width - len(number))
    if op == "~=":  # PEP 440: >= V and == V without its last part, as a prefix (".*")
        if len(number) < 2:
            return None
        prefix = len(number) - 1
        return a >= b and a[:prefix] == b[:prefix]
    return {
        "==": a == b,
        "!=": a != b,
        "<=": a <= b,
        ">=": a >= b,
        "<": a < b,
        ">": a > b,
    }[op]
