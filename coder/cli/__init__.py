"""The ``coder`` command line: one entry point (``main``), one module per subcommand.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets ``func``
to a ``run(args) -> int``. The word "command" in ``coder.annotations`` means an undoable edit;
here it means a subcommand of the ``coder`` program.
"""

from coder.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
