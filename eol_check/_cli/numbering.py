"""`eol-check numbering`: is a release history, and the next version, numbered by the policy?

The rules are `eol_check.numbering.check_numbering` (SPEC §2.2); this module only reads the history
(arguments, a file, or a git repository's tags) and prints the result as text, JSON, GitHub
workflow annotations, JUnit XML (GitLab, Jenkins, Azure) or a Markdown job summary.
`--suggest KIND` prints the version to tag next (`eol_check.numbering.suggest_next`) alone.
"""

from __future__ import annotations

import argparse

from .._format import printable as _printable
from .._table import markdown_text
from ..errors import InputError
from ._common import Context, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    from ..findings import Finding
    from ..numbering import NumberedRelease, NumberingResult

FORMATS = ("text", "json", "github", "junit", "markdown")

#: The kinds --suggest offers (§1.5–§1.7).
SUGGEST_KINDS = ("major", "minor", "maintenance")

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
    parser.add_argument(
        "--suggest",
        metavar="KIND",
        choices=SUGGEST_KINDS,
        help="print the next version of KIND (major, minor or maintenance) after the history, "
        "alone, for scripts (exit 1 when the judged history breaks the rules)",
    )
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="with --git, a repository without version tags is a valid empty history (a new "
        "project), not exit 2",
    )
    parser.add_argument(
        "--allow-shallow",
        action="store_true",
        help="with --git, read a shallow clone's tags (exit 2 otherwise: it holds only the tags "
        "its fetch happened to follow); for a clone whose tags were all fetched on purpose",
    )


class _History:
    """The releases to check, and where each came from."""

    # Not a Record: the readers fill it as they go (entries, lines, tags, skipped, notes).

    __slots__ = ("entries", "lines", "notes", "path", "skipped", "tags")

    def __init__(self, entries: list[str], path: str | None = None) -> None:
        self.entries = entries
        self.path = path  # --file F
        self.lines: list[int] = []  # --file: the line of each entry
        self.tags: list[str] = []  # --git: the tag of each entry
        self.skipped: list[str] = []  # --git: tags that are not versions
        self.notes: list[str] = []  # how the history was read (the tag on HEAD left out)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..numbering import check_numbering

    prefix = args.tag_prefix if args.tag_prefix is not None else ("v" if args.git else "")
    if args.suggest is not None:
        if args.next_version is not None:
            raise UsageError(
                "--suggest and --next do not go together: --suggest says what to tag next, "
                "--next vets a version you chose"
            )
        if ctx.format != "text":
            raise UsageError(f"--suggest prints the version alone: it has no --format {ctx.format}")
    if args.next_version is not None:
        _check_next(args.next_version, prefix)
    history = _read_history(args)
    if history.skipped:
        shown = ", ".join(_printable(tag) for tag in history.skipped[:10])
        more = f" and {len(history.skipped) - 10} more" if len(history.skipped) > 10 else ""
        ctx.warn(f"skipped {len(history.skipped)} tag(s) that are not versions: {shown}{more}")
    if args.git:
        _check_clone(args.repo or ".", history, args.allow_shallow)
        _leave_out_tag_on_head(history, args, prefix)
        if not history.entries and not args.allow_empty:
            raise _no_tags(args.repo or ".", history)
    result = check_numbering(
        history.entries, next_version=args.next_version, tag_prefix=prefix, since=args.since
    )
    failed = not result.valid or (args.strict and bool(result.warnings))
    if args.suggest is not None:
        return _suggest(ctx, args, history, result, failed, prefix)
    if ctx.format == "json":
        ctx.emit_json(_as_json(result, history, args, failed))
    elif ctx.format == "github":
        _print_github(ctx, result, history, args, failed)
    elif ctx.format == "junit":
        _print_junit(ctx, result, history, args, failed)
    elif ctx.format == "markdown":
        _print_markdown(ctx, result, history, args, failed)
    else:
        _print_text(ctx, result, history, args, failed)
    return 1 if failed else 0


def _suggest(
    ctx: Context,
    args: argparse.Namespace,
    history: _History,
    result: NumberingResult,
    failed: bool,
    prefix: str,
) -> int:
    """--suggest KIND: the version alone on stdout; a history that fails is exit 1, said on
    stderr (a script must not tag on top of it)."""
    from ..numbering import suggest_next

    if failed:
        errors, warnings = len(result.errors), len(result.warnings)
        ctx.warn(
            f"no version suggested: the history breaks the numbering rules "
            f"({_count(errors, 'error')}, {_count(warnings, 'warning')}"
            f"{', and --strict fails on warnings' if args.strict and not errors else ''}): "
            "run without --suggest to see them, or judge only what came after a tag with "
            "--since REF"
        )
        return 1
    version = suggest_next(history.entries, args.suggest, tag_prefix=prefix)
    if version is None:
        raise InputError(
            "--suggest: the history has no release to follow; the first release is yours to "
            "name (e.g. 1.0.0)"
        )
    ctx.print(str(version))
    return 0


