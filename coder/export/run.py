"""Run an export: choose records, derive variables, join the key, write data, codebook, manifest.

``run_export`` is what the CLI (``coder export``) and the GUI's export dialog call. It is the one
place where the unblinding key meets coded data, so it logs first and unblinds after: an
``unblinding`` entry (who, spec and key hashes, destination) is appended and fsynced before the
first byte is written, the files are written into a hidden staging folder in the destination and
moved into place, and ``unblinded_export`` (output files and their hashes) completes it. When the
entry cannot be written nothing is; a failure removes the staging at once, and the next run
sweeps (and reports) what a kill left. The manifest records the audit log's head.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coder.annotations.status import counts_as_finished, unfinished_reason
from coder.errors import ExportError
from coder.export.codebook import codebook_csv, codebook_markdown
from coder.export.dataset import Dataset, RecordMeta, long_dataset, wide_dataset
from coder.export.key_join import KeyJoin, join_key
from coder.export.manifest import build_manifest
from coder.export.motion_spec import MotionProducer
from coder.export.rating_variables import rating_variables
from coder.export.raw_tables import RawRecord, events_table, ratings_table
from coder.export.sequential_spec import SequentialProducer
from coder.export.sources import (
    CONSENSUS,
    PRIMARY,
    SessionSource,
    checked_consensus,
    choose_source,
    consensus_path,
)
from coder.export.spec import FORMATS, ExportSpec, load_spec
from coder.export.ssp_variables import classification_variables, segment_info_variables
from coder.export.timed_variables import timed_variables
from coder.export.unblinding import log_unblinding, sweep_export_leftovers
from coder.export.variables import Record, Registry
from coder.export.writers import EXTENSIONS, csv_bytes, write_dataset
from coder.faults import kill_point
from coder.progress import Progress
from coder.project.project import Project
from coder.project.record_check import InvalidValue
from coder.scheme.model import WHOLE_SESSION, Scheme
from coder.storage.atomic import atomic_write_bytes, atomic_write_json, atomic_write_text


@dataclass(frozen=True)
class SkippedSession:
    """A session left out of the dataset, and why."""

    session: str
    reason: str


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: files (data, codebook, raw tables, manifest), warnings, skips."""

    out_dir: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    skipped: tuple[SkippedSession, ...]
    sessions: tuple[str, ...]
    rows: int
    columns: int
    manifest: Path
    invalid: tuple[InvalidValue, ...] = ()
    """Invalid values of the records read, each left out of the data (also listed in warnings)."""


def _quiet(_fraction: float, _message: str) -> None:
    return None


def _check_spec(project: Project, spec: ExportSpec) -> list[Scheme]:
    ids = spec.schemes or list(dict.fromkeys(e.id for e in project.data.schemes))
    known = {e.id for e in project.data.schemes}
    for i, scheme_id in enumerate(ids):
        if scheme_id not in known:
            raise ExportError(f"schemes.{i}: scheme '{scheme_id}' is not in the project",
                              hint="project schemes: " + ", ".join(sorted(known)))
    coders = {c.id for c in project.coders}
    for i, entry in enumerate(spec.source):
        coder = entry.removeprefix("coder:")
        if entry not in (CONSENSUS, PRIMARY) and coder not in coders:
            raise ExportError(f"source.{i}: '{entry}' is not consensus, primary or a coder id",
                              hint="project coders: " + ", ".join(sorted(coders)))
    schemes = [project.scheme(s) for s in ids]
    segments = {s.id for sc in schemes for s in sc.segments} | {WHOLE_SESSION}
    codes = {c.id for sc in schemes for c in sc.codes}
    items = {r.id for sc in schemes for r in sc.ratings}
    for field, wanted, pool in (("segments", spec.segments, segments),
                                ("timed.codes", spec.timed.codes, codes),
                                ("ratings.items", spec.ratings.items, items)):
        for i, value in enumerate(wanted or []):
            if value not in pool:
                raise ExportError(f"{field}.{i}: '{value}' is not in the exported schemes")
    return schemes


ConsensusCheck = Callable[[Project, str], str]


def _no_check(_project: Project, _session: str) -> str:
    return ""


