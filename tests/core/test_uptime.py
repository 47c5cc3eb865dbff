"""Yearly uptime (SPEC §8): budgets, overlaps, exclusions, a year in progress, and the telemetry
computation on both engines (DuckDB and a real local Spark), which must give identical answers."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from eol_check.availability import (
    Incident,
    IncidentLog,
    Service,
    Uptime,
    load_incidents,
    uptime,
)
from eol_check.availability.telemetry import SQL, _answer, statements, summarise
from eol_check.availability.uptime import budget, minutes_in_year
from eol_check.errors import AvailabilityError, UnknownName
from eol_check.policy import Policy, load_policy

from .._spark import spark_session

UTC = timezone.utc
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "availability"
__all__ = ["spark_session"]  # the fixture, shared by the session

# py4j (PySpark's bridge to the JVM) leaves its sockets for the garbage collector to close.
pytestmark = [
    pytest.mark.filterwarnings("ignore:unclosed <socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def incident(
    id: str,
    start: str,
    minutes: int,
    *,
    service: Service = Service.SAAS,
    kind: str = "unscheduled",
    cause: str | None = None,
    customers: str = "acme",
    announced: str | None = None,
) -> Incident:
    a = at(start)
    return Incident(
        id=id,
        service=service,
        start=a,
        end=a + timedelta(minutes=minutes),
        kind=kind,
        announced_at=None if announced is None else at(announced),
        cause=cause,
        customers=frozenset(c for c in customers.split(";") if c),
    )


def one(
    policy: Policy,
    *incidents: Incident,
    year: int = 2025,
    today: date | None = None,
    service: Service = Service.SAAS,
    **kwargs: Any,
) -> Uptime:
    report = uptime(
        policy,
        IncidentLog(tuple(incidents)),
        year=year,
        today=today or date(2026, 12, 5),
        service=service,
        customer="acme",
        regions={"acme": "na"},
        **kwargs,
    )
    [result] = report.results
    return result


# --- the budget: decided in integers -------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "minutes", "allowed"),
    [(2025, 525_600, 525), (2024, 527_040, 527), (2100, 525_600, 525)],
)
def test_leap_year_budgets(year: int, minutes: int, allowed: int) -> None:
    assert minutes_in_year(year) == minutes
    assert budget(minutes, 0.999) == allowed


@pytest.mark.parametrize(
    ("year", "down", "met"),
    [(2025, 525, True), (2025, 526, False), (2024, 527, True), (2024, 528, False)],
)
def test_the_target_is_met_up_to_the_budget(
    policy: Policy, year: int, down: int, met: bool
) -> None:
    result = one(policy, incident("x", f"{year}-02-28T20:00:00", down), year=year)
    assert result.downtime_minutes == down
    assert result.met is met
    assert result.budget_minutes == minutes_in_year(year) // 1000
    assert result.left_minutes == max(result.budget_minutes - down, 0)


def test_uptime_has_six_places_cut_not_rounded(policy: Policy) -> None:
    result = one(policy, incident("x", "2025-03-01T00:00:00", 526))
    # (525600 − 526) / 525600 = 0.998999238…: never shown as 0.999
    assert str(result.uptime) == "0.998999"


# --- overlaps, exclusions, first cause -----------------------------------------------------


def test_overlapping_incidents_count_each_minute_once(policy: Policy) -> None:
    result = one(
        policy,
        incident("a", "2025-03-01T00:00:00", 60),
        incident("b", "2025-03-01T00:30:00", 60),
        incident("c", "2025-03-01T01:30:00", 10),  # touches b's end
    )
    assert result.downtime_minutes == 100
    assert [(i.id, i.minutes) for i in result.incidents] == [("a", 60), ("b", 60), ("c", 10)]


def test_an_excluded_minute_also_under_a_counting_incident_counts(policy: Policy) -> None:
    result = one(
        policy,
        incident("net", "2025-03-01T00:00:00", 60, cause="internet"),
        incident("ours", "2025-03-01T00:40:00", 40),
    )
    assert result.downtime_minutes == 40 + 0  # 00:40–01:20
    assert result.excluded_minutes["internet"] == 40  # 00:00–00:40 only


def test_a_minute_under_two_causes_goes_to_the_first_in_the_policy_order(
    policy: Policy,
) -> None:
    # SaaS (§1.14): scheduled, customer, customer-equipment, third-party, internet.
    result = one(
        policy,
        incident("net", "2025-03-01T00:00:00", 60, cause="internet"),
        incident("cust", "2025-03-01T00:30:00", 60, cause="customer"),
    )
    assert result.downtime_minutes == 0
    assert {k: v for k, v in result.excluded_minutes.items() if v} == {
        "customer": 60,
        "internet": 30,
    }
    assert list(result.excluded_minutes) == [
        "scheduled",
        "customer",
        "customer-equipment",
        "third-party",
        "internet",
    ]


def test_a_cause_the_service_does_not_list_excludes_nothing(policy: Policy) -> None:
    result = one(policy, incident("tp", "2025-03-01T00:00:00", 30, cause="customer-connectivity"))
    assert result.downtime_minutes == 30
    [verdict] = result.incidents
    assert verdict.counted
    assert verdict.reasons[-1] == (
        "cause customer-connectivity is not one the SaaS Services excludes (§5.1): it counts"
    )


def test_scheduled_downtime_with_notice_is_excluded_and_late_notice_counts(
    policy: Policy,
) -> None:
    result = one(
        policy,
        incident(
            "ok", "2025-05-10T06:00:00", 60, kind="scheduled", announced="2025-04-30T06:00:00"
        ),
        incident(
            "late", "2025-06-10T06:00:00", 60, kind="scheduled", announced="2025-05-31T06:01:00"
        ),
    )
    assert result.excluded_minutes["scheduled"] == 60
    assert result.downtime_minutes == 60
    assert [(i.id, i.how, i.excluded_as) for i in result.incidents] == [
        ("ok", "excluded", "scheduled"),
        ("late", "unscheduled", None),
    ]


def test_an_incident_across_the_new_year_counts_in_each_year_its_part(policy: Policy) -> None:
    spanning = incident("ny", "2024-12-31T23:00:00", 120)
    assert one(policy, spanning, year=2024).downtime_minutes == 60
    assert one(policy, spanning, year=2025).downtime_minutes == 60


def test_a_blank_customers_cell_means_every_customer(policy: Policy) -> None:
    report = uptime(
        policy,
        IncidentLog((incident("all", "2025-03-01T00:00:00", 30, customers=""),)),
        year=2025,
        today=date(2026, 1, 1),
        service=Service.SAAS,
        regions={"acme": "na", "globex": "emea"},
    )
    assert [(r.customer, r.downtime_minutes, r.region_defaulted) for r in report.results] == [
        ("acme", 30, False),
        ("globex", 30, False),
    ]


def test_an_unknown_customer_gets_a_suggestion(policy: Policy) -> None:
    with pytest.raises(UnknownName) as caught:
        uptime(
            policy,
            IncidentLog(),
            year=2025,
            today=date(2026, 1, 1),
            customer="acmee",
            regions={"acme": "na"},
        )
    assert str(caught.value) == "unknown customer 'acmee'; did you mean 'acme'?"


# --- a year in progress ----------------------------------------------------------------------


def test_a_year_in_progress_reports_what_is_left(policy: Policy) -> None:
    result = one(
        policy, incident("x", "2026-02-01T00:00:00", 100), year=2026, today=date(2026, 6, 30)
    )
    assert result.in_progress
    assert result.met is None
    assert (result.budget_minutes, result.left_minutes) == (525, 425)
    assert result.minutes_so_far == 181 * 1440
    assert [m.month for m in result.months] == [1, 2, 3, 4, 5, 6]
    assert result.months[1].downtime_minutes == 100
    assert result.met_reason.startswith("the year is in progress: 100 of the 525 minutes")


def test_a_year_in_progress_is_missed_once_the_budget_is_exceeded(policy: Policy) -> None:
    result = one(
        policy, incident("x", "2026-02-01T00:00:00", 600), year=2026, today=date(2026, 6, 30)
    )
    assert (result.in_progress, result.met, result.left_minutes) == (True, False, 0)


def test_mobile_without_telemetry_says_so(policy: Policy) -> None:
    result = one(
        policy,
        incident("x", "2025-02-01T00:00:00", 600, service=Service.MOBILE),
        service=Service.MOBILE,
    )
    assert result.met is None
    assert result.uptime is None  # no 100% claimed
    assert result.telemetry_minutes == 0
    assert result.downtime_minutes == 0  # the incident log adds no Mobile Downtime (SPEC §8)
    assert result.met_reason == (
        "no telemetry for acme in 2025 (no --telemetry given): Downtime cannot be measured "
        "(§1.12), so no uptime is claimed"
    )


def test_saas_with_an_unreadable_incident_row_is_not_decided(
    policy: Policy, tmp_path: Path
) -> None:
    path = tmp_path / "i.csv"
    path.write_text("id,service,start,end,kind\nx,saas,soon,later,unscheduled\n")
    assert policy.availability is not None
    report = uptime(
        policy,
        load_incidents(path, policy.availability),
        year=2025,
        today=date(2026, 1, 1),
        service=Service.SAAS,
        regions={"acme": "na"},
    )
    [result] = report.results
    assert result.met is None
    assert result.met_reason == (
        f"1 incident rows could not be read and could add Unscheduled Downtime ({path}:2: "
        "start: 'soon' is not an ISO 8601 date-time)"
    )


# --- telemetry, on both engines --------------------------------------------------------------

# Rows of 2024 (a leap year). Minute 00:00 on March 1st is minute 60 × 24 × 60 of the year.
TELEMETRY = [
    # customer, minute, requests, errors
    ("acme", "2024-03-01T00:00:00Z", "100", "11"),  # 11% > 10%: Downtime
    ("acme", "2024-03-01T00:01:00Z", "100", "10"),  # exactly 10%: not Downtime
    ("acme", "2024-03-01T00:02:00Z", "0", "0"),  # no requests: not Downtime
    ("acme", "2024-03-01T00:03:00Z", "100", "5"),  # duplicates, summed: 25 / 200 > 10%
    ("acme", "2024-03-01T00:03:00Z", "100", "20"),
    ("acme", "2024-03-01T00:04:00Z", "100", "50"),  # 00:03–00:05 is one run
    ("acme", "2024-12-31T23:59:00Z", "10", "10"),  # the last minute of the year
    ("acme", "2025-01-01T00:00:00Z", "10", "10"),  # another year: ignored
    ("globex", "2024-03-01T00:00:00Z", "100", "100"),
    ("globex", "2024-03-01T00:00:30Z", "100", "1"),  # bad: not the start of a minute
    ("globex", "2024-03-01T00:05:00Z", "-1", "0"),  # bad: negative
    ("globex", "2024-03-01T00:06:00Z", "10", "11"),  # bad: more errors than requests
    ("globex", "2024-03-01T00:07:00Z", "ten", "1"),  # bad: not a whole number
    ("globex", "yesterday", "10", "1"),  # bad: not a timestamp
    ("", "2024-03-01T00:08:00Z", "10", "1"),  # bad: no customer
]

INCIDENTS = (
    "id,service,start,end,kind,announced_at,cause,customers\n"
    # 00:04 for acme is the customer's own connectivity (§4(i)).
    "c-1,mobile,2024-03-01T00:04:00Z,2024-03-01T00:05:00Z,unscheduled,,customer-connectivity,acme\n"
)


def _write_telemetry(
    folder: Path, kind: str, rows: list[tuple[str, str, str, str]] = TELEMETRY
) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "telemetry.csv"
    csv_path.write_text(
        "customer,minute,requests,errors\n" + "".join(",".join(r) + "\n" for r in rows)
    )
    if kind == "csv":
        return str(csv_path)
    import duckdb

    target = folder / "telemetry.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    # Typed columns, as a metrics pipeline writes them; bad cells become NULL (unreadable).
    con.execute(
        f"COPY (SELECT customer, TRY_CAST(TRIM(minute) AS TIMESTAMPTZ) AS minute, "
        f"TRY_CAST(TRIM(requests) AS BIGINT) AS requests, "
        f"TRY_CAST(TRIM(errors) AS BIGINT) AS errors "
        f"FROM read_csv('{csv_path}', all_varchar = true)) TO '{target}' (FORMAT parquet)"
    )
    con.close()
    csv_path.unlink()
    return str(target)


@pytest.fixture(params=["duckdb", "spark"])
def engine(request: pytest.FixtureRequest) -> str:
    if request.param == "spark":
        request.getfixturevalue("spark_session")
    return str(request.param)


def _report(policy: Policy, tmp_path: Path, kind: str, engine: str) -> Any:
    telemetry = _write_telemetry(tmp_path / kind, kind)
    incidents = tmp_path / "incidents.csv"
    incidents.write_text(INCIDENTS)
    assert policy.availability is not None
    return uptime(
        policy,
        load_incidents(incidents, policy.availability),
        year=2024,
        today=date(2026, 1, 10),
        telemetry=telemetry,
        service=Service.MOBILE,
        regions={"acme": "na"},
        engine=engine,
    )


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_telemetry_on_each_engine(policy: Policy, tmp_path: Path, kind: str, engine: str) -> None:
    report = _report(policy, tmp_path, kind, engine)
    acme, globex = report.results
    assert acme.customer == "acme"
    assert acme.telemetry_minutes == 6  # 00:00, 00:01, 00:02, 00:03, 00:04, 23:59
    assert acme.downtime_minutes == 3  # 00:00, 00:03, 23:59
    assert acme.excluded_minutes["customer-connectivity"] == 1  # 00:04
    assert acme.met is True
    assert [(i.id, i.minutes, i.how) for i in acme.incidents] == [("c-1", 1, "excluded")]
    assert acme.months[2].downtime_minutes == 2
    assert acme.months[11].downtime_minutes == 1
    # globex: one good minute, five bad rows of its own, and one row without a customer.
    assert globex.telemetry_minutes == 1
    assert globex.downtime_minutes == 1
    assert globex.unjudged_minutes == 6
    assert globex.region_defaulted
    assert report.unjudged_rows == 6
    if kind == "csv":
        # A CSV row is named by its line (the header is line 1).
        where = str(tmp_path / kind / "telemetry.csv")
        assert [str(p) for p in report.problems] == [
            f"{where}:11: minute is not the start of a minute",
            f"{where}:12: a negative count",
            f"{where}:13: more errors than requests",
            f"{where}:14: requests or errors is not a whole number",
            f"{where}:15: minute is not a UTC timestamp",
            f"{where}:16: no customer",
        ]
    else:
        # A Parquet row by its row number; the unreadable cells were written as NULL.
        where = str(tmp_path / kind / "telemetry.parquet")
        assert [str(p) for p in report.problems] == [
            f"{where}:10: minute is not the start of a minute",
            f"{where}:11: a negative count",
            f"{where}:12: more errors than requests",
            f"{where}:13: requests or errors is not a whole number",
            f"{where}:14: minute is not a UTC timestamp",
            f"{where}:15: no customer",
        ]


# The SQL aggregates per customer and UTC hour (telemetry.py): hours with and without duplicates,
# a duplicate minute whose sum is not over the rate, minute 59 of an hour, and a month edge.
EDGES = [
    ("initech", "2024-02-29T23:59:00Z", "100", "20"),  # alone in its hour, over: Downtime
    ("initech", "2024-03-01T00:00:00Z", "100", "15"),  # one row over, but summed 15 / 200
    ("initech", "2024-03-01T00:00:00Z", "100", "0"),  # is not over: not Downtime
    ("initech", "2024-03-01T00:01:00Z", "100", "30"),  # alone, in an hour with duplicates
    ("initech", "2024-03-01T01:05:00Z", "10", "0"),  # a duplicate minute, counted once
    ("initech", "2024-03-01T01:05:00Z", "10", "1"),
    ("initech", "2024-03-01T01:59:00Z", "10", "5"),  # minute 59, in an hour with duplicates
    ("initech", "2024-03-01T02:00:00Z", "10", "0"),  # duplicates, no row over
    ("initech", "2024-03-01T02:00:00Z", "10", "0"),
    ("initech", "2024-03-01T02:59:00Z", "10", "1"),  # exactly 10%: not Downtime
]


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_telemetry_duplicates_by_hour(tmp_path: Path, kind: str, engine: str) -> None:
    path = _write_telemetry(tmp_path / kind, kind, EDGES)
    summary = summarise(path, 2024, 0.10, engine=engine)
    # Minutes with data per month: February 1; March 00:00, 00:01, 01:05, 01:59, 02:00, 02:59.
    assert summary.telemetry_minutes == {"initech": {2: 1, 3: 6}}
    march = 60 * 24 * 60  # the first minute of March 1st, 2024 (a leap year)
    assert summary.downtime_runs == {
        "initech": [(march - 1, march), (march + 1, march + 2), (march + 119, march + 120)]
    }
    assert summary.unjudged == {}


def _year_edges(year: int) -> list[tuple[str, str, str, str]]:
    """Rows at the edges of `year`: only the year's own rows count, good or bad (SPEC §8)."""
    rows = [
        ("acme", f"{year - 1}-12-31T23:59:00Z", "100", "50"),  # the minute before: ignored
        ("acme", f"{year - 1}-12-31T23:59:59Z", "-1", "0"),  # bad, but before the year: ignored
        ("acme", f"{year}-01-01T00:00:00Z", "100", "50"),  # the year's first minute: Downtime
        ("acme", f"{year}-12-31T23:59:00Z", "100", "1"),  # its last minute
        ("acme", f"{year}-12-31T23:59:30Z", "100", "1"),  # bad: not the start of a minute
        ("acme", f"{year + 1}-01-01T00:00:00Z", "100", "50"),  # the minute after: ignored
        ("acme", f"{year + 1}-01-01T00:00:30Z", "5", "9"),  # bad, but after the year: ignored
    ]
    if year > 1970:
        # Moments before 1970 (negative microseconds, divided toward zero): ignored.
        rows += [
            ("acme", "1969-12-31T23:59:00Z", "100", "50"),
            ("acme", "1969-12-31T23:59:30Z", "-1", "0"),
            ("acme", "1970-01-01T00:00:00Z", "100", "50"),
        ]
    return rows


