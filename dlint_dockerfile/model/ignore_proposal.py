"""What a .dockerignore should add: entries read off the build context, kept only where no
COPY/ADD needs what they exclude.

`listing_candidates` reads the context's listing for what never belongs in an image:
version control, the dependency and virtual-env folders and the build output the image
makes itself, caches, editor and OS files, logs, secrets. `propose` checks each pattern
with the context's own matcher (`DockerIgnore` semantics: last match wins, ``!`` lines
re-include) against the files the builder receives now. A pattern is withheld when it
would exclude what a COPY/ADD of any stage (ONBUILD triggers too) or a ``RUN
--mount=type=bind`` from the context names: the source itself or a folder above it, or an
entry a wildcard source matches; or a file an existing ``!`` line re-includes. The other
Dockerfiles of the folder that read the same ignore file count as well (``Dockerfile``
and ``Dockerfile.dev`` beside one ``.dockerignore``). Excluding
files below a folder a COPY takes is the point of the file, not a need. The proposal
says whether any COPY/ADD took a file it excludes (what ships changes) or none did.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from dlint_dockerfile._record import record
from dlint_dockerfile.model.context import is_dockerfile_name
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.copy_sources import (
    broad_files,
    copy_match,
    iter_local_sources,
    secret_kind,
    stage_facts,
    unwanted_items,
    without_excludes,
)
from dlint_dockerfile.model.dockerignore import IgnorePattern
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.model.mounts import context_binds

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.copy_sources import StageFacts
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import Instruction

__all__ = [
    "GROUPS",
    "Candidate",
    "IgnoreProposal",
    "Withheld",
    "candidates_for_items",
    "ignore_file_target",
    "listing_candidates",
    "propose",
    "secret_candidates",
]

#: The groups of entries, in the order they are written, with the comment above each.
GROUPS = {
    "vcs": "version control",
    "dependencies": "dependencies the image installs itself",
    "virtualenvs": "Python virtual environments",
    "caches": "caches",
    "build-output": "build output the image builds itself",
    "editor": "editor and OS files",
    "logs": "logs",
    "secrets": "secrets: pass them to the build with RUN --mount=type=secret",
}

_ORDER = {group: i for i, group in enumerate(GROUPS)}
#: Groups whose entries are unwanted only because of what a stage does (installs its
#: dependencies, builds its output, runs no git): another stage may want them.
_FACT_GROUPS = frozenset({"vcs", "dependencies", "build-output"})
#: `unwanted_items` reasons -> group.
_REASON_GROUPS = {
    "git metadata": "vcs",
    "installed in the image": "dependencies",
    "Python virtualenv": "virtualenvs",
    "Python bytecode cache": "caches",
    "build output, the image builds it": "build-output",
}
_VCS_NAMES = frozenset({".git", ".hg", ".svn", ".bzr"})
#: Folders that are caches wherever they are (written as ``**/name``).
_CACHE_FOLDERS = frozenset(
    {
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        ".parcel-cache",
        ".sass-cache",
        ".nyc_output",
        "htmlcov",
    }
)
_CACHE_FILES = frozenset({".eslintcache", ".coverage"})
_EDITOR_FOLDERS = frozenset({".idea", ".vscode"})
_EDITOR_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
#: Folders of third-party code: what they hold is not the project's to judge.
_THIRD_PARTY = frozenset(
    {"node_modules", "vendor", "site-packages", "dist-packages", ".venv", "venv"}
)


@record
class Candidate:
    """A pattern to add, in a group of `GROUPS`."""

    group: str
    pattern: str


@record
class Withheld:
    """A candidate pattern that is not added, and why."""

    pattern: str
    reason: str


@record
class IgnoreProposal:
    """The ignore file with the patterns added: its path, its text before (None: it is
    created) and after, the groups added (comment, patterns), the patterns withheld, the
    files no longer sent, and whether a COPY/ADD took any of them."""

    path: Path
    original: str | None
    text: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    withheld: tuple[Withheld, ...]
    excluded: tuple[str, ...]
    changes_image: bool

    @property
    def patterns(self) -> list[str]:
        return [p for _, patterns in self.groups for p in patterns]


# ------------------------------------------------------------------ candidates


def candidates_for_items(items: Iterable[tuple[str, str]]) -> list[Candidate]:
    """Candidates for `unwanted_items` results (``(folder/, reason)``)."""
    found = []
    for path, reason in items:
        group = _REASON_GROUPS.get(reason)
        if group is not None:
            found.append(Candidate(group, _folder_pattern(path.rstrip("/"))))
    return found


def secret_candidates(paths: Iterable[str]) -> list[Candidate]:
    """Candidates for files holding secrets: each file by its exact path."""
    return [Candidate("secrets", _literal(path)) for path in paths]


def listing_candidates(model: DockerfileModel, context: BuildContext) -> list[Candidate]:
    """Everything the context sends that should not ship, read off its listing, plus what
    the broad COPY/ADDs of each stage send that the stage makes itself."""
    found: list[Candidate] = []
    for _, sent, facts in _broad_copies(model, context):
        found.extend(candidates_for_items(unwanted_items(context, sent, facts)))
    facts_of: dict[int, StageFacts] = {}
    runs_git = any(stage_facts(model, s, facts_of).runs_git for s in model.stages)
    found.extend(_listed(context, runs_git))
    return found


def _broad_copies(
    model: DockerfileModel, context: BuildContext
) -> Iterator[tuple[Instruction, list[str], StageFacts]]:
    """Each COPY/ADD source of a stage that sends files it does not name (a folder, a
    wildcard, the root): its instruction, the files it sends, and its stage's facts."""
    facts: dict[int, StageFacts] = {}
    for stage in model.stages:
        stage_fact = stage_facts(model, stage, facts)
        for instruction in stage.instructions:
            if instruction.name not in ("COPY", "ADD"):
                continue  # an ONBUILD trigger is not among a stage's instructions
            for source in iter_local_sources(copy_args(model, instruction)):
                sent = broad_files(context, instruction, source)
                if sent:
                    yield instruction, sent, stage_fact


