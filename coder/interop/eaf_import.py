"""Turn an ELAN document into an import plan: tiers → streams and codes, annotators → coders.

- A tier is a stream; its controlled vocabulary (or, without one, its distinct values) are codes.
  Each tier's codes are its own: the same value on two tiers makes two codes, one per stream.
  A value is kept verbatim as its code's label (the export writes the label back), the code id
  is made from it. Tiers Coder wrote (linguistic types ``coder-state:<row>``,
  ``coder-point:<row>``) get back their row and code ids (the CV entry ids).
- The coder is ``--coder`` when given, else the tier's ANNOTATOR, else the part of the tier id
  after ``@`` (Coder's own exports name tiers ``stream@coder``), else the document's AUTHOR.
- PARTICIPANT becomes the stream's partner.
- Alignable annotations are states with exact ms times; zero-length annotations and every
  annotation of a tier of linguistic type ``coder-point`` (Coder's point export) are points.
- A Symbolic_Association tier whose parent is time-aligned gives modifiers of the parent's
  events; other dependent symbolic tiers cannot be timed codes and are reported.
- TIME_ORIGIN of the primary media shifts every time onto the primary video's own time; other
  media get camera offsets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlparse

from coder.annotations.model import Event, Segment
from coder.errors import InteropError
from coder.interop.draft_scheme import DraftScheme, make_id
from coder.interop.eaf_reader import EafDocument, EafTier
from coder.interop.import_report import Issue
from coder.interop.plan import ImportPlan, MediaRef

POINT_TYPE = "coder-point"
"""Prefix of the linguistic type of tiers Coder writes point events to (see ``eaf_writer``)."""
STATE_TYPE = "coder-state"
SEGMENT_TYPE = "coder-segment"
MODIFIER_TYPE = "coder-modifier"
_CODER_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")


def coder_id(text: str) -> str:
    """A valid coder id (lower case letters, digits, ``. _ -``) for a name such as "Ana Ruiz"."""
    slug = re.sub(r"[^a-z0-9_.-]+", "_", text.strip().lower()).strip("_.-")[:32]
    return slug if slug and _CODER_ID.match(slug) else ""


@dataclass
class _Raw:
    coder: str
    stream: str
    value: str
    start: int
    end: int
    point: bool
    eaf_id: str


def media_refs(doc: EafDocument) -> tuple[list[MediaRef], int]:
    """Media next to the EAF (primary first) and the primary's TIME_ORIGIN (ms)."""
    if not doc.media:
        return [], 0
    order = sorted(doc.media, key=lambda m: not m.mime_type.startswith("video"))
    origin = order[0].time_origin_ms
    refs = []
    for media in order:
        candidates = []
        if media.relative_url:
            candidates.append(doc.path.parent / unquote(media.relative_url))
        name = Path(unquote(urlparse(media.url).path)).name if media.url else ""
        if name:
            candidates.append(doc.path.parent / name)
        found = next((c for c in candidates if c.is_file()), candidates[0] if candidates else None)
        if found is not None:
            refs.append(MediaRef(found, origin - media.time_origin_ms, media.mime_type))
    return refs, origin


