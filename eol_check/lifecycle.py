"""The lifecycle of a version on a date (SPEC §3.1–§3.2; policy §2 and §7).

Pure functions of a catalog `Product`, the `Policy` and an evaluation date: nothing here reads the
clock or a file. Releases dated after the date do not exist yet for any answer.

- A line's effective End of Life is the earliest of its own, its major's and the product's
  (computed once per product in `catalog.Line.eol`).
- SPEC v3 §3.1: the tails count from the line's last day of life, `eol − 1 day`, month end to
  month end: `support_until = (eol − 1 day) + support_tail_months` (§7: the term continues until
  the end of a six-month period after End of Life), `upgrade_until = (eol − 1 day) +
  upgrade_window_months` (§2: customers have 12 months to upgrade). `eol` 2028-12-31 gives
  support until 2029-06-30; `eol` 2026-09-01 gives 2027-02-28 and 2027-08-31.
- The current line is the newest line with a GA release on or before the date, if it is not End
  of Life. When the newest line is End of Life (the product's end, or a line declared EOL with no
  successor yet) no line is current and `upgrade_to` is None: SPEC §3.2 read literally; an older
  line that is not EOL stays `supported`. `catalog validate` warns about the second case.
"""

from __future__ import annotations

import datetime

from . import _format
from ._dates import add_months
from ._record import Record
from .catalog import EolSource, Line, Product, Release, current_line
from .policy import Policy, Status
from .upgrade import UpgradePath, upgrade_path
from .version import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "LineStatus",
    "VersionStatus",
    "current_line",
    "lines",
    "support_until",
    "upcoming_releases",
    "upgrade_until",
    "version_status",
]


class LineStatus(Record):
    """The status of one Version line on a date, with its lifecycle dates (SPEC §3.2)."""

    line: str
    status: Status
    released: datetime.date  # the line's first GA release date
    latest: Version  # the newest GA release of the line on the date
    eol: datetime.date | None
    support_until: datetime.date | None
    upgrade_until: datetime.date | None
    eol_source: EolSource | None  # which End of Life applies (SPEC §3.1)
    latest_released: datetime.date | None = None  # the date of `latest`

    @property
    def eol_scheduled(self) -> bool:
        """True when an End of Life is declared but has not come yet (SPEC §3.2: 'scheduled')."""
        return self.eol is not None and self.status in (Status.CURRENT, Status.SUPPORTED)

    def as_json(self) -> dict[str, Any]:
        """The line's JSON form (docs/status.md)."""
        return {
            "line": self.line,
            "status": self.status.value,
            "released": self.released.isoformat(),
            "latest": str(self.latest),
            "eol": _format.iso(self.eol),
            "support_until": _format.iso(self.support_until),
            "upgrade_until": _format.iso(self.upgrade_until),
            "latest_released": _format.iso(self.latest_released),
            "eol_source": _format.text(self.eol_source),
            "eol_scheduled": self.eol_scheduled,
        }


class VersionStatus(Record):
    """The status of one version of a product on a date (SPEC §3.2).

    `eol`, `support_until` and `upgrade_until` are those of the version's line when the line has
    a GA release on the date (also for an `unknown`, `prerelease` or `unreleased` version of an
    existing line), else None.
    """

    product: Product
    version: Version
    line: str
    date: datetime.date
    status: Status
    eol: datetime.date | None
    support_until: datetime.date | None
    upgrade_until: datetime.date | None
    latest_in_line: Version | None  # the newest GA release of the version's line on the date
    upgrade_to: Version | None  # the newest GA release of the current line on the date
    released: datetime.date | None = None  # the version's own release date, if in the catalog
    eol_source: EolSource | None = None
    #: The planner's way to the latest release of the current line (SPEC §3.5); when it has
    #: hops, the last one is `upgrade_to`.
    upgrade_path: UpgradePath | None = None

    @property
    def eol_scheduled(self) -> bool:
        """True when the line's End of Life is declared but has not come yet."""
        return self.eol is not None and self.status in (Status.CURRENT, Status.SUPPORTED)

    def as_json(self) -> dict[str, Any]:
        """The version's JSON form, used by status, check and preflight (docs/status.md)."""
        return {
            "product": self.product.id,
            "date": self.date.isoformat(),
            "version": str(self.version),
            "line": self.line,
            "status": self.status.value,
            "eol": _format.iso(self.eol),
            "support_until": _format.iso(self.support_until),
            "upgrade_until": _format.iso(self.upgrade_until),
            "latest_in_line": _format.text(self.latest_in_line),
            "upgrade_to": _format.text(self.upgrade_to),
            "released": _format.iso(self.released),
            "eol_source": _format.text(self.eol_source),
            "eol_scheduled": self.eol_scheduled,
            **_path_json(self.upgrade_path),
        }