_LISTED: WeakKeyDictionary[BuildContext, dict[bool, list[Candidate]]] = WeakKeyDictionary()
_EXCLUDES: WeakKeyDictionary[BuildContext, dict[str, tuple[set[str], list[str]]]] = (
    WeakKeyDictionary()
)


def _listed(context: BuildContext, runs_git: bool) -> list[Candidate]:
    """The candidates read off the listing alone (once per context: the fix check of
    another rule lints rewritten texts with the same context)."""
    memo = _LISTED.setdefault(context, {})
    if runs_git not in memo:
        memo[runs_git] = [
            candidate
            for path in context.included_files()
            if (candidate := _listing_candidate(context, path, runs_git)) is not None
        ]
    return memo[runs_git]


def _excludes(context: BuildContext, pattern: IgnorePattern) -> tuple[set[str], list[str]]:
    """The sent entries ``pattern`` matches, and the sent files it would keep out."""
    memo = _EXCLUDES.setdefault(context, {})
    known = memo.get(pattern.text)
    if known is None:
        matched = {e for e in context.included_entries() if pattern.matches(e)}
        known = memo[pattern.text] = (matched, _below_any(context.included_files(), matched))
    return known


def _listing_candidate(context: BuildContext, path: str, runs_git: bool) -> Candidate | None:
    parts = path.split("/")
    for depth, name in enumerate(parts[:-1]):
        if name in _THIRD_PARTY:
            return None
        if name in _VCS_NAMES:
            return None if runs_git else Candidate("vcs", _literal("/".join(parts[: depth + 1])))
        if name in _CACHE_FOLDERS:
            return Candidate("caches", f"**/{_literal(name)}")
        if name in _EDITOR_FOLDERS:
            return Candidate("editor", f"**/{_literal(name)}")
    name = parts[-1]
    if name in _VCS_NAMES:  # a submodule's .git file
        return None if runs_git else Candidate("vcs", _literal(path))
    if name in _CACHE_FILES:
        return Candidate("caches", f"**/{_literal(name)}")
    if name.endswith((".pyc", ".pyo")):
        return Candidate("caches", f"**/*{name[name.rfind('.') :]}")
    if name in _EDITOR_FILES:
        return Candidate("editor", f"**/{_literal(name)}")
    if name.endswith((".swp", ".swo")):
        return Candidate("editor", f"**/*{name[-4:]}")
    if name.endswith("~") and len(name) > 1:
        return Candidate("editor", "**/*~")
    if name.endswith(".log"):
        return Candidate("logs", "**/*.log")
    if secret_kind(context, path) is not None:
        return Candidate("secrets", _literal(path))
    return None


