"""Small ELAN files written for a test: tiers of (start_ms, end_ms, value) annotations."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def write_eaf(
    path: Path,
    tiers: dict[str, list[tuple[int, int, str]]],
    *,
    media: str = "missing.wav",
    author: str = "ana",
) -> Path:
    """An EAF 3.0 file at ``path`` with one alignable tier per entry of ``tiers``."""
    root = etree.Element("ANNOTATION_DOCUMENT", AUTHOR=author, FORMAT="3.0", VERSION="3.0")
    header = etree.SubElement(root, "HEADER", MEDIA_FILE="", TIME_UNITS="milliseconds")
    if media:
        etree.SubElement(header, "MEDIA_DESCRIPTOR", MEDIA_URL=f"file:///elsewhere/{media}",
                         MIME_TYPE="audio/x-wav", RELATIVE_MEDIA_URL=f"./{media}")
    order = etree.SubElement(root, "TIME_ORDER")
    n = 0
    for tier_id, spans in tiers.items():
        tier = etree.SubElement(root, "TIER", LINGUISTIC_TYPE_REF="default", TIER_ID=tier_id)
        for start, end, value in spans:
            slots = []
            for ms in (start, end):
                n += 1
                etree.SubElement(order, "TIME_SLOT", TIME_SLOT_ID=f"ts{n}", TIME_VALUE=str(ms))
                slots.append(f"ts{n}")
            ann = etree.SubElement(etree.SubElement(tier, "ANNOTATION"), "ALIGNABLE_ANNOTATION",
                                   ANNOTATION_ID=f"a{n}", TIME_SLOT_REF1=slots[0],
                                   TIME_SLOT_REF2=slots[1])
            etree.SubElement(ann, "ANNOTATION_VALUE").text = value
    etree.SubElement(root, "LINGUISTIC_TYPE", GRAPHIC_REFERENCES="false",
                     LINGUISTIC_TYPE_ID="default", TIME_ALIGNABLE="true")
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return path