# 1969 and 1970: minutes before and at 1970 (negative microseconds, which SQL divides toward zero).
@pytest.mark.parametrize("year", [1969, 1970, 2024])
@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_only_the_years_rows_count(tmp_path: Path, kind: str, year: int, engine: str) -> None:
    path = _write_telemetry(tmp_path / kind, kind, _year_edges(year))
    summary = summarise(path, year, 0.10, engine=engine)
    assert summary.telemetry_minutes == {"acme": {1: 1, 12: 1}}
    assert summary.downtime_runs == {"acme": [(0, 1)]}
    assert summary.unjudged == {"acme": 1}
    assert [problem for *_, problem in summary.named] == ["minute is not the start of a minute"]


def test_a_minute_after_the_year_294000_in_a_year_before_1971(tmp_path: Path, engine: str) -> None:
    # Counted from the day before a year before 1971, such a minute overflows 64 bits: the file
    # cannot be read (a clean error, exit 2), where a later year ignores it.
    rows = [
        ("acme", "1969-06-01T00:00:00Z", "10", "5"),
        ("acme", "294246-12-31T23:59:00Z", "1", "1"),
    ]
    path = _write_telemetry(tmp_path, "csv", rows)
    assert summarise(path, 2024, 0.10, engine=engine).telemetry_minutes == {}
    with pytest.raises(AvailabilityError, match=r"^telemetry: cannot be read: "):
        summarise(path, 1969, 0.10, engine=engine)


