"""Changed context paths, what a COPY/ADD source takes of them, and where that lands.

The helpers behind `rebuild.predict_rebuild`. A changed path is a file, a folder
(everything below it changed) or a path absent from the context (deleted). Which
existing files a source takes is the model's matcher (`copy_sources.copy_match`, after
the .dockerignore); `source_covers` only answers for what the walk cannot list: a deleted
path, or a folder with no file below it (an empty directory counts as content too).

`Region` is what may differ in a stage's file system after a rebuild: the image paths
where changed files land, and whether a re-run RUN may have written anything anywhere.
"""

from __future__ import annotations

import os
import posixpath
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dlint_dockerfile._record import record
from dlint_dockerfile.model.context import BuildContext, CopyMatch
from dlint_dockerfile.model.dockerignore import DockerIgnore, go_clean, go_path_match

__all__ = [
    "ChangedPath",
    "Landing",
    "Region",
    "landings",
    "resolve_changed",
    "source_covers",
    "taken_by",
]

Kind = Literal["file", "dir", "missing"]


@record
class ChangedPath:
    """One changed path: context-relative and cleaned (``""`` is the context root)."""

    path: str
    kind: Kind
    #: The files below a folder (ignored ones too); ``[path]`` for a file.
    files: tuple[str, ...]
    #: The .dockerignore keeps all of it out of the context the builder receives.
    ignored: bool

    @property
    def shown(self) -> str:
        return self.path or "."


def _clean(raw: str | os.PathLike[str], root: Path) -> str:
    """``raw`` made context-relative and cleaned; ValueError when it leaves the context."""
    text = os.fspath(raw)
    if os.path.isabs(text):
        try:
            text = os.path.relpath(os.path.realpath(text), os.path.realpath(root))
        except ValueError:  # another drive (Windows)
            text = os.path.join(os.pardir, text)
    cleaned = go_clean(text.replace(os.sep, "/"))
    if cleaned == ".." or cleaned.startswith(("../", "/")):
        raise ValueError(
            f"changed path {os.fspath(raw)!r} is outside the build context {root}: "
            "give paths relative to the context root"
        )
    return "" if cleaned == "." else cleaned


def _below(files: Sequence[str], folder: str) -> tuple[str, ...]:
    """The paths of a sorted list strictly below ``folder`` ("" is the root)."""
    if not folder:
        return tuple(files)
    lo = bisect_left(files, folder + "/")
    hi = bisect_left(files, folder + "0")  # '0' sorts right after '/'
    return tuple(files[lo:hi])


def resolve_changed(
    context: BuildContext, changed: Iterable[str | os.PathLike[str]]
) -> list[ChangedPath]:
    """Clean ``changed`` (relative to the context root, or absolute inside it), drop
    duplicates, and say what each one is in the context."""
    all_files = context.all_files()
    known = set(all_files)
    ignore = context.ignore
    out: list[ChangedPath] = []
    seen: set[str] = set()
    for raw in changed:
        path = _clean(raw, context.root)
        if path in seen:
            continue
        seen.add(path)
        if path in known:
            out.append(ChangedPath(path, "file", (path,), context.is_ignored(path)))
        elif context.exists(path, include_ignored=True):
            files = _below(all_files, path)
            ignored = context.is_ignored(path) or (
                bool(files) and all(context.is_ignored(f) for f in files)
            )
            out.append(ChangedPath(path, "dir", files, ignored))
        else:
            excluded = ignore is not None and bool(path) and ignore.is_excluded(path)
            out.append(ChangedPath(path, "missing", (), excluded))
    return out


def _meet(pattern: Sequence[str], parts: Sequence[str], *, literal: bool) -> bool:
    """Whether a path named by ``pattern`` segments and ``parts`` could be one, or one
    below the other: their common leading segments match (Go's ``filepath.Match`` per
    segment, or plain equality for a ``literal`` pattern)."""
    for wanted, name in zip(pattern, parts, strict=False):
        if not (wanted == name if literal else go_path_match(wanted, name)):
            return False
    return True


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def source_covers(match: CopyMatch, path: str) -> bool:
    """Whether the source would take ``path`` (context-relative) if it were there, or
    takes something below it: for paths the context walk does not list."""
    return _meet(_parts(match.path), _parts(path), literal=not match.wildcard)


