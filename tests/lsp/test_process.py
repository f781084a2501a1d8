"""The server process itself: a failing rule, shutdown and exit, the TCP transport."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import (
    capabilities,
    codes,
    config,
    initialize,
    open_document,
    published,
    wait_for,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

FAULTY = [sys.executable, str(Path(__file__).with_name("faulty_server.py"))]


@pytest_lsp.fixture(config=config(FAULTY), loop_scope="module")
async def faulty(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await initialize(lsp_client, tmp_path, capabilities(), {"debounceMs": 0})
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config(), loop_scope="module")
async def plain(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await initialize(lsp_client, tmp_path, capabilities(), {"debounceMs": 0})
    yield


async def test_failing_rule_is_logged_and_skipped(faulty: LanguageClient, tmp_path: Path) -> None:
    text = (
        "FROM ubuntu:latest\n"
        "RUN apt-get install -y curl\n"
        "run apt-get install -y git\n"
        "RUN apt-get install -y vim\n"
    )
    uri = (tmp_path / "Dockerfile").as_uri()
    open_document(faulty, uri, text)
    found = codes(await published(faulty, uri, 1))
    assert "DLX202" in found  # the other rules still report
    assert "DLX006" not in found  # raised in finish: skipped for this file
    assert "DLX305" not in found  # raised on the second RUN: its first finding is dropped too
    messages = await wait_for(
        lambda: [m.message for m in faulty.log_messages if "failed on" in m.message],
        what="the failure log",
    )
    assert any("DLX006" in m and "boom on purpose" in m for m in messages)
    assert any("DLX305" in m and "second RUN" in m for m in messages)
    # the server keeps serving the document
    hover = await faulty.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=1),
        )
    )
    assert hover is not None


async def test_shutdown_and_exit(plain: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    open_document(plain, uri, "FROM alpine:3.20\nrun true\n")
    assert codes(await published(plain, uri, 1)) == ["DLX006"]
    await plain.shutdown_async(None)
    plain.exit(None)
    process = plain._server
    assert process is not None
    assert await asyncio.wait_for(process.wait(), 10) == 0


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


async def _read(reader: asyncio.StreamReader) -> dict[str, Any]:
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    message: dict[str, Any] = json.loads(await reader.readexactly(length))
    return message


async def test_tcp_transport(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dlint_dockerfile", "lsp", "--tcp", f"127.0.0.1:{port}"
    )
    try:
        for _ in range(300):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.05)
        else:
            raise AssertionError("the server did not listen")
        writer.write(
            _frame(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {"processId": None, "rootUri": None, "capabilities": {}},
                }
            )
        )
        answer = await asyncio.wait_for(_read(reader), 30)
        assert answer["id"] == 1
        assert answer["result"]["serverInfo"]["name"] == "dlint"
        writer.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        writer.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        while (await asyncio.wait_for(_read(reader), 30)).get("id") != 2:
            pass
        writer.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        await writer.drain()
        writer.close()
        assert await asyncio.wait_for(process.wait(), 10) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
