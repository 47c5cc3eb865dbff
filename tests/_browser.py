"""A real headless Chromium for the tests (Debian's `chromium` and `chromium-driver`).

Driven with Selenium through Debian's chromedriver, which Debian builds from the same source as
its Chromium, so driver and browser always match and nothing is downloaded. Without Chromium the
tests are skipped with the reason; where `EOL_CHECK_REQUIRE_BROWSER` is set (`.ci/run` sets it)
a missing browser fails them instead. The `browser` fixture (tests/conftest.py) uses `start`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

# Closed network: no first-run work, no background requests, no QUIC, a fresh profile per run.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def missing(why: str) -> NoReturn:
    """Skip (or, under EOL_CHECK_REQUIRE_BROWSER, fail) a test that needs what is missing."""
    if os.environ.get("EOL_CHECK_REQUIRE_BROWSER"):
        pytest.fail(f"{why}, and EOL_CHECK_REQUIRE_BROWSER is set")
    pytest.skip(f"{why}: apt-get install chromium chromium-driver (and pip install -e '.[test]')")


def start(profile: Path) -> Iterator[WebDriver]:
    """A headless Chromium with a fresh profile at `profile`, 1280×1000, quit afterwards."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        missing("Chromium or chromedriver is not installed")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,1000")
    driver = webdriver.Chrome(service=Service(str(driver_path)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
