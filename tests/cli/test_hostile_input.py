"""Every class of hostile input that once ended in exit 70 (or worse), as a named regression test.

SPEC §5: no input — argument, file, cache file, server reply — may produce 70; output that cannot
be written is 74; data out of range is refused where it is read, naming the key (exit 3), and
input out of range is exit 2. Misbehaving servers are real servers on 127.0.0.1, bounded by
events (a reply that never comes until the test ends), never by short timeouts.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

import pytest

from eol_check import remote
from eol_check._data import data_dir
from eol_check.bundle import bundle_from_catalog, dumps_bundle
from eol_check.catalog import load_catalog
from eol_check.errors import CatalogError
from eol_check.policy import load_policy

from .._server import BundleServer, Reply, server
from ..conftest import RunCli

__all__ = ["server"]  # the fixture, imported for pytest

STAMP = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
STATUS = ("status", "oas", "6.0.2", "--date", "2026-11-21", "--format", "json")
OAS = (data_dir() / "catalog" / "oas.toml").read_text(encoding="utf-8")
POLICY = (data_dir() / "policy.toml").read_text(encoding="utf-8")
#: A bound for subprocesses that must not hang: far above any real run, only a backstop.
BACKSTOP = 120


def _bundle_doc() -> dict[str, object]:
    catalog = load_catalog(data_dir() / "catalog")
    return bundle_from_catalog(catalog, load_policy(data_dir() / "policy.toml"), STAMP)


BUNDLE = dumps_bundle(_bundle_doc()).encode("utf-8")


def _bundle_with_eol(day: str) -> bytes:
    doc = _bundle_doc()
    products = doc["products"]
    assert isinstance(products, list)
    oas = next(p for p in products if p["id"] == "oas")
    oas["eol"]["6.0"] = day
    return dumps_bundle(doc).encode("utf-8")


def _one_error(err: str) -> str:
    """The single line of an error exit, checked to be one line and no traceback."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("eol-check: error: "), err
    return lines[0].removeprefix("eol-check: error: ")


def _eol_check(
    *argv: str, stdout: int | IO[bytes] = subprocess.PIPE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """eol-check in a child process (for what only a real process has: fds, FIFOs, /dev/full)."""
    return subprocess.run(
        [sys.executable, "-m", "eol_check", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=BACKSTOP,
        check=False,
    )


# --- 1. a catalog with an End of Life in year 9999 ----------------------------------------------


def test_year_9999_eol_is_refused_at_load_with_its_key_path(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "oas.toml"
    # The rest of the [eol] line becomes a comment.
    path.write_text(OAS.replace("[eol]", '[eol]\n"6.0" = 9999-12-31\n#', 1), encoding="utf-8")
    expected = (
        f'{path}: eol."6.0": expected a date from 1900-01-01 to 2999-12-31, got the date 9999-12-31'
    )
    r = run_cli(*STATUS, "--catalog", str(path))
    assert (r.code, r.out, _one_error(r.err)) == (3, "", expected)
    # catalog validate says so too, as an invalid catalog (exit 1), instead of passing it.
    r = run_cli("catalog", "validate", str(path), "--format", "json")
    assert r.code == 1
    assert [f["message"] for f in json.loads(r.out)["findings"]] == [expected]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "3000-01-01", "1899-12-31"])
def test_a_bundle_with_a_date_out_of_range_is_refused_with_its_key_path(
    run_cli: RunCli, tmp_path: Path, day: str
) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(_bundle_with_eol(day))
    r = run_cli(*STATUS, "--catalog", str(path))
    index = [p["id"] for p in json.loads(BUNDLE)["products"]].index("oas")
    assert (r.code, _one_error(r.err)) == (
        3,
        f'{path}: products[{index}].eol."6.0": {day} is outside the dates eol-check handles '
        "(1900-01-01 to 2999-12-31)",
    )


def test_catalog_fetch_never_caches_a_year_9999_bundle(
    run_cli: RunCli, server: BundleServer
) -> None:
    url = server.serve("/b.json", Reply(_bundle_with_eol("9999-12-31")))
    r = run_cli("catalog", "fetch", url, "--timeout", "60")
    assert r.code == 3
    assert "9999-12-31 is outside the dates eol-check handles" in _one_error(r.err)
    assert remote.read_cache(remote.cache_dir(), url) == (None, None)
    # Every later run, offline too, answers from the embedded data.
    r = run_cli(*STATUS, "--catalog-url", url, "--offline")
    assert (r.code, json.loads(r.out)["status"]) == (0, "current")


def test_a_cached_year_9999_bundle_is_not_used_offline(run_cli: RunCli) -> None:
    # A cache written by an older eol-check that accepted the bundle: no longer trusted.
    url = "http://127.0.0.1:9/b.json"
    body = _bundle_with_eol("9999-12-31")
    copy = remote.CachedBundle(url, None, STAMP, hashlib.sha256(body).hexdigest(), body)
    assert remote.write_cache(remote.cache_dir(), copy) is None
    r = run_cli(*STATUS, "--catalog-url", url, "--offline")
    assert (r.code, json.loads(r.out)["status"]) == (0, "current")
    assert "9999-12-31 is outside the dates eol-check handles" in r.err
    assert len(r.err.splitlines()) == 1


# --- 2. damaged cache files ---------------------------------------------------------------------


def _cache_path(url: str) -> Path:
    folder = remote.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".bundle")


