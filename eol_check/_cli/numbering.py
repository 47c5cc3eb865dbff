"""`eol-check numbering`: is a release history, and the next version, numbered by the policy?

The rules are `eol_check.numbering.check_numbering` (SPEC §2.2); this module only reads the history
(arguments, a file, or a git repository's tags) and prints the result as text, JSON or GitHub
workflow annotations.
"""

from __future__ import annotations

import argparse

from .._format import printable as _printable
from ._common import Context, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from ..findings import Finding
    from ..numbering import NumberedRelease, NumberingResult

FORMATS = ("text", "json", "github")

#: The largest --file read; a release history is a few kilobytes, this is a guard against mistakes.
MAX_FILE_BYTES = 32 * 1024 * 1024
#: What --file should be, for the messages about a folder or a file too large.
_EXPECTED = "a list of versions, one a line"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "versions",
        nargs="*",
        metavar="VERSION",
        help="the releases in the order they were published, oldest first",
    )
    parser.add_argument(
        "--file",
        metavar="F",
        help="read the releases from F, one a line, oldest first ('#' starts a comment, '-' is "
        "stdin)",
    )
    parser.add_argument(
        "--git",
        action="store_true",
        help="read the releases from the tags of a git repository, in the order they were created",
    )
    parser.add_argument(
        "--repo", metavar="DIR", help="the repository --git reads (default: the current folder)"
    )
    parser.add_argument(
        "--tag-prefix",
        metavar="P",
        help="remove P from versions that start with it (default: 'v' with --git, none otherwise)",
    )
    parser.add_argument(
        "--next",
        metavar="V",
        dest="next_version",
        help="vet V as the next release after the history, and say what kind it is",
    )
    parser.add_argument(
        "--since",
        metavar="REF",
        help="ratchet mode: judge only the releases after REF (a version or tag of the history); "
        "the findings up to it are counted, not failed on",
    )
    parser.add_argument(
        "--strict", action="store_true", help="warnings fail too (exit 1), not only errors"
    )


class _History:
    """The releases to check, and where each came from."""

    # Not a Record: the readers fill it as they go (entries, lines, tags, skipped).

    __slots__ = ("entries", "lines", "path", "skipped", "tags")

    def __init__(self, entries: list[str], path: str | None = None) -> None:
        self.entries = entries
        self.path = path  # --file F
        self.lines: list[int] = []  # --file: the line of each entry
        self.tags: list[str] = []  # --git: the tag of each entry
        self.skipped: list[str] = []  # --git: tags that are not versions


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..numbering import check_numbering

    history = _read_history(args)
    if history.skipped:
        shown = ", ".join(history.skipped[:10])
        more = f" and {len(history.skipped) - 10} more" if len(history.skipped) > 10 else ""
        ctx.warn(f"skipped {len(history.skipped)} tag(s) that are not versions: {shown}{more}")
    prefix = args.tag_prefix if args.tag_prefix is not None else ("v" if args.git else "")
    result = check_numbering(
        history.entries, next_version=args.next_version, tag_prefix=prefix, since=args.since
    )
    failed = not result.valid or (args.strict and bool(result.warnings))
    if ctx.format == "json":
        ctx.emit_json(_as_json(result, history, args, failed))
    elif ctx.format == "github":
        _print_github(ctx, result, history, args, failed)
    else:
        _print_text(ctx, result, history, args, failed)
    return 1 if failed else 0


# --- reading the history -------------------------------------------------------------------------


def _read_history(args: argparse.Namespace) -> _History:
    given = [
        name
        for name, present in (
            ("VERSION arguments", bool(args.versions)),
            ("--file", args.file is not None),
            ("--git", args.git),
        )
        if present
    ]
    if len(given) > 1:
        raise UsageError(
            f"give the release history one way, not {' and '.join(given)}: "
            "VERSION arguments, --file F or --git"
        )
    if args.repo is not None and not args.git:
        raise UsageError("--repo DIR only goes with --git")
    if args.since is not None and not given:
        raise UsageError("--since REF needs a history: VERSION arguments, --file F or --git")
    if not given and args.next_version is None:
        raise UsageError(
            "nothing to check: give VERSION arguments, --file F or --git, and/or --next V"
        )
    if args.file is not None:
        return _read_file(args.file)
    if args.git:
        return _read_git(args.repo or ".", args.tag_prefix if args.tag_prefix is not None else "v")
    return _History(list(args.versions))