def _choose(project: Project, spec: ExportSpec, sessions: Sequence[str], progress: Progress,
            skipped: list[SkippedSession], warnings: list[str],
            invalid: list[InvalidValue] | None = None,
            consensus_check: ConsensusCheck = _no_check) -> list[SessionSource]:
    invalid = [] if invalid is None else invalid
    chosen: list[SessionSource] = []
    incomplete: list[str] = []
    undecided: list[str] = []
    for n, code in enumerate(sessions):
        progress(0.05 + 0.45 * n / max(len(sessions), 1), f"Reading {code}")
        source = choose_source(project, code, spec.source, invalid)
        if source is None:
            why = "no valid record" if any(v.path.stem == code for v in invalid) else "no record"
            skipped.append(SkippedSession(code, f"{why} (tried {', '.join(spec.source)})"))
            continue
        if source.kind == CONSENSUS:
            unfinished = consensus_check(project, code)
            if unfinished:
                if not spec.allow_incomplete_consensus:
                    undecided.append(f"{code} ({unfinished})")
                    continue
                warnings.append(f"{code}: consensus not finished ({unfinished}); exported as it stands")
        elif not counts_as_finished(source.annotations):  # the rule reliability applies too
            reason = unfinished_reason(source.coder, source.annotations)
            if spec.incomplete == "exclude":
                skipped.append(SkippedSession(code, reason))
                continue
            if spec.incomplete == "error":
                incomplete.append(f"{code} ({reason})")
                continue
            warnings.append(f"{code}: {reason}; included")
        chosen.append(source)
    if incomplete:
        raise ExportError(f"incomplete sessions: {', '.join(incomplete)}",
                          hint="finish them, or set incomplete: exclude or include in the spec")
    if undecided:
        raise ExportError(f"consensus not finished: {', '.join(undecided)}",
                          hint="decide the remaining disagreements, or set allow_incomplete_consensus: true in the spec")
    return chosen


def _derive(project: Project, spec: ExportSpec, schemes: Sequence[Scheme],
            sources: Sequence[SessionSource], registry: Registry, warnings: list[str],
            sequential: SequentialProducer | None = None, motion: MotionProducer | None = None,
            motion_log: dict[str, Any] | None = None, progress: Progress = _quiet) -> pd.DataFrame:
    if not spec.sequential.is_empty and sequential is None:
        raise ExportError("the spec's sequential: variables need the analysis package",
                          hint="run this spec with coder export or the GUI's export dialog")
    if spec.motion is not None and motion is None:
        raise ExportError("the spec's motion: variables need the assisted-coding package",
                          hint="run this spec with coder export or the GUI's export dialog")
    frames = []
    entries = {s.code: s for s in project.sessions}
    for scheme in schemes:
        records = [
            Record(i, s.session, s.annotations, entries[s.session].duration_ms)
            for i, s in enumerate(sources) if entries[s.session].scheme == scheme.id
        ]
        if not records:
            continue
        if spec.classification.enabled:
            frames.append(classification_variables(scheme, records, registry))
        if spec.segment_info.enabled:
            frames.append(segment_info_variables(scheme, records, spec.segments, registry))
        frames.append(rating_variables(scheme, records, spec.ratings, spec.segments, registry))
        frames.append(timed_variables(scheme, records, spec.timed, spec.segments, registry, warnings))
        if sequential is not None and not spec.sequential.is_empty:
            frames.append(sequential(scheme, records, spec.sequential, registry))
        if motion is not None and spec.motion is not None:
            made = motion(project, scheme, records, spec.motion, spec.segments, registry, warnings,
                          lambda f, m: progress(0.5 + 0.1 * f, m))
            frames.append(made.rows)
            if motion_log is not None:
                sessions = motion_log.setdefault("sessions", {})
                motion_log.update({k: v for k, v in made.provenance.items() if k != "sessions"})
                sessions.update(made.provenance.get("sessions", {}))
                motion_log.setdefault("inputs", []).extend(made.inputs)
    if not frames:
        raise ExportError("no session has a record to export", hint="see the skipped sessions")
    return pd.concat(frames, ignore_index=True)


def build_dataset(project: Project, spec: ExportSpec, sources: Sequence[SessionSource],
                  schemes: Sequence[Scheme], key: KeyJoin, warnings: list[str],
                  sequential: SequentialProducer | None = None,
                  motion: MotionProducer | None = None,
                  motion_log: dict[str, Any] | None = None,
                  progress: Progress | None = None) -> Dataset:
    """The dataset of ``sources`` in the spec's layout (no files written); ``motion_log``
    receives what the motion producer reports for the manifest (``inputs``: files it read)."""
    registry = Registry()
    rows = _derive(project, spec, schemes, sources, registry, warnings, sequential, motion,
                   motion_log, progress or _quiet)
    entries = {s.code: s for s in project.sessions}
    meta = [RecordMeta(s.session, entries[s.session].scheme, s.coder) for s in sources]
    if spec.layout == "wide":
        return wide_dataset(rows, registry, meta, key, spec.wide.id, spec.wide.suffix, spec.wide.timepoints)
    return long_dataset(rows, registry, meta, key, spec.wide.timepoints)


