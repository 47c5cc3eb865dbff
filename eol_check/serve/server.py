"""Running the application under uvicorn: the listening socket, logging and signals."""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket

from .._typing import TYPE_CHECKING
from ..errors import InputError
from .app import Service, build_app

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, TextIO

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
) -> None:
    """Serve until SIGINT or SIGTERM."""
    import uvicorn

    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("eol-check serve: %(message)s"))
    for name in ("eol_check.serve", "uvicorn.error", "uvicorn.access"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(logging.INFO)
        log.propagate = False
    service = Service(
        catalog=catalog, policy=policy, db=db, tokens=tokens, require_tokens=not is_loopback(host)
    )
    app = build_app(service)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(f"serve: cannot listen on {host}:{port}: {reason}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            logging.getLogger("eol_check.serve").info(
                "listening on http://%s:%d/ (database %s%s)",
                shown,
                bound,
                service.store.shown,
                ", tokens required" if service.tokens is not None else "",
            )

    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=access_log,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    signal.signal(signal.SIGHUP, lambda signum, frame: service.hangup())
    _Server(config).run(sockets=[sock])
