"""Matching a released version against a plain `upgrade_from` specifier without packaging.

Importing `packaging.specifiers` costs ~14 ms of start-up (it pulls in packaging.tags, logging,
subprocess…), more than the rest of a preflight. Catalog specifiers are almost always plain
comparisons on release numbers (">=4.3", ">=4.2, <5", "~=4.2"), for which PEP 440 is simple:
release numbers compare as integer tuples padded with zeros. `matches` answers those for a
generally available version and returns None for anything else, which the caller then hands to
packaging. tests/core/test_preflight.py checks it against packaging on generated specifiers.
"""

from __future__ import annotations

from .version import MAX_VERSION_LENGTH, Version

__all__ = ["matches", "plain_clauses"]

# The comparison operators of PEP 440 on release numbers, two-character ones first.
_OPERATORS = ("==", "!=", "<=", ">=", "~=", "<", ">")
_SPACE = " \t\n\r\f\v"  # the ASCII white space around operators and numbers


def plain_clauses(text: str) -> list[tuple[str, tuple[int, ...]]] | None:
    """The clauses of a plain specifier (">=4.2, <5": an operator and a release number each,
    `~=` with two parts or more, parts of at most MAX_VERSION_LENGTH digits), or None when
    `text` is anything else (packaging's to judge)."""
    clauses: list[tuple[str, tuple[int, ...]]] = []
    for clause in text.split(","):
        clause = clause.strip(_SPACE)
        op = next((o for o in _OPERATORS if clause.startswith(o)), None)
        if op is None:
            return None
        parts = clause[len(op) :].lstrip(_SPACE).split(".")
        if not all(
            part.isascii() and part.isdigit() and len(part) <= MAX_VERSION_LENGTH for part in parts
        ):
            return None
        if op == "~=" and len(parts) < 2:  # PEP 440: "~=4" is not a valid specifier
            return None
        clauses.append((op, tuple(int(part) for part in parts)))
    return clauses


def matches(text: str, version: Version) -> bool | None:
    """Whether GA `version` meets every clause of `text`; None when `text` is not plain."""
    if version.is_prerelease:
        return None
    clauses = plain_clauses(text)
    if clauses is None:
        return None
    have = (version.major, version.minor, version.maintenance)
    return all(_holds(op, have, number) for op, number in clauses)


def _holds(op: str, have: tuple[int, ...], number: tuple[int, ...]) -> bool:
    width = max(len(have), len(number))
    a = have + (0,) * (width - len(have))
    b = number + (0,) * (width - len(number))
    if op == "~=":  # PEP 440: >= V and == V without its last part, as a prefix (".*")
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
