"""A small catalog in which every lifecycle status occurs on one day, for the entitlement tests.

On 2026-06-15 (a Monday) "Test Server" has: 4.0 current, 3.1 supported, 3.0 in its support tail
(EOL 2026-03-02), 2.1 in its upgrade window (EOL 2025-09-01), 1.x unsupported (EOL 2023-01-02),
4.1.0 announced for 2027 (unreleased), and no 3.1.7 (unknown).
"""

from __future__ import annotations

import sys
from datetime import date

from eol_check._data import data_dir
from eol_check._toml import Section
from eol_check.catalog import Product, product_from_toml
from eol_check.errors import CatalogError
from eol_check.policy import Policy, load_policy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATALOG = """\
id = "ts"
name = "Test Server"
aliases = ["TS"]

[releases]
"1.0.0" = 2020-01-06
"2.0.0" = 2022-01-03
"2.1.0" = 2023-01-02
"2.1.1" = 2023-06-05
"3.0.0" = 2024-01-08
"3.0.1" = 2024-06-03
"3.1.0" = 2025-01-06
"3.1.1" = 2025-06-02
"4.0.0" = 2026-01-05
"4.0.1" = 2026-03-02
"4.1.0" = 2027-01-04

[eol]
"1" = 2023-01-02
"2.0" = 2023-01-02
"2.1" = 2025-09-01
"3.0" = 2026-03-02
"""

DAY = date(2026, 6, 15)

#: One version of each status on DAY.
VERSIONS = {
    "current": "4.0.1",
    "supported": "3.1.1",
    "support-tail": "3.0.1",
    "upgrade-window": "2.1.1",
    "unsupported": "1.0.0",
    "unknown": "3.1.7",
    "prerelease": "4.1.0-rc.1",
    "unreleased": "4.1.0",
}

#: SPEC §3.3 (v3: the upgrade window owes no SLA), written out: status → scope for S1, S2, S3, S4.
TABLE = {
    "current": ("full", "full", "full", "full"),
    "supported": ("workaround", "workaround", "upgrade", "upgrade"),
    "support-tail": ("workaround", "workaround", "upgrade", "upgrade"),
    "upgrade-window": ("none", "none", "none", "none"),
    "unsupported": ("none", "none", "none", "none"),
    "unknown": ("none", "none", "none", "none"),
    "prerelease": ("none", "none", "none", "none"),
    "unreleased": ("none", "none", "none", "none"),
}

#: Every cell: (status, severity, scope).
CELLS = [
    (status, f"S{n + 1}", scope)
    for status, scopes in TABLE.items()
    for n, scope in enumerate(scopes)
]


def sample_product() -> Product:
    """The "Test Server" product of CATALOG."""
    return product_from_toml(Section(tomllib.loads(CATALOG), "ts.toml", CatalogError))


def embedded_policy() -> Policy:
    return load_policy(data_dir() / "policy.toml")
