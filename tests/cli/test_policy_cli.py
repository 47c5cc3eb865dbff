"""The policy as data (SPEC §3.3, §3.4, §4.2): the embedded policy, and malformed policies.

Every malformed policy gives one message naming the file and the key path, and exit 3 from a
command that needs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import RunCli, malformed_file
from ..core.test_policy import MALFORMED


@pytest.fixture(params=MALFORMED, ids=[case[0] for case in MALFORMED])
def malformed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A malformed policy file and the exact error message it must give."""
    return malformed_file(tmp_path, request.param)


def test_malformed_policy_is_exit_3(malformed: tuple[Path, str], run_cli: RunCli) -> None:
    path, message = malformed
    r = run_cli("status", "oas", "4.2.1", "--policy", str(path), "--date", "2026-11-21")
    assert (r.code, r.out, r.err) == (3, "", f"eol-check: error: {message}\n")
