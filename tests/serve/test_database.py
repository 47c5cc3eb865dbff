"""Contracts in a database (SPEC §10): import all or nothing, export, the schema upgraded in
place, and `check --customers` / `customer` reading it; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from eol_check.serve.database import SCHEMA_VERSION, Store, open_store

from ..conftest import RunCli
from .conftest import CUSTOMERS, cli

BAD_ROW = CUSTOMERS + "hooli,oas,4.2.1,mars,,,,,\n"


def test_import_and_export_round_trip(run_cli: RunCli, db_url: str, tmp_path: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    done = run_cli("contracts", "import", str(customers), "--db", db_url)
    assert done.code == 0, done.err
    exported = run_cli("contracts", "export", "--db", db_url)
    assert exported.code == 0
    assert exported.out == (
        "customer,product,version,region,tier,start,end,paid_up,coverage\n"
        "acme,oas,4.2.1,emea,L2,2025-01-01,2027-12-31,true,business\n"
        "acme,console,3.1.0,,,,,,business\n"
        "globex,OAS,4.0.1,,,,,,24x7\n"
        "initech,oas,5.0.0,apac,L1,2024-01-01,2025-06-30,false,business\n"
    )
    # What export wrote imports back to the same contracts.
    again = tmp_path / "again.csv"
    again.write_text(exported.out, encoding="utf-8")
    assert run_cli("contracts", "import", str(again), "--db", db_url).code == 0
    assert run_cli("contracts", "export", "--db", db_url).out == exported.out
    out = tmp_path / "out.csv"
    assert run_cli("contracts", "export", "--db", db_url, "--output", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == exported.out


def test_a_bad_row_names_its_line_and_changes_nothing(
    run_cli: RunCli, db_url: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(CUSTOMERS, encoding="utf-8")
    assert run_cli("contracts", "import", str(good), "--db", db_url).code == 0
    before = run_cli("contracts", "export", "--db", db_url).out
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_ROW, encoding="utf-8")
    done = run_cli("contracts", "import", str(bad), "--db", db_url)
    assert done.code == 2
    assert done.err == (
        f"eol-check: error: {bad}:6: region: unknown region 'mars'; did you mean 'emea'? "
        "(known regions: na, emea, apac, india)\n"
    )
    assert run_cli("contracts", "export", "--db", db_url).out == before


def test_check_reads_the_database_as_it_reads_the_file(
    run_cli: RunCli, db_url: str, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    assert run_cli("contracts", "import", str(customers), "--db", db_url).code == 0
    question = [
        "check",
        "oas",
        "4.2.1",
        "--severity",
        "S2",
        "--reported-at",
        "2026-01-15T09:30:00-05:00",
        "--now",
        "2026-01-16T09:30:00-05:00",
        "--format",
        "json",
    ]
    for customer in ("acme", "GLOBEX", "initech"):
        from_file = run_cli(*question, "--customer", customer, "--customers", str(customers))
        from_db = run_cli(*question, "--customer", customer, "--customers", db_url)
        assert (from_db.code, from_db.out) == (from_file.code, from_file.out)
    unknown = run_cli(*question, "--customer", "acne", "--customers", db_url)
    assert (unknown.code, unknown.err) == (
        2,
        "eol-check: error: unknown customer 'acne'; did you mean 'acme'?\n",
    )


def test_customer_command(run_cli: RunCli, db_url: str, tmp_path: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    assert run_cli("contracts", "import", str(customers), "--db", db_url).code == 0
    done = run_cli("customer", "ACME", "--db", db_url, "--date", "2026-01-01")
    assert done.code == 0
    assert done.out.splitlines() == [
        f"Customer acme on 2026-01-01 ({db_url.rsplit('/', 1)[1]}):",
        "  oas 4.2.1: supported; contract in-force; S1 workaround, S2 workaround, S3 upgrade, "
        "S4 upgrade",
        "  console 3.1.0: current; contract in-force; S1 full, S2 full, S3 full, S4 full",
    ]


def test_schema_upgrades_in_place(db_url: str, tmp_path: Path) -> None:
    from eol_check.policy import load_policy

    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    old = Store(db_url, upgrade_to=1)  # a database made by the first schema: no audit
    assert old.schema_version() == 1
    assert old.import_contracts(customers, load_policy()) == 4
    old.engine.dispose()
    store = Store(db_url)
    assert store.schema_version() == SCHEMA_VERSION == 2
    assert [c.customer for _, c in store.contracts()] == ["acme", "acme", "globex", "initech"]
    assert store.audit() == []
    store.engine.dispose()


def test_a_newer_schema_is_refused(db_url: str) -> None:
    from sqlalchemy import text

    store = Store(db_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE eol_check_meta SET value = '99' WHERE key = 'schema_version'"))
    store.engine.dispose()
    with pytest.raises(Exception, match="schema version 99 is newer than this eol-check's"):
        Store(db_url)


def test_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all, just text" * 100)
    done = cli("contracts", "export", "--db", str(junk))
    assert done.returncode == 3
    assert done.stderr.decode() == (
        f"eol-check: error: database sqlite:///{junk}: cannot open it: file is not a database\n"
    )
    done = cli("contracts", "export", "--db", "mysql://x@y/z")
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "eol-check: error: mysql://x@y/z: expected sqlite:///FILE (a file) or "
        "postgresql://USER@HOST/DATABASE\n"
    )


def test_open_store_is_one_per_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    assert open_store(url) is open_store(url)
    assert open_store(str(tmp_path / "one.db")) is open_store(url)


def test_report_reads_the_database_as_it_reads_the_file(
    run_cli: RunCli, db_url: str, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    assert run_cli("contracts", "import", str(customers), "--db", db_url).code == 0
    for fmt in ("json", "csv", "text"):
        from_file = run_cli("report", str(customers), "--date", "2026-01-01", "--format", fmt)
        from_db = run_cli("report", db_url, "--date", "2026-01-01", "--format", fmt)
        assert (from_db.code, from_db.out) == (from_file.code, from_file.out) == (0, from_db.out)
        assert from_db.out
