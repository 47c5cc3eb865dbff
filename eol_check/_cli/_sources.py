"""Where a command's catalog (and the policy that comes with a bundle) is read from.

In order: `--catalog PATH` (a TOML file, a folder of them, or a `.json` bundle); else the bundle
at `--catalog-url` or `$EOL_CHECK_CATALOG_URL`, through `eol_check.remote` (cache and fallbacks,
one stderr notice when a stand-in answers); else the embedded `data/catalog/`. A bundle brings
its policy, used unless `--policy` is given. Without a URL nothing here imports httpx.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timezone

from .. import __version__
from .._data import ENV_CATALOG_URL
from ..catalog import load_catalog as load_catalog_at
from ..policy import load_policy as load_policy_at
from ._args import UsageError, path_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..catalog import Catalog
    from ..policy import Policy
    from ._common import Context

__all__ = ["catalog_url", "load_catalog", "load_policy", "uses_bundle"]


def _option(args: argparse.Namespace, name: str) -> Any:
    """A global option, or None when a caller built `args` without it."""
    return getattr(args, name, None)


def catalog_url(args: argparse.Namespace) -> str | None:
    """The catalog URL in force: --catalog-url, else $EOL_CHECK_CATALOG_URL unless --catalog."""
    given = _option(args, "catalog_url")
    if given:
        if args.catalog:
            raise UsageError("give --catalog PATH or --catalog-url URL, not both")
        return str(given)
    if args.catalog:  # an explicit file beats the environment
        return None
    return os.environ.get(ENV_CATALOG_URL) or None


def uses_bundle(args: argparse.Namespace) -> bool:
    """True when the catalog comes from a bundle (which carries a policy)."""
    return catalog_url(args) is not None or _is_bundle_path(args.catalog)


def _is_bundle_path(given: str | None) -> bool:
    return bool(given) and str(given).lower().endswith(".json")


def load_catalog(ctx: Context) -> tuple[Catalog, Policy | None]:
    """The catalog for this run, and the policy of its bundle (None for TOML catalogs)."""

    args = ctx.args
    url = catalog_url(args)
    if url is None:
        for flag in ("--require-fresh", "--catalog-sha256"):
            if _option(args, flag[2:].replace("-", "_")):
                raise UsageError(
                    f"{flag} needs a catalog URL: --catalog-url URL or ${ENV_CATALOG_URL}"
                )
    if url is not None:
        return _fetch(ctx, url)
    if _is_bundle_path(args.catalog):
        from ..bundle import load_bundle  # json: only for a bundle

        return load_bundle(path_arg(args.catalog))
    return _embedded_or(args.catalog), None


def load_policy(args: argparse.Namespace, bundled: Policy | None) -> Policy:
    """The policy: --policy PATH, else `bundled` (the policy of the catalog's bundle), else the
    embedded data/policy.toml."""
    if args.policy:
        return load_policy_at(path_arg(args.policy))
    return bundled or load_policy_at(None)  # the embedded policy


def _embedded_or(given: str | None) -> Catalog:
    return load_catalog_at(path_arg(given) if given else None)  # None: the embedded catalog


def _fetch(ctx: Context, url: str) -> tuple[Catalog, Policy | None]:
    # The network seam: remote (hashlib, and httpx when it fetches) loads only for a catalog URL.
    from ..bundle import loads_bundle
    from ..remote import DEFAULT_TIMEOUT, fetch_bundle

    args = ctx.args
    offline, require_fresh = _option(args, "offline"), _option(args, "require_fresh")
    if offline and require_fresh:
        raise UsageError("--offline and --require-fresh contradict each other: drop one")
    now = datetime.now(timezone.utc)
    result = fetch_bundle(
        url,
        loads_bundle,
        now=now,
        sha256=_option(args, "catalog_sha256"),
        timeout=_option(args, "timeout") or DEFAULT_TIMEOUT,
        offline=offline,
        require_fresh=require_fresh,
    )
    notice = result.notice(now, f"the embedded catalog of eol-check {__version__}")
    if notice:
        ctx.warn(notice)
    if result.cache_error:
        ctx.warn(f"{result.cache_error}: the fetched catalog is used but not kept")
    if result.value is None:
        return _embedded_or(None), None
    return result.value
