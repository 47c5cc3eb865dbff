"""A catalog eol-check's own data does not have, made relative to a day: every colour a client
shows (past, within six months, later), undecided ends, a product past its own End of Life, a
major's End of Life, two-digit lines and aliases that are not URL names."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path


def write_generated_catalog(folder: Path, today: date) -> Path:
    """Write the catalog's TOML files into `folder` (made if needed) and return it."""

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "widget.toml").write_text(
        f"""id = "widget"
name = "Widget Gateway"
aliases = ["WG", "Gateway (on-prem)"]

[releases]
"1.0.0" = {day(-1500)}
"1.0.1" = {day(-1400)}
"1.1.0" = {day(-1000)}
"2.0.0" = {day(-700)}
"2.0.3" = {day(-400)}
"2.1.0" = {day(-300)}
"3.0.0" = {day(-30)}
"3.1.0" = {day(60)}

[eol]
"1.0" = {day(-900)}
"1.1" = {day(-100)}
"2.0" = {day(100)}
"2.1" = {day(400)}
""",
        encoding="utf-8",
    )
    (folder / "gizmo.toml").write_text(
        f"""id = "gizmo"
name = "Gizmo <Legacy> & Co"
product_eol = {day(-20)}

[releases]
"9.8.0" = {day(-2000)}
"10.12.0" = {day(-1200)}
"10.12.7" = {day(-800)}
"11.0.0" = {day(-500)}

[eol]
"9" = {day(-1300)}
""",
        encoding="utf-8",
    )
    return folder
