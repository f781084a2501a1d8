"""Linting one open document: the server's `LintSession`, tree reuse, guarded rules.

`LintEngine` is used from one worker thread only (the server serialises every lint,
fix-all and cache reset on it), so its caches need no locks. Configuration, settings and
build contexts come from one long-lived `LintSession` (`dlint_dockerfile.lint.session`),
the one the command line uses per run: configuration is found as the command line finds
it, and before each lint the session compares the modification times of the config files
that could apply and forgets every cached config when one changed, appeared or disappeared.
The engine keeps what belongs to documents: their last trees and the LSP diagnostics made.
Formatting runs here too: a document's ``format`` options come from the same configuration.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from lsprotocol import types

from dlint_dockerfile.lint.config import ConfigError
from dlint_dockerfile.lint.diagnostic import Diagnostic
from dlint_dockerfile.lint.fixing import fix_text
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lint.runner import LintSettings
from dlint_dockerfile.lint.selection import CommandLineSelection
from dlint_dockerfile.lint.session import LintSession, SessionOptions
from dlint_dockerfile.lsp.convert import notice, to_lsp
from dlint_dockerfile.lsp.formatting import formatting_edits
from dlint_dockerfile.lsp.guard import RuleFailure, collect_failures, record_failure
from dlint_dockerfile.lsp.positions import UTF16, Encoding, PositionMap
from dlint_dockerfile.lsp.settings import ClientSettings
from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Dockerfile

__all__ = ["MAX_CHARS", "LintEngine", "Outcome", "Snapshot"]

_log = logging.getLogger(__name__)

#: Documents longer than this are not linted (a notice says so).
MAX_CHARS = 2_000_000
#: LSP diagnostics kept for reuse between lints (see `LintEngine._convert`).
MAX_CONVERTED = 20_000


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
        self.encoding: Encoding = UTF16
        self._client = ClientSettings()
        options = SessionOptions(root=root, long_lived=True, on_rule_failure=record_failure)
        self.session = LintSession(options, registry=registry)
        #: LSP diagnostics made by earlier lints, by what they show: between two edits most
        #: findings are the same, and building the LSP objects costs more than finding them.
        self._converted: dict[tuple[object, ...], types.Diagnostic] = {}
        #: The last tree of each open document: the next parse takes over its unchanged
        #: instructions (`parse`'s ``previous``).
        self._trees: dict[str, Dockerfile] = {}

    @property
    def root(self) -> Path | None:
        """The workspace folder: an untitled document is looked up as ``<root>/Dockerfile``."""
        return self.session.options.root

    @root.setter
    def root(self, root: Path | None) -> None:
        self.session.reset(replace(self.session.options, root=root))

    @property
    def client(self) -> ClientSettings:
        """The editor's settings; its rule selection applies on top of the configuration."""
        return self._client

    @client.setter
    def client(self, client: ClientSettings) -> None:
        self._client = client
        self.session.reset(_with_selection(self.session.options, client))

    # -- caches -----------------------------------------------------------------------

    def reset(self, client: ClientSettings | None = None) -> None:
        """Forget cached configs, settings and build contexts (and take new client settings)."""
        options = self.session.options
        if client is not None:
            self._client = client
            options = _with_selection(options, client)
        self.session.reset(options)
        self._converted.clear()

    def forget_contexts(self) -> None:
        self.session.forget_contexts()

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
            prepared = self.session.prepare_document(snapshot.path)
            if prepared.problem is not None:
                outcome.notices.append(notice(prepared.problem, types.DiagnosticSeverity.Error))
            outcome.settings = prepared.settings
            outcome.context = prepared.context
            with collect_failures() as failures:
                previous = self._trees.get(snapshot.uri)
                linted = self.session.lint_document(text, prepared, previous)
                self._trees[snapshot.uri] = linted.tree
            outcome.model = linted.model
            outcome.diagnostics = linted.diagnostics
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
                other_files=False,  # one edit of the document: quick fixes write the others
            )
        return fixed.text

    def format_document(
        self, snapshot: Snapshot, request: types.Range | None = None
    ) -> tuple[list[types.TextEdit], str | None]:
        """The edits formatting ``snapshot`` (``request``: only the instructions that
        overlap that range) with its configuration's ``format`` options, and why nothing
        was formatted (None: it was). Never raises."""
        text = snapshot.text
        if len(text) > MAX_CHARS:
            return [], f"not formatted: the file is larger than {MAX_CHARS:,} characters"
        session = self.session
        try:
            options = session.config_for(session.lookup(snapshot.path)).format
            return formatting_edits(PositionMap(text, self.encoding), options, request), None
        except ConfigError as exc:
            return [], f"not formatted: its configuration has an error: {exc}"
        except Exception as exc:  # a bug in the formatter: report it, keep serving
            _log.exception("formatting %s failed", snapshot.uri)
            return [], f"formatting failed ({type(exc).__name__}: {exc}); see the log"


def _with_selection(options: SessionOptions, client: ClientSettings) -> SessionOptions:
    """``options`` with the editor's rule selection."""
    settings: dict[str, object] = {"pin-lookups": True} if client.pin_lookups else {}
    selection = CommandLineSelection(
        client.select, client.extend_select, client.ignore, settings=settings
    )
    return replace(options, selection=selection)
