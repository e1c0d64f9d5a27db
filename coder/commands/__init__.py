"""Subcommands of the ``coder`` command line, one module each (see ``coder.cli``)."""
