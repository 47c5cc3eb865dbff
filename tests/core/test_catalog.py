"""The catalog loader (SPEC §4.1): records, lookup, and a corpus of malformed catalogs.

Every malformed catalog gives one message naming the file and the key: exit 3 from a command that
needs the data (`status`), exit 1 from `catalog validate`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check._data import data_dir
from eol_check.catalog import Catalog, Product, Release, load_catalog
from eol_check.errors import CatalogError, UnknownName
from eol_check.version import Version

from ..conftest import malformed_file

HEAD = 'id = "oas"\nname = "Octopus Authentication Server"\n'
RELEASES = '[releases]\n"4.0.0" = 2023-01-16\n"4.2.0" = 2023-09-04\n'
SPEC = ' expected a version specifier like ">=4.2" or ">=4.2, <5", got '
STRICT = ' not a strict version: expected MAJOR.MINOR.MAINTENANCE (SemVer 2.0.0), e.g. "4.2.0"'
DATE = " expected a date (YYYY-MM-DD, unquoted), got "
KEYS = "id, name, aliases, product_eol, releases, eol, upgrade_from"

# (name, file content, the message after "FILE: ")
MALFORMED: list[tuple[str, str, str]] = [
    (
        "toml-syntax",
        HEAD + "aliases = [\n" + RELEASES,
        "invalid TOML: Invalid value (at line 4, column 2)",
    ),
    (
        "toml-no-value",
        'id = "oas"\nname = \n' + RELEASES,
        "invalid TOML: Invalid value (at line 2, column 8)",
    ),
    (
        "toml-duplicate-key",
        HEAD + RELEASES + '"4.0.0" = 2023-02-01\n',
        "invalid TOML: Cannot overwrite a value (at line 6, column 21)",
    ),
    ("id-missing", 'name = "X"\n' + RELEASES, "id: missing"),
    ("id-not-text", 'id = 5\nname = "X"\n' + RELEASES, "id: expected non-empty text, got 5"),
    (
        "id-not-an-id",
        'id = "O AS"\nname = "X"\n' + RELEASES,
        "id: expected lowercase ASCII letters, digits, '-' or '_' (e.g. 'oas'), got 'O AS'",
    ),
    ("name-missing", 'id = "oas"\n' + RELEASES, "name: missing"),
    ("name-blank", 'id = "oas"\nname = " "\n' + RELEASES, "name: expected non-empty text, got ' '"),
    (
        "unknown-key",
        HEAD + 'colour = "red"\n' + RELEASES,
        f"colour: unknown key (expected one of: {KEYS})",
    ),
    (
        "aliases-not-array",
        HEAD + 'aliases = "OAS"\n' + RELEASES,
        "aliases: expected an array of texts, got 'OAS'",
    ),
    (
        "aliases-blank",
        HEAD + 'aliases = ["OAS", ""]\n' + RELEASES,
        "aliases: expected an array of non-empty texts, got ['OAS', '']",
    ),
    ("releases-missing", HEAD, "releases: missing"),
    (
        "releases-empty",
        HEAD + "[releases]\n",
        'releases: expected at least one release, e.g. "1.0.0" = 2024-01-15',
    ),
    (
        "releases-not-table",
        HEAD + 'releases = ["4.0.0"]\n',
        "releases: expected a table, got ['4.0.0']",
    ),
    ("release-not-strict", HEAD + '[releases]\n"4.2" = 2023-09-04\n', 'releases."4.2":' + STRICT),
    (
        "release-leading-zero",
        HEAD + '[releases]\n"4.02.0" = 2023-09-04\n',
        'releases."4.02.0":' + STRICT,
    ),
    (
        "release-tag-prefix",
        HEAD + '[releases]\n"v4.2.0" = 2023-09-04\n',
        'releases."v4.2.0":' + STRICT,
    ),
    (
        "release-unicode-digit",
        HEAD + '[releases]\n"4.٢.0" = 2023-09-04\n',
        'releases."4.٢.0":' + STRICT,
    ),
    (
        "release-prerelease",
        HEAD + RELEASES + '"5.0.0-rc.1" = 2024-01-08\n',
        'releases."5.0.0-rc.1": a pre-release is not generally available: list GA releases only',
    ),
    (
        "release-build",
        HEAD + RELEASES + '"4.2.1+77" = 2024-01-08\n',
        'releases."4.2.1+77": build metadata does not identify a release: write "4.2.1"',
    ),
    (
        "release-date-string",
        HEAD + '[releases]\n"4.2.0" = "2023-09-04"\n',
        'releases."4.2.0":' + DATE + "'2023-09-04'",
    ),
    (
        "release-date-time",
        HEAD + '[releases]\n"4.2.0" = 2023-09-04T10:00:00\n',
        'releases."4.2.0":' + DATE + "the date-time 2023-09-04T10:00:00",
    ),
    (
        "release-date-offset",
        HEAD + '[releases]\n"4.2.0" = 2023-09-04T10:00:00Z\n',
        'releases."4.2.0":' + DATE + "the date-time 2023-09-04T10:00:00+00:00",
    ),
    ("eol-soon", HEAD + RELEASES + '[eol]\n"4.0" = "soon"\n', 'eol."4.0":' + DATE + "'soon'"),
    (
        "eol-not-table",
        HEAD + "eol = 2024-01-01\n" + RELEASES,
        "eol: expected a table, got the date 2024-01-01",
    ),
    (
        "eol-no-such-line",
        HEAD + RELEASES + '[eol]\n"4.1" = 2024-03-01\n',
        'eol."4.1": no release of line 4.1 in [releases]',
    ),
    (
        "eol-no-such-major",
        HEAD + RELEASES + '[eol]\n"7" = 2024-03-01\n',
        'eol."7": no release of major 7 in [releases]',
    ),
    (
        "eol-key-a-version",
        HEAD + RELEASES + '[eol]\n"4.2.0" = 2024-03-01\n',
        'eol."4.2.0": expected a line "MAJOR.MINOR" or a major "MAJOR", e.g. "4.2" or "4"',
    ),
    (
        "eol-before-line",
        HEAD + RELEASES + '[eol]\n"4.2" = 2023-09-03\n',
        'eol."4.2": 2023-09-03 is before the line\'s first release (4.2.0 on 2023-09-04)',
    ),
    (
        "eol-before-major",
        HEAD + RELEASES + '[eol]\n"4" = 2023-01-15\n',
        'eol."4": 2023-01-15 is before the major\'s first release (4.0.0 on 2023-01-16)',
    ),
    (
        "product-eol-before",
        HEAD + "product_eol = 2022-12-31\n" + RELEASES,
        "product_eol: 2022-12-31 is before the product's first release (4.0.0 on 2023-01-16)",
    ),
    (
        "product-eol-string",
        HEAD + 'product_eol = "2030-12-31"\n' + RELEASES,
        "product_eol:" + DATE + "'2030-12-31'",
    ),
    (
        "upgrade-from-bad",
        HEAD + RELEASES + '[upgrade_from]\n"4.2" = "=>4.0"\n',
        'upgrade_from."4.2":' + SPEC + "'=>4.0'",
    ),
    (
        "upgrade-from-float",
        HEAD + RELEASES + '[upgrade_from]\n"4.2" = 4.0\n',
        'upgrade_from."4.2":' + SPEC + "4.0",
    ),
    (
        "upgrade-from-no-line",
        HEAD + RELEASES + '[upgrade_from]\n"5.0" = ">=4.2"\n',
        'upgrade_from."5.0": no release of line 5.0 in [releases]',
    ),
    (
        "upgrade-from-major",
        HEAD + RELEASES + '[upgrade_from]\n"4" = ">=3"\n',
        'upgrade_from."4": expected a line "MAJOR.MINOR", e.g. "5.0"',
    ),
]


@pytest.fixture(params=MALFORMED, ids=[case[0] for case in MALFORMED])
def malformed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A malformed catalog file and the exact error message it must give."""
    return malformed_file(tmp_path, request.param)


