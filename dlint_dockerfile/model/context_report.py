"""What a build context sends to the builder, and where it goes (``dlint context``).

`build_report` answers, for a `DockerfileModel` with its `BuildContext`:

- how much is sent (after the .dockerignore), how much is kept out, and what the folder
  holds in all;
- the biggest folders sent, each with its biggest sub-folders;
- what each .dockerignore pattern keeps out. A path counts for the pattern that decides
  it as Docker decides it (`DockerIgnore.matching_pattern`: the first pattern matching it
  or a parent after the last ``!`` pattern that brought it back); below a folder from
  which nothing is sent (the walk skips it whole), for the pattern that decides the folder;
- what extra patterns (dlint's .dockerignore fix proposes them, in commented groups) would
  keep out, group by group, appended after the file's own patterns (a file two groups
  would keep out counts for the first);
- what each COPY/ADD source and each ``RUN --mount=type=bind`` of the context takes (after
  the .dockerignore and ``--exclude``), and the sources that read no context at all;
- the files sent that nothing takes, summarised by folder.

Sizes: the context walk (`walk_context`) lists names only, so the linter never pays for
sizes; the report `os.lstat`s each file once (a symlink counts as its own size: it is sent
as a link).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from dlint_dockerfile._record import record
from dlint_dockerfile.model.copies import copy_args, is_remote
from dlint_dockerfile.model.copy_sources import copy_match, without_excludes
from dlint_dockerfile.model.dockerignore import DockerIgnore, IgnorePattern
from dlint_dockerfile.model.mounts import context_binds

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from dlint_dockerfile.model.context import BuildContext, ContextIssue, CopyMatch
    from dlint_dockerfile.model.model import DockerfileModel, Stage
    from dlint_dockerfile.syntax import Instruction, Node

__all__ = [
    "ORIGINS",
    "Amount",
    "ContextReport",
    "FolderSize",
    "PatternEffect",
    "Proposal",
    "ProposalEffect",
    "Rest",
    "SourceUse",
    "UnusedFolder",
    "build_report",
]

#: Where a source's files come from: the build context, or (the others) not from it.
ORIGINS = ("context", "from", "url", "heredoc", "unknown", "onbuild")
#: Folders shown by default: the biggest top-level ones, with their biggest sub-folders.
TOP_FOLDERS = 10
TOP_SUBFOLDERS = 3
#: Groups of unused files shown by default.
TOP_UNUSED = 10


@record
class Amount:
    """A number of files and their size in bytes."""

    files: int = 0
    bytes: int = 0


@record
class Rest:
    """What a bounded list leaves out: how many entries, their files and bytes."""

    entries: int = 0
    files: int = 0
    bytes: int = 0


@record
class FolderSize:
    """A folder (context-relative, without a final ``/``) and what is sent from below it."""

    path: str
    files: int
    bytes: int
    subfolders: tuple[FolderSize, ...] = ()


@record
class PatternEffect:
    """One .dockerignore pattern: the files it decides (kept out; for a ``!`` pattern,
    brought back) and their size. Zero files: it changes nothing."""

    pattern: str
    line: int
    column: int
    exception: bool
    files: int
    bytes: int


@record
class ProposalEffect:
    """One group of proposed patterns: what it would keep out that is sent now, and how
    many of those files a COPY/ADD or bind mount takes (the build would miss them)."""

    comment: str
    patterns: tuple[str, ...]
    files: int
    bytes: int
    used_files: int


@record
class SourceUse:
    """One COPY/ADD source, or one bind mount of the context by a RUN.

    ``origin`` is one of `ORIGINS`: ``context`` (``files``/``bytes`` are what it takes,
    after the .dockerignore and ``--exclude``; ``ignored`` the files it names that the
    .dockerignore keeps out), ``from`` (``--from``: another stage or an image), ``url``,
    ``heredoc``, ``unknown`` (a variable without a value, a Windows path: not resolved)
    or ``onbuild`` (a trigger: it runs in a later build, with that build's context).
    ``note`` says more (a problem with a context source, the ``--from`` value...).
    ``listed`` is False when dlint cannot tell what a source takes (an ``unknown`` one,
    or a path through a symlinked folder, which dlint does not follow).
    """

    instruction: str
    stage: str
    stage_built: bool
    line: int
    column: int
    source: str
    resolved: str | None
    origin: str
    files: int = 0
    bytes: int = 0
    ignored: int = 0
    note: str | None = None
    listed: bool = True


@record
class UnusedFolder:
    """Files sent that nothing takes: with ``whole``, every file sent from below
    ``path``; else the unused files directly in ``path`` ("" is the context root)."""

    path: str
    whole: bool
    files: int
    bytes: int


@record
class ContextReport:
    """Everything `build_report` found; see the module docstring."""

    dockerfile: Path | None
    root: Path
    ignore_path: Path | None
    #: False when the ignore file exists but cannot be read (the report goes on without it).
    ignore_readable: bool
    #: False when the walk stopped at the context's ``max_entries``.
    complete: bool
    issues: tuple[ContextIssue, ...]
    sent: Amount
    excluded: Amount
    total: Amount
    folders: tuple[FolderSize, ...]
    other_folders: Rest
    root_files: Amount
    patterns: tuple[PatternEffect, ...]
    proposal: tuple[ProposalEffect, ...]
    #: Everything the proposal would keep out (the groups' sum, and files decided otherwise).
    proposal_total: Amount
    #: Patterns the fix does not propose, each with why (a COPY needs what it excludes...).
    withheld: tuple[tuple[str, str], ...]
    sources: tuple[SourceUse, ...]
    unused: Amount
    unused_folders: tuple[UnusedFolder, ...]
    other_unused: Rest
    #: False when a source could not be resolved: the unused files may be used after all.
    unused_exact: bool


#: Patterns to add to the ignore file: ``(group comment, patterns)``, in order.
Proposal = Sequence[tuple[str, Sequence[str]]]


def build_report(
    model: DockerfileModel,
    proposal: Proposal = (),
    *,
    withheld: Sequence[tuple[str, str]] = (),
    top_folders: int = TOP_FOLDERS,
    top_subfolders: int = TOP_SUBFOLDERS,
    top_unused: int = TOP_UNUSED,
) -> ContextReport:
    """The report of ``model``'s build context (it must have one).

    ``proposal``: ``(group comment, patterns)`` to append to the .dockerignore, in order;
    raises ValueError for a pattern Docker would reject. ``withheld``: ``(pattern, why)``
    for what the fix chose not to propose, shown as it is.
    """
    context = model.context
    if context is None:
        raise ValueError("the model has no build context")
    groups = _compile_proposal(proposal)
    all_files = context.all_files()
    sent_files = context.included_files()
    walk = context.walk
    assert walk is not None  # listed by the queries above
    sizes = _sizes(str(context.root), all_files)
    sent_set = set(sent_files)
    excluded_files = [f for f in all_files if f not in sent_set]

    sources, used, exact = _sources(model, context, sizes)
    folders, other_folders, root_files = _folders(
        sent_files, sizes, top_folders, top_subfolders
    )
    unused_groups, other_unused, unused = _unused(
        [f for f in sent_files if f not in used], used, sizes, top_unused
    )
    ignore = context.ignore
    patterns: tuple[PatternEffect, ...] = ()
    if ignore is not None:
        patterns = _pattern_effects(ignore, sent_files, excluded_files, sizes)
    effects, proposal_total = _proposal_effects(
        ignore, groups, walk.entries, sent_files, used, sizes
    )
    sent, excluded = _amount(sent_files, sizes), _amount(excluded_files, sizes)
    return ContextReport(
        dockerfile=model.path,
        root=context.root,
        ignore_path=context.ignore_path,
        ignore_readable=ignore is not None or context.ignore_path is None,
        complete=not context.truncated,
        issues=tuple(context.issues),
        sent=sent,
        excluded=excluded,
        total=Amount(sent.files + excluded.files, sent.bytes + excluded.bytes),
        folders=folders,
        other_folders=other_folders,
        root_files=root_files,
        patterns=patterns,
        proposal=effects,
        proposal_total=proposal_total,
        withheld=tuple(withheld),
        sources=tuple(sources),
        unused=unused,
        unused_folders=unused_groups,
        other_unused=other_unused,
        unused_exact=exact,
    )


# ------------------------------------------------------------------------ sizes


def _sizes(root: str, files: list[str]) -> dict[str, int]:
    """Each file's own size (``lstat``: a symlink is not followed); 0 if it vanished."""
    lstat = os.lstat
    base = root.rstrip(os.sep) or os.sep  # the paths are relative: no join needed
    try:
        return {path: lstat(f"{base}/{path}").st_size for path in files}
    except OSError:  # a file went away since the walk: again, one by one
        pass
    sizes: dict[str, int] = {}
    for path in files:
        try:
            sizes[path] = lstat(f"{base}/{path}").st_size
        except OSError:
            sizes[path] = 0
    return sizes


def _amount(files: Sequence[str], sizes: dict[str, int]) -> Amount:
    return Amount(len(files), sum(map(sizes.__getitem__, files)))


def _ancestors(files: Iterable[str]) -> set[str]:
    """Every folder that holds one of ``files``, at any depth."""
    found: set[str] = set()
    for path in files:
        cut = path.rfind("/")
        while cut > 0:
            folder = path[:cut]
            if folder in found:
                break
            found.add(folder)
            cut = path.rfind("/", 0, cut)
    return found


# ---------------------------------------------------------------------- folders


def _folders(
    sent: list[str], sizes: dict[str, int], top: int, sub: int
) -> tuple[tuple[FolderSize, ...], Rest, Amount]:
    """The ``top`` biggest top-level folders sent with their ``sub`` biggest sub-folders,
    what the other folders hold, and the files at the root."""
    tops: dict[str, list[int]] = {}
    subs: dict[str, dict[str, list[int]]] = {}
    root = [0, 0]
    for path in sent:
        size = sizes[path]
        first = path.find("/")
        if first < 0:
            root[0] += 1
            root[1] += size
            continue
        tally = tops.setdefault(path[:first], [0, 0])
        tally[0] += 1
        tally[1] += size
        second = path.find("/", first + 1)
        if second > 0:
            inner = subs.setdefault(path[:first], {}).setdefault(path[:second], [0, 0])
            inner[0] += 1
            inner[1] += size
    ranked = _biggest(tops)
    shown = tuple(
        FolderSize(
            name,
            files,
            size,
            tuple(FolderSize(p, f, s) for p, f, s in _biggest(subs.get(name, {}))[:sub]),
        )
        for name, files, size in ranked[:top]
    )
    return shown, _rest(ranked[top:]), Amount(root[0], root[1])


def _biggest(tallies: dict[str, list[int]]) -> list[tuple[str, int, int]]:
    """``(path, files, bytes)``, biggest first (then by path)."""
    rows = [(path, files, size) for path, (files, size) in tallies.items()]
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows


def _rest(rows: Sequence[tuple[str, int, int]]) -> Rest:
    return Rest(len(rows), sum(r[1] for r in rows), sum(r[2] for r in rows))


# ------------------------------------------------------------- ignore patterns


def _deciders(
    ignore: DockerIgnore, excluded: list[str], present: set[str]
) -> Iterator[tuple[IgnorePattern | None, list[str]]]:
    """The excluded files (sorted) in runs kept out by one pattern (None: none can be
    named, where Docker's walk and its per-path test disagree): the files below a folder
    that is not ``present`` in what is sent (its own pattern decides), or one file."""
    folders: dict[str, IgnorePattern | None] = {}
    i, count = 0, len(excluded)
    while i < count:
        path = excluded[i]
        decider: IgnorePattern | None = None
        cut = path.find("/")
        while cut > 0:
            folder = path[:cut]
            if folder not in present:
                if folder in folders:
                    decider = folders[folder]
                else:
                    decider = folders[folder] = _excluder(ignore, folder)
                break
            cut = path.find("/", cut + 1)
        if decider is not None:
            end = bisect_left(excluded, path[:cut] + "0", i)  # '0' sorts right after '/'
            yield decider, excluded[i:end]
            i = end
            continue
        yield _excluder(ignore, path), [path]
        i += 1


def _excluder(ignore: DockerIgnore, path: str) -> IgnorePattern | None:
    """The pattern that keeps ``path`` out (None: no pattern excludes it)."""
    decider = ignore.matching_pattern(path)
    return decider if decider is not None and not decider.exclusion else None


def _pattern_effects(
    ignore: DockerIgnore, sent: list[str], excluded: list[str], sizes: dict[str, int]
) -> tuple[PatternEffect, ...]:
    """What each pattern decides: files kept out, or (``!``) brought back."""
    tallies = {id(p): [0, 0] for p in ignore.patterns}
    for decider, paths in _deciders(ignore, excluded, _ancestors(sent)):
        if decider is not None:
            tally = tallies[id(decider)]
            tally[0] += len(paths)
            tally[1] += sum(map(sizes.__getitem__, paths))
    for pattern in ignore.patterns:
        if pattern.exclusion:
            tally = tallies[id(pattern)]
            for path in _with_prefix(sent, _literal_prefix(pattern.pattern)):
                if pattern.matches_or_parent(path) and ignore.matching_pattern(path) is pattern:
                    tally[0] += 1
                    tally[1] += sizes[path]
    return tuple(
        PatternEffect(
            p.text, p.line, p.column, p.exclusion, tallies[id(p)][0], tallies[id(p)][1]
        )
        for p in ignore.patterns
    )


_WILDCARDS = frozenset("*?[\\")


def _literal_prefix(pattern: str) -> str:
    """The start of ``pattern`` before its first wildcard: every path it matches (or whose
    parent it matches) starts with it."""
    for i, ch in enumerate(pattern):
        if ch in _WILDCARDS:
            return pattern[:i]
    return pattern


def _with_prefix(paths: list[str], prefix: str) -> Iterator[str]:
    """The paths of a sorted list that start with ``prefix``."""
    i = bisect_left(paths, prefix)
    while i < len(paths) and paths[i].startswith(prefix):
        yield paths[i]
        i += 1


# ------------------------------------------------------------------ the proposal


def _compile_proposal(proposal: Proposal) -> list[tuple[str, tuple[IgnorePattern, ...]]]:
    """Each group's patterns, read as lines of a .dockerignore are."""
    groups = []
    for comment, lines in proposal:
        parsed = DockerIgnore.from_text("\n".join(lines))
        if parsed.errors:
            error = parsed.errors[0]
            line = lines[error.line - 1]
            raise ValueError(f"proposed .dockerignore pattern {line!r}: {error.message}")
        groups.append((comment, parsed.patterns))
    return groups


def _proposal_effects(
    ignore: DockerIgnore | None,
    groups: list[tuple[str, tuple[IgnorePattern, ...]]],
    entries: list[tuple[str, bool]],
    sent: list[str],
    used: set[str],
    sizes: dict[str, int],
) -> tuple[tuple[ProposalEffect, ...], Amount]:
    """What the groups, appended to ``ignore``, would keep out of what is sent now."""
    if not groups:
        return (), Amount()
    own = ignore.patterns if ignore is not None else ()
    added = [p for _, patterns in groups for p in patterns]
    combined = DockerIgnore([*own, *added])
    still = set(combined.walk(entries))
    dropped = [f for f in sent if f not in still]
    group_of = {id(p): i for i, (_, patterns) in enumerate(groups) for p in patterns}
    tallies = [[0, 0, 0] for _ in groups]
    present = _ancestors(p for p in sent if p in still)
    for decider, paths in _deciders(combined, dropped, present):
        index = group_of.get(id(decider)) if decider is not None else None
        if index is None:
            continue  # decided by the file's own patterns: an order effect of appending
        tally = tallies[index]
        tally[0] += len(paths)
        tally[1] += sum(map(sizes.__getitem__, paths))
        tally[2] += len(used.intersection(paths))
    effects = tuple(
        ProposalEffect(comment, tuple(p.text for p in patterns), *tally)
        for (comment, patterns), tally in zip(groups, tallies, strict=True)
    )
    return effects, _amount(dropped, sizes)


# ---------------------------------------------------------------------- sources


def _sources(
    model: DockerfileModel, context: BuildContext, sizes: dict[str, int]
) -> tuple[list[SourceUse], set[str], bool]:
    """Every COPY/ADD source and context bind mount in file order, the files they take,
    and whether every one of them could be resolved."""
    uses: list[SourceUse] = []
    used: set[str] = set()
    exact = True
    built = model.used_stages
    for stage in model.stages:
        for instruction in stage.instructions:
            target = instruction
            onbuild = instruction.name == "ONBUILD"
            if onbuild:
                if instruction.inner is None:
                    continue
                target = instruction.inner
            where = _Where(model, stage, stage.index in built, target.name)
            if target.name in ("COPY", "ADD"):
                found = _copy_uses(model, context, target, where, onbuild, sizes)
            elif target.name == "RUN" and not onbuild:
                found = _bind_uses(model, context, target, where, sizes)
            else:
                continue
            for use, files in found:
                uses.append(use)
                used.update(files)
                exact = exact and use.listed
    return uses, used, exact


class _Where:
    """The stage and instruction a source belongs to, to make its `SourceUse`."""

    def __init__(self, model: DockerfileModel, stage: Stage, built: bool, name: str) -> None:
        self.model = model
        self.stage = stage.name or str(stage.index)
        self.built = built
        self.name = name

    def use(
        self,
        node: Node,
        source: str,
        resolved: str | None,
        origin: str,
        note: str | None = None,
        taken: Amount | None = None,
        ignored: int = 0,
    ) -> SourceUse:
        start = self.model.range(node).start
        taken = taken or Amount()
        listed = origin != "unknown" and note != _THROUGH_SYMLINK
        return SourceUse(
            self.name,
            self.stage,
            self.built,
            start.line,
            start.column,
            source,
            resolved,
            origin,
            taken.files,
            taken.bytes,
            ignored,
            note,
            listed,
        )


_NO_VALUE = "a variable without a value"


def _value(model: DockerfileModel, text: str, instruction: Instruction) -> str | None:
    """``text`` expanded as BuildKit does; None when a declared ARG without a value (one
    a ``--build-arg`` may set) is in it. A variable never declared is empty: BuildKit
    takes no ``--build-arg`` for it."""
    expansion = model.expand(text, instruction)
    if expansion.unresolved or expansion.error is not None:
        return None
    return expansion.text
_THROUGH_SYMLINK = "through a symlinked folder, which dlint does not follow"


def _copy_uses(
    model: DockerfileModel,
    context: BuildContext,
    instruction: Instruction,
    where: _Where,
    onbuild: bool,
    sizes: dict[str, int],
) -> Iterator[tuple[SourceUse, list[str]]]:
    args = copy_args(model, instruction)
    from_flag = instruction.flag("from")
    for source in args.sources:
        raw = source.raw
        text = source.text if source.heredoc else _value(model, raw, instruction)
        if onbuild:
            yield where.use(source.node, raw, text, "onbuild"), []
        elif args.from_flag:
            note = f"--from={from_flag.argument}" if from_flag is not None else None
            yield where.use(source.node, raw, text, "from", note), []
        elif source.heredoc:
            yield where.use(source.node, raw, None, "heredoc"), []
        elif text is None:
            yield where.use(source.node, raw, None, "unknown", _NO_VALUE), []
        elif is_remote(text):
            yield where.use(source.node, raw, text, "url"), []
        elif "\\" in text:
            note = "a Windows path: not resolved"
            yield where.use(source.node, raw, text, "unknown", note), []
        else:
            match = copy_match(context, text)
            files = without_excludes(instruction, match)
            yield _context_use(where, source.node, raw, text, match, files, sizes), files


def _bind_uses(
    model: DockerfileModel,
    context: BuildContext,
    instruction: Instruction,
    where: _Where,
    sizes: dict[str, int],
) -> Iterator[tuple[SourceUse, list[str]]]:
    for flag, raw in context_binds(instruction):
        value = _value(model, raw, instruction)
        if value is None:
            yield where.use(flag, raw, None, "unknown", _NO_VALUE), []
            continue
        text = value or "."
        match = copy_match(context, text)
        use = _context_use(where, flag, raw or ".", text, match, match.included, sizes)
        yield use, match.included




def _context_use(
    where: _Where,
    node: Node,
    raw: str,
    text: str,
    match: CopyMatch,
    files: list[str],
    sizes: dict[str, int],
) -> SourceUse:
    note = None
    if match.through_symlink:
        note = _THROUGH_SYMLINK
    elif match.missing and match.excluded:
        note = "kept out by the ignore file: the build fails"
    elif match.missing:
        note = "not found in the context: the build fails"
    elif match.matched_nothing:
        note = "matches nothing"
    elif not match.included and match.excluded:
        note = "every file it names is excluded by the ignore file"
    elif match.included and not files:
        note = "--exclude leaves out every file it names"
    elif match.outside:
        note = "climbs out of the context (BuildKit reads it from the root)"
    return where.use(
        node, raw, text, "context", note, _amount(files, sizes), len(match.excluded)
    )


# ------------------------------------------------------------------ unused files


def _unused(
    unused: list[str], used: set[str], sizes: dict[str, int], top: int
) -> tuple[tuple[UnusedFolder, ...], Rest, Amount]:
    """The files sent that nothing takes, grouped by the outermost folder nothing is
    taken from (else by the folder holding them), biggest groups first."""
    taken = _ancestors(used)
    groups: dict[tuple[str, bool], list[int]] = {}
    for path in unused:
        key: tuple[str, bool] | None = None
        cut = path.find("/")
        while cut > 0:
            folder = path[:cut]
            if folder not in taken:
                key = (folder, True)
                break
            cut = path.find("/", cut + 1)
        if key is None:
            key = (path[: max(path.rfind("/"), 0)], False)
        tally = groups.get(key)
        if tally is None:
            tally = groups[key] = [0, 0]
        tally[0] += 1
        tally[1] += sizes[path]
    rows = sorted(groups.items(), key=lambda item: (-item[1][1], item[0]))
    shown = tuple(
        UnusedFolder(path, whole, files, size) for (path, whole), (files, size) in rows[:top]
    )
    rest = [(path, files, size) for (path, _), (files, size) in rows[top:]]
    return shown, _rest(rest), _amount(unused, sizes)
