"""What every subcommand shares: the global options, the run context, and output helpers.

Imported on every start-up, classify's included: the data loaders (`_sources`, and through it the
catalog, policy and TOML modules) are imported when a command first asks for data.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import date, datetime, timezone

from .._dates import parse_date
from .._format import printable
from ..errors import EolCheckError, InputError, OutputError
from ._args import UsageError, path_arg, version_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

    from ..catalog import Catalog, Product
    from ..lifecycle import VersionStatus
    from ..policy import Policy
    from ..version import Version

    Lifecycle = Callable[[Product, Version, Policy, date], VersionStatus]

__all__ = ["Context", "Output", "UsageError", "add_global_options", "path_arg", "version_arg"]


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the options accepted before or after the command name (SPEC §5).

    The top-level parser holds the defaults; each command's parser repeats the options with
    SUPPRESS defaults, so a value given after the command name wins and an absent one leaves
    the top-level value alone.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    group.add_argument(
        "--catalog",
        metavar="PATH",
        default=default(None),
        help="a catalog TOML file, a folder of them, or a published bundle (default: embedded)",
    )
    group.add_argument(
        "--policy",
        metavar="PATH",
        default=default(None),
        help="a policy TOML file replacing the embedded data/policy.toml",
    )
    group.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        default=default(None),
        help="evaluate on this date instead of today (UTC)",
    )
    group.add_argument(
        "--format",
        metavar="FORMAT",
        default=default(None),
        help="output format, in any case: text (the default) or json; some commands offer "
        "others, and refuse a format they do not have",
    )
    group.add_argument(
        "--color",
        metavar="WHEN",
        choices=("auto", "always", "never"),
        default=default("auto"),
        help="colour text output: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR "
        "is), always or never; JSON, CSV and Markdown are never coloured",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="show the traceback of an internal error",
    )
    # Fetching the published catalog (SPEC §7, docs/catalog-remote.md).
    group.add_argument(
        "--catalog-url",
        metavar="URL",
        default=default(None),
        help="fetch the catalog bundle from this HTTPS URL (env EOL_CHECK_CATALOG_URL); "
        "falls back to the cached copy, else the embedded data",
    )
    group.add_argument(
        "--catalog-sha256",
        metavar="HEX",
        default=default(None),
        type=_pin,
        help="accept only a bundle with this SHA-256 digest",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        default=default(None),  # None: eol_check.remote.DEFAULT_TIMEOUT
        type=_seconds,
        help="give up on the catalog URL after this long (default: 5)",
    )
    group.add_argument(
        "--offline",
        action="store_true",
        default=default(False),
        help="never touch the network: use the cached copy of the catalog URL, else embedded data",
    )
    group.add_argument(
        "--require-fresh",
        action="store_true",
        default=default(False),
        help="fail (exit 3) instead of falling back when the catalog URL cannot be fetched",
    )


def _seconds(text: str) -> float:
    """A --timeout value: a number of seconds above 0, at most an hour."""
    from ..remote import MAX_TIMEOUT  # only when --timeout is given: remote imports hashlib, …

    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a number of seconds above 0 and at most {MAX_TIMEOUT:g}, e.g. 5"
        )
    return value


def _pin(text: str) -> str:
    """A --catalog-sha256 value: 64 hex digits, in lower case (checked by the library)."""
    from ..remote import check_pin

    try:
        return check_pin(text, "value")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


class Context:
    """What a command runs with: parsed options, the evaluation date, data, and output streams."""

    def __init__(
        self,
        args: argparse.Namespace,
        formats: tuple[str, ...] = ("text", "json"),
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        *,
        data: tuple[Catalog, Policy] | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> None:
        self.args = args
        self._lifecycle = lifecycle  # a memo of version_status for `data` (the service's)
        # An Output writes like the TextIO it wraps (the type checker is told so).
        self.stdout: TextIO = Output(stdout or sys.stdout)  # type: ignore[assignment]
        self.stderr = stderr or sys.stderr
        self._today: date | None = None
        self._policy: Policy | None = None
        # The catalog, and the policy of its bundle when it comes from one.
        self._source: tuple[Catalog, Policy | None] | None = None
        if data is not None:  # loaded by the caller (the service, eol_check.serve)
            self._source, self._policy = (data[0], None), data[1]
        # The command's first format is its default; names are compared in lower case.
        self._format = (args.format or formats[0]).lower()
        if self._format not in formats:
            choices = " or ".join(formats)
            raise UsageError(f"--format {args.format!r} is not offered here: choose {choices}")
        if args.date:  # bad input is refused even by commands that do not read the date
            self._today = parse_date(args.date, "--date")

    @property
    def format(self) -> str:
        """The output format the user chose."""
        return self._format

    @property
    def today(self) -> date:
        """The evaluation date: --date, else the current date in UTC (SPEC §3.1)."""
        if self._today is None:
            self._today = datetime.now(timezone.utc).date()
        return self._today

    def policy(self) -> Policy:
        """The policy: --policy PATH, else the policy of the catalog bundle in use (a --catalog
        .json file or the catalog URL), else the embedded data/policy.toml (loaded once)."""
        if self._policy is None:
            from . import _sources  # the data loaders: only commands that read data need them

            bundled = None
            if _sources.uses_bundle(self.args) and not self.args.policy:
                bundled = self._catalog_source()[1]
            self._policy = _sources.load_policy(self.args, bundled)
        return self._policy

    def catalog(self) -> Catalog:
        """The catalog: --catalog PATH (a TOML file, a folder of them, or a .json bundle), else
        the bundle at the catalog URL (or its stand-in), else the embedded data/catalog/."""
        return self._catalog_source()[0]

    def _catalog_source(self) -> tuple[Catalog, Policy | None]:
        """The catalog and, when it comes from a bundle, the bundle's policy (loaded once)."""
        if self._source is None:
            from . import _sources

            self._source = _sources.load_catalog(self)
        return self._source

    @property
    def lifecycle(self) -> Lifecycle:
        """`lifecycle.version_status`, or the memo of it that came with the data."""
        if self._lifecycle is None:
            from ..lifecycle import version_status

            return version_status
        return self._lifecycle

    def product(self, name: str) -> Product:
        """The product `name` names (id, name or alias); UnknownName with a suggestion if none."""
        return self.catalog().product(name)

    @property
    def color(self) -> bool:
        """True when text output is coloured (issue 20): never in JSON, CSV or Markdown;
        `--color always|never` decides; else NO_COLOR (no-color.org) turns it off, FORCE_COLOR
        (force-color.org) on, and otherwise a terminal on stdout decides."""
        if self.format != "text":
            return False
        when = getattr(self.args, "color", "auto")
        if when != "auto":
            return bool(when == "always")
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        try:
            return self.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    def print(self, text: str = "") -> None:
        """Write a line of text output."""
        self.stdout.write(text + "\n")

    def emit_json(self, obj: Any) -> None:
        """Write one JSON document (SPEC §5: dates ISO 8601, unknown values null)."""
        # for JSON output only: json's scanner compiles patterns at import (start-up)
        from .._indented_json import dumps  # json.dumps(indent=2, …)'s bytes, faster

        self.stdout.write(dumps(obj, _json_default))
        self.stdout.write("\n")

    def warn(self, text: str) -> None:
        """Write one notice line on stderr (a stderr that cannot be written to is not an error:
        there is nowhere left to say so)."""
        with contextlib.suppress(OSError, ValueError, AttributeError):  # None: no stderr
            self.stderr.write(f"eol-check: {printable(text)}\n")


