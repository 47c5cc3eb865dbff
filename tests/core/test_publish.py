"""The published site (SPEC §7 v2): its files, their shapes, and the atomic swap."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check import _ics
from eol_check import publish as publish_module
from eol_check._dates import add_months
from eol_check.catalog import load_catalog
from eol_check.endoflife import cycles
from eol_check.errors import OutputError, SiteError
from eol_check.lifecycle import lines
from eol_check.policy import load_policy
from eol_check.publish import MARK, Site, build_site, write_site

from .._generated import write_generated_catalog

DATA = Path(__file__).resolve().parents[2] / "data"
CATALOG = load_catalog(DATA / "catalog")
POLICY = load_policy(DATA / "policy.toml")
ON = date(2026, 11, 21)
AT = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(CATALOG, POLICY, ON, AT, "https://support.example.com/lifecycle/")


def doc(site: Site, path: str) -> Any:
    return json.loads(site.files[path])


# --- the files --------------------------------------------------------------------------------


def test_every_file_of_the_site(site: Site) -> None:
    expected = {
        "index.html",
        "calendar/all.ics",
        "api/all.json",
        "catalog.json",
        "catalog.json.sha256",
        MARK,
        "api/v1/index.json",
        "api/v1/products/index.json",
        "api/v1/products/full/index.json",
        "api/v1/categories/index.json",
        "api/v1/categories/app/index.json",
        "api/v1/tags/index.json",
        "api/v1/tags/app/index.json",
    }
    for product in CATALOG.products:
        expected |= {
            f"{product.id}.html",
            f"calendar/{product.id}.ics",
            f"api/{product.id}.json",
            f"api/v1/products/{product.id}/index.json",
            f"api/v1/products/{product.id}/releases/latest/index.json",
        }
        for cycle in cycles(product, POLICY, ON):
            expected |= {
                f"api/{product.id}/{cycle.release_cycle}.json",
                f"api/v1/products/{product.id}/releases/{cycle.release_cycle}/index.json",
            }
    assert set(site.files) == expected
    assert (site.products, site.lines, len(site)) == (3, 15, 58)


def test_api_v0_of_one_line(site: Site) -> None:
    assert doc(site, "api/all.json") == ["agent", "console", "oas"]
    line_42 = {
        "releaseDate": "2022-09-05",
        "support": "2026-02-28",  # End of Life 2026-03-01 − 1 day: the last day of full support
        "eol": "2026-08-31",  # support_until (§7)
        "latest": "4.2.3",
        "latestReleaseDate": "2024-02-05",
        "lts": False,
        "upgradeUntil": "2027-02-28",  # upgrade_until (§2)
    }
    assert doc(site, "api/oas/4.2.json") == line_42
    oas = doc(site, "api/oas.json")
    assert [c["cycle"] for c in oas] == ["6.0", "5.1", "5.0", "4.3", "4.2", "4.0", "3.1", "3.0"]
    assert oas[4] == {"cycle": "4.2", **line_42}
    # No End of Life decided: supported (`support: true`), not End of Life (`eol: false`).
    assert doc(site, "api/oas/6.0.json") == {
        "releaseDate": "2026-04-13",
        "support": True,
        "eol": False,
        "latest": "6.0.2",
        "latestReleaseDate": "2026-10-19",
        "lts": False,
    }


# Each API v1 object and its fields' JSON types, from endoflife.date's OpenAPI description
# (schema 1.1.0): "date" is a YYYY-MM-DD string; a tuple allows several types.
DATE = "date"
RELEASE = {
    "name": str,
    "codename": type(None),
    "label": str,
    "releaseDate": DATE,
    "isLts": bool,
    "ltsFrom": type(None),
    "isEoas": bool,
    "eoasFrom": (DATE, None),
    "isEol": bool,
    "eolFrom": (DATE, None),
    "isMaintained": bool,
    "latest": dict,
    "custom": dict,
}
SUMMARY = {"name": str, "aliases": list, "label": str, "category": str, "tags": list, "uri": str}
DETAILS = {
    **{k: v for k, v in SUMMARY.items() if k != "uri"},
    "versionCommand": type(None),
    "identifiers": list,
    "labels": dict,
    "links": dict,
    "releases": list,
}


def check_types(obj: dict[str, Any], schema: dict[str, Any]) -> None:
    assert set(obj) == set(schema)
    for key, kind in schema.items():
        kinds = kind if isinstance(kind, tuple) else (kind,)
        value = obj[key]
        ok = any(
            (k == DATE and isinstance(value, str) and date.fromisoformat(value) is not None)
            or (k is None and value is None)
            or (
                isinstance(k, type)
                and isinstance(value, k)
                and not (k is not bool and isinstance(value, bool))
            )
            for k in kinds
        )
        assert ok, (key, value)


def test_api_v1_has_the_fields_and_types_of_endoflife_dates_schema(site: Site) -> None:
    base = "https://support.example.com/lifecycle"
    index = doc(site, "api/v1/index.json")
    assert index == {
        "schema_version": "1.1.0",
        "generated_at": "2026-11-21T12:00:00+00:00",
        "total": 3,
        "result": [
            {"name": n, "uri": f"{base}/api/v1/{n}/"} for n in ("products", "categories", "tags")
        ],
    }
    products = doc(site, "api/v1/products/index.json")
    assert products["total"] == 3
    for summary in products["result"]:
        check_types(summary, SUMMARY)
    assert products["result"][0] == {
        "name": "agent",
        "aliases": ["octopus-desktop-agent", "desktop-agent", "oda"],
        "label": "Octopus Desktop Agent",
        "category": "app",
        "tags": ["app"],
        "uri": f"{base}/api/v1/products/agent/",
    }
    full = doc(site, "api/v1/products/full/index.json")["result"]
    for product in CATALOG.products:
        one = doc(site, f"api/v1/products/{product.id}/index.json")
        assert set(one) == {"schema_version", "generated_at", "last_modified", "result"}
        check_types(one["result"], DETAILS)
        assert one["result"] in full
        assert one["result"]["links"]["html"] == f"{base}/{product.id}.html"
        for release in one["result"]["releases"]:
            check_types(release, RELEASE)
            assert set(release["latest"]) == {"name", "date", "link"}
            path = f"api/v1/products/{product.id}/releases/{release['name']}/index.json"
            assert doc(site, path)["result"] == release
        latest = doc(site, f"api/v1/products/{product.id}/releases/latest/index.json")
        assert latest["result"] == one["result"]["releases"][0]


def test_api_v1_answers_is_eol_as_endoflife_date_does(site: Site) -> None:
    releases = {
        r["name"]: r for r in doc(site, "api/v1/products/oas/index.json")["result"]["releases"]
    }
    assert releases["4.3"] | {"latest": None} == {
        "name": "4.3",
        "codename": None,
        "label": "4.3",
        "releaseDate": "2023-06-05",
        "isLts": False,
        "ltsFrom": None,
        "isEoas": True,
        "eoasFrom": "2026-08-31",  # End of Life 2026-09-01 (major 4)
        "isEol": False,
        "eolFrom": "2027-02-28",  # the support tail runs until then (§7)
        "isMaintained": True,
        "latest": None,
        "custom": {"upgradeUntil": "2027-08-31"},
    }
    assert (releases["4.2"]["isEol"], releases["4.2"]["isMaintained"]) == (True, False)
    assert releases["6.0"] | {"latest": None} == releases["6.0"] | {
        "isEoas": False,
        "eoasFrom": None,
        "isEol": False,
        "eolFrom": None,
        "isMaintained": True,
        "custom": {"upgradeUntil": None},
        "latest": None,
    }


def test_without_a_base_url_links_are_relative_to_the_host() -> None:
    bare = build_site(CATALOG, POLICY, ON, AT)
    assert json.loads(bare.files["api/v1/index.json"])["result"][0]["uri"] == ("/api/v1/products/")
    assert b"URL:" not in bare.files["calendar/all.ics"]


def test_the_bundle_and_its_digest(site: Site) -> None:
    bundle = site.files["catalog.json"]
    assert site.files["catalog.json.sha256"] == (
        f"{hashlib.sha256(bundle).hexdigest()}  catalog.json\n".encode()
    )
    assert json.loads(bundle)["generated_at"] == "2026-11-21T12:00:00+00:00"
    assert [p["id"] for p in json.loads(bundle)["products"]] == ["agent", "console", "oas"]


def test_a_generated_catalog_field_by_field(tmp_path: Path) -> None:
    today = date(2026, 11, 21)
    catalog = load_catalog(write_generated_catalog(tmp_path / "cat", today))
    site = build_site(catalog, POLICY, today, AT)
    widget = {c["cycle"]: c for c in json.loads(site.files["api/widget.json"])}
    assert list(widget) == ["3.0", "2.1", "2.0", "1.1", "1.0"]  # 3.1.0 is not out yet
    eol_11 = today - timedelta(days=100)
    assert widget["1.1"] == {
        "cycle": "1.1",
        "releaseDate": (today - timedelta(days=1000)).isoformat(),
        "support": (eol_11 - timedelta(days=1)).isoformat(),
        "eol": add_months(eol_11 - timedelta(days=1), 6).isoformat(),
        "latest": "1.1.0",
        "latestReleaseDate": (today - timedelta(days=1000)).isoformat(),
        "lts": False,
        "upgradeUntil": add_months(eol_11 - timedelta(days=1), 12).isoformat(),
    }
    # The whole product is past its End of Life: every line ends with it, none is current.
    gizmo = json.loads(site.files["api/gizmo.json"])
    product_eol = today - timedelta(days=20)
    assert [(c["cycle"], c["support"]) for c in gizmo] == [
        ("11.0", (product_eol - timedelta(days=1)).isoformat()),
        ("10.12", (product_eol - timedelta(days=1)).isoformat()),
        ("9.8", (today - timedelta(days=1301)).isoformat()),  # major 9 ended before
    ]
    page = site.files["gizmo.html"].decode()
    assert "Gizmo &lt;Legacy&gt; &amp; Co" in page
    assert "<Legacy>" not in page
    assert "(the product reached End of Life on " in page
    assert "there is nothing to upgrade to" in page


# --- streaming: a product at a time, the same bytes -------------------------------------------


@pytest.mark.parametrize("kind", ["embedded", "generated", "no product", "no release yet"])
def test_publish_writes_the_bytes_of_the_site_in_memory(tmp_path: Path, kind: str) -> None:
    # publish_site streams (the files about every product from temporary files, the bundle a
    # product at a time); build_site joins the same pieces. Both must be the whole-site bytes:
    # the bundle as `catalog export` writes it, each list as json writes it whole.
    from eol_check.bundle import bundle_from_catalog, dumps_bundle
    from eol_check.catalog import Catalog
    from eol_check.endoflife import api_v1_summary
    from eol_check.publish import publish_site

    today = date(2026, 11, 21)
    catalog = {
        "embedded": CATALOG,
        "generated": load_catalog(write_generated_catalog(tmp_path / "cat", today)),
        "no product": Catalog(()),
        "no release yet": Catalog(tuple(CATALOG.products)),
    }[kind]
    on = date(2000, 1, 1) if kind == "no release yet" else today
    base = "https://support.example.com/lc"
    built = build_site(catalog, POLICY, on, AT, base)
    written = publish_site(tmp_path / "site", catalog, POLICY, on, AT, base)
    on_disk = {
        str(p.relative_to(tmp_path / "site")): p.read_bytes()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file()
    }
    assert on_disk == dict(built.files)
    assert dict(written.files) == dict(built.files)
    assert len(written) == len(built)
    assert built.files["catalog.json"] == (
        dumps_bundle(bundle_from_catalog(catalog, POLICY, AT)).encode()
    )
    listed = [p for p in catalog.products if json.loads(built.files["api/all.json"]).count(p.id)]
    summaries = [api_v1_summary(p, base) for p in listed]
    products = json.loads(built.files["api/v1/products/index.json"])
    assert (products["total"], products["result"]) == (len(summaries), summaries)
    full = built.files["api/v1/products/full/index.json"]
    assert full == publish_module._json(json.loads(full))  # compact, as json writes it whole
    events = b"".join(
        b"".join(re.findall(rb"BEGIN:VEVENT.*?END:VEVENT\r\n", built.files[name], re.S))
        for name in (f"calendar/{p.id}.ics" for p in catalog.products)
    )
    assert built.files["calendar/all.ics"] == _ics.calendar("Product lifecycle", [events.decode()])


def test_a_published_site_reads_only_its_own_files(tmp_path: Path) -> None:
    from eol_check.publish import publish_site

    site = tmp_path / "site"
    publish_site(site, CATALOG, POLICY, ON, AT)
    (site / ".htaccess").write_text("ExpiresActive On\n", encoding="utf-8")
    written = publish_site(site, CATALOG, POLICY, ON, AT)
    assert ".htaccess" not in set(written.files)
    assert len(set(written.files)) == len(written) == len(build_site(CATALOG, POLICY, ON, AT))
    with pytest.raises(KeyError):
        written.files[".htaccess"]
    assert written.files["index.html"] == (site / "index.html").read_bytes()


# --- calendars --------------------------------------------------------------------------------


def test_product_pages_show_the_planners_path(site: Site) -> None:
    # SPEC §3.5: the same hops check, status and report name and preflight allows; line 6.0
    # takes upgrades from 4.3 on, and 4.3 is past its End of Life on the sample day.
    from html import unescape

    from eol_check.upgrade import upgrade_path
    from eol_check.version import Version

    page = unescape(site.files["oas.html"].decode())
    assert "4.2.3 → 5.1.2 → 6.0.2" in page
    assert "4.3.2 → 6.0.2" in page
    assert "up to date" in page
    path = upgrade_path(CATALOG.product("oas"), Version(4, 2, 3), ON)
    assert path.as_json() == ["5.1.2", "6.0.2"]


def test_calendars_parse_with_icalendar(site: Site) -> None:
    icalendar = pytest.importorskip("icalendar")
    everything: list[tuple[str, date, str]] = []
    for product in CATALOG.products:
        raw = site.files[f"calendar/{product.id}.ics"]
        assert raw.endswith(b"END:VCALENDAR\r\n")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (RFC 5545 §3.1)
        cal = icalendar.Calendar.from_ical(raw)
        assert str(cal["VERSION"]) == "2.0"
        events = [
            (str(e["UID"]), e.decoded("DTSTART"), str(e["SUMMARY"])) for e in cal.walk("VEVENT")
        ]
        for event in cal.walk("VEVENT"):
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert type(start) is date  # all-day
            assert end == start + timedelta(days=1)
            assert event.decoded("DTSTAMP") == AT
            assert str(event["URL"]) == (f"https://support.example.com/lifecycle/{product.id}.html")
        decided = [s for s in cycles(product, POLICY, ON) if s.eol is not None]
        assert len(events) == 3 * len(decided)
        everything += events
    whole = icalendar.Calendar.from_ical(site.files["calendar/all.ics"])
    all_events = [
        (str(e["UID"]), e.decoded("DTSTART"), str(e["SUMMARY"])) for e in whole.walk("VEVENT")
    ]
    assert sorted(all_events) == sorted(everything)
    assert len({uid for uid, _, _ in all_events}) == len(all_events)
    by_uid = {uid: (day, summary) for uid, day, summary in all_events}
    assert by_uid["oas-4.2-eol@support.example.com"] == (
        date(2026, 3, 1),
        "Octopus Authentication Server 4.2: End of Life",
    )
    assert by_uid["oas-4.2-support-until@support.example.com"] == (
        date(2026, 8, 31),
        "Octopus Authentication Server 4.2: last day of support",
    )
    assert by_uid["oas-4.2-upgrade-until@support.example.com"] == (
        date(2027, 2, 28),
        "Octopus Authentication Server 4.2: last day to upgrade",
    )


def test_uids_stay_the_same_from_one_publication_to_the_next(site: Site) -> None:
    later = build_site(
        CATALOG,
        POLICY,
        ON + timedelta(days=30),
        AT + timedelta(days=30),
        "https://support.example.com/lifecycle",
    )
    uids = [
        line for line in site.files["calendar/all.ics"].split(b"\r\n") if line.startswith(b"UID:")
    ]
    assert uids
    assert uids == [
        line for line in later.files["calendar/all.ics"].split(b"\r\n") if line.startswith(b"UID:")
    ]


# --- writing: a whole site or nothing ----------------------------------------------------------


def listing(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_new_folder_gets_the_whole_site(tmp_path: Path, site: Site) -> None:
    target = tmp_path / "site"
    write_site(target, site)
    assert listing(target) == dict(site.files)
    assert os.stat(target).st_mode & 0o755 == 0o755  # readable by a web server
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_a_published_site_is_replaced_whole(tmp_path: Path, site: Site) -> None:
    target = tmp_path / "site"
    # An older publication, of a product since removed: its files go with it.
    older = build_site(CATALOG, POLICY, ON, AT)
    files = dict(older.files)
    files["stale.html"] = b"from an older publication"
    files["api/stale.json"] = b"[]"
    mark = json.loads(files[MARK])
    files[MARK] = json.dumps({**mark, "products": [*mark["products"], "stale"]}).encode()
    write_site(target, Site(files, older.date, older.base_url, older.products, older.lines))
    write_site(target, site)
    assert listing(target) == dict(site.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_empty_folder_is_used(tmp_path: Path, site: Site) -> None:
    (tmp_path / "site").mkdir()
    write_site(tmp_path / "site", site)
    assert listing(tmp_path / "site") == dict(site.files)


@pytest.mark.parametrize("kind", ["foreign folder", "file", "symlink"])
def test_anything_else_is_refused_and_left_alone(tmp_path: Path, site: Site, kind: str) -> None:
    target = tmp_path / "site"
    if kind == "foreign folder":
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
        message = (
            f"{target} is not empty and was not written by eol-check catalog publish "
            f"(no {MARK} file): choose a new or empty folder"
        )
    elif kind == "file":
        target.write_text("mine", encoding="utf-8")
        message = f"{target} is not a folder eol-check wrote: choose a new or empty folder"
    else:
        write_site(tmp_path / "real", site)
        target.symlink_to(tmp_path / "real")
        message = f"{target} is not a folder eol-check wrote: choose a new or empty folder"
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(SiteError) as info:
        write_site(target, site)
    assert str(info.value) == message
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if kind == "foreign folder":
        assert listing(target) == {"notes.txt": b"mine"}


def test_a_failure_while_writing_leaves_the_old_site(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "site"
    old = build_site(CATALOG, POLICY, ON - timedelta(days=365), AT)
    write_site(target, old)
    real = publish_module._write_files

    def half_then_full_disk(root: Path, files: Any) -> None:
        real(root, list(files)[:10])  # (path, content) pairs, as they are built
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish_module, "_write_files", half_then_full_disk)
    with pytest.raises(OutputError) as info:
        write_site(target, site)
    assert str(info.value) == f"cannot write the site to {target}: No space left on device"
    assert listing(target) == dict(old.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_swap_puts_the_old_site_back(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "site"
    old = build_site(CATALOG, POLICY, ON - timedelta(days=365), AT)
    write_site(target, old)
    real = os.replace

    def refuse_the_new_site(src: Any, dst: Any) -> None:
        if Path(src).name.startswith(".site.new-"):
            raise OSError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(os, "replace", refuse_the_new_site)
    with pytest.raises(OutputError) as info:
        write_site(target, site)
    assert str(info.value) == f"cannot write the site to {target}: Permission denied"
    assert listing(target) == dict(old.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_missing_parent_folder_is_refused(tmp_path: Path, site: Site) -> None:
    with pytest.raises(SiteError) as info:
        write_site(tmp_path / "no" / "site", site)
    assert str(info.value) == f"{tmp_path / 'no'} is not a folder: create it first"


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
def test_folding_keeps_lines_short_and_characters_whole(text: str) -> None:
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    folded = _ics._fold(line).encode("utf-8")
    pieces = folded.split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    assert b"".join([pieces[0], *(p[1:] for p in pieces[1:])]).decode("utf-8") == line


def test_the_upgrade_path_on_the_pages_is_the_planners_and_preflight_allows_each_hop(
    site: Site,
) -> None:
    from html import unescape

    from eol_check.preflight import check_preflight
    from eol_check.upgrade import upgrade_path
    from eol_check.version import parse_strict

    hops_shown = 0
    for product in CATALOG.products:
        page = site.files[f"{product.id}.html"].decode()
        cells = [
            unescape(c)
            for c in re.findall(r'<td data-label="Upgrade path" class="wrap">([^<]*)</td>', page)
        ]
        for line, cell in zip(lines(product, POLICY, ON), cells, strict=True):
            path = upgrade_path(product, line.latest, ON)
            if path.hops is None:
                if cell == "see below":  # a sentence every line would repeat: said once
                    assert unescape(page).count(f"Upgrade path: {path.reason}</p>") == 1
                else:
                    assert cell == path.reason
                continue
            if not path.hops:
                assert cell == "up to date"
                continue
            steps = [parse_strict(v) for v in cell.split(" → ")]
            assert steps == [line.latest, *path.hops]
            for before, after in itertools.pairwise(steps):  # SPEC §3.5: preflight allows it
                assert check_preflight(product, before, after, POLICY, ON).ok, (before, after)
                hops_shown += 1
    assert hops_shown >= 10
    assert "4.2.3 → 5.1.2 → 6.0.2" in site.files["oas.html"].decode()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-11-21", "today"),
        ("2026-11-22", "in 1 day"),
        ("2026-11-20", "1 day ago"),
        ("2027-01-04", "in 44 days"),
        ("2027-01-05", "in 1 month"),
        ("2027-02-28", "in 3 months"),
        ("2026-08-31", "3 months ago"),
        ("2028-05-21", "in 18 months"),
        ("2028-06-01", "in 1.5 years"),
        ("2029-06-30", "in 2.5 years"),
        ("2023-07-01", "3.5 years ago"),
    ],
)
def test_relative_time_beside_dates(value: str, words: str) -> None:
    from eol_check._html import relative_time

    assert relative_time(date.fromisoformat(value), date(2026, 11, 21)) == words


def test_the_pages_link_the_vendors_contact_and_policy() -> None:
    """Issue 20: a contact and a policy link that a vendor sets in data/policy.toml."""
    from eol_check._record import replace

    policy = replace(
        POLICY, contact="mailto:support@example.com", policy_url="https://example.com/p?a=1&b=2"
    )
    site = build_site(CATALOG, policy, ON, AT)
    for name in ("index.html", "oas.html"):
        page = site.files[name].decode()
        assert (
            'Questions: <a class="contact" href="mailto:support@example.com">'
            "support@example.com</a>" in page
        )
        assert '<a class="policy-link" href="https://example.com/p?a=1&amp;b=2">' in page
    plain = build_site(CATALOG, POLICY, ON, AT).files["oas.html"].decode()
    assert 'class="contact"' not in plain