def _header(url: str, **changes: object) -> bytes:
    meta: dict[str, object] = {
        "format": "eol-check-cache/1",
        "url": url,
        "etag": None,
        "fetched_at": "2026-11-20T12:00:00+00:00",
        "sha256": hashlib.sha256(BUNDLE).hexdigest(),
        "size": len(BUNDLE),
    }
    meta.update(changes)
    return json.dumps(meta).encode() + b"\n"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        pytest.param(
            {"fetched_at": "0001-01-01T00:00:00+14:00"},
            "fetched_at: 0001-01-01 is outside the dates eol-check handles "
            "(1900-01-01 to 2999-12-31)",
            id="fetched-at-year-1",
        ),
        pytest.param(
            {"fetched_at": "9999-12-31T23:59:59-12:00"},
            "fetched_at: 9999-12-31 is outside the dates eol-check handles "
            "(1900-01-01 to 2999-12-31)",
            id="fetched-at-year-9999",
        ),
        pytest.param(b"[" * 100_000, "not an eol-check cache file", id="header-100000-brackets"),
        pytest.param(b"[" * 50_000, "its header is nested too deeply", id="nested-header"),
        pytest.param({"size": 10**400}, "its body does not match its checksum", id="huge-size"),
        pytest.param({"size": True}, "its body does not match its checksum", id="bool-size"),
        pytest.param({"etag": "a\nb"}, "bad etag", id="etag-newline"),
        pytest.param({"etag": ["x"]}, "bad etag", id="etag-list"),
        pytest.param({"fetched_at": 5}, "bad fetched_at", id="fetched-at-number"),
        pytest.param({"sha256": None}, "bad sha256", id="sha256-null"),
        # (Python versions word the rest of this message differently)
        pytest.param(b"9" * 5000, "Exceeds the limit (4300", id="huge-number"),
    ],
)
def test_a_damaged_cache_header_means_no_cache(
    run_cli: RunCli, header: dict[str, object] | bytes, reason: str
) -> None:
    url = "http://127.0.0.1:9/b.json"
    path = _cache_path(url)
    first = header if isinstance(header, bytes) else _header(url, **header)
    path.write_bytes(first.rstrip(b"\n") + b"\n" + BUNDLE)
    r = run_cli(*STATUS, "--catalog-url", url, "--offline")
    assert (r.code, json.loads(r.out)["status"]) == (0, "current")  # the embedded catalog
    assert r.err.startswith(
        f"eol-check: --offline and no usable cached copy ({path.name} is damaged ({reason}"
    )
    assert len(r.err.splitlines()) == 1


