"""The agent page in a real headless Chromium (SPEC §10): signing in with a token, the form typed
and sent with real keys and clicks, the answer, the Markdown for the ticket, at a desktop and
a phone width; and without JavaScript (a plain GET of the form's URL).

The browser is Debian's `chromium` driven by its `chromium-driver`, as in
tests/cli/test_publish_browser.py (skipped without them unless EOL_CHECK_REQUIRE_BROWSER).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from .conftest import CUSTOMERS, Server, StartServer, cli

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

REPORTED = "2026-01-15T09:30:00-05:00"


@pytest.fixture
def served(start_server: StartServer, db_url: str, tmp_path: Path) -> tuple[Server, str, str]:
    """A server with the test customers and a token: (server, token, database URL)."""
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    assert cli("contracts", "import", str(customers), "--db", db_url).returncode == 0
    tokens = tmp_path / "tokens.json"
    made = cli("tokens", "add", "agent-7", "--tokens", str(tokens))
    token = made.stdout.decode().strip()
    return start_server(["--db", db_url, "--tokens", str(tokens)]), token, db_url


@pytest.mark.parametrize(("width", "height"), [(1280, 1000), (390, 844)])
def test_an_agent_signs_in_asks_and_copies_for_the_ticket(
    browser: WebDriver, served: tuple[Server, str, str], width: int, height: int
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    server, token, db = served
    browser.set_window_size(width, height)
    browser.delete_all_cookies()
    browser.get(f"{server.url}/")
    assert browser.title == "Sign in: support desk"

    def navigates(action: Callable[[], object]) -> None:
        """Do `action` (a click, a key) and wait for the new page to replace this one."""
        browser.execute_script("window.eolCheckOldPage = true;")
        action()
        WebDriverWait(browser, 60).until(
            lambda b: b.execute_script(
                "return window.eolCheckOldPage === undefined && document.readyState === 'complete';"
            )
        )

    field = browser.find_element(By.ID, "token")
    navigates(lambda: field.send_keys("not-the-token", Keys.ENTER))
    assert browser.find_element(By.CSS_SELECTOR, "[role=alert]").text == (
        "That token is not valid."
    )
    browser.find_element(By.ID, "token").send_keys(token)
    navigates(browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
    assert browser.title == "Support desk: entitlement"
    cookie = browser.get_cookie("eol_check_session")
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"

    # Every field has a label a screen reader reads.
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, textarea')]"
        ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-labelledby'))"
        ".map(e => e.id);"
    )
    assert unlabelled == []
    # The customers of the database are suggested.
    options = browser.find_elements(By.CSS_SELECTOR, "#customers option")
    assert [o.get_attribute("value") for o in options] == ["acme", "globex", "initech"]

    browser.find_element(By.ID, "customer").send_keys("acme")
    browser.find_element(By.ID, "product").send_keys("oas")
    browser.find_element(By.ID, "version").send_keys("4.2.1")
    Select(browser.find_element(By.ID, "severity")).select_by_value("S2")
    reported = browser.find_element(By.ID, "reported_at")
    reported.send_keys(REPORTED)
    submit = browser.find_element(By.CSS_SELECTOR, "form.ask button[type=submit]")
    navigates(submit.click)

    verdict = browser.find_element(By.ID, "verdict")
    assert verdict.text == (
        "ENTITLED (workaround): Octopus Authentication Server 4.2.1, S2, on 2026-01-15"
    )
    assert "Customer acme: contract 2025-01-01 to 2027-12-31, in force, paid up" in (
        browser.find_element(By.TAG_NAME, "main").text
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    labels = [r.find_element(By.TAG_NAME, "th").text for r in rows]
    assert labels == ["First response", "Next update", "Workaround (a target)"]
    first = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
    assert first[0] == "2026-01-16T09:30:00+01:00"
    assert first[1].startswith("BREACHED ")  # the machine's clock is after January 2026
    assert "Upgrade path: 4.2.1 → 5.1.1" in browser.find_element(By.TAG_NAME, "main").text
    # The form keeps what was asked.
    assert browser.find_element(By.ID, "customer").get_attribute("value") == "acme"

    # The Markdown for the ticket is `check --format markdown` for the same question and moment.
    answered = browser.find_element(By.ID, "answered").get_attribute("datetime")
    assert answered is not None
    markdown = cli(
        "check",
        "oas",
        "4.2.1",
        "--severity",
        "S2",
        "--reported-at",
        REPORTED,
        "--now",
        answered,
        "--customer",
        "acme",
        "--customers",
        db,
        "--format",
        "markdown",
    )
    ticket = browser.find_element(By.ID, "ticket")
    assert ticket.get_attribute("value") == markdown.stdout.decode()
    copy = browser.find_element(By.ID, "copy")
    copy.click()
    said = browser.find_element(By.ID, "copied")
    WebDriverWait(browser, 60).until(lambda _: said.text != "")  # the clipboard answers later
    assert said.text == "Copied to the clipboard."
    # The clipboard holds the Markdown: pasted with the keyboard into the (emptied) customer field.
    customer = browser.find_element(By.ID, "customer")
    customer.clear()
    customer.send_keys(Keys.CONTROL, "v")
    pasted = customer.get_attribute("value")
    assert pasted is not None
    # (a one-line field: the browser turns each line break into a space)
    assert pasted.strip() == markdown.stdout.decode().replace("\n", " ").strip()
    customer.clear()

    # Nothing is wider than the screen (a phone scrolls down, never sideways).
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth;"
    )
    assert overflow <= 0
    if width < 500:  # one column on a phone: the fields stacked
        xs = {browser.find_element(By.ID, n).location["x"] for n in ("customer", "product")}
        assert len(xs) == 1

    # Keyboard only: Enter in a field sends the form; a bad version says the CLI's line.
    version = browser.find_element(By.ID, "version")
    version.clear()
    navigates(lambda: version.send_keys("banana", Keys.ENTER))
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert alert.text == "VERSION: no version found in 'banana': expected a number like 4.2.1"

    # Each answer the page gave is in the audit, under the agent's token name.
    audit = httpx.get(
        f"{server.url}/api/v1/audit", headers={"Authorization": f"Bearer {token}"}, timeout=60
    ).json()["audit"]
    assert [(r["token"], r["status"]) for r in audit] == [("agent-7", 200), ("agent-7", 422)]


def test_the_page_works_without_javascript(served: tuple[Server, str, str]) -> None:
    server, token, _ = served
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.get("/").status_code == 401  # the sign-in form
        signed = client.post("/login", data={"token": token})
        assert signed.status_code == 303
        page = client.get(
            "/",
            params={
                "product": "oas",
                "version": "4.0.1",
                "severity": "S1",
                "reported_at": REPORTED,
            },
        )
        assert page.status_code == 200
        assert '<p id="verdict" class="verdict no" role="status">NOT ENTITLED: ' in page.text
        hostile = client.get("/", params={"product": "<script>alert(1)</script>", "version": "1.0"})
        assert hostile.status_code == 422
        assert "<script>alert(1)</script>" not in hostile.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile.text
