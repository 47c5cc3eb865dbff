"""The published pages in a real headless Chromium (Debian's `chromium` and `chromium-driver`).

Driven with Selenium through Debian's chromedriver, which Debian builds from the same source as
its Chromium, so driver and browser always match and nothing is downloaded. Without Chromium the
tests are skipped with the reason; where `EOL_CHECK_REQUIRE_BROWSER` is set (`.ci/run` sets it)
a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from eol_check.catalog import load_catalog
from eol_check.lifecycle import lines
from eol_check.policy import load_policy

from .._static import serve_folder
from ..conftest import RunCli

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

DATA = Path(__file__).resolve().parents[2] / "data"
ON = date(2026, 11, 21)
WORDS = {
    "current": "current",
    "supported": "supported",
    "support-tail": "support tail",
    "upgrade-window": "upgrade window",
    "unsupported": "unsupported",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from eol_check.cli import main

    folder = tmp_path_factory.mktemp("published") / "site"
    assert main(["catalog", "publish", str(folder), "--date", ON.isoformat()]) == 0
    with serve_folder(folder) as url:
        yield url


def test_each_product_page_shows_every_line_with_status_and_dates(
    browser: WebDriver, site_url: str, run_cli: RunCli
) -> None:
    from selenium.webdriver.common.by import By

    catalog = load_catalog(DATA / "catalog")
    policy = load_policy(DATA / "policy.toml")
    for product in catalog.products:
        browser.get(f"{site_url}/{product.id}.html")
        assert browser.title == f"{product.name}: lifecycle"
        headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#lines thead th")]
        assert headers == [
            "Line",
            "Status",
            "Released",
            "Latest release",
            "End of Life",
            "Support until",
            "Upgrade until",
            "Upgrade path",
        ]
        rows = browser.find_elements(By.CSS_SELECTOR, "#lines tbody tr")
        expected = lines(product, policy, ON)
        assert len(rows) == len(expected)
        for row, line in zip(rows, expected, strict=True):
            cells = [c.text for c in row.find_elements(By.CSS_SELECTOR, "th, td")]
            assert cells[0] == line.line
            assert cells[1] == WORDS[line.status.value]
            assert cells[2] == line.released.isoformat()
            assert cells[3].startswith(str(line.latest))
            assert cells[4].startswith(line.eol.isoformat() if line.eol else "not decided")
            # each date with how far it is from the page's date beside it (issue 20)
            assert cells[5].split(" (")[0] == (
                line.support_until.isoformat() if line.support_until else "-"
            )
            assert cells[6].split(" (")[0] == (
                line.upgrade_until.isoformat() if line.upgrade_until else "-"
            )
            badge = row.find_element(By.CSS_SELECTOR, ".status")
            assert badge.value_of_css_property("color") in (
                "rgba(255, 255, 255, 1)",
                "rgb(255, 255, 255)",
            )
    # The page answers what `status` answers, line by line.
    r = run_cli("status", "oas", "--date", ON.isoformat())
    browser.get(f"{site_url}/oas.html")
    for row in browser.find_elements(By.CSS_SELECTOR, "#lines tbody tr"):
        name = row.get_attribute("data-line")
        status = row.get_attribute("data-status")
        assert any(text.split()[:2] == [name, status] for text in r.out.splitlines())


def test_status_colours_differ_and_the_index_links_every_product(
    browser: WebDriver, site_url: str
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{site_url}/oas.html")
    colours: dict[str, Any] = {}
    for badge in browser.find_elements(By.CSS_SELECTOR, "#lines .status"):
        colours.setdefault(badge.text, set()).add(badge.value_of_css_property("background-color"))
    assert set(colours) == {"current", "supported", "support tail", "upgrade window", "unsupported"}
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == 5  # one colour per status
    browser.get(f"{site_url}/index.html")
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "tbody th a")]
    assert links == [
        "Octopus Desktop Agent",
        "Octopus Management Console",
        "Octopus Authentication Server",
    ]


def test_readable_on_a_phone_and_a_screenshot(
    browser: WebDriver, site_url: str, tmp_path: Path
) -> None:
    browser.set_window_size(1440, 900)
    browser.get(f"{site_url}/oas.html")
    shot = tmp_path / "oas.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    target = os.environ.get("EOL_CHECK_SCREENSHOT")  # docs/publish.png is made this way
    if target:
        shutil.copyfile(shot, target)
    browser.set_window_size(390, 844)  # a phone
    browser.get(f"{site_url}/oas.html")
    # The page itself does not scroll sideways: the table scrolls inside its box.
    width = browser.execute_script("return document.documentElement.scrollWidth")
    inner = browser.execute_script("return window.innerWidth")
    assert width <= inner
    browser.set_window_size(1280, 1000)


def test_on_a_phone_each_line_shows_status_eol_and_support_until(
    browser: WebDriver, site_url: str
) -> None:
    """Issue 20: at 390 px every line's status, End of Life and support-until are on screen,
    without scrolling sideways (stacked cards), by the elements' positions."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    try:
        for product in ("oas", "agent", "console"):
            browser.get(f"{site_url}/{product}.html")
            inner = browser.execute_script("return document.documentElement.clientWidth")
            assert inner <= 390
            page = browser.execute_script("return document.documentElement.scrollWidth")
            assert page <= inner, product
            sideways = browser.execute_script(
                "const b = document.querySelector('.scroll'); return b.scrollWidth - b.clientWidth"
            )
            assert sideways <= 0, product
            assert not browser.find_element(By.CSS_SELECTOR, "#lines thead").is_displayed()
            rows = browser.find_elements(By.CSS_SELECTOR, "#lines tbody tr")
            assert rows
            tops = []
            for row in rows:
                for css in (".cell-status .status", ".cell-eol", ".cell-support"):
                    cell = row.find_element(By.CSS_SELECTOR, css)
                    assert cell.is_displayed(), (product, css)
                    rect = cell.rect
                    assert rect["width"] > 0
                    assert rect["height"] > 0
                    assert rect["x"] >= 0, (product, css, rect)
                    assert rect["x"] + rect["width"] <= inner, (product, css, rect)
                # stacked: End of Life below the status, support-until below End of Life
                status = row.find_element(By.CSS_SELECTOR, ".cell-status").rect["y"]
                eol = row.find_element(By.CSS_SELECTOR, ".cell-eol").rect["y"]
                support = row.find_element(By.CSS_SELECTOR, ".cell-support").rect["y"]
                assert status < eol < support
                tops.append(row.rect["y"])
            assert tops == sorted(tops)  # one card after another
            # Each explanatory sentence once per page (a repeated one goes below the table).
            sentences = [
                s.strip()
                for s in browser.find_element(By.TAG_NAME, "main")
                .text.replace("\n", ". ")
                .split(". ")
                if len(s.strip()) > 40
            ]
            assert len(sentences) == len(set(sentences)), product
        # On a desktop the table is a table again.
        browser.set_window_size(1280, 1000)
        browser.get(f"{site_url}/oas.html")
        assert browser.find_element(By.CSS_SELECTOR, "#lines thead").is_displayed()
    finally:
        browser.set_window_size(1280, 1000)
