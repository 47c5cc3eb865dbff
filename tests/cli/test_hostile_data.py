"""Hostile data and hostile hosts (issue 22): what reaches the people who run or read eol-check.

Each test is named for the way data or a host could hurt: terminal escapes and bidi overrides in
names, forged lines, live Markdown, spreadsheet formulas, characters a file cannot hold, ids that
collide with the published site, credentials in URLs, slow servers. Servers are real servers on
127.0.0.1, their slowness bounded by events, never by timing assertions.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from eol_check import __version__
from eol_check._data import data_dir
from eol_check._format import printable
from eol_check.catalog import load_catalog
from eol_check.policy import load_policy

from .._server import BundleServer, Reply, server
from ..conftest import RunCli

__all__ = ["server"]  # the fixture, imported for pytest

OAS = (data_dir() / "catalog" / "oas.toml").read_text(encoding="utf-8")
DATE = ("--date", "2026-11-21")
ON = date(2026, 11, 21)
AT = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)

#: A name that would set the terminal's title (OSC), turn the screen red (CSI) and reverse what
#: follows (U+202E): each must be shown escaped.
HOSTILE_NAME = "Octo\x1b]0;pwned\x07\x1b[31m \u202eServer"
RAW = ("\x1b", "\x07", "\u202e")


def _catalog(tmp_path: Path, name: str = HOSTILE_NAME, product_id: str = "oas") -> Path:
    text = OAS.replace('name = "Octopus Authentication Server"', f"name = {json.dumps(name)}")
    text = text.replace('id = "oas"', f"id = {json.dumps(product_id)}")
    path = tmp_path / "cat.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _no_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the output raw: {text!r}"


# --- the one escaping function ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Acme Corp", "Acme Corp"),
        ("Zürich AG", "Zürich AG"),
        ("שלום", "שלום"),  # right-to-left text itself is text
        ("a\x1b]0;x\x07b", "a\\x1b]0;x\\x07b"),
        ("a\nENTITLED (full)", "a\\nENTITLED (full)"),
        ("tab\there\r", "tab\\there\\r"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("\u2066x\u2069 \u200f", "\\u2066x\\u2069 \\u200f"),
        ("\x85\x9b31m", "\\x85\\x9b31m"),
        ("\u2028", "\\u2028"),
        ("\udcff", "\\udcff"),
        ("\x7f", "\\x7f"),
    ],
)
def test_printable_escapes_control_and_bidi_characters(value: str, shown: str) -> None:
    assert printable(value) == shown


# --- 12. terminal escapes and forged lines in text output ---------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("status", "oas"),
        ("status", "oas", "6.0.2"),
        ("products",),
        ("check", "oas", "6.0.2", "--severity", "S2"),
        ("check", "oas", "6.0.2", "--severity", "S2", "--format", "markdown"),
        ("catalog", "validate"),
    ],
)
def test_terminal_escapes_in_a_catalog_name_are_shown_escaped(
    run_cli: RunCli, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    catalog = _catalog(tmp_path)
    result = run_cli(*argv, "--catalog", str(catalog), *DATE)
    assert result.code in (0, 1), result.err
    _no_raw(result.out + result.err)
    if "markdown" in argv:  # Markdown's own escapes on top: \\ shows \, \] shows ]
        assert "Octo\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[31m \\\\u202eServer" in result.out
    elif argv[0] != "catalog":
        assert "Octo\\x1b]0;pwned\\x07\\x1b[31m \\u202eServer" in result.out


def test_a_newline_in_a_customer_name_cannot_forge_a_verdict_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "customer,product,version,region,tier,start,end,paid_up\n"
        '"Evil\nENTITLED (full): Octopus Authentication Server 3.0.0, S1",oas,4.0.2,na,L1,'
        "2025-01-01,2027-12-31,yes\n",
        encoding="utf-8",
    )
    name = "Evil\nENTITLED (full): Octopus Authentication Server 3.0.0, S1"
    result = run_cli(
        "check",
        "oas",
        "4.0.2",
        "--severity",
        "S1",
        "--customers",
        str(customers),
        "--customer",
        name,
        *DATE,
    )
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("NOT ENTITLED: ")
    assert not any(line.startswith("ENTITLED") for line in lines)
    assert lines[1].startswith(
        "Customer: Evil\\nENTITLED (full): Octopus Authentication Server 3.0.0, S1: contract "
    )


def test_report_text_shows_control_characters_in_customer_names_escaped(
    run_cli: RunCli, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(
        'customer,product,version\n"Bad\x1b]8;;https://evil.example\x07Co\u202e",oas,6.0.2\n',
        encoding="utf-8",
    )
    result = run_cli("report", str(customers), *DATE)
    assert result.code == 0, result.err
    _no_raw(result.out)
    assert result.out.splitlines()[1].startswith(
        "Bad\\x1b]8;;https://evil.example\\x07Co\\u202e  oas"
    )


def test_an_etag_from_the_server_is_shown_escaped(run_cli: RunCli, server: BundleServer) -> None:
    from tests.fuzz import BUNDLE

    # U+202E in UTF-8 (the server sends header bytes; httpx reads them as UTF-8).
    url = server.serve("/b.json", Reply(BUNDLE, etag='"\xe2\x80\xaegnp.exe"'))
    result = run_cli("catalog", "fetch", url)
    assert result.code == 0, result.err
    _no_raw(result.out)
    assert result.out.startswith(f"fetched {url} (3 products, ")
    assert ', ETag "\\u202egnp.exe")\n' in result.out


# --- 13. Markdown: every value on its line, and inert -------------------------------------------


def test_markdown_keeps_a_name_on_its_line_and_its_links_and_mentions_inert(
    run_cli: RunCli, tmp_path: Path
) -> None:
    name = "Octopus\n---\n- @security-team see https://evil.example/x and www.evil.example"
    catalog = _catalog(tmp_path, name)
    result = run_cli(
        "check",
        "oas",
        "6.0.2",
        "--severity",
        "S2",
        "--format",
        "markdown",
        "--catalog",
        str(catalog),
        *DATE,
    )
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert first == (
        "**ENTITLED (full): Octopus\\\\n---\\\\n- `@security-team` see "
        "`https://evil.example/x` and `www.evil.example` 6.0.2, S2 (High), on 2026-11-21**"
    )
    assert "\n---" not in result.out.replace("|---", "")
    assert not any(line.startswith("- @") for line in result.out.splitlines())


# --- 11. spreadsheet formulas in report --format csv --------------------------------------------


@pytest.mark.parametrize(
    ("customer", "cell"),
    [
        (
            '=HYPERLINK("https://evil.example","x")',
            '"\'=HYPERLINK(""https://evil.example"",""x"")"',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'=1+1"),  # the cell is read stripped: a formula all the same
        ("Acme", "Acme"),
        ("a=b", "a=b"),
    ],
)
def test_report_csv_neutralises_formula_cells(
    run_cli: RunCli, tmp_path: Path, customer: str, cell: str
) -> None:
    customers = tmp_path / "customers.csv"
    quoted = '"' + customer.replace('"', '""') + '"'
    customers.write_text(f"customer,product,version\n{quoted},oas,6.0.2\n", encoding="utf-8")
    result = run_cli("report", str(customers), "--format", "csv", *DATE)
    assert result.code == 0, result.err
    row = result.out.splitlines()[1]
    assert row.startswith(cell + ",oas,6.0.2,6.0,")


def test_report_csv_neutralises_a_formula_in_an_error_row(run_cli: RunCli, tmp_path: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,product,version\nAcme,=cmd(),6.0.2\n", encoding="utf-8")
    result = run_cli("report", str(customers), "--format", "csv", *DATE)
    assert result.code == 1
    row = result.out.splitlines()[1]
    assert row.startswith("Acme,'=cmd(),6.0.2,,error,")
    assert ",\"'" not in row.split("error,")[0]


# --- 9. a lone surrogate in a bundle ------------------------------------------------------------


def _bundle_with(tmp_path: Path, edit: str) -> Path:
    """The embedded catalog as a bundle, with one hostile edit: "name" or "region"."""
    from tests.fuzz import BUNDLE

    doc = json.loads(BUNDLE)
    if edit == "name":
        doc["products"][0]["name"] = "Agent\ud800"
    else:
        regions = doc["policy"]["regions"]
        regions["na\udcff"] = regions.pop("na")
    path = tmp_path / "b.json"
    path.write_bytes(json.dumps(doc).encode("ascii"))  # "\ud800" as JSON writes it
    return path


SURROGATE_ERRORS = {
    "name": "products[0].name: expected Unicode text, got a lone surrogate (U+D800) at position 6",
    "region": 'policy.regions."na\\udcff": expected Unicode text, got a lone surrogate (U+DCFF) '
    "at position 3",
}


@pytest.mark.parametrize("edit", sorted(SURROGATE_ERRORS))
@pytest.mark.parametrize(
    "argv",
    [
        ("status", "oas"),
        ("catalog", "export", "-o", "@/out.json"),
        ("catalog", "publish", "@/site"),
    ],
)
def test_a_lone_surrogate_in_a_bundle_is_refused_at_load(
    run_cli: RunCli, tmp_path: Path, argv: tuple[str, ...], edit: str
) -> None:
    bundle = _bundle_with(tmp_path, edit)
    args = [a.replace("@", str(tmp_path)) for a in argv]
    result = run_cli(*args, "--catalog", str(bundle), *DATE)
    assert (result.code, result.err) == (
        3,
        f"eol-check: error: {bundle}: {SURROGATE_ERRORS[edit]}\n",
    )
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "site").exists()


def test_catalog_validate_refuses_a_lone_surrogate(run_cli: RunCli, tmp_path: Path) -> None:
    bundle = _bundle_with(tmp_path, "name")
    result = run_cli("catalog", "validate", str(bundle), *DATE)
    assert result.code == 1
    assert result.out == (
        f"error invalid-data: {bundle}: {SURROGATE_ERRORS['name']}\ninvalid: 1 error, 0 warnings\n"
    )


def test_a_lone_surrogate_in_a_remote_bundle_is_a_failed_fetch(
    run_cli: RunCli, tmp_path: Path, server: BundleServer
) -> None:
    body = _bundle_with(tmp_path, "name").read_bytes()
    url = server.serve("/b.json", Reply(body))
    result = run_cli("catalog", "fetch", url)
    assert result.code == 3
    assert result.err == (
        f"eol-check: error: cannot fetch {url}: the bundle: {SURROGATE_ERRORS['name']}\n"
    )


# --- 10. product ids that collide with the site, and their length --------------------------------


@pytest.mark.parametrize("product_id", ["index", "all", "full", "v1", "calendar", "api", "catalog"])
def test_a_product_id_that_names_a_site_path_is_refused(
    run_cli: RunCli, tmp_path: Path, product_id: str
) -> None:
    catalog = _catalog(tmp_path, "Octopus", product_id)
    message = (
        f"{catalog}: id: {product_id!r} is reserved: it names a file or folder of the published "
        "site and its API (reserved: all, api, calendar, catalog, full, index, v1)"
    )
    validated = run_cli("catalog", "validate", str(catalog), *DATE)
    assert (validated.code, validated.out.splitlines()[0]) == (1, f"error invalid-data: {message}")
    published = run_cli("catalog", "publish", str(tmp_path / "site"), "--catalog", str(catalog))
    assert (published.code, published.err) == (3, f"eol-check: error: {message}\n")
    assert not (tmp_path / "site").exists()


def test_a_product_id_longer_than_64_characters_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, "Octopus", "a" * 300)
    validated = run_cli("catalog", "validate", str(catalog), *DATE)
    assert (validated.code, validated.out.splitlines()[0]) == (
        1,
        f"error invalid-data: {catalog}: id: expected at most 64 characters, got 300",
    )
    ok = run_cli(
        "status", "a" * 64, "--catalog", str(_catalog(tmp_path, "Octopus", "a" * 64)), *DATE
    )
    assert ok.code == 0, ok.err


# --- 14. calendars: no control characters (RFC 5545 §3.1) ---------------------------------------


def test_calendars_carry_no_control_characters_from_names(run_cli: RunCli, tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, "Octo\x1b[31m\x07pus\u202e;\tA,B\\C")
    site = tmp_path / "site"
    result = run_cli("catalog", "publish", str(site), "--catalog", str(catalog), *DATE)
    assert result.code == 0, result.err
    for name in ("calendar/oas.ics", "calendar/all.ics"):
        text = (site / name).read_bytes().decode("utf-8")
        body = text.replace("\r\n", "")
        assert not [c for c in body if c < " " or "\x7f" <= c <= "\x9f" or c == "\u202e"], name
    calendar = (site / "calendar/oas.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "X-WR-CALNAME:Octo\\\\x1b[31m\\\\x07pus\\\\u202e\\;\\\\tA\\,B\\\\C\r\n" in calendar


# --- 1. one deadline per fetch, headers included ------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        # A header line every 0.1 s for 60 s, then a 404 (which a fetch without an overall
        # deadline reports, after that minute); the same a byte every 0.1 s.
        Reply(b"{}", status=404, trickle=600, trickle_every=0.1),
        Reply(b"{}", status=404, trickle=50, trickle_every=0.1, trickle_bytes=True),
    ],
    ids=["line-by-line", "byte-by-byte"],
)
def test_a_server_that_sends_its_headers_slowly_meets_the_deadline(
    run_cli: RunCli, server: BundleServer, reply: Reply
) -> None:
    url = server.serve("/slow.json", reply)
    fetched = run_cli("catalog", "fetch", url, "--timeout", "1")
    assert (fetched.code, fetched.err) == (
        3,
        f"eol-check: error: cannot fetch {url}: timed out after 1 s\n",
    )
    status = run_cli("status", "oas", "--catalog-url", url, "--timeout", "1", *DATE)
    assert status.code == 0
    assert status.err.startswith(
        f"eol-check: catalog from {url} unavailable (timed out after 1 s); using the embedded "
        "catalog of eol-check "
    )


#: A name only the resolver of the test below could answer (RFC 6761 reserves `.test`).
SLOW_HOST = "catalog.eol-check.test"

_SLOW_RESOLVER = r"""
import json, os, socket, subprocess, sys, threading