@pytest.mark.parametrize("word", ["infinity", "-infinity", "Infinity", "inf", "epoch", " epoch"])
def test_a_word_for_a_minute_is_an_unreadable_row_on_each_engine(
    tmp_path: Path, word: str, engine: str
) -> None:
    # DuckDB reads some words as moments (±infinity, epoch), Spark does not: as text they are
    # not a minute on either engine (counted and named, never a moment of no year).
    rows = [("acme", "2024-03-01T00:00:00Z", "100", "1"), ("acme", word, "100", "1")]
    path = _write_telemetry(tmp_path, "csv", rows)
    summary = summarise(path, 2024, 0.10, engine=engine)
    assert summary.telemetry_minutes == {"acme": {3: 1}}
    assert summary.unjudged == {"acme": 1}
    assert summary.named == (("acme", path, 3, "minute is not a UTC timestamp"),)


def test_a_huge_count_in_a_bad_row_is_that_rows_problem(tmp_path: Path, engine: str) -> None:
    # errors * 10 would overflow 64 bits: only readable rows are judged by the rate (§1.12).
    rows = [
        ("acme", "2024-03-01T00:00:00Z", "100", "11"),
        ("acme", "2024-03-01T00:01:00Z", "1", "9000000000000000000"),
        ("acme", "2024-03-01T00:02:00Z", "-5", "9000000000000000000"),
    ]
    path = _write_telemetry(tmp_path, "csv", rows)
    summary = summarise(path, 2024, 0.10, engine=engine)
    assert summary.telemetry_minutes == {"acme": {3: 1}}
    march = 60 * 24 * 60
    assert summary.downtime_runs == {"acme": [(march, march + 1)]}
    assert [problem for *_, problem in summary.named] == [
        "more errors than requests",
        "a negative count",
    ]