def test_malformed_catalog_raises_catalog_error(malformed: tuple[Path, str]) -> None:
    path, message = malformed
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == message


def test_an_alias_may_repeat_its_own_id() -> None:
    # SPEC §4.1's own example: id "oas" with alias "OAS".
    catalog = load_catalog(data_dir() / "catalog" / "oas.toml")
    assert catalog.product("OAS").id == "oas"


def test_folder_reads_every_toml_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text('id = "b"\nname = "B"\n[releases]\n"1.0.0" = 2024-01-01\n')
    (tmp_path / "a.toml").write_text('id = "a"\nname = "A"\n[releases]\n"1.0.0" = 2024-01-01\n')
    (tmp_path / "notes.txt").write_text("not a catalog")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.toml").write_text("not read = [")
    catalog = load_catalog(tmp_path)
    assert [p.id for p in catalog.products] == ["a", "b"]
    assert catalog.products[0].source == str(tmp_path / "a.toml")


def test_records() -> None:
    text = (
        HEAD
        + 'aliases = ["OAS", "Authentication Server"]\nproduct_eol = 2031-06-30\n'
        + '[releases]\n"4.2.0" = 2023-09-04\n"4.0.1" = 2023-02-20\n"4.0.0" = 2023-01-16\n'
        + '"3.1.2" = 2022-06-07\n'
        + '[eol]\n"3" = 2023-07-01\n"4.0" = 2024-03-01\n'
        + '[upgrade_from]\n"4.2" = ">=4.0, <5"\n'
    )
    from eol_check._toml import Section, loads_toml
    from eol_check.catalog import product_from_toml

    product = product_from_toml(Section(loads_toml(text.encode(), "oas.toml"), "oas.toml"))
    assert product.id == "oas"
    assert product.aliases == ("OAS", "Authentication Server")
    assert product.product_eol == date(2031, 6, 30)
    assert [str(r.version) for r in product.releases] == ["3.1.2", "4.0.0", "4.0.1", "4.2.0"]
    assert dict(product.eol) == {"3": date(2023, 7, 1), "4.0": date(2024, 3, 1)}
    assert "4.1.0" in product.upgrade_from["4.2"]
    assert "5.0.0" not in product.upgrade_from["4.2"]
    assert [(line.line, line.eol, line.eol_source) for line in product.lines] == [
        ("4.2", date(2031, 6, 30), "product"),
        ("4.0", date(2024, 3, 1), "line"),
        ("3.1", date(2023, 7, 1), "major"),
    ]
    line = product.line("4.0")
    assert line is not None
    assert line.first_release == date(2023, 1, 16)
    found = product.release(Version(4, 0, 1, build="77"))  # build metadata is ignored
    assert found == Release(Version(4, 0, 1), date(2023, 2, 20))
    assert product.release(Version(4, 1, 0)) is None
    assert product.line("4.1") is None


def test_effective_eol_prefers_the_most_specific_on_a_tie() -> None:
    product = Product(
        "p",
        "P",
        (),
        (Release(Version(1, 0, 0), date(2020, 1, 1)),),
        {"1.0": date(2022, 1, 1), "1": date(2022, 1, 1)},
        {},
        product_eol=date(2022, 1, 1),
    )
    assert product.lines[0].eol_source == "line"


def test_products_are_hashable_and_sort_their_releases() -> None:
    product = Product(
        "p",
        "P",
        (),
        (Release(Version(1, 1, 0), date(2021, 1, 1)), Release(Version(1, 0, 0), date(2020, 1, 1))),
        {},
        {},
    )
    assert [str(r.version) for r in product.releases] == ["1.0.0", "1.1.0"]
    assert {product: 1}[product] == 1


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("oas", "oas"),
        ("OAS", "oas"),
        ("octopus authentication server", "oas"),
        ("Authentication  Server", "oas"),
        ("console", "console"),
        ("OMC", "console"),
        ("management console", "console"),
        ("Desktop Agent", "agent"),
    ],
)
def test_product_lookup(name: str, found: str) -> None:
    assert _embedded().product(name).id == found


