"""A test LSP client that records everything the dlint server sends, and small tools to
check positions and apply edits independently of the server's own code."""

from __future__ import annotations

import asyncio
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES

SERVER = [sys.executable, "-m", "dlint_dockerfile", "lsp"]
TIMEOUT = 30.0


class RecordingClient(LanguageClient):
    """pytest-lsp's client, also keeping every publishDiagnostics and registration."""

    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.Registration]


def make_client() -> LanguageClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []
    for method, function in DEFAULT_CLIENT_FEATURES.items():
        if method != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            client.feature(method)(function)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(ls: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: RecordingClient, params: types.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    return client


def config(command: Sequence[str] = SERVER) -> ClientServerConfig:
    return ClientServerConfig(server_command=list(command), client_factory=make_client)


def capabilities(
    *,
    encodings: Sequence[str] | None = None,
    resolve: bool = True,
    pull: bool = False,
    hierarchical: bool = True,
    create_files: bool = True,
) -> types.ClientCapabilities:
    """A client like a modern editor; the options switch single features."""
    kinds = [types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=list(encodings) if encodings is not None else None
        ),
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=True,
                resource_operations=[types.ResourceOperationKind.Create] if create_files else None,
            ),
            configuration=True,
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=kinds)
                ),
                is_preferred_support=True,
                data_support=True,
                resolve_support=(
                    types.ClientCodeActionResolveOptions(properties=["edit"]) if resolve else None
                ),
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            document_symbol=types.DocumentSymbolClientCapabilities(
                hierarchical_document_symbol_support=hierarchical
            ),
            folding_range=types.FoldingRangeClientCapabilities(line_folding_only=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                version_support=True, code_description_support=True, tag_support=None
            ),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
        ),
    )


async def initialize(
    client: LanguageClient,
    root: Path,
    caps: types.ClientCapabilities,
    options: dict[str, Any] | None = None,
) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )


async def wait_for(
    predicate: Callable[[], Any], timeout: float = TIMEOUT, what: str = "condition"
) -> Any:
    """Poll ``predicate`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def published(
    client: LanguageClient, uri: str, version: int, timeout: float = TIMEOUT
) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` at ``version`` (waits for them)."""
    recorder: RecordingClient = client  # type: ignore[assignment]

    def find() -> types.PublishDiagnosticsParams | None:
        for params in reversed(recorder.published):
            if params.uri == uri and params.version == version:
                return params
        return None

    found: types.PublishDiagnosticsParams = await wait_for(
        find, timeout, f"diagnostics of {uri} v{version}"
    )
    return list(found.diagnostics)


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="dockerfile", version=version, text=text
            )
        )
    )


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def change_range(
    client: LanguageClient, uri: str, version: int, rng: types.Range, text: str
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text=text)],
        )
    )


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


def column(line: str, index: int, encoding: str) -> int:
    """The LSP column of code point ``index`` of ``line`` (independent of the server)."""
    prefix = line[:index]
    if encoding == "utf-16":
        return len(prefix.encode("utf-16-le", "surrogatepass")) // 2
    return len(prefix.encode("utf-8", "surrogatepass"))


def to_index(line: str, character: int, encoding: str) -> int:
    """The code-point index of an LSP column on ``line``."""
    for index in range(len(line) + 1):
        if column(line, index, encoding) >= character:
            return index
    return len(line)


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    """Apply LSP edits (all relative to ``text``) the way an editor does."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
    if not lines or lines[-1].endswith(("\n", "\r")):
        lines.append("")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        content = lines[position.line].rstrip("\r\n")
        return starts[position.line] + to_index(content, position.character, encoding)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),
        key=lambda s: (s[0], s[1]),
    )
    for start, end, new in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    """The text edits a workspace edit makes to ``uri``."""
    assert edit is not None
    out: list[types.TextEdit] = []
    if edit.changes:
        out.extend(edit.changes.get(uri, []))
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            out.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    return out
