"""The service under load: `GET check` (audited) against a trivial endpoint of the same server.

    python benchmarks/serve.py [--db URL] [--requests N] [--seconds S] [--clients C] [--rounds R]

Starts `eol-check serve` on 127.0.0.1 (a fresh SQLite file unless --db names a database, e.g.
PostgreSQL), and from this process drives it over loopback with C keep-alive connections
(threads). Each round measures `GET /api/v1/health` (the trivial endpoint: same server, same
authentication and thread hand-off, no answer, no audit) and then `GET /api/v1/check` (a
distinct question each time, every answer appended to the audit), each for N requests or S
seconds, whichever comes first. Prints p50/p99 latency and requests per second of each, and the
ratio of check's throughput to the trivial endpoint's in the same round. Target: ≥ 50%.

On Linux it also prints the server process's CPU time per request (user + system, from
/proc/PID/stat) and the ratio trivial/check of those: what the throughput ratio would be with
the server alone on its core. On a machine shared with other work the wall-clock ratio swings
from round to round; the CPU ratio much less.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

TRIVIAL = "/api/v1/health"


def _check_path(n: int) -> str:
    moment = f"2026-01-15T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}+00:00"
    return "/api/v1/check?" + urlencode(
        {
            "product": "oas",
            "version": "4.2.1",
            "severity": "S2",
            "reported_at": moment,
            "now": "2026-02-01T00:00:00+00:00",
            "date": "2026-01-15",
        }
    )


class Result:
    """Latencies (seconds) and the wall time of one measured run."""

    def __init__(self, latencies: list[float], wall: float) -> None:
        self.latencies, self.wall = sorted(latencies), wall

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall

    def quantile(self, q: float) -> float:
        index = min(len(self.latencies) - 1, int(q * len(self.latencies)))
        return self.latencies[index]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process `pid` so far (Linux), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _load() -> str:
    """The machine's load average (the benchmark shares it: say how busy it was)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def drive(
    host: str, port: int, path_of: object, requests: int, seconds: float, clients: int
) -> Result:
    """`requests` GETs (or until `seconds` pass) over `clients` keep-alive connections."""
    assert callable(path_of)
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        mine = []
        try:
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    break
                start = time.perf_counter()
                conn.request("GET", path_of(n))
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{path_of(n)}: HTTP {response.status}")
                mine.append(time.perf_counter() - start)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(latencies, time.perf_counter() - began)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--requests", type=int, default=2000, help="per run (default 2000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="per run at most (20)")
    parser.add_argument("--clients", type=int, default=4, help="connections (default 4)")
    parser.add_argument("--rounds", type=int, default=2, help="trivial+check rounds (2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        server = subprocess.Popen(
            [sys.executable, "-m", "eol_check", "serve", "--port", "0", "--db", db],
            stderr=subprocess.PIPE,
            text=True,
            cwd=folder,
            env=dict(os.environ),
        )
        try:
            assert server.stderr is not None
            port = None
            for line in server.stderr:
                found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
                if found:
                    port = int(found[1])
                    break
            if port is None:
                raise SystemExit("the server did not start")
            shown = re.sub(r"//[^@/]*@", "//", db)
            print(
                f"eol-check serve, database {shown}; {args.clients} connections, up to "
                f"{args.requests} requests or {args.seconds:g} s per run; {_load()}"
            )
            drive("127.0.0.1", port, lambda n: TRIVIAL, 200, 10, args.clients)  # warm-up
            drive("127.0.0.1", port, _check_path, 200, 10, args.clients)
            ratios, cpu_ratios = [], []
            offset = 1000
            for round_ in range(1, args.rounds + 1):
                cpu0 = cpu_seconds(server.pid)
                trivial = drive(
                    "127.0.0.1", port, lambda n: TRIVIAL, args.requests, args.seconds, args.clients
                )
                cpu1 = cpu_seconds(server.pid)
                check = drive(
                    "127.0.0.1",
                    port,
                    lambda n, o=offset: _check_path(n + o),
                    args.requests,
                    args.seconds,
                    args.clients,
                )
                cpu2 = cpu_seconds(server.pid)
                offset += args.requests
                ratio = check.rate / trivial.rate
                ratios.append(ratio)
                for name, result in (("trivial", trivial), ("check", check)):
                    print(
                        f"round {round_} {name:<8} {len(result.latencies):>6} requests  "
                        f"{result.rate:8.1f} req/s  p50 {result.quantile(0.5) * 1000:6.2f} ms"
                        f"  p99 {result.quantile(0.99) * 1000:6.2f} ms"
                    )
                print(f"round {round_} check/trivial throughput: {ratio:.0%}")
                if cpu0 is not None and cpu1 is not None and cpu2 is not None:
                    per_trivial = (cpu1 - cpu0) / len(trivial.latencies)
                    per_check = (cpu2 - cpu1) / len(check.latencies)
                    cpu_ratios.append(per_trivial / per_check)
                    print(
                        f"round {round_} server CPU per request: trivial "
                        f"{per_trivial * 1000:.3f} ms, check {per_check * 1000:.3f} ms "
                        f"(ratio {per_trivial / per_check:.0%})"
                    )
            print(
                f"median check/trivial throughput: {statistics.median(ratios):.0%} (target ≥ 50%)"
            )
            if cpu_ratios:
                print(f"median CPU ratio trivial/check: {statistics.median(cpu_ratios):.0%}")
            print(f"at the end: {_load()}")
        finally:
            server.terminate()
            server.wait(timeout=30)
            if server.stderr is not None:
                server.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