KNOWN = " (known products: agent, console, oas)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("oass", "unknown product 'oass'; did you mean 'oas'?" + KNOWN),
        ("consol", "unknown product 'consol'; did you mean 'console'?" + KNOWN),
        # A name's word that starts with what was typed; the suggestion is the product's id.
        ("desktop", "unknown product 'desktop'; did you mean 'agent'?" + KNOWN),
        ("desktop agnt", "unknown product 'desktop agnt'; did you mean 'agent'?" + KNOWN),
        ("zzzzzz", "unknown product 'zzzzzz'" + KNOWN),
    ],
)
def test_unknown_product(name: str, message: str) -> None:
    with pytest.raises(UnknownName) as caught:
        _embedded().product(name)
    assert str(caught.value) == message


def test_embedded_catalog_loads() -> None:
    catalog = _embedded()
    assert [p.id for p in catalog.products] == ["agent", "console", "oas"]
    for product in catalog.products:
        assert Path(product.source).name == f"{product.id}.toml"  # SPEC §4.1: <id>.toml


def test_embedded_catalog_says_it_is_sample_data() -> None:
    for path in sorted((data_dir() / "catalog").glob("*.toml")):
        assert path.read_text(encoding="utf-8").startswith("# SAMPLE DATA."), path


def _embedded() -> Catalog:
    return load_catalog(data_dir() / "catalog")


