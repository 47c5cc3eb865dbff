"""Looking names up case-insensitively, with the closest suggestion for an unknown one (SPEC §5)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["fold", "suggest"]


def fold(name: str) -> str:
    """The form names are compared in: case-folded, inner whitespace collapsed."""
    return " ".join(name.casefold().split())


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `name`, if any is close enough to be worth suggesting."""
    import difflib

    options = {fold(c): c for c in candidates}
    match = difflib.get_close_matches(fold(name), list(options), n=1, cutoff=0.5)
    return options[match[0]] if match else None
