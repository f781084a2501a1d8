"""What rebuilds when files of the build context change: `predict_rebuild`.

For each stage the build of the target runs, the first instruction whose layer cache the
change invalidates, every step after it, and why. The semantics are buildah's (1.28,
``bud --layers``), checked step by step against real builds by ``bench/rebuild.py``;
where BuildKit differs (from its source), ``builder="buildkit"`` follows BuildKit.

What buildah does (``imagebuildah/stage_executor.go``):

* A step is cached when an image exists whose parent is the current image and whose
  history ends with the same "created by" text. After the first miss in a stage every
  later step runs (every instruction is a step: ``ENV``, ``WORKDIR``, ``CMD``...; FROM
  is not).
* ``COPY``/``ADD`` from the context: the text holds a digest of the content copied, a
  tar stream with the times zeroed: a changed file the source takes reruns the step
  (content, a name, the mode, a new or deleted file or folder below a copied folder, a
  new match of a wildcard). ``touch`` does not; ``--chown``/``--chmod`` are in the text
  and do not change with the files. Files the .dockerignore keeps out are not copied,
  so they never count, nor does a file no source takes. ``ADD <url>`` digests what it
  downloads: a change of the context never reruns it.
* ``COPY --from=<stage>`` digests what it copies from that stage's final file system, so
  it reruns only if the copied files changed: a stage rebuilt elsewhere (another file,
  a RUN whose output came out the same) leaves it cached. The prediction knows where
  changed context files land in a stage; what a re-run RUN writes it cannot know, so a
  copy from a stage where a RUN re-ran is predicted rebuilt with ``certain=False``
  ("rebuilt if those files came out different"). It also assumes a RUN does not undo
  what a changed COPY wrote.
* ``FROM <stage>``: a rebuilt base stage is a new image, so every step reruns.
* ``RUN``: the text is the command as written (flags included) and the build arguments
  it sees; mounted content is not in it. So ``RUN --mount=type=bind`` of a changed
  context file, or ``--mount=from=<stage>`` of a rebuilt stage, stays cached (a note
  says so). BuildKit keys read-only bind mounts by content
  (``solver/llbsolver/ops/exec.go``, ``ContentBasedHash``): there they rerun.
* Stages the target does not need (through ``FROM``, ``COPY --from``, ``RUN
  --mount=from=``) are skipped; stages after ``--target`` are never built.
* ``ONBUILD``: with its default OCI image format buildah drops ONBUILD (a warning), so a
  stage's triggers never run; with ``--format docker`` the triggers of the base stage
  run first in the stage built ``FROM`` it (as steps; not in that stage's children).
  BuildKit runs the triggers of an earlier stage too (since the fix of November 2024,
  ``dockerfile2llb/convert.go``). ``onbuild`` chooses; its default follows ``builder``.
* BuildKit only: ``COPY --link`` does not depend on the steps before it, so it is not
  rerun by an earlier rebuilt step; ``COPY --exclude`` and ``--parents`` (which buildah
  1.28 rejects) are modelled from BuildKit's documentation and source, unverified.

Known limits (in ``notes``): a source whose variables have no known value, a source
through a symlinked folder, a context too large to list, a changed .dockerignore (the
files it newly lets in or keeps out count as changed: name them) or Dockerfile (its own
edits rebuild too: this predicts the context only), the ONBUILD triggers of a base image
from a registry. The .dockerignore is read with BuildKit's semantics; buildah's matcher
differs in rare pattern orders.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from dlint_dockerfile._record import record
from dlint_dockerfile.model.changed_paths import (
    ChangedPath,
    Landing,
    Region,
    excluded_by_flags,
    landings,
    resolve_changed,
    taken_by,
)
from dlint_dockerfile.model.context import BuildContext, CopyMatch
from dlint_dockerfile.model.copies import copy_args, dest_path, is_remote
from dlint_dockerfile.model.copy_sources import copy_match, holds_archive, listing
from dlint_dockerfile.model.dockerignore import DockerIgnore
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.model.model import DockerfileModel, Stage, parse_mount
from dlint_dockerfile.syntax import ErrorInstruction, Instruction

__all__ = [
    "Builder",
    "RebuildPrediction",
    "RebuiltStep",
    "StageRebuild",
    "needed_stages",
    "predict_rebuild",
    "stage_steps",
]

Builder = Literal["buildah", "buildkit"]
_BUILDERS: tuple[Builder, ...] = ("buildah", "buildkit")


@record
class RebuiltStep:
    """A step the change reruns."""

    stage: Stage
    instruction: Instruction
    #: Why this step is the first invalidated one ("" for the steps after it).
    reason: str
    #: False: the builder decides at build time, by comparing files a re-run RUN
    #: produced (``COPY --from`` a stage where a RUN re-ran): rerun if they differ.
    certain: bool = True


@record
class StageRebuild:
    """One stage of the build: its first invalidated step (None: fully cached) and the
    steps from there on, in order."""

    stage: Stage
    first: Instruction | None
    steps: list[RebuiltStep]


@record
class RebuildPrediction:
    """What the build of the target reruns after ``changed`` changed."""

    #: The changed paths, context-relative, cleaned ("." is the whole context).
    changed: list[str]
    #: Changed paths the .dockerignore keeps out (they never invalidate anything).
    ignored: list[str]
    #: The stages the build of the target runs, in file order.
    stages: list[StageRebuild]
    #: What the prediction could not decide, or where builders differ.
    notes: list[str]

    def steps(self) -> Iterator[RebuiltStep]:
        """Every rebuilt step, stage after stage."""
        for stage in self.stages:
            yield from stage.steps


def predict_rebuild(
    model: DockerfileModel,
    changed: Sequence[str | os.PathLike[str]],
    target: str | None = None,
    *,
    builder: Builder = "buildah",
    onbuild: bool | None = None,
) -> RebuildPrediction:
    """Predict the steps a rebuild of ``target`` (default: the last stage) reruns once
    the context paths ``changed`` (files or folders, relative to the context root)
    changed since the last build with the layer cache.

    ``onbuild``: whether an earlier stage's ONBUILD triggers run in the stages built
    from it (default: False for buildah, whose default OCI format drops them; True for
    BuildKit and ``buildah --format docker``). Raises ValueError when the model has no
    build context, a path leaves the context, or ``target`` names no stage.
    """
    context = model.context
    if context is None:
        raise ValueError(
            "predict_rebuild needs the build context: build the model with one "
            "(DockerfileModel(tree, path, BuildContext.for_dockerfile(path)))"
        )
    if builder not in _BUILDERS:
        raise ValueError(f"unknown builder {builder!r}: use one of {', '.join(_BUILDERS)}")
    runs_onbuild = builder == "buildkit" if onbuild is None else onbuild
    items = resolve_changed(context, changed)
    stages = needed_stages(model, target, onbuild=runs_onbuild)
    predictor = _Predictor(model, context, items, builder, runs_onbuild)
    rebuilds = [predictor.stage(stage) for stage in stages]
    return RebuildPrediction(
        changed=[item.shown for item in items],
        ignored=[item.shown for item in items if item.ignored],
        stages=rebuilds,
        notes=_context_notes(model, context, items) + predictor.notes,
    )


def needed_stages(
    model: DockerfileModel, target: str | None = None, *, onbuild: bool = False
) -> list[Stage]:
    """The stages a build of ``target`` (a stage name or index; default the last stage)
    runs, in file order: the target and the earlier stages it needs through ``FROM``,
    ``COPY --from`` and ``RUN --mount=from=`` (and, with ``onbuild``, through the
    ONBUILD triggers of its base stages)."""
    if not model.stages:
        return []
    chosen = model.stages[-1] if target is None else model.stage_named(target)
    if chosen is None:
        names = ", ".join(s.name or str(s.index) for s in model.stages)
        raise ValueError(f"no stage {target!r} in the Dockerfile (its stages: {names})")
    edges: dict[int, set[int]] = {s.index: set() for s in model.stages}
    for ref in model.references:
        owner = model.stage_of(ref.instruction)
        if owner is None or ref.stage is None or ref.stage.index >= owner.index:
            continue
        if ref.instruction.name != "ONBUILD":
            edges[owner.index].add(ref.stage.index)
        elif onbuild:  # the trigger runs in the stages built from its stage
            for child in model.stages:
                if child.parent is owner and ref.stage.index < child.index:
                    edges[child.index].add(ref.stage.index)
    seen: set[int] = set()
    todo = [chosen.index]
    while todo:
        index = todo.pop()
        if index not in seen:
            seen.add(index)
            todo.extend(edges[index])
    return [s for s in model.stages if s.index in seen]


def stage_steps(
    model: DockerfileModel, stage: Stage, *, onbuild: bool = False
) -> list[Instruction]:
    """The steps of a stage in the order the builder runs them: with ``onbuild``, the
    ONBUILD triggers of its base stage first, then its own instructions (not FROM)."""
    steps: list[Instruction] = []
    if onbuild and stage.parent is not None:
        for instruction in stage.parent.instructions:
            trigger = instruction.inner if instruction.name == "ONBUILD" else None
            if trigger is not None and not isinstance(trigger, ErrorInstruction):
                steps.append(trigger)
    steps.extend(i for i in stage.instructions if not isinstance(i, ErrorInstruction))
    return steps


# ---------------------------------------------------------------------- the predictor


@dataclass
class _Cause:
    """Why a step's own cache key changed, and what it then writes differently."""

    certain: bool
    reason: str
    landed: list[Landing] = field(default_factory=list)
    #: The step wrote somewhere unknown (its destination has no known value).
    anywhere: bool = False