def test_a_fifo_at_the_cache_path_does_not_hang_offline(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/b.json"
    cache = tmp_path / "cache"
    cache.mkdir()
    fifo = cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".bundle")
    os.mkfifo(fifo)
    env = {**os.environ, "EOL_CHECK_CACHE_DIR": str(cache)}
    done = _eol_check(*STATUS, "--catalog-url", url, "--offline", env=env)
    assert done.returncode == 0
    assert json.loads(done.stdout)["status"] == "current"
    assert done.stderr.decode() == (
        f"eol-check: --offline and no usable cached copy (cannot read {fifo}: not a regular "
        f"file (a FIFO)) of the catalog from {url}; using the embedded catalog of eol-check "
        "0.1.0\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_as_the_catalog_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.toml"
    os.mkfifo(fifo)
    done = _eol_check(*STATUS, "--catalog", str(fifo))
    assert (done.returncode, done.stdout) == (3, b"")
    assert done.stderr.decode() == (
        f"eol-check: error: {fifo}: cannot be read: not a regular file (a FIFO)\n"
    )


def test_a_dangling_symlink_cache_folder_is_explained(
    run_cli: RunCli, server: BundleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "cache-link"
    link.symlink_to(tmp_path / "gone" / "cache")
    monkeypatch.setenv("EOL_CHECK_CACHE_DIR", str(link))
    url = server.serve("/b.json", Reply(BUNDLE))
    r = run_cli("catalog", "fetch", url, "--timeout", "60")
    assert (r.code, _one_error(r.err)) == (
        3,
        f"fetched {url}, but cannot write the cache in {link}: it is a symbolic link to "
        f"{tmp_path / 'gone' / 'cache'}, which does not exist",
    )
    # Any other command still answers, from the fetched bundle, and says it is not kept.
    r = run_cli(*STATUS, "--catalog-url", url, "--timeout", "60")
    assert r.code == 0
    assert r.err.endswith("which does not exist: the fetched catalog is used but not kept\n")


# --- 3. catalog export -o replaces only regular files -------------------------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "chardev":
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers
        except PermissionError:
            pytest.skip("making a character device needs root")
    elif kind == "symlink-to-fifo":
        os.mkfifo(tmp_path / "fifo")
        path.symlink_to(tmp_path / "fifo")
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("fifo", "not a regular file (a FIFO)"),
        ("chardev", "not a regular file (a character device)"),
        ("symlink-to-fifo", "not a regular file (a FIFO)"),
        ("folder", "is a folder"),
    ],
)
def test_export_never_replaces_what_is_not_a_regular_file(
    run_cli: RunCli, tmp_path: Path, kind: str, reason: str
) -> None:
    target = _special(tmp_path, kind)
    before = os.lstat(target)
    r = run_cli("catalog", "export", "-o", str(target))
    assert (r.code, r.out, _one_error(r.err)) == (
        74,
        "",
        f"--output {target}: cannot write it: {reason}",
    )
    after = os.lstat(target)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (
        stat.S_IFMT(before.st_mode),
        before.st_ino,
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_through_a_symlink_replaces_the_file_it_names(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STAMP.timestamp())))
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    r = run_cli("catalog", "export", "-o", str(link))
    assert (r.code, r.out, r.err) == (0, "", "")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == BUNDLE


def test_export_dash_is_stdout(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STAMP.timestamp())))
    r = run_cli("catalog", "export", "-o", "-")
    assert (r.code, r.out.encode(), r.err) == (0, BUNDLE, "")


