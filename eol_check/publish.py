"""The support center as a static site (SPEC §7: "the end of life for each product is published
on the support center"); docs/publish.md.

`build_site` is pure: it returns every file of the site as bytes, keyed by its path in the site.
`write_site` is the edge: it writes those files into a new folder next to the target and swaps
it in, so the target is always a whole site, the old one or the new one:

    index.html, <id>.html                  pages for people
    api/all.json, api/<id>.json,           endoflife.date's API v0
    api/<id>/<cycle>.json
    api/v1/…/index.json                    endoflife.date's API v1 (a folder per endpoint)
    calendar/<id>.ics, calendar/all.ics    End of Life, end of support, end of the upgrade window
    catalog.json, catalog.json.sha256      the bundle, for --catalog-url and --catalog-sha256
    .eol-check-site                        the mark of a folder eol-check wrote

`write_site` replaces only a folder that carries the mark, or an empty one; anything else at the
target is refused (`SiteError`), so a mistyped path never deletes someone's files.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from . import _html, _ics
from ._atomic import fsync_folder, running
from ._record import Record
from .bundle import bundle_from_catalog, dumps_bundle
from .catalog import Catalog, Product
from .endoflife import (
    API_V1_SCHEMA,
    CATEGORY,
    Cycle,
    api_v0_cycle,
    api_v0_product,
    api_v1_index,
    api_v1_product,
    api_v1_summary,
    cycle_of,
)
from .errors import OutputError, SiteError
from .lifecycle import LineStatus, current_line, lines
from .policy import Policy
from .upgrade import upgrade_path
from .version import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["MARK", "Site", "build_site", "publish_site", "write_site"]

#: The file that marks a folder as a site eol-check wrote (and so may replace).
MARK = ".eol-check-site"


class Site(Record):
    """Every file of a published site: its path in the site (with '/') and its content."""

    files: Mapping[str, bytes]
    date: datetime.date  # the date the lifecycle is published for
    base_url: str  # '' when the links are relative to the host's root
    products: int
    lines: int

    def __len__(self) -> int:
        return len(self.files)

    def as_json(self) -> dict[str, Any]:
        """What was published, in numbers (docs/publish.md)."""
        return {
            "date": self.date.isoformat(),
            "base_url": self.base_url or None,
            "products": self.products,
            "lines": self.lines,
            "files": len(self.files),
        }


def build_site(
    catalog: Catalog,
    policy: Policy,
    on: datetime.date,
    generated_at: datetime.datetime,
    base_url: str = "",
) -> Site:
    """The site of `catalog` and `policy` on `on`; `generated_at` must be aware.

    `base_url` ("https://support.example.com/lifecycle") makes the links of API v1 and of the
    calendars absolute; without it they are relative to the root of the site's host.
    """
    tally = _Tally()
    files = {
        name: content if isinstance(content, bytes) else b"".join(content)
        for name, content in _site_files(catalog, policy, on, generated_at, base_url, tally)
    }
    return Site(files, on, base_url.rstrip("/"), tally.products, tally.lines)


def publish_site(
    directory: Path,
    catalog: Catalog,
    policy: Policy,
    on: datetime.date,
    generated_at: datetime.datetime,
    base_url: str = "",
) -> Site:
    """Build the site and write it to `directory` (see `write_site`); return what was written.

    The files are written as they are built, a product at a time, so that memory holds one
    product's pages and API files, not the whole site. The files about every product (the
    index, the lists of API v1, `calendar/all.ics`, the bundle) are written from pieces kept in
    temporary files (`_Spool`) or made again from the catalog, never held whole; what stays in
    memory is each product's id and API v1 summary. The returned site reads its files from
    `directory`."""
    tally = _Tally()
    count = _write(directory, _site_files(catalog, policy, on, generated_at, base_url, tally))
    ids = frozenset(product.id for product in catalog.products)
    files = _OnDisk(Path(os.path.abspath(directory)), ids, count)
    return Site(files, on, base_url.rstrip("/"), tally.products, tally.lines)


class _Tally:
    """What `_site_files` counted: products and lines."""

    def __init__(self) -> None:
        self.products = 0
        self.lines = 0


class _OnDisk(Mapping[str, bytes]):
    """The files of a site as written in its folder, read on use: those the layout gives for
    its products (`_written_by_publish`), not the others that the folder keeps."""

    def __init__(self, directory: Path, ids: frozenset[str], count: int) -> None:
        self.directory = directory
        self.ids = ids
        self.count = count

    def __getitem__(self, name: str) -> bytes:
        if not _written_by_publish(name, self.ids):
            raise KeyError(name)
        try:
            return (self.directory / name).read_bytes()
        except FileNotFoundError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return (n for n in _files_under(self.directory) if _written_by_publish(n, self.ids))

    def __len__(self) -> int:
        return self.count


class _Spool:
    """The pieces of a file about every product (index rows, calendar events, API v1 details),
    kept in a temporary file while the products are built, so that memory does not hold them
    all; `around` gives the file's content, a MiB at a time, as often as needed."""

    def __init__(self, separator: bytes) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller's stack
        self._separator = separator
        self.count = 0

    def add(self, piece: bytes) -> None:
        if self.count:
            self._file.write(self._separator)
        self._file.write(piece)
        self.count += 1

    def around(self, before: bytes, after: bytes) -> Iterator[bytes]:
        """`before`, the pieces with their separators, `after`."""
        yield before
        self._file.seek(0)
        while chunk := self._file.read(1 << 20):
            yield chunk
        yield after

    def close(self) -> None:
        self._file.close()


