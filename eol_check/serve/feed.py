"""A catalog given by URL to the service (SPEC §10): re-fetched on SIGHUP and by a conditional GET
every `every` seconds (five minutes by default), never per request; on failure the last good copy
keeps answering.

The fetching itself is `eol_check.remote.fetch_bundle`, as for `--catalog-url` on every other
command (the cache, its ETag for `If-None-Match`, the size cap, the pin, the deadline): this
module only decides when to ask and what to do with the answer. One daemon thread asks; requests
never wait for it.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

from .._format import printable
from ..remote import BundleOrigin, _shown, fetch_bundle

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..catalog import Catalog
    from ..policy import Policy

__all__ = ["DEFAULT_EVERY", "CatalogFeed"]

LOG = logging.getLogger("eol_check.serve")

DEFAULT_EVERY = 300.0  # seconds: SPEC §10's "every five minutes"

Bundle = tuple["Catalog", "Policy | None"]


class CatalogFeed:
    """Asks `url` for its bundle again on `wake()` and every `every` seconds; hands a new one to
    `install` (which may refuse it by raising an EolCheckError: it is then logged)."""

    def __init__(
        self,
        url: str,
        *,
        sha256: str | None,
        timeout: float,
        offline: bool,
        every: float = DEFAULT_EVERY,
    ) -> None:
        self.url, self.sha256, self.timeout, self.offline = url, sha256, timeout, offline
        self.every = every
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, install: Callable[[Bundle], bool]) -> None:
        """Start asking in a daemon thread; `install(bundle)` is True when the data changed."""
        self._thread = threading.Thread(
            target=self._run, args=(install,), name="eol-check catalog feed", daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        """Ask now (SIGHUP); safe from a signal handler: it only sets an event."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout + 5)

    def _run(self, install: Callable[[Bundle], bool]) -> None:
        while True:
            self._wake.wait(self.every)
            self._wake.clear()
            if self._stop.is_set():
                return
            self.refresh(install)

    def refresh(self, install: Callable[[Bundle], bool]) -> None:
        """Ask once: a new bundle is installed; 304 (or the same content) changes nothing; a
        failure is one log line and the data in use keeps answering."""
        from ..bundle import loads_bundle
        from ..errors import EolCheckError

        # What a server sent (a reason phrase, a header) reaches the log escaped (printable).
        shown = printable(_shown(self.url))
        try:
            result = fetch_bundle(
                self.url,
                loads_bundle,
                now=datetime.now(timezone.utc),
                sha256=self.sha256,
                timeout=self.timeout,
                offline=self.offline,
            )
        except EolCheckError as exc:  # the arguments were checked at start: not expected
            LOG.error("catalog from %s not fetched (%s)", shown, printable(exc))
            return
        if result.cache_error:
            LOG.warning(
                "%s: the fetched catalog is used but not kept", printable(result.cache_error)
            )
        if not result.origin.is_fresh and not self.offline:
            LOG.error(
                "catalog from %s unavailable (%s); the last good copy keeps answering",
                shown,
                printable(result.problem),
            )
            return
        if result.value is None:  # --offline and no cached copy
            return
        if result.origin is BundleOrigin.NOT_MODIFIED:
            LOG.info("catalog from %s not modified", shown)
        try:
            changed = install(result.value)
        except EolCheckError as exc:
            LOG.error(
                "refused the catalog from %s with the policy (the last good one keeps "
                "answering): %s",
                shown,
                printable(exc),
            )
            return
        if changed:
            LOG.warning("fetched a new catalog from %s", shown)
