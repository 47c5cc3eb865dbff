"""`eol-check preflight PRODUCT --installed V --target V`: may the installer go on? (SPEC §5)

Exit 0 when nothing blocks the installation (warnings allowed), 1 when something does.
The rules live in `eol_check.preflight`; this module parses and prints (docs/preflight.md).
"""

from __future__ import annotations

import argparse

from ..classification import ReleaseKind
from ..preflight import check_preflight
from ._common import Context, version_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..lifecycle import VersionStatus


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("product", metavar="PRODUCT", help="a product id, name or alias, e.g. oas")
    parser.add_argument(
        "--installed",
        metavar="V",
        required=True,
        help="the version installed now (lenient: '4.2', 'v4.2.1', 'OAS 4.2.1 (build 77)')",
    )
    parser.add_argument(
        "--target",
        metavar="V",
        required=True,
        help="the version about to be installed (lenient)",
    )
    parser.add_argument(
        "--allow-prerelease",
        action="store_true",
        help="a pre-release target is a warning, not an error",
    )
    parser.add_argument(
        "--allow-downgrade",
        action="store_true",
        help="a target below the installed version is a warning, not an error",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    # The user's input first, so that a typo answers fast and with exit 2.
    installed = version_arg(args.installed, "--installed")
    target = version_arg(args.target, "--target")
    product = ctx.product(args.product)
    answer = check_preflight(
        product,
        installed,
        target,
        ctx.policy(),
        ctx.today,
        allow_prerelease=args.allow_prerelease,
        allow_downgrade=args.allow_downgrade,
    )
    if ctx.format == "json":
        ctx.emit_json(answer.as_json())
    else:
        verdict = "ok" if answer.ok else "blocked"
        ctx.print(
            f"{product.name}: {answer.installed.version} → {answer.target.version} "
            f"on {ctx.today.isoformat()}: {_kind(answer.kind)}: {verdict}"
        )
        for label, side in (("installed", answer.installed), ("target", answer.target)):
            ctx.print(f"  {label:<9} {side.version}: {_status_text(side)}")
        for problem in answer.problems:
            ctx.print(f"{problem.level} {problem.code}: {problem.message}")
    return 0 if answer.ok else 1


def _kind(kind: ReleaseKind) -> str:
    if kind.is_upgrade:
        return f"a {kind.phrase}"
    if kind is ReleaseKind.NONE:
        return f"{kind.phrase} (a reinstall)"
    return kind.phrase


def _status_text(answer: VersionStatus) -> str:
    text = f"{answer.status.value} (line {answer.line}"
    if answer.eol is not None:
        text += f", End of Life {answer.eol.isoformat()}"
    return text + ")"