#: Where a spool's pieces go in a page or calendar rendered around them.
_PIECES = "\x00pieces\x00"


def _around(rendered: bytes, spool: _Spool) -> Iterator[bytes]:
    """`rendered` (with `_PIECES` once, where the pieces belong) with the pieces in its place."""
    before, after = rendered.split(_PIECES.encode(), 1)
    return spool.around(before, after)


def _site_files(
    catalog: Catalog,
    policy: Policy,
    on: datetime.date,
    generated_at: datetime.datetime,
    base_url: str,
    tally: _Tally,
) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
    """Every file of the site (path, content: bytes, or pieces to be written in turn), a
    product's files at a time, then the files about every product; `tally` counts the
    products and lines. Each file's pieces are used up before the next file is asked for."""
    if generated_at.tzinfo is None:
        raise ValueError("generated_at needs a time zone")
    base = base_url.rstrip("/")
    stamp = generated_at.isoformat()
    with contextlib.ExitStack() as stack:
        rows, events_all, summaries, details = (
            _Spool(separator) for separator in (b"\n", b"", b",", b",")
        )
        for spool in (rows, events_all, summaries, details):
            stack.callback(spool.close)
        listed: list[str] = []  # the ids of the products in the APIs
        # Product ids ([a-z0-9][a-z0-9_-]*) and lines (digits and a dot) are checked by the
        # catalog loader, TOML and bundle alike (SPEC §4.1): safe as names of files and folders.
        for product in catalog.products:
            files: dict[str, bytes] = {}
            statuses = lines(product, policy, on)
            product_cycles = [cycle_of(ls) for ls in statuses]
            tally.products += 1
            tally.lines += len(product_cycles)
            current = current_line(product, on)
            latest = current.latest(on) if current is not None else None
            target = latest.version if latest else None
            upgrades = {ls.line: _upgrade(product, ls.latest, on) for ls in statuses}
            view = _html.ProductView(product, statuses, target, upgrades)
            rows.add(_html.index_row(view).encode())
            files[f"{product.id}.html"] = _html.product_page(view, policy, on, stamp).encode()
            if product_cycles:
                # Only a product with a release by the date is in the APIs: norwegianblue fails
                # on an empty v0 list, and eol-cli follows a v1 product to its `releases/latest`.
                _api_v0(files, product, product_cycles)
                listed.append(product.id)
                summaries.add(_json_text(api_v1_summary(product, base)))
                details.add(
                    _json_text(_api_v1_product(files, product, product_cycles, on, base, stamp))
                )
            events = _ics.events_text(_events(product, statuses, policy, base), generated_at)
            events_all.add(events.encode())
            files[f"calendar/{product.id}.ics"] = _ics.calendar(product.name, [events])
            yield from files.items()
        index = _html.index_page([_PIECES], policy, on, stamp).encode()
        yield "index.html", _around(index, rows)
        yield "calendar/all.ics", _around(_ics.calendar("Product lifecycle", [_PIECES]), events_all)
        yield "api/all.json", _json(sorted(listed))
        yield from _api_v1_lists(summaries, details, base, stamp)
        digest = hashlib.sha256()
        yield "catalog.json", _hashed(_bundle(catalog, policy, generated_at), digest)
        yield "catalog.json.sha256", f"{digest.hexdigest()}  catalog.json\n".encode()
        # The mark lists the products, so that the next publish knows which files it wrote (and
        # keeps every other one: an `.htaccess`, `images/`).
        yield (
            MARK,
            _json(
                {
                    "generator": "eol-check catalog publish",
                    "generated_at": stamp,
                    "date": on.isoformat(),
                    "products": [p.id for p in catalog.products],
                }
            ),
        )


