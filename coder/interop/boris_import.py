"""Turn a BORIS project into import plans, one per observation.

Choices (documented for users in ``coder import-boris --help``):

- **Subjects → partners, by prefixing the code.** A behaviour coded for subject "mother" becomes
  the code ``mother_<behaviour>`` in streams whose partner is "mother"; a behaviour coded without
  a subject keeps its plain code. This keeps BORIS's exclusions per subject (the mother's and the
  infant's states never exclude each other) and matches Coder's model of per-partner streams.
  Subject copies are made for the subjects the file's observations use.
- **Exclusion matrix → exclusive streams.** States that mutually exclude each other are grouped
  (greedily, in ethogram order, so every pair in a group excludes each other) into one exclusive
  stream ``exclusive_<n>``; a code that excludes nothing is its own row (with a subject: it goes
  to the non-exclusive stream ``<subject>_codes``).
- **Modifier sets → modifiers** (values stripped of spaces and of BORIS's "(description)"), one
  per behaviour's set: a named set is shared only by behaviours whose set of that name has the
  same values, an unnamed set never; a multiple-selection set keeps the selected values joined
  by "," as one value.
- **Shortcut keys** are kept; a key Coder cannot bind or that another code took (Coder's keys
  ignore case) is reported with the key the code got.
- **Subjects** are the partners, by their BORIS names; a file Coder wrote lists its code ids
  (``coder_codes``), which come back.
- **Times.** BORIS rows are seconds; media time in ms is ``round((t − time offset) × 1000)``.
  Player n's offset (``media_info.offset``) against player 1 becomes camera n's ``offset_ms``.
- **States** are paired per subject, behaviour and modifiers in time order, as BORIS pairs them
  (BORIS toggles); a START with no
  STOP, a zero-length state, a row with no time or an unknown behaviour is reported, not imported.
"""

from __future__ import annotations

from pathlib import Path

from coder.annotations.model import Event
from coder.interop.boris_reader import BorisBehavior, BorisObservation, BorisProject
from coder.interop.draft_scheme import KEY_PATTERN, DraftScheme, assign_keys, make_id
from coder.interop.import_report import Issue
from coder.interop.plan import ImportPlan, MediaRef


def exclusion_groups(behaviors: tuple[BorisBehavior, ...]) -> list[list[str]]:
    """Groups of state behaviours that all mutually exclude each other (each of size ≥ 2)."""
    states = [b for b in behaviors if b.kind == "state"]

    def excludes(a: BorisBehavior, b: BorisBehavior) -> bool:
        return b.code in a.excluded or a.code in b.excluded

    groups: list[list[BorisBehavior]] = []
    for behavior in states:
        home = next((g for g in groups if all(excludes(behavior, m) for m in g)), None)
        if home is not None:
            home.append(behavior)
        elif any(excludes(behavior, other) for other in states if other is not behavior):
            groups.append([behavior])
    return [[b.code for b in g] for g in groups if len(g) > 1]