# --- 4. output that cannot be written -----------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "argv",
    [
        STATUS,
        ("classify", "4.2.0", "4.2.1"),
        ("catalog", "export"),
        ("report", str(Path(__file__).parent.parent.parent / "examples" / "customers.csv")),
    ],
)
def test_a_full_disk_is_exit_74_with_one_line(argv: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = _eol_check(*argv, stdout=full)
    assert done.returncode == 74
    assert done.stderr.decode() == (
        "eol-check: error: cannot write the output: No space left on device\n"
    )


def test_a_closed_stdout_is_exit_74_with_one_line() -> None:
    done = subprocess.run(
        f'"{sys.executable}" -m eol_check classify 4.2.0 4.2.1 >&-',
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        timeout=BACKSTOP,
        check=False,
    )
    assert (done.returncode, done.stderr.decode()) == (
        74,
        "eol-check: error: cannot write the output: there is no standard output (closed)\n",
    )


def test_export_to_a_full_disk_is_exit_74_and_keeps_the_old_file(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bundle.json"
    out.write_text("the previous export\n")

    def full(fd: int) -> None:  # the data reaches the disk at fsync, and does not fit
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    r = run_cli("catalog", "export", "--output", str(out))
    assert (r.code, _one_error(r.err)) == (
        74,
        f"--output {out}: cannot write it: No space left on device",
    )
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.json"]


# --- 5. deeply nested TOML ----------------------------------------------------------------------

NESTED = "x = " + "[" * 500 + "]" * 500 + "\n"


def test_deeply_nested_catalog_policy_and_customers_are_refused(
    run_cli: RunCli, tmp_path: Path
) -> None:
    catalog = tmp_path / "oas.toml"
    catalog.write_text(NESTED + OAS, encoding="utf-8")
    r = run_cli(*STATUS, "--catalog", str(catalog))
    assert (r.code, _one_error(r.err)) == (
        3,
        f"{catalog}: invalid TOML: nested more than 100 levels deep",
    )
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY + "y = " + "{a=" * 500 + "}" * 500 + "\n", encoding="utf-8")
    r = run_cli(*STATUS, "--policy", str(policy))
    assert (r.code, _one_error(r.err)) == (
        3,
        f"{policy}: invalid TOML: nested more than 100 levels deep",
    )
    customers = tmp_path / "customers.toml"
    customers.write_text(NESTED, encoding="utf-8")
    r = run_cli("report", str(customers))
    assert (r.code, _one_error(r.err)) == (
        2,
        f"{customers}: invalid TOML: nested more than 100 levels deep",
    )


def test_nesting_inside_strings_and_comments_does_not_count(tmp_path: Path) -> None:
    catalog = tmp_path / "oas.toml"
    catalog.write_text(
        OAS.replace('name = "', 'name = "' + "[" * 200, 1) + "# " + "{" * 200 + "\n",
        encoding="utf-8",
    )
    assert load_catalog(catalog).products[0].name.startswith("[" * 200)


# --- 6. numbers and dates out of range ----------------------------------------------------------


@pytest.mark.parametrize("days", ["2932897", "10101010101010101010", "36501"])
def test_report_horizon_out_of_range_is_exit_2(run_cli: RunCli, tmp_path: Path, days: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text("customer,product,version\nacme,oas,6.0.2\n", encoding="utf-8")
    r = run_cli("report", str(path), "--horizon", days)
    assert (r.code, _one_error(r.err)) == (
        2,
        f"report: argument --horizon: {days!r} is not a number of days from 0 to "
        "36500, e.g. 90 (see 'eol-check report --help')",
    )


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("9999-12-31T23:59:59-12:00", "9999-12-31"),
        ("0001-01-01T00:00:00+14:00", "0001-01-01"),
        ("3000-01-01T00:00:00Z", "3000-01-01"),
    ],
)
def test_check_reported_at_out_of_range_is_exit_2(run_cli: RunCli, moment: str, day: str) -> None:
    r = run_cli("check", "oas", "6.0.2", "-s", "2", "--reported-at", moment)
    assert (r.code, _one_error(r.err)) == (
        2,
        f"--reported-at {moment!r}: {day} is outside the dates eol-check handles "
        "(1900-01-01 to 2999-12-31)",
    )


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_date_out_of_range_is_exit_2(run_cli: RunCli, day: str) -> None:
    r = run_cli("status", "oas", "--date", day)
    assert (r.code, _one_error(r.err)) == (
        2,
        f"--date {day} is outside the dates eol-check handles (1900-01-01 to 2999-12-31)",
    )


