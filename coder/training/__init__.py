"""Training to criterion and drift monitoring against gold-standard records.

A gold record is an agreed record of a session (from a consensus record or a named expert's
record) that the lead marks as gold; it is read-only and versioned (``gold/<session>/vNNN.json``).
Trainees code gold sessions like any session (assignment role ``training``); certified coders
get gold sessions concealed in their queues (role ``gold_check``) for drift monitoring. Both
are scored with the reliability report's own statistics and parameters. Nothing here is ever
shown to a coder except their own training feedback when the lead allows it.
"""

from coder.training.certification import CertificationReport, certify
from coder.training.drift_monitor import DriftReport, drift_report
from coder.training.drift_rule import CusumRule
from coder.training.gold import GoldRecord, gold_record, gold_sessions, mark_gold
from coder.training.scoring import GoldComparison, compare_with_gold
from coder.training.settings import TrainingSettings, load_training_settings

__all__ = [
    "CertificationReport",
    "CusumRule",
    "DriftReport",
    "GoldComparison",
    "GoldRecord",
    "TrainingSettings",
    "certify",
    "compare_with_gold",
    "drift_report",
    "gold_record",
    "gold_sessions",
    "load_training_settings",
    "mark_gold",
]
