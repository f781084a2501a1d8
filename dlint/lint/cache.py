"""The result cache: lint results kept on disk, so an unchanged file re-lints almost at once.

An entry's key holds everything a result depends on that is known before linting: the
cache format, dlint's version and code, the effective rule settings (with the identity of
external tools the selected rules run), the file's path and text, and its build context's
root and ignore file (path and bytes). What the rules looked at while linting is stored
in the entry and checked on a hit: the context's listing (when a rule listed it; names and
kinds of every entry) and every context file a rule read (digest of the bytes read). So an
entry is used only when the same run without the cache would give the same findings.

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
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlint.lint.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity

if TYPE_CHECKING:  # pragma: no cover
    from dlint.lint.runner import LintSettings
    from dlint.model.context import BuildContext

__all__ = ["CACHE_ENV", "ResultCache", "default_cache_dir"]

#: Environment variable naming the cache directory.
CACHE_ENV = "DLINT_CACHE_DIR"
_FORMAT = "dlint-result-cache-1"
_ENTRIES = "v1"
_PRUNE_STAMP = ".pruned"
_PRUNE_EVERY = 24 * 3600.0
_PRUNE_AGE = 30 * 24 * 3600.0
_STALE_TEMP = 3600.0


def default_cache_dir() -> Path:
    """``$DLINT_CACHE_DIR``, else the platform's per-user cache folder for dlint."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "dlint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dlint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "dlint"


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


_CODE: str | None = None


def code_fingerprint() -> str:
    """dlint's version and the size and mtime of each of its source files (so a changed
    checkout never reuses results of the old code)."""
    global _CODE
    if _CODE is None:
        from dlint import __version__

        package = Path(__file__).resolve().parent.parent
        rows = [__version__]
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".toml", ".md")):
                    info = os.stat(os.path.join(folder, name))
                    rel = os.path.relpath(os.path.join(folder, name), package)
                    rows.append(f"{rel}:{info.st_size}:{info.st_mtime_ns}")
        _CODE = _digest(*rows)
    return _CODE


def settings_fingerprint(settings: LintSettings) -> str:
    """The effective selection, severities, rule options and external tools."""
    shape = {
        "rules": [r.code for r in settings.rules],
        "tokens": [r.cache_token() for r in settings.rules],
        "severities": sorted((code, int(level)) for code, level in settings.severities.items()),
        "settings": settings.settings,
        "only": sorted((k, list(v)) for k, v in settings.only_codes.items()),
        "ignored": list(settings.ignored_codes),
    }
    return _digest(json.dumps(shape, sort_keys=True, default=repr))


# ------------------------------------------------------------------ entries


def _encode(d: Diagnostic) -> list[Any]:
    s, e = d.range.start, d.range.end
    fix = None
    if d.fix is not None:
        edits = [[edit.start, edit.end, edit.content] for edit in d.fix.edits]
        fix = [d.fix.title, d.fix.applicability.value, edits]
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


def _decode(row: list[Any], path: str) -> Diagnostic:
    from dlint.syntax.positions import Position, Range

    code, name, message, severity, start, end, where, aliases, fix, data = row
    span = Range(Position(*where[:4]), Position(*where[4:]))
    found = None
    if fix is not None:
        title, applicability, edits = fix
        found = Fix(title, tuple(Edit(*e) for e in edits), Applicability(applicability))
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


class ResultCache:
    """Lint results on disk, keyed and checked as the module docstring says."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._entries = self.directory / _ENTRIES
        self._settings: dict[int, tuple[LintSettings, str]] = {}
        self._walks: dict[tuple[str, int | None], str] = {}
        self._ready = False
        self.wrote = 0
        #: Why writing was given up (said once as a warning), or None.
        self.problem: str | None = None

    # -- keys

    def key(
        self,
        text: str,
        file_path: Path | None,
        settings: LintSettings,
        context: BuildContext | None,
    ) -> str:
        """The entry key of one file under these settings in this context."""
        memo = self._settings.get(id(settings))
        if memo is None or memo[0] is not settings:
            memo = self._settings[id(settings)] = (settings, settings_fingerprint(settings))
        parts: list[str | bytes] = [_FORMAT, code_fingerprint(), memo[1]]
        if file_path is None:
            parts += ["-", "-"]
        else:
            parts += [str(file_path), os.path.abspath(file_path)]
        if context is None:
            parts.append("no-context")
        else:
            parts += [
                os.path.abspath(context.root),
                str(context.max_entries),
                str(context.ignore_path) if context.ignore_path is not None else "-",
                _file_digest(context.ignore_path) if context.ignore_path is not None else "-",
            ]
        parts.append(text)
        return _digest(*parts)

    def _entry(self, key: str) -> Path:
        return self._entries / key[:2] / (key[2:] + ".json")

    # -- reading

    def get(self, key: str, context: BuildContext | None, path: str) -> list[Diagnostic] | None:
        """The stored findings (named ``path``) if the entry exists and what the rules saw
        of the context is unchanged; None otherwise."""
        try:
            raw = self._entry(key).read_bytes()
            entry = json.loads(raw)
            if entry.get("format") != _FORMAT:
                return None
            if not self._still_valid(entry, context):
                return None
            return [_decode(row, path) for row in entry["diagnostics"]]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def _still_valid(self, entry: dict[str, Any], context: BuildContext | None) -> bool:
        walk, reads = entry.get("walk"), entry.get("reads") or []
        if context is None:
            return walk is None and not reads
        if walk is not None and walk != self._walk_fingerprint(context):
            return False
        from dlint.model.context import content_digest

        for relpath, limit, digest in reads:
            try:
                with open(os.path.join(context.root, relpath), "rb") as stream:
                    now: str | None = content_digest(stream.read(limit))
            except OSError:
                now = None
            if now != digest:
                return False
        return True

    def _walk_fingerprint(self, context: BuildContext) -> str:
        """The context listing's digest, computed once per directory in this process."""
        from dlint.model.context import walk_context

        where = (os.path.abspath(context.root), context.max_entries)
        found = self._walks.get(where)
        if found is None:
            found = self._walks[where] = walk_context(
                context.root, context.max_entries
            ).fingerprint()
        return found

    # -- writing

    def put(self, key: str, diagnostics: list[Diagnostic], context: BuildContext | None) -> None:
        """Store findings with what the rules saw of the context; never raises."""
        if self.problem is not None:
            return
        walk = reads = None
        if context is not None:
            if context.walk is not None:
                walk = context.walk.fingerprint()
                self._walks.setdefault((os.path.abspath(context.root), context.max_entries), walk)
            reads = [[rel, limit, digest] for (rel, limit), digest in context.reads.items()]
        entry = {
            "format": _FORMAT,
            "walk": walk,
            "reads": reads,
            "diagnostics": [_encode(d) for d in diagnostics],
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


def _file_digest(path: Path) -> str:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError as error:
        return f"unreadable:{error.errno}"