# --- the next version on a tag push, and a history that must not be empty -------------------------


def _check_next(text: str, prefix: str) -> None:
    """A --next that is not meant as a version (a branch name from $GITHUB_REF_NAME) is exit 2.

    Meant as a version: a digit first, after the tag prefix or a 'v' (the rule --git applies to
    tags); `4.2` or `4.2.1.7` are, and get their `invalid` finding (exit 1).
    """
    rest = text[len(prefix) :] if prefix and text.startswith(prefix) else text
    if rest[:1] in ("v", "V"):
        rest = rest[1:]
    if rest[:1].isdigit() and rest[:1].isascii():
        return
    raise UsageError(
        f"--next {text[:80]!r} is not a version: give the version being released (e.g. 4.2.1); "
        "in GitHub Actions $GITHUB_REF_NAME is the branch's name on a branch push, so pass it "
        "only on tag pushes (docs/numbering.md, 'Tag pushes')"
    )


def _leave_out_tag_on_head(history: _History, args: argparse.Namespace, prefix: str) -> None:
    """On a tag push the release being tagged already exists: when --next names a tag that HEAD
    carries, the history ends before that tag (its creation), and --next is judged after it."""
    wanted = args.next_version
    if wanted is None:
        return
    bare = wanted.removeprefix(prefix) if prefix else wanted
    named = [
        i
        for i, tag in enumerate(history.tags)
        if tag == wanted or (tag.removeprefix(prefix) if prefix else tag) == bare
    ]
    if not named:
        return
    from .._git import tags_at_head

    at_head = tags_at_head(args.repo or ".")
    for index in named:
        tag = history.tags[index]
        if tag in at_head:
            del history.entries[index:], history.tags[index:]
            history.notes.append(
                f"next {_printable(tag)} is the tag on HEAD (the release being tagged): it is "
                f"judged after the {_count(index, 'tag')} created before it"
            )
            return


def _check_clone(repo: str, history: _History, allow_shallow: bool) -> None:
    """A shallow clone is exit 2 with the mend: it holds only the tags its fetch followed (none,
    or the one pushed), and a check of them would pass on nothing."""
    from .._git import is_shallow

    if allow_shallow or not is_shallow(repo):
        return
    held = _count(len(history.entries), "version tag")
    raise InputError(
        f"--git reads the tag history, and {repo!r} is a shallow clone ({held}): it holds only "
        "the tags its fetch followed (actions/checkout fetches one commit and no tags by "
        "default): check out with 'fetch-depth: 0', or run 'git fetch --tags --unshallow'; "
        "--allow-shallow if its tags were all fetched on purpose"
    )


def _no_tags(repo: str, history: _History) -> InputError:
    """--git read nothing to check: exit 2 with the mend (a check must not pass on nothing)."""
    before = " before the tag on HEAD" if history.notes else ""
    skipped = f" ({_count(len(history.skipped), 'other tag')} skipped)" if history.skipped else ""
    return InputError(
        f"--git found no version tags{before} in {repo!r}{skipped}: fetch them with "
        "'git fetch --tags', check --tag-prefix, or give --allow-empty if the project has no "
        "release yet"
    )


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
        "notes": [*history.notes, *result.notes],
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
    for note in (*history.notes, *result.notes):
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
    for note in (*history.notes, *result.notes):
        ctx.print(annotation("notice", note, title))
    if result.since is not None:
        ctx.print(annotation("notice", _since_line(result, args), title))
    if result.next is not None:
        notice = _next_line(result.next, result)
        ctx.print(annotation("notice", notice, [("title", "eol-check numbering: next version")]))
    ctx.print(_verdict(result, args, failed))


