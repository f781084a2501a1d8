"""The build context: its directory, its .dockerignore, and what a COPY/ADD source takes.

The context is walked once, lazily, without following symlinks (a symlink is a leaf entry,
as BuildKit sends it). Which entries reach the builder is decided by `DockerIgnore.walk`,
BuildKit's own context walk. COPY/ADD sources are resolved as BuildKit's file backend does:
the source is joined to ``/`` (so ``./x``, ``/x`` and even ``../x`` name ``x`` at the context
root), path segments up to the first one with a wildcard name a base directory, and the
rest is matched with Go's ``filepath.Match`` (``*``, ``?``, ``[...]``, ``\\`` escapes; ``**``
is just ``*``) against every path below that base. A matched directory brings everything
below it.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from dlint_dockerfile._record import record
from dlint_dockerfile.model.dockerignore import (
    DockerIgnore,
    DockerIgnoreReadError,
    go_clean,
    go_path_match,
)

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "BuildContext",
    "ContextIssue",
    "ContextWalk",
    "CopyMatch",
    "content_digest",
    "is_dockerfile_name",
    "walk_context",
]

#: Walk at most this many entries (files and directories) of a context by default.
DEFAULT_MAX_ENTRIES = 200_000


@record
class ContextIssue:
    """A problem with the context or its ignore file; positions are 1-based when known."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@record
class CopyMatch:
    """What one COPY/ADD source takes from the context.

    ``path`` is the cleaned context-relative source (``""`` is the root). ``included`` are
    the files the builder receives and copies, ``excluded`` the files the source names but
    the .dockerignore keeps out (both sorted). ``matched_nothing``: nothing in the context,
    ignored or not, matches. ``missing``: BuildKit fails with "not found" (a source without
    wildcards that is absent from the context it receives; a wildcard that matches nothing
    is allowed). ``outside``: the source climbs out of the context with ``..`` (BuildKit
    clamps it to the root, the classic builder refuses it). ``through_symlink``: the source
    goes through a symlinked directory, which dlint does not follow; the lists are empty.
    """

    source: str
    path: str
    wildcard: bool
    outside: bool
    included: list[str]
    excluded: list[str]
    matched_nothing: bool
    missing: bool
    through_symlink: bool = False


@dataclass(slots=True)
class _Tree:
    kinds: dict[str, bool]  # relpath -> is_dir, every entry
    paths: list[str]  # every entry, sorted
    files: list[str]  # every non-directory entry, sorted
    sent: set[str]  # entries whose own verdict is "send"
    present: set[str]  # entries that exist in the context the builder receives
    included_files: list[str]
    links: frozenset[str]  # symlink entries
    children: dict[str, list[str]]  # directory ("" is the root) -> its entries
    truncated: bool
    issues: list[ContextIssue]
    present_sorted: list[str] | None = None  # `present`, sorted when first asked


def is_dockerfile_name(name: str) -> bool:
    """Whether a file name is one dlint looks for in directories (a Dockerfile's)."""
    if name.endswith(".dockerignore"):
        return False
    return (
        name in ("Dockerfile", "Containerfile")
        or name.startswith(("Dockerfile.", "Containerfile."))
        or name.endswith((".Dockerfile", ".dockerfile"))
    )


def _contains_wildcards(name: str) -> bool:
    """fsutil's ``containsWildcards``: an unescaped ``*``, ``?`` or ``[``."""
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == "\\":
            i += 1
        elif ch in "*?[":
            return True
        i += 1
    return False


def _below(sorted_paths: list[str], directory: str) -> list[str]:
    """The paths strictly below ``directory`` ("" is the root) in a sorted list."""
    if not directory:
        return sorted_paths
    lo = bisect_left(sorted_paths, directory + "/")
    hi = bisect_left(sorted_paths, directory + "0")  # '0' sorts right after '/'
    return sorted_paths[lo:hi]


@record
class ContextWalk:
    """Every entry of a context directory: ``(relpath, is_dir)`` in walk order (names
    sorted in each directory), the symlink entries, and whether ``max_entries`` cut it."""

    entries: list[tuple[str, bool]]
    links: frozenset[str]
    truncated: bool
    issues: list[ContextIssue]

    def fingerprint(self) -> str:
        """A digest of the listing: equal digests mean the same entries of the same kinds."""
        from hashlib import blake2b

        digest = blake2b(digest_size=16)
        for path, is_dir in self.entries:
            kind = "d" if is_dir else "l" if path in self.links else "f"
            digest.update(f"{kind}{path}\0".encode("utf-8", "surrogateescape"))
        digest.update(b"+" if self.truncated else b"-")
        return digest.hexdigest()