def _raw_records(project: Project, sources: Sequence[SessionSource],
                 invalid: list[InvalidValue]) -> list[RawRecord]:
    records = []
    for source in sources:
        consensus = checked_consensus(project, source.session)
        if consensus is not None:
            invalid.extend(v for v in consensus.invalid if v not in invalid)
        if consensus is not None and consensus.annotations is not None:
            records.append(RawRecord(source.session, CONSENSUS, source.kind == CONSENSUS,
                                     consensus.annotations))
        for coder in project.coders_of(source.session):
            loaded = project.checked_annotations(coder, source.session)
            if loaded is None:
                continue
            invalid.extend(v for v in loaded.invalid if v not in invalid)
            if loaded.annotations is not None:
                exported = source.kind != CONSENSUS and source.coder == coder
                records.append(RawRecord(source.session, coder, exported, loaded.annotations))
    return records


def assisted_sessions(
    sources: Sequence[SessionSource], assisted: Collection[tuple[str, str]]
) -> list[str]:
    """Exported sessions whose record holds accepted machine suggestions (a consensus record:
    when any coder's record of the session did)."""
    helped = {session for _coder, session in assisted}
    return sorted(
        s.session
        for s in sources
        if (s.coder, s.session) in assisted or (s.kind == CONSENSUS and s.session in helped)
    )


def _write_outputs(project: Project, spec: ExportSpec, dataset: Dataset, formats: Sequence[str],
                   raw_records: Sequence[RawRecord], key: KeyJoin, folder: Path,
                   report: Progress, assisted: Sequence[str] = ()) -> list[Path]:
    """Write the data files, codebook and raw tables into ``folder``; returns their paths."""
    written: list[Path] = []
    for n, fmt in enumerate(formats):
        report(0.6 + 0.25 * n / max(len(formats), 1), f"Writing {fmt}")
        path = folder / f"{spec.name}{EXTENSIONS[fmt]}"
        write_dataset(dataset, fmt, path)
        written.append(path)
        kill_point("export.data_written")
    report(0.85, "Writing the codebook")
    atomic_write_text(
        folder / "codebook.md",
        codebook_markdown(dataset, spec, [p.name for p in written], assisted=assisted),
    )
    atomic_write_text(folder / "codebook.csv", codebook_csv(dataset))
    written += [folder / "codebook.md", folder / "codebook.csv"]
    if raw_records:
        report(0.9, "Writing the raw tables")
        for name, table in (("events", events_table(raw_records, key)),
                            ("ratings", ratings_table(raw_records, key))):
            atomic_write_bytes(folder / f"{name}.csv", csv_bytes(table))
            written.append(folder / f"{name}.csv")
    return written