# --- upgrade_from: checked without packaging where it surely agrees --------------------------


@pytest.mark.parametrize(
    "text",
    [
        ">=4.2",
        ">=4.2, <5",
        " >= 4.0 ,!=4.1.3",
        "~=4.2",
        "==4.2.1",
        "==4.*",
        ">=4.2,",
        "===4.2.0",
        ">=4.2.0.dev1",
        "~=4.2.0, !=4.2.*",
    ],
)
def test_upgrade_from_specifiers(tmp_path: Path, text: str) -> None:
    from packaging.specifiers import SpecifierSet

    path = tmp_path / "p.toml"
    path.write_text(HEAD + RELEASES + f"[upgrade_from]\n\"4.2\" = '{text}'\n")
    upgrade_from = load_catalog(path).products[0].upgrade_from
    assert list(upgrade_from) == ["4.2"]
    assert len(upgrade_from) == 1
    assert upgrade_from["4.2"] == SpecifierSet(text)
    assert upgrade_from["4.2"] is upgrade_from["4.2"]  # built once


@pytest.mark.parametrize("text", ["~=4", ">=4.2.*", "=>4.2", ">=4.2;", "4.2", ">= 4.2 <5"])
def test_upgrade_from_invalid_specifiers(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(HEAD + RELEASES + f"[upgrade_from]\n\"4.2\" = '{text}'\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == f'{path}: upgrade_from."4.2":{SPEC}{text!r}'


clause = st.tuples(
    st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~="]),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=4),
    st.sampled_from(["", " ", "  "]),
).map(lambda c: f"{c[2]}{c[0]}{c[2]}{'.'.join(map(str, c[1]))}{c[2]}")


@settings(max_examples=300, deadline=None)
@given(st.lists(clause, min_size=1, max_size=3).map(",".join))
def test_the_fast_path_accepts_only_what_packaging_accepts(text: str) -> None:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from eol_check._specifiers import plain_clauses

    try:
        SpecifierSet(text)
    except InvalidSpecifier:
        assert plain_clauses(text) is None, text


# What a plain specifier is, as a regular expression (PEP 440 comparisons on release numbers,
# `~=` with two parts or more): the oracle of `plain_clauses`, which reads them without one.
_CLAUSE = r"\s*(?:(?:==|!=|<=|>=|<|>)\s*[0-9]+(?:\.[0-9]+)*|~=\s*[0-9]+(?:\.[0-9]+)+)\s*"
_PLAIN = re.compile(rf"{_CLAUSE}(?:,{_CLAUSE})*", re.ASCII)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.lists(clause, min_size=1, max_size=3).map(",".join),
        st.text(alphabet="0123456789.,<>=!~ \t\n\u00a0\u0663a*", max_size=16),
    )
)
def test_plain_specifiers_are_what_the_pattern_says(text: str) -> None:
    from eol_check._specifiers import plain_clauses

    clauses = plain_clauses(text)
    assert (clauses is not None) == bool(_PLAIN.fullmatch(text)), text
    if clauses is not None:
        assert ",".join(op + ".".join(map(str, n)) for op, n in clauses) == re.sub(
            r"\s", "", re.sub(r"(?<![0-9])0+(?=[0-9])", "", text), flags=re.ASCII
        )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (f'"{"1" * 5000}.0.0" = 2026-01-05\n', "not a strict version"),
        (
            f'"1.0.0" = 2026-01-05\n[eol]\n"{"1" * 5000}" = 2026-02-01\n',
            'expected a line "MAJOR.MINOR" or a major "MAJOR"',
        ),
        (
            f'"1.0.0" = 2026-01-05\n"2.0.0" = 2026-02-05\n[upgrade_from]\n"2.0" = '
            f'">={"1" * 5000}"\n',
            "whose numbers have at most 256 digits",
        ),
    ],
    ids=["release-key", "eol-key", "upgrade-from"],
)
def test_numbers_too_long_for_a_version_are_refused_not_a_crash(
    tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "p.toml"
    path.write_text('id = "p"\nname = "P"\n[releases]\n' + toml, encoding="utf-8")
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog(path)
