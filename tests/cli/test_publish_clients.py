"""The published site read by the clients people use, pointed at it by nothing but a base URL.

The site is published into a temp folder and served by a real http.server on 127.0.0.1
(`tests/_static.py`); norwegianblue and eol-cli run as their command-line tools in a
subprocess, the `endoflifedate` client in-process, and eol-check itself fetches `catalog.json`
with its pin. norwegianblue colours each date against its own clock, so the site is published
for today and the expected colours are worked out with norwegianblue's rule.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from eol_check.catalog import Catalog, Product, load_catalog
from eol_check.endoflife import Cycle, cycles
from eol_check.policy import load_policy

from .._generated import write_generated_catalog
from .._static import serve_folder
from ..conftest import RunCli

DATA = Path(__file__).resolve().parents[2] / "data"
POLICY = load_policy(DATA / "policy.toml")


def need(module: str) -> None:
    """Skip the test when a client is not installed (the test extra installs each of them)."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed: pip install -e '.[test]'")


def need_norwegianblue() -> None:
    if sys.version_info < (3, 11):
        pytest.skip("norwegianblue needs Python 3.11 or later")
    need("norwegianblue")


class Published(NamedTuple):
    catalog: Catalog
    options: tuple[str, ...]  # the eol-check options that name the catalog
    today: date
    url: str  # the site's base URL, no trailing '/'
    folder: Path

    @property
    def listed(self) -> list[Product]:
        """The products the APIs list: those with a release by the date (issue 22: a product
        with none has no cycle to show, and a client is told it does not exist)."""
        return [p for p in self.catalog.products if any(r.date <= self.today for r in p.releases)]


def publish_and_serve(run_cli: RunCli, tmp_path: Path, catalog: Path | None) -> Iterator[Published]:
    today = datetime.now(timezone.utc).date()
    folder = tmp_path / "site"
    argv = ["catalog", "publish", str(folder), "--date", today.isoformat()]
    if catalog is not None:
        argv += ["--catalog", str(catalog)]
    r = run_cli(*argv)
    assert (r.code, r.err) == (0, ""), r.err
    with serve_folder(folder) as url:
        options = ("--catalog", str(catalog)) if catalog is not None else ()
        yield Published(load_catalog(catalog or DATA / "catalog"), options, today, url, folder)


@pytest.fixture(params=["generated", "embedded", "hostile"])
def published(
    request: pytest.FixtureRequest, run_cli: RunCli, tmp_path: Path
) -> Iterator[Published]:
    """The site of a catalog made for this test (one eol-check has never seen), of the
    embedded one, and of the embedded one with products the loader accepts and endoflife.date's
    rules would not (tests/cli/test_endoflife_openapi.py), each served on 127.0.0.1."""
    catalog = None
    if request.param == "generated":
        catalog = write_generated_catalog(tmp_path / "catalog", datetime.now(timezone.utc).date())
    elif request.param == "hostile":
        from .test_endoflife_openapi import HOSTILE_PRODUCTS

        catalog = tmp_path / "catalog"
        shutil.copytree(DATA / "catalog", catalog)
        for name, text in HOSTILE_PRODUCTS.items():
            (catalog / name).write_text(text, encoding="utf-8")
    yield from publish_and_serve(run_cli, tmp_path, catalog)


def run_tool(code: str, *argv: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a client's command line in a fresh interpreter, with its own cache folder."""
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "FORCE_COLOR": "1",
        "COLUMNS": "200",
        "TERM": "xterm",
    }
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# --- norwegianblue (API v0) -------------------------------------------------------------------

NORWEGIANBLUE = """
import sys
import norwegianblue
norwegianblue.BASE_URL = sys.argv[1]
sys.argv = ["eol", *sys.argv[2:]]
from norwegianblue.cli import main
main()
"""
_ANSI = re.compile(r"\x1b\[([0-9;]*)m")
_COLOURS = {"31": "red", "32": "green", "33": "yellow"}


def norwegianblue_colour(value: str, now: datetime) -> str:
    """norwegianblue's rule: a date before now is red, within 180 days yellow, later green."""
    when = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    if when < now:
        return "red"
    return "yellow" if when < now + timedelta(days=180) else "green"


def cell(text: str) -> tuple[str, str | None]:
    """A table cell's text and its colour (None when plain)."""
    codes = [c for c in _ANSI.findall(text) if c in _COLOURS]
    return _ANSI.sub("", text).strip(), _COLOURS[codes[0]] if codes else None


def tables(output: str) -> dict[str, list[dict[str, tuple[str, str | None]]]]:
    """norwegianblue's pretty output: per product title, its rows as {column: (text, colour)}."""
    result = {}
    for block in output.strip().split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("│")]
        title = _ANSI.sub("", rows[0]).strip("│ ")
        header = [_ANSI.sub("", c).strip() for c in rows[1].strip("│").split("│")]
        result[title] = [
            dict(zip(header, (cell(c) for c in row.strip("│").split("│")), strict=True))
            for row in rows[2:]
        ]
    return result