@dataclass
class _Outcome:
    """A built stage: how surely it was rebuilt (None: cached) and what may differ."""

    level: bool | None
    region: Region


def _line(model: DockerfileModel, instruction: Instruction) -> int:
    """The line of the instruction's keyword (of the ONBUILD wrapping a trigger)."""
    return line_of(model, model.outer(instruction))


class _Predictor:
    def __init__(
        self,
        model: DockerfileModel,
        context: BuildContext,
        items: list[ChangedPath],
        builder: Builder,
        onbuild: bool,
    ) -> None:
        self.model = model
        self.context = context
        self.live = [item for item in items if not item.ignored]
        self.builder = builder
        self.onbuild = onbuild
        self.outcomes: dict[int, _Outcome] = {}
        self.notes: list[str] = []
        self._included: dict[str, frozenset[str]] = {}

    # -- stages

    def stage(self, stage: Stage) -> StageRebuild:
        base = self.outcomes.get(stage.parent.index) if stage.parent is not None else None
        region = base.region.copy() if base is not None else Region()
        level = base.level if base is not None else None
        pending = ""
        if level is not None and stage.parent is not None:
            pending = f"its base stage {_stage_name(stage.parent)} was rebuilt"
            if not level:
                pending += " (if the files it depends on came out different)"
        if (
            stage.parent is not None
            and not self.onbuild
            and self.builder == "buildah"
            and any(i.name == "ONBUILD" for i in stage.parent.instructions)
        ):
            self.notes.append(
                f"stage {_stage_name(stage.parent)} has ONBUILD triggers: buildah's "
                "default OCI format drops them (they run with --format docker: "
                "predict with onbuild=True)"
            )
        steps: list[RebuiltStep] = []
        for step in stage_steps(self.model, stage, onbuild=self.onbuild):
            cause = self._cause(stage, step)
            if cause is not None and (level is None or (cause.certain and not level)):
                steps.append(RebuiltStep(stage, step, self._reason(step, cause), cause.certain))
                level = cause.certain
            elif level is not None:
                if self.builder == "buildkit" and step.flag("link") is not None:
                    continue  # COPY --link does not depend on the steps before it
                steps.append(RebuiltStep(stage, step, pending, level))
            else:
                continue
            pending = ""
            if cause is not None:
                why = f"{step.name} at line {_line(self.model, step)}"
                region.add(cause.landed, cause.certain, why)
                if cause.anywhere and region.anything is None:
                    region.anything = f"{why} wrote to a destination dlint cannot resolve"
            if step.name == "RUN" and region.anything is None:
                region.anything = f"RUN at line {_line(self.model, step)} re-ran"
        self.outcomes[stage.index] = _Outcome(level, region)
        return StageRebuild(stage, steps[0].instruction if steps else None, steps)

    def _reason(self, step: Instruction, cause: _Cause) -> str:
        if self.model.is_trigger(step):
            owner = self.model.stage_of(step)
            return f"ONBUILD trigger of stage {_stage_name(owner)}: {cause.reason}"
        return cause.reason

    # -- one step

    def _cause(self, stage: Stage, step: Instruction) -> _Cause | None:
        if step.name in ("COPY", "ADD"):
            flag = step.flag("from")
            if flag is not None:
                return self._copy_from(stage, step, flag.argument or "")
            return self._copy_context(step)
        if step.name == "RUN":
            return self._run_mounts(stage, step)
        return None

    def _included_of(self, match: CopyMatch) -> frozenset[str]:
        found = self._included.get(match.source)
        if found is None:
            found = self._included[match.source] = frozenset(match.included)
        return found

    def _copy_context(self, step: Instruction) -> _Cause | None:
        if not self.live:
            return None
        model, context = self.model, self.context
        args = copy_args(model, step)
        dest = dest_path(model, step)
        dest_is_dir = len(args.sources) > 1 or (
            args.dest is not None and (args.dest.text or "").endswith("/")
        )
        parents = step.flag("parents") is not None and self.builder == "buildkit"
        excludes = _excludes(step)
        taken: list[str] = []
        landed: list[Landing] = []
        unknown: list[str] = []
        symlinked: list[str] = []
        for source in args.sources:
            if source.heredoc:
                continue
            if source.text is None:
                unknown.append(source.raw)
                continue
            if is_remote(source.text):
                continue
            match = copy_match(context, source.text)
            if match.through_symlink:
                symlinked.append(source.text)
                continue
            archive = step.name == "ADD" and holds_archive(context, match)
            for path, is_file in taken_by(match, self.live, self._included_of(match)):
                if excluded_by_flags(match, path, excludes):
                    continue
                taken.append(path)
                if dest is None:
                    continue
                if archive:
                    landed.append(Landing(dest, True))
                else:
                    landed.extend(
                        landings(
                            match, path, is_file, dest, dest_is_dir=dest_is_dir, parents=parents
                        )
                    )
        where = f"line {_line(model, step)}"
        if taken:
            noun = "file" if len(taken) == 1 else "files"
            reason = f"{step.name} takes the changed {noun} {listing(sorted(set(taken)))}"
            return _Cause(True, reason, landed, anywhere=dest is None)
        if unknown:
            self.notes.append(
                f"{where}: {step.name} source {unknown[0]} has a variable without a known "
                "value: predicted rebuilt if it takes a changed file"
            )
            return _Cause(False, f"{step.name} source {unknown[0]} may take a changed file")
        if symlinked:
            self.notes.append(
                f"{where}: {step.name} source {symlinked[0]} goes through a symlinked folder, "
                "which dlint does not follow"
            )
            return _Cause(False, f"{step.name} source {symlinked[0]} may take a changed file")
        return None

    def _copy_from(self, stage: Stage, step: Instruction, name: str) -> _Cause | None:
        source_stage = None if "$" in name else self.model.stage_named(name)
        if source_stage is None or source_stage.index >= stage.index:
            return None  # an image: the context does not reach it
        outcome = self.outcomes.get(source_stage.index)
        if outcome is None or outcome.region.empty:
            return None
        args = copy_args(self.model, step)
        dest = dest_path(self.model, step)
        shown = _stage_name(source_stage)
        for source in args.sources:
            if source.text is None:
                found: tuple[bool, str] | None = (False, "its source has no known value")
            else:
                found = outcome.region.touches(source.text)
            if found is None:
                continue
            certain, why = found
            what = source.text or source.raw
            if certain:
                reason = f"COPY --from={shown}: {what} changed in stage {shown} ({why})"
            else:
                reason = (
                    f"COPY --from={shown}: {what} may have changed in stage {shown} ({why}); "
                    "rebuilt if the files it copies came out different"
                )
            landed = [Landing(dest, True)] if dest is not None else []
            return _Cause(certain, reason, landed, anywhere=dest is None)
        return None

    def _run_mounts(self, stage: Stage, step: Instruction) -> _Cause | None:
        """RUN's bind mounts: BuildKit keys them by content, buildah does not (a note)."""
        for flag in step.flags:
            if flag.name != "mount" or flag.argument is None:
                continue
            fields = parse_mount(flag.argument)
            if fields.get("type", "bind") != "bind":
                continue
            source = fields.get("source") or fields.get("src") or ""
            origin = fields.get("from")
            found = self._mount_change(stage, origin, source)
            if found is None:
                continue
            certain, what = found
            if self.builder == "buildkit":
                return _Cause(certain, f"RUN --mount=type=bind {what}")
            self.notes.append(
                f"line {_line(self.model, step)}: RUN --mount=type=bind {what}, but buildah "
                "keys a RUN by its text: it stays cached (BuildKit reruns it)"
            )
        return None

    def _mount_change(
        self, stage: Stage, origin: str | None, source: str
    ) -> tuple[bool, str] | None:
        if origin:
            mounted = self.model.stage_named(origin) if not origin.isdigit() else None
            if mounted is None or mounted.index >= stage.index:
                return None
            outcome = self.outcomes.get(mounted.index)
            found = outcome.region.touches(source or "/") if outcome is not None else None
            if found is None:
                return None
            shown = f"{source or '/'} of stage {_stage_name(mounted)}"
            return found[0], f"mounts {shown}, which may differ ({found[1]})"
        if not self.live:
            return None
        match = copy_match(self.context, source or ".")
        taken = [p for p, _ in taken_by(match, self.live, self._included_of(match))]
        if not taken:
            return None
        return True, f"mounts the changed {listing(sorted(taken))} from the context"


