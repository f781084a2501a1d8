"""Finding the Dockerfiles to lint, and reading them.

Paths given on the command line are linted whatever their name. Directories are searched
recursively for ``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, ``*.dockerfile``,
``Containerfile`` and ``Containerfile.*`` (never ``*.dockerignore``), honouring every
``.gitignore`` on the way down (and the repository's ``.git/info/exclude``), skipping
VCS and environment folders, and never following a symbolic link: a linked file is
linted only when its target lies inside the folder being searched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING

from dlint_dockerfile._record import record
from dlint_dockerfile.model.context import is_dockerfile_name

if TYPE_CHECKING:  # pragma: no cover
    from pathspec import GitIgnoreSpec

__all__ = [
    "Discovered",
    "decode_dockerfile",
    "discover",
    "is_dockerfile_name",
    "read_dockerfile",
    "read_text",
    "shown_path",
    "write_files",
]

_SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox"}
)


@record
class Discovered:
    """A file to lint (``path``) or a path that could not be used (``error``)."""

    display: str
    path: Path | None
    error: str | None = None


def discover(arguments: list[str]) -> Iterator[Discovered]:
    """The files named by ``arguments`` (files, directories, ``-``), in a stable order."""
    seen: set[str] = set()
    for argument in arguments:
        if argument == "-":
            yield Discovered("-", None)
            continue
        path = Path(argument)
        if path.is_dir():
            for found in _walk(path):
                if found.error is not None:
                    yield found
                    continue
                key = os.path.normcase(os.path.abspath(found.display))
                if key not in seen:
                    seen.add(key)
                    yield found
        elif path.exists() or path.is_symlink():
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                yield Discovered(argument, path)
        else:
            yield Discovered(argument, None, f"{argument}: error: no such file or directory")


def _display(path: Path) -> str:
    return path.as_posix()


def _walk(root: Path) -> Iterator[Discovered]:
    """Dockerfiles below ``root``, shown as ``root / relative`` (the way it was given):
    a folder's files in name order, then its sub-folders', depth first. A folder that
    cannot be read is an error, never skipped in silence."""
    base = Path(os.path.abspath(root))
    yield from _walk_folder(root, (), str(base), base.resolve(), _ancestor_specs(base))


def _walk_folder(
    root: Path,
    parts: tuple[str, ...],
    directory: str,
    real_root: Path,
    active: list[tuple[Path, GitIgnoreSpec]],
) -> Iterator[Discovered]:
    """One folder of `_walk` (``parts``: its path below ``root``). Directory entries tell
    what is a folder or a link without a system call per entry."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        shown = _display(root.joinpath(*parts))
        reason = (exc.strerror or str(exc)).lower()
        yield Discovered(shown, None, f"{shown}: error: cannot read directory: {reason}")
        return
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # a link to a folder is a folder, never entered
        except OSError:
            is_dir = False
        (folders if is_dir else files).append(entry)
    if any(entry.name == ".gitignore" for entry in files):
        spec = _load_gitignore(Path(directory, ".gitignore"))
        if spec is not None:
            active = [*active, (Path(directory), spec)]
    for entry in files:
        name = entry.name
        if not is_dockerfile_name(name):
            continue
        if active and _ignored(Path(entry.path), active, is_dir=False):
            continue
        if entry.is_symlink() and not _inside(Path(entry.path), real_root):
            continue
        found = root.joinpath(*parts, name)
        yield Discovered(_display(found), found)
    for entry in folders:
        name = entry.name
        if name in _SKIP_DIRS or entry.is_symlink():
            continue
        if active and _ignored(Path(entry.path), active, is_dir=True):
            continue
        yield from _walk_folder(root, (*parts, name), entry.path, real_root, active)


def _inside(link: Path, root: Path) -> bool:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or looping link
        return False
    return target == root or root in target.parents


def _ignored(path: Path, specs: list[tuple[Path, GitIgnoreSpec]], *, is_dir: bool) -> bool:
    """gitignore semantics: the last matching pattern of the deepest file decides."""
    ignored = False
    for spec_base, spec in specs:
        try:
            relative = path.relative_to(spec_base).as_posix()
        except ValueError:
            continue
        if is_dir:
            relative += "/"
        result = spec.check_file(relative)
        if result.include is not None:
            ignored = bool(result.include)
    return ignored


def _load_gitignore(path: Path) -> GitIgnoreSpec | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(text.splitlines())


