"""Read an ELAN annotation file (EAF 2.7–3.0) into plain values, with exact ms times.

Parsing is defused: no DTD, no entity expansion, no network (lxml with ``resolve_entities=False``
and a document with a DOCTYPE is refused). Time slots without a value (unaligned slots of
time-subdivision tiers) get ELAN's virtual times: the unaligned slots between two aligned ones
of the same tier's chain divide that interval into equal parts. Slots that cannot be resolved
are reported and their annotations left out (with an issue, never silently).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from coder.errors import InteropError
from coder.interop.import_report import Issue

_HINT = "export it again from ELAN (File > Save As) or check that it is an .eaf file"


@dataclass(frozen=True)
class EafAnnotation:
    """One annotation: alignable (times in ms) or a reference to a parent annotation."""

    id: str
    value: str
    start_ms: int | None = None
    end_ms: int | None = None
    ref: str | None = None
    cve_ref: str | None = None


@dataclass(frozen=True)
class EafTier:
    id: str
    linguistic_type: str
    parent: str | None
    participant: str
    annotator: str
    annotations: tuple[EafAnnotation, ...]


@dataclass(frozen=True)
class EafLinguisticType:
    id: str
    constraint: (
        str | None
    )  # Time_Subdivision, Included_In, Symbolic_Subdivision, Symbolic_Association
    time_alignable: bool
    cv: str | None


@dataclass(frozen=True)
class EafCvEntry:
    """A controlled-vocabulary entry: its id and its value in every language given."""

    id: str
    values: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class EafMedia:
    url: str
    relative_url: str
    mime_type: str
    time_origin_ms: int


@dataclass(frozen=True)
class EafDocument:
    path: Path
    format: str
    author: str
    media: tuple[EafMedia, ...]
    tiers: tuple[EafTier, ...]
    types: dict[str, EafLinguisticType]
    vocabularies: dict[str, tuple[EafCvEntry, ...]]
    issues: tuple[Issue, ...] = ()

    def tier(self, tier_id: str) -> EafTier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)


def parse_xml(raw: bytes, path: Path, what: str) -> Any:
    """Parse XML bytes safely (no DTD, no entities, no network); InteropError when it is not XML."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise InteropError(
            f"not a readable {what} (XML error: {error})", path=path, hint=_HINT
        ) from None
    if tree.getroottree().docinfo.doctype:
        raise InteropError(f"a {what} may not declare a DOCTYPE", path=path, hint=_HINT)
    return tree


