"""`eol-check account-report`: the §3.2 report rendered in a real headless Chromium and printed
to PDF, whose text is read back with pypdf (SPEC §9, docs/account-report.md)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .._browser import missing
from ..conftest import RunCli
from .test_tickets_cli import CUSTOMERS, LOG

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

SECTIONS = [
    "Contracts (§1.3, §3.7, §7)",
    "Lifecycle of the installed versions (§2, §7)",
    "Tickets (§3.6)",
    "Response and update times (§3.6)",
    "Availability (§4, §5)",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eol_check.cli import main

    folder = tmp_path_factory.mktemp("report")
    (folder / "customers.csv").write_text(
        CUSTOMERS + "Globex,oas,4.2.3,emea,L1,2024-06-01,2027-05-31,yes,\n"
        "Globex,agent,1.2.2,emea,L1,2024-06-01,2027-05-31,yes,\n"
    )
    (folder / "log.csv").write_text(LOG)
    argv = [
        "account-report",
        "Globex",
        "--customers",
        str(folder / "customers.csv"),
        "--tickets",
        str(folder / "log.csv"),
        "--period",
        "2026",
        "-o",
        str(folder / "report.html"),
    ]
    assert main(argv) == 0
    return folder / "report.html"


def test_self_contained(report: Path) -> None:
    html = report.read_text()
    assert "<script" not in html
    for reference in ('src="http', "src='http", 'href="http', "url(http", "@import"):
        assert reference not in html
    assert html.count("<svg") == 3


def test_charts_and_timeline_render(browser: WebDriver, report: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 1000)
    browser.get(report.as_uri())
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h2")]
    assert headings[: len(SECTIONS)] == SECTIONS
    for section in ("timeline", "tickets", "attainment"):
        svg = browser.find_element(By.CSS_SELECTOR, f"#{section} svg")
        size = svg.size
        assert size["width"] > 300, section
        assert size["height"] > 80, section
        marks = browser.execute_script(
            "return arguments[0].querySelectorAll('path, rect, use').length", svg
        )
        assert marks > 10, section
        label = browser.find_element(By.CSS_SELECTOR, f"#{section} [role=img]")
        assert len(label.get_attribute("aria-label") or "") > 20  # the text alternative
    timeline = browser.find_element(By.CSS_SELECTOR, "#timeline [role=img]")
    assert "Octopus Authentication Server 4.2.3: End of Life 2026-03-01" in (
        timeline.get_attribute("aria-label") or ""
    )
    assert "Availability data was not given" in browser.find_element(By.TAG_NAME, "body").text
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    target = os.environ.get("EOL_CHECK_REPORT_SCREENSHOT")  # docs/account-report.png
    if target:
        shutil.copyfile(shot, target)


def test_a_phone_loses_no_content(browser: WebDriver, report: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 1000)
    browser.get(report.as_uri())
    wide = browser.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    browser.set_window_size(390, 844)
    browser.get(report.as_uri())
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("textContent") == wide
    # The page does not scroll sideways; tables scroll inside their box; charts shrink.
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= browser.execute_script("return window.innerWidth")
    for svg in browser.find_elements(By.CSS_SELECTOR, "svg"):
        assert 0 < svg.size["width"] <= 390
    # Nothing is clipped: every element outside a scrolling box lies within the page.
    clipped = browser.execute_script(
        "return [...document.querySelectorAll('main *')].filter(e => !e.closest('.scroll')"
        " && e.getBoundingClientRect().right > window.innerWidth + 1).length"
    )
    assert clipped == 0
    browser.set_window_size(1280, 1000)


@pytest.fixture(scope="module")
def availability_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """acme's 2025 report from examples/availability/: the two uptime charts."""
    from eol_check.cli import main

    examples = Path(__file__).resolve().parents[2] / "examples" / "availability"
    out = tmp_path_factory.mktemp("availability") / "report.html"
    argv = ["--date", "2026-01-15", "account-report", "acme", "--period", "2025", "-o", str(out)]
    argv += ["--customers", str(examples / "customers.csv")]
    argv += ["--incidents", str(examples / "incidents.csv")]
    argv += ["--telemetry", str(examples / "telemetry.csv")]
    assert main(argv) == 0
    return out


