"""The `eol-check` command (`[project.scripts]`) and `python -m eol_check`: the process entry point.

It turns the garbage collector off before anything else is imported: start-up creates thousands
of long-lived objects (modules, classes, the command's parser) that the collector would otherwise
scan again and again, about 5% of a `check` (docs/architecture.md, "Start-up"). `cli.main`
turns it back on, for what the command itself allocates, when the command starts.
"""

import gc


def run() -> None:
    """Run `eol-check` with sys.argv, and leave with its exit code (`cli.console`)."""
    gc.disable()
    from .cli import console

    console()