def _read_file(path: str) -> _History:
    from .._files import decode_utf8, read_data_file, read_limited
    from ..errors import InputError

    shown = "<stdin>" if path == "-" else path
    where = f"--file {shown!r}"
    if path == "-":
        import sys

        try:
            data = read_limited(sys.stdin.buffer, where, InputError, _EXPECTED, MAX_FILE_BYTES)
        except OSError as exc:
            raise InputError(f"{where}: cannot be read: {exc.strerror or exc}") from exc
    else:
        data = read_data_file(path, InputError, _EXPECTED, MAX_FILE_BYTES, where=where)
    if b"\0" in data:
        raise InputError(f"{where} is binary (it holds NUL bytes): give one version a line")
    text = decode_utf8(data, where, InputError).removeprefix("\ufeff")
    history = _History([], path=shown)
    for number, raw in enumerate(text.split("\n"), start=1):
        entry = raw.split("#", 1)[0].strip()  # SemVer never holds '#': the rest is a comment
        if entry:
            history.entries.append(entry)
            history.lines.append(number)
    return history


def _read_git(repo: str, prefix: str) -> _History:
    from .._git import tags_in_creation_order

    history = _History([])
    for tag in tags_in_creation_order(repo):
        # A tag that starts with a digit (after the prefix) means to be a version: it is checked,
        # and reported `invalid` if it is not one. Any other tag (nightly, latest) is skipped.
        rest = tag[len(prefix) :] if prefix and tag.startswith(prefix) else tag
        if rest[:1].isdigit() and rest[:1].isascii():
            history.entries.append(tag)
            history.tags.append(tag)
        else:
            history.skipped.append(tag)
    return history


# --- output --------------------------------------------------------------------------------------

#: An invalid shape with more entries than this is summarised in one line (text and github).
SUMMARY_THRESHOLD = 3
#: How many examples a summary line shows.
SUMMARY_EXAMPLES = 3


def _location(finding: Finding, history: _History) -> tuple[int | None, str | None]:
    """The --file line and the --git tag a finding is about (None for --next)."""
    index = finding.index
    if index is None:
        return None, None
    line = history.lines[index] if history.lines else None
    tag = history.tags[index] if history.tags else None
    return line, tag


def _as_json(
    result: NumberingResult, history: _History, args: argparse.Namespace, failed: bool
) -> dict[str, Any]:
    findings = []
    for f in result.findings:
        line, tag = _location(f, history)
        findings.append(
            {
                "level": f.level.value,
                "code": f.code,
                "version": f.version,
                "message": f.message,
                "line": line,
                "tag": tag,
                "related": list(f.related),
            }
        )
    proposed: dict[str, Any] | None = None
    if args.next_version is not None:
        nxt = result.next
        proposed = {
            "version": str(nxt.version) if nxt else args.next_version,
            "kind": nxt.kind.value if nxt else None,
            "prerelease": nxt.is_prerelease if nxt else None,
            "valid": not _next_errors(result),
        }
    since: dict[str, Any] | None = None
    if result.since is not None:
        context = result.context
        since = {
            "ref": args.since,
            "line": history.lines[result.since] if history.lines else None,
            "tag": history.tags[result.since] if history.tags else None,
            "errors": sum(f.is_error for f in context),
            "warnings": sum(not f.is_error for f in context),
        }
    return {
        "valid": not failed,
        "strict": bool(args.strict),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "releases": [
            {"version": str(r.version), "kind": r.kind.value, "prerelease": r.is_prerelease}
            for r in result.releases
        ],
        "findings": findings,
        "next": proposed,
        "since": since,
        "notes": list(result.notes),
        "skipped": history.skipped,
    }


def _where(finding: Finding, history: _History) -> str:
    line, tag = _location(finding, history)
    if finding.index is None:
        return "next: "
    if line is not None:
        return f"{_printable(history.path or '')}:{line}: "
    if tag is not None:
        return f"tag {_printable(tag)}: "
    return ""


def _print_text(
    ctx: Context,
    result: NumberingResult,
    history: _History,
    args: argparse.Namespace,
    failed: bool,
) -> None:
    summaries = _summaries(result.findings)
    for f in result.findings:
        summary = summaries.get(id(f), "")
        if summary is not None:
            ctx.print(f"{_where(f, history)}{f.level} {f.code}: {summary or f.message}")
    for note in result.notes:
        ctx.print(f"note: {note}")
    if result.since is not None:
        ctx.print(_since_line(result, args))
    if result.next is not None:
        ctx.print(_next_line(result.next, result))
    ctx.print(_verdict(result, args, failed))