# This namespace's /etc: resolution asks DNS only, at 127.0.0.1, and waits long for it (glibc's
# longest wait per try, twice): without an overall deadline a fetch would wait about a minute.
work = sys.argv[1]
with open(os.path.join(work, "resolv.conf"), "w") as file:
    file.write("nameserver 127.0.0.1\noptions timeout:30 attempts:2\n")
with open(os.path.join(work, "nsswitch.conf"), "w") as file:
    file.write("hosts: files dns\n")
for name in ("resolv.conf", "nsswitch.conf"):
    subprocess.run(["mount", "--bind", os.path.join(work, name), "/etc/" + name], check=True)

# A DNS server that reads every query and answers none.
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", 53))
asked = set()
got = threading.Event()


def name(packet):
    labels, at = [], 12  # past the header: the question's name, a label at a time
    while packet[at]:
        labels.append(packet[at + 1 : at + 1 + packet[at]].decode())
        at += 1 + packet[at]
    return ".".join(labels)


def listen():
    while True:
        packet, _ = server.recvfrom(4096)
        asked.add(name(packet))
        got.set()


threading.Thread(target=listen, daemon=True).start()
runs = []
for argv in json.loads(sys.argv[2]):
    done = subprocess.run([sys.executable, "-m", "eol_check", *argv], capture_output=True,
                          text=True)
    runs.append([done.returncode, done.stderr])