def content_digest(data: bytes) -> str:
    """The digest `BuildContext.reads` records for what a read returned."""
    from hashlib import blake2b

    return blake2b(data, digest_size=16).hexdigest()


def walk_context(root: Path, max_entries: int | None = DEFAULT_MAX_ENTRIES) -> ContextWalk:
    """List a context directory depth-first without following symlinks."""
    issues: list[ContextIssue] = []
    entries: list[tuple[str, bool]] = []
    links: set[str] = set()
    truncated = False

    def listing(directory: str) -> list[os.DirEntry[str]] | None:
        try:
            with os.scandir(directory) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            issues.append(ContextIssue(Path(directory), f"cannot list directory: {reason}"))
            return None

    top: list[os.DirEntry[str]] | None = None
    if root.is_dir():
        top = listing(str(root))
    else:
        issues.append(ContextIssue(root, "the build context is not a directory"))
    stack: list[tuple[str, Iterator[os.DirEntry[str]]]] = [("", iter(top or []))]
    while stack:
        rel_dir, it = stack[-1]
        entry = next(it, None)
        if entry is None:
            stack.pop()
            continue
        rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_link = not is_dir and entry.is_symlink()
        except OSError:
            is_dir = is_link = False
        entries.append((rel, is_dir))
        if is_link:
            links.add(rel)
        if max_entries is not None and len(entries) >= max_entries:
            truncated = True
            issues.append(ContextIssue(root, f"context walk stopped after {max_entries} entries"))
            break
        if is_dir:
            sub = listing(entry.path)
            if sub:
                stack.append((rel, iter(sub)))
    return ContextWalk(entries, frozenset(links), truncated, issues)