@pytest.fixture(scope="module")
def span_report(report: Path) -> Path:
    """Globex's report from July 2025 to August 2026: fourteen months of two years."""
    from eol_check.cli import main

    out = report.parent / "span.html"
    argv = ["account-report", "Globex", "--from", "2025-07-01", "--to", "2026-08-31"]
    argv += ["--customers", str(report.parent / "customers.csv")]
    argv += ["--tickets", str(report.parent / "log.csv"), "-o", str(out)]
    assert main(argv) == 0
    return out


def test_months_of_two_years_are_told_apart(span_report: Path) -> None:
    """Each month is its own bar group, named with its year when the period spans two (the
    charts once put 2025-07 and 2026-07 in one group named "07")."""
    page = span_report.read_text()
    for section in ("tickets", "attainment"):
        svg = page.partition(f"<section id={section}>")[2].partition("</svg>")[0]
        labels = re.findall(r">(\d{4}-\d{2})</text>", svg)
        assert labels == [f"2025-{m:02d}" for m in range(7, 13)] + [
            f"2026-{m:02d}" for m in range(1, 9)
        ], section


def test_no_chart_text_is_cut_off(
    browser: WebDriver, report: Path, availability_report: Path, span_report: Path
) -> None:
    """Every word of every chart (ticks, axis labels, titles, legends, the 99.9% label) lies
    inside its SVG as Chromium lays it out: the charts are drawn at a fixed size with margins
    for their labels (not cropped to them), so a margin too narrow would cut words off."""
    browser.set_window_size(1280, 1000)
    seen: list[str] = []
    for page, charts in ((report, 3), (availability_report, 2), (span_report, 3)):
        browser.get(page.as_uri())
        found = browser.execute_script(
            """
            const texts = [], outside = [];
            for (const svg of document.querySelectorAll('svg')) {
              const box = svg.getBoundingClientRect();
              for (const text of svg.querySelectorAll('text')) {
                const r = text.getBoundingClientRect();
                texts.push(text.textContent);
                if (r.left < box.left - 1 || r.right > box.right + 1
                    || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
                  outside.push(text.textContent);
                }
              }
            }
            return [document.querySelectorAll('svg').length, texts, outside];
            """
        )
        count, texts, outside = found
        assert count == charts
        assert outside == []
        seen += texts
    # The words nearest the edges were among those looked at: each legend, the target's label.
    for word in ("upgrade window (§2)", "S4", "updates", " 99.9%", "2025", "2025-12"):
        assert word in seen


def _tickets_sections(page: str) -> str:
    """The tickets and attainment sections of a report page: their tables and text."""
    start = page.index("<section id=tickets>")
    return page[start : page.index("</section>", page.index("<section id=attainment>"))]


@pytest.mark.parametrize(
    ("customer", "counted"),
    [
        # Hooli's two rows are judged in bulk from the CSV log (one contract for the product):
        # dst met, dst-late 30 minutes late (test_tickets_cli), both S2 in March; neither sent
        # a status update after its response, nor is resolved: one update breached each.
        (
            "Hooli",
            [
                "2 tickets in the period.</figcaption>",
                "<tr><td>2026-03</td><td class=n>0</td><td class=n>2</td><td class=n>0</td>",
                "2026-03: response 1/2 (50.0%), updates 0/2 (0.0%);",
            ],
        ),
        # Globex's rows are judged one by one (two contracts for oas); bad-time and before are
        # not judged.
        (
            "Globex",
            [
                "4 tickets in the period. 2 rows of the customer's tickets could not be judged",
                "<tr><td>2026-03</td><td class=n>1</td><td class=n>2</td><td class=n>1</td>",
            ],
        ),
    ],
)
def test_tickets_are_the_customers_whichever_way_they_are_read(
    report: Path, tmp_path: Path, customer: str, counted: list[str]
) -> None:
    """Only the customer's rows of a log of several customers are counted, and the page is the
    same when the log is plain CSV (its columns kept as the file's bytes, rows judged in bulk
    where they can be), CSV with a comma inside a quoted cell (its columns read by csv.reader)
    and JSON Lines (every row read and judged one by one)."""
    import csv
    import io
    import json

    from eol_check.cli import main

    rows = list(csv.reader(LOG.splitlines()))
    quoted = io.StringIO()  # a column eol-check does not read, its cells "seen, noted"
    csv.writer(quoted).writerows([[*rows[0], "note"], *([*row, "seen, noted"] for row in rows[1:])])
    (tmp_path / "quoted.csv").write_text(quoted.getvalue())
    records = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    pages = []
    for log in (report.parent / "log.csv", tmp_path / "quoted.csv", tmp_path / "log.jsonl"):
        out = tmp_path / f"{log.stem}.{log.suffix[1:]}.html"
        argv = ["account-report", customer, "--customers", str(report.parent / "customers.csv")]
        argv += ["--tickets", str(log), "--period", "2026", "-o", str(out)]
        assert main(argv) == 0
        pages.append(_tickets_sections(out.read_text()))
    assert pages[0] == pages[1] == pages[2]
    for text in counted:
        assert text in pages[0]


