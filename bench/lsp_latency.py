"""LSP latency: time from ``didChange`` to the ``publishDiagnostics`` of that version.

Starts the real server (``python -m dlint_dockerfile lsp``) with the debounce set to 0 through
``initializationOptions``, opens a 300-line and a 3,000-line Dockerfile made of whole
files from ``../shared/corpus/real``, then sends ``--edits`` incremental edits to each (one
at a time, waiting for each publication) and prints p50 and p95 per size. The client is a
minimal JSON-RPC reader, so the numbers include the server's work, the transport and
``json.loads`` of the answer, nothing else. Targets: p95 < 20 ms (300 lines) and
< 150 ms (3,000 lines). ``--server-log`` also prints the server's own lint times (from its
debug log); ``--profile`` times one lint of each document in process, per rule, and the
``Dockerfile.code`` recomputations rules trigger. Usage::

    python bench/lsp_latency.py [--edits 50] [--sizes 300,3000] [--profile] [--server-log PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
WARMUP = 5


def dockerfile(lines: int) -> str:
    """``lines`` lines of real Dockerfiles (whole files in turn, the last one cut)."""
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and "dockerignore" not in p.name)
    out: list[str] = []
    while len(out) < lines:
        for path in files:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            out.extend(text.splitlines(keepends=True))
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            if len(out) >= lines:
                break
    return "".join(out[:lines])


class Client:
    """Just enough LSP over a subprocess's pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.writer = process.stdin
        self.reader = process.stdout
        self.next_id = 0

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        return ident

    async def receive(self) -> dict[str, Any]:
        length = 0
        while True:
            line = await self.reader.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line == b"\r\n":
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(await self.reader.readexactly(length))
        if message.get("method") in ("workspace/configuration", "client/registerCapability"):
            reply = {"jsonrpc": "2.0", "id": message["id"], "result": None}
            body = json.dumps(reply).encode()
            self.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        return message

    async def request(self, method: str, params: Any) -> Any:
        ident = self.send(method, params, request=True)
        while True:
            message = await self.receive()
            if message.get("id") == ident and "method" not in message:
                return message.get("result")

    async def published(self, uri: str, version: int) -> list[Any]:
        while True:
            message = await self.receive()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] == uri and params.get("version") == version:
                diagnostics: list[Any] = params["diagnostics"]
                return diagnostics


def lint_times(log: str, size: int) -> list[float]:
    """The server's own lint times of the measured edits of one size (from its debug log)."""
    found: list[float] = []
    pattern = re.compile(rf"linted \S+/{size}/Dockerfile v(\d+) in ([\d.]+) ms")
    for match in pattern.finditer(Path(log).read_text()):
        if int(match.group(1)) > WARMUP + 1:
            found.append(float(match.group(2)))
    return found


