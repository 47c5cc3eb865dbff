"""The catalog loader (SPEC §4.1): records, lookup, and a corpus of malformed catalogs.

Every malformed catalog gives one message naming the file and the key: exit 3 from a command that
needs the data (`status`), exit 1 from `catalog validate`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import RunCli, malformed_file
from ..core.test_catalog import HEAD, MALFORMED, RELEASES


@pytest.fixture(params=MALFORMED, ids=[case[0] for case in MALFORMED])
def malformed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A malformed catalog file and the exact error message it must give."""
    return malformed_file(tmp_path, request.param)


def test_malformed_catalog_is_exit_3_for_status(
    malformed: tuple[Path, str], run_cli: RunCli
) -> None:
    path, message = malformed
    r = run_cli("status", "oas", "--catalog", str(path), "--date", "2026-11-21")
    assert (r.code, r.out, r.err) == (3, "", f"eol-check: error: {message}\n")


def test_malformed_catalog_is_exit_1_for_validate(
    malformed: tuple[Path, str], run_cli: RunCli
) -> None:
    path, message = malformed
    r = run_cli("catalog", "validate", str(path), "--date", "2026-11-21")
    assert (r.code, r.err) == (1, "")
    assert r.out == f"error invalid-data: {message}\ninvalid: 1 error, 0 warnings\n"


def test_malformed_catalog_validate_json(malformed: tuple[Path, str], run_cli: RunCli) -> None:
    import json

    path, message = malformed
    r = run_cli("catalog", "validate", str(path), "--format", "json", "--date", "2026-11-21")
    assert r.code == 1
    answer = json.loads(r.out)
    assert answer["valid"] is False
    assert answer["findings"] == [
        {
            "level": "error",
            "code": "invalid-data",
            "product": None,
            "version": None,
            "date": None,
            "message": message,
        }
    ]


def test_not_utf8(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('id = "oas"\nname = "Café"\n'.encode("latin-1") + RELEASES.encode())
    r = run_cli("status", "oas", "--catalog", str(path))
    assert (r.code, r.err) == (
        3,
        f"eol-check: error: {path}: not UTF-8 text (byte 0xe9 at offset 22); save it as UTF-8\n",
    )


def test_missing_path_and_empty_folder(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "nope"
    r = run_cli("status", "oas", "--catalog", str(missing))
    assert (r.code, r.err) == (3, f"eol-check: error: {missing}: no such file or folder\n")
    r = run_cli("status", "oas", "--catalog", str(tmp_path))
    assert (r.code, r.err) == (
        3,
        f"eol-check: error: {tmp_path}: no catalog files (*.toml) in this folder\n",
    )


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ('id = "oas"\nname = "Other"\n', "id: 'oas' already names product 'oas' (its id, in {a})"),
        (
            'id = "omc"\nname = "octopus AUTHENTICATION server"\n',
            "name: 'octopus AUTHENTICATION server' already names product 'oas' (its name, in {a})",
        ),
        (
            'id = "omc"\nname = "Console"\naliases = ["Auth"]\n',
            "aliases: 'Auth' already names product 'oas' (its alias, in {a})",
        ),
        (
            'id = "omc"\nname = "Console"\naliases = ["OAS"]\n',
            "aliases: 'OAS' already names product 'oas' (its id, in {a})",
        ),
    ],
)
def test_names_are_unique_across_files(
    tmp_path: Path, run_cli: RunCli, second: str, message: str
) -> None:
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(HEAD + 'aliases = ["OAS", "auth"]\n' + RELEASES)
    b.write_text(second + RELEASES)
    expected = f"{b}: " + message.format(a=a)
    r = run_cli("status", "oas", "--catalog", str(tmp_path))
    assert (r.code, r.err) == (3, f"eol-check: error: {expected}\n")
    r = run_cli("catalog", "validate", str(tmp_path))
    assert r.code == 1
    assert f"error invalid-data: {expected}\n" in r.out


def test_a_path_the_system_refuses_is_a_catalog_error(run_cli: RunCli) -> None:
    name = "9" * 300  # longer than any file name may be (ENAMETOOLONG)
    r = run_cli("status", "oas", "--catalog", name)
    assert (r.code, r.err) == (3, f"eol-check: error: {name}: cannot be read: File name too long\n")
    r = run_cli("catalog", "validate", name)
    assert r.code == 1
    message = f"{name}: cannot be read: File name too long"
    assert r.out.splitlines()[0] == f"error invalid-data: {message}"