class BorisMapping:
    """The draft scheme of a BORIS project and the code id of each (subject, behaviour)."""

    def __init__(self, project: BorisProject) -> None:
        self.project = project
        self.issues: list[Issue] = []
        used = {e.subject for o in project.observations for e in o.events if e.subject}
        self.subjects = [s for s in project.subjects if s in used]
        self.subjects += sorted(used - set(self.subjects))
        self.draft = DraftScheme(
            id=make_id(f"boris_{project.path.stem}").lower(),
            title=f"Draft from BORIS project {project.name or project.path.name}",
            description="Made by `coder import-boris` from the ethogram (subjects as partners, "
            "codes prefixed with the subject).",
        )
        self.codes: dict[tuple[str, str], str] = {}
        self.modifier_ids: dict[tuple[str, int], str] = {}
        self._modifier_sets(project.behaviors)
        groups = exclusion_groups(project.behaviors)
        for subject in ["", *self.subjects]:
            self._add_subject(subject, groups)
        self._report_keys()

    def _modifier_sets(self, behaviors: tuple[BorisBehavior, ...]) -> None:
        """One modifier per behaviour's set; a named set is shared only by behaviours whose set
        of that name has the same values (an unnamed set is never shared)."""
        named: dict[tuple[str, tuple[str, ...]], str] = {}
        taken: set[str] = set()
        for behavior in behaviors:
            unnamed = sum(1 for m in behavior.modifier_sets if not m.name)
            for n, mod in enumerate(behavior.modifier_sets):
                key = (mod.name, mod.values)
                if mod.name and key in named:
                    mod_id = named[key]
                else:
                    if mod.name:
                        text = mod.name.lower()
                        if any(m == mod.name for m, _ in named):
                            text = f"{behavior.code}_{mod.name}".lower()
                    else:
                        text = f"{behavior.code}_modifier" + (f"_{n + 1}" if unnamed > 1 else "")
                    mod_id = make_id(text.lower(), taken, prefix="m")
                    taken.add(mod_id)
                    if mod.name:
                        named[key] = mod_id
                self.modifier_ids[(behavior.code, n)] = mod_id
                for value in mod.values:
                    self.draft.add_modifier_value(mod_id, value)

    def _report_keys(self) -> None:
        assigned = assign_keys(
            [(c, self.draft.preferred_keys.get(c)) for c in self.draft.codes]
        )
        for behavior in self.project.behaviors:
            key = behavior.key.strip()
            code = self.codes[("", behavior.code)]
            if key and assigned.get(code) != key:
                new = assigned.get(code)
                why = (
                    "is not a key Coder can bind (letters, digits, F1–F12, ; , . / ' [ ] - = `)"
                    if not KEY_PATTERN.match(key)
                    else "is taken by another code (Coder's keys ignore case)"
                )
                self.issues.append(
                    Issue(
                        "shortcut_key",
                        behavior.code,
                        f"key '{key}' {why}; the code has " + (f"key '{new}'" if new else "no key"),
                    )
                )

    def _add_subject(self, subject: str, groups: list[list[str]]) -> None:
        draft = self.draft
        prefix = f"{subject}_" if subject else ""
        partner = subject
        group_of = {code: n for n, group in enumerate(groups, 1) for code in group}
        for n in range(1, len(groups) + 1):
            draft.add_stream(
                make_id(f"{prefix}exclusive_{n}", draft.taken_ids()),
                label=f"{subject + ': ' if subject else ''}exclusive group {n}",
                exclusive=True,
                partner=partner,
            )
        stream_ids = list(draft.streams)[-len(groups) :] if groups else []
        free_stream = None
        if subject:
            free_stream = make_id(f"{prefix}codes", draft.taken_ids())
            draft.add_stream(free_stream, label=subject, partner=partner)
        for behavior in self.project.behaviors:
            known = self.project.coder_codes.get((subject, behavior.code))
            if known and make_id(known) == known and known not in draft.taken_ids():
                code_id = known  # Coder wrote this file: its own code id comes back
            else:
                reserved = set(self.project.coder_codes.values())
                code_id = make_id(f"{prefix}{behavior.code}", draft.taken_ids() | reserved)
            self.codes[(subject, behavior.code)] = code_id
            group = group_of.get(behavior.code)
            stream = stream_ids[group - 1] if group else free_stream
            draft.add_code(
                code_id,
                label=behavior.code,
                kind=behavior.kind,
                stream=stream or code_id,
                modifiers=[
                    self.modifier_ids[(behavior.code, n)]
                    for n in range(len(behavior.modifier_sets))
                ],
                key=None if subject else behavior.key.strip() or None,
                description=behavior.description,
            )

    def kinds(self) -> dict[str, str]:
        return {c["id"]: c["kind"] for c in self.draft.codes.values()}


def _media(project: BorisProject, obs: BorisObservation, issues: list[Issue]) -> list[MediaRef]:
    refs = []
    base = obs.player_offsets_s.get("1", 0.0)
    for player in sorted(obs.media, key=lambda p: (len(p), p)):
        files = obs.media[player]
        if len(files) > 1:
            issues.append(
                Issue(
                    "media_sequence",
                    f"{obs.name} player {player}",
                    f"{len(files)} files played one after another; only the first is used and "
                    "times after it refer to the joined media",
                )
            )
        name = files[0]
        candidates = [Path(name), project.path.parent / name, project.path.parent / Path(name).name]
        found = next((c for c in candidates if c.is_file()), candidates[1])
        offset = round((obs.player_offsets_s.get(player, 0.0) - base) * 1000)
        refs.append(MediaRef(found, offset))
        if player != "1" and offset:
            issues.append(
                Issue("camera_offset", f"{obs.name} player {player}", f"offset {offset} ms")
            )
    return refs