async def measure(sizes: list[int], edits: int, log: str | None) -> dict[int, list[float]]:
    extra = ["--log-file", log, "--log-level", "debug"] if log else []
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "dlint",
        "lsp",
        *extra,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    client = Client(process)
    results: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        await client.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {},
                "initializationOptions": {"debounceMs": 0},
            },
        )
        client.send("initialized", {})
        for size in sizes:
            folder = root / str(size)
            folder.mkdir()
            path = folder / "Dockerfile"
            text = dockerfile(size)
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            uri = path.as_uri()
            item = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
            client.send("textDocument/didOpen", {"textDocument": item})
            found = await client.published(uri, 1)
            line = size // 2
            timings: list[float] = []
            for n in range(WARMUP + edits):
                version = n + 2
                # type a character at the start of a middle line, then delete it again
                start = {"line": line, "character": 0}
                if n % 2 == 0:
                    change = {"range": {"start": start, "end": start}, "text": "#"}
                else:
                    end = {"line": line, "character": 1}
                    change = {"range": {"start": start, "end": end}, "text": ""}
                began = time.perf_counter()
                client.send(
                    "textDocument/didChange",
                    {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [change],
                    },
                )
                await client.published(uri, version)
                if n >= WARMUP:
                    timings.append((time.perf_counter() - began) * 1000)
            results[size] = timings
            print(f"{size:>6} lines: {len(found)} diagnostics", file=sys.stderr)
        await client.request("shutdown", None)
        client.send("exit", None)
        await process.wait()
    return results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def profile(sizes: list[int], rounds: int = 3) -> None:
    """Where one lint of each document spends its time, in process: parse and model, each
    rule (its visits and ``finish``), and the ``Dockerfile.code`` recomputations inside."""
    import gc
    from collections import defaultdict

    from dlint_dockerfile.lint.rule import Rule, RuleContext
    from dlint_dockerfile.lint.runner import LintSettings, lint_model
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import nodes, parse

    spent: defaultdict[str, float] = defaultdict(float)

    def timed(key: str, function: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args)
            finally:
                spent[key] += time.perf_counter() - began

        return wrapper

    def timed_rule(rule: type[Rule]) -> type[Rule]:
        namespace = {
            name: timed(rule.code, getattr(rule, name))
            for name in dir(rule)
            if name.startswith("visit_") or name == "finish"
        }
        init = rule.__init__

        def __init__(self: Rule, ctx: RuleContext) -> None:
            timed(rule.code, init)(self, ctx)

        namespace["__init__"] = __init__
        return type(rule.__name__, (rule,), namespace)

    defaults = LintSettings.default()
    settings = LintSettings(
        tuple(timed_rule(r) for r in defaults.rules), registry=defaults.registry
    )
    code: property = nodes.Dockerfile.__dict__["code"]
    for size in sizes:
        text = dockerfile(size)
        lint_model(DockerfileModel(parse(text)), settings)  # warm caches
        spent.clear()
        patched = property(timed("Dockerfile.code", code.fget))
        setattr(nodes.Dockerfile, "code", patched)  # noqa: B010 - a property, swapped for timing
        gc.disable()
        try:
            began = time.perf_counter()
            for round_ in range(rounds):
                started = time.perf_counter()
                model = DockerfileModel(parse(text + "#\n" * round_))
                _ = model.index
                spent["parse + model"] += time.perf_counter() - started
                lint_model(model, settings)
            total = (time.perf_counter() - began) / rounds
        finally:
            gc.enable()
            setattr(nodes.Dockerfile, "code", code)  # noqa: B010
        print(f"\n== {size} lines: {total * 1000:.0f} ms per lint (GC off), mean of {rounds} ==")
        registry = defaults.registry
        for key, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:12]:
            rule = registry.get(key)
            label = f"{key} {rule.name}" if rule is not None else key
            if key == "Dockerfile.code":
                label += " (within the rules)"
            print(f"  {label:<48} {seconds / rounds * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--sizes", default="300,3000")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--server-log", metavar="PATH", help="the server's debug log (lint times)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = asyncio.run(measure(sizes, args.edits, args.server_log))
    targets = {300: 20.0, 3000: 150.0}
    print(f"didChange -> publishDiagnostics, {args.edits} edits per size, debounce 0")
    print(f"{'lines':>6} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'max ms':>8}  target p95")
    for size, timings in results.items():
        target = targets.get(size)
        p95 = percentile(timings, 0.95)
        verdict = (
            "" if target is None else f"< {target:g} ms: {'met' if p95 < target else 'MISSED'}"
        )
        print(
            f"{size:>6} {statistics.median(timings):>8.1f} {p95:>8.1f} "
            f"{statistics.fmean(timings):>8.1f} {max(timings):>8.1f}  {verdict}"
        )
    if args.server_log:
        print("the server's own lint time (parse, model, rules, conversion), same edits:")
        for size in results:
            inside = lint_times(args.server_log, size)
            if inside:
                p50, p95 = statistics.median(inside), percentile(inside, 0.95)
                print(f"{size:>6} {p50:>8.1f} {p95:>8.1f}")
    if args.profile:
        profile(sizes)


if __name__ == "__main__":
    main()
