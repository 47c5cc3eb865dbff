"""`python -m eol_check`: the same as the `eol-check` command."""

import sys

from .cli import main

sys.exit(main())
