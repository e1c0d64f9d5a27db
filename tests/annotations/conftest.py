"""Schemes and documents shared by the annotation tests."""

from __future__ import annotations

import pytest

from coder.annotations import AnnotationDocument, AnnotationHeader, AnnotationSet
from coder.scheme import Scheme, load_scheme
from coder.shipped import shipped_schemes_dir

SCHEMES = shipped_schemes_dir()


@pytest.fixture(scope="session")
def demo_scheme() -> Scheme:
    return load_scheme(SCHEMES / "demo_interaction.yaml")


@pytest.fixture(scope="session")
def ssp_scheme() -> Scheme:
    return load_scheme(SCHEMES / "ssp.yaml")


@pytest.fixture(scope="session")
def care_scheme() -> Scheme:
    return load_scheme(SCHEMES / "care_index.yaml")


HEADER = AnnotationHeader(
    coder="ana",
    session="S-ACDEF",
    scheme_id="demo_interaction",
    scheme_version="1.0",
    scheme_sha256="x",
)


@pytest.fixture
def doc() -> AnnotationDocument:
    """An empty document of coder ana, session S-ACDEF."""
    return AnnotationDocument(AnnotationSet(header=HEADER))