def plan_from_observation(mapping: BorisMapping, obs: BorisObservation, coder: str) -> ImportPlan:
    """The import plan of one observation, all events credited to ``coder``."""
    project = mapping.project
    plan = ImportPlan(
        source=project.path, draft=mapping.draft, kinds=mapping.kinds(), name=obs.name
    )
    plan.media = _media(project, obs, plan.issues)
    primary = (obs.media.get("1") or ("",))[0]
    if primary in obs.media_length_s and len(obs.media.get("1", ())) == 1:
        plan.duration_ms = round(obs.media_length_s[primary] * 1000)
    if obs.time_offset_s:
        plan.issues.append(
            Issue(
                "time_offset",
                obs.name,
                f"observation time offset {obs.time_offset_s} s removed from every time",
            )
        )
    events: list[Event] = []
    open_states: dict[tuple[str, str, str], tuple[int, dict[str, str], str]] = {}
    rows = sorted((e for e in obs.events if e.time_s is not None), key=lambda e: e.time_s or 0.0)
    for row in obs.events:
        if row.time_s is None:
            plan.issues.append(
                Issue("no_time", f"{obs.name} {row.code}", "row without a time left out")
            )
    for row in rows:
        behavior = project.behavior(row.code)
        where = f"{obs.name} {row.subject + ' ' if row.subject else ''}{row.code} at {row.time_s} s"
        if behavior is None:
            plan.issues.append(
                Issue("unknown_code", where, "behaviour not in the ethogram, left out")
            )
            continue
        ms = round(((row.time_s or 0.0) - obs.time_offset_s) * 1000)
        if ms < 0:
            plan.issues.append(Issue("negative_time", where, "before the media starts, left out"))
            continue
        code = mapping.codes[(row.subject, behavior.code)]
        modifiers = _modifiers(mapping, behavior, row.modifier, where, plan.issues)
        if behavior.kind == "point":
            events.append(Event.make(code, ms, modifiers=modifiers, comment=row.comment))
            continue
        key = (row.subject, behavior.code, row.modifier)  # BORIS pairs by modifiers too
        if key not in open_states:
            open_states[key] = (ms, modifiers, row.comment)
            continue
        start, start_modifiers, comment = open_states.pop(key)
        if ms <= start:
            plan.issues.append(Issue("zero_length", where, "state with no duration, left out"))
            continue
        comment = "; ".join(c for c in (comment, row.comment) if c)
        events.append(Event.make(code, start, ms, modifiers=start_modifiers, comment=comment))
    for (subject, code, modifier), (start, _, _) in open_states.items():
        with_modifier = f" [{modifier.strip()}]" if modifier.strip() else ""
        plan.issues.append(
            Issue(
                "unpaired_start",
                f"{obs.name} {subject + ' ' if subject else ''}{code}{with_modifier} at {start} ms",
                "START without STOP, left out",
            )
        )
    plan.events[coder] = events
    return plan


def _modifiers(
    mapping: BorisMapping, behavior: BorisBehavior, text: str, where: str, issues: list[Issue]
) -> dict[str, str]:
    sets = behavior.modifier_sets
    if not sets or not text.strip():
        return {}
    parts = text.split("|") if len(sets) > 1 else [text]
    if len(parts) != len(sets):
        issues.append(
            Issue("modifier", where, f"'{text}' does not match {len(sets)} modifier sets, left out")
        )
        return {}
    result = {}
    for n, (mod, value) in enumerate(zip(sets, parts, strict=True)):
        value = ",".join(v.strip() for v in value.split(",")) if mod.type == 1 else value.strip()
        if value and value != "None":
            mod_id = mapping.modifier_ids[(behavior.code, n)]
            result[mod_id] = value
            mapping.draft.add_modifier_value(mod_id, value)
    return result