def test_a_row_that_cannot_be_read_is_counted_as_not_judged(report: Path, tmp_path: Path) -> None:
    """A line of the log that is not a ticket at all names no customer: it may be this one's,
    so it is counted under "not judged" on every customer's page, never dropped (SPEC §9)."""
    import csv
    import json

    from eol_check.cli import main

    rows = list(csv.reader(LOG.splitlines()))
    hooli = [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[1] == "Hooli"]
    lines = [json.dumps(hooli[0]), "not JSON", json.dumps(hooli[1])]
    (tmp_path / "log.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "report.html"
    argv = ["account-report", "Hooli", "--customers", str(report.parent / "customers.csv")]
    argv += ["--tickets", str(tmp_path / "log.jsonl"), "--period", "2026", "-o", str(out)]
    assert main(argv) == 0
    assert (
        "2 tickets in the period. 1 row of the customer's tickets could not be judged"
        in out.read_text()
    )


def test_pdf_text_reads_back(report: Path, run_cli: RunCli, tmp_path: Path) -> None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        missing("Chromium is not installed")
    from pypdf import PdfReader

    customers = report.parent / "customers.csv"
    out = tmp_path / "globex.html"
    result = run_cli(
        "account-report",
        "Globex",
        "--customers",
        str(customers),
        "--tickets",
        str(report.parent / "log.csv"),
        "--period",
        "2026",
        "-o",
        str(out),
        "--pdf",
    )
    assert result.code == 0, result.err
    assert result.out == f"wrote {out} and {out.with_suffix('.pdf')}\n"
    text = "\n".join(page.extract_text() for page in PdfReader(out.with_suffix(".pdf")).pages)
    assert "Maintenance and Support report: Globex" in text
    for heading in SECTIONS:
        assert heading in text
    assert "Tickets by severity and month" in text  # the chart's own text, kept as text
    assert "2027-02-28 Octopus Authentication Server 4.2: last day to upgrade (§2)" in text


def test_unknown_customer_and_bad_options(run_cli: RunCli, report: Path, tmp_path: Path) -> None:
    customers = str(report.parent / "customers.csv")
    out = str(tmp_path / "r.html")
    result = run_cli("account-report", "Globx", "--customers", customers, "-o", out)
    assert result.code == 2
    assert result.err == "eol-check: error: unknown customer 'Globx'; did you mean 'Globex'?\n"
    result = run_cli(
        "account-report", "Globex", "--customers", customers, "-o", out, "--from", "2026-01-01"
    )
    assert result.code == 2
    assert result.err == (
        "eol-check: error: give --period YEAR, or both --from DATE and --to DATE\n"
    )
    assert not Path(out).exists()
    result = run_cli(
        "account-report",
        "Globex",
        "--customers",
        customers,
        "-o",
        out,
        "--from",
        "1900-01-01",
        "--to",
        "2999-12-31",
    )
    assert result.code == 2
    assert result.err == (
        "eol-check: error: a report covers at most ten years: give a shorter --from/--to\n"
    )
    result = run_cli(
        "account-report", "Globex", "--customers", customers, "-o", str(tmp_path / "no" / "r.html")
    )
    assert result.code == 74
    assert result.err.startswith(f"eol-check: error: cannot write {tmp_path}/no/r.html: ")


def test_hostile_text_never_reaches_the_page_raw(run_cli: RunCli, tmp_path: Path) -> None:
    # A customer with an escape sequence and a bidi override, from the customers file: the page
    # shows it as the terminal does (`_format.printable`), in its title and heading too.
    name = "Ac\x1b[2Jme\u202e<b>"
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "customer,product,version,region,tier,start,end,paid_up,coverage\n"
        f"{name},oas,4.2.3,emea,L1,2024-06-01,2027-05-31,yes,\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    result = run_cli(
        "--date",
        "2026-06-01",
        "account-report",
        name,
        "--customers",
        str(customers),
        "-o",
        str(out),
    )
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", page)
    assert "<h1>Maintenance and Support report: Ac\\x1b[2Jme\\u202e&lt;b&gt;</h1>" in page