def _folder_pattern(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return f"**/{_literal(name)}" if name in _CACHE_FOLDERS else _literal(path)


def _literal(path: str) -> str:
    """A pattern matching exactly ``path`` (its wildcard characters escaped)."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in path)


# ------------------------------------------------------------------ the check


def ignore_file_target(model: DockerfileModel, context: BuildContext) -> Path:
    """The ignore file a fix writes: the one BuildKit reads; when there is none, the
    context's ``.dockerignore``, or ``<Dockerfile>.dockerignore`` beside a Dockerfile that
    shares its folder with other Dockerfiles (a root file would filter their contexts too)."""
    if context.ignore_path is not None:
        return context.ignore_path
    root_file = context.root / ".dockerignore"
    path = model.path
    if path is None:
        return root_file
    try:
        siblings = [n for n in os.listdir(path.parent) if n != path.name and is_dockerfile_name(n)]
    except OSError:
        siblings = []
    if siblings or not is_dockerfile_name(path.name):
        return path.with_name(path.name + ".dockerignore")
    return root_file


def propose(
    model: DockerfileModel, context: BuildContext, candidates: Sequence[Candidate]
) -> IgnoreProposal | None:
    """The ignore file with the candidates that exclude something and that nothing needs
    (no groups when every one is withheld); None when no candidate excludes anything."""
    if context.truncated:
        return None  # the listing is incomplete: what a pattern excludes is unknown
    files = context.included_files()
    path = ignore_file_target(model, context)
    models = [model, *_sharing(model, context, path)]
    needs = [need for m in models for need in _needs(m, context)]
    reincluded = _reincluded(context, files)
    wanted: dict[str, str] | None = None  # computed when a candidate needs it
    accepted: dict[str, list[str]] = {}
    withheld: list[Withheld] = []
    excluded: set[str] = set()
    seen: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: _ORDER[c.group]):
        if candidate.pattern in seen:
            continue
        seen.add(candidate.pattern)
        try:
            pattern = IgnorePattern.compile(candidate.pattern)
        except ValueError:  # pragma: no cover - candidates are escaped literals and globs
            continue
        matched, newly = _excludes(context, pattern)
        if not newly:
            continue
        reason = _needed(needs, matched) or _reincluding(reincluded, newly)
        if reason is None and candidate.group in _FACT_GROUPS:
            if wanted is None:
                wanted = _wanted(models, context)
            reason = _used(wanted, newly)
        if reason is not None:
            withheld.append(Withheld(candidate.pattern, reason))
            continue
        accepted.setdefault(candidate.group, []).append(candidate.pattern)
        excluded.update(newly)
    if not accepted and not withheld:
        return None
    order = sorted(accepted, key=_ORDER.__getitem__)
    groups = tuple((GROUPS[g], tuple(accepted[g])) for g in order)
    original = context.ignore.text if context.ignore is not None else None
    if original is None and os.path.lexists(path):
        return None  # pragma: no cover - an unreadable ignore file: Docker fails anyway
    text = _extended(original, groups) if groups else original or ""
    taken = set().union(*(_taken(m, context) for m in models))
    changes_image = not excluded.isdisjoint(taken)
    return IgnoreProposal(
        path, original, text, groups, tuple(withheld), tuple(sorted(excluded)), changes_image
    )


def _sharing(
    model: DockerfileModel, context: BuildContext, ignore_file: Path
) -> Iterator[DockerfileModel]:
    """The other Dockerfiles beside ``model``'s that read ``ignore_file`` too (it is the
    context's ``.dockerignore`` and they have no ignore file of their own)."""
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import parse

    path = model.path
    if path is None or ignore_file.name != ".dockerignore":
        return
    folder = path.parent
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        other = folder / name
        if name == path.name or not is_dockerfile_name(name) or not other.is_file():
            continue
        if os.path.lexists(folder / f"{name}.dockerignore"):
            continue
        try:
            text = other.read_bytes().decode("utf-8", "surrogateescape")
        except OSError:
            continue
        yield DockerfileModel(parse(text), other, context)


def _extended(original: str | None, groups: Sequence[tuple[str, Sequence[str]]]) -> str:
    """``original`` with the groups appended (a blank line before each), in its line
    endings; a new file when ``original`` is None."""
    newline = "\r\n" if original and "\r\n" in original else "\n"
    blocks = [newline.join([f"# {comment}", *patterns]) + newline for comment, patterns in groups]
    if not original or not original.strip():
        return (original or "") + newline.join(blocks)
    head = original if original.endswith("\n") else original + newline
    blank = "" if head.endswith(("\n\n", "\n\r\n")) else newline
    return head + blank + newline.join(blocks)


def _below_any(files: list[str], matched: set[str]) -> list[str]:
    """The files (sorted) that are in ``matched`` or below an entry of it."""
    out: set[str] = set()
    for entry in matched:
        lo = bisect_left(files, entry)
        if lo < len(files) and files[lo] == entry:
            out.add(entry)
        lo = bisect_left(files, entry + "/")
        hi = bisect_left(files, entry + "0")  # '0' sorts right after '/'
        out.update(files[lo:hi])
    return sorted(out)


def _ancestors(path: str) -> Iterator[str]:
    """``path`` and every folder above it: ``a/b/c`` → ``a/b/c``, ``a/b``, ``a``."""
    while path:
        yield path
        cut = path.rfind("/")
        path = path[:cut] if cut > 0 else ""


def _needed(needs: list[tuple[str, str]], matched: set[str]) -> str | None:
    for entry, where in needs:
        if any(a in matched for a in _ancestors(entry)):
            return f"{where} needs '{entry}'"
    return None


def _wanted(models: Sequence[DockerfileModel], context: BuildContext) -> dict[str, str]:
    """Files a broad COPY/ADD (a folder, a wildcard, the root) of some stage sends and wants:
    all it sends but what `unwanted_items` finds unwanted for that stage → where."""
    wanted: dict[str, str] = {}
    for model in models:
        for instruction, sent, facts in _broad_copies(model, context):
            items = unwanted_items(context, sent, facts)
            dropped = set(_below_any(sent, {p.rstrip("/") for p, _ in items}))
            where = _where(model, instruction)
            for path in sent:
                if path not in dropped:
                    wanted.setdefault(path, where)
    return wanted


def _used(wanted: dict[str, str], newly: list[str]) -> str | None:
    for path in newly:
        where = wanted.get(path)
        if where is not None:
            return f"{where} uses '{path}'"
    return None


def _reincluding(reincluded: dict[str, IgnorePattern], newly: list[str]) -> str | None:
    for path in newly:
        pattern = reincluded.get(path)
        if pattern is not None:
            return f"'{path}' is re-included by '{pattern.text}' (line {pattern.line})"
    return None


def _reincluded(context: BuildContext, files: list[str]) -> dict[str, IgnorePattern]:
    """Sent files that a ``!`` line of the ignore file re-includes, with that line."""
    ignore = context.ignore
    if ignore is None or not any(p.exclusion for p in ignore.patterns):
        return {}
    found = {}
    for path in files:
        decider = ignore.matching_pattern(path)
        if decider is not None and decider.exclusion:
            found[path] = decider
    return found


def _local_instructions(model: DockerfileModel) -> Iterator[Instruction]:
    """Every instruction that reads the context: COPY/ADD and RUN, ONBUILD triggers too."""
    for instruction in model.instructions:
        inner = instruction.inner if instruction.name == "ONBUILD" else None
        yield inner if inner is not None else instruction


def _needs(model: DockerfileModel, context: BuildContext) -> Iterator[tuple[str, str]]:
    """``(entry, where)``: each context entry a COPY/ADD source or a bind mount names."""
    for instruction in _local_instructions(model):
        where = _where(model, instruction)
        if instruction.name in ("COPY", "ADD"):
            for source in iter_local_sources(copy_args(model, instruction)):
                match = copy_match(context, source.text_or_raw)
                if match.wildcard:
                    depth = match.path.count("/") + 1
                    for entry in {"/".join(f.split("/")[:depth]) for f in match.included}:
                        yield entry, where
                elif match.path:
                    yield match.path, where
        elif instruction.name == "RUN":
            for path in _bind_sources(instruction):
                if path != ".":
                    yield path, where


def _where(model: DockerfileModel, instruction: Instruction) -> str:
    """``COPY at Dockerfile:12``: the instruction, its file and the line of its keyword
    (of the ONBUILD wrapping a trigger), not of the comments above it."""
    name = model.path.name if model.path is not None else "the Dockerfile"
    return f"{instruction.name} at {name}:{line_of(model, model.outer(instruction))}"


def _bind_sources(instruction: Instruction) -> Iterator[str]:
    """The context paths a RUN's bind mounts of the context mount (``.``: the root)."""
    for _, source in context_binds(instruction):
        if "$" not in source:
            yield os.path.normpath(source.strip("/") or ".")


def _taken(model: DockerfileModel, context: BuildContext) -> set[str]:
    """Every file a COPY/ADD source or a bind mount takes from the context."""
    taken: set[str] = set()
    files = context.included_files()
    for instruction in _local_instructions(model):
        if instruction.name in ("COPY", "ADD"):
            for source in iter_local_sources(copy_args(model, instruction)):
                taken.update(without_excludes(instruction, copy_match(context, source.text_or_raw)))
        elif instruction.name == "RUN":
            for path in _bind_sources(instruction):
                taken.update(files if path == "." else _below_any(files, {path}))
    return taken