def _print_github(
    ctx: Context,
    result: NumberingResult,
    history: _History,
    args: argparse.Namespace,
    failed: bool,
) -> None:
    summaries = _summaries(result.findings)
    for f in result.findings:
        summary = summaries.get(id(f), "")
        if summary is None:
            continue
        line, _tag = _location(f, history)
        props = []
        if line is not None and history.path is not None and history.path != "<stdin>":
            props += [("file", history.path), ("line", str(line))]
        props.append(("title", f"eol-check numbering: {f.code}"))
        ctx.print(annotation(f.level, summary or f.message, props))
    title = [("title", "eol-check numbering")]
    for note in result.notes:
        ctx.print(annotation("notice", note, title))
    if result.since is not None:
        ctx.print(annotation("notice", _since_line(result, args), title))
    if result.next is not None:
        notice = _next_line(result.next, result)
        ctx.print(annotation("notice", notice, [("title", "eol-check numbering: next version")]))
    ctx.print(_verdict(result, args, failed))


def _shape(text: str) -> str:
    """How an entry looks: digits as 0, letters as a ('5.0.0f4' → '0.0.0a0')."""
    out: list[str] = []
    for char in text:
        kind = "0" if char.isdigit() else "a" if char.isalpha() else char
        if not out or out[-1] != kind or kind not in "0a":
            out.append(kind)
    return "".join(out)


def _summaries(findings: Sequence[Finding]) -> dict[int, str | None]:
    """Many `invalid` entries of one shape, as one line: id(first) → its text, id(rest) → None.

    Findings not summarised are absent. The shape counts the entries' digits and letters as
    runs, and whether they have a reading (SPEC §2.2 v2: many invalid entries of one shape).
    """
    groups: dict[tuple[str, bool], list[Finding]] = {}
    for f in findings:
        if f.code == "invalid" and f.index is not None:
            groups.setdefault((_shape(f.version or ""), bool(f.related)), []).append(f)
    summaries: dict[int, str | None] = {}
    for (_, read), group in groups.items():
        if len(group) <= SUMMARY_THRESHOLD:
            continue
        examples = ", ".join(repr(f.version) for f in group[:SUMMARY_EXAMPLES])
        text = (
            f"{len(group)} entries like {group[0].version!r} are not strict versions "
            f"(SemVer 2.0.0, e.g. 4.2.1): {examples} …"
        )
        if read:
            text += "; each is read as the version it clearly means for the releases after it"
        else:
            text += "; they have no clear reading and are left out of the history"
        summaries[id(group[0])] = text
        for f in group[1:]:
            summaries[id(f)] = None
    return summaries


def annotation(command: str, message: str, properties: Sequence[tuple[str, str]] = ()) -> str:
    """One GitHub workflow command line, `::error file=F,line=7,title=T::message`, escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a workflow command's message as the runner expects (% CR LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (% CR LF, and : , which delimit properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _next_errors(result: NumberingResult) -> bool:
    return any(f.index is None and f.is_error for f in result.findings)


def _next_line(release: NumberedRelease, result: NumberingResult) -> str:
    title = release.kind.phrase
    if _next_errors(result):
        return f"next {release.version}: would be {title}, but it breaks the rules above"
    return f"next {release.version}: {title}"


def _since_line(result: NumberingResult, args: argparse.Namespace) -> str:
    errors = sum(f.is_error for f in result.context)
    warnings = len(result.context) - errors
    return (
        f"since {_printable(args.since)}: {_count(errors, 'error')} and "
        f"{_count(warnings, 'warning')} up to it are not judged"
    )


def _verdict(result: NumberingResult, args: argparse.Namespace, failed: bool) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    status = "invalid" if failed else "valid"
    if failed and not errors:
        status += " (--strict: warnings fail)"
    releases = len(result.releases)
    if result.since is not None:
        cut = result.since
        releases = sum(1 for r in result.releases if r.index is not None and r.index > cut)
        counted = f"{_count(releases, 'release')} after {_printable(args.since)}"
    else:
        counted = _count(releases, "release")
    return f"{status}: {counted}, {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