def _path_json(path: UpgradePath | None) -> dict[str, Any]:
    """SPEC §3.5: `upgrade_path` (hops, `[]`, or null) and, when null, why."""
    if path is None:
        return {"upgrade_path": None, "upgrade_path_reason": None}
    return path.as_json_fields()


def support_until(eol: datetime.date, policy: Policy) -> datetime.date:
    """The last day of support after End of Life `eol` (§7; SPEC §3.1)."""
    return add_months(eol - _ONE_DAY, policy.support_tail_months)


def upgrade_until(eol: datetime.date, policy: Policy) -> datetime.date:
    """The last day to upgrade after End of Life `eol` (§2; SPEC §3.1)."""
    return add_months(eol - _ONE_DAY, policy.upgrade_window_months)


def upcoming_releases(product: Product, on: datetime.date) -> list[Release]:
    """The releases dated after `on` (not released yet), in the order they come out."""
    return sorted(
        (r for r in product.releases if r.date > on), key=lambda r: (r.date, r.version.sort_key)
    )


def lines(product: Product, policy: Policy, on: datetime.date) -> list[LineStatus]:
    """The status of every line released on or before `on`, newest line first."""
    current = current_line(product, on)
    result = []
    for line in product.lines:
        latest = line.latest(on)
        if latest is None:  # no GA release of this line yet: it does not exist on `on`
            continue
        eol, support, upgrade = _dates(line, policy)
        result.append(
            LineStatus(
                line=line.line,
                status=_status(line, line is current, policy, on),
                released=line.first_release,
                latest=latest.version,
                eol=eol,
                support_until=support,
                upgrade_until=upgrade,
                eol_source=line.eol_source,
                latest_released=latest.date,
            )
        )
    return result


def version_status(
    product: Product, version: Version, policy: Policy, on: datetime.date, *, plan: bool = True
) -> VersionStatus:
    """The status of `version` of `product` on `on` (SPEC §3.2); build metadata is ignored.

    `plan=False` leaves out the upgrade path (None), for callers that need the status only.
    """
    current = current_line(product, on)
    upgrade_to = current.latest(on) if current is not None else None
    line = product.line(version.line)
    latest = line.latest(on) if line is not None else None
    # SPEC §2: a hotfix has the lifecycle of its base release.
    release = product.release(version.base if version.is_hotfix else version)
    if line is not None and latest is not None:  # the line exists on the date
        eol, support, upgrade = _dates(line, policy)
        eol_source = line.eol_source
    else:
        eol = support = upgrade = eol_source = None
    if version.is_prerelease:  # §1.4: a Version is generally available; a pre-release never is
        status = Status.PRERELEASE
    elif release is None or line is None:
        status = Status.UNKNOWN
    elif release.date > on:
        status = Status.UNRELEASED
    else:
        status = _status(line, line is current, policy, on)
    return VersionStatus(
        product=product,
        version=version,
        line=version.line,
        date=on,
        status=status,
        eol=eol,
        support_until=support,
        upgrade_until=upgrade,
        latest_in_line=latest.version if latest is not None else None,
        upgrade_to=upgrade_to.version if upgrade_to is not None else None,
        released=release.date if release is not None else None,
        eol_source=eol_source,
        upgrade_path=upgrade_path(product, version, on) if plan else None,
    )


def _status(line: Line, is_current: bool, policy: Policy, on: datetime.date) -> Status:
    """The status of a line released on or before `on` (SPEC §3.2)."""
    if line.eol is None or on < line.eol:
        # §2(i) the most current Version; §2(ii) previous Versions not declared End of Life
        return Status.CURRENT if is_current else Status.SUPPORTED
    if on <= support_until(line.eol, policy):  # §7: support continues six months after EOL
        return Status.SUPPORT_TAIL
    if on <= upgrade_until(line.eol, policy):  # §2: 12 months to upgrade once declared EOL
        return Status.UPGRADE_WINDOW
    return Status.UNSUPPORTED


def _dates(
    line: Line, policy: Policy
) -> tuple[datetime.date | None, datetime.date | None, datetime.date | None]:
    if line.eol is None:
        return None, None, None
    return line.eol, support_until(line.eol, policy), upgrade_until(line.eol, policy)


_ONE_DAY = datetime.timedelta(days=1)
