"""End to end: the real ``dlint lsp`` process driven by a pytest-lsp client.

One server (UTF-16, push diagnostics, resolvable code actions) serves most tests; a
second one (UTF-8, pull diagnostics, edits computed eagerly, flat symbols, settings from
``initializationOptions``) checks the other negotiation paths.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from dlint_dockerfile.lint.fixing import fix_text
from dlint_dockerfile.lint.runner import LintSettings
from tests.conftest import CORPUS
from tests.lsp.helpers import (
    apply_text_edits,
    capabilities,
    change_range,
    codes,
    column,
    config,
    initialize,
    open_document,
    published,
    replace_all,
    wait_for,
    workspace_edits,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SAMPLE = """\
FROM ubuntu:latest AS build
RUN apt-get update && apt-get install -y tree
run echo hi
WORKDIR /app
FROM build
CMD ["echo", "done"]
"""
ORIGIN = types.Range(
    start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workspace")


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    result = await initialize(lsp_client, workspace, capabilities(), {"debounceMs": 100})
    lsp_client.initialize_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(scope="module", config=config())
async def utf8_client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    caps = capabilities(encodings=["utf-16", "utf-8"], resolve=False, pull=True, hierarchical=False)
    options = {"ignore": ["DLX202"], "debounceMs": 0}
    result = await initialize(lsp_client, workspace, caps, options)
    lsp_client.initialize_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def document(workspace: Path, name: str, text: str, sub: str = "") -> tuple[Path, str]:
    """Write a Dockerfile into the workspace; its path and URI."""
    folder = workspace / sub if sub else workspace
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path, path.as_uri()


def find(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    for diagnostic in diagnostics:
        if diagnostic.code == code:
            return diagnostic
    raise AssertionError(f"no {code} in {codes(diagnostics)}")


def publish_count(client: LanguageClient, uri: str) -> int:
    runs: list[types.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]
    return len([p for p in runs if p.uri == uri])


async def republished(client: LanguageClient, uri: str, count: int) -> list[types.Diagnostic]:
    """The diagnostics of the first publication for ``uri`` after ``count`` of them."""

    def newer() -> types.PublishDiagnosticsParams | None:
        runs = [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
        return runs[count] if len(runs) > count else None

    found: types.PublishDiagnosticsParams = await wait_for(newer, what=f"new diagnostics of {uri}")
    return list(found.diagnostics)


async def actions_at(
    client: LanguageClient, uri: str, rng: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def pull(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    report = await client.text_document_diagnostic_async(params)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    return list(report.items)


# -- initialize ------------------------------------------------------------------------------


async def test_initialize(client: LanguageClient) -> None:
    result: types.InitializeResult = client.initialize_result  # type: ignore[attr-defined]
    caps = result.capabilities
    assert result.server_info is not None and result.server_info.name == "dlint"
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    sync = caps.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.open_close and sync.save
    assert isinstance(caps.code_action_provider, types.CodeActionOptions)
    kinds = caps.code_action_provider.code_action_kinds or []
    assert "source.fixAll.dlint" in kinds and types.CodeActionKind.QuickFix in kinds
    assert caps.code_action_provider.resolve_provider
    assert caps.hover_provider and caps.document_symbol_provider and caps.folding_range_provider
    assert caps.diagnostic_provider is None  # this client has no pull diagnostics: push
    # the config files are watched once the client allows dynamic registration
    await wait_for(
        lambda: any(
            r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
            for r in client.registrations  # type: ignore[attr-defined]
        ),
        what="file watcher registration",
    )


async def test_initialize_utf8(utf8_client: LanguageClient) -> None:
    result: types.InitializeResult = utf8_client.initialize_result  # type: ignore[attr-defined]
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    provider = result.capabilities.diagnostic_provider
    assert isinstance(provider, types.DiagnosticOptions)
    assert provider.identifier == "dlint"


# -- diagnostics -----------------------------------------------------------------------------


async def test_diagnostics_after_open_and_change(client: LanguageClient, workspace: Path) -> None:
    _, uri = document(workspace, "open.Dockerfile", SAMPLE)
    open_document(client, uri, SAMPLE)
    diagnostics = await published(client, uri, 1)
    casing = find(diagnostics, "DLX006")
    assert casing.range == types.Range(
        start=types.Position(line=2, character=0), end=types.Position(line=2, character=3)
    )
    assert casing.source == "dlint"
    assert casing.severity == types.DiagnosticSeverity.Warning
    assert casing.code_description is not None
    assert casing.code_description.href.endswith("/docs/rules/DLX006.md")
    latest = find(diagnostics, "DLX202")
    assert latest.severity == types.DiagnosticSeverity.Warning
    assert latest.range.start == types.Position(line=0, character=11)

    # an incremental edit: `run` -> `RUN` clears the casing finding
    change_range(client, uri, 2, casing.range, "RUN")
    diagnostics = await published(client, uri, 2)
    assert "DLX006" not in codes(diagnostics)
    assert "DLX202" in codes(diagnostics)

    # a whole-document change
    replace_all(client, uri, "FROM alpine:3.20\nrun echo hi\n", 3)
    diagnostics = await published(client, uri, 3)
    assert codes(diagnostics) == ["DLX006"]
    assert find(diagnostics, "DLX006").range.start.line == 1


async def test_debounce_keeps_only_the_newest_edit(client: LanguageClient, workspace: Path) -> None:
    text = "FROM alpine:3.20\nRUN echo 0\n"
    _, uri = document(workspace, "debounce.Dockerfile", text)
    open_document(client, uri, text)
    await published(client, uri, 1)
    for version in range(2, 8):  # typed quickly: each edit cancels the pending lint
        replace_all(client, uri, f"FROM alpine:3.20\nrun echo {version}\n", version)
    diagnostics = await published(client, uri, 7)
    assert codes(diagnostics) == ["DLX006"]
    versions = [p.version for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
    assert versions == [1, 7]


async def test_diagnostics_on_save(client: LanguageClient, workspace: Path) -> None:
    text = "FROM alpine:3.20\nCOPY requirements.txt app.py /app/\n"
    path, uri = document(workspace, "save.Dockerfile", text, sub="save")
    (path.parent / "requirements.txt").write_text("rich\n")
    open_document(client, uri, text)
    before = await published(client, uri, 1)
    assert "DLX410" in codes(before)  # app.py is not in the build context
    count = publish_count(client, uri)
    (path.parent / "app.py").write_text("print()\n")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    after = await republished(client, uri, count)
    assert "DLX410" not in codes(after)  # saving re-reads the build context


async def test_pull_diagnostics(utf8_client: LanguageClient, workspace: Path) -> None:
    _, uri = document(workspace, "pull.Dockerfile", SAMPLE)
    open_document(utf8_client, uri, SAMPLE)
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    report = await utf8_client.text_document_diagnostic_async(params)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    found = codes(report.items)
    assert "DLX006" in found
    assert "DLX202" not in found  # ignored by initializationOptions
    params.previous_result_id = report.result_id
    again = await utf8_client.text_document_diagnostic_async(params)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    replace_all(utf8_client, uri, "FROM alpine:3.20\nRUN true\n", 2)
    assert await pull(utf8_client, uri) == []
    await asyncio.sleep(0.1)
    assert not utf8_client.published  # type: ignore[attr-defined]  # pull mode never pushes


# -- positions -------------------------------------------------------------------------------

WIDE = 'RUN echo "😀 é 中 😀" && apt-get install -y tree\n'
SURROGATES = 'RUN echo "\udcff\udcfe😀" && apt-get install -y tree\n'


@pytest.mark.parametrize("line", [WIDE, SURROGATES], ids=["emoji", "lone-surrogates"])
async def test_positions_utf16(client: LanguageClient, workspace: Path, line: str) -> None:
    text = "FROM debian:12\n" + line
    uri = (workspace / f"utf16-{len(line)}.Dockerfile").as_uri()
    open_document(client, uri, text)
    found = find(await published(client, uri, 1), "DLX305")
    index = line.index("apt-get install")
    assert found.range.start == types.Position(line=1, character=column(line, index, "utf-16"))
    # an incremental edit after the wide characters lands where the client meant it
    at = column(line, line.index("tree"), "utf-16")
    rng = types.Range(
        start=types.Position(line=1, character=at), end=types.Position(line=1, character=at + 4)
    )
    change_range(client, uri, 2, rng, "htop")
    found = find(await published(client, uri, 2), "DLX305")
    actions = await actions_at(client, uri, found.range, only=[types.CodeActionKind.QuickFix])
    fix = next(a for a in actions if a.title.startswith("Fix DLX305"))
    edited = apply_text_edits(
        text.replace("tree", "htop"), workspace_edits(fix.edit, uri), "utf-16"
    )
    assert "apt-get install --no-install-recommends -y htop" in edited


@pytest.mark.parametrize("line", [WIDE, SURROGATES], ids=["emoji", "lone-surrogates"])
async def test_positions_utf8(utf8_client: LanguageClient, workspace: Path, line: str) -> None:
    text = "FROM debian:12\n" + line
    uri = (workspace / f"utf8-{len(line)}.Dockerfile").as_uri()
    open_document(utf8_client, uri, text)
    found = find(await pull(utf8_client, uri), "DLX305")
    index = line.index("apt-get install")
    assert found.range.start == types.Position(line=1, character=column(line, index, "utf-8"))
    assert column(line, index, "utf-8") != column(line, index, "utf-16")
    at = column(line, line.index("tree"), "utf-8")
    rng = types.Range(
        start=types.Position(line=1, character=at), end=types.Position(line=1, character=at + 4)
    )
    change_range(utf8_client, uri, 2, rng, "htop")
    found = find(await pull(utf8_client, uri), "DLX305")
    actions = await actions_at(utf8_client, uri, found.range, only=[types.CodeActionKind.QuickFix])
    fix = next(a for a in actions if a.title.startswith("Fix DLX305"))
    edited = apply_text_edits(text.replace("tree", "htop"), workspace_edits(fix.edit, uri), "utf-8")
    assert "apt-get install --no-install-recommends -y htop" in edited


# -- code actions ----------------------------------------------------------------------------


async def test_quick_fixes(client: LanguageClient, workspace: Path) -> None:
    _, uri = document(workspace, "fixes.Dockerfile", SAMPLE)
    open_document(client, uri, SAMPLE)
    diagnostics = await published(client, uri, 1)

    casing = find(diagnostics, "DLX006")
    actions = await actions_at(client, uri, casing.range)
    safe = next(a for a in actions if a.title.startswith("Fix DLX006"))
    assert safe.kind == types.CodeActionKind.QuickFix
    assert safe.is_preferred
    assert safe.diagnostics and safe.diagnostics[0].code == "DLX006"
    fixed = apply_text_edits(SAMPLE, workspace_edits(safe.edit, uri), "utf-16")
    assert "\nRUN echo hi\n" in fixed
    replace_all(client, uri, fixed, 2)
    diagnostics = await published(client, uri, 2)
    assert "DLX006" not in codes(diagnostics)

    recommends = find(diagnostics, "DLX305")
    actions = await actions_at(client, uri, recommends.range)
    unsafe = next(a for a in actions if a.title.startswith("Fix DLX305"))
    assert "(unsafe)" in unsafe.title
    assert not unsafe.is_preferred
    fixed = apply_text_edits(fixed, workspace_edits(unsafe.edit, uri), "utf-16")
    assert "apt-get install --no-install-recommends -y tree" in fixed


async def test_multi_stage_rewrite_is_an_unsafe_quick_fix(
    client: LanguageClient, workspace: Path
) -> None:
    text = (
        "FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\n"
        'RUN go build -o /usr/local/bin/app .\nCMD ["app"]\n'
    )
    _, uri = document(workspace, "split.Dockerfile", text)
    open_document(client, uri, text)
    build = find(await published(client, uri, 1), "DLX609")
    actions = await actions_at(client, uri, build.range, only=[types.CodeActionKind.QuickFix])
    rewrite = next(a for a in actions if a.title.startswith("Fix DLX609"))
    assert "(unsafe)" in rewrite.title
    fixed = apply_text_edits(text, workspace_edits(rewrite.edit, uri), "utf-16")
    assert fixed.startswith("FROM golang:1.22-bookworm AS build\n")
    assert "\nFROM debian:bookworm-slim\n" in fixed
    assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app\n" in fixed
    assert fixed.endswith('CMD ["app"]\n')


async def test_ignore_file_fix_creates_the_file(client: LanguageClient, workspace: Path) -> None:
    project = workspace / "with-context"
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / "app.py").write_text("print(1)\n", encoding="utf-8")
    text = "FROM python:3.12-slim\nCOPY . /app/\n"
    _, uri = document(project, "Dockerfile", text)
    open_document(client, uri, text)
    found = find(await published(client, uri, 1), "DLX406")
    actions = await actions_at(client, uri, found.range, only=[types.CodeActionKind.QuickFix])
    fix = next(a for a in actions if a.title.startswith("Fix DLX406"))
    assert fix.title == "Fix DLX406 (unsafe): Create .dockerignore keeping out .git"
    assert fix.edit is not None and fix.edit.document_changes is not None
    created, edited = fix.edit.document_changes
    ignore_uri = (project / ".dockerignore").as_uri()
    assert created == types.CreateFile(uri=ignore_uri)
    assert isinstance(edited, types.TextDocumentEdit)
    assert edited.text_document.uri == ignore_uri
    assert [e.new_text for e in edited.edits] == ["# version control\n.git\n"]  # type: ignore[union-attr]


async def test_ignore_action(client: LanguageClient, workspace: Path) -> None:
    text = "FROM alpine:3.20\r\n  FROM ubuntu:latest AS second\r\nRUN echo hi\r\n"
    _, uri = document(workspace, "ignore.Dockerfile", text)
    open_document(client, uri, text)
    latest = find(await published(client, uri, 1), "DLX202")
    actions = await actions_at(client, uri, latest.range, only=[types.CodeActionKind.QuickFix])
    ignore = next(a for a in actions if a.title == "dlint: ignore DLX202 for this instruction")
    assert ignore.kind == types.CodeActionKind.QuickFix
    edited = apply_text_edits(text, workspace_edits(ignore.edit, uri), "utf-16")
    # the instruction's indentation and the file's CRLF line ending
    assert "\r\n  # dlint: ignore=DLX202\r\n  FROM ubuntu:latest AS second\r\n" in edited
    replace_all(client, uri, edited, 2)
    after = codes(await published(client, uri, 2))
    assert "DLX202" not in after and "DLX014" not in after

    # a second code joins the comment already there
    text = "FROM alpine:3.20\n# dlint: ignore=DLX006\nrun apt-get install -y tree\n"
    replace_all(client, uri, text, 3)
    recommends = find(await published(client, uri, 3), "DLX305")
    actions = await actions_at(client, uri, recommends.range)
    ignore = next(a for a in actions if a.title == "dlint: ignore DLX305 for this instruction")
    edited = apply_text_edits(text, workspace_edits(ignore.edit, uri), "utf-16")
    assert "# dlint: ignore=DLX006,DLX305\nrun apt-get" in edited


async def test_fix_all_resolved(client: LanguageClient, workspace: Path) -> None:
    text = "FROM alpine:3.20\nrun echo one\nrun echo two\nWORKDIR /app\nUSER app\n"
    path, uri = document(workspace, "fixall.Dockerfile", text)
    open_document(client, uri, text)
    await published(client, uri, 1)
    actions = await actions_at(client, uri, ORIGIN, only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == ["source.fixAll.dlint"]
    assert actions[0].edit is None  # computed on resolve
    resolved = await client.code_action_resolve_async(actions[0])
    fixed = apply_text_edits(text, workspace_edits(resolved.edit, uri), "utf-16")
    assert fixed == fix_text(text, LintSettings.default(), file_path=path).text
    assert fixed.startswith("FROM alpine:3.20\nRUN echo one")
    replace_all(client, uri, fixed, 2)
    assert "DLX006" not in codes(await published(client, uri, 2))
    # nothing left to fix: no action
    assert not await actions_at(client, uri, ORIGIN, only=[types.CodeActionKind.SourceFixAll])


async def test_fix_all_eager(utf8_client: LanguageClient, workspace: Path) -> None:
    text = 'FROM alpine:3.20\nrun echo "é😀"\nRUN true\n'
    uri = (workspace / "fixall-utf8.Dockerfile").as_uri()
    open_document(utf8_client, uri, text)
    actions = await actions_at(utf8_client, uri, ORIGIN, only=["source"])
    assert [a.kind for a in actions] == ["source.fixAll.dlint"]
    assert actions[0].edit is not None  # no resolve support: computed at once
    fixed = apply_text_edits(text, workspace_edits(actions[0].edit, uri), "utf-8")
    assert fixed == 'FROM alpine:3.20\nRUN echo "é😀"\nRUN true\n'


# -- hover -----------------------------------------------------------------------------------


async def test_hover(client: LanguageClient, workspace: Path) -> None:
    _, uri = document(workspace, "hover.Dockerfile", SAMPLE)
    open_document(client, uri, SAMPLE)
    latest = find(await published(client, uri, 1), "DLX202")

    def at(line: int, character: int) -> types.HoverParams:
        return types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )

    shown = await client.text_document_hover_async(at(0, latest.range.start.character + 2))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.kind == types.MarkupKind.Markdown
    assert "DLX202" in shown.contents.value and "image-latest-tag" in shown.contents.value
    assert "What it does" in shown.contents.value
    assert shown.range == latest.range

    keyword = await client.text_document_hover_async(at(3, 2))  # WORKDIR
    assert keyword is not None and isinstance(keyword.contents, types.MarkupContent)
    assert keyword.contents.value.startswith("**WORKDIR**")
    assert "working directory" in keyword.contents.value
    assert keyword.range == types.Range(
        start=types.Position(line=3, character=0), end=types.Position(line=3, character=7)
    )
    assert await client.text_document_hover_async(at(3, 10)) is None  # the path: nothing


# -- symbols and folding ---------------------------------------------------------------------

OUTLINE = """\
# syntax=docker/dockerfile:1
ARG BASE=debian:12
FROM ${BASE} AS build
# build it
# in two steps
RUN set -eux; \\
    make; \\
    make install