def plan_from_eaf(doc: EafDocument, *, coder: str | None = None) -> ImportPlan:
    """The import plan of an ELAN document (see the module doc for the mapping)."""
    draft = DraftScheme(
        id=make_id(f"elan_{doc.path.stem}").lower(),
        title=f"Draft from ELAN file {doc.path.name}",
        description="Made by `coder import-elan`: one stream per tier, codes from controlled "
        "vocabularies or the values found.",
    )
    plan = ImportPlan(source=doc.path, draft=draft, issues=list(doc.issues), name=doc.path.stem)
    plan.media, origin = media_refs(doc)
    for ref in plan.media[1:]:
        plan.issues.append(
            Issue("camera_offset", ref.path.name, f"secondary media offset {ref.offset_ms} ms")
        )
    if origin:
        plan.issues.append(
            Issue(
                "camera_offset",
                "TIME_ORIGIN",
                f"primary media origin {origin} ms added to every time",
            )
        )
    raws: list[_Raw] = []
    stream_ids: dict[str, str] = {}
    tier_stream: dict[str, str] = {}
    tier_coder: dict[str, str] = {}
    for tier in doc.tiers:
        ltype = doc.types.get(tier.linguistic_type)
        if any(a.ref is not None for a in tier.annotations) or (ltype and not ltype.time_alignable):
            continue  # symbolic: handled below, once parents are known
        who = _tier_coder(tier, doc, coder)
        tier_coder[tier.id] = who
        base = tier.id.split("@", 1)[0]
        base = re.sub(r"#\d+$", "", base)
        is_points = tier.linguistic_type.startswith(POINT_TYPE)
        if is_points:
            base = base.removesuffix("-points")
        if tier.linguistic_type == SEGMENT_TYPE:
            for ann in tier.annotations:
                seg = make_id(ann.value or "segment")
                if seg not in draft.segments and seg != "session":
                    draft.segments.append(seg)
                assert ann.start_ms is not None and ann.end_ms is not None
                plan.segments.setdefault(who, []).append(
                    Segment.make(seg, ann.start_ms + origin, ann.end_ms + origin)
                )
            continue
        row = _coder_row(tier.linguistic_type)
        key = row or base
        if key not in stream_ids:
            if row and row not in draft.taken_ids():
                stream_ids[key] = row
            else:
                stream_ids[key] = make_id(base, draft.taken_ids(), prefix="s")
            draft.add_stream(stream_ids[key], label=base, partner=tier.participant.strip())
        base = key
        tier_stream[tier.id] = stream_ids[base]
        for ann in tier.annotations:
            assert ann.start_ms is not None and ann.end_ms is not None
            value = ann.value
            if not value.strip():
                plan.issues.append(
                    Issue(
                        "empty_annotation",
                        f"{tier.id} {ann.id}",
                        "annotation without a value left out",
                    )
                )
                continue
            point = is_points or ann.end_ms == ann.start_ms
            raws.append(
                _Raw(
                    who,
                    stream_ids[base],
                    value,
                    ann.start_ms + origin,
                    ann.end_ms + origin,
                    point,
                    ann.id,
                )
            )
    ids: dict[tuple[str, str], str] = {}
    _codes_from_cvs(doc, draft, tier_stream, ids)
    by_eaf_id = _make_events(raws, draft, plan, ids)
    _symbolic_tiers(doc, plan, tier_stream, tier_coder, by_eaf_id)
    _mark_exclusive(plan, draft)
    return plan


def _tier_coder(tier: EafTier, doc: EafDocument, override: str | None) -> str:
    for name in (
        override,
        tier.annotator,
        tier.id.split("@", 1)[1] if "@" in tier.id else "",
        doc.author,
    ):
        if name and coder_id(name):
            return coder_id(name)
    raise InteropError(
        f"tier '{tier.id}' names no coder (no ANNOTATOR, no AUTHOR)",
        path=doc.path,
        hint="give the coder with --coder",
    )


def _coder_row(linguistic_type: str) -> str | None:
    """The row id of a tier Coder wrote (``coder-state:<row>`` / ``coder-point:<row>``)."""
    for prefix in (STATE_TYPE, POINT_TYPE):
        if linguistic_type.startswith(f"{prefix}:"):
            row = linguistic_type.split(":", 1)[1]
            return row if make_id(row) == row else None
    return None


def _code_id(draft: DraftScheme, stream: str, value: str, ids: dict[tuple[str, str], str]) -> str:
    if (stream, value) not in ids:
        # Ids given to other streams' values count as taken even before their codes are added:
        # the same value on two tiers must make two codes, one in each stream.
        taken = draft.taken_ids() | set(ids.values())
        plain = make_id(value)
        if plain == stream:  # a row of one code without a stream (Coder's own export)
            ids[(stream, value)] = plain
        else:
            ids[(stream, value)] = (
                plain if plain not in taken else make_id(f"{stream}_{value}", taken)
            )
    return ids[(stream, value)]


def _codes_from_cvs(
    doc: EafDocument,
    draft: DraftScheme,
    tier_stream: dict[str, str],
    ids: dict[tuple[str, str], str],
) -> None:
    """Reserve code ids for every CV entry of each stream's tiers, in CV order."""
    for tier in doc.tiers:
        stream = tier_stream.get(tier.id)
        ltype = doc.types.get(tier.linguistic_type)
        if stream is None or ltype is None or ltype.cv is None:
            continue
        own = _coder_row(tier.linguistic_type) is not None
        for entry in doc.vocabularies.get(ltype.cv, ()):
            if (
                own
                and (stream, entry.values[0]) not in ids
                and make_id(entry.id) == entry.id
                and not re.fullmatch(r"cveid\d*", entry.id)  # generic ids (older exports)
                and entry.id not in draft.taken_ids() | set(ids.values())
            ):
                ids[(stream, entry.values[0])] = entry.id  # Coder's export: the CV id is the code
            code = _code_id(draft, stream, entry.values[0], ids)
            if code not in draft.codes:
                draft.add_code(
                    code,
                    label=entry.values[0],
                    kind="state",
                    stream=stream,
                    description=entry.description,
                )
            for other in entry.values[1:]:
                ids.setdefault((stream, other), code)


