"""Write one coder's annotations of a session as an ELAN file (EAF 3.0, valid against EAFv3.0.xsd).

Layout (what ``eaf_import`` reads back exactly):

- one tier per row (stream, or code without a stream) and coder, id ``<row>@<coder>`` (``<row>``
  is the stream's label when the stream was made from an ELAN tier of that name, so the tier
  gets its name back), linguistic type ``coder-state:<row>`` with a controlled vocabulary
  ``<row>`` whose entries have the code ids as CVE_ID and the code labels as values; each
  annotation's value is its code's label (an ELAN value imported verbatim comes back verbatim)
  and its CVE_REF the code id;
  ELAN forbids overlapping annotations on a tier, so overlapping states of a non-exclusive row go
  to extra tiers ``<row>@<coder>#2``, ``#3`` …;
- point events on a tier ``<row>-points@<coder>`` of linguistic type ``coder-point:<row>``. ELAN
  needs end > start, so a point is written ``POINT_DURATION_MS`` (40 ms: one frame at 25 fps,
  wide enough to see and click in ELAN); the import maps every annotation of a ``coder-point``
  tier back to a point at its start, so the round trip is exact;
- each modifier of a row's codes on a Symbolic_Association tier ``<parent tier>:<modifier>``
  (linguistic type ``coder-modifier:<modifier>``, a controlled vocabulary of its values);
- segments on a tier ``segments@<coder>`` (linguistic type ``coder-segment``);
- one MEDIA_DESCRIPTOR per camera (absolute and relative URL, MIME type); a secondary camera's
  offset is its TIME_ORIGIN (``-offset_ms``: the camera's own time at annotation time 0).

Ratings, classification, event comments, open states and segment flags have no place in an EAF
file; they are counted in the report.
"""

from __future__ import annotations

import mimetypes
import os
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from coder.annotations.model import AnnotationSet, Event
from coder.interop.draft_scheme import make_id
from coder.interop.export_source import load_for_export
from coder.interop.import_report import InteropReport, ReportBuilder
from coder.project.project import Project
from coder.scheme import CodeKind, Scheme
from coder.storage.atomic import atomic_write_bytes

POINT_DURATION_MS = 40
POINT_TYPE = "coder-point"
STATE_TYPE = "coder-state"
SEGMENT_TYPE = "coder-segment"
MODIFIER_TYPE = "coder-modifier"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CONSTRAINTS = (
    ("Time_Subdivision", "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval"),
    ("Symbolic_Subdivision", "Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered"),
    ("Symbolic_Association", "1-1 association with a parent annotation"),
    ("Included_In", "Time alignable annotations within the parent annotation's time interval, gaps are allowed"),
)  # fmt: skip