def _print_junit(
    ctx: Context,
    result: NumberingResult,
    history: _History,
    args: argparse.Namespace,
    failed: bool,
) -> None:
    """JUnit XML (GitLab's `artifacts:reports:junit`, Jenkins' junit step, Azure's
    PublishTestResults): one test case per entry of the history and one for --next.

    An error fails its case (a warning only with --strict; else it is in the case's output);
    with --since the entries up to REF are skipped cases, their findings in the output.
    """
    from xml.sax.saxutils import escape, quoteattr

    judged: dict[int | None, list[Finding]] = {}
    for f in result.findings:
        judged.setdefault(f.index, []).append(f)
    context: dict[int | None, list[Finding]] = {}
    for f in result.context:
        context.setdefault(f.index, []).append(f)
    suite = "eol-check numbering"
    where = {"file": history.path} if history.path not in (None, "<stdin>") else {}
    cases: list[str] = []
    counts = {"failures": 0, "skipped": 0}

    def case(name: str, findings: list[Finding], old: list[Finding], skipped: bool) -> None:
        attrs = {"name": name, "classname": suite, **where}
        head = " ".join(f"{key}={quoteattr(_xml(str(value)))}" for key, value in attrs.items())
        failing = [f for f in findings if f.is_error or args.strict]
        body: list[str] = []
        if skipped:
            counts["skipped"] += 1
            reason = f"up to --since {args.since}: not judged"
            body.append(f"<skipped message={quoteattr(_xml(reason))}/>")
        elif failing:
            counts["failures"] += 1
            first = failing[0]
            text = _xml_lines(f"{f.level} {f.code}: {f.message}" for f in failing)
            body.append(
                f"<failure type={quoteattr(_xml(first.code))} "
                f"message={quoteattr(_xml(first.message))}>{escape(text)}</failure>"
            )
        said = [f for f in (*findings, *old) if f not in failing or skipped]
        if said:
            text = _xml_lines(f"{f.level} {f.code}: {f.message}" for f in said)
            body.append(f"<system-out>{escape(text)}</system-out>")
        if body:
            cases.append(f"    <testcase {head}>\n      " + "\n      ".join(body))
            cases[-1] += "\n    </testcase>"
        else:
            cases.append(f"    <testcase {head}/>")

    cut = result.since
    for index, entry in enumerate(history.entries):
        line = f" (line {history.lines[index]})" if history.lines else ""
        old = context.get(index, [])
        case(f"{entry}{line}", judged.get(index, []), old, cut is not None and index <= cut)
    if args.next_version is not None:
        case(f"next {args.next_version}", judged.get(None, []), [], False)
    totals = (
        f'tests="{len(cases)}" failures="{counts["failures"]}" errors="0" '
        f'skipped="{counts["skipped"]}"'
    )
    ctx.print('<?xml version="1.0" encoding="UTF-8"?>')
    ctx.print(f"<testsuites name={quoteattr(suite)} {totals}>")
    ctx.print(f"  <testsuite name={quoteattr(suite)} {totals}>")
    for text in cases:
        ctx.print(text)
    # The run's own lines (notes, --since, the verdict), as the text format ends.
    said = [f"note: {note}" for note in (*history.notes, *result.notes)]
    if result.since is not None:
        said.append(_since_line(result, args))
    said.append(_verdict(result, args, failed))
    ctx.print(f"    <system-out>{escape(_xml_lines(said))}</system-out>")
    ctx.print("  </testsuite>")
    ctx.print("</testsuites>")


def _xml(text: str) -> str:
    """Text as XML 1.0 can hold it: a string with characters it forbids (control characters,
    lone surrogates) or that would hide text (bidi controls) is escaped (`_format.printable`)."""
    return _printable(text)


def _xml_lines(lines: Iterable[str]) -> str:
    """Lines for an XML text node, each as `_xml` writes it, joined by newlines."""
    return "\n".join(_xml(line) for line in lines)


def _print_markdown(
    ctx: Context,
    result: NumberingResult,
    history: _History,
    args: argparse.Namespace,
    failed: bool,
) -> None:
    """A Markdown summary (GitHub's job summary, $GITHUB_STEP_SUMMARY): the verdict, a table of
    the findings, the notes and the next version's kind. Text from tags and files is escaped."""
    mark = "❌" if failed else "✅"
    ctx.print(f"### {mark} eol-check numbering: {markdown_text(_verdict(result, args, failed))}")
    ctx.print()
    summaries = _summaries(result.findings)
    rows = []
    for f in result.findings:
        summary = summaries.get(id(f), "")
        if summary is None:
            continue
        where = _where(f, history).removesuffix(": ")
        rows.append(
            f"| {f.level} | `{f.code}` | {markdown_text(where, cell=True) or '-'} "
            f"| {markdown_text(summary or f.message, cell=True)} |"
        )
    if rows:
        ctx.print("| level | code | where | finding |")
        ctx.print("|---|---|---|---|")
        for row in rows:
            ctx.print(row)
        ctx.print()
    for note in (*history.notes, *result.notes):
        ctx.print(f"- note: {markdown_text(note)}")
    if result.since is not None:
        ctx.print(f"- {markdown_text(_since_line(result, args))}")
    if result.next is not None:
        ctx.print(f"- **{markdown_text(_next_line(result.next, result))}**")


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
