"""The exceptions eol-check raises, and the exit code each branch maps to (SPEC §5).

    EolCheckError                 root: every error eol-check means to raise
    ├── InputError                exit 2: what the user typed or passed is wrong
    │   ├── InvalidVersion        not a version (strict or lenient form, SPEC §2)
    │   ├── InvalidDate           not a date or date-time eol-check can use
    │   ├── UnknownName           a product, severity, region or customer that does not exist
    │   ├── ContractsError        a customers (contracts) file the user passed is unreadable or
    │   │                         has a bad row (SPEC §4.3); it names the file and line
    │   ├── SiteError             `catalog publish` may not (re)place its target folder
    │   │                         (SPEC §7); the target is left as it was
    │   └── AvailabilityError     an incident log or telemetry the user passed cannot be read
    │                             at all (SPEC §8); bad rows are reported, not raised
    ├── DataError                 exit 3: the data could not be loaded
    │   ├── CatalogError          a catalog file or bundle is missing, unreadable or invalid
    │   ├── PolicyError           the policy file is missing, unreadable or invalid
    │   ├── FetchError            the remote catalog is unavailable and nothing can stand in
    │   └── DatabaseError         the contracts/audit database cannot be opened, read or written
    │                             (SPEC §10; raised by eol_check.serve.database)
    └── OutputError               exit 74: the output could not be written (disk full, stdout
                                  closed, a target that is not a regular file)

The CLI maps each branch to its exit code in one place (`eol_check.cli`); third-party errors are
translated where they are caught (`raise CatalogError(...) from exc`).
"""

from __future__ import annotations

__all__ = [
    "AvailabilityError",
    "CatalogError",
    "ContractsError",
    "DataError",
    "DatabaseError",
    "EolCheckError",
    "FetchError",
    "InputError",
    "InvalidDate",
    "InvalidVersion",
    "OutputError",
    "PolicyError",
    "SiteError",
    "UnknownName",
]


class EolCheckError(Exception):
    """Root of every error eol-check raises on purpose."""

    exit_code = 70


class InputError(EolCheckError, ValueError):
    """The input is wrong: a usage error, an unparsable version or date, an unknown name."""

    exit_code = 2


class InvalidVersion(InputError):
    """The text is not a version in the form that was asked for."""


class InvalidDate(InputError):
    """The text is not an ISO 8601 date (or date-time, where one is expected)."""


class UnknownName(InputError):
    """A product, severity, region or customer that is not known, with the closest suggestion."""

    def __init__(
        self,
        kind: str,
        name: str,
        suggestion: str | None = None,
        choices: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.name = name
        self.suggestion = suggestion
        self.choices = choices  # every valid name, listed when there are a few
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        listed = f" (known {kind}s: {', '.join(choices)})" if choices else ""
        super().__init__(f"unknown {kind} {name!r}{hint}{listed}")


class ContractsError(InputError):
    """A customers file (SPEC §4.3) cannot be read, or one of its rows is wrong.

    It is the user's input, not eol-check's data: exit 2, like any other wrong input. `line` is
    the row's line number in the file (None for the file as a whole); `customer`, `product` and
    `version` are the row's cells as the file wrote them, when it has them.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        customer: str | None = None,
        product: str | None = None,
        version: str | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.customer = customer
        self.product = product
        self.version = version


class SiteError(InputError):
    """The target folder of `catalog publish` is not one eol-check wrote (nor empty); the target
    is left as it was (SPEC §7, docs/publish.md). A site that cannot be written is OutputError."""


class AvailabilityError(InputError):
    """An incident log or telemetry (SPEC §8) that cannot be read at all: missing, not UTF-8,
    no header, or in another shape. It names the file (and line). A bad row is not raised: it is
    counted and reported with its file and line."""


class DataError(EolCheckError):
    """The catalog or policy could not be loaded."""

    exit_code = 3


class CatalogError(DataError):
    """A catalog file, folder or bundle is missing, unreadable or invalid."""


class PolicyError(DataError):
    """The policy file is missing, unreadable or invalid."""


class FetchError(DataError):
    """The remote catalog could not be used and no fallback was allowed or available."""


class DatabaseError(DataError):
    """The contracts and audit database (SPEC §10) cannot be opened, read or written."""


class OutputError(EolCheckError):
    """The output could not be written: disk full, stdout closed, or a target that is not a
    regular file (SPEC §5: exit 74). Nothing is left half-written."""

    exit_code = 74