def lanes(intervals: Sequence[tuple[int, int]]) -> list[int]:
    """A lane index per interval (in the order given) so that no lane holds overlapping ones."""
    ends: list[int] = []
    result = [0] * len(intervals)
    for i in sorted(range(len(intervals)), key=lambda k: intervals[k]):
        start, end = intervals[i]
        lane = next((n for n, last in enumerate(ends) if last <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        result[i] = lane
    return result


class _Doc:
    def __init__(self) -> None:
        self.slots: list[int] = []
        self.next_id = 0
        self.tiers: list[Any] = []

    def slot(self, ms: int) -> int:
        self.slots.append(ms)
        return len(self.slots) - 1

    def annotation_id(self) -> str:
        self.next_id += 1
        return f"a{self.next_id}"


def export_eaf(project: Project, session: str, coder: str, out: str | Path) -> InteropReport:
    """Write ``coder``'s annotations of ``session`` to ``out`` as EAF 3.0 (atomically)."""
    out = Path(out)
    annotations, scheme = load_for_export(project, session, coder)
    report = ReportBuilder("export-elan", f"{session} ({coder})")
    root = build_eaf(project, session, annotations, scheme, out, report)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    atomic_write_bytes(out, data)
    report.wrote(str(out))
    return report.build()


def build_eaf(
    project: Project,
    session: str,
    annotations: AnnotationSet,
    scheme: Scheme,
    out: Path,
    report: ReportBuilder,
) -> Any:
    """The ANNOTATION_DOCUMENT element (lxml) for one coder's annotations of one session."""
    coder = annotations.header.coder
    root = etree.Element(
        "ANNOTATION_DOCUMENT",
        nsmap={"xsi": _XSI},
        attrib={
            "AUTHOR": coder,
            "DATE": datetime.now().astimezone().isoformat(timespec="seconds"),
            "FORMAT": "3.0",
            "VERSION": "3.0",
            f"{{{_XSI}}}noNamespaceSchemaLocation": "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
        },
    )
    header = etree.SubElement(root, "HEADER", MEDIA_FILE="", TIME_UNITS="milliseconds")
    _media(project, session, out, header)
    doc = _Doc()
    types: list[dict[str, str]] = []
    vocabularies: dict[str, list[tuple[str, str]]] = {}
    events = list(annotations.events)
    labels = {c.id: c.label or c.id for c in scheme.codes}
    names: set[str] = set()
    for row in scheme.rows():
        codes = scheme.codes_in_stream(row)
        stream = scheme.stream(row)
        partner = stream.partner if stream else ""
        name = _tier_name(row, stream.label if stream else "", names)
        for kind in (CodeKind.STATE, CodeKind.POINT):
            ids = [c.id for c in codes if c.kind is kind]
            if not ids:
                continue
            suffix = "" if kind is CodeKind.STATE else "-points"
            ltype = f"{STATE_TYPE if kind is CodeKind.STATE else POINT_TYPE}:{row}"
            cv = row if kind is CodeKind.STATE else f"{row}-points"
            types.append({"id": ltype, "cv": cv})
            vocabularies[cv] = [(i, labels[i]) for i in ids]
            chosen = [e for e in events if e.code in ids]
            if kind is CodeKind.STATE:
                still_open = [e for e in chosen if e.end_ms is None]
                if still_open:
                    report.add(
                        "open_state", row, f"{len(still_open)} state(s) not yet ended, not exported"
                    )
                chosen = [e for e in chosen if e.end_ms is not None]
            modifiers = sorted({m for c in codes if c.kind is kind for m in c.modifiers})
            _timed_tiers(
                doc, root, f"{name}{suffix}@{coder}", ltype, coder, partner, chosen, modifiers,
                labels,
            )
            report.count("events", len(chosen))
    if annotations.segments:
        types.append({"id": SEGMENT_TYPE, "cv": "segments"})
        vocabularies["segments"] = [(f"cveid{i}", s.id) for i, s in enumerate(scheme.segments)]
        spans = [(s.start_ms, s.end_ms) for s in annotations.segments]
        tier_of = lanes(spans)
        tiers: dict[int, Any] = {}
        for seg, lane in zip(annotations.segments, tier_of, strict=True):
            if lane not in tiers:
                name = f"segments@{coder}" + (f"#{lane + 1}" if lane else "")
                tiers[lane] = _tier(doc, root, name, SEGMENT_TYPE, coder, "")
            _aligned(doc, tiers[lane], seg.start_ms, seg.end_ms, seg.segment)
            if seg.curtailed or seg.extended:
                report.add("segment_flags", seg.segment, "curtailed/extended flags are not carried")
        report.count("segments", len(annotations.segments))
    mods = {m for c in scheme.codes for m in c.modifiers}
    for mod in sorted(mods):
        types.append({"id": f"{MODIFIER_TYPE}:{mod}", "cv": f"modifier:{mod}", "assoc": "1"})
        found = scheme.modifier(mod)
        vocabularies[f"modifier:{mod}"] = [
            (f"cveid{i}", v) for i, v in enumerate(found.values if found else [])
        ]
    _finish(root, header, doc, types, vocabularies)
    comments = sum(1 for e in events if e.comment)
    if comments:
        report.add("comment", session, f"{comments} event comment(s) not exported")
    if annotations.ratings:
        report.add("ratings", session, f"{len(annotations.ratings)} rating(s) have no place in EAF")
    if not annotations.classification.is_empty:
        report.add("classification", session, "the classification has no place in EAF")
    return root


def _media(project: Project, session: str, out: Path, header: Any) -> None:
    for i, video in enumerate(project.session(session).videos):
        if video.to_locate and not video.path:
            continue  # the source named no media (a live observation)
        path = project.video_path(session, i).resolve()
        mime = mimetypes.guess_type(path.name)[0] or "video/*"
        relative = os.path.relpath(path, out.resolve().parent).replace(os.sep, "/")
        attrs = {
            "MEDIA_URL": path.as_uri(),
            "MIME_TYPE": mime,
            "RELATIVE_MEDIA_URL": relative if relative.startswith(".") else f"./{relative}",
        }
        if i and video.offset_ms:
            attrs["TIME_ORIGIN"] = str(-video.offset_ms)
        etree.SubElement(header, "MEDIA_DESCRIPTOR", attrib=attrs)


def _tier(
    doc: _Doc, root: Any, tier_id: str, ltype: str, coder: str, partner: str, parent: str = ""
) -> Any:
    attrs = {"ANNOTATOR": coder, "LINGUISTIC_TYPE_REF": ltype}
    if parent:
        attrs["PARENT_REF"] = parent
    if partner:
        attrs["PARTICIPANT"] = partner
    attrs["TIER_ID"] = tier_id
    tier = etree.SubElement(root, "TIER", attrib=attrs)
    doc.tiers.append(tier)
    return tier


def _tier_name(row: str, label: str, taken: set[str]) -> str:
    """The stream's label when it is the ELAN tier name the row was made from, else the row id."""
    name = row
    if label and make_id(label, prefix="s") == row and not set(label) & set("@#:"):
        name = label
    if name in taken:
        name = row
    taken.add(name)
    return name


def _aligned(
    doc: _Doc, tier: Any, start: int, end: int, value: str, cve_ref: str | None = None
) -> str:
    ann = etree.SubElement(etree.SubElement(tier, "ANNOTATION"), "ALIGNABLE_ANNOTATION")
    ann_id = doc.annotation_id()
    ann.set("ANNOTATION_ID", ann_id)
    if cve_ref is not None:
        ann.set("CVE_REF", cve_ref)
    ann.set("TIME_SLOT_REF1", f"#{doc.slot(start)}")
    ann.set("TIME_SLOT_REF2", f"#{doc.slot(end)}")
    etree.SubElement(ann, "ANNOTATION_VALUE").text = value
    return ann_id


def _timed_tiers(
    doc: _Doc,
    root: Any,
    name: str,
    ltype: str,
    coder: str,
    partner: str,
    events: list[Event],
    modifiers: list[str],
    labels: dict[str, str],
) -> None:
    spans = [
        (e.start_ms, e.end_ms if e.end_ms is not None else e.start_ms + POINT_DURATION_MS)
        for e in events
    ]
    lane_of = lanes(spans)
    main = _tier(doc, root, name, ltype, coder, partner)
    tiers = {0: main}
    for lane in sorted(set(lane_of) - {0}):
        tiers[lane] = _tier(doc, root, f"{name}#{lane + 1}", ltype, coder, partner)
    written: list[tuple[int, str, Event]] = []
    order = sorted(range(len(events)), key=lambda k: spans[k])
    for k in order:
        code = events[k].code
        ann_id = _aligned(doc, tiers[lane_of[k]], *spans[k], labels.get(code, code), code)
        written.append((lane_of[k], ann_id, events[k]))
    for mod in modifiers:
        for lane, tier in tiers.items():
            tier_id = tier.get("TIER_ID")
            child = _tier(
                doc, root, f"{tier_id}:{mod}", f"{MODIFIER_TYPE}:{mod}", coder, partner, tier_id
            )
            for ev_lane, ann_id, event in written:
                value = event.modifier_map.get(mod)
                if ev_lane == lane and value is not None:
                    ref = etree.SubElement(etree.SubElement(child, "ANNOTATION"), "REF_ANNOTATION")
                    ref.set("ANNOTATION_ID", doc.annotation_id())
                    ref.set("ANNOTATION_REF", ann_id)
                    etree.SubElement(ref, "ANNOTATION_VALUE").text = value


def _finish(
    root: Any,
    header: Any,
    doc: _Doc,
    types: list[dict[str, str]],
    vocabularies: dict[str, list[tuple[str, str]]],
) -> None:
    """Time order (slots numbered in time order), types, language, constraints, vocabularies."""
    etree.SubElement(
        header, "PROPERTY", NAME="URN"
    ).text = f"urn:nl-mpi-tools-elan-eaf:{uuid.uuid4()}"
    etree.SubElement(header, "PROPERTY", NAME="lastUsedAnnotationId").text = str(doc.next_id)
    order = sorted(range(len(doc.slots)), key=lambda i: (doc.slots[i], i))
    number = {old: new + 1 for new, old in enumerate(order)}
    time_order = etree.Element("TIME_ORDER")
    for old in order:
        etree.SubElement(
            time_order, "TIME_SLOT", TIME_SLOT_ID=f"ts{number[old]}", TIME_VALUE=str(doc.slots[old])
        )
    header.addnext(time_order)
    for ann in root.iter("ALIGNABLE_ANNOTATION"):
        for attr in ("TIME_SLOT_REF1", "TIME_SLOT_REF2"):
            ann.set(attr, f"ts{number[int(ann.get(attr)[1:])]}")
    for t in types:
        attrs = {}
        if t.get("assoc"):
            attrs["CONSTRAINTS"] = "Symbolic_Association"
        attrs["CONTROLLED_VOCABULARY_REF"] = t["cv"]
        attrs["GRAPHIC_REFERENCES"] = "false"
        attrs["LINGUISTIC_TYPE_ID"] = t["id"]
        attrs["TIME_ALIGNABLE"] = "false" if t.get("assoc") else "true"
        etree.SubElement(root, "LINGUISTIC_TYPE", attrib=attrs)
    etree.SubElement(
        root,
        "LANGUAGE",
        LANG_DEF="http://cdb.iso.org/lg/CDB-00130975-001",
        LANG_ID="und",
        LANG_LABEL="undetermined (und)",
    )
    for stereotype, description in _CONSTRAINTS:
        etree.SubElement(root, "CONSTRAINT", DESCRIPTION=description, STEREOTYPE=stereotype)
    for cv_id, values in vocabularies.items():
        cv = etree.SubElement(root, "CONTROLLED_VOCABULARY", CV_ID=cv_id)
        etree.SubElement(cv, "DESCRIPTION", LANG_REF="und")
        for cve_id, value in values:
            entry = etree.SubElement(cv, "CV_ENTRY_ML", CVE_ID=cve_id)
            etree.SubElement(entry, "CVE_VALUE", LANG_REF="und").text = value
