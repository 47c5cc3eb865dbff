"""The policy's own terms in words a customer reads (issue 20): glossed once where they appear.

"Support tail" and "upgrade window" are this tool's names for what §7 and §2 describe; a ticket
or a page that says a customer's line is in its "support tail" says once what that means.
"""

from __future__ import annotations

from .policy import Policy, Status

__all__ = ["glossary"]


def _months(n: int) -> str:
    return {1: "one month", 6: "six months", 12: "12 months"}.get(n, f"{n} months")


def glossary(policy: Policy, *statuses: Status) -> list[tuple[str, str]]:
    """(term, meaning) for the terms `statuses` use, in the policy's month counts; a status that
    is plain English (current, supported, unsupported) needs none."""
    tail, window = _months(policy.support_tail_months), _months(policy.upgrade_window_months)
    terms = {
        Status.SUPPORT_TAIL: (
            "support tail",
            f"the {tail} of support after a line's End of Life (§7)",
        ),
        Status.UPGRADE_WINDOW: (
            "upgrade window",
            f"the rest of the {window} after End of Life that customers have to upgrade; "
            "support has ended (§2, §7)",
        ),
    }
    found = []
    for status in dict.fromkeys(statuses):
        if status in terms:
            found.append(terms[status])
    return found
