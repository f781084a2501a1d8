"""Linting one open document: configuration, settings, build context, guarded rules.

`LintEngine` is used from one worker thread only (the server serialises every lint,
fix-all and cache reset on it), so its caches need no locks. Configuration is found as the
command line finds it (`config_for` from the document's folder); before each lint the
engine compares the modification times of the config files that could apply and forgets
every cached config when one changed, appeared or disappeared.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

from dlint_dockerfile.lint.config import (
    DLINT_NAMES,
    HADOLINT_NAMES,
    PYPROJECT,
    Config,
    ConfigError,
    clear_config_cache,
    config_for,
)
from dlint_dockerfile.lint.diagnostic import Diagnostic
from dlint_dockerfile.lint.fixing import fix_text
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lint.runner import LintSettings, lint_model
from dlint_dockerfile.lint.selection import CommandLineSelection, resolve_settings
from dlint_dockerfile.lsp.convert import notice, to_lsp
from dlint_dockerfile.lsp.guard import RuleFailure, collect_failures, guard_settings
from dlint_dockerfile.lsp.positions import UTF16, Encoding, PositionMap
from dlint_dockerfile.lsp.settings import ClientSettings
from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Dockerfile, parse

__all__ = ["MAX_CHARS", "LintEngine", "Outcome", "Snapshot"]

_log = logging.getLogger(__name__)

#: Documents longer than this are not linted (a notice says so).
MAX_CHARS = 2_000_000
#: LSP diagnostics kept for reuse between lints (see `LintEngine._convert`).
MAX_CONVERTED = 20_000
#: Seconds a build context listing is reused between lints of one document.
CONTEXT_TTL = 5.0
_CONFIG_NAMES = (*DLINT_NAMES, PYPROJECT, *HADOLINT_NAMES)


@dataclass(frozen=True)
class Snapshot:
    """The text of a document at one version."""

    uri: str
    text: str
    version: int
    path: Path | None


@dataclass
class Outcome:
    """Everything one lint of one document version produced."""

    snapshot: Snapshot
    generation: int
    positions: PositionMap
    model: DockerfileModel | None
    diagnostics: list[Diagnostic]
    #: ``diagnostics`` as LSP objects, one for one.
    converted: list[types.Diagnostic] = field(default_factory=list)
    #: Diagnostics about the file as a whole (configuration errors...).
    notices: list[types.Diagnostic] = field(default_factory=list)
    settings: LintSettings | None = None
    context: BuildContext | None = None
    failures: list[RuleFailure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int]:
        return self.snapshot.version, self.generation

    @property
    def text(self) -> str:
        return self.snapshot.text

    @property
    def lsp(self) -> list[types.Diagnostic]:
        """What the client is shown."""
        return [*self.notices, *self.converted]


class LintEngine:
    """Lints snapshots with the settings that apply to each document."""

    def __init__(self, registry: Registry, root: Path | None = None) -> None:
        self.registry = registry
        self.root = root
        self.encoding: Encoding = UTF16
        self.client = ClientSettings()
        self._settings: dict[tuple[int, str | None], tuple[Config | None, LintSettings]] = {}
        self._stamps: dict[Path, tuple[tuple[str, int, int], ...]] = {}
        self._contexts: dict[tuple[Path, Path | None], tuple[float, BuildContext]] = {}
        #: LSP diagnostics made by earlier lints, by what they show: between two edits most
        #: findings are the same, and building the LSP objects costs more than finding them.
        self._converted: dict[tuple[object, ...], types.Diagnostic] = {}
        #: The last tree of each open document: the next parse takes over its unchanged
        #: instructions (`parse`'s ``previous``).
        self._trees: dict[str, Dockerfile] = {}

    # -- caches -----------------------------------------------------------------------

    def reset(self, client: ClientSettings | None = None) -> None:
        """Forget cached configs, settings and build contexts (and take new client settings)."""
        if client is not None:
            self.client = client
        clear_config_cache()
        self._settings.clear()
        self._stamps.clear()
        self._contexts.clear()
        self._converted.clear()

    def forget_contexts(self) -> None:
        self._contexts.clear()

    def forget_document(self, uri: str) -> None:
        """A closed document: its last tree is no longer needed."""
        self._trees.pop(uri, None)

    # -- linting ----------------------------------------------------------------------

    def lint(self, snapshot: Snapshot, generation: int) -> Outcome:
        """Lint one snapshot; never raises."""
        began = time.perf_counter()
        text = snapshot.text
        positions = PositionMap(text, self.encoding)
        outcome = Outcome(snapshot, generation, positions, None, [])
        if len(text) > MAX_CHARS:
            message = f"dlint: not linted, the file is larger than {MAX_CHARS:,} characters"
            outcome.notices.append(notice(message, types.DiagnosticSeverity.Information))
            return outcome
        try:
            settings, config, problem = self._settings_for(snapshot.path)
            if problem is not None:
                outcome.notices.append(notice(problem, types.DiagnosticSeverity.Error))
            outcome.settings = settings
            outcome.context = self._context_for(snapshot.path, config)
            with collect_failures() as failures:
                tree = parse(text, self._trees.get(snapshot.uri))
                self._trees[snapshot.uri] = tree
                model = DockerfileModel(tree, snapshot.path, outcome.context)
                outcome.diagnostics = lint_model(model, settings)
            outcome.model = model
            outcome.failures = failures
            outcome.converted = [self._convert(d, positions) for d in outcome.diagnostics]
        except Exception as exc:  # a bug in the engine: report it, keep serving
            _log.exception("linting %s failed", snapshot.uri)
            outcome.diagnostics, outcome.converted = [], []
            message = f"dlint failed on this file ({type(exc).__name__}: {exc}); see the log"
            outcome.errors.append(message)
            outcome.notices.append(notice(message, types.DiagnosticSeverity.Error))
        if _log.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - began) * 1000
            _log.debug("linted %s v%d in %.1f ms", snapshot.uri, snapshot.version, elapsed)
        return outcome

    def _convert(self, diagnostic: Diagnostic, positions: PositionMap) -> types.Diagnostic:
        """`to_lsp`, reusing the object of an earlier lint that shows the same."""
        start = positions.position(diagnostic.start)
        end = positions.position(diagnostic.end)
        key = (diagnostic.code, diagnostic.message, diagnostic.severity, start, end)
        found = self._converted.get(key)
        if found is None:
            if len(self._converted) >= MAX_CONVERTED:
                self._converted.clear()
            found = self._converted[key] = to_lsp(diagnostic, positions, self.registry)
        return found

    def fix_all(self, outcome: Outcome) -> str:
        """The text of ``outcome`` with every safe fix applied (the fix loop of ``--fix``)."""
        if outcome.settings is None or outcome.model is None:
            return outcome.text
        with collect_failures():
            fixed = fix_text(
                outcome.text,
                outcome.settings,
                unsafe=False,
                file_path=outcome.snapshot.path,
                context=outcome.context,
            )
        return fixed.text

    # -- settings ---------------------------------------------------------------------

    def _settings_for(self, path: Path | None) -> tuple[LintSettings, Config | None, str | None]:
        """Guarded settings for a document, its config, and a config problem to show."""
        lookup = self._lookup(path)
        self._check_stamps(lookup.parent)
        problem: str | None = None
        config: Config | None
        try:
            config = config_for(lookup, self.registry)
        except ConfigError as exc:
            config = None
            problem = f"dlint configuration error: {exc}"
        key = (id(config), str(lookup) if config is not None and config.per_path else None)
        cached = self._settings.get(key)
        if cached is not None and cached[0] is config:
            return cached[1], config, problem
        client = self.client
        selection = CommandLineSelection(client.select, client.extend_select, client.ignore)
        try:
            settings = resolve_settings(self.registry, config, selection, lookup)
        except Exception as exc:  # a selector the registry rejects
            problem = f"dlint settings error: {exc}"
            settings = resolve_settings(self.registry, None, CommandLineSelection(), lookup)
        settings = guard_settings(settings)
        self._settings[key] = (config, settings)
        return settings, config, problem

    def _lookup(self, path: Path | None) -> Path:
        if path is not None:
            try:
                return path.resolve()
            except OSError:
                return path
        base = self.root if self.root is not None else Path.cwd()
        return base / "Dockerfile"

    def _check_stamps(self, directory: Path) -> None:
        """Reset the config caches when a config file that may apply changed."""
        stamp = _config_stamp(directory)
        previous = self._stamps.get(directory)
        if previous is not None and previous != stamp:
            _log.info("configuration changed near %s; reloading", directory)
            clear_config_cache()
            self._settings.clear()
            self._stamps.clear()
        self._stamps[directory] = stamp

    def _context_for(self, path: Path | None, config: Config | None) -> BuildContext | None:
        directory = config.context if config is not None else None
        if path is not None and (directory is not None or path.is_file()):
            target = path
        elif directory is not None:
            target = directory / "Dockerfile"
        else:
            return None
        key = (target, directory)
        now = time.monotonic()
        cached = self._contexts.get(key)
        if cached is not None and now - cached[0] < CONTEXT_TTL:
            return cached[1]
        context = BuildContext.for_dockerfile(target, directory)
        self._contexts[key] = (now, context)
        return context


def _config_stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Modification time and size of every config file from ``directory`` up to the root."""
    found: list[tuple[str, int, int]] = []
    current = directory
    while True:
        for name in _CONFIG_NAMES:
            candidate = os.path.join(current, name)
            try:
                info = os.stat(candidate)
            except OSError:
                continue
            found.append((candidate, info.st_mtime_ns, info.st_size))
        parent = current.parent
        if parent == current:
            break
        current = parent
    return tuple(found)
