"""Fuzzing the command line in-process: hostile arguments and files for every command (SPEC §5).

A *scenario* is one call of `main(argv)`: a command with arguments drawn from pools of good and
hostile values, and the files it names (catalog, policy, bundle, customers CSV/TOML, numbering
file, cache file, export target) written into a fresh folder, some of them FIFOs, folders,
dangling symlinks or deeply nested, out-of-range, truncated or non-UTF-8 data. `run` calls
`main` with that folder's files, stdout a real UTF-8 text stream (or one that is full, closed or
a broken pipe), and `problems` says what broke the contract: an exit code outside {0, 1, 2, 3,
74}, a traceback, not exactly one error line for 2/3/74, a hang, or a special file replaced.

Scenarios are drawn through a `Chooser`: `tests/test_fuzz.py` draws them with hypothesis (a
CI-sized budget, shrinking on failure); this module's runner draws them with `random.Random`
(another generator, fast), many of them:

    python -m tests.fuzz --examples 1000000 [--seed N] [--max-seconds S]

prints the count of each exit code per command, and every problem found (exit status 1 if any).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gzip
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Protocol, TypeVar

from eol_check.cli import main

T = TypeVar("T")

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: The exit codes SPEC §5 allows for any input (70 is a bug in eol-check).
ALLOWED = frozenset({0, 1, 2, 3, 74})
#: How long one call may take before it counts as a hang (SPEC: none over 5 s).
HANG_SECONDS = 5


class Chooser(Protocol):
    """Where a scenario's choices come from (hypothesis in the tests, `random` in the runner)."""

    def choice(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...

    def chance(self, percent: int) -> bool: ...

    def text(self, alphabet: str, max_size: int) -> str: ...

    def binary(self, max_size: int) -> bytes: ...


class RandomChooser:
    """A `Chooser` backed by `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent

    def text(self, alphabet: str, max_size: int) -> str:
        size = self.rng.randint(0, max_size)
        return "".join(self.rng.choice(alphabet) for _ in range(size))

    def binary(self, max_size: int) -> bytes:
        return self.rng.randbytes(self.rng.randint(0, max_size))


# --- files --------------------------------------------------------------------------------------

#: Payloads that are not bytes: what sits at a path instead of a regular file.
SPECIALS = ("fifo", "folder", "dangling-symlink", "symlink-to-fifo", "chardev")


@dataclass
class Scenario:
    """One call: `argv` (paths start with `@/`, the scenario's folder), the files to create."""

    command: str  # the row of the result table: "status", "catalog export" …
    argv: list[str]
    files: dict[str, bytes | str] = field(default_factory=dict)  # name → bytes or a SPECIAL
    stdout: str = "ok"  # "ok", "full" (ENOSPC), "closed", "broken-pipe"
    url_path: str | None = None  # a path the test server answers with `reply`
    reply: dict[str, Any] | None = None  # tests._server.Reply keyword arguments

    def shown(self) -> str:
        """The scenario as one line, to reproduce a problem."""
        files = {
            name: (value if isinstance(value, str) else f"<{len(value)} bytes {value[:60]!r}>")
            for name, value in self.files.items()
        }
        return json.dumps(
            {
                "argv": self.argv,
                "files": files,
                "stdout": self.stdout,
                "reply": _shown_reply(self.reply),
            },
            ensure_ascii=True,
        )


def _shown_reply(reply: dict[str, Any] | None) -> object:
    if reply is None:
        return None
    return {k: (f"<{len(v)} bytes>" if isinstance(v, bytes) else v) for k, v in reply.items()}


def _read(path: Path) -> bytes:
    return path.read_bytes()


OAS = _read(DATA / "catalog" / "oas.toml")
AGENT = _read(DATA / "catalog" / "agent.toml")
POLICY = _read(DATA / "policy.toml")
INCIDENTS = _read(EXAMPLES / "availability" / "incidents.csv")
TELEMETRY = b"".join(_read(EXAMPLES / "availability" / "telemetry.csv").splitlines(True)[:40])
CUSTOMERS = _read(EXAMPLES / "customers.csv")


def _bundle() -> bytes:
    from datetime import datetime, timezone

    from eol_check.bundle import bundle_from_catalog, dumps_bundle
    from eol_check.catalog import load_catalog
    from eol_check.policy import load_policy

    stamp = datetime(2026, 11, 21, tzinfo=timezone.utc)
    bundle = bundle_from_catalog(
        load_catalog(DATA / "catalog"), load_policy(DATA / "policy.toml"), stamp
    )
    return dumps_bundle(bundle).encode("utf-8")


BUNDLE = _bundle()

HOSTILE_DATES = (
    "9999-12-31",
    "0001-01-01",
    "9999-01-01",
    "0001-12-31",
    "1899-12-31",
    "3000-01-01",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-00-10",
    "10000-01-01",
    "2026-1-1",
)
HOSTILE_NUMBERS = (
    "inf",
    "-inf",
    "nan",
    "+nan",
    "1e300",
    "-1",
    "0",
    "99999999999999999999",
    "1e-300",
    "2932897",
    "0.5",
    "1_000",
    "0x7fffffff",
    "-0.0",
    "3.4e38",
    "10000",
    "1200",
    "1201",
)
HOSTILE_TEXTS = (
    "",
    " ",
    "\x00",
    "\udcff",
    "\ufeff",
    "\u202e",
    "x" * 300,
    "é",
    "\n",
    "\r\n",
    "'",
    '"',
    "\\",
    "[",
    "{",
    "#",
    ",",
    "S9",
    "4,3,2",
    "9" * 40,
    "-1",
    # Numbers longer than int() reads (4,300 digits): a release key, a line, a specifier.
    "9" * 5000,
    "1." + "9" * 5000,
    "1.0." + "9" * 5000,
    ">=" + "9" * 5000,
    # What must reach no terminal, sheet or page raw (issue 22): terminal escapes, bidi
    # overrides, a forged line, formulas, a lone surrogate; ids the published site uses.
    "\x1b]0;pwned\x07",
    "\x1b[2J\x1b[31m",
    "\x9b31m",
    "a\u2066b\u2069",
    "\nENTITLED (full): x",
    '=HYPERLINK("https://evil.example")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "-2+3",
    "index",
    "all",
    "full",
    "v1",
    "calendar",
    "a" * 65,
)


def hostile_date(c: Chooser) -> str:
    if c.chance(70):
        return c.choice(HOSTILE_DATES)
    return f"{c.integer(0, 10000):04d}-{c.integer(0, 13):02d}-{c.integer(0, 32):02d}"


def nested(c: Chooser) -> str:
    depth = c.choice((10, 100, 400, 500, 600, 1000, 5000, 100_000))
    opener, closer = c.choice((("[", "]"), ("{a=", "}"), ("[[", "]]")))
    return opener * depth + closer * depth if c.chance(50) else opener * depth


def mutate_text(c: Chooser, base: bytes) -> bytes:
    """`base` with one to three hostile edits (bytes, dates, numbers, nesting, truncation)."""
    data = base
    for _ in range(c.integer(1, 3)):
        kind = c.integer(0, 10)
        if kind == 0:  # a date out of range or unreal
            dates = list(re.finditer(rb"\d{4}-\d{2}-\d{2}", data))
            if dates:
                m = c.choice(dates)
                data = data[: m.start()] + hostile_date(c).encode() + data[m.end() :]
        elif kind == 1:  # a number out of range
            numbers = list(re.finditer(rb"(?<=[= ])\d+(?:\.\d+)?\b", data))
            if numbers:
                m = c.choice(numbers)
                data = data[: m.start()] + c.choice(HOSTILE_NUMBERS).encode() + data[m.end() :]
        elif kind == 2:  # deep nesting
            at = c.integer(0, len(data))
            data = data[:at] + b"\nx = " + nested(c).encode() + b"\n" + data[at:]
        elif kind == 3:  # truncated
            data = data[: c.integer(0, len(data))]
        elif kind == 4:  # a bad byte
            at = c.integer(0, len(data))
            data = (
                data[:at]
                + bytes([c.choice((0x00, 0xFF, 0xC3, 0x80, 0x0D, 0x22, 0x5B))])
                + data[at:]
            )
        elif kind == 5:  # a line dropped or repeated
            lines = data.split(b"\n")
            i = c.integer(0, len(lines) - 1)
            if c.chance(50):
                del lines[i]
            else:
                lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif kind == 6:  # a hostile text in a quoted string
            strings = list(re.finditer(rb'"[^"\n]*"', data))
            if strings:
                m = c.choice(strings)
                value = c.choice(HOSTILE_TEXTS).encode("utf-8", "surrogatepass")
                data = data[: m.start() + 1] + value + data[m.end() - 1 :]
        elif kind == 7:  # random bytes
            at = c.integer(0, len(data))
            data = data[:at] + c.binary(16) + data[at:]
        elif kind == 8:  # a very long line
            data = data + b"\n" + b"a" * c.choice((1000, 70_000, 1_100_000))
        elif kind == 9:  # a time of day or a month count out of range
            data = re.sub(
                rb"\d{2}:\d{2}:\d{2}",
                c.choice((b"24:00:00", b"23:59:60", b"00:00:00")),
                data,
                count=1,
            )
        else:
            pass  # the valid file
    return data


def hostile_json_value(c: Chooser) -> object:
    return c.choice(
        (
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "10000-01-01",
            "",
            None,
            True,
            [],
            {},
            10**30,
            -1,
            1e308,
            float("inf"),
            float("nan"),
            "x" * 2000,
            "4.2.1",
            "\udcff",
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "24:00:00",
            [[[[]]]],
            {"a": {"b": {}}},
            0,
            "\ud800",
            "x\udfffy",
            "\x1b]0;pwned\x07",
            "a\u202eb",
            "index",
            "full",
            "v1",
            "=cmd|' /C calc'!A0",
        )
    )


def mutate_bundle(c: Chooser) -> bytes:
    """The embedded bundle with hostile values at random places, or hostile bytes."""
    if c.chance(20):
        return mutate_text(c, BUNDLE)
    doc = json.loads(BUNDLE)
    for _ in range(c.integer(1, 3)):
        parent: Any = doc
        key: Any = None
        node: Any = doc
        for _depth in range(c.integer(1, 6)):
            if isinstance(node, dict) and node:
                key = c.choice(sorted(node))
            elif isinstance(node, list) and node:
                key = c.integer(0, len(node) - 1)
            else:
                break
            parent, node = node, node[key]
        if key is not None:
            parent[key] = hostile_json_value(c)
    if c.chance(5):
        depth = c.choice((100, 1000, 100_000))
        return ("[" * depth + "]" * depth).encode()
    # ASCII-only, a lone surrogate is a "\\ud800" escape a JSON parser reads; else it is a byte
    # sequence that is not UTF-8.
    return json.dumps(doc, ensure_ascii=c.chance(50)).encode("utf-8", "surrogatepass")


def customers_csv(c: Chooser) -> bytes:
    lines = CUSTOMERS.split(b"\n")
    for _ in range(c.integer(0, 4)):
        i = c.integer(1, max(1, len(lines) - 1))
        name = c.choice(
            (
                "cust",
                "cust",
                '=HYPERLINK("x")',
                "@SUM(A1)",
                "+1",
                "-1",
                "\tx",
                "c\x1b[2Jd",
                "e\u202ef",
                '"g\nENTITLED (full): h"',
            )
        )
        cells = [
            name,
            c.choice(("oas", "agent", "x")),
            c.choice(("4.2.1", "6.0.2", "x")),
            c.choice(("na", "emea", "")),
            c.choice(("L1", "L2", "")),
            hostile_date(c),
            hostile_date(c),
            c.choice(("yes", "no", "")),
        ]
        row = ",".join(cells).encode()
        edit = c.integer(0, 4)
        if edit == 0:
            row = row.replace(b"cust", b'"cust')  # a broken quote
        elif edit == 1:
            row = row.replace(b"cust", b"cu\xffst")  # a bad byte
        elif edit == 2:
            row = row + b"\x00"
        elif edit == 3:
            row = b'"' + row + b"\n" + row  # a quote that swallows a line
        lines.insert(i, row)
    data = b"\n".join(lines)
    return mutate_text(c, data) if c.chance(30) else data


TICKETS = (
    b"ticket,customer,product,version,severity,reported_at,first_response_at,updates,"
    b"workaround_at,resolved_at,etr_at,region,coverage\n"
    b"T1,Globex,oas,5.1.2,S2,2026-03-06T17:00:00+01:00,2026-03-09T11:00:00+01:00,"
    b"2026-03-10T11:00:00+01:00,,2026-03-11T11:00:00+01:00,,emea,\n"
    b"T2,Acme Corp,oas,6.0.2,S1,2026-11-07T10:00:00-05:00,,,,,,,24x7\n"
)


def ticket_log(c: Chooser) -> bytes:
    """A ticket log (SPEC §9) with hostile rows: times, severities, names, bytes."""
    lines = TICKETS.split(b"\n")
    for _ in range(c.integer(0, 4)):
        cells = [
            c.choice(("T3", "=cmd()", "\x1b[31m", "")),
            c.choice(("Globex", "Nobody", "")),
            c.choice(("oas", "x")),
            c.choice(("5.1.2", "x", "")),
            c.choice(("S1", "S9", "urgent", "")),
            hostile_date(c) + "T10:00:00+01:00",
            c.choice(("", "2026-03-06T09:00:00+01:00", "yesterday", hostile_date(c))),
            c.choice(("", "2026-03-09T11:00:00+01:00;x", ";;")),
            "",
            hostile_date(c),
            "",
            c.choice(("", "emea", "mars")),
            c.choice(("", "24x7", "always")),
        ]
        lines.insert(c.integer(1, len(lines) - 1), ",".join(cells).encode())
    data = b"\n".join(lines)
    return mutate_text(c, data) if c.chance(30) else data


def customers_toml(c: Chooser) -> bytes:
    rows = []
    for i in range(c.integer(0, 3)):
        rows.append(
            f'[[contract]]\ncustomer = "c{i}"\nproduct = "oas"\nversion = "4.2.1"\n'
            f"start = {hostile_date(c)}\nend = {hostile_date(c)}\n"
        )
    data = "".join(rows).encode()
    return mutate_text(c, data) if c.chance(40) else data


def numbering_file(c: Chooser) -> bytes:
    lines = [
        c.choice(
            (
                "4.0.0",
                "4.0.1",
                "4.2.0",
                "5.0.0",
                "v1.2.3",
                "97.0",
                "1.0.0-rc.1",
                "21.0.3+10",
                "4.3.2.1234",
                "x",
                "9" * 30,
            )
        )
        for _ in range(c.integer(0, 8))
    ]
    data = "\n".join(lines).encode()
    return mutate_text(c, data) if c.chance(40) else data


def cache_header(c: Chooser, url: str, body: bytes) -> bytes:
    """A cache file for `url`: whole, or with a damaged header."""
    meta: dict[str, Any] = {
        "format": "eol-check-cache/1",
        "url": url,
        "etag": '"v1"',
        "fetched_at": "2026-11-20T12:00:00+00:00",
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
    }
    kind = c.integer(0, 9)
    if kind == 0:
        return b"[" * c.choice((1000, 100_000)) + b"\n" + body
    if kind == 1:
        meta["fetched_at"] = c.choice(
            ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2026-11-20", "x", 5, None)
        )
    elif kind == 2:
        meta[c.choice(sorted(meta))] = hostile_json_value(c)
    elif kind == 3:
        del meta[c.choice(sorted(meta))]
    elif kind == 4:
        return mutate_text(c, json.dumps(meta).encode() + b"\n" + body)
    elif kind == 5:
        meta["size"] = c.choice((10**400, -1, 1e308, True))
    header = json.dumps(meta, ensure_ascii=False, allow_nan=True)
    return header.encode("utf-8", "surrogatepass") + b"\n" + body


# --- arguments ----------------------------------------------------------------------------------

VERSIONS = (
    "4.2.1",
    "6.0.2",
    "5.0.1",
    "4.3.2",
    "1.2.2",
    "v4.2",
    "4",
    "OAS 4.2.1 (build 77)",
    "4.2.1-rc.1",
    "4.3.2-hotfix1",
    "4.3.2.1234",
    "0.0.0",
    "99.0.0",
)
PRODUCTS = ("oas", "agent", "console", "OAS", "Octopus Authentication Server", "Desktop Agent")
DATES = ("2026-11-21", "2026-01-15", "2030-06-30", "2019-01-01")
REPORTED = (
    "2026-11-20T17:00:00+01:00",
    "2026-01-15T09:30:00Z",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59+00:00",
    "2026-11-20T17:00:00",
    "2026-11-20T25:00:00Z",
    "20261120T170000Z",
    "2026-11-20 17:00+01:00",
)
ZONES = (
    "America/New_York",
    "Asia/Kolkata",
    "UTC",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "EST",
    "../etc/passwd",
    "/etc/localtime",
    "Europe/Berlin ",
    "Asia/Katmandu",
)
SEVERITIES = ("S1", "S2", "s3", "S-4", "1", "critical", "high")
REGIONS = ("na", "emea", "apac", "india", "Asia Pacific")
HORIZONS = ("0", "90", "2932897", "10101010101010101010", "-1", "1e3", "36500", "36600", "nan")
TIMEOUTS = ("5", "1e308", "inf", "nan", "0", "-1", "1e-300", "3600", "86400", "0.5")
PIN = hashlib.sha256(BUNDLE).hexdigest()
FORMATS = ("text", "json", "csv", "github", "markdown", "endoflife", "xml", "")


def pick_value(c: Chooser, good: Sequence[str], hostile_percent: int = 15) -> str:
    """A good value, or (`hostile_percent` of the time) a hostile one."""
    if c.chance(hostile_percent):
        if c.chance(70):
            return c.choice(HOSTILE_TEXTS)
        return c.text("0123456789.-+:TZ abcv\x00\udcff/", 20)
    return c.choice(good)


COMMAND_FORMATS = {
    "classify": ("text", "json"),
    "numbering": ("text", "json", "github", "junit", "markdown"),
    "status": ("text", "json", "markdown", "csv"),
    "check": ("text", "json", "markdown"),
    "preflight": ("text", "json"),
    "report": ("text", "csv", "json"),
    "products": ("text", "json", "markdown", "csv"),
    "completion": ("text",),
    "tickets": ("text", "json", "csv"),
    "account-report": ("text",),
    "catalog validate": ("text", "json"),
    "catalog export": ("json", "endoflife"),
    "catalog fetch": ("text", "json"),
    "catalog publish": ("text", "json"),
    "uptime": ("text", "json", "csv"),
    "downtime check": ("text", "json"),
}


def good_url(port: int | None) -> str:
    """The test server's bundle, or (without a server) a loopback port nothing listens on."""
    return f"http://127.0.0.1:{port if port is not None else 9}/b.json"


def hostile_url(c: Chooser, port: int | None) -> str:
    base = f"http://127.0.0.1:{port}" if port is not None else "http://127.0.0.1:9"
    return c.choice(
        (
            f"{base}/b.json",
            f"{base}/b.json\n",
            f"{base}/b\x00.json",
            f"{base}/b\udcff",
            f"{base}/" + "a" * 65_536,
            "https://",
            "ftp://example.com/b.json",
            "http://[::1",
            "http://127.0.0.1:99999/",
            "https://exa mple.com/",
            "http://example.com/b.json",
            f"{base}/b.json#\udcff",
            "https://user:pass@[::1]:0/",
            "http://localhost:-1/",
            "https://" + "é" * 70 + ".com/",
            "file:///etc/passwd",
            "",
            " ",
            "\udcff",
        )
    )


COMMANDS = (
    "classify",
    "numbering",
    "status",
    "check",
    "preflight",
    "report",
    "products",
    "completion",
    "tickets",
    "account-report",
    "catalog validate",
    "catalog export",
    "catalog fetch",
    "catalog publish",
    "uptime",
    "downtime check",
)
#: `catalog publish` writes (and fsyncs) a whole site: drawn less often than the rest.
RARE = ("catalog publish", "account-report")


def scenario(c: Chooser, port: int | None = None, command: str | None = None) -> Scenario:
    """One hostile call of `command` (default: any); `port` is the test server's, if one runs."""
    if command is None:
        command = (
            c.choice(COMMANDS)
            if c.chance(3)
            else c.choice([name for name in COMMANDS if name not in RARE])
        )
    s = Scenario(command, command.split())
    argv = s.argv
    # How hostile the arguments are: mostly good ones, so that hostile files get read too.
    level = c.choice((0, 0, 3, 10, 30))

    def pick(c: Chooser, good: Sequence[str], extra: int = 0) -> str:
        return pick_value(c, good, level + extra if level else 0)

    def path(name: str, payload: bytes | str) -> str:
        s.files[name] = payload
        return f"@/{name}"

    def special_or(maker: Callable[[], bytes]) -> bytes | str:
        return c.choice(SPECIALS) if c.chance(10) else maker()

    if command == "classify":
        argv += [pick(c, VERSIONS), pick(c, VERSIONS)]
        if c.chance(30):
            argv.append("--strict")
    elif command == "numbering":
        way = c.integer(0, 3)
        if way == 0:
            argv += [pick(c, VERSIONS) for _ in range(c.integer(0, 5))]
        elif way == 1:
            argv += ["--file", path("history.txt", special_or(lambda: numbering_file(c)))]
        elif way == 2:
            argv += ["--file", "-"]
        else:
            argv += ["--git", "--repo", path("repo", c.choice(("folder", "dangling-symlink")))]
        if c.chance(40):
            argv += ["--next", pick(c, VERSIONS)]
        if c.chance(20):
            argv += ["--tag-prefix", pick(c, ("v", "release-"))]
        if c.chance(15):
            argv += ["--suggest", pick(c, ("major", "minor", "maintenance"))]
        if c.chance(15):
            argv.append(c.choice(("--allow-empty", "--allow-shallow", "--since=4.2.0")))
    elif command == "status":
        argv.append(pick(c, PRODUCTS))
        if c.chance(60):
            argv.append(pick(c, VERSIONS))
        if c.chance(20):
            argv.append("--wide")
    elif command == "check":
        argv += [pick(c, PRODUCTS), pick(c, VERSIONS), "--severity", pick(c, SEVERITIES)]
        if c.chance(40):
            argv += ["--region", pick(c, REGIONS)]
        if c.chance(50):
            argv += ["--reported-at", pick(c, REPORTED, 20)]
        if c.chance(25):
            argv += ["--now", pick(c, REPORTED, 20)]
        if c.chance(25):
            argv += ["--tz", pick(c, ZONES, 20)]
        if c.chance(30):
            name = c.choice(("customers.csv", "customers.toml"))
            maker = customers_csv if name.endswith(".csv") else customers_toml
            argv += [
                "--customer",
                pick(c, ("Acme Corp", "Globex", "c0", "cust")),
                "--customers",
                path(name, special_or(lambda: maker(c))),
            ]
    elif command == "products":
        if c.chance(20):
            argv.append("--wide")
    elif command == "completion":  # issue 20: the catalog's product ids go into the script
        argv.append(pick(c, ("bash", "zsh", "fish")))
    elif command == "preflight":
        argv += [pick(c, PRODUCTS), "--installed", pick(c, VERSIONS), "--target", pick(c, VERSIONS)]
    elif command == "report":
        name = c.choice(("customers.csv", "customers.toml", "customers.txt"))
        maker = customers_toml if name.endswith(".toml") else customers_csv
        argv.append(path(name, special_or(lambda: maker(c))))
        if c.chance(40):
            argv += ["--horizon", c.choice(HORIZONS) if c.chance(level * 2) else "90"]
    elif command == "tickets":
        name = c.choice(("log.csv", "log.jsonl"))
        argv += [path(name, special_or(lambda: ticket_log(c))), "--now", "2027-01-01T00:00:00Z"]
        if c.chance(40):
            argv += ["--by", c.choice(("month", "severity", "region", "customer", "ticket"))]
        if c.chance(30):
            argv += ["--customers", path("customers.csv", special_or(lambda: customers_csv(c)))]
    elif command == "account-report":
        # Now and then a hostile name with a contract, so that its page shows it (`run` reads
        # the page for raw characters).
        name = pick(c, ("Globex", "Acme Corp", "cust", "nobody", "c\x1b[2Jd", "e\u202ef<b>"))

        def with_name() -> bytes:
            if name.isprintable() and "<" not in name:
                return customers_csv(c)
            contract = f"{name},oas,6.0.2,na,L2,2025-01-01,2027-12-31,yes,24x7\n"
            return CUSTOMERS.rstrip(b"\n") + b"\n" + contract.encode("utf-8", "surrogatepass")

        customers = path("customers.csv", special_or(with_name))
        argv += [name, "--customers", customers]
        if c.chance(60):
            argv += ["--tickets", path("log.csv", special_or(lambda: ticket_log(c)))]
        if c.chance(30):  # SPEC §9: uptime from the availability library (§8)
            argv += [
                "--incidents",
                path("incidents.csv", special_or(lambda: mutate_text(c, INCIDENTS))),
            ]
        if c.chance(15):
            argv += [
                "--telemetry",
                path("telemetry.csv", special_or(lambda: mutate_text(c, TELEMETRY))),
            ]
        if c.chance(30):
            argv += ["--period", c.choice(("2026", "20x6", "0", "9999"))]
        target = c.choice(
            (
                "out.html",
                "fifo",
                "folder",
                "dangling-symlink",
                "symlink-to-fifo",
                "chardev",
                "missing/out.html",
            )
        )
        argv += ["-o", path("target", target) if target in SPECIALS else f"@/{target}"]
    elif command == "catalog validate":
        if c.chance(60):
            argv.append(path("v.toml", special_or(lambda: mutate_text(c, c.choice((OAS, AGENT))))))
        if c.chance(20):
            argv.append("--strict")
    elif command == "catalog export":
        if c.chance(60):
            target = c.choice(
                (
                    "out.json",
                    "fifo",
                    "folder",
                    "dangling-symlink",
                    "symlink-to-fifo",
                    "chardev",
                    "missing/out.json",
                    "-",
                )
            )
            if target in SPECIALS:
                argv += ["-o", path("target", target)]
            elif target == "-":
                argv += ["-o", "-"]
            else:
                argv += ["-o", f"@/{target}"]
    elif command == "catalog publish":
        target = c.choice(
            (
                "site",
                "site",
                "missing/site",
                "fifo",
                "folder",
                "dangling-symlink",
                "file",
                "foreign",
            )
        )
        if target in SPECIALS:
            argv.append(path("target", target))
        elif target == "file":
            argv.append(path("target", b"not a site\n"))
        elif target == "foreign":
            s.files["target/notes.txt"] = b"someone else's folder\n"
            argv.append("@/target")
        else:
            argv.append(f"@/{target}")
        if c.chance(30):
            argv += [
                "--base-url",
                pick(c, ("https://support.example.com/eol", ""))
                if c.chance(70)
                else hostile_url(c, port),
            ]
    elif command == "uptime":
        # SPEC §8: an incident log (CSV or JSON Lines), and telemetry on DuckDB (never Spark here).
        if c.chance(20):
            lines = mutate_text(c, INCIDENTS).decode("utf-8", "replace").splitlines()[1:]
            keys = ("id", "service", "start", "end", "kind", "announced_at", "cause", "customers")
            log = "".join(
                json.dumps(dict(zip(keys, line.split(","), strict=False))) + "\n" for line in lines
            )
            argv += ["--incidents", path("incidents.jsonl", special_or(lambda: log.encode()))]
        else:
            argv += [
                "--incidents",
                path("incidents.csv", special_or(lambda: mutate_text(c, INCIDENTS))),
            ]
        if c.chance(40):
            argv += [
                "--telemetry",
                path("telemetry.csv", special_or(lambda: mutate_text(c, TELEMETRY))),
            ]
        if c.chance(60):
            argv += ["--year", pick(c, ("2025", "2026", "2024", "1971", "9998", "1970", "10000"))]
        if c.chance(30):
            argv += ["--service", pick(c, ("mobile", "saas"))]
        if c.chance(20):
            argv += ["--customer", pick(c, ("acme", "globex", "initech", "nobody"))]
        if c.chance(20):
            argv += ["--customers", path("customers.csv", special_or(lambda: customers_csv(c)))]
    elif command == "downtime check":
        argv += ["--service", pick(c, ("mobile", "saas"))]
        argv += ["--start", pick(c, REPORTED, 20), "--end", pick(c, REPORTED, 20)]
        if c.chance(60):
            argv += ["--announced", pick(c, REPORTED, 20)]
        if c.chance(40):
            argv += ["--regions", pick(c, ("na", "emea,apac", "india", "na,,emea", "mars"))]
    else:  # catalog fetch
        argv.append(hostile_url(c, port) if c.chance(level * 2) else good_url(port))

    # Global options, after the command (SPEC §5 allows both places).
    if c.chance(50):
        argv += ["--date", hostile_date(c) if c.chance(level) else pick(c, DATES)]
    if c.chance(15):  # issue 20
        argv += ["--color", pick(c, ("auto", "always", "never"))]
    if c.chance(30):
        offered = COMMAND_FORMATS[command]
        argv += ["--format", c.choice(FORMATS) if c.chance(level) else c.choice(offered)]
    if c.chance(35):
        kind = c.integer(0, 3)
        if kind == 0:
            argv += ["--catalog", path("cat.toml", special_or(lambda: mutate_text(c, OAS)))]
        elif kind == 1:
            argv += ["--catalog", path("cat.json", special_or(lambda: mutate_bundle(c)))]
        elif kind == 2:
            s.files["catalog/oas.toml"] = mutate_text(c, OAS)
            s.files["catalog/agent.toml"] = AGENT
            argv += ["--catalog", "@/catalog"]
        else:
            argv += ["--catalog", path("cat", c.choice(SPECIALS))]
    if c.chance(25):
        argv += ["--policy", path("policy.toml", special_or(lambda: mutate_text(c, POLICY)))]
    if command != "catalog fetch" and "--catalog" not in argv and c.chance(25):
        url = hostile_url(c, port) if c.chance(level * 2) else good_url(port)
        argv += ["--catalog-url", url]
        if c.chance(60):
            argv.append("--offline")
            body = mutate_bundle(c) if c.chance(50) else BUNDLE
            name = (
                "cache/"
                + hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]
                + ".bundle"
            )
            s.files[name] = special_or(lambda: cache_header(c, url, body))
        elif c.chance(30):
            argv.append("--require-fresh")
    if port is not None and any("127.0.0.1:" in a and "/b.json" in a for a in argv):
        s.url_path = "/b.json"
        s.reply = server_reply(c)
    if c.chance(10):
        argv += ["--timeout", c.choice(TIMEOUTS) if c.chance(level * 2) else "5"]
    uses_url = command == "catalog fetch" or "--catalog-url" in argv
    if c.chance(20 if uses_url else level // 3):
        argv += ["--catalog-sha256", c.choice((PIN, "0" * 64, "xyz", PIN.upper()))]
    if c.chance(5) and not any(name.startswith("cache/") for name in s.files):
        s.files["cache"] = c.choice(("dangling-symlink", "fifo"))
    s.stdout = c.choice(("ok",) * 12 + ("full", "closed", "broken-pipe"))
    return s


def server_reply(c: Chooser) -> dict[str, Any]:
    """What the test server answers: a hostile bundle, or a misbehaving reply."""
    kind = c.integer(0, 6)
    body = mutate_bundle(c) if c.chance(60) else BUNDLE
    if kind == 0:  # gzip although identity was asked
        return {"body": gzip.compress(body), "headers": {"Content-Encoding": "gzip"}}
    if kind == 1:  # a gzip bomb: small on the wire, huge decoded
        bomb = gzip.compress(b" " * (8 * 1024 * 1024), 9)
        return {"body": bomb, "headers": {"Content-Encoding": c.choice(("gzip", "x-gzip"))}}
    if kind == 2:  # a lying Content-Length
        return {"body": body, "declared_length": c.choice((len(body) + 10, 10**30))}
    if kind == 3:
        return {"body": body, "status": c.choice((200, 304, 500, 301, 204))}
    if kind == 4:
        return {"body": body, "headers": {"Content-Encoding": c.choice(("br", "zstd", "bogus"))}}
    if kind == 5 and c.chance(30):  # headers sent slowly: 1.5 s of them, then the reply
        return {
            "body": body,
            "trickle": 30,
            "trickle_every": 0.05,
            "status": c.choice((200, 404)),
            "trickle_bytes": c.chance(20),
        }
    etags = (
        '"v1"',
        "\xff",
        "x" * 300,
        'W/"a b"',
        '"\x1b]0;x\x07"',
        '"\xe2\x80\xae"',
    )  # the last: U+202E's UTF-8 bytes, as latin-1 sends them
    return {"body": body, "etag": c.choice(etags)}


# --- running ------------------------------------------------------------------------------------


class Hang(BaseException):
    """A call ran longer than HANG_SECONDS (a BaseException, so `main` does not catch it)."""


@dataclass(frozen=True)
class Outcome:
    """What one call did."""

    code: int | None  # None: it hung
    out: str
    err: str
    wrote: bool = True  # whether the call wrote (or tried to write) anything on stdout


class _Full(io.RawIOBase):
    """A stream on a full disk: every write fails with ENOSPC."""

    def __init__(self) -> None:
        self.tried = False  # was anything written to it?

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.tried = True
        raise OSError(errno.ENOSPC, "No space left on device")


class _Closed(io.TextIOBase):
    """A text stream that is closed: every write fails as on a closed file."""

    def __init__(self) -> None:
        self.tried = False

    def write(self, text: str) -> int:
        self.tried = True
        raise ValueError("I/O operation on closed file.")


class _BrokenPipe(io.RawIOBase):
    """A pipe whose reader went away after the first write (`eol-check … | head -1`)."""

    def __init__(self) -> None:
        self.writes = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.writes += 1
        if self.writes > 1:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")
        return len(data)


def _stdout(kind: str) -> tuple[io.TextIOBase, io.BytesIO | None, Callable[[], bool]]:
    """The stdout of a call, its bytes (when kept), and whether anything was written to it."""
    if kind == "full":
        full = _Full()
        return io.TextIOWrapper(io.BufferedWriter(full), encoding="utf-8"), None, lambda: full.tried
    if kind == "closed":
        closed = _Closed()
        return closed, None, lambda: closed.tried
    if kind == "broken-pipe":
        pipe = io.TextIOWrapper(io.BufferedWriter(_BrokenPipe(), 1), encoding="utf-8")
        return pipe, None, lambda: True
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", write_through=True)
    return stream, raw, lambda: bool(raw.getvalue())


def make_files(folder: Path, files: dict[str, bytes | str]) -> None:
    """Create each file of a scenario in `folder` (special ones as what they name)."""
    for name, payload in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(payload, bytes):
            target.write_bytes(payload)
        elif payload == "fifo":
            os.mkfifo(target)
        elif payload == "folder":
            target.mkdir()
        elif payload == "dangling-symlink":
            target.symlink_to(folder / "nowhere" / "at-all")
        elif payload == "symlink-to-fifo":
            os.mkfifo(folder / f"{target.name}.fifo")
            target.symlink_to(folder / f"{target.name}.fifo")
        elif payload == "chardev":
            _chardev(target)


def _chardev(target: Path) -> None:
    """A character device like /dev/null at `target`, where this user may make one (root); else
    a FIFO, the nearest thing."""
    try:
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        os.mkfifo(target)


def _kinds(folder: Path, files: dict[str, bytes | str]) -> dict[str, str]:
    """What each special path is now: its file type and, for a symlink, where it points."""
    result = {}
    for name, payload in files.items():
        if isinstance(payload, str):
            path = folder / name
            mode = os.lstat(path).st_mode
            link = os.readlink(path) if stat.S_ISLNK(mode) else ""
            result[name] = f"{stat.S_IFMT(mode):o} {link}"
    return result


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def run(
    s: Scenario, folder: Path, *, hang_seconds: int = HANG_SECONDS
) -> tuple[Outcome, list[str]]:
    """Call `main` for `s` with its files in `folder` (empty); return what it did and the
    problems (an empty list when it kept the contract)."""
    make_files(folder, s.files)
    before = _kinds(folder, s.files)
    argv = [a.replace("@/", f"{folder}/", 1) if a.startswith("@/") else a for a in s.argv]
    stdout, raw, wrote = _stdout(s.stdout)
    stderr = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(b"4.0.0\n4.0.1\n"), encoding="utf-8")
    saved = sys.stdout, sys.stderr, sys.stdin, os.environ.get("EOL_CHECK_CACHE_DIR")
    os.environ["EOL_CHECK_CACHE_DIR"] = str(folder / "cache")
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    code: int | None
    try:
        sys.stdout, sys.stderr, sys.stdin = stdout, stderr, stdin
        signal.alarm(hang_seconds)
        try:
            code = main(argv)
        except Hang:
            code = None
        finally:
            signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
        sys.stdout, sys.stderr, sys.stdin = saved[:3]
        if saved[3] is None:
            os.environ.pop("EOL_CHECK_CACHE_DIR", None)
        else:
            os.environ["EOL_CHECK_CACHE_DIR"] = saved[3]
    out = raw.getvalue().decode("utf-8", "replace") if raw is not None and not raw.closed else ""
    outcome = Outcome(code, out, stderr.getvalue(), wrote())
    problems = problems_of(s, outcome)
    page = folder / "out.html"  # account-report's page: data text is shown escaped there too
    if "account-report" in s.argv and code == 0 and page.is_file() and not page.is_symlink():
        shown = _RAW.search(page.read_text(encoding="utf-8", errors="replace"))
        if shown is not None:
            problems.append(f"U+{ord(shown.group()):04X} reached the page raw")
    if _kinds(folder, s.files) != before:
        problems.append("a special file was replaced")
    with contextlib.suppress(ValueError, OSError):
        stdout.close()
    return outcome, problems


def problems_of(s: Scenario, o: Outcome) -> list[str]:
    """How `o` breaks SPEC §5, if it does."""
    if o.code is None:
        return [f"no answer within {HANG_SECONDS} s"]
    problems = []
    if o.code not in ALLOWED:
        problems.append(f"exit {o.code}")
    if "Traceback" in o.err:
        problems.append("a traceback")
    lines = o.err.splitlines()
    if any(not line.startswith("eol-check:") for line in lines):
        problems.append("a stderr line that is not eol-check's")
    if o.code in (2, 3, 74):
        errors = [line for line in lines if line.startswith("eol-check: error:")]
        if len(errors) != 1 or lines[-1] != errors[0]:
            problems.append(f"exit {o.code} without exactly one error line, last")
    if s.stdout in ("full", "closed") and o.code in (0, 1) and o.wrote:
        problems.append(f"exit {o.code} though the output could not be written")
    given = [s.argv[i + 1].lower() for i, a in enumerate(s.argv[:-1]) if a == "--format"]
    if s.stdout == "ok" and o.code in (0, 1) and "junit" in given:
        from xml.etree import ElementTree

        try:  # GitLab and Jenkins read it: it must be well-formed XML, whatever the tags held
            ElementTree.fromstring(o.out)
        except ElementTree.ParseError as exc:
            problems.append(f"--format junit is not well-formed XML: {exc}")
    out = o.out
    if "always" in s.argv:  # --color always: eol-check's own colours (SGR) are not data
        out = _SGR.sub("", out)
    raw = _RAW.search(o.err) or (_RAW.search(out) if _text_output(s) else None)
    if raw is not None:
        problems.append(f"U+{ord(raw.group()):04X} reached the output raw")
    return problems


# What no text output may carry raw (issue 22): control characters but the line break, C1,
# bidi controls, line and paragraph separators, lone surrogates.
_RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _text_output(s: Scenario) -> bool:
    """Whether the scenario's stdout is text for people (text or Markdown)."""
    formats = [s.argv[i + 1].lower() for i, a in enumerate(s.argv[:-1]) if a == "--format"]
    shown = formats[-1] if formats else ("json" if s.command == "catalog export" else "text")
    return shown in ("text", "markdown") and s.command != "numbering"


@contextlib.contextmanager
def scratch() -> Iterator[Callable[[], Path]]:
    """Fresh empty folders, one per call of the yielded function, removed at the end."""
    root = Path(tempfile.mkdtemp(prefix="eol-check-fuzz-"))
    count = 0

    def fresh() -> Path:
        nonlocal count
        count += 1
        folder = root / str(count)
        folder.mkdir()
        return folder

    try:
        yield fresh
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def serving() -> Iterator[Any]:
    """A test server on 127.0.0.1 (tests/_server.py) for the scenarios' replies."""
    from ._server import BundleServer

    server = BundleServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def prepare(server: Any, s: Scenario) -> None:
    """Make `server` answer the scenario's URL path with its reply."""
    from ._server import Reply

    if s.url_path is not None and s.reply is not None:
        server.replies[s.url_path] = Reply(**s.reply)


# --- the long runner ----------------------------------------------------------------------------


def main_runner(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000, help="how many calls")
    parser.add_argument("--seed", type=int, default=None, help="the random seed (default: new)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=None,
        help="stop after this long, whatever --examples says",
    )
    parser.add_argument(
        "--report-every", type=int, default=10_000, help="print progress every N calls"
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    chooser = RandomChooser(rng)
    table: dict[str, Counter[str]] = {}
    found: list[str] = []
    started = time.monotonic()
    done = 0
    print(f"fuzz: seed {seed}, up to {args.examples:,} calls", flush=True)
    with serving() as server, scratch() as fresh:
        port = server.port
        for done in range(1, args.examples + 1):
            s = scenario(chooser, port)
            prepare(server, s)
            folder = fresh()
            outcome, problems = run(s, folder)
            shutil.rmtree(folder, ignore_errors=True)
            column = "hang" if outcome.code is None else str(outcome.code)
            table.setdefault(s.command, Counter())[column] += 1
            if problems:
                found.append(f"{'; '.join(problems)}: {s.shown()}\n    stderr: {outcome.err!r}")
                print(f"PROBLEM {found[-1]}", flush=True)
            if done % args.report_every == 0:
                print(f"fuzz: {done:,} calls, {time.monotonic() - started:,.0f} s", flush=True)
            if args.max_seconds is not None and time.monotonic() - started > args.max_seconds:
                break
    elapsed = time.monotonic() - started
    print(render(table, done, elapsed, seed, len(found)))
    return 1 if found else 0


def render(
    table: dict[str, Counter[str]], done: int, elapsed: float, seed: int, problems: int
) -> str:
    """The table of exit codes per command, as printed at the end of a run."""
    columns = sorted(
        {col for counts in table.values() for col in counts},
        key=lambda col: (not col.isdigit(), int(col) if col.isdigit() else 0),
    )
    width = max([len(name) for name in table] + [7])
    lines = [
        f"{done:,} calls in {elapsed:,.0f} s (seed {seed}); {problems} problem(s)",
        f"{'command':<{width}}"
        + "".join(f"{'exit ' + col:>12}" for col in columns)
        + f"{'total':>12}",
    ]
    for name in sorted(table):
        counts = table[name]
        lines.append(
            f"{name:<{width}}"
            + "".join(f"{counts[col]:>12,}" for col in columns)
            + f"{sum(counts.values()):>12,}"
        )
    total: Counter[str] = Counter()
    for counts in table.values():
        total.update(counts)
    lines.append(
        f"{'all':<{width}}"
        + "".join(f"{total[col]:>12,}" for col in columns)
        + f"{sum(total.values()):>12,}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main_runner())