@pytest.mark.parametrize(
    ("value", "shown"), [("inf", "inf"), ("1e300", "1e+300"), ("nan", "nan"), ("10001", "10001")]
)
def test_policy_hours_must_be_finite_and_bounded(
    run_cli: RunCli, tmp_path: Path, value: str, shown: str
) -> None:
    path = tmp_path / "policy.toml"
    text = POLICY.replace("response_hours = 2 ", f"response_hours = {value} ", 1)
    assert text != POLICY
    path.write_text(text, encoding="utf-8")
    r = run_cli("check", "oas", "6.0.2", "-s", "1", "--policy", str(path))
    assert (r.code, _one_error(r.err)) == (
        3,
        f"{path}: severities.S1.response_hours: expected a number from 0 to 10000, got {shown}",
    )


def test_policy_months_are_bounded(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    text = POLICY.replace("upgrade_window_months = 12", "upgrade_window_months = 99999999", 1)
    path.write_text(text, encoding="utf-8")
    r = run_cli(*STATUS, "--policy", str(path))
    assert (r.code, _one_error(r.err)) == (
        3,
        f"{path}: lifecycle.upgrade_window_months: expected an integer from 0 to 1200, "
        "got 99999999",
    )


def test_a_policy_region_open_one_second_a_week_is_a_policy_error(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # Bounded hours on a clock that barely runs would end after year 9999: the policy's fault.
    path = tmp_path / "policy.toml"
    text = POLICY.replace(
        "opens = 08:00:00\ncloses = 20:00:00", "opens = 08:00:00\ncloses = 08:00:01", 1
    )
    text = text.replace('workdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]', 'workdays = ["Mon"]', 1)
    text = text.replace("response_hours = 3 ", "response_hours = 10000 ", 1)
    path.write_text(text, encoding="utf-8")
    r = run_cli(
        "check",
        "oas",
        "6.0.2",
        "-s",
        "2",
        "--region",
        "na",
        "--policy",
        str(path),
        "--reported-at",
        "2026-11-20T17:00:00Z",
    )
    assert (r.code, _one_error(r.err)) == (
        3,
        "S2: a target of 10000 business hours in region na (0.000277778 support hours a week) "
        "ends after year 9999",
    )


@pytest.mark.parametrize("seconds", ["1e308", "inf", "3601"])
def test_timeout_out_of_range_is_exit_2(run_cli: RunCli, seconds: str) -> None:
    r = run_cli(*STATUS, "--timeout", seconds)
    assert (r.code, _one_error(r.err)) == (
        2,
        f"status: argument --timeout: {seconds!r} is not a number of seconds above 0 "
        "and at most 3600, e.g. 5 (see 'eol-check status --help')",
    )


# --- 7. bad catalog URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "what"),
    [
        ("\n", "the control character U+000A"),
        ("\x00", "the control character U+0000"),
        ("\udcff", "a byte that is not UTF-8"),  # an argument's byte that is not UTF-8
        (" x", "a space (write it %20)"),
    ],
)
def test_bad_catalog_urls_are_exit_2_before_the_network(
    run_cli: RunCli, server: BundleServer, tail: str, what: str
) -> None:
    base = server.url("/b.json")
    url = base + tail
    for argv in (("catalog", "fetch", url), (*STATUS, "--catalog-url", url)):
        r = run_cli(*argv)
        assert r.code == 2
        assert _one_error(r.err).endswith(
            f" is not a valid URL: it holds {what} at position {len(base) + 1}"
        )
    assert server.requests == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (
            "https://example.com/b\udcff",
            "is not a valid URL: it holds a byte that is not UTF-8 at position 22",
        ),
        (
            "https://example.com/a b",
            "is not a valid URL: it holds a space (write it %20) at position 22",
        ),
        (
            "http://[::1",
            "is not a web address: give one like https://support.example.com/lifecycle",
        ),
    ],
)
def test_a_bad_publish_base_url_is_exit_2(
    run_cli: RunCli, tmp_path: Path, url: str, problem: str
) -> None:
    r = run_cli("catalog", "publish", str(tmp_path / "site"), "--base-url", url)
    assert (r.code, _one_error(r.err)) == (2, f"--base-url {url!r} {problem}")
    assert not (tmp_path / "site").exists()


