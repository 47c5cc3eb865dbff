"""The command-line subcommands: one module per command, each with `configure` and `run`."""