got.wait(120)  # the query reached the server before the fetch ended; its thread may be behind
print(json.dumps({"runs": runs, "asked": sorted(asked)}))
"""


def test_a_resolver_that_never_answers_meets_the_deadline(tmp_path: Path) -> None:
    # A real resolver: glibc's, asking a DNS server on the loopback of a network namespace of
    # the test's own (tests/_namespaces.py), which reads the queries and never answers.
    from .._namespaces import run_namespaced

    url = f"https://{SLOW_HOST}/catalog.json"
    argvs = [
        ["catalog", "fetch", url, "--timeout", "1"],
        ["status", "oas", "--catalog-url", url, "--timeout", "1", *DATE],
    ]
    result = run_namespaced(_SLOW_RESOLVER, str(tmp_path), json.dumps(argvs))
    assert result["asked"] == [SLOW_HOST]  # the fetches did ask the resolver
    (fetch_code, fetch_err), (status_code, status_err) = result["runs"]
    assert (fetch_code, fetch_err) == (
        3,
        f"eol-check: error: cannot fetch {url}: timed out after 1 s\n",
    )
    assert status_code == 0
    assert status_err.startswith(
        f"eol-check: catalog from {url} unavailable (timed out after 1 s); using the embedded "
        "catalog of eol-check "
    )


def test_name_resolution_is_inside_the_deadline(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same where namespaces cannot be made: the resolver the HTTP stack calls
    # (socket.getaddrinfo) blocks until the test releases it, after the fetch has given up.
    import socket
    import threading

    asked, release = threading.Event(), threading.Event()
    real = socket.getaddrinfo

    def blocked(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != SLOW_HOST:
            return real(host, *args, **kwargs)
        asked.set()
        release.wait(60)  # (a bound for a fetch without its deadline, which waits here)
        raise socket.gaierror(socket.EAI_AGAIN, "released by the test")

    monkeypatch.setattr(socket, "getaddrinfo", blocked)
    url = f"https://{SLOW_HOST}/catalog.json"
    try:
        fetched = run_cli("catalog", "fetch", url, "--timeout", "0.5")
        assert asked.is_set()  # it gave up while resolution waited (released only below)
    finally:
        release.set()
    assert (fetched.code, fetched.err) == (
        3,
        f"eol-check: error: cannot fetch {url}: timed out after 0.5 s\n",
    )


# --- 2. credentials in a URL: sent, never printed or stored --------------------------------------


def test_credentials_in_a_catalog_url_are_never_printed_or_stored(
    run_cli: RunCli, server: BundleServer, tmp_path: Path
) -> None:
    from tests.fuzz import BUNDLE

    server.serve("/b.json", Reply(BUNDLE, etag='"v1"'))
    url = f"http://reader:s3cret@127.0.0.1:{server.port}/b.json"
    shown = server.url("/b.json")
    text = run_cli("catalog", "fetch", url)
    assert text.code == 0, text.err
    assert text.out.startswith(f"fetched {shown} (3 products, ")
    as_json = run_cli("catalog", "fetch", url, "--format", "json")
    assert json.loads(as_json.out)["url"] == shown
    missing = run_cli("catalog", "fetch", url.replace("b.json", "nothing.json"))
    assert missing.err == (
        f"eol-check: error: cannot fetch {shown.replace('b.json', 'nothing.json')}: "
        "HTTP 404 Not Found\n"
    )
    status = run_cli("status", "oas", "--catalog-url", url, "--offline", *DATE)
    assert status.code == 0, status.err  # the cached copy answers: found by the URL without them
    cache = tmp_path / "eol-check-cache"
    stored = b"".join(p.read_bytes() for p in cache.iterdir())
    everything = text.out + as_json.out + missing.err + status.err + status.out
    for secret in ("s3cret", "reader"):
        assert secret not in everything
        assert secret.encode() not in stored
    sent = {r.headers.get("Authorization") for r in server.requests}
    assert sent == {"Basic cmVhZGVyOnMzY3JldA=="}  # reader:s3cret, to the server alone


def test_credentials_in_a_base_url_are_refused(run_cli: RunCli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli(
        "catalog", "publish", str(site), "--base-url", "https://user:s3cret@support.example.com/eol"
    )
    assert (result.code, result.err) == (
        2,
        "eol-check: error: --base-url 'https://support.example.com/eol' holds a user name or "
        "password: a published site links to itself without credentials; drop them\n",
    )
    assert not site.exists()


# --- 3. a cache another user could write ---------------------------------------------------------


def _cached(run_cli: RunCli, server: BundleServer) -> tuple[str, Path]:
    """A URL whose bundle is in the cache (fetched from the test server), and the cache file."""
    from tests.fuzz import BUNDLE

    url = server.serve("/b.json", Reply(BUNDLE))
    assert run_cli("catalog", "fetch", url).code == 0
    (path,) = (Path(os.environ["EOL_CHECK_CACHE_DIR"])).iterdir()
    return url, path


@pytest.mark.parametrize("planted", ["folder-mode", "file-mode", "file-owner"])
def test_a_cache_another_user_could_have_written_is_not_trusted(
    run_cli: RunCli, server: BundleServer, planted: str
) -> None:
    url, path = _cached(run_cli, server)
    if planted == "folder-mode":
        path.parent.chmod(0o777)
        problem = f"the cache folder {path.parent} is writable by other users (mode 0777)"
    elif planted == "file-mode":
        path.chmod(0o666)
        problem = f"the cache file {path} is writable by other users (mode 0666)"
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(path, 65534, 65534)
        problem = f"the cache file {path} belongs to another user (uid 65534)"
    result = run_cli("status", "oas", "--catalog-url", url, "--offline", *DATE)
    assert result.code == 0
    assert result.err.startswith(
        f"eol-check: --offline and no usable cached copy ({problem}: not trusted"
    ), result.err
    assert result.err.endswith(
        f" of the catalog from {url}; using the embedded catalog of eol-check {__version__}\n"
    )


def test_a_cache_folder_others_may_write_is_not_written(
    run_cli: RunCli, server: BundleServer
) -> None:
    url, path = _cached(run_cli, server)
    path.parent.chmod(0o777)
    result = run_cli("catalog", "fetch", url)
    assert (result.code, result.err) == (
        3,
        f"eol-check: error: fetched {url}, but the cache folder {path.parent} is writable by "
        "other users (mode 0777): not trusted; run chmod go-w on it\n",
    )


# --- 4. catalog export -o: a planted symbolic link, the mode of a replaced file ------------------


@pytest.mark.parametrize("folder_mode", [0o1777, 0o777, 0o1755])
def test_export_refuses_a_symlink_planted_in_a_folder_others_may_write(
    run_cli: RunCli, tmp_path: Path, folder_mode: int
) -> None:
    victim = tmp_path / "home" / "notes.txt"
    victim.parent.mkdir()
    victim.write_text("mine\n", encoding="utf-8")
    victim.chmod(0o600)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(folder_mode)
    link = shared / "catalog.json"
    link.symlink_to(victim)
    result = run_cli("catalog", "export", "-o", str(link), *DATE)
    assert (result.code, result.err) == (
        74,
        f"eol-check: error: --output {link}: cannot write it: it is a symbolic link in a folder "
        "others may write to, which eol-check does not follow (another user may have put it "
        "there); give the file it leads to\n",
    )
    assert victim.read_text(encoding="utf-8") == "mine\n"
    assert victim.stat().st_mode & 0o777 == 0o600


def test_export_follows_a_symlink_in_a_private_folder_and_keeps_the_mode(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "catalog.json"
    link.symlink_to(target)
    result = run_cli("catalog", "export", "-o", str(link), *DATE)
    assert result.code == 0, result.err
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == 1
    assert target.stat().st_mode & 0o777 == 0o640


# --- 5–8. catalog publish: others' files, killed publishes, mount points and ".", fsync ----------


def _publish(run_cli: RunCli, site: Path | str, *more: str) -> None:
    result = run_cli("catalog", "publish", str(site), *DATE, *more)
    assert result.code == 0, result.err


def test_publish_keeps_the_files_it_did_not_write(run_cli: RunCli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _publish(run_cli, site)
    ours = {
        ".htaccess": b"Header set Access-Control-Allow-Origin *\n",
        "images/logo.png": b"\x89PNG",
        "api/.htaccess": b"ExpiresActive On\n",
        "about.html": b"<p>about us</p>",
    }
    for name, content in ours.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(content)
    (site / "oas.html").write_bytes(b"an edited page")  # eol-check's: replaced
    _publish(run_cli, site)
    for name, content in ours.items():
        assert (site / name).read_bytes() == content, name
    assert (site / "oas.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_publish_refuses_to_overwrite_a_file_it_did_not_write(
    run_cli: RunCli, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    _publish(run_cli, site, "--catalog", str(data_dir() / "catalog" / "oas.toml"))
    (site / "agent.html").write_text("the admin's own page", encoding="utf-8")
    result = run_cli("catalog", "publish", str(site), *DATE)  # the embedded catalog has agent
    assert (result.code, result.err) == (
        2,
        f"eol-check: error: {site} holds files eol-check did not write that the new site would "
        "overwrite: agent.html; move them away first\n",
    )
    assert (site / "agent.html").read_text(encoding="utf-8") == "the admin's own page"


def test_publish_removes_what_killed_publishes_left_behind(run_cli: RunCli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _publish(run_cli, site)
    left = [
        tmp_path / ".site.new-999999999-abc",
        tmp_path / ".site.old-999999999-def",
        tmp_path / ".site.new-k3j4h5",
    ]  # the last as eol-check named them before
    for folder in left:
        (folder / "site").mkdir(parents=True)
    running = tmp_path / f".site.new-{os.getpid()}-xyz"  # a publish still at work: left alone
    running.mkdir()
    _publish(run_cli, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "site"]


class _SignalledFiles(dict[str, bytes]):
    """A site's files that send this process `signum` halfway through being written."""

    def __init__(self, files: dict[str, bytes], signum: int) -> None:
        super().__init__(files)
        self.signum = signum

    def items(self) -> Iterator[tuple[str, bytes]]:  # type: ignore[override]
        for index, item in enumerate(super().items()):
            if index == len(self) // 2:
                signal.raise_signal(self.signum)
            yield item