def test_a_65536_character_url_is_exit_2(run_cli: RunCli, server: BundleServer) -> None:
    url = server.url("/" + "a" * 65_536)
    r = run_cli("catalog", "fetch", url)
    assert r.code == 2
    assert _one_error(r.err).endswith("...' is longer than 8192 characters: not a web address")
    assert server.requests == []


# --- 8. misbehaving servers: gzip, lying lengths, huge and slow bodies --------------------------


def test_gzip_although_identity_was_asked_is_decoded(run_cli: RunCli, server: BundleServer) -> None:
    url = server.serve(
        "/b.json", Reply(gzip.compress(BUNDLE), headers={"Content-Encoding": "gzip"})
    )
    r = run_cli("catalog", "fetch", url, "--timeout", "60", "--format", "json")
    assert r.code == 0
    assert json.loads(r.out)["sha256"] == hashlib.sha256(BUNDLE).hexdigest()
    assert server.requests[-1].headers["Accept-Encoding"] == "identity"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        pytest.param(
            Reply(gzip.compress(b" " * (64 * 2**20), 9), headers={"Content-Encoding": "gzip"}),
            "the bundle is larger than the 5 MiB limit once decoded",
            id="gzip-bomb",
        ),
        pytest.param(
            Reply(BUNDLE, headers={"Content-Encoding": "br"}),
            "the server sent the bundle br-encoded, which eol-check does not decode (it asked "
            "for identity)",
            id="brotli",
        ),
        pytest.param(
            Reply(b"\x1f\x8b\x08garbage", headers={"Content-Encoding": "gzip"}),
            "broken gzip encoding: Error -3 while decompressing data: unknown header flags set",
            id="bad-gzip",
        ),
        pytest.param(
            Reply(gzip.compress(BUNDLE)[:100], headers={"Content-Encoding": "gzip"}),
            "broken gzip encoding: the body ends too early",
            id="truncated-gzip",
        ),
        pytest.param(
            Reply(BUNDLE, declared_length=6 * 2**20),
            "the bundle is 6291456 bytes, more than the 5 MiB limit",
            id="content-length-huge",
        ),
        pytest.param(
            Reply(BUNDLE[:100], declared_length=len(BUNDLE)),
            "broken response: peer closed connection without sending complete message body "
            f"(received 100 bytes, expected {len(BUNDLE)})",
            id="content-length-lies",
        ),
        pytest.param(
            Reply(endless=True), "the bundle is larger than the 5 MiB limit", id="endless"
        ),
        # The server answers only when the test stops it: the timeout always fires first.
        pytest.param(Reply(BUNDLE, delay=3600), "timed out after 1 s", id="slow"),
    ],
)
def test_a_misbehaving_server_never_replaces_the_cache(
    run_cli: RunCli, server: BundleServer, reply: Reply, reason: str
) -> None:
    url = server.serve("/b.json", Reply(BUNDLE))
    assert run_cli("catalog", "fetch", url, "--timeout", "60").code == 0
    path = _cache_path(url)
    kept = path.read_bytes()
    server.serve("/b.json", reply)
    timeout = "1" if reply.delay else "60"
    r = run_cli("catalog", "fetch", url, "--timeout", timeout)
    assert (r.code, r.out, _one_error(r.err)) == (3, "", f"cannot fetch {url}: {reason}")
    r = run_cli(*STATUS, "--catalog-url", url, "--timeout", timeout)
    assert (r.code, json.loads(r.out)["status"]) == (0, "current")
    assert r.err.startswith(
        f"eol-check: catalog from {url} unavailable ({reason}); using the cached copy fetched"
    )
    assert path.read_bytes() == kept