class BuildContext:
    """A build context directory and the .dockerignore that filters it."""

    def __init__(
        self,
        root: Path,
        ignore: DockerIgnore | None = None,
        ignore_path: Path | None = None,
        *,
        max_entries: int | None = DEFAULT_MAX_ENTRIES,
        issues: Iterable[ContextIssue] = (),
        searched: Iterable[Path] = (),
    ) -> None:
        self.root = Path(root)
        #: The ignore-file paths looked at to choose ``ignore_path`` (`for_dockerfile`).
        self.searched = tuple(searched)
        self.ignore = ignore
        if ignore_path is None and ignore is not None:
            ignore_path = ignore.path
        self.ignore_path = ignore_path
        self.max_entries = max_entries
        self._own_issues = list(issues)  # the context's, not its ignore patterns'
        self._issues = list(issues)
        if ignore is not None:
            where = self.ignore_path or Path(".dockerignore")
            self._issues.extend(
                ContextIssue(where, e.message, e.line, e.column, e.end_column)
                for e in ignore.errors
            )
        self._tree: _Tree | None = None
        self._walk: ContextWalk | None = None
        self._basenames: set[str] | None = None
        self._reads: dict[tuple[str, int], str | None] = {}

    def __repr__(self) -> str:
        return f"BuildContext(root={self.root!r}, ignore_path={self.ignore_path!r})"

    @staticmethod
    def ignore_candidates(dockerfile_path: Path, context_dir: Path | None = None) -> list[Path]:
        """Where BuildKit looks for the ignore file, in order: ``<Dockerfile name>.dockerignore``
        beside the Dockerfile, then ``.dockerignore`` at the context root."""
        dockerfile_path = Path(dockerfile_path)
        root = Path(context_dir) if context_dir is not None else dockerfile_path.parent
        return [
            dockerfile_path.with_name(dockerfile_path.name + ".dockerignore"),
            root / ".dockerignore",
        ]

    @staticmethod
    def ignore_file_for(dockerfile_path: Path, context_dir: Path | None = None) -> Path | None:
        """BuildKit's choice: the first `ignore_candidates` path that exists; None if none."""
        for candidate in BuildContext.ignore_candidates(dockerfile_path, context_dir):
            if os.path.lexists(candidate):
                return candidate
        return None

    @classmethod
    def for_dockerfile(
        cls,
        dockerfile_path: Path,
        context_dir: Path | None = None,
        *,
        max_entries: int | None = DEFAULT_MAX_ENTRIES,
    ) -> BuildContext:
        """The context of a Dockerfile: ``context_dir`` or the Dockerfile's folder.

        An unreadable ignore file becomes a `ContextIssue` (Docker fails the build) and the
        context is then modelled without it; this never raises for bad files.
        """
        dockerfile_path = Path(dockerfile_path)
        root = Path(context_dir) if context_dir is not None else dockerfile_path.parent
        searched = cls.ignore_candidates(dockerfile_path, root)
        ignore_path = next((c for c in searched if os.path.lexists(c)), None)
        ignore: DockerIgnore | None = None
        issues: list[ContextIssue] = []
        if ignore_path is not None:
            try:
                ignore = DockerIgnore.from_file(ignore_path)
            except DockerIgnoreReadError as exc:
                issues.append(
                    ContextIssue(
                        ignore_path,
                        f"cannot read the ignore file: {exc.reason}; Docker fails the build",
                    )
                )
        return cls(
            root, ignore, ignore_path, max_entries=max_entries, issues=issues, searched=searched
        )

    def overlaid(self, files: Mapping[str, str]) -> BuildContext:
        """This context as it will be once ``files`` (absolute path → text) are written: the
        ignore file BuildKit then reads (a new one beside the Dockerfile or at the root
        counts), and new files added to the listing, which is not walked again."""
        files = {os.path.abspath(name): text for name, text in files.items()}
        searched = self.searched or ((self.ignore_path,) if self.ignore_path else ())
        chosen = next(
            (c for c in searched if os.path.abspath(c) in files or os.path.lexists(c)), None
        )
        ignore = self.ignore
        if chosen is not None and os.path.abspath(chosen) in files:
            ignore = DockerIgnore.from_text(files[os.path.abspath(chosen)], chosen)
        elif chosen != self.ignore_path:  # pragma: no cover - the files changed meanwhile
            ignore = None
        made = BuildContext(
            self.root,
            ignore,
            chosen,
            max_entries=self.max_entries,
            issues=self._own_issues,
            searched=self.searched,
        )
        walk = self._walk or walk_context(self.root, self.max_entries)
        self._walk = walk
        known = {path for path, _ in walk.entries}
        added = []
        root = os.path.abspath(self.root)
        for name in files:
            try:
                relative = Path(name).relative_to(root).as_posix()
            except ValueError:
                continue  # beside a Dockerfile outside its context
            if relative not in known:
                added.append((relative, False))
        made._walk = ContextWalk([*walk.entries, *added], walk.links, walk.truncated, walk.issues)
        return made

    # ------------------------------------------------------------------ the walk

    def _scan(self) -> _Tree:
        if self._tree is not None:
            return self._tree
        walk = self._walk = self._walk or walk_context(self.root, self.max_entries)
        entries, links, truncated = walk.entries, walk.links, walk.truncated
        issues = list(walk.issues)
        kinds = dict(entries)
        children: dict[str, list[str]] = {}
        for path, _ in entries:
            children.setdefault(path[: max(path.rfind("/"), 0)], []).append(path)
        sent = set(self.ignore.walk(entries)) if self.ignore is not None else set(kinds)
        parents: set[str] = set()  # directories created to hold what is sent
        for path in sent:
            cut = path.rfind("/")
            while cut > 0 and path[:cut] not in parents:
                parents.add(path[:cut])
                cut = path.rfind("/", 0, cut)
        present = sent | parents
        files = sorted(p for p, d in entries if not d)
        self._tree = _Tree(
            kinds=kinds,
            paths=sorted(kinds),
            files=files,
            sent=sent,
            present=present,
            included_files=[f for f in files if f in sent],
            links=links,
            children=children,
            truncated=truncated,
            issues=issues,
        )
        return self._tree

    # ------------------------------------------------------------------ what was read

    @property
    def walk(self) -> ContextWalk | None:
        """The directory listing, if a query needed it (None: the context was not listed)."""
        return self._walk

    def read(self, relpath: str, limit: int = -1) -> bytes | None:
        """The first ``limit`` bytes (-1: all) of a file below the root; None if it cannot
        be read. Rules read context files only through this, so `reads` is complete."""
        try:
            with open(os.path.join(self.root, relpath), "rb") as stream:
                data = stream.read(limit)
        except OSError:
            data = None
        self._reads[(relpath, limit)] = None if data is None else content_digest(data)
        return data

    @property
    def reads(self) -> dict[tuple[str, int], str | None]:
        """Every `read`: ``(relpath, limit)`` → digest of the bytes (None: unreadable)."""
        return dict(self._reads)

    # ------------------------------------------------------------------ queries

    @property
    def issues(self) -> list[ContextIssue]:
        """Ignore-file problems, plus walk problems once the context has been listed."""
        walked = self._tree.issues if self._tree is not None else []
        return [*self._issues, *walked]

    @property
    def truncated(self) -> bool:
        """The walk hit ``max_entries``: the file lists are incomplete."""
        return self._scan().truncated

    def all_files(self) -> list[str]:
        """Every non-directory entry of the context, sorted, ignored ones included."""
        return list(self._scan().files)

    def included_files(self) -> list[str]:
        """The files the builder receives (after the .dockerignore), sorted."""
        return list(self._scan().included_files)

    def included_entries(self) -> list[str]:
        """The files and folders the builder receives (after the .dockerignore), sorted."""
        tree = self._scan()
        if tree.present_sorted is None:
            tree.present_sorted = sorted(tree.present)
        return list(tree.present_sorted)

    def excluded_files(self) -> list[str]:
        """The files the .dockerignore keeps out, sorted."""
        tree = self._scan()
        return [f for f in tree.files if f not in tree.sent]

    @staticmethod
    def _rel(relpath: str) -> str:
        path = go_clean(relpath).lstrip("/")
        return "" if path == "." else path

    def exists(self, relpath: str, *, include_ignored: bool = False) -> bool:
        """Does ``relpath`` exist in the context the builder receives (or on disk at all)."""
        path = self._rel(relpath)
        if not path:
            return True
        tree = self._scan()
        return path in tree.kinds if include_ignored else path in tree.present

    def is_ignored(self, relpath: str) -> bool:
        """``relpath`` exists in the context directory but the .dockerignore keeps it out."""
        path = self._rel(relpath)
        tree = self._scan()
        return bool(path) and path in tree.kinds and path not in tree.present

    def has_file(self, name: str, *, anywhere: bool = False) -> bool:
        """Is ``name`` (a context-relative path) an included file; with ``anywhere``, is
        there an included file with that base name at any depth."""
        tree = self._scan()
        if not anywhere:
            path = self._rel(name)
            return path in tree.sent and not tree.kinds.get(path, True)
        if self._basenames is None:
            self._basenames = {f.rsplit("/", 1)[-1] for f in tree.included_files}
        return name in self._basenames

    def copy_sources(self, src: str) -> CopyMatch:
        """Resolve one COPY/ADD source, as written, against the context."""
        tree = self._scan()
        relative = go_clean(src)
        outside = not src.startswith("/") and (relative == ".." or relative.startswith("../"))
        absolute = go_clean("/" + src)
        path = absolute[1:]
        parts = path.split("/") if path else []
        first_wild = next((i for i, p in enumerate(parts) if _contains_wildcards(p)), None)
        wildcard = first_wild is not None

        base = "/".join(parts[:first_wild]) if first_wild is not None else path
        symlinked = self._symlink_prefix(base, tree, include_self=wildcard)
        if symlinked:
            return CopyMatch(src, path, wildcard, outside, [], [], False, False, True)

        matched: list[str] = []
        if first_wild is None:
            if not path or path in tree.kinds:
                matched.append(path)
        elif not base or tree.kinds.get(base, False):
            matched = self._wildcard_matches(tree, base, "/".join(parts[first_wild:]))

        files: set[str] = set()
        for m in matched:
            if not m or tree.kinds[m]:
                files.update(_below(tree.files, m))
            else:
                files.add(m)
        ordered = sorted(files)
        included = [f for f in ordered if f in tree.sent]
        excluded = [f for f in ordered if f not in tree.sent]
        missing = not wildcard and bool(path) and path not in tree.present
        return CopyMatch(src, path, wildcard, outside, included, excluded, not matched, missing)

    @staticmethod
    def _symlink_prefix(path: str, tree: _Tree, *, include_self: bool) -> bool:
        """Does ``path`` lead through a symlink entry (its last component only counts with
        ``include_self``: a symlink as the source itself is copied by following it)."""
        if not path or not tree.links:
            return False
        parts = path.split("/")
        stop = len(parts) if include_self else len(parts) - 1
        return any("/".join(parts[:i]) in tree.links for i in range(1, stop + 1))

    @staticmethod
    def _wildcard_matches(tree: _Tree, base: str, pattern: str) -> list[str]:
        """fsutil's ``resolveWildcards``: entries below ``base`` whose path relative to it
        matches ``pattern``; a matched directory is not descended."""
        if "[" not in pattern and "\\" not in pattern:
            # '*' and '?' never match '/': match one level at a time.
            level = [base]
            for seg in pattern.split("/"):
                level = [
                    child
                    for parent in level
                    for child in tree.children.get(parent, ())
                    if go_path_match(seg, child[child.rfind("/") + 1 :])
                ]
            return sorted(level)
        skip = len(base) + 1 if base else 0
        matched_dirs: set[str] = set()
        out: list[str] = []
        for entry in _below(tree.paths, base):
            if matched_dirs and any(
                entry[:i] in matched_dirs for i in range(len(entry)) if entry[i] == "/"
            ):
                continue
            if go_path_match(pattern, entry[skip:]):
                out.append(entry)
                if tree.kinds[entry]:
                    matched_dirs.add(entry)
        return out