class Output:
    """A command's stdout: a write that fails is OutputError (SPEC §5: exit 74), text the stream
    cannot encode is written with backslash escapes, and once the reader has gone away (a broken
    pipe: `eol-check … | head`) the rest is dropped quietly, so that the command still ends with
    the exit code of its answer."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream  # None: the process has no stdout (its descriptor was closed)
        self.broken = False  # the reader went away

    def write(self, text: str) -> int:
        """Write `text` (see the class)."""
        if self.broken:
            return len(text)
        if self.stream is None:
            raise OutputError("cannot write the output: there is no standard output (closed)")
        try:
            return self.stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self.stream, "encoding", None) or "utf-8"
            return self._write(text.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            self._gone()
            return len(text)
        except (OSError, ValueError) as exc:
            raise _output_error(exc) from exc

    def _write(self, text: str) -> int:
        assert self.stream is not None
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)
        except (OSError, ValueError) as exc:
            raise _output_error(exc) from exc

    def flush(self) -> None:
        """Push buffered output to its destination (where a full disk says so)."""
        if self.broken or self.stream is None:
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._gone()
        except (OSError, ValueError) as exc:
            raise _output_error(exc) from exc

    def isatty(self) -> bool:
        """True when the output is a terminal."""
        try:
            return self.stream is not None and self.stream.isatty()
        except (OSError, ValueError):
            return False

    def _gone(self) -> None:
        self.broken = True
        if self.stream is not None:
            silence(self.stream)


def _output_error(exc: Exception) -> EolCheckError:
    if isinstance(exc, OSError):
        return OutputError(f"cannot write the output: {exc.strerror or exc}")
    return OutputError("cannot write the output: it is closed")


def silence(stream: TextIO | None) -> None:
    """Point `stream`'s file at the null device, so that the interpreter's final flush of what
    could not be written does not fail again (a pipe whose reader left, a full disk)."""

    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _json_default(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