def read_eaf(path: str | Path) -> EafDocument:
    """Read an EAF file; InteropError (naming the file) when it is not a usable ELAN file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InteropError(f"cannot read the file: {error.strerror}", path=path) from None
    root = parse_xml(raw, path, "ELAN file")
    if root.tag != "ANNOTATION_DOCUMENT":
        raise InteropError(
            f"not an ELAN file: the root element is <{root.tag}>, not <ANNOTATION_DOCUMENT>",
            path=path,
            hint=_HINT,
        )
    header = root.find("HEADER")
    units = header.get("TIME_UNITS", "milliseconds") if header is not None else "milliseconds"
    if units != "milliseconds":
        raise InteropError(f"time units '{units}' are not supported", path=path, hint=_HINT)
    order = root.find("TIME_ORDER")
    if order is None:
        raise InteropError("the file has no TIME_ORDER", path=path, hint=_HINT)
    slots: dict[str, int | None] = {}
    for slot in order.findall("TIME_SLOT"):
        value = slot.get("TIME_VALUE")
        slots[slot.get("TIME_SLOT_ID", "")] = _int(value, path) if value is not None else None
    issues: list[Issue] = []
    raw_tiers = [_raw_tier(t) for t in root.findall("TIER")]
    resolved = _resolve_slots(raw_tiers, slots)
    tiers = []
    for tier_attrs, anns in raw_tiers:
        tier_id = tier_attrs["TIER_ID"]
        kept = []
        for ann in anns:
            if ann["kind"] == "ref":
                kept.append(
                    EafAnnotation(ann["id"], ann["value"], ref=ann["ref"], cve_ref=ann["cve"])
                )
                continue
            start = resolved.get((tier_id, ann["ts1"]))
            end = resolved.get((tier_id, ann["ts2"]))
            if start is None or end is None:
                issues.append(
                    Issue("unresolved_time", f"{tier_id} {ann['id']}", "time slot without a value")
                )
                continue
            kept.append(EafAnnotation(ann["id"], ann["value"], start, end, cve_ref=ann["cve"]))
        tiers.append(
            EafTier(
                id=tier_id,
                linguistic_type=tier_attrs.get("LINGUISTIC_TYPE_REF", ""),
                parent=tier_attrs.get("PARENT_REF"),
                participant=tier_attrs.get("PARTICIPANT", ""),
                annotator=tier_attrs.get("ANNOTATOR", ""),
                annotations=tuple(kept),
            )
        )
    interpolated = sum(1 for v in slots.values() if v is None)
    if interpolated:
        issues.append(
            Issue(
                "interpolated",
                "TIME_ORDER",
                f"{interpolated} unaligned time slot(s) got ELAN's virtual times "
                "(equal parts between aligned neighbours)",
            )
        )
    return EafDocument(
        path=path,
        format=root.get("FORMAT", root.get("VERSION", "")),
        author=root.get("AUTHOR", ""),
        media=tuple(_media(header, path)) if header is not None else (),
        tiers=tuple(tiers),
        types={t.id: t for t in (_type(e) for e in root.findall("LINGUISTIC_TYPE"))},
        vocabularies={
            cv.get("CV_ID", ""): _cv_entries(cv) for cv in root.findall("CONTROLLED_VOCABULARY")
        },
        issues=tuple(issues),
    )


def _int(text: str, path: Path) -> int:
    try:
        return int(text)
    except ValueError:
        raise InteropError(
            f"time value '{text}' is not whole milliseconds", path=path, hint=_HINT
        ) from None


def _value(element: Any) -> str:
    node = element.find("ANNOTATION_VALUE")
    return (node.text or "") if node is not None else ""


def _raw_tier(tier: Any) -> tuple[dict[str, str], list[dict[str, Any]]]:
    annotations: list[dict[str, Any]] = []
    for ann in tier.findall("ANNOTATION"):
        aligned = ann.find("ALIGNABLE_ANNOTATION")
        if aligned is not None:
            annotations.append(
                {
                    "kind": "aligned",
                    "id": aligned.get("ANNOTATION_ID", ""),
                    "ts1": aligned.get("TIME_SLOT_REF1", ""),
                    "ts2": aligned.get("TIME_SLOT_REF2", ""),
                    "value": _value(aligned),
                    "cve": aligned.get("CVE_REF"),
                }
            )
        ref = ann.find("REF_ANNOTATION")
        if ref is not None:
            annotations.append(
                {
                    "kind": "ref",
                    "id": ref.get("ANNOTATION_ID", ""),
                    "ref": ref.get("ANNOTATION_REF", ""),
                    "value": _value(ref),
                    "cve": ref.get("CVE_REF"),
                }
            )
    return dict(tier.attrib), annotations


def _resolve_slots(
    tiers: list[tuple[dict[str, str], list[dict[str, Any]]]], slots: dict[str, int | None]
) -> dict[tuple[str, str], int]:
    """Times of every slot each tier uses; unaligned slots interpolated along the tier's chain."""
    result: dict[tuple[str, str], int] = {}
    for attrs, anns in tiers:
        tier_id = attrs["TIER_ID"]
        chain: list[str] = []
        for ann in anns:
            if ann["kind"] != "aligned":
                continue
            for ref in (ann["ts1"], ann["ts2"]):
                if not chain or chain[-1] != ref:
                    chain.append(ref)
        known = [(i, slots.get(ref)) for i, ref in enumerate(chain)]
        anchors = [(i, v) for i, v in known if v is not None]
        for i, ref in enumerate(chain):
            value = slots.get(ref)
            if value is None:
                before = next(((j, v) for j, v in reversed(anchors) if j < i), None)
                after = next(((j, v) for j, v in anchors if j > i), None)
                if before is None or after is None:
                    continue
                (j0, v0), (j1, v1) = before, after
                value = v0 + round((v1 - v0) * (i - j0) / (j1 - j0))
            result[(tier_id, ref)] = value
    return result


def _media(header: Any, path: Path) -> list[EafMedia]:
    media = []
    for desc in header.findall("MEDIA_DESCRIPTOR"):
        origin = desc.get("TIME_ORIGIN")
        media.append(
            EafMedia(
                url=desc.get("MEDIA_URL", ""),
                relative_url=desc.get("RELATIVE_MEDIA_URL", ""),
                mime_type=desc.get("MIME_TYPE", ""),
                time_origin_ms=_int(origin, path) if origin else 0,
            )
        )
    return media


def _type(element: Any) -> EafLinguisticType:
    return EafLinguisticType(
        id=element.get("LINGUISTIC_TYPE_ID", ""),
        constraint=element.get("CONSTRAINTS"),
        time_alignable=element.get("TIME_ALIGNABLE", "true") == "true",
        cv=element.get("CONTROLLED_VOCABULARY_REF"),
    )


def _cv_entries(cv: Any) -> tuple[EafCvEntry, ...]:
    entries = []
    for entry in cv.findall("CV_ENTRY_ML"):  # EAF 2.8+ / 3.0: one CVE_VALUE per language
        values = [v.text or "" for v in entry.findall("CVE_VALUE")]
        descriptions = [v.get("DESCRIPTION", "") for v in entry.findall("CVE_VALUE")]
        if values:
            entries.append(
                EafCvEntry(
                    entry.get("CVE_ID", ""), tuple(values), descriptions[0] if descriptions else ""
                )
            )
    for entry in cv.findall("CV_ENTRY"):  # EAF 2.7: the value is the element's text
        entries.append(
            EafCvEntry(entry.get("CVE_ID", ""), (entry.text or "",), entry.get("DESCRIPTION", ""))
        )
    return tuple(entries)
