"""Coder → EAF: valid EAF 3.0, and the round trip Coder → EAF → Coder keeps every event to the ms."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from lxml import etree

from coder.annotations.model import Event
from coder.interop.eaf_import import plan_from_eaf
from coder.interop.eaf_reader import read_eaf
from coder.interop.eaf_writer import POINT_DURATION_MS, export_eaf, lanes
from coder.interop.elan import import_eaf
from coder.project.project import Project

from .conftest import EAF_XSD
from .roundtrip_data import demo_events, event_keys, give_events


def _xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(EAF_XSD)))


def test_lanes_never_overlap() -> None:
    spans = [(0, 10), (5, 15), (10, 20), (12, 13)]
    lane = lanes(spans)
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if i < j and lane[i] == lane[j]:
                assert a[1] <= b[0] or b[1] <= a[0]


def test_export_validates_and_follows_elan_structure(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "out.eaf"
    report = export_eaf(demo, session, "ana", out)
    schema = _xsd()
    tree = etree.parse(str(out))
    assert schema.validate(tree), schema.error_log
    root = tree.getroot()
    assert root.get("FORMAT") == "3.0" and root.get("VERSION") == "3.0"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation")
    props = {p.get("NAME"): p.text for p in root.iter("PROPERTY")}
    assert props["URN"].startswith("urn:nl-mpi-tools-elan-eaf:")
    assert int(props["lastUsedAnnotationId"]) == len(
        root.xpath("//ALIGNABLE_ANNOTATION|//REF_ANNOTATION")
    )
    media = root.find("HEADER/MEDIA_DESCRIPTOR")
    assert media.get("MIME_TYPE") == "video/mp4" and media.get("RELATIVE_MEDIA_URL").endswith(
        ".mp4"
    )
    tiers = [t.get("TIER_ID") for t in root.iter("TIER")]
    assert "infant_gaze@ana" in tiers and "vocal-points@ana" in tiers
    assert "vocal-points@ana:voc_tone" in tiers and "segments@ana" in tiers
    points = root.findall("TIER[@TIER_ID='vocal-points@ana']/ANNOTATION/ALIGNABLE_ANNOTATION")
    slots = {s.get("TIME_SLOT_ID"): int(s.get("TIME_VALUE")) for s in root.iter("TIME_SLOT")}
    for ann in points:
        assert (
            slots[ann.get("TIME_SLOT_REF2")] - slots[ann.get("TIME_SLOT_REF1")] == POINT_DURATION_MS
        )
    assert report.issues_of("ratings")


def test_round_trip_through_a_new_project(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "rt.eaf"
    export_eaf(demo, session, "ana", out)
    target = Project.create(tmp_path / "new")
    import_eaf(target, out, video=demo.video_path(session))
    target = Project.open(target.root)
    back = target.load_annotations("ana", target.sessions[0].code)
    original = demo.load_annotations("ana", session)
    assert back is not None and original is not None
    assert event_keys(list(back.events)) == event_keys(list(original.events))
    assert sorted((s.segment, s.start_ms, s.end_ms) for s in back.segments) == sorted(
        (s.segment, s.start_ms, s.end_ms) for s in original.segments
    )


def test_round_trip_into_the_same_project_uses_its_scheme(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "rt.eaf"
    export_eaf(demo, session, "ana", out)
    original = demo.load_annotations("ana", session)
    report = import_eaf(demo, out, session=session, replace=True)
    back = Project.open(demo.root).load_annotations("ana", session)
    assert back is not None and original is not None
    assert back.header.scheme_id == "demo_interaction"
    assert event_keys(list(back.events)) == event_keys(list(original.events))
    assert not report.issues_of("unknown_code")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=demo_events())
def test_generated_annotations_survive_the_round_trip(
    events: list[Event], demo: Project, tmp_path: Path
) -> None:
    session = demo.sessions[0].code
    give_events(demo, "ana", session, events)
    out = tmp_path / "gen.eaf"
    export_eaf(demo, session, "ana", out)
    assert _xsd().validate(etree.parse(str(out)))
    plan = plan_from_eaf(read_eaf(out))
    assert event_keys(plan.events.get("ana", [])) == event_keys(events)


def test_codes_come_back_by_their_cv_ids_and_older_exports_by_their_values(
    demo: Project, tmp_path: Path
) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "rt.eaf"
    export_eaf(demo, session, "ana", out)
    tree = etree.parse(str(out))
    values = {v.text for v in tree.iter("ANNOTATION_VALUE")}
    assert "Gaze to mother" in values or "Positive affect" in values  # labels, not ids
    original = demo.load_annotations("ana", session)
    assert original is not None
    # An export made before labels were written: values are the code ids, CV ids generic.
    for cv in tree.iter("CONTROLLED_VOCABULARY"):
        if cv.get("CV_ID").startswith("modifier:") or cv.get("CV_ID") == "segments":
            continue
        for i, entry in enumerate(cv.iter("CV_ENTRY_ML")):
            code = entry.get("CVE_ID")
            entry.set("CVE_ID", f"cveid{i}")
            entry.find("CVE_VALUE").text = code
    for ann in tree.iter("ALIGNABLE_ANNOTATION"):
        if ann.get("CVE_REF"):
            ann.find("ANNOTATION_VALUE").text = ann.get("CVE_REF")
            del ann.attrib["CVE_REF"]
    old = tmp_path / "old.eaf"
    tree.write(str(old), xml_declaration=True, encoding="UTF-8")
    for path in (out, old):
        plan = plan_from_eaf(read_eaf(path))
        assert event_keys(plan.events["ana"]) == event_keys(list(original.events))