def _bundle(catalog: Catalog, policy: Policy, generated_at: datetime.datetime) -> Iterator[bytes]:
    """`dumps_bundle(bundle_from_catalog(...))`, the same bytes, a product at a time."""
    empty = dumps_bundle(bundle_from_catalog(Catalog(()), policy, generated_at))
    if not catalog.products:
        yield empty.encode()
        return
    # json's indent=2 puts a product of the list at depth 2: every line of its own text 4
    # spaces further in (a JSON string holds no raw newline), and ",\n" between products.
    before, after = empty.split('"products": []', 1)
    yield f'{before}"products": [\n'.encode()
    for index, product in enumerate(catalog.products):
        text = json.dumps(product.as_json(), indent=2, ensure_ascii=False)
        yield (",\n" if index else "").encode() + ("    " + text.replace("\n", "\n    ")).encode()
    yield f"\n  ]{after}".encode()


def _hashed(pieces: Iterable[bytes], digest: hashlib._Hash) -> Iterator[bytes]:
    """`pieces`, each added to `digest` on its way."""
    for piece in pieces:
        digest.update(piece)
        yield piece


def write_site(directory: Path, site: Site) -> None:
    """Make `directory` hold `site`: never half a site, never someone else's folder, and every
    file there that eol-check did not write (`.htaccess`, `images/`) kept.

    The files go into a new folder next to `directory`, each synced to disk, with the files of
    the old site that an earlier publish did not write linked in; then two renames swap it in
    (the old site moves aside, the new one takes its name) and the old one is deleted. Between
    the two renames, a matter of microseconds, the path does not exist; at no moment does it
    hold a mix. A folder that cannot be renamed (a mount point, the working folder) has its
    contents swapped instead, entry by entry. Raises `SiteError` when `directory` exists and is
    not a folder eol-check wrote (or an empty folder), or holds a file of someone else's that
    the new site would overwrite; `OutputError` on any error writing; the target is then left
    as it was. SIGTERM and SIGHUP remove the half-written folders before the process ends as
    the signal says; folders a killed publish left behind are removed by the next one.
    """
    _write(directory, site.files.items())