COPY <<EOF /etc/app.conf
key=value
other=value
EOF
FROM scratch
COPY --from=build /out /out
"""


async def test_document_symbols(client: LanguageClient, workspace: Path) -> None:
    _, uri = document(workspace, "outline.Dockerfile", OUTLINE)
    open_document(client, uri, OUTLINE)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    top = [s for s in symbols if isinstance(s, types.DocumentSymbol)]
    assert [s.name for s in top] == ["ARG BASE=debian:12", "build", "stage-1"]
    build, final = top[1], top[2]
    assert build.detail == "${BASE}" and final.detail == "scratch"
    assert build.kind == types.SymbolKind.Module
    assert [c.name for c in build.children or []] == ["RUN set -eux;", "COPY <<EOF /etc/app.conf"]
    assert build.range.start.line == 2 and build.range.end.line == 11
    assert build.selection_range.start == types.Position(line=2, character=16)  # the name
    assert [c.name for c in final.children or []] == ["COPY --from=build /out /out"]


async def test_flat_symbols(utf8_client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "flat.Dockerfile").as_uri()
    open_document(utf8_client, uri, OUTLINE)
    symbols = await utf8_client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    flat = [s for s in symbols if isinstance(s, types.SymbolInformation)]
    assert [s.name for s in flat][:3] == ["ARG BASE=debian:12", "build", "RUN set -eux;"]
    assert flat[2].container_name == "build"


async def test_folding(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "folding.Dockerfile").as_uri()
    open_document(client, uri, OUTLINE)
    ranges = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert ranges is not None
    found = {(r.start_line, r.end_line, r.kind) for r in ranges}
    assert (3, 4, types.FoldingRangeKind.Comment) in found  # the comment block
    assert (5, 7, None) in found  # RUN with continuations
    assert (8, 11, None) in found  # COPY with its heredoc
    assert (9, 11, None) in found  # the heredoc body
    assert (2, 11, types.FoldingRangeKind.Region) in found  # the first stage


# -- configuration ---------------------------------------------------------------------------


def touch(path: Path, seconds: int) -> None:
    """Move the modification time forward (file systems with coarse timestamps)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


