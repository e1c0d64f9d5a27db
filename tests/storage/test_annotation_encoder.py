"""The annotation file's bytes of a live document, re-encoded edit by edit, equal the whole encoding."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.annotations.commands import AddEvent, Compound, PutSegment, change_event, remove_event
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, Segment
from coder.storage.annotation_encoder import AnnotationEncoder
from coder.storage.annotation_file import annotation_bytes

_events = st.builds(
    lambda code, start, length, comment: Event.make(code, start, None if length is None else start + length, comment=comment),
    st.sampled_from(("gaze_mother", "infant_vocal", "touch")),
    st.integers(0, 20).map(lambda t: t * 500),
    st.none() | st.integers(1, 3000),
    st.sampled_from(("", "ok", "é \\ \"quoted\"", "\ud800 lone")),  # the last cannot be UTF-8: escaped
)
_steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(_events, min_size=1, max_size=3)),
        st.tuples(st.just("remove"), st.integers(0, 10**6)),
        st.tuples(st.just("change"), st.integers(0, 10**6), _events),
        st.tuples(st.just("segment"), st.integers(0, 100)),
        st.tuples(st.just("silenced"), _events),
        st.tuples(st.just("prepare")),  # encoding everything begins on another thread ...
        st.tuples(st.just("adopt")),  # ... and is taken in, after the edits made meanwhile
        st.tuples(st.just("encode")),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=_steps)
def test_bytes_after_any_edits_equal_the_whole_encoding(steps: list[tuple]) -> None:
    document = AnnotationDocument(AnnotationSet(header=AnnotationHeader("ana", "S1", "demo", "1", "")))
    encoder = AnnotationEncoder(document)
    document.changes.connect(encoder.note)
    prepared = []
    for step in steps:
        ids = [e.id for e in document.events()]
        if step[0] == "add":
            Compound(tuple(AddEvent(e) for e in step[1])).apply(document)
        elif step[0] == "remove" and ids:
            remove_event(document, ids[step[1] % len(ids)]).apply(document)
        elif step[0] == "change" and ids:
            target = document.event(ids[step[1] % len(ids)])
            edited = step[2]
            change_event(document, Event(target.id, edited.code, edited.start_ms, edited.end_ms)).apply(document)
        elif step[0] == "segment":
            PutSegment(None, Segment.make("play1", step[1], step[1] + 10)).apply(document)
        elif step[0] == "silenced":  # listeners silenced: the encoder hears nothing of this edit
            with document.changes.blocked():
                AddEvent(step[1]).apply(document)
        elif step[0] == "prepare":
            prepared.append(encoder.prepare())
        elif step[0] == "adopt" and prepared:
            encoder.adopt(prepared.pop(0)())
        elif step[0] == "encode":
            assert encoder.encode() == annotation_bytes(document.snapshot())
    assert encoder.encode() == annotation_bytes(document.snapshot())
