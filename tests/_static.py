"""A real http.server on 127.0.0.1 serving a published site folder (docs/publish.md).

`SimpleHTTPRequestHandler` as `python -m http.server` runs it, with the one rule docs/publish.md
asks of every web server: a folder's index is `index.html`, else `index.json` (endoflife.date's
API v1 is one folder per endpoint; its own host rewrites paths to `…/index.json` the same way).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        local = super().translate_path(path)
        if os.path.isdir(local) and not os.path.isfile(os.path.join(local, "index.html")):
            index = os.path.join(local, "index.json")
            if os.path.isfile(index):
                return index
        return local

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 for the block; yields the base URL (no trailing '/')."""
    handler = functools.partial(_Handler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