async def test_config_reload(client: LanguageClient, workspace: Path) -> None:
    path, uri = document(workspace, "Dockerfile", SAMPLE, sub="configured")
    open_document(client, uri, SAMPLE)
    assert "DLX202" in codes(await published(client, uri, 1))

    config_file = path.parent / ".dlint.yaml"
    config_file.write_text("ignore: [DLX202]\n")
    count = publish_count(client, uri)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config_file.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    after = await republished(client, uri, count)
    assert "DLX202" not in codes(after) and "DLX006" in codes(after)

    # without a notification: config modification times are checked before each lint
    config_file.write_text("ignore: [DLX006]\n")
    touch(config_file, 2)
    replace_all(client, uri, SAMPLE + "\n", 2)
    after = await published(client, uri, 2)
    assert "DLX202" in codes(after) and "DLX006" not in codes(after)

    # a broken config: one diagnostic at 1:1; the file is still linted, with the defaults
    config_file.write_text("ignore: [DLX006\nbogus: 1\n")
    touch(config_file, 4)
    replace_all(client, uri, SAMPLE, 3)
    after = await published(client, uri, 3)
    problem = after[0]
    assert problem.message.startswith("dlint configuration error: ")
    assert problem.range.start == types.Position(line=0, character=0)
    assert problem.severity == types.DiagnosticSeverity.Error
    assert "DLX006" in codes(after)
    config_file.unlink()


