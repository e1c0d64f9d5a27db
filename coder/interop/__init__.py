"""Interoperability with ELAN (.eaf) and BORIS (.boris): import as draft schemes and
annotations, export one coder's session. No Qt here; the CLI subcommands sit in ``coder.cli``.
"""

from coder.interop.import_report import InteropReport, Issue

__all__ = ["InteropReport", "Issue"]