def taken_by(
    match: CopyMatch, changed: Sequence[ChangedPath], included: frozenset[str]
) -> list[tuple[str, bool]]:
    """The changed paths (``(path, is_file)``) a source sends to the builder;
    ``included`` is ``frozenset(match.included)``."""
    out: list[tuple[str, bool]] = []
    for item in changed:
        if item.ignored:
            continue
        if item.kind == "file":
            if item.path in included:
                out.append((item.path, True))
            continue
        taken = [f for f in item.files if f in included]
        if taken:
            out.extend((f, True) for f in taken)
        elif not item.files and source_covers(match, item.path):
            out.append((item.path, False))  # an empty folder, or a deleted path
    return out


def excluded_by_flags(match: CopyMatch, path: str, excludes: DockerIgnore | None) -> bool:
    """BuildKit's ``COPY --exclude``: patterns matched against the path relative to the
    source entry it was found under (a source's own path is never excluded)."""
    if excludes is None:
        return False
    entry = _entry_of(match, path)
    if path == entry:
        return False
    return excludes.is_excluded(path[len(entry) + 1 :] if entry else path)


def _entry_of(match: CopyMatch, path: str) -> str:
    """The entry a source matched that ``path`` is (or lies below): the source itself,
    or, for a wildcard, ``path`` cut to the pattern's depth."""
    if not match.wildcard:
        return match.path
    return "/".join(path.split("/")[: len(_parts(match.path))])


@record
class Landing:
    """An absolute path in the image a step wrote; ``below``: everything under it too."""

    path: str
    below: bool


def landings(
    match: CopyMatch,
    path: str,
    is_file: bool,
    dest: str,
    *,
    dest_is_dir: bool,
    parents: bool = False,
) -> list[Landing]:
    """Where a changed context path a source takes lands under ``dest`` (absolute).

    A folder source copies its contents into ``dest``; a file source lands at
    ``dest/<name>`` when ``dest`` is a folder (a final ``/``, several sources) and at
    ``dest`` otherwise, unless ``dest`` already is a folder in the image (unknown here:
    both are given). ``--parents`` keeps the context path below ``dest``.
    """
    if parents:
        return [Landing(posixpath.join(dest, path), not is_file)]
    entry = _entry_of(match, path)
    if path != entry:
        rest = path[len(entry) + 1 :] if entry else path
        return [Landing(posixpath.join(dest, rest), not is_file)]
    if not is_file:
        return [Landing(dest, True)]  # a folder source (or a deleted source): its contents
    named = Landing(posixpath.join(dest, posixpath.basename(path)), False)
    return [named] if dest_is_dir else [Landing(dest, False), named]


@dataclass
class Region:
    """What may differ in a stage's file system after its rebuild."""

    #: (landing, certain, why): paths where changed content landed.
    entries: list[tuple[Landing, bool, str]] = field(default_factory=list)
    #: Why anything anywhere may differ (a RUN re-ran), or None.
    anything: str | None = None

    def copy(self) -> Region:
        return Region(list(self.entries), self.anything)

    @property
    def empty(self) -> bool:
        return not self.entries and self.anything is None

    def add(self, found: Iterable[Landing], certain: bool, why: str) -> None:
        self.entries.extend((landing, certain, why) for landing in found)

    def touches(self, source: str) -> tuple[bool, str] | None:
        """Whether what a ``COPY --from`` source (absolute, wildcards allowed) copies may
        differ: ``(certain, why)``, or None when it cannot."""
        pattern = _parts(go_clean("/" + source))
        maybe: str | None = None
        for landing, certain, why in self.entries:
            parts = _parts(landing.path)
            if len(parts) < len(pattern) and not landing.below:
                continue  # a file cannot hold the source
            if _meet(pattern, parts, literal=False):
                if certain:
                    return True, why
                maybe = maybe or why
        if maybe is not None:
            return False, maybe
        if self.anything is not None:
            return False, self.anything
        return None
