"""The commands of `eol-check`: their registry, and one module per command.

A command is a module here with `configure(parser)` (its arguments, with argparse's public API)
and `run(args, ctx) -> int` (its exit code), and optionally `FORMATS` (the `--format` values it
offers, the first the default; otherwise text and json). `COMMANDS` names each one, in the order
`eol-check --help` lists them; `eol_check.cli` imports a command's module only when the command
line names it (pip's `commands_dict`), so start-up does not grow with the number of commands.
"""

from __future__ import annotations

from .._record import Record

__all__ = ["COMMANDS", "Command"]


class Command(Record):
    """A command: the module that configures and runs it, and the help line `--help` lists."""

    module: str
    summary: str


COMMANDS: dict[str, Command] = {
    "classify": Command(
        "eol_check._cli.classify",
        "say what kind of release TO is after FROM (Major, Minor, Maintenance)",
    ),
    "numbering": Command(
        "eol_check._cli.numbering",
        "check a release history and a proposed next version against the numbering rules",
    ),
    "status": Command(
        "eol_check._cli.status",
        "show the lifecycle status of every line of a product, or of one version",
    ),
    "check": Command(
        "eol_check._cli.check",
        "say whether a version is entitled to support for an issue, and the SLA deadlines",
    ),
    "preflight": Command(
        "eol_check._cli.preflight",
        "say whether an installer may put the target version over the installed one",
    ),
    "report": Command(
        "eol_check._cli.report",
        "report every customer of a contracts file: status, entitlement, next change",
    ),
    "products": Command(
        "eol_check._cli.products",
        "list every product: id, name, aliases, current line, next lifecycle change",
    ),
    "tickets": Command(
        "eol_check._cli.tickets",
        "judge a helpdesk's ticket log against the §3.6 response and update times",
    ),
    "account-report": Command(
        "eol_check._cli.account_report",
        "write a customer's yearly §3.2 report: contracts, lifecycle, tickets (HTML)",
    ),
    "catalog": Command(
        "eol_check._cli.catalog",
        "check, publish or fetch the catalog data (subcommands: validate, export, fetch)",
    ),
    "uptime": Command(
        "eol_check._cli.uptime",
        "yearly uptime per customer and service against the target of §4 and §5.1",
    ),
    "downtime": Command(
        "eol_check._cli.downtime",
        "may this maintenance be Scheduled Downtime? (subcommand: check)",
    ),
    "completion": Command(
        "eol_check._cli.completion",
        "write a shell completion script: eol-check completion bash|zsh|fish",
    ),
    # The support desk service and its database (SPEC §10, docs/serve.md).
    "serve": Command(
        "eol_check._cli.serve",
        "run the support desk service: the HTTP API, the agent page, the audit",
    ),
    "contracts": Command(
        "eol_check._cli.contracts",
        "import a customers file into the contracts database, or export it",
    ),
    "customer": Command(
        "eol_check._cli.customer",
        "show a customer's contracts from the database and what each is entitled to",
    ),
    "tokens": Command("eol_check._cli.tokens", "add, list or remove the service's bearer tokens"),
    "audit": Command(
        "eol_check._cli.audit",
        "show what the service answered: when, to whom, under which catalog",
    ),
}
