"""Private Linux namespaces, for the tests that need a real mount point or a real resolver.

`run_namespaced(script, *args)` runs a Python script as root in a new mount and network
namespace (`unshare --mount --net`): there it may mount a tmpfs, bind its own `/etc/resolv.conf`
over the machine's and serve DNS on its own 127.0.0.1:53, and none of it is seen outside (the
mounts are private, the network is a loopback of its own; the machine's configuration is never
touched). Where namespaces cannot be made (not Linux, not root, no `unshare` or `ip`), the tests
are skipped with the reason; where `EOL_CHECK_REQUIRE_NAMESPACES` is set (`.ci/run` sets it) they
fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any, NoReturn

import pytest

REQUIRE = "EOL_CHECK_REQUIRE_NAMESPACES"

#: Run first in every namespaced script: the loopback of a new network namespace starts down.
_PRELUDE = """
import subprocess
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
"""


def missing(why: str) -> NoReturn:
    """Skip (or, under EOL_CHECK_REQUIRE_NAMESPACES, fail) a test that needs namespaces."""
    if os.environ.get(REQUIRE):
        pytest.fail(f"{why}, and {REQUIRE} is set")
    pytest.skip(f"{why}: the test needs root on Linux with unshare (util-linux) and ip (iproute2)")


def run_namespaced(script: str, *args: str) -> Any:
    """Run `script` (Python, with `args` as sys.argv[1:]) in new mount and network namespaces;
    the JSON value of the last line it prints."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not sys.platform.startswith("linux") or unshare is None or ip is None:
        missing("no unshare or ip here")
    probe = subprocess.run(
        [unshare, "--mount", "--net", "--", ip, "link", "set", "lo", "up"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["no reason given"])[-1]
        missing(f"unshare --mount --net is not allowed here ({reason})")
    done = subprocess.run(
        [unshare, "--mount", "--net", "--", sys.executable, "-c", _PRELUDE + script, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,  # a bound on a broken run, not a measurement
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])
