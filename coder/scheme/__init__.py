"""Coding schemes: the model, the loader and its validation."""

from coder.scheme.loader import load_scheme, load_scheme_bytes, parse_scheme
from coder.scheme.model import (
    WHOLE_SESSION,
    CategoryDef,
    ClassificationDef,
    CodeDef,
    CodeKind,
    CompositeDef,
    DRatingDef,
    ModifierDef,
    RatingItemDef,
    Scheme,
    SegmentDef,
    StreamDef,
    SumConstraintDef,
)

__all__ = [
    "WHOLE_SESSION",
    "CategoryDef",
    "ClassificationDef",
    "CodeDef",
    "CodeKind",
    "CompositeDef",
    "DRatingDef",
    "ModifierDef",
    "RatingItemDef",
    "Scheme",
    "SegmentDef",
    "StreamDef",
    "SumConstraintDef",
    "load_scheme",
    "load_scheme_bytes",
    "parse_scheme",
]
