"""Sequential and contingency analysis of coded sessions (no Qt).

- ``lag_table`` → ``LagResult``: given × target transition tables at lag k, pooled within
  sessions, with expected counts (independence, or quasi-independence with structural zeros by
  iterative proportional fitting), adjusted residuals, Yule's Q, p-values, G² and an optional
  permutation test.
- ``time_window_contingency`` → ``ContingencyResult``: time units in/out of a window after the
  given's onsets × target present, with Yule's Q, odds ratio and log odds with a 95% CI.
- ``time_budget`` (session, segment, fixed bins, named windows), ``latency_after``,
  ``co_occurrence``; dyadic indices in ``dyadic``; code sequences in ``sequences``; SDIS export
  in ``sdis``; figures in ``coder.analysis.plots``; whole-project runs in ``run``.
"""

from coder.analysis.lag_sequential import LagResult, lag_table
from coder.analysis.time_window import ContingencyResult, time_window_contingency

__all__ = ["ContingencyResult", "LagResult", "lag_table", "time_window_contingency"]