@pytest.mark.parametrize("in_place", [False, True], ids=["renamed", "working-folder"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_mid_publish_leaves_the_old_site_and_nothing_beside_it(
    run_cli: RunCli, tmp_path: Path, signum: int, in_place: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eol_check.errors import OutputError
    from eol_check.publish import Site, build_site, write_site

    site = tmp_path / "site"
    _publish(run_cli, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    target = site
    if in_place:  # its contents are swapped, staged inside it (as in a mount point)
        monkeypatch.chdir(site)
        target = Path(".")
    received: list[int] = []
    previous = signal.signal(signum, lambda s, f: received.append(s))  # instead of ending
    try:
        built = build_site(load_catalog(), load_policy(), ON, AT)
        files = _SignalledFiles(dict(built.files), signum)
        with pytest.raises(OutputError) as raised:
            write_site(target, Site(files, built.date, built.base_url, built.products, built.lines))
    finally:
        signal.signal(signum, previous)
    assert received == [signum]  # the signal reached the process's own handler, after clean-up
    assert str(raised.value) == (
        f"catalog publish of {target} was stopped by {signal.Signals(signum).name}"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_publish_into_the_working_folder_swaps_its_contents(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    _publish(run_cli, ".")
    _publish(run_cli, ".")  # over itself
    assert os.path.samefile(os.getcwd(), site)  # the shell in it is still in the site
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


_INTO_A_MOUNT = r"""
import hashlib, json, os, subprocess, sys

# A real mount point: a tmpfs, an empty volume as Docker gives one, in this namespace only.
site = sys.argv[1]
os.mkdir(site)
subprocess.run(["mount", "-t", "tmpfs", "eol-check-test", site], check=True)
device = os.stat(site).st_dev


def publish():
    argv = ["catalog", "publish", site, *sys.argv[2:]]
    done = subprocess.run([sys.executable, "-m", "eol_check", *argv], capture_output=True,
                          text=True)
    return [done.returncode, done.stderr]


def files():
    found = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                found[os.path.relpath(path, site)] = hashlib.sha256(file.read()).hexdigest()
    return found


runs = [publish()]  # into the empty volume
first = files()
with open(os.path.join(site, ".htaccess"), "w") as file:  # the admin's, kept
    file.write("ExpiresActive On\n")
runs.append(publish())  # over the site it holds
print(json.dumps({
    "runs": runs,
    "first": first,
    "second": files(),
    "still_mounted": os.path.ismount(site) and os.stat(site).st_dev == device,
    "beside": sorted(os.listdir(os.path.dirname(site))),
}))
"""


def test_publish_into_a_mount_point_swaps_its_contents(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from .._namespaces import run_namespaced

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795780800")  # the same bytes from both publishes
    reference = tmp_path / "reference"
    _publish(run_cli, reference)
    expected = {
        str(p.relative_to(reference)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in reference.rglob("*")
        if p.is_file()
    }
    volume = tmp_path / "volume"
    volume.mkdir()
    result = run_namespaced(_INTO_A_MOUNT, str(volume / "site"), *DATE)
    assert result["runs"] == [[0, ""], [0, ""]]
    assert result["first"] == expected  # the whole site, in the volume itself
    assert result["second"] == {**expected, ".htaccess": result["second"][".htaccess"]}
    assert result["still_mounted"]  # the same volume, not a folder renamed over it
    assert result["beside"] == ["site"]  # nothing left next to it


def test_publish_syncs_every_file_and_folder_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eol_check.publish import build_site, write_site

    built = build_site(load_catalog(), load_policy(), ON, AT)
    events: list[tuple[str, int]] = []  # ("sync" or "replace", files written by then)
    real_sync, real_replace = os.sync, os.replace

    def written() -> int:
        return sum(1 for p in tmp_path.rglob("*") if p.is_file())

    def sync() -> None:
        events.append(("sync", written()))
        real_sync()

    def replace(source: str | Path, target: str | Path) -> None:
        events.append(("replace", written()))
        real_replace(source, target)

    monkeypatch.setattr(os, "sync", sync)
    monkeypatch.setattr(os, "replace", replace)
    write_site(tmp_path / "site", built)
    # Every file of the new site was written, then synced, and only then swapped in.
    assert events[0] == ("sync", len(built.files))
    assert [kind for kind, _ in events] == ["sync", "replace"]


_KILLED_MID_PUBLISH = """
import sys
from pathlib import Path
from eol_check.catalog import load_catalog
from eol_check.policy import load_policy
from eol_check.publish import Site, build_site, write_site
from tests.cli.test_hostile_data import AT, ON

built = build_site(load_catalog(), load_policy(), ON, AT)


class Waiting(dict):
    def items(self):
        for index, item in enumerate(super().items()):
            if index == len(self) // 2:
                print("half written", flush=True)
                sys.stdin.readline()  # until the test has sent its signal (it never writes)
            yield item


files = Waiting(built.files)
write_site(Path(sys.argv[1]), Site(files, built.date, built.base_url, built.products, built.lines))
print("finished", flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_process_killed_mid_publish_ends_by_the_signal_and_leaves_nothing(
    run_cli: RunCli, tmp_path: Path, signum: int
) -> None:
    import subprocess
    import sys

    site = tmp_path / "site"
    _publish(run_cli, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    root = Path(__file__).resolve().parent.parent.parent
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_PUBLISH, str(site)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=root,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "half written\n"  # the event: half the files out
            assert any(p.name.startswith(".site.new-") for p in tmp_path.iterdir())
            child.send_signal(signum)
            assert child.wait(timeout=120) == -signum  # ended by the signal, as without eol-check
        finally:
            if child.poll() is None:
                child.kill()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