async def test_client_settings(client: LanguageClient, workspace: Path) -> None:
    _, uri = document(workspace, "settings.Dockerfile", SAMPLE)
    open_document(client, uri, SAMPLE)
    assert "DLX006" in codes(await published(client, uri, 1))
    count = publish_count(client, uri)
    settings = {"dlint": {"ignore": ["inconsistent-instruction-casing"]}}
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
    after = await republished(client, uri, count)
    assert "DLX006" not in codes(after) and "DLX202" in codes(after)
    count = publish_count(client, uri)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"dlint": {"ignore": []}})
    )
    assert "DLX006" in codes(await republished(client, uri, count))

    # no settings in the notification: the server asks for the "dlint" section
    client.set_configuration({"extendSelect": ["DLX9"], "ignore": ["DLX202"]}, section="dlint")
    count = publish_count(client, uri)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    after = await republished(client, uri, count)
    assert "DLX202" not in codes(after) and "DLX006" in codes(after)
    client.set_configuration({}, section="dlint")
    count = publish_count(client, uri)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert "DLX202" in codes(await republished(client, uri, count))


# -- robustness ------------------------------------------------------------------------------


async def test_binary_junk(client: LanguageClient, workspace: Path) -> None:
    junk = bytes(range(256)) * 8 + b"\xff\xfe\x00RUN \x00\r\rFROM \x80\x81\n\\\n"
    text = junk.decode("utf-8", errors="surrogateescape")
    uri = (workspace / "junk.Dockerfile").as_uri()
    open_document(client, uri, text)
    await published(client, uri, 1)
    identifier = types.TextDocumentIdentifier(uri=uri)
    everywhere = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=99, character=0)
    )
    await actions_at(client, uri, everywhere)
    await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=identifier)
    )
    await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=identifier)
    )
    for line in range(0, 12, 3):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=identifier, position=types.Position(line=line, character=1)
            )
        )
    # broken syntax, then a normal edit: the server still answers
    replace_all(client, uri, 'FROM\nRUN ["unterminated\nCOPY <<EOF\n', 2)
    await published(client, uri, 2)
    replace_all(client, uri, "FROM alpine:3.20\nrun true\n", 3)
    assert codes(await published(client, uri, 3)) == ["DLX006"]


def corpus_lines(count: int) -> str:
    """At least ``count`` lines of real Dockerfiles (whole files, repeated as needed)."""
    files = sorted(p for p in (CORPUS / "real").rglob("*Dockerfile*") if p.is_file())
    texts: list[str] = []
    lines = 0
    while lines < count:
        for path in files:
            text = path.read_text(encoding="utf-8")
            texts.append(text if text.endswith("\n") else text + "\n")
            lines += texts[-1].count("\n")
            if lines >= count:
                break
    return "".join(texts)


async def test_huge_document(client: LanguageClient, workspace: Path) -> None:
    text = corpus_lines(5000)
    last = text.count("\n")
    assert last >= 5000
    uri = (workspace / "huge.Dockerfile").as_uri()
    open_document(client, uri, text)
    diagnostics = await published(client, uri, 1, timeout=60)
    assert len(diagnostics) > 100
    assert max(d.range.end.line for d in diagnostics) > 4000
    # an edit at the end is applied and linted again
    end = types.Position(line=last, character=0)
    change_range(client, uri, 2, types.Range(start=end, end=end), "run echo end\n")
    after = await published(client, uri, 2, timeout=60)
    assert any(d.code == "DLX006" and d.range.start.line == last for d in after)