# --- 9. smaller: NUL in paths, leftover temporary files -----------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (("status", "oas", "--catalog", "a\0b.toml"), 3, "a\\x00b.toml: no such file or folder"),
        (
            ("status", "oas", "--catalog", "a\0b.json"),
            3,
            "a\\x00b.json: cannot be read: the path contains a NUL character",
        ),
        (
            ("status", "oas", "--policy", "a\0b"),
            3,
            "a\\x00b: cannot be read: the path contains a NUL character",
        ),
        (
            ("report", "a\0b.csv"),
            2,
            "a\\x00b.csv: cannot be read: the path contains a NUL character",
        ),
        (
            ("numbering", "--file", "a\0b"),
            2,
            "--file 'a\\x00b': cannot be read: the path contains a NUL character",
        ),
        (
            ("catalog", "export", "-o", "a\0b"),
            74,
            "--output a\\x00b: cannot write it: the path contains a NUL character",
        ),
    ],
)
def test_nul_in_a_path_is_one_clear_line(
    run_cli: RunCli, argv: tuple[str, ...], code: int, message: str
) -> None:
    r = run_cli(*argv)  # the NUL itself is shown escaped, as every control character is
    assert (r.code, _one_error(r.err)) == (code, " ".join(message.split()))


def test_leftover_temporary_files_of_killed_writes_are_removed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # A writer that was killed between writing and renaming: its process no longer exists.
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        check=True,
        timeout=BACKSTOP,
    )
    dead = int(gone.stdout)
    out = tmp_path / "bundle.json"
    leftover = tmp_path / f".bundle.json.{dead}.abc123.tmp"
    leftover.write_text("half")
    mine = tmp_path / f".bundle.json.{os.getpid()}.def456.tmp"  # a writer still at work
    mine.write_text("in progress")
    other = tmp_path / f".other.json.{dead}.abc123.tmp"  # another file's: not ours to judge
    other.write_text("half")
    assert run_cli("catalog", "export", "-o", str(out)).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["bundle.json", mine.name, other.name]
    )


def test_the_cache_reader_is_a_library_answer_too(tmp_path: Path) -> None:
    # The library call behind every command: a damaged cache is (None, reason), never a raise.
    url = "http://127.0.0.1:9/b.json"
    folder = tmp_path / "cache"
    folder.mkdir()
    name = hashlib.sha256(url.encode()).hexdigest()[:32] + ".bundle"
    (folder / name).write_bytes(b"[" * 50_000 + b"\n" + BUNDLE)
    copy, problem = remote.read_cache(folder, url)
    assert (copy, problem) == (None, f"{name} is damaged (its header is nested too deeply)")


def test_a_bundle_nested_too_deeply_is_a_catalog_error() -> None:
    from eol_check.bundle import loads_bundle

    with pytest.raises(CatalogError, match=r"b\.json: not JSON: nested too deeply"):
        loads_bundle(b"[" * 100_000, "b.json")


# --- 10. report: a bad row is that row's error; the run goes on and loses nothing -------------

REPORT_HEADER = "customer,product,version,region,tier,start,end,paid_up\n"


def _report_rows(run_cli: RunCli, path: Path) -> tuple[int, list[dict[str, object]], str]:
    r = run_cli("report", str(path), "--date", "2026-11-21", "--format", "json")
    return r.code, [json.loads(line) for line in r.out.splitlines()], r.err