@pytest.mark.parametrize(
    ("check", "ran"),
    [
        ((0, 0), ["judged", "main"]),
        ((3, 0), ["judged", "main", "named"]),
        ((0, 1), ["judged", "main", "summed"]),
        ((2, 5), ["judged", "main", "summed", "named"]),
    ],
)
def test_the_second_reads_run_only_when_the_main_pass_asks(
    check: tuple[int, int], ran: list[str]
) -> None:
    # The statements after `main` read the files again: `named` only when `main` counted
    # unreadable rows, `summed` only for days with duplicates and a Downtime candidate; then its
    # runs replace `main`'s (which did not sum duplicates).
    parts = statements(SQL)
    assert list(parts) == ["judged", "main", "named", "summed"]
    seen: list[str] = []

    def run(text: str) -> list[tuple[Any, ...]]:
        name = next(key for key, value in parts.items() if value == text)
        seen.append(name)
        answers: dict[str, list[tuple[Any, ...]]] = {
            "main": [
                ("check", None, None, *check, None, None, None),
                ("down", "a", None, None, 1, 1),
            ],
            "named": [("bad", "a", None, None, 7, None, "f", "no customer")],
            "summed": [("down", "a", None, None, 2, 3)],
        }
        return answers.get(name, [])

    rows = _answer(run, SQL)
    assert seen == ran
    downs = [row for row in rows if row[0] == "down"]
    assert downs == (
        [("down", "a", None, None, 2, 3)] if check[1] else [("down", "a", None, None, 1, 1)]
    )
    assert any(row[0] == "bad" for row in rows) == bool(check[0])
    assert all(row[0] != "check" for row in rows)