def _make_events(
    raws: list[_Raw], draft: DraftScheme, plan: ImportPlan, ids: dict[tuple[str, str], str]
) -> dict[str, int]:
    """Events per coder; returns each EAF annotation id's index in its coder's event list."""
    kinds: dict[str, set[bool]] = defaultdict(set)
    for raw in raws:
        kinds[_code_id(draft, raw.stream, raw.value, ids)].add(raw.point)
    for code, seen in kinds.items():
        kind = "point" if seen == {True} else "state"
        if code in draft.codes:
            draft.codes[code]["kind"] = kind
        else:
            value = next(r.value for r in raws if _code_id(draft, r.stream, r.value, ids) == code)
            stream = next(r.stream for r in raws if _code_id(draft, r.stream, r.value, ids) == code)
            draft.add_code(code, label=value, kind=kind, stream=stream)
        plan.kinds[code] = kind
    by_eaf_id: dict[str, int] = {}
    for raw in raws:
        code = _code_id(draft, raw.stream, raw.value, ids)
        events = plan.events.setdefault(raw.coder, [])
        if plan.kinds[code] == "point":
            events.append(Event.make(code, raw.start))
        elif raw.point:
            plan.issues.append(
                Issue(
                    "zero_length",
                    f"{raw.stream} {raw.eaf_id}",
                    f"zero-length '{raw.value}' of a state code left out",
                )
            )
            continue
        else:
            events.append(Event.make(code, raw.start, raw.end))
        by_eaf_id[raw.eaf_id] = len(events) - 1
    return by_eaf_id


def _symbolic_tiers(
    doc: EafDocument,
    plan: ImportPlan,
    tier_stream: dict[str, str],
    tier_coder: dict[str, str],
    by_eaf_id: dict[str, int],
) -> None:
    owner = {
        a.id: tier_coder[t.id] for t in doc.tiers if t.id in tier_stream for a in t.annotations
    }
    for tier in doc.tiers:
        refs = [a for a in tier.annotations if a.ref is not None]
        if not refs:
            continue
        ltype = doc.types.get(tier.linguistic_type)
        constraint = ltype.constraint if ltype else None
        if constraint != "Symbolic_Association" or tier.parent not in tier_stream:
            plan.issues.append(
                Issue(
                    "dependent_tier",
                    tier.id,
                    f"{len(refs)} symbolic annotation(s) ({constraint or 'no constraint'} of "
                    f"'{tier.parent}') have no time of their own and cannot be timed codes",
                )
            )
            continue
        modifier = tier.id.split(":", 1)[1] if tier.id.startswith(f"{tier.parent}:") else tier.id
        modifier = make_id(modifier, prefix="m")
        for entry in doc.vocabularies.get(ltype.cv or "", ()) if ltype else ():
            plan.draft.add_modifier_value(modifier, entry.values[0])
        carried = 0
        for ann in refs:
            value = ann.value.strip()
            if not value or ann.ref not in by_eaf_id or ann.ref not in owner:
                continue
            who = owner[ann.ref]
            index = by_eaf_id[ann.ref]
            event = plan.events[who][index]
            plan.events[who][index] = event.with_modifiers({**event.modifier_map, modifier: value})
            plan.draft.add_modifier_value(modifier, value)
            code = plan.draft.codes[event.code]
            if modifier not in code["modifiers"]:
                code["modifiers"].append(modifier)
            carried += 1
        plan.issues.append(
            Issue(
                "modifier_tier",
                tier.id,
                f"{carried} value(s) carried as modifier '{modifier}' of '{tier.parent}'",
            )
        )


def _mark_exclusive(plan: ImportPlan, draft: DraftScheme) -> None:
    """A stream is exclusive when no coder's states in it overlap and it holds no points."""
    for stream_id in draft.streams:
        exclusive = True
        for events in plan.events.values():
            states = sorted(
                (e.start_ms, e.end_ms or e.start_ms)
                for e in events
                if draft.codes[e.code]["stream"] == stream_id
            )
            kinds = {
                plan.kinds[e.code] for e in events if draft.codes[e.code]["stream"] == stream_id
            }
            if "point" in kinds or any(b[0] < a[1] for a, b in pairwise(states)):
                exclusive = False
        draft.streams[stream_id]["exclusive"] = exclusive
