"""Inter-rater reliability statistics: results are frozen dataclasses, never text.

Unit-level statistics take rows = units (sessions, targets, subjects) and columns = coders, with
missing ratings as None/NaN. Timed codes are sequences of ``(code, start_ms, end_ms)``.
"""

from coder.reliability.agreement import percent_agreement
from coder.reliability.alpha import krippendorff_alpha
from coder.reliability.bands import KooLiBand, LandisKochBand, koo_li, landis_koch
from coder.reliability.boris_kappa import BorisKappaResult, boris_kappa
from coder.reliability.chance_corrected import gwet_ac1, pabak
from coder.reliability.event_alignment import event_agreement
from coder.reliability.fleiss import fleiss_kappa
from coder.reliability.icc import FORMS as ICC_FORMS
from coder.reliability.icc import icc, shrout_fleiss_name
from coder.reliability.kappa import cohen_kappa, kappa_from_table, kappa_max
from coder.reliability.results import (
    AgreementCoefficient,
    AlphaResult,
    EventAgreementResult,
    EventPair,
    IccResult,
    KappaResult,
    TimeUnitKappaResult,
)
from coder.reliability.time_units import NOTHING, stream_units, time_unit_kappa

__all__ = [
    "ICC_FORMS",
    "NOTHING",
    "AgreementCoefficient",
    "AlphaResult",
    "BorisKappaResult",
    "EventAgreementResult",
    "EventPair",
    "IccResult",
    "KappaResult",
    "KooLiBand",
    "LandisKochBand",
    "TimeUnitKappaResult",
    "boris_kappa",
    "cohen_kappa",
    "event_agreement",
    "fleiss_kappa",
    "gwet_ac1",
    "icc",
    "kappa_from_table",
    "kappa_max",
    "koo_li",
    "krippendorff_alpha",
    "landis_koch",
    "pabak",
    "percent_agreement",
    "shrout_fleiss_name",
    "stream_units",
    "time_unit_kappa",
]
