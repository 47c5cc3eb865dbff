"""Running the application under uvicorn: the listening socket, logging and signals."""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket

from ..errors import InputError
from .app import Service, build_app

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, TextIO

    from ..catalog import Catalog
    from ..policy import Policy
    from .feed import CatalogFeed

__all__ = ["is_loopback", "serve"]


def is_loopback(host: str) -> bool:
    """True for a loopback address (127.0.0.0/8, ::1) or 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    *,
    host: str,
    port: int,
    db: str,
    tokens: Path | None,
    catalog: Path | None,
    policy: Path | None,
    access_log: bool,
    stderr: TextIO,
    fetched: tuple[Catalog, Policy | None] | None = None,
    feed: CatalogFeed | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM."""
    import uvicorn

    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("eol-check serve: %(message)s"))
    # uvicorn's start-up chatter (its own "running on" line) is left out: ours says it once.
    levels = {
        "eol_check.serve": logging.INFO,
        "uvicorn.error": logging.WARNING,
        "uvicorn.access": logging.INFO,
    }
    for name, level in levels.items():
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(level)
        log.propagate = False
    service = Service(
        catalog=catalog,
        policy=policy,
        db=db,
        tokens=tokens,
        require_tokens=not is_loopback(host),
        fetched=fetched,
        feed=feed,
    )
    app = build_app(service)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    _check_address(family, host, port)
    shown = f"[{host}]" if family == socket.AF_INET6 else host

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.should_exit:  # uvicorn could not listen, and said why
                return
            bound = self.servers[0].sockets[0].getsockname()[1]
            logging.getLogger("eol_check.serve").info(
                "listening on http://%s:%d/ (database %s%s)",
                shown,
                bound,
                service.store.shown,
                ", tokens required" if service.tokens is not None else "",
            )

    # uvicorn binds the address itself (a socket handed to it is served without TCP_NODELAY on
    # its connections: 40 ms per keep-alive answer, measured).
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=access_log,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    signal.signal(signal.SIGHUP, lambda signum, frame: service.hangup())
    if feed is not None:
        feed.start(service.install)
    try:
        _Server(config).run()
    finally:
        if feed is not None:
            feed.stop()


def _check_address(family: socket.AddressFamily, host: str, port: int) -> None:
    """Refuse an address that cannot be listened on with one line (exit 2), before starting."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(f"serve: cannot listen on {host}:{port}: {reason}") from None
    finally:
        sock.close()
