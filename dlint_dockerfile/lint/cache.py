"""The result cache: lint results kept on disk, so an unchanged file re-lints almost at once.

An entry's key holds everything a result depends on that is known before any rule is
loaded: the cache format, dlint's version and code, the run's inputs (the command line's
rule selection, fail level, context and config options; the config file that applies, by
path and bytes), and the file's path and text. What the run found out is stored in the
entry and checked on a hit: the build context's root and its ignore-file candidates (path
and bytes of each), the context listing (when a rule listed it; names and kinds of every
entry), every context file a rule read (digest of the bytes read), and the identity of
external tools the selected rules run (ShellCheck). So an entry is used only when the same
run without the cache would give the same findings, and a hit loads neither the rules nor
the parser.

Entries are small JSON files under ``<dir>/v1/``, written to a temporary file and renamed,
so concurrent runs (pre-commit, editors, CI jobs sharing a cache) never read half an
entry; a damaged or foreign entry is a miss. Entries unused for 30 days are pruned at most
once a day. The directory: ``--cache-dir``, else ``$DLINT_CACHE_DIR``, else the user's
cache folder (``$XDG_CACHE_HOME/dlint``, ``~/.cache/dlint``, ``~/Library/Caches/dlint``,
``%LOCALAPPDATA%\\dlint\\Cache``).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlint_dockerfile._record import record
from dlint_dockerfile.lint.cache_dir import CACHE_ENV, default_cache_dir
from dlint_dockerfile.lint.diagnostic import (
    Applicability,
    Diagnostic,
    Edit,
    FileEdit,
    Fix,
    Severity,
)

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext

__all__ = ["CACHE_ENV", "CachedResult", "ResultCache", "default_cache_dir", "file_digest"]

_FORMAT = "dlint-result-cache-3"
_ENTRIES = "v1"
_PRUNE_STAMP = ".pruned"
_PRUNE_EVERY = 24 * 3600.0
_PRUNE_AGE = 30 * 24 * 3600.0
_STALE_TEMP = 3600.0


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


_CODE: str | None = None


#: Installed packages whose code shapes the findings (the shell grammar): their files'
#: sizes and mtimes are part of `code_fingerprint`.
_ENGINE_PACKAGES = ("tree_sitter", "tree_sitter_bash")


def code_fingerprint() -> str:
    """dlint's version, the Python version, and the size and mtime of each source file of
    dlint and of the shell grammar it parses with (so a changed checkout or an upgraded
    grammar never reuses results of the old code)."""
    global _CODE
    if _CODE is None:
        import sys
        from importlib.util import find_spec

        from dlint_dockerfile import __version__

        rows = [__version__, sys.version]
        folders = [Path(__file__).resolve().parent.parent]
        for name in _ENGINE_PACKAGES:
            spec = find_spec(name)
            folders += [Path(f) for f in (spec.submodule_search_locations or [])] if spec else []
        for package in folders:
            for folder, dirs, files in os.walk(package):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".json", ".toml", ".md", ".so", ".pyd", ".scm")):
                        info = os.stat(os.path.join(folder, name))
                        rows.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
        _CODE = _digest(*rows)
    return _CODE


# ------------------------------------------------------------------ entries


def _encode(d: Diagnostic) -> list[Any]:
    s, e = d.range.start, d.range.end
    fix = None
    if d.fix is not None:
        files = [[f.path, f.original, _edits(f.edits)] for f in d.fix.files]
        fix = [d.fix.title, d.fix.applicability.value, _edits(d.fix.edits), files]
    return [
        d.code,
        d.name,
        d.message,
        int(d.severity),
        d.start,
        d.end,
        [s.line, s.column, s.offset, s.column_utf16, e.line, e.column, e.offset, e.column_utf16],
        list(d.aliases),
        fix,
        [list(pair) for pair in d.data],
    ]


def _edits(edits: tuple[Edit, ...]) -> list[list[Any]]:
    return [[edit.start, edit.end, edit.content] for edit in edits]


def _decode(row: list[Any], path: str) -> Diagnostic:
    from dlint_dockerfile.syntax.positions import Position, Range

    code, name, message, severity, start, end, where, aliases, fix, data = row
    span = Range(Position(*where[:4]), Position(*where[4:]))
    found = None
    if fix is not None:
        title, applicability, edits, files = fix
        others = tuple(FileEdit(p, o, tuple(Edit(*e) for e in es)) for p, o, es in files)
        found = Fix(title, tuple(Edit(*e) for e in edits), Applicability(applicability), others)
    return Diagnostic(
        code,
        name,
        message,
        Severity(severity),
        start,
        end,
        span,
        tuple(aliases),
        found,
        path,
        tuple((k, v) for k, v in data),
    )


@record
class CachedResult:
    """A stored result: findings, the fail level the run used and its warnings; or, when
    the text output for the asked options was stored, that output and ``(code, name,
    severity)`` per finding instead of the findings (no need to rebuild them)."""

    diagnostics: list[Diagnostic]
    threshold: Severity | None
    warnings: list[str]
    rendered: str | None = None
    summary: tuple[tuple[str, str, int], ...] | None = None


class ResultCache:
    """Lint results on disk, keyed and checked as the module docstring says."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._entries = self.directory / _ENTRIES
        self._walks: dict[tuple[str, int | None], str] = {}
        self._ready = False
        self.wrote = 0
        #: Why writing was given up (said once as a warning), or None.
        self.problem: str | None = None

    # -- keys

    def key(self, text: str, file_path: Path, inputs: str) -> str:
        """The entry key of one file; ``inputs`` describes the run (see `run_inputs`)."""
        return _digest(
            _FORMAT, code_fingerprint(), inputs, str(file_path), os.path.abspath(file_path), text
        )

    def _entry(self, key: str) -> Path:
        return self._entries / key[:2] / (key[2:] + ".json")

    # -- reading

    def get(self, key: str, path: str, rendering: str | None = None) -> CachedResult | None:
        """The stored result (findings named ``path``) if the entry exists and what the run
        saw is unchanged; None otherwise. With ``rendering`` (the text output's options,
        see `put`), the stored output for them if there is one."""
        try:
            raw = self._entry(key).read_bytes()
            entry = json.loads(raw)
            if entry.get("format") != _FORMAT or not self._still_valid(entry):
                return None
            threshold = None if entry["threshold"] is None else Severity(entry["threshold"])
            warnings = [str(w) for w in entry["warnings"]]
            block = entry["rendered"].get(rendering) if rendering is not None else None
            if isinstance(block, str):
                summary = tuple((str(c), str(n), int(s)) for c, n, s in entry["summary"])
                return CachedResult([], threshold, warnings, block, summary)
            return CachedResult(
                [_decode(row, path) for row in entry["diagnostics"]], threshold, warnings
            )
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def _still_valid(self, entry: dict[str, Any]) -> bool:
        tokens = entry["tokens"]
        if tokens:
            from dlint_dockerfile.lint.registry import default_registry

            registry = default_registry()
            for code, token in tokens.items():
                rule = registry.get(code)
                if rule is None or rule.cache_token() != token:
                    return False
        context = entry["context"]
        if context is None:
            return True
        root = context["root"]
        for candidate, digest in context["ignore"]:
            if _optional_digest(candidate) != digest:
                return False
        walk, reads = context["walk"], context["reads"]
        if walk is not None and walk != self._walk_fingerprint(root, context["max"]):
            return False
        if reads:
            from dlint_dockerfile.model.context import content_digest

            for relpath, limit, digest in reads:
                try:
                    with open(os.path.join(root, relpath), "rb") as stream:
                        now: str | None = content_digest(stream.read(limit))
                except OSError:
                    now = None
                if now != digest:
                    return False
        return True

    def _walk_fingerprint(self, root: str, max_entries: int | None) -> str:
        """The context listing's digest, computed once per directory in this process."""
        found = self._walks.get((root, max_entries))
        if found is None:
            from dlint_dockerfile.model.context import walk_context

            walk = walk_context(Path(root), max_entries)
            found = self._walks[(root, max_entries)] = walk.fingerprint()
        return found

    # -- writing

    def put(
        self,
        key: str,
        diagnostics: list[Diagnostic],
        *,
        context: BuildContext | None,
        threshold: Severity | None,
        warnings: list[str],
        tokens: dict[str, str],
        rendered: dict[str, str] | None = None,
    ) -> None:
        """Store a result with what the run saw; never raises. ``rendered``: the file's text
        output by the options it was made with (a string the caller chooses)."""
        if self.problem is not None:
            return
        described = None
        if context is not None:
            root = os.path.abspath(context.root)
            walk = None
            if context.walk is not None:
                walk = context.walk.fingerprint()
                self._walks.setdefault((root, context.max_entries), walk)
            described = {
                "root": root,
                "max": context.max_entries,
                "ignore": [[str(c), _optional_digest(str(c))] for c in context.searched],
                "walk": walk,
                "reads": [[rel, limit, digest] for (rel, limit), digest in context.reads.items()],
            }
        entry = {
            "format": _FORMAT,
            "threshold": None if threshold is None else int(threshold),
            "warnings": warnings,
            "tokens": tokens,
            "context": described,
            "diagnostics": [_encode(d) for d in diagnostics],
            "summary": [[d.code, d.name, int(d.severity)] for d in diagnostics],
            "rendered": rendered or {},
        }
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        target = self._entry(key)
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
            temporary.write_bytes(data.encode("utf-8", "surrogateescape"))
            os.replace(temporary, target)
        except OSError as error:
            self.problem = (
                f"dlint: warning: cannot write the result cache in {self.directory}: "
                f"{error.strerror or error}; continuing without it (--no-cache or "
                f"--cache-dir DIR / ${CACHE_ENV} to choose another place)"
            )
            return
        self.wrote += 1

    def _prepare(self) -> None:
        if self._ready:
            return
        self._entries.mkdir(parents=True, exist_ok=True)
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by dlint.\n"
                "# For information about cache directory tags see https://bford.info/cachedir/\n",
                encoding="utf-8",
            )
            (self.directory / ".gitignore").write_text("*\n", encoding="utf-8")
        self._ready = True

    # -- housekeeping

    def prune(self, *, now: float | None = None, force: bool = False) -> int:
        """Remove entries unused for 30 days and stale temporary files, at most once a
        day unless ``force``; returns how many files went. Never raises."""
        now = time.time() if now is None else now
        stamp = self._entries / _PRUNE_STAMP
        try:
            if not force and now - stamp.stat().st_mtime < _PRUNE_EVERY:
                return 0
        except OSError:
            if not self._entries.is_dir():
                return 0
        removed = 0
        try:
            stamp.touch()
            for shard in os.scandir(self._entries):
                if not shard.is_dir(follow_symlinks=False):
                    continue
                for item in os.scandir(shard.path):
                    age = now - item.stat(follow_symlinks=False).st_mtime
                    limit = _STALE_TEMP if item.name.endswith(".tmp") else _PRUNE_AGE
                    if age > limit:
                        os.unlink(item.path)
                        removed += 1
        except OSError:
            pass
        return removed

    def clear(self) -> int:
        """Remove every entry; returns how many went."""
        import shutil

        count = 0
        if self._entries.is_dir():
            count = sum(
                name.endswith(".json") for _, _, files in os.walk(self._entries) for name in files
            )
            shutil.rmtree(self._entries, ignore_errors=True)
        return count


def file_digest(path: Path) -> str:
    """A digest of a file's bytes (``unreadable:ERRNO`` when it cannot be read)."""
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError as error:
        return f"unreadable:{error.errno}"


def _optional_digest(path: str) -> str | None:
    """`file_digest`, or None when nothing is there (a dangling symlink counts as there)."""
    return file_digest(Path(path)) if os.path.lexists(path) else None