def _write(directory: Path, files: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> int:
    """`write_site` for files given one at a time; how many were written."""
    kept = _check_target(directory)
    target = Path(os.path.abspath(directory))  # "." has no parent to write next to
    _remove_leftovers(target.parent, f".{target.name}")
    in_place = target.exists() and _cannot_be_renamed(target)
    if in_place:
        _remove_leftovers(target, MARK)
    with _cleanup_on(signal.SIGTERM, signal.SIGHUP) as caught:
        count = _swap(target, files, kept, in_place, directory)
    if caught:  # the signal's own handler let the process go on: the publish did not finish
        name = signal.Signals(caught[0]).name
        raise OutputError(f"catalog publish of {directory} was stopped by {name}")
    return count


def _swap(
    directory: Path,
    files: Iterable[tuple[str, bytes | Iterable[bytes]]],
    kept: list[str],
    in_place: bool,
    shown: Path,
) -> int:
    """`write_site`'s work, on the absolute path `directory` (`shown` as the user gave it);
    how many files were written."""
    # A folder swapped in place is staged inside itself: a mount point is a device of its own,
    # and entries move between devices only by copying.
    parent = directory if in_place else directory.parent
    prefix = f"{MARK}." if in_place else f".{directory.name}."
    try:
        new = Path(tempfile.mkdtemp(prefix=f"{prefix}new-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write next to {shown}: {_reason(exc)}") from exc
    old: Path | None = None
    moving = ""  # what is on its way: "old" (out of the target), "new" (into it)
    swapped = False
    try:
        os.chmod(new, 0o777 & ~_umask())  # mkdtemp makes it 0o700; a web server must read it
        clash: list[str] = []
        count = _write_files(new, _noting(files, frozenset(kept), clash))
        clash.sort()
        if clash:
            listed = ", ".join(clash[:10]) + (
                f" and {len(clash) - 10} more" if len(clash) > 10 else ""
            )
            raise SiteError(
                f"{shown} holds files eol-check did not write that the new site would "
                f"overwrite: {listed}; move them away first"
            )
        _keep(directory, new, kept)
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f"{prefix}old-{os.getpid()}-", dir=parent))
            moving = "old"
            if in_place:
                _move_entries(directory, old)
            else:
                os.replace(directory, old / "site")
        moving = "new"
        if in_place:
            _move_entries(new, directory)
        else:
            os.replace(new, directory)
        swapped = True
        fsync_folder(parent)
    except OSError as exc:
        # SPEC §5: output that cannot be written (a full disk) is exit 74
        raise OutputError(f"cannot write the site to {shown}: {_reason(exc)}") from exc
    finally:
        if not swapped and old is not None:  # an error or a signal mid-swap: the old site back
            with contextlib.suppress(OSError):
                if in_place:
                    if moving == "new":  # all that is in the target came from the new site
                        _move_entries(directory, new)
                    _move_entries(old, directory)
                elif not directory.exists():
                    os.replace(old / "site", directory)
        if not swapped or in_place:  # (renamed into place, `new` is no more)
            shutil.rmtree(new, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return count


def _noting(
    files: Iterable[tuple[str, bytes | Iterable[bytes]]], kept: frozenset[str], clash: list[str]
) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
    """`files`, noting in `clash` the names of those in `kept` (files the site must not
    overwrite)."""
    for name, content in files:
        if name in kept:
            clash.append(name)
        yield name, content


def _check_target(directory: Path) -> list[str]:
    """Refuse a target that is not a new, empty or eol-check folder (SiteError); the files in
    it (paths with '/') that no publish wrote, to keep."""
    if not directory.exists():
        if directory.is_symlink():
            raise SiteError(f"{directory} is a broken symbolic link: remove it or pick another")
        if not directory.parent.is_dir():
            raise SiteError(f"{directory.parent} is not a folder: create it first")
        return []
    if directory.is_symlink() or not directory.is_dir():
        raise SiteError(
            f"{directory} is not a folder eol-check wrote: choose a new or empty folder"
        )
    try:
        entries = {entry.name for entry in os.scandir(directory) if not _staged(entry.name)}
    except OSError as exc:
        raise SiteError(f"cannot read {directory}: {_reason(exc)}") from exc
    if entries and MARK not in entries:
        raise SiteError(
            f"{directory} is not empty and was not written by eol-check catalog publish "
            f"(no {MARK} file): choose a new or empty folder"
        )
    if not entries:
        return []
    ids = _published_ids(directory)
    return [
        name
        for name in _files_under(directory)
        if not _written_by_publish(name, ids) and not _staged(name.partition("/")[0])
    ]


def _published_ids(directory: Path) -> frozenset[str]:
    """The product ids of the site in `directory`: its mark lists them (an older mark does not:
    then its `api/all.json` does)."""
    for name, key in ((MARK, "products"), ("api/all.json", None)):
        try:
            data = json.loads((directory / name).read_bytes())
        except (OSError, ValueError):
            continue
        listed = data.get(key) if key is not None and isinstance(data, dict) else data
        if isinstance(listed, list) and all(isinstance(i, str) for i in listed):
            return frozenset(listed)
    return frozenset()


_FIXED = frozenset(
    {"index.html", "api/all.json", "calendar/all.ics", "catalog.json", "catalog.json.sha256", MARK}
)


def _written_by_publish(name: str, ids: frozenset[str]) -> bool:
    """Whether `name` is a path `build_site` writes for a site of products `ids` (the layout of
    this module's docstring)."""
    if name in _FIXED:
        return True
    if name.startswith("api/v1/"):
        return name.endswith("/index.json")
    head, _, rest = name.partition("/")
    if not rest:
        return name.endswith(".html") and name[: -len(".html")] in ids
    if head == "calendar":
        return rest.endswith(".ics") and rest[: -len(".ics")] in ids
    if head == "api":
        product, _, cycle = rest.partition("/")
        if not cycle:
            return product.endswith(".json") and product[: -len(".json")] in ids
        return product in ids and "/" not in cycle and cycle.endswith(".json")
    return False


def _files_under(root: Path) -> list[str]:
    """Every file (and symbolic link) under `root`, as paths relative to it with '/'."""
    found = []
    for folder, folders, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        links = [name for name in folders if os.path.islink(os.path.join(folder, name))]
        for name in (*files, *links):
            found.append(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return found


def _keep(directory: Path, new: Path, kept: list[str]) -> None:
    """Put the files of `kept` from the old site into the new one (hard links where the
    folder allows them, else copies; symbolic links as links)."""
    for name in kept:
        source, target = directory / name, new / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
            continue
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def _cannot_be_renamed(directory: Path) -> bool:
    """A mount point (an empty volume, as Docker gives), or the working folder (a shell in it
    would be left in a deleted folder): its contents are swapped instead."""
    try:
        return os.path.ismount(directory) or os.path.samefile(directory, os.getcwd())
    except OSError:
        return False


def _move_entries(source: Path, target: Path) -> None:
    """Move what is in `source` into `target`, but for the folders a publish stages in."""
    for entry in list(os.scandir(source)):
        if not _staged(entry.name):
            os.replace(entry.path, target / entry.name)


def _staged(name: str) -> bool:
    """Whether `name` is a folder a publish stages a site in, inside a folder it swaps in
    place (`MARK.new-PID-*`, `MARK.old-PID-*`)."""
    return name.startswith((f"{MARK}.new-", f"{MARK}.old-"))


def _remove_leftovers(parent: Path, name: str) -> None:
    """Remove the `NAME.new-*` and `NAME.old-*` folders of publishes that were killed (their
    process is gone; a folder of a publish still running is left to it)."""
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        for kind in ("new-", "old-"):
            prefix = f"{name}.{kind}"
            if not entry.name.startswith(prefix):
                continue
            pid = entry.name[len(prefix) :].partition("-")[0]
            if pid.isdigit() and running(int(pid)):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


class _Stopped(BaseException):
    """A signal asked the publish to stop (`_cleanup_on`)."""


@contextlib.contextmanager
def _cleanup_on(*signums: int) -> Iterator[list[int]]:
    """While the block runs, `signums` stop it (its `finally` clauses remove what it wrote),
    then reach the process as they would have (its previous handler, or the default: the
    process ends by the signal). Yields the signals caught (for when the process goes on).
    Outside the main thread, nothing changes."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return

    def stop(signum: int, frame: object) -> None:
        caught.append(signum)
        if len(caught) == 1:  # once: a second signal must not cut the clean-up short
            raise _Stopped

    previous = {signum: signal.signal(signum, stop) for signum in signums}
    try:
        yield caught
    except _Stopped:
        pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if caught:
        signal.raise_signal(caught[0])


def _write_files(root: Path, files: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> int:
    """Write `files` under `root` (a content of pieces a piece at a time), then make them and
    their folders durable before the swap; how many files were written.

    Where the system has `sync` (POSIX), one call flushes every buffer: the files and folders
    are on disk when it returns. It costs a small fraction of an fsync per file and folder,
    each of which commits the file system's journal once (docs/publish.md, "Speed"); elsewhere
    (Windows) each file is fsynced as it is written."""
    made: set[Path] = set()  # folders made lately (a product's files come together)
    count = 0
    fsync_each = not hasattr(os, "sync")
    for name, content in files:
        path = root / name
        if path.parent not in made:
            if len(made) >= 256:  # every folder of a large site would be a lot of memory
                made.clear()
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "wb") as file:
            if isinstance(content, bytes):
                file.write(content)
            else:
                for piece in content:
                    file.write(piece)
            if fsync_each:  # pragma: no cover - Windows
                file.flush()
                os.fsync(file.fileno())
        count += 1
    if not fsync_each:
        os.sync()
    return count


def _upgrade(product: Product, latest: Version, on: datetime.date) -> str:
    """The upgrade path from a line's latest release (SPEC §3.5), as the planner answers it:
    "4.2.3 → 5.1.2 → 6.0.2", "up to date", or why there is none."""
    path = upgrade_path(product, latest, on)
    if path.hops is None:
        return path.reason or "no upgrade path"
    if not path.hops:
        return "up to date"
    return " → ".join(str(v) for v in (latest, *path.hops))


# --- API v0 and v1 ----------------------------------------------------------------------------


def _api_v0(files: dict[str, bytes], product: Product, product_cycles: list[Cycle]) -> None:
    files[f"api/{product.id}.json"] = _json(api_v0_product(product_cycles))
    for cycle in product_cycles:
        files[f"api/{product.id}/{cycle.release_cycle}.json"] = _json(api_v0_cycle(cycle))


def _api_v1_product(
    files: dict[str, bytes],
    product: Product,
    product_cycles: list[Cycle],
    on: datetime.date,
    base: str,
    stamp: str,
) -> dict[str, Any]:
    """Write a product's API v1 endpoints; return its `ProductDetails` for the lists."""
    root = f"api/v1/products/{product.id}"
    details = api_v1_product(product, product_cycles, on, base)
    files[f"{root}/index.json"] = _v1({"last_modified": stamp, "result": details}, stamp)
    for cycle, release in zip(product_cycles, details["releases"], strict=True):
        files[f"{root}/releases/{cycle.release_cycle}/index.json"] = _v1({"result": release}, stamp)
    files[f"{root}/releases/latest/index.json"] = _v1({"result": details["releases"][0]}, stamp)
    return details


def _api_v1_lists(
    summaries: _Spool, details: _Spool, base: str, stamp: str
) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
    """API v1's lists: every product's summary (by category, by tag) and details."""
    index = api_v1_index(base)
    yield "api/v1/index.json", _v1({"total": len(index), "result": index}, stamp)
    yield "api/v1/products/index.json", _listed(summaries, stamp)
    yield "api/v1/products/full/index.json", _listed(details, stamp)
    for kind in ("categories", "tags"):  # every product has the one category, also its tag
        listed = [{"name": CATEGORY, "uri": f"{base}/api/v1/{kind}/{CATEGORY}/"}]
        yield f"api/v1/{kind}/index.json", _v1({"total": 1, "result": listed}, stamp)
        yield f"api/v1/{kind}/{CATEGORY}/index.json", _listed(summaries, stamp)


def _listed(spool: _Spool, stamp: str) -> Iterator[bytes]:
    """An API v1 list of the JSON objects in `spool` (`result` is the last key: its `[]` opens
    where the pieces go)."""
    empty = _v1({"total": spool.count, "result": []}, stamp)
    return spool.around(empty[: -len(b"]}\n")], b"]}\n")


def _v1(data: dict[str, Any], stamp: str) -> bytes:
    return _json({"schema_version": API_V1_SCHEMA, "generated_at": stamp, **data})


# --- calendars --------------------------------------------------------------------------------


def _events(
    product: Product, statuses: list[LineStatus], policy: Policy, base: str
) -> list[_ics.Event]:
    """Three all-day events per line with a decided End of Life (§2, §7).

    A UID names the product, the line, the event and the host of the base URL, so the same
    event keeps its UID from one publication to the next.
    """
    events = []
    page = f"{base}/{product.id}.html" if base else None
    host = urlsplit(base).hostname or "eol-check"
    tail, window = policy.support_tail_months, policy.upgrade_window_months
    for ls in statuses:
        if ls.eol is None or ls.support_until is None or ls.upgrade_until is None:
            continue
        name = f"{product.name} {ls.line}"
        for kind, day, summary, description in (
            (
                "eol",
                ls.eol,
                "End of Life",
                f"{name} reaches End of Life; support continues until {ls.support_until} (§7) "
                f"and customers have until {ls.upgrade_until} to upgrade (§2).",
            ),
            (
                "support-until",
                ls.support_until,
                "last day of support",
                f"The last day {name} is supported (§7: {tail} months after End of Life on "
                f"{ls.eol}).",
            ),
            (
                "upgrade-until",
                ls.upgrade_until,
                "last day to upgrade",
                f"The last day to upgrade from {name} (§2: {window} months after End of Life on "
                f"{ls.eol}); from the next day it is unsupported.",
            ),
        ):
            events.append(
                _ics.Event(
                    uid=f"{product.id}-{ls.line}-{kind}@{host}",
                    day=day,
                    summary=f"{name}: {summary}",
                    description=description,
                    url=page,
                )
            )
    return events


def _json(data: Any) -> bytes:
    """Compact JSON, as endoflife.date serves it (and the fast encoder: no indent)."""
    return _json_text(data) + b"\n"


def _json_text(data: Any) -> bytes:
    """`_json` without its newline: an item of a list."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