def _excludes(step: Instruction) -> DockerIgnore | None:
    patterns = [f.argument for f in step.flags if f.name == "exclude" and f.argument]
    return DockerIgnore.from_text("\n".join(patterns)) if patterns else None


def _stage_name(stage: Stage | None) -> str:
    if stage is None:
        return "?"
    return stage.name or str(stage.index)


def _context_notes(
    model: DockerfileModel, context: BuildContext, items: list[ChangedPath]
) -> list[str]:
    notes: list[str] = []
    if context.truncated:
        notes.append(
            f"the context walk stopped after {context.max_entries} entries: "
            "files past that are not seen"
        )
    ignore_file = _relative(context, context.ignore_path)
    dockerfile = _relative(context, model.path)
    for item in items:
        if item.path and item.path == ignore_file:
            notes.append(
                f"{item.path} changed: files it newly lets in or keeps out changed too "
                "(list them to see what they rebuild)"
            )
        elif item.path and item.path == dockerfile:
            notes.append(
                f"{item.path} changed: instructions that differ from the last build rerun "
                "too (this predicts the context's changes only)"
            )
        elif item.kind == "missing" and not item.ignored:
            notes.append(f"{item.shown} is not in the context: taken as deleted")
    return notes


def _relative(context: BuildContext, path: os.PathLike[str] | None) -> str | None:
    if path is None:
        return None
    try:
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(context.root))
    except ValueError:
        return None
    return None if rel.startswith(os.pardir) else rel.replace(os.sep, "/")
