"""Analysis export: derived variables joined to the unblinding key, as CSV, SPSS, Stata, Parquet
and XLSX datasets with a codebook and a manifest. Entry point: ``run_export``."""

from coder.export.run import ExportResult, SkippedSession, run_export
from coder.export.spec import ExportSpec, load_spec, parse_spec

__all__ = ["ExportResult", "ExportSpec", "SkippedSession", "load_spec", "parse_spec", "run_export"]