def run_export(
    project: Project | str | Path,
    spec: ExportSpec | str | Path,
    formats: Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    *,
    raw: bool | None = None,
    progress: Progress | None = None,
    actor: str = "lead",
    consensus_check: ConsensusCheck | None = None,
    sequential: SequentialProducer | None = None,
    assisted: Collection[tuple[str, str]] = (),
    motion: MotionProducer | None = None,
) -> ExportResult:
    """Export the project's coded variables, joined to the key, as the spec says.

    ``formats`` (csv, sav, dta, parquet, xlsx) and ``raw`` override the spec's; ``out_dir``
    defaults to ``<project>/exports/<spec name>/``. ``progress(fraction 0–1, message)`` is called
    as the work goes on. ``consensus_check(project, session)`` says why a session's consensus is
    not finished ("" when it is): such a session is refused unless the spec allows it (the CLI and
    the GUI pass ``coder.reliability.disagreements.unfinished_consensus``, a layer above export). Raises ExportError (naming the file and what to do) when the key does not
    match, a spec field names something the project lacks, or incomplete sessions are an error.
    ``assisted``: the (coder, session) records in which machine suggestions were accepted
    (``coder.assist.store.assisted_records``); the codebook and manifest name the exported
    sessions whose record is one of them (or, for a consensus, built from one).
    ``sequential`` computes the spec's ``sequential:`` variables (the analysis layer's
    ``coder.analysis.dataset_variables.sequential_variables``; needed only when the spec has them).
    ``motion`` computes the spec's ``motion:`` variables from the session videos and their
    drawn regions (``coder.assist.motion_variables.motion_variables``); the manifest records
    its tool, version, parameters and per session the video hash and regions used.
    """
    report = progress or _quiet
    project = project if isinstance(project, Project) else Project.open(project)
    spec = spec if isinstance(spec, ExportSpec) else load_spec(spec)
    formats = list(formats) if formats is not None else list(spec.formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format '{fmt}'", hint="use " + ", ".join(FORMATS))
    raw = spec.raw if raw is None else raw
    out = Path(out_dir) if out_dir is not None else project.default_export_folder(spec.name)
    if out.exists() and not out.is_dir():
        raise ExportError("is a file, not a folder", path=out, hint="--out takes a folder for the export")
    report(0.0, "Checking the spec and the key")
    schemes = _check_spec(project, spec)
    scheme_ids = {s.id for s in schemes}
    selected = sorted(s.code for s in project.sessions if s.scheme in scheme_ids)
    key = join_key(project.key(), selected, [s.code for s in project.sessions], spec.key, project.key_path)
    warnings: list[str] = [f"key row for unknown session {s} ignored" for s in key.unused]
    skipped = [SkippedSession(s, "not in the key") for s in key.unkeyed]
    keyed = [s for s in selected if s not in key.unkeyed]
    invalid: list[InvalidValue] = []
    sources = _choose(project, spec, keyed, report, skipped, warnings, invalid, consensus_check or _no_check)
    if not sources:
        reasons = "; ".join(f"{s.session}: {s.reason}" for s in skipped[:10])
        more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        raise ExportError(
            f"no session has a record to export ({reasons or 'the project has no sessions'}{more})",
            hint="code and complete sessions first, or change the spec's source or incomplete rule",
        )
    report(0.5, "Deriving variables")
    motion_log: dict[str, Any] = {}
    dataset = build_dataset(project, spec, sources, schemes, key, warnings, sequential, motion,
                            motion_log, report)
    record_files = [s.path for s in sources]
    raw_records = _raw_records(project, sources, invalid) if raw else []
    if raw:
        record_files = sorted({
            consensus_path(project, r.session) if r.coder == CONSENSUS else project.annotation_path(r.coder, r.session)
            for r in raw_records
        })
    record_files = [*record_files, *motion_log.pop("inputs", [])]  # the regions files
    warnings += [f"left out invalid value: {v}" for v in invalid]
    warnings += sweep_export_leftovers(out)
    helped = assisted_sessions(sources, assisted)
    parameters = {
        "formats": formats, "raw": raw, "layout": spec.layout, "source": spec.source,
        "incomplete": spec.incomplete, "allow_incomplete_consensus": spec.allow_incomplete_consensus,
        "timed": spec.timed.model_dump(mode="json"),
        "sessions": [s.session for s in sources],
        "records": {s.session: s.coder for s in sources},
        "skipped": [{"session": s.session, "reason": s.reason} for s in skipped],
        "invalid_values_left_out": [str(v) for v in invalid],
        "assisted_sessions": helped,
    }
    if spec.motion is not None:
        parameters["motion"] = motion_log
    # Log first, then unblind: nothing key-joined is written before this entry is on disk.
    intent = log_unblinding(project, spec, out, formats, actor=actor, sessions=len(sources))
    staging = out / f".export-{intent['op']}.partial"
    try:
        written = _write_outputs(
            project, spec, dataset, formats, raw_records, key, staging, report, helped
        )
        report(0.95, "Writing the manifest")
        manifest = build_manifest(project, spec, sorted(scheme_ids), record_files, written, staging, parameters)
        manifest["audit_head"] = {"seq": intent["seq"], "hash": intent["hash"]}
        atomic_write_json(staging / "manifest.json", manifest)
        kill_point("export.staged")
        final = [out / p.name for p in written]
        for path, target in zip([*written, staging / "manifest.json"], [*final, out / "manifest.json"], strict=True):
            os.replace(path, target)
            kill_point("export.moved")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # no unblinded temp file outlives a failure
        raise
    shutil.rmtree(staging, ignore_errors=True)
    written = final
    manifest_path = out / "manifest.json"
    project.audit(
        "unblinded_export", actor=actor, op=intent["op"], spec=spec.name, spec_sha256=spec.sha256,
        out_dir=str(out), files=manifest["outputs"], sessions=len(sources),
        skipped=[s.session for s in skipped],
    )
    report(1.0, "Done")
    return ExportResult(
        out_dir=out, files=(*written, manifest_path), warnings=tuple(warnings), skipped=tuple(skipped),
        sessions=tuple(s.session for s in sources), rows=len(dataset.frame),
        columns=len(dataset.columns), manifest=manifest_path, invalid=tuple(invalid),
    )
