"""Data changes without a restart (SPEC §10): a changed catalog or policy file is picked up
between requests, SIGHUP reloads, and a broken file is refused with one log line while the last
good data keeps answering."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

from .conftest import StartServer, cli, get

DATA = Path(__file__).resolve().parents[2] / "data"


def test_a_changed_catalog_is_picked_up_and_a_broken_one_refused(
    start_server: StartServer, tmp_path: Path
) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog", catalog)
    policy = tmp_path / "policy.toml"
    shutil.copy(DATA / "policy.toml", policy)
    server = start_server(
        ["--db", str(tmp_path / "db.sqlite"), "--catalog", str(catalog), "--policy", str(policy)]
    )
    question = ["status", "agent", "--date", "2026-01-01", "--format", "json"]

    def answer() -> bytes:
        response = get(server.url, "/api/v1/status/agent", date="2026-01-01")
        assert response.status_code == 200
        return response.content

    # A check too: the service remembers version statuses per load (answers.Statuses).
    asked = {
        "severity": "S3",
        "date": "2026-01-01",
        "reported_at": "2026-01-01T10:00:00Z",
        "now": "2026-01-02T00:00:00Z",
    }
    checked = [
        "check",
        "agent",
        "1.2.0",
        *(f"--{k.replace('_', '-')}={v}" for k, v in asked.items()),
    ]

    def check() -> bytes:
        response = get(server.url, "/api/v1/check", product="agent", version="1.2.0", **asked)
        assert response.status_code == 200
        return response.content

    def cli_check() -> bytes:
        return cli(
            *checked, "--format=json", "--catalog", str(catalog), "--policy", str(policy)
        ).stdout

    before = answer()
    same = cli(*question, "--catalog", str(catalog), "--policy", str(policy))
    assert before == same.stdout
    check_before = check()
    assert check_before == check() == cli_check()

    # A new release in the file: the next request answers with it.
    agent = catalog / "agent.toml"
    good = agent.read_text(encoding="utf-8")
    changed = good.replace('"1.2.0" = 2023-04-03', '"1.2.0" = 2023-04-03\n"1.2.7" = 2023-05-01')
    assert changed != good
    agent.write_text(changed, encoding="utf-8")
    after = answer()
    assert after != before
    assert b'"latest": "1.2.7"' in after
    assert after == cli(*question, "--catalog", str(catalog), "--policy", str(policy)).stdout
    assert server.wait_for("reloaded the catalog and policy") is not None
    check_after = check()
    assert check_after != check_before
    assert b'"latest_in_line": "1.2.7"' in check_after
    assert check_after == cli_check()

    # A broken file: refused with one log line; the last good catalog keeps answering.
    mark = len(server.lines)
    agent.write_text(changed + "\n[releases\n", encoding="utf-8")
    assert answer() == after
    assert answer() == after
    # The log line reaches this process by a reader thread: wait for it, then count.
    assert server.wait_for("refused", mark) is not None
    refused = [line for line in server.lines[mark:] if "refused" in line]
    assert len(refused) == 1
    assert refused[0].startswith(
        "eol-check serve: refused the changed catalog or policy (the last good one keeps "
        f"answering): {agent}:"
    )
    # A broken policy too.
    policy.write_text("not = [valid", encoding="utf-8")
    assert answer() == after

    # Mended, then SIGHUP: reloaded (and said so) without a request.
    shutil.copy(DATA / "policy.toml", policy)
    agent.write_text(good, encoding="utf-8")
    mark = len(server.lines)
    server.signal(signal.SIGHUP)
    assert server.wait_for("reloaded the catalog and policy", mark) is not None
    assert answer() == before
