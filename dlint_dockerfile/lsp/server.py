"""The dlint language server (pygls).

Threading: pygls runs the protocol on an asyncio loop; every lint, fix-all and cache
reset runs on one worker thread (`LintEngine` is not shared), so the loop keeps reading
messages while a lint runs. Each document keeps its latest `Outcome` keyed by
``(version, generation)``; ``generation`` grows whenever configuration changes.

Diagnostics: pushed (``publishDiagnostics``) on open, save and change (debounced: an
edit cancels the lint an earlier edit scheduled), or pulled (``textDocument/diagnostic``)
when the client supports pull diagnostics (``initializationOptions.diagnosticMode:
"push"`` publishes to such a client too).

Formatting (``textDocument/formatting`` and ``rangeFormatting``) runs on the same worker
thread, on the document's text as the request finds it; the options are the ``format``
table of the document's configuration (the client's ``FormattingOptions`` are not used).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from dlint_dockerfile import __version__
from dlint_dockerfile.lint.registry import Registry, default_registry
from dlint_dockerfile.lsp.actions import (
    FIX_ALL_KIND,
    EditTarget,
    fix_all_action,
    fix_all_edit,
    quick_fixes,
    wanted,
)
from dlint_dockerfile.lsp.documents import Document, apply_change, uri_to_path
from dlint_dockerfile.lsp.engine import LintEngine, Outcome, Snapshot
from dlint_dockerfile.lsp.guard import RuleFailure
from dlint_dockerfile.lsp.hover import hover
from dlint_dockerfile.lsp.positions import UTF8, UTF16, Encoding
from dlint_dockerfile.lsp.settings import ClientSettings, parse_client_settings
from dlint_dockerfile.lsp.symbols import document_symbols, flat_symbols, folding_ranges

__all__ = ["DlintLanguageServer", "DlintProtocol"]

_log = logging.getLogger(__name__)
T = TypeVar("T")

#: Config files whose changes the server watches (when the client can watch files).
WATCHED = (
    "**/.dlint.yaml",
    "**/.dlint.yml",
    "**/pyproject.toml",
    "**/.hadolint.yaml",
    "**/.hadolint.yml",
    "**/.dockerignore",
    "**/*.dockerignore",
)
#: How long the first lints wait for the client's ``workspace/configuration`` answer.
CONFIGURATION_TIMEOUT = 3.0
#: With the automatic garbage collector off (``dlint lsp`` turns it off), cycles are
#: collected once the server has been idle this long after a lint...
GC_IDLE_SECONDS = 1.0
#: ...or, during a long burst of edits, before every this-many-th lint.
GC_EVERY_LINTS = 200


class DlintProtocol(LanguageServerProtocol):
    """pygls' protocol with dlint's position-encoding choice and its own document store."""

    _server: DlintLanguageServer

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        """Agree on UTF-8 positions when the client offers them, else UTF-16."""
        general = params.capabilities.general
        offered = [_name(e) for e in (general.position_encodings or [])] if general else []
        choice = types.PositionEncodingKind.Utf8 if UTF8 in offered else None
        if general is not None:
            general.position_encodings = [choice or types.PositionEncodingKind.Utf16]
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        return result

    # The server keeps documents itself (`dlint_dockerfile.lsp.documents`): these only forward.

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield self._server.did_open, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield self._server.did_change, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield self._server.did_close, (params,), None


@dataclass
class _State:
    """An open document, its latest lint and the work scheduled for it."""

    document: Document
    result: Outcome | None = None
    inflight: tuple[tuple[int, int], asyncio.Future[Outcome | None]] | None = None
    task: asyncio.Task[None] | None = None
    closed: bool = False
    reported: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class _ClientFeatures:
    """What the client said it supports (in ``initialize``)."""

    document_changes: bool = False
    create_files: bool = False
    resolve_edit: bool = False
    hierarchical_symbols: bool = False
    markdown_hover: bool = True
    watch_files: bool = False
    configuration: bool = False
    diagnostic_refresh: bool = False
    pull: bool = False


class DlintLanguageServer(LanguageServer):
    """``dlint lsp``: diagnostics, fixes, hover, symbols, folding and formatting for
    Dockerfiles."""

    protocol: DlintProtocol

    def __init__(self, registry: Registry | None = None) -> None:
        super().__init__(
            "dlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=DlintProtocol,
        )
        self.registry = registry or default_registry()
        self.engine = LintEngine(self.registry)
        self.documents: dict[str, _State] = {}
        self.generation = 0
        self.client = _ClientFeatures()
        self.encoding: Encoding = UTF16
        self._initial = ClientSettings()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlint-lint")
        self._ready = asyncio.Event()
        self._collection: asyncio.Future[None] | None = None
        self._lints_since_collection = 0
        self._register()

    # -- registration -----------------------------------------------------------------

    def _register(self) -> None:
        def feature(method: str, options: Any = None) -> Callable[[Callable[..., Any]], None]:
            def register(handler: Callable[..., Any]) -> None:
                self.feature(method, options)(_plain(handler))

            return register

        feature(types.INITIALIZE)(self._initialize)
        feature(types.INITIALIZED)(self._initialized)
        feature(types.SHUTDOWN)(self._shutdown)
        feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(self._did_save)
        feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(
                code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
                resolve_provider=True,
            ),
        )(self._code_action)
        feature(types.CODE_ACTION_RESOLVE)(self._resolve_code_action)
        feature(types.TEXT_DOCUMENT_HOVER)(self._hover)
        feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(self._symbols)
        feature(types.TEXT_DOCUMENT_FOLDING_RANGE)(self._folding)
        feature(types.TEXT_DOCUMENT_FORMATTING)(self._formatting)
        feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)(self._range_formatting)
        feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(self._watched_files)
        feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(self._configuration_changed)

    def _initialize(self, params: types.InitializeParams) -> None:
        caps = params.capabilities
        encoding = _name(self.workspace.position_encoding or UTF16)
        self.encoding = UTF8 if encoding == UTF8 else UTF16
        self.engine.encoding = self.encoding
        self.engine.root = _root(params)
        options = params.initialization_options
        self._initial = parse_client_settings(options, self.registry)
        self.engine.client = self._initial
        self.client = _features(caps)
        if self._initial.diagnostic_mode == "push":
            self.client.pull = False
        if self.client.pull:
            self.feature(
                types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(
                    identifier="dlint", inter_file_dependencies=False, workspace_diagnostics=False
                ),
            )(_plain(self._pull_diagnostics))

    async def _initialized(self, params: types.InitializedParams) -> None:
        self._log_problems(self._initial)
        try:
            if self.client.watch_files:
                await self._watch_config_files()
            if self.client.configuration:
                await self._fetch_configuration()
        except Exception as exc:  # a client that fails a request must not stop us
            self._log(types.MessageType.Warning, f"dlint: initialization step failed: {exc}")
        finally:
            self._ready.set()

    async def _watch_config_files(self) -> None:
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            id="dlint-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        await self.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )

    async def _fetch_configuration(self) -> None:
        """Ask the client for the ``dlint`` section; apply it on top of the initial options."""
        params = types.ConfigurationParams(items=[types.ConfigurationItem(section="dlint")])
        answer = await asyncio.wait_for(
            self.workspace_configuration_async(params), CONFIGURATION_TIMEOUT
        )
        raw = answer[0] if answer else None
        await self._apply_settings(parse_client_settings(raw, self.registry, self._initial))

    def _shutdown(self, params: None) -> None:
        for state in self.documents.values():
            if state.task is not None:
                state.task.cancel()
        self._worker.shutdown(wait=False, cancel_futures=True)

    # -- documents ----------------------------------------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        previous = self.documents.get(item.uri)
        if previous is not None:
            previous.closed = True
        document = Document(item.uri, item.text, item.version, item.language_id)
        state = self.documents[item.uri] = _State(document)
        self._schedule(state, 0.0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        state = self.documents.get(params.text_document.uri)
        if state is None:
            return
        document = state.document
        text = document.text
        for change in params.content_changes:
            text = apply_change(text, change, self.encoding)
        document.text = text
        document.version = params.text_document.version
        self._schedule(state, self.engine.client.debounce_ms / 1000)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        state = self.documents.pop(params.text_document.uri, None)
        self.engine.forget_document(params.text_document.uri)
        if state is None:
            return
        state.closed = True
        if state.task is not None:
            state.task.cancel()
        if not self.client.pull:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
            )

    async def _did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        await self._in_worker(self.engine.forget_contexts)  # files may have changed
        self.generation += 1
        if self.client.pull and self.client.diagnostic_refresh:
            await self.workspace_diagnostic_refresh_async(None)
        state = self.documents.get(params.text_document.uri)
        if state is not None:
            self._schedule(state, 0.0)

    # -- configuration ------------------------------------------------------------------

    async def _watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        await self._apply_settings(None)

    async def _configuration_changed(self, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get("dlint"), dict):
            raw = settings["dlint"]
            await self._apply_settings(parse_client_settings(raw, self.registry, self._initial))
        elif self.client.configuration:
            await self._fetch_configuration()

    async def _apply_settings(self, client: ClientSettings | None) -> None:
        """Reset every cache (with new client settings) and lint the open documents again."""
        if client is not None:
            self._log_problems(client)
        await self._in_worker(self.engine.reset, client)
        self.generation += 1
        if self.client.pull:
            if self.client.diagnostic_refresh:
                await self.workspace_diagnostic_refresh_async(None)
            return
        for state in list(self.documents.values()):
            self._schedule(state, 0.0)

    def _log_problems(self, settings: ClientSettings) -> None:
        for problem in settings.problems:
            self._log(types.MessageType.Warning, f"dlint settings: {problem}")

    # -- linting ------------------------------------------------------------------------

    def _key(self, state: _State) -> tuple[int, int]:
        return state.document.version, self.generation

    def _schedule(self, state: _State, delay: float) -> None:
        """Lint ``state`` after ``delay`` seconds and publish (push mode), replacing any
        lint scheduled earlier for it."""
        if state.task is not None:
            state.task.cancel()
            state.task = None
        if self.client.pull:
            return
        state.task = asyncio.ensure_future(self._publish_later(state, delay))

    async def _publish_later(self, state: _State, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        outcome = await self.outcome(state)
        if outcome is None or state.closed or outcome.key != self._key(state):
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=state.document.uri,
                diagnostics=outcome.lsp,
                version=outcome.snapshot.version,
            )
        )

    async def outcome(self, state: _State) -> Outcome | None:
        """The lint of the document's current version (linting it if needed)."""
        if not self._ready.is_set():
            try:
                await asyncio.wait_for(self._ready.wait(), CONFIGURATION_TIMEOUT)
            except asyncio.TimeoutError:
                self._ready.set()
        for _ in range(100):
            if state.closed:
                return None
            key = self._key(state)
            if state.result is not None and state.result.key == key:
                return state.result
            found = await asyncio.shield(self._submit(state, key))
            if found is not None and found.key == key:
                return found
        return state.result

    def _submit(self, state: _State, key: tuple[int, int]) -> asyncio.Future[Outcome | None]:
        if state.inflight is not None and state.inflight[0] == key:
            return state.inflight[1]
        snapshot = _snapshot(state.document)
        future = asyncio.wrap_future(self._worker.submit(self._lint, state, snapshot, key[1]))
        state.inflight = (key, future)
        future.add_done_callback(lambda f: self._linted(state, key, f))
        return future

    def _lint(self, state: _State, snapshot: Snapshot, generation: int) -> Outcome | None:
        """(worker thread) Lint a snapshot unless a newer one replaced it meanwhile."""
        inflight = state.inflight
        if state.closed or (inflight is not None and inflight[0] != (snapshot.version, generation)):
            return None
        self._lints_since_collection += 1
        if self._lints_since_collection >= GC_EVERY_LINTS and not gc.isenabled():
            self._collect()
        return self.engine.lint(snapshot, generation)

    def _collect(self) -> None:
        """(worker thread) Collect garbage cycles now."""
        gc.collect()
        self._lints_since_collection = 0

    def _collect_when_idle(self) -> None:
        """Collect garbage once no lint followed this one for `GC_IDLE_SECONDS`, so the
        collector never pauses the lint of a keystroke."""
        if gc.isenabled():
            return
        if self._collection is not None:
            self._collection.cancel()

        async def later() -> None:
            await asyncio.sleep(GC_IDLE_SECONDS)
            await self._in_worker(self._collect)

        self._collection = asyncio.ensure_future(later())

    def _linted(
        self, state: _State, key: tuple[int, int], future: asyncio.Future[Outcome | None]
    ) -> None:
        if state.inflight is not None and state.inflight[0] == key:
            state.inflight = None
        if future.cancelled() or future.exception() is not None:
            return
        outcome = future.result()
        if outcome is None:
            return
        self._collect_when_idle()
        if state.result is None or state.result.key <= outcome.key:
            state.result = outcome
        self._report_failures(state, outcome.failures)
        for error in outcome.errors:
            self._log(types.MessageType.Error, f"{state.document.uri}: {error}")

    def _report_failures(self, state: _State, failures: list[RuleFailure]) -> None:
        for failure in failures:
            if (failure.code, failure.error) in state.reported:
                continue
            state.reported.add((failure.code, failure.error))
            self._log(
                types.MessageType.Error,
                f"dlint: rule {failure.code} ({failure.name}) failed on "
                f"{state.document.uri} and was skipped for it: {failure.error}\n"
                f"{failure.traceback}",
            )

    async def _in_worker(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, function, *args)

    def _log(self, kind: types.MessageType, message: str) -> None:
        _log.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    async def _current(self, uri: str) -> Outcome | None:
        state = self.documents.get(uri)
        return None if state is None else await self.outcome(state)

    # -- requests -----------------------------------------------------------------------

    async def _pull_diagnostics(
        self, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        outcome = await self._current(params.text_document.uri)
        if outcome is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = f"{outcome.generation}:{outcome.snapshot.version}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=outcome.lsp, result_id=result_id)

    async def _code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        outcome = await self._current(params.text_document.uri)
        if outcome is None:
            return None
        only = params.context.only
        target = self._target(outcome)
        actions: list[types.CodeAction] = []
        if wanted(types.CodeActionKind.QuickFix, only):
            actions.extend(quick_fixes(outcome, params.range, target))
        if wanted(FIX_ALL_KIND, only):
            fixed = None
            if not self.client.resolve_edit:
                fixed = await self._in_worker(self.engine.fix_all, outcome)
            action = fix_all_action(outcome, target, fixed)
            if action is not None:
                actions.append(action)
        return actions

    async def _resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if action.edit is not None or not isinstance(data, dict):
            return action
        uri = data.get("uri")
        outcome = await self._current(uri) if isinstance(uri, str) else None
        if outcome is None:
            return action
        fixed = await self._in_worker(self.engine.fix_all, outcome)
        action.edit = self._target(outcome).workspace_edit(fix_all_edit(outcome, fixed))
        return action

    def _target(self, outcome: Outcome) -> EditTarget:
        snapshot = outcome.snapshot
        client = self.client
        return EditTarget(
            snapshot.uri, snapshot.version, client.document_changes, client.create_files
        )

    async def _hover(self, params: types.HoverParams) -> types.Hover | None:
        outcome = await self._current(params.text_document.uri)
        if outcome is None:
            return None
        return hover(outcome, params.position, self.client.markdown_hover)

    async def _symbols(
        self, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        outcome = await self._current(params.text_document.uri)
        if outcome is None:
            return None
        if self.client.hierarchical_symbols:
            return document_symbols(outcome)
        return flat_symbols(outcome, params.text_document.uri)

    async def _folding(self, params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
        outcome = await self._current(params.text_document.uri)
        return None if outcome is None else folding_ranges(outcome)

    async def _formatting(
        self, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        return await self._format(params.text_document.uri, None)

    async def _range_formatting(
        self, params: types.DocumentRangeFormattingParams
    ) -> list[types.TextEdit] | None:
        return await self._format(params.text_document.uri, params.range)

    async def _format(self, uri: str, request: types.Range | None) -> list[types.TextEdit] | None:
        """The edits formatting a document (``request``: the instructions in that range);
        None for a document the server does not hold."""
        state = self.documents.get(uri)
        if state is None:
            return None
        snapshot = _snapshot(state.document)
        edits, problem = await self._in_worker(self.engine.format_document, snapshot, request)
        if problem is not None:
            self._log(types.MessageType.Warning, f"dlint: {uri}: {problem}")
        return edits


def _name(value: object) -> str:
    """The protocol name of an enum member or a string (``"utf-8"``)."""
    return str(getattr(value, "value", value))


def _snapshot(document: Document) -> Snapshot:
    """The document's text as it is now."""
    return Snapshot(document.uri, document.text, document.version, document.path)


def _plain(method: Callable[..., Any]) -> Callable[..., Any]:
    """A function calling a bound method (pygls marks its handlers with attributes)."""
    if asyncio.iscoroutinefunction(method):

        async def handler_async(params: Any) -> Any:
            return await method(params)

        return handler_async

    def handler(params: Any) -> Any:
        return method(params)

    return handler


def _root(params: types.InitializeParams) -> Path | None:
    """The first workspace folder (for documents that are not files)."""
    uris = [f.uri for f in params.workspace_folders or []]
    if params.root_uri:
        uris.append(params.root_uri)
    for uri in uris:
        path = uri_to_path(uri)
        if path is not None:
            return path
    return Path(params.root_path) if params.root_path else None


def _features(caps: types.ClientCapabilities) -> _ClientFeatures:
    """The client capabilities the server acts on."""
    text = caps.text_document
    workspace = caps.workspace
    features = _ClientFeatures()
    if workspace is not None:
        edit = workspace.workspace_edit
        features.document_changes = bool(edit and edit.document_changes)
        operations = (edit.resource_operations or []) if edit is not None else []
        features.create_files = features.document_changes and (
            types.ResourceOperationKind.Create in operations
        )
        watched = workspace.did_change_watched_files
        features.watch_files = bool(watched and watched.dynamic_registration)
        features.configuration = bool(workspace.configuration)
        diagnostics = workspace.diagnostics
        features.diagnostic_refresh = bool(diagnostics and diagnostics.refresh_support)
    if text is not None:
        action = text.code_action
        resolve = action.resolve_support if action is not None else None
        features.resolve_edit = bool(resolve and "edit" in resolve.properties)
        symbols = text.document_symbol
        features.hierarchical_symbols = bool(
            symbols and symbols.hierarchical_document_symbol_support
        )
        hover_caps = text.hover
        formats = hover_caps.content_format if hover_caps is not None else None
        features.markdown_hover = formats is None or types.MarkupKind.Markdown in formats
        features.pull = text.diagnostic is not None
    return features