def _ancestor_specs(base: Path) -> list[tuple[Path, GitIgnoreSpec]]:
    """The repository's ``info/exclude`` and the ``.gitignore`` files above ``base``."""
    chain = [base, *base.parents]
    top = next((d for d in chain if os.path.exists(d / ".git")), None)  # False if unreadable
    if top is None:
        return []
    specs: list[tuple[Path, GitIgnoreSpec]] = []
    exclude = _load_gitignore(top / ".git" / "info" / "exclude")
    if exclude is not None:
        specs.append((top, exclude))
    for directory in reversed(chain[1 : chain.index(top) + 1]):
        spec = _load_gitignore(directory / ".gitignore")
        if spec is not None:
            specs.append((directory, spec))
    return specs


def read_dockerfile(path: Path) -> tuple[str | None, str | None]:
    """``(text, None)`` or ``(None, one-line error)``; the bytes are decoded by
    `decode_dockerfile`."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return None, "is a directory"
    except PermissionError:
        return None, "permission denied"
    except FileNotFoundError:
        return None, "no such file or directory"
    except OSError as exc:
        return None, exc.strerror or str(exc)
    return decode_dockerfile(data)


#: Byte-order marks of the encodings BuildKit cannot read, longest first.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_dockerfile(data: bytes) -> tuple[str | None, str | None]:
    """The text of a Dockerfile's bytes, read as BuildKit reads them, for files and
    standard input alike: UTF-8 (a BOM is kept in the text), and bytes that are not UTF-8
    kept as they are (BuildKit does not decode; they round-trip through ``--fix`` as lone
    surrogates, ``surrogateescape``). UTF-16/32 text and binary data (a NUL byte) are
    ``(None, one-line error)``: BuildKit cannot read them either."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return None, (
                f"{encoding} text; BuildKit reads UTF-8: convert it "
                f"(iconv -f {encoding} -t UTF-8)"
            )
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return None, f"binary file (a NUL byte on line {line})"
    return data.decode("utf-8", errors="surrogateescape"), None


def shown_path(path: Path | str) -> str:
    """``path`` relative to the working folder when it is below it, else as it is."""
    relative = os.path.relpath(path)
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


def read_text(path: Path | str) -> str:
    """A file's text as dlint reads and writes it (bytes that are not UTF-8 kept as they
    are); raises OSError."""
    with open(path, "rb") as stream:
        return stream.read().decode("utf-8", "surrogateescape")


def write_files(
    files: list[tuple[Path, str | EllipsisType | None, str]],
    *,
    what: str = "fixes",
    again: str = "dlint --fix",
) -> str | None:
    """Write fixed files together: each ``(path, expected, text)`` replaces a file whose
    text is ``expected`` now, creates ``path`` when ``expected`` is None (it must not
    exist), or replaces the file whatever it holds when ``expected`` is ``...`` (the file
    reported on, which errors call "the file"). Every new text is first written to a
    temporary file beside its target and only then renamed over it, so a failure leaves
    every file as it was; through a symlink, the target is written. Modes are kept; a new
    file gets the default mode. Returns None, or a one-line error naming the file
    ("cannot write ``what``: ...", "run ``again`` again")."""
    import contextlib
    import stat
    import tempfile

    staged: list[tuple[str, Path]] = []

    def discard() -> None:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    for path, expected, text in files:
        name = "the file" if expected is ... else shown_path(path)  # the one reported on
        target = path.resolve()
        problem = _unchanged(path, target, expected, what, again)
        if problem is not None:
            discard()
            return problem
        if target.exists():
            mode = stat.S_IMODE(target.stat().st_mode)
            writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
            if not mode & writable_bits or not os.access(target, os.W_OK):  # root too: 0444
                discard()
                return f"cannot write {what}: {name} is read-only (make it writable, or use --diff)"
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        except OSError as exc:
            discard()
            return f"cannot write {what}: {exc.strerror or exc} (in {target.parent})"
        staged.append((temporary, target))
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8", "surrogateescape"))
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
        except OSError as exc:
            discard()
            return f"cannot write {what}: {exc.strerror or exc} ({path})"
    for done, (temporary, target) in enumerate(staged):
        try:
            os.replace(temporary, target)
        except OSError as exc:  # pragma: no cover - a rename beside the file fails
            for left, _ in staged[done:]:
                with contextlib.suppress(OSError):
                    os.unlink(left)
            return f"cannot write {what}: {exc.strerror or exc} ({target})"
    return None


def _unchanged(
    path: Path, target: Path, expected: str | EllipsisType | None, what: str, again: str
) -> str | None:
    """None when ``path`` is as the fixes expect it, else why it cannot be written."""
    if expected is ...:
        return None if target.exists() else f"cannot write {what}: No such file or directory"
    if expected is None:
        if os.path.lexists(path):
            return f"cannot write {what}: {path} appeared while dlint ran (run {again} again)"
        return None
    try:
        now = read_text(target)
    except OSError as exc:
        return f"cannot write {what}: {exc.strerror or exc} ({path})"
    if now != expected:
        return f"cannot write {what}: {path} changed while dlint ran (run {again} again)"
    return None
