from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from coder.errors import ReliabilityError
from coder.reliability import percent_agreement


def test_irr_video_exact_and_within_tolerance(reference: Callable[..., pd.DataFrame]) -> None:
    data = reference("irr_video_20subjects_4raters.csv", index_col=0)
    # irr::agree(video) = 35%; irr::agree(video, tolerance = 1) = 90%.
    assert percent_agreement(data) == pytest.approx(35.0)
    assert percent_agreement(data, tolerance=1) == pytest.approx(90.0)


def test_labels_and_missing_units() -> None:
    data = [["B", "B"], ["A", "B"], ["D", None], ["C", "C"]]
    assert percent_agreement(data) == pytest.approx(200 / 3)


def test_unusable_input() -> None:
    with pytest.raises(ReliabilityError, match="numeric"):
        percent_agreement([["a", "b"]], tolerance=1)
    with pytest.raises(ReliabilityError, match="no unit"):
        percent_agreement([[1, None], [None, 2]])
    with pytest.raises(ReliabilityError, match="2 coders"):
        percent_agreement([[1], [2]])
