"""The `eol-check` command (`[project.scripts]`) and `python -m eol_check`: the process entry point.

The one place the garbage collector is switched: start-up creates thousands of long-lived objects
(modules, classes, functions) that the collector would otherwise scan again and again, so it is
off while the command line's modules are imported, and what they built is then frozen (never
scanned again) before it is turned back on for the command (docs/architecture.md, "Start-up").
The process then exits normally, through `sys.exit`, so that atexit handlers, logging and
coverage run.
"""

import gc
import sys


def run() -> None:
    """Run `eol-check` with sys.argv, and exit with its code (`cli.console`)."""
    gc.disable()
    from .cli import console

    gc.freeze()
    gc.enable()
    code = console()
    # Everything the command built is freed at exit; freezing it spares the interpreter's last
    # collection from scanning all of it first (about half of what a normal exit costs a check).
    gc.freeze()
    sys.exit(code)