def expected_v0(cycle: Cycle) -> tuple[str, str]:
    """What API v0 says for `support` and `eol`, as norwegianblue prints them."""
    support = cycle.eoas.isoformat() if cycle.eoas else "True"
    eol = cycle.eol.isoformat() if cycle.eol else "False"
    return support, eol


def test_norwegianblue_shows_every_product_with_its_colours_and_dates(
    published: Published, tmp_path: Path
) -> None:
    need_norwegianblue()
    ids = [p.id for p in published.listed]
    listed = run_tool(NORWEGIANBLUE, f"{published.url}/api/", "all", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == sorted(ids)

    before = datetime.now(timezone.utc)
    shown = run_tool(
        NORWEGIANBLUE, f"{published.url}/api/", *ids, "--color", "yes", tmp_path=tmp_path
    )
    after = datetime.now(timezone.utc)
    assert shown.returncode == 0, shown.stderr
    found = tables(shown.stdout)
    assert list(found) == ids
    seen = set()
    for product in published.listed:
        rows = found[product.id]
        expected = cycles(product, POLICY, published.today)
        assert [r["cycle"][0] for r in rows] == [c.release_cycle for c in expected]
        for row, cycle in zip(rows, expected, strict=True):
            support, eol = expected_v0(cycle)
            assert row["release"] == (cycle.release_date.isoformat(), None)
            assert row["latest"] == (cycle.latest, None)
            assert row["latest release"] == (cycle.latest_release_date.isoformat(), None)
            assert row["support"][0] == support
            assert row["eol"][0] == eol
            up = cycle.upgrade_until.isoformat() if cycle.upgrade_until else ""
            assert row["upgradeUntil"] == (up, None)
            # Colours: a boolean `support: true` and `eol: false` are green (supported, not
            # EOL); a date by norwegianblue's rule (either side of the run, should a day pass).
            for column, value in (("support", cycle.eoas), ("eol", cycle.eol)):
                colours = (
                    {"green"}
                    if value is None
                    else {norwegianblue_colour(value.isoformat(), t) for t in (before, after)}
                )
                assert row[column][1] in colours, (product.id, cycle.release_cycle, column)
            assert row["cycle"][1] == row["eol"][1]  # the cycle takes the colour of its eol
            seen |= {row["support"][1], row["eol"][1]}
    if published.options:  # the generated catalog has dates past, within six months and later
        assert seen == {"red", "yellow", "green"}


def test_norwegianblue_reports_an_unknown_product(published: Published, tmp_path: Path) -> None:
    need_norwegianblue()
    shown = run_tool(
        NORWEGIANBLUE, f"{published.url}/api/", "nosuch", "--color", "no", tmp_path=tmp_path
    )
    assert shown.returncode == 0
    assert "Product 'nosuch' not found, run 'eol all' for list." in shown.stdout


# --- the endoflifedate client (API v0) --------------------------------------------------------


def test_endoflifedate_client_reads_every_cycle(published: Published) -> None:
    need("endoflifedate")
    import endoflifedate

    config = endoflifedate.Configuration(host=published.url)
    with endoflifedate.ApiClient(config) as client:
        api = endoflifedate.DefaultApi(client)
        ids = [p.id for p in published.listed]
        assert api.get_api_all_json() == sorted(ids)
        for product in published.listed:
            got = api.get_api_product_json(product.id)
            expected = cycles(product, POLICY, published.today)
            assert len(got) == len(expected)
            for cycle, answer in zip(expected, got, strict=True):
                assert answer.cycle is not None
                assert answer.cycle.actual_instance == cycle.release_cycle
                assert answer.release_date == cycle.release_date
                assert answer.latest == cycle.latest
                assert answer.support is not None
                assert answer.support.actual_instance == (
                    cycle.eoas.isoformat() if cycle.eoas else True
                )
                assert answer.eol is not None
                assert answer.eol.actual_instance == (cycle.eol.isoformat() if cycle.eol else False)
                assert answer.lts is not None
                assert answer.lts.actual_instance is False
                one = api.get_api_product_cycle_json(product.id, cycle.release_cycle)
                assert one.cycle is None  # v0 leaves the name out of a single cycle
                assert (one.release_date, one.latest) == (cycle.release_date, cycle.latest)
                assert one.eol is not None
                assert one.eol.actual_instance == answer.eol.actual_instance
        with pytest.raises(endoflifedate.ApiException) as info:
            api.get_api_product_json("nosuch")
        assert info.value.status == 404


# --- eol-cli (API v1) -------------------------------------------------------------------------

EOL_CLI = """
import sys
from eol_cli.api.client import EOLClient
EOLClient.BASE_URL = sys.argv[1]
from eol_cli.cli import main
main(sys.argv[2:], prog_name="eol-cli")
"""


def expected_v1(cycle: Cycle, today: date) -> dict[str, Any]:
    return {
        "name": cycle.release_cycle,
        "releaseDate": cycle.release_date.isoformat(),
        "isEol": cycle.eol is not None and today > cycle.eol,
        "eolFrom": cycle.eol.isoformat() if cycle.eol else None,
        "isEoas": cycle.eoas is not None and today > cycle.eoas,
        "eoasFrom": cycle.eoas.isoformat() if cycle.eoas else None,
        "isMaintained": cycle.eol is None or today <= cycle.eol,
        "latest": {
            "name": cycle.latest,
            "date": cycle.latest_release_date.isoformat(),
            "link": None,
        },
    }


def test_eol_cli_library_reads_products_and_releases(published: Published) -> None:
    need("eol_cli")
    from eol_cli.api.client import EOLClient, EOLNotFoundError

    with EOLClient(base_url=f"{published.url}/api/v1") as client:
        ids = [p.id for p in published.listed]
        assert [i["name"] for i in client.get_index()["result"]] == [
            "products",
            "categories",
            "tags",
        ]
        assert [p["name"] for p in client.list_products()["result"]] == ids
        full = client.list_products_full()["result"]
        assert [p["name"] for p in full] == ids
        assert [p["name"] for p in client.get_category_products("app")["result"]] == ids
        for product in published.listed:
            answer = client.get_product(product.id)
            assert answer["schema_version"] == "1.1.0"
            result = answer["result"]
            assert (result["name"], result["label"]) == (product.id, product.name)
            expected = cycles(product, POLICY, published.today)
            got = result["releases"]
            assert [
                {k: r[k] for k in expected_v1(c, published.today)}
                for r, c in zip(got, expected, strict=True)
            ] == [expected_v1(c, published.today) for c in expected]
            for cycle in expected:
                one = client.get_product_release(product.id, cycle.release_cycle)["result"]
                assert one["name"] == cycle.release_cycle
                assert one["custom"] == {
                    "upgradeUntil": (
                        cycle.upgrade_until.isoformat() if cycle.upgrade_until else None
                    )
                }
            latest = client.get_product_latest_release(product.id)["result"]
            assert latest == got[0]
        with pytest.raises(EOLNotFoundError):
            client.get_product("nosuch")


def test_eol_cli_command_prints_each_release(published: Published, tmp_path: Path) -> None:
    need("eol_cli")
    base = f"{published.url}/api/v1"
    for product in published.listed:
        as_json = run_tool(
            EOL_CLI, base, "products", "get", product.id, "--json", tmp_path=tmp_path
        )
        assert as_json.returncode == 0, as_json.stderr
        result = json.loads(as_json.stdout)["result"]
        expected = cycles(product, POLICY, published.today)
        assert [r["name"] for r in result["releases"]] == [c.release_cycle for c in expected]
        table = run_tool(EOL_CLI, base, "products", "get", product.id, tmp_path=tmp_path)
        assert table.returncode == 0, table.stderr
        plain = _ANSI.sub("", table.stdout)
        rows = {
            line.split("│")[1].strip(): line
            for line in plain.splitlines()
            if line.startswith("│") and line.split("│")[1].strip()
        }
        for cycle in expected:
            row = rows[cycle.release_cycle]
            if cycle.eol is None:
                assert "Active (EOL: N/A)" in row
            elif published.today > cycle.eol:
                assert f"EOL ({cycle.eol.isoformat()})" in row
            else:
                assert f"Active (EOL: {cycle.eol.isoformat()})" in row
            assert cycle.latest in row
        latest = run_tool(
            EOL_CLI, base, "products", "release", product.id, "latest", "--json", tmp_path=tmp_path
        )
        assert latest.returncode == 0, latest.stderr
        assert json.loads(latest.stdout)["result"]["name"] == expected[0].release_cycle


# --- eol-check itself: --catalog-url with the published pin -----------------------------------


def test_eol_check_answers_from_the_published_bundle_with_its_pin(
    published: Published, run_cli: RunCli
) -> None:
    digest = (published.folder / "catalog.json.sha256").read_text().split()[0]
    product = published.catalog.products[0]
    on = published.today.isoformat()
    local = run_cli("status", product.id, "--date", on, "--format", "json", *published.options)
    remote = run_cli(
        "status",
        product.id,
        "--date",
        on,
        "--format",
        "json",
        "--catalog-url",
        f"{published.url}/catalog.json",
        "--catalog-sha256",
        digest,
        "--require-fresh",
    )
    assert remote.code == 0, remote.err
    assert json.loads(remote.out) == json.loads(local.out)
    wrong = run_cli(
        "status",
        product.id,
        "--date",
        on,
        "--catalog-url",
        f"{published.url}/catalog.json",
        "--catalog-sha256",
        "0" * 64,
        "--require-fresh",
    )
    assert wrong.code == 3