def test_the_engines_give_identical_answers_on_the_example(
    policy: Policy, spark_session: Any
) -> None:
    assert policy.availability is not None
    log = load_incidents(EXAMPLES / "incidents.csv", policy.availability)
    answers = {
        (engine, name): json.dumps(
            uptime(
                policy,
                log,
                year=2025,
                today=date(2026, 1, 15),
                telemetry=str(EXAMPLES / name),
                regions={"acme": "na", "globex": "emea"},
                engine=engine,
            ).as_json(),
            sort_keys=True,
        )
        for engine in ("duckdb", "spark")
        for name in ("telemetry.parquet", "telemetry.csv")
    }
    assert len(set(answers.values())) == 1
    assert '"downtime_minutes": 30' in answers["duckdb", "telemetry.csv"]


def test_telemetry_in_another_shape(policy: Policy, tmp_path: Path, engine: str) -> None:
    path = tmp_path / "other.csv"
    path.write_text("host,when,ok\na,2024-01-01T00:00:00Z,1\n")
    with pytest.raises(AvailabilityError) as caught:
        uptime(
            policy,
            IncidentLog(),
            year=2024,
            today=date(2026, 1, 1),
            telemetry=str(path),
            service=Service.MOBILE,
            engine=engine,
        )
    assert str(caught.value) == (
        f"{path}: not telemetry in the expected shape: no column customer, minute, requests, "
        "errors (expected customer, minute, requests, errors; found host, when, ok)"
    )
