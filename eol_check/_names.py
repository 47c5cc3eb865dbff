"""Looking names up case-insensitively, with the closest suggestion for an unknown one (SPEC §5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["closest", "fold", "suggest"]


def fold(name: str) -> str:
    """The form names are compared in: case-folded, inner whitespace collapsed."""
    return " ".join(name.casefold().split())


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `name`, if any is close enough to be worth suggesting."""
    import difflib

    options = {fold(c): c for c in candidates}
    match = difflib.get_close_matches(fold(name), list(options), n=1, cutoff=0.5)
    return options[match[0]] if match else None


def closest(name: str, choices: Mapping[str, Iterable[str]]) -> str | None:
    """The choice (a key) one of whose names `name` most likely means: the one choice with a name
    that has a word starting with it ('europe' → the region named 'Europe, Middle East, Africa'),
    else the closest spelling of any name. A word several choices share suggests none."""
    typed = fold(name)
    if typed:
        starting = {
            choice
            for choice, names in choices.items()
            for known in names
            if any(word.startswith(typed) for word in _words(known))
        }
        if len(starting) > 1:
            return None
        if starting:
            return starting.pop()
    owners = {fold(known): choice for choice, names in choices.items() for known in names}
    spelled = suggest(name, owners)
    return owners[fold(spelled)] if spelled is not None else None


def _words(name: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in fold(name)).split()
