"""Where the suite's data files are: copies inside the repository, so the tests need nothing else.

``tests/data/reference/`` holds the published reliability examples, ``tests/data/elan/`` and
``tests/data/boris/`` real ELAN and BORIS files. They are copies of ``../shared`` (the lab's
shared folder beside the checkout); ``tests/test_data_files.py`` fails when the two drift apart.
"""

from __future__ import annotations

from pathlib import Path

TEST_DATA = Path(__file__).resolve().parent / "data"
REFERENCE = TEST_DATA / "reference"
ELAN_SAMPLES = TEST_DATA / "elan"
BORIS_SAMPLES = TEST_DATA / "boris"
EAF_XSD = ELAN_SAMPLES / "EAFv3.0.xsd"

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
"""The shared folder the copies come from (absent on a machine that has only the repository)."""
SHARED_COPIES = {
    REFERENCE: SHARED / "reference" / "reliability",
    ELAN_SAMPLES: SHARED / "samples" / "elan",
    BORIS_SAMPLES: SHARED / "samples" / "boris",
}
"""Each folder of ``tests/data`` and the shared folder it copies."""
SHARED_ABSENT = "the shared folder is not beside this checkout: nothing to compare the copies with"
"""The reason the drift test skips with, the one skip the suite allows (tests/conftest.py)."""
