"""The project reliability report: agreement of independent codes over double-coded sessions,
as values (``project_report``), and as HTML, JSON and CSV tables for people and scripts."""

from coder.reliability.report.csv_tables import write_csv_tables
from coder.reliability.report.html import report_to_html
from coder.reliability.report.json_report import report_to_json
from coder.reliability.report.model import (
    Figure,
    RatingAgreement,
    ReliabilityReport,
    SspAgreement,
    TimedAgreement,
)
from coder.reliability.report.project_report import project_report

__all__ = [
    "Figure",
    "RatingAgreement",
    "ReliabilityReport",
    "SspAgreement",
    "TimedAgreement",
    "project_report",
    "report_to_html",
    "report_to_json",
    "write_csv_tables",
]
