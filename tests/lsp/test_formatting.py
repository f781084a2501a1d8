"""Formatting in the language server: ``textDocument/formatting`` and ``rangeFormatting``.

The edits the real ``dlint lsp`` process returns are applied the way an editor applies
them (`apply_text_edits`, independent of the server's own position code) and compared
with `format_text` (the pure helpers are checked in `test_units`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from dlint_dockerfile.format import FormatOptions, format_text
from tests.lsp.helpers import apply_text_edits, capabilities, config, initialize, open_document

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: Messy lines between lines the formatter leaves alone.
MESSY = """\
from  alpine:3.20 as build
WORKDIR /app
run apk add  curl git bash && \\
      echo  "done"
COPY . /app


label version="1.0"
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("formatting")


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    result = await initialize(lsp_client, workspace, capabilities(), {"debounceMs": 0})
    lsp_client.initialize_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def opened(client: LanguageClient, workspace: Path, name: str, text: str) -> str:
    """Write a Dockerfile into the workspace and open it; its URI."""
    path = workspace / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    open_document(client, path.as_uri(), text)
    return path.as_uri()


async def formatting(client: LanguageClient, uri: str) -> Sequence[types.TextEdit] | None:
    return await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )


async def range_formatting(
    client: LanguageClient, uri: str, first: int, last: int, last_character: int = 1
) -> Sequence[types.TextEdit] | None:
    """Format the 0-based lines ``first`` to ``last`` (ending at ``last_character``)."""
    rng = types.Range(
        start=types.Position(line=first, character=0),
        end=types.Position(line=last, character=last_character),
    )
    return await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )


def nothing(edits: Sequence[types.TextEdit] | None) -> bool:
    """An answer with no edits (not null: the document is known)."""
    return edits is not None and len(edits) == 0


def touched_lines(edits: Sequence[types.TextEdit]) -> set[int]:
    """The 0-based lines of the original text some edit replaces."""
    lines: set[int] = set()
    for edit in edits:
        start, end = edit.range.start, edit.range.end
        last = end.line if end.character > 0 else end.line - 1
        lines.update(range(start.line, max(start.line, last) + 1))
    return lines


# -- the server ------------------------------------------------------------------------------


async def test_formatting_is_advertised(client: LanguageClient) -> None:
    result: types.InitializeResult = client.initialize_result  # type: ignore[attr-defined]
    assert result.capabilities.document_formatting_provider
    assert result.capabilities.document_range_formatting_provider


async def test_whole_document(client: LanguageClient, workspace: Path) -> None:
    uri = opened(client, workspace, "messy.Dockerfile", MESSY)
    edits = await formatting(client, uri)
    assert edits is not None
    expected = format_text(MESSY)
    assert expected != MESSY
    assert apply_text_edits(MESSY, edits, "utf-16") == expected
    # minimal: one edit per changed block, the unchanged lines are in none
    assert len(edits) >= 3
    lines = MESSY.splitlines()
    untouched = {lines.index("WORKDIR /app"), lines.index("COPY . /app")}
    assert not touched_lines(edits) & untouched
    assert all(e.range.start.character == 0 for e in edits)


async def test_crlf_and_utf16_columns(client: LanguageClient, workspace: Path) -> None:
    # the last line has no line break: its edit ends after the emoji, a UTF-16 column
    text = 'from  alpine:3.20\r\nWORKDIR /app\r\nlabel a="h\u00e9llo \U0001f600 \u00fc"'
    uri = opened(client, workspace, "crlf.Dockerfile", text)
    edits = await formatting(client, uri)
    assert edits is not None
    expected = format_text(text)
    assert expected.endswith('\u00fc"\r\n') and "\r\n" in expected
    assert apply_text_edits(text, edits, "utf-16") == expected
    last = edits[-1]
    assert last.range.end.line == 2
    assert last.range.end.character == len('label a="h\u00e9llo \U0001f600 \u00fc"') + 1
    assert all("\n" not in e.new_text.replace("\r\n", "") for e in edits)


async def test_unchanged_document(client: LanguageClient, workspace: Path) -> None:
    text = format_text(MESSY)
    uri = opened(client, workspace, "clean.Dockerfile", text)
    assert nothing(await formatting(client, uri))
    assert nothing(await range_formatting(client, uri, 0, 3))


async def test_unknown_document(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "never-opened.Dockerfile").as_uri()
    assert not await formatting(client, uri)
    assert not await range_formatting(client, uri, 0, 0)


async def test_range_formats_only_the_instructions_in_range(
    client: LanguageClient, workspace: Path
) -> None:
    uri = opened(client, workspace, "range.Dockerfile", MESSY)
    # the cursor on the second line of the RUN (0-based line 3): the whole RUN, nothing else
    edits = await range_formatting(client, uri, 3, 3)
    assert edits
    after = apply_text_edits(MESSY, edits, "utf-16")
    assert after == format_text(MESSY, lines=(3, 4))
    assert after.startswith("from  alpine:3.20 as build\n")
    assert after.endswith("COPY . /app\n\n\nlabel version=\"1.0\"\n")
    assert "RUN apk add" in after
    assert touched_lines(edits) <= {2, 3}


async def test_range_of_whole_lines_ends_before_its_end_line(
    client: LanguageClient, workspace: Path
) -> None:
    uri = opened(client, workspace, "lines.Dockerfile", MESSY)
    # lines 0 to 1 selected whole: the selection ends at the start of line 2 (the RUN)
    edits = await range_formatting(client, uri, 0, 2, last_character=0)
    assert edits
    after = apply_text_edits(MESSY, edits, "utf-16")
    assert after.startswith("FROM alpine:3.20 AS build\n")
    assert "run apk add  curl" in after
    assert after == format_text(MESSY, lines=(1, 2))


async def test_configured_tab_indent(client: LanguageClient, workspace: Path) -> None:
    folder = workspace / "tabs"
    folder.mkdir()
    (folder / ".dlint.yaml").write_text("format:\n  indent: tab\n")
    uri = opened(client, workspace, "tabs/Dockerfile", MESSY)
    edits = await formatting(client, uri)
    assert edits is not None
    after = apply_text_edits(MESSY, edits, "utf-16")
    assert after == format_text(MESSY, FormatOptions(indent="tab"))
    assert "\n\t" in after and "\n      " not in after


async def test_configuration_error_formats_nothing(
    client: LanguageClient, workspace: Path
) -> None:
    folder = workspace / "broken"
    folder.mkdir()
    (folder / ".dlint.yaml").write_text("format:\n  indent: 99\n")
    uri = opened(client, workspace, "broken/Dockerfile", MESSY)
    assert nothing(await formatting(client, uri))
    logged = [m.message for m in client.log_messages if uri in m.message]
    assert any("not formatted" in m and "indent" in m for m in logged), logged
