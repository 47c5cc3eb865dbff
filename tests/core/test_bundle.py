"""The published bundle (SPEC §7): export, strict loading, round trip, and --catalog FILE.json."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from eol_check._data import data_dir
from eol_check._record import replace
from eol_check.bundle import (
    bundle_from_catalog,
    catalog_and_policy_from_bundle,
    dumps_bundle,
    loads_bundle,
)
from eol_check.catalog import Catalog, load_catalog
from eol_check.errors import CatalogError
from eol_check.policy import Policy, load_policy

STAMP = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
EPOCH = str(int(STAMP.timestamp()))


@pytest.fixture(scope="module")
def embedded() -> tuple[Catalog, Policy]:
    return load_catalog(data_dir() / "catalog"), load_policy(data_dir() / "policy.toml")


@pytest.fixture(scope="module")
def exported(embedded: tuple[Catalog, Policy]) -> dict[str, Any]:
    return bundle_from_catalog(*embedded, STAMP)


def test_round_trip_gives_equal_records(
    embedded: tuple[Catalog, Policy], exported: dict[str, Any]
) -> None:
    catalog, policy = embedded
    # Through JSON text, as a file or a server would carry it.
    loaded, loaded_policy = loads_bundle(dumps_bundle(exported).encode("utf-8"), "b.json")
    assert loaded_policy == policy
    assert len(loaded.products) == len(catalog.products)
    for ours, theirs in zip(catalog.products, loaded.products, strict=True):
        assert theirs.source == "b.json"  # the only field that differs: where it was read
        assert replace(theirs, source=ours.source) == ours
        assert theirs.lines == ours.lines
    # And again: an export of the loaded bundle is the same document.
    assert bundle_from_catalog(loaded, loaded_policy, STAMP) == exported


def test_a_policy_with_closed_days_round_trips(embedded: tuple[Catalog, Policy]) -> None:
    # SPEC §3.4: a region's calendar and listed dates, and a severity with one clock for every
    # coverage, travel in the bundle's policy as the policy file writes them.
    catalog, policy = embedded
    na = replace(policy.regions[0], holidays="US-NY", closed_dates=frozenset({STAMP.date()}))
    s4 = replace(policy.severities[3], workaround_guaranteed=True)
    closed = replace(
        policy, regions=(na, *policy.regions[1:]), severities=(*policy.severities[:3], s4)
    )
    bundle = bundle_from_catalog(catalog, closed, STAMP)
    shown = bundle["policy"]
    assert (shown["regions"]["na"]["holidays"], shown["regions"]["na"]["closed_dates"]) == (
        "US-NY",
        ["2026-11-21"],
    )
    assert shown["regions"]["emea"]["holidays"] is None
    assert shown["severities"]["S1"]["clock"] == {"business": "business", "24x7": "24x7"}
    assert shown["severities"]["S1"]["hotline_hours"] == "24x7"
    assert shown["severities"]["S2"]["hotline_hours"] == "support hours"
    assert shown["severities"]["S4"]["clock"] == "business"
    loaded = loads_bundle(dumps_bundle(bundle).encode("utf-8"), "b.json")[1]
    assert loaded == closed


def test_bundle_shape(exported: dict[str, Any]) -> None:
    assert list(exported) == ["schema", "generated_at", "products", "policy"]
    assert (exported["schema"], exported["generated_at"]) == (1, "2026-11-21T12:00:00+00:00")
    oas = next(p for p in exported["products"] if p["id"] == "oas")
    assert list(oas) == ["id", "name", "aliases", "product_eol", "releases", "eol", "upgrade_from"]
    assert oas["product_eol"] is None
    assert oas["releases"]["4.2.0"] == "2022-09-05"
    assert oas["eol"] == {
        "3": "2023-07-01",
        "4.0": "2024-03-01",
        "4.2": "2026-03-01",
        "4": "2026-09-01",
        "5.0": "2027-03-31",
    }
    assert oas["upgrade_from"] == {"5.0": ">=4.2", "6.0": ">=4.3"}
    policy = exported["policy"]
    assert list(policy) == [
        "source",
        "lifecycle",
        "entitlement",
        "regions",
        "severities",
        "availability",
    ]
    assert policy["regions"]["na"]["opens"] == "08:00:00"
    assert policy["severities"]["S1"]["response_hours"] == 2
    assert policy["severities"]["S3"]["workaround_hours"] is None
    json.dumps(exported)  # plain JSON data, nothing that needs a default=


def test_generated_at_must_be_aware(embedded: tuple[Catalog, Policy]) -> None:
    with pytest.raises(ValueError, match="time zone"):
        bundle_from_catalog(*embedded, datetime(2026, 11, 21))


Mutation = Callable[[dict[str, Any]], object]


def _oas(b: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in b["products"] if p["id"] == "oas")


BAD: list[tuple[str, Mutation, str]] = [
    ("schema-missing", lambda b: b.pop("schema"), "schema: missing"),
    (
        "schema-newer",
        lambda b: b.update(schema=2),
        "schema: version 2 is newer than this eol-check understands (1)",
    ),
    ("schema-text", lambda b: b.update(schema="1"), "schema: expected an integer ≥ 1, got '1'"),
    (
        "unknown-key",
        lambda b: b.update(extra=1),
        "extra: unknown key (expected one of: schema, generated_at, products, policy)",
    ),
    (
        "generated-naive",
        lambda b: b.update(generated_at="2026-11-21T12:00:00"),
        "generated_at: expected an ISO 8601 date-time with an offset, e.g. "
        "'2026-11-21T12:00:00+00:00', got '2026-11-21T12:00:00'",
    ),
    (
        "products-empty",
        lambda b: b.update(products=[]),
        "products: expected a non-empty array of products, got []",
    ),
    (
        "product-not-object",
        lambda b: b["products"].append("oas"),
        "products[3]: expected an object, got 'oas'",
    ),
    (
        "release-date-number",
        lambda b: _oas(b)["releases"].update({"4.0.0": 20211115}),
        'products[2].releases."4.0.0": expected a date "YYYY-MM-DD", got 20211115',
    ),
    (
        "release-date-unreal",
        lambda b: _oas(b)["releases"].update({"4.0.0": "2021-02-30"}),
        "products[2].releases.\"4.0.0\": '2021-02-30' is not a real calendar date",
    ),
    (
        "release-prerelease",
        lambda b: _oas(b)["releases"].update({"6.1.0-rc.1": "2026-10-01"}),
        'products[2].releases."6.1.0-rc.1": a pre-release is not generally available: '
        "list GA releases only",
    ),
    (
        "eol-unknown-line",
        lambda b: _oas(b)["eol"].update({"7.0": "2030-01-01"}),
        'products[2].eol."7.0": no release of line 7.0 in [releases]',
    ),
    (
        "product-eol-text",
        lambda b: _oas(b).update(product_eol="soon"),
        "products[2].product_eol: expected a date \"YYYY-MM-DD\", got 'soon'",
    ),
    (
        "upgrade-from-bad",
        lambda b: _oas(b)["upgrade_from"].update({"6.0": "4.3+"}),
        'products[2].upgrade_from."6.0": expected a version specifier like ">=4.2" or '
        "\">=4.2, <5\", got '4.3+'",
    ),
    (
        "product-unknown-key",
        lambda b: _oas(b).update(lines={}),
        "products[2].lines: unknown key (expected one of: id, name, aliases, product_eol, "
        "releases, eol, upgrade_from)",
    ),
    (
        "duplicate-id",
        lambda b: b["products"].append(copy.deepcopy(_oas(b))),
        "products[3].id: 'oas' already names product 'oas' (its id, in b.json)",
    ),
    ("policy-missing", lambda b: b.pop("policy"), "policy: missing"),
    (
        "policy-time",
        lambda b: b["policy"]["regions"]["na"].update(opens="8am"),
        "policy.regions.na.opens: expected a time of day \"HH:MM:SS\", got '8am'",
    ),
    (
        "policy-closed-dates",
        lambda b: b["policy"]["regions"]["na"].update(closed_dates=["x"]),
        "policy.regions.na.closed_dates: expected an array of dates \"YYYY-MM-DD\", got ['x']",
    ),
    (
        "policy-tail",
        lambda b: b["policy"]["lifecycle"].update(support_tail_months=-1),
        "policy.lifecycle.support_tail_months: expected an integer from 0 to 1200, got -1",
    ),
    (
        "policy-entitlement",
        lambda b: b["policy"]["entitlement"]["current"].update(S1="all"),
        "policy.entitlement.current.S1: expected one of full, none, upgrade, workaround, got 'all'",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), [pytest.param(m, e, id=i) for i, m, e in BAD])
def test_bad_bundles_name_the_key(exported: dict[str, Any], mutate: Mutation, message: str) -> None:
    bad = copy.deepcopy(exported)
    mutate(bad)
    with pytest.raises(CatalogError) as info:
        catalog_and_policy_from_bundle(bad, "b.json")
    assert str(info.value) == f"b.json: {message}"


def test_nulls_stand_for_absent_values(exported: dict[str, Any]) -> None:
    bundle = copy.deepcopy(exported)
    _oas(bundle)["upgrade_from"] = None
    catalog, _ = catalog_and_policy_from_bundle(bundle, "b.json")
    assert dict(catalog.product("oas").upgrade_from) == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "not JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"<html>", "not JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"\xff\xfe", "not UTF-8 text (byte 0xff at offset 0); save it as UTF-8"),
        (b"[1, 2]", "expected a JSON object (a catalog bundle), got an array"),
        (b'{"schema": 1, "schema": 2}', "not JSON: duplicate key 'schema'"),
        (b'{"schema": NaN}', "not JSON: NaN is not a number JSON allows"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON: nested too deeply"),
    ],
)
def test_bad_json(raw: bytes, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        loads_bundle(raw, "b.json")
    assert str(info.value) == f"b.json: {message}"


# --- the command line -------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


POLICY_3_MONTHS = (
    (data_dir() / "policy.toml")
    .read_text()
    .replace("support_tail_months = 6", "support_tail_months = 3")
)