def test_a_bad_byte_deep_in_a_report_is_one_error_row(run_cli: RunCli, tmp_path: Path) -> None:
    # Far past the first blocks the report reads (about 512 KiB each): nothing before or after
    # the bad line is lost.
    row = "customer {},oas,6.0.2,na,L1,2025-01-01,2027-12-31,yes\n"
    good = [row.format(i).encode() for i in range(40_000)]
    bad = 30_000
    good[bad - 2] = b"Z\xfcrich,oas,6.0.2,na,L1,2025-01-01,2027-12-31,yes\n"  # line `bad`
    path = tmp_path / "customers.csv"
    path.write_bytes(REPORT_HEADER.encode() + b"".join(good))
    code, rows, err = _report_rows(run_cli, path)
    assert code == 1
    assert len(rows) == 40_000
    errors = [(i, row) for i, row in enumerate(rows, start=2) if row["status"] == "error"]
    assert [i for i, _ in errors] == [bad]
    assert errors[0][1]["error"] == (
        f"{path}:{bad}: not UTF-8 text (byte 0xfc at offset 1); save it as UTF-8"
    )
    assert rows[-1]["customer"] == "customer 39999"
    assert err.splitlines() == [
        f"eol-check: {path}:{bad}: not UTF-8 text (byte 0xfc at offset 1); save it as UTF-8",
        "eol-check: 1 of 40,000 rows could not be read (status error in the report)",
    ]


def test_a_broken_quote_is_one_error_row_and_the_lines_it_swallowed_are_read(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(
        REPORT_HEADER
        + "acme,oas,6.0.2\n"
        + '"broken,oas,6.0.2\n'  # opens a quote that the csv module reads on through
        + "globex,oas,5.1.2\n"
        + "initech,oas,5.0.3\n"
        + 'q,"x"y,6.0.2\n'  # … to this quote, which it refuses
        + "last,oas,4.3.2\n",
        encoding="utf-8",
    )
    code, rows, err = _report_rows(run_cli, path)
    assert code == 1
    assert [(row["customer"], row["status"]) for row in rows] == [
        ("acme", "current"),
        (None, "error"),
        ("globex", "supported"),
        ("initech", "supported"),
        (None, "error"),
        ("last", "support-tail"),
    ]
    assert [line.split(": not valid CSV")[0] for line in err.splitlines()[:2]] == [
        f"eol-check: {path}:3",
        f"eol-check: {path}:6",
    ]


def test_a_bad_byte_inside_a_quoted_value_is_reported(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(
        REPORT_HEADER.encode() + b'"two\nline\xff name",oas,6.0.2\n' + b"after,oas,6.0.2\n"
    )
    code, rows, err = _report_rows(run_cli, path)
    assert code == 1
    statuses = [(row["customer"], row["status"]) for row in rows]
    assert ("after", "current") in statuses
    assert f"{path}:3: not UTF-8 text (byte 0xff at offset 4)" in err


def test_report_piped_into_head_exits_1_after_bad_rows(tmp_path: Path) -> None:
    # `eol-check report … | head -1`: the reader goes away; the run stops reading and ends with
    # the exit code of what it read: 1, since a bad row came before.
    path = tmp_path / "customers.csv"
    rows = [f"customer {i},oas,6.0.2\n" for i in range(200_000)]
    rows[1] = "bad,oas,not a version\n"
    path.write_text("customer,product,version\n" + "".join(rows), encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "eol_check", "report", str(path), "--date", "2026-11-21"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None
        assert child.stderr is not None
        child.stdout.readline()  # head -1
        child.stdout.close()
        err = child.stderr.read().decode()
        assert child.wait(timeout=BACKSTOP) == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"eol-check: {path}:3: version: ")
    # It stopped early: far fewer rows were read than the file has.
    assert lines[-1].startswith("eol-check: 1 of ")
    read = int(lines[-1].split(" of ")[1].split(" row")[0].replace(",", ""))
    assert read < 200_000


def test_text_stdout_cannot_encode_is_written_with_escapes() -> None:
    # A stdout that only knows ASCII (a misconfigured terminal or pipe): the answer is still
    # given, its other characters written as backslash escapes, never a crash.
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = _eol_check("classify", "4.2.0", "4.2.1", env=env)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        b"4.2.0 \\u2192 4.2.1: Maintenance Release (\\xa71.7)\n",
        b"",
    )
