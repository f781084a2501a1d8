"""The formatter's safety and speed, side by side with dockerfmt (npm ``@reteps/dockerfmt``).

For each corpus part (real, wild, buildkit-parser) and each tool (dlint's `format_text`
with the default options; dockerfmt 0.5.4 with its CLI's defaults), in one run: files,
errors, outputs BuildKit can no longer parse, outputs that change meaning (the test
suite's checker, `tests.format_equivalence.difference`), outputs a second run changes,
files changed. Then speed on corpus/real: each tool in-process (median of ``--rounds``,
files/s), and as a user runs it (``dlint format --check`` against the ``dockerfmt --check``
CLI over the same files). ``--list`` prints every failing file with its first difference.

dockerfmt is installed with ``npm ci`` from ``bench/dockerfmt`` (its ``package.json`` and
lock pin 0.5.4) into ``~/.cache/dlint-bench/dockerfmt``, never into the checkout, and runs
in one node process (``bench/dockerfmt/run.mjs``: every file, then every output again for
idempotence, then the timed rounds). Usage::

    python bench/format.py [--rounds 5] [--list] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _proc import CORPUS, ROOT, dlint_command, dlint_env, ensure_bytecode, measure, median, table

sys.path.insert(0, str(ROOT))  # the checker lives with the tests

from tests.fix_invariants import buildkit_can_read, buildkit_parses
from tests.format_equivalence import difference

DOCKERFMT_VERSION = "0.5.4"
PINNED = ROOT / "bench" / "dockerfmt"
PINNED_FILES = ("package.json", "package-lock.json", "run.mjs")
PARTS = ("real", "wild", "buildkit-parser")


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


INSTALL = _cache_home() / "dlint-bench" / "dockerfmt"


@dataclass
class Outcome:
    """One tool on one file: its output (and that output formatted again), or an error."""

    output: str | None = None
    again: str | None = None
    error: str | None = None


@dataclass
class Tally:
    """One tool on one corpus part: the table's row, and the files behind each count."""

    files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    unparsable: list[tuple[str, str]] = field(default_factory=list)
    meaning: list[tuple[str, str]] = field(default_factory=list)
    unstable: list[tuple[str, str]] = field(default_factory=list)
    changed: int = 0


# ------------------------------------------------------------------------- inputs


def corpus_part(part: str) -> list[Path]:
    """The Dockerfiles of ``corpus/PART``: BuildKit's test folders hold a ``result`` beside
    each ``Dockerfile``, the other parts a few ``.dockerignore`` files."""
    folder = CORPUS / part
    if not folder.is_dir():
        sys.exit(f"error: no corpus at {folder} (check the project out beside shared/)")
    found = sorted(p for p in folder.rglob("*") if p.is_file())
    if part == "buildkit-parser":
        return [p for p in found if p.name == "Dockerfile"]
    return [p for p in found if not p.name.endswith(".dockerignore")]


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


# ------------------------------------------------------------------------- dockerfmt


def install_dockerfmt() -> Path:
    """The pinned dockerfmt under `INSTALL` (``npm ci`` when the pinned files changed or
    nothing is installed yet); returns the folder."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        sys.exit("error: dockerfmt needs node and npm on PATH (apt-get install nodejs npm)")
    INSTALL.mkdir(parents=True, exist_ok=True)
    stale = False
    for name in PINNED_FILES:
        source, target = PINNED / name, INSTALL / name
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
            stale = stale or name != "run.mjs"
    installed = INSTALL / "node_modules" / "@reteps" / "dockerfmt" / "package.json"
    if stale or not installed.is_file():
        print(f"installing dockerfmt {DOCKERFMT_VERSION} into {INSTALL} (npm ci)", file=sys.stderr)
        run = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=INSTALL,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            sys.exit(f"error: npm ci in {INSTALL} failed:\n{run.stderr.strip()}")
    version = json.loads(installed.read_text())["version"]
    if version != DOCKERFMT_VERSION:
        sys.exit(f"error: {installed} is dockerfmt {version}, not {DOCKERFMT_VERSION}")
    return INSTALL


def run_dockerfmt(
    install: Path, paths: Sequence[Path], timed: Sequence[Path], rounds: int
) -> tuple[dict[Path, Outcome], list[float]]:
    """Every path formatted (and formatted again) in one node process, then ``rounds``
    timed rounds over ``timed``: outcomes by path, seconds of each round."""
    with tempfile.TemporaryDirectory(prefix="dlint-bench-dockerfmt-") as scratch:
        request, result = Path(scratch) / "request.json", Path(scratch) / "result.json"
        request.write_text(
            json.dumps(
                {
                    "paths": [str(p) for p in paths],
                    "timed": [str(p) for p in timed],
                    "rounds": rounds,
                }
            )
        )
        run = subprocess.run(
            ["node", str(install / "run.mjs"), str(request), str(result)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0 or not result.is_file():
            sys.exit(f"error: the dockerfmt runner exited {run.returncode}:\n{run.stderr}")
        answer = json.loads(result.read_text())
    outcomes = {}
    for item in answer["results"]:
        # a second pass that throws leaves ``again`` None: counted as not idempotent
        outcomes[Path(item["path"])] = Outcome(
            item.get("output"), item.get("again"), item.get("error")
        )
    return outcomes, list(answer["rounds"])


# ------------------------------------------------------------------------- dlint


def run_dlint(paths: Sequence[Path]) -> dict[Path, Outcome]:
    from dlint_dockerfile.format import format_text

    outcomes = {}
    for path in paths:
        try:
            output = format_text(read_text(path))
            outcomes[path] = Outcome(output, format_text(output))
        except Exception as exc:  # the count of such files is what is measured
            outcomes[path] = Outcome(error=f"{type(exc).__name__}: {exc}")
    return outcomes


def dlint_rounds(paths: Sequence[Path], rounds: int) -> list[float]:
    """Rounds over the files, each as a fresh process would run it: dlint's tables kept
    by text (parsed instructions, scripts, layouts) emptied first, or every round after
    the first would only look up what the first one made."""
    from dlint_dockerfile.format import format_text

    texts = [read_text(p) for p in paths]
    times = []
    for _ in range(rounds):
        _empty_dlint_tables()
        start = time.perf_counter()
        for text in texts:
            format_text(text)
        times.append(time.perf_counter() - start)
    return times


def _empty_dlint_tables() -> None:
    """Empty every ``functools`` cache of dlint's modules."""
    for name, module in list(sys.modules.items()):
        if name.startswith("dlint_dockerfile"):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


# ------------------------------------------------------------------------- judging


#: How the checker starts the difference of a text BuildKit no longer parses.
_NO_LONGER_PARSES = "the formatted text no longer parses: "


def judge(paths: Sequence[Path], outcomes: dict[Path, Outcome]) -> Tally:
    tally = Tally(files=len(paths))
    for path in paths:
        name = str(path.relative_to(CORPUS))
        outcome = outcomes[path]
        if outcome.error is not None or outcome.output is None:
            tally.errors.append((name, outcome.error or "no output"))
            continue
        text, output = read_text(path), outcome.output
        if output != text:
            tally.changed += 1
        found = difference(text, output)
        readable = buildkit_can_read(text) and buildkit_can_read(output)
        if readable and buildkit_parses(text) and not buildkit_parses(output):
            tally.unparsable.append((name, (found or "").removeprefix(_NO_LONGER_PARSES)))
        elif found is not None:
            tally.meaning.append((name, found))
        if outcome.again != output:
            tally.unstable.append((name, _first_changed_line(output, outcome.again)))
    return tally


def _first_changed_line(output: str, again: str | None) -> str:
    if again is None:
        return "the second run failed"
    for number, (a, b) in enumerate(
        zip(output.split("\n"), again.split("\n"), strict=False), start=1
    ):
        if a != b:
            return f"the second run changes line {number}: {a!r} -> {b!r}"
    return "the second run changes the end of the file"


# ------------------------------------------------------------------------- the CLIs


def has_dlint_format(dlint: Sequence[str], env: dict[str, str]) -> bool:
    """Whether this checkout's dlint has the ``format`` subcommand yet."""
    run = subprocess.run(
        [*dlint, "format", "--help"], capture_output=True, text=True, check=False, env=env
    )
    return run.returncode == 0 and run.stdout.lstrip().startswith("usage: dlint format")


def cli_rounds(command: Sequence[str], rounds: int, env: dict[str, str] | None) -> list[float]:
    """Wall seconds of ``rounds`` runs of ``command`` (exit 0 or 1: formatted or not)."""
    times = []
    for _ in range(rounds):
        run = measure(command, env=env)
        if run.returncode not in (0, 1):
            tail = run.stderr.decode(errors="replace").strip()[-500:]
            sys.exit(f"error: {' '.join(command[:3])} ... exited {run.returncode}: {tail}")
        times.append(run.seconds)
    return times


# ------------------------------------------------------------------------- report


def rate(files: int, seconds: list[float]) -> str:
    if not seconds:
        return "n/a"
    middle = median(seconds)
    took = f"{middle * 1e6:.0f} µs" if middle < 1e-3 else f"{middle * 1000:.0f} ms"
    return f"{took}, {files / middle:,.0f} files/s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per measurement")
    parser.add_argument("--list", action="store_true", help="print every failing file")
    parser.add_argument("--json", type=Path, help="write the numbers and failures here")
    args = parser.parse_args()

    install = install_dockerfmt()
    parts = {part: corpus_part(part) for part in PARTS}
    every = [p for paths in parts.values() for p in paths]
    real = parts["real"]

    docker_outcomes, docker_times = run_dockerfmt(install, every, real, args.rounds)
    dlint_outcomes = run_dlint(every)
    tallies = {
        (part, tool): judge(paths, outcomes)
        for part, paths in parts.items()
        for tool, outcomes in (("dlint", dlint_outcomes), ("dockerfmt", docker_outcomes))
    }

    print(f"dockerfmt {DOCKERFMT_VERSION} (WASM in node {_node_version()}), dlint format_text")
    print("(default options); the checker: tests/format_equivalence.py\n")
    rows = [
        (
            part,
            tool,
            t.files,
            len(t.errors),
            len(t.unparsable),
            len(t.meaning),
            len(t.unstable),
            t.changed,
        )
        for (part, tool), t in tallies.items()
    ]
    headers = (
        "corpus",
        "tool",
        "files",
        "errors",
        "no longer parse",
        "meaning changed",
        "not idempotent",
        "changed",
    )
    print(table(headers, rows))

    dlint_times = dlint_rounds(real, args.rounds)
    print(f"\nspeed on corpus/real ({len(real)} files), median of {args.rounds} rounds:\n")
    speed: list[tuple[str, str, str]] = [
        ("in-process", "dlint format_text", rate(len(real), dlint_times)),
        ("in-process", "dockerfmt (WASM, one node)", rate(len(real), docker_times)),
    ]
    cache = Path(tempfile.mkdtemp(prefix="dlint-bench-format-"))
    try:
        ensure_bytecode()
        env = dlint_env(cache)
        dlint = dlint_command(env)
        names = [str(p) for p in real]
        if has_dlint_format(dlint, env):
            times = cli_rounds([*dlint, "format", "--check", *names], args.rounds, env)
            speed.append(("CLI", "dlint format --check", rate(len(real), times)))
        else:
            speed.append(("CLI", "dlint format --check", "n/a: no `dlint format` on this branch"))
        launcher = install / "node_modules" / ".bin" / "dockerfmt"
        times = cli_rounds([str(launcher), "--check", *names], args.rounds, None)
        speed.append(("CLI", "dockerfmt --check (Go binary, npm launcher)", rate(len(real), times)))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(table(("how", "tool", "median, files/s"), speed))

    kinds = [
        (part, tool, ", ".join(f"{n} {kind}" for kind, n in _kinds(t.meaning)))
        for (part, tool), t in tallies.items()
        if t.meaning
    ]
    if kinds:
        print("\nmeaning changed, by what differs first:\n")
        print(table(("corpus", "tool", "files"), kinds))
    if args.list:
        _print_failures(tallies)
    if args.json is not None:
        report: dict[str, Any] = {
            "dockerfmt": DOCKERFMT_VERSION,
            "rounds": args.rounds,
            "table": [dict(zip(headers, row, strict=True)) for row in rows],
            "speed": [dict(zip(("how", "tool", "result"), s, strict=True)) for s in speed],
            "failures": {f"{part}/{tool}": asdict(t) for (part, tool), t in tallies.items()},
        }
        args.json.write_text(json.dumps(report, indent=2))


#: What a difference found first, by the words the checker names it with.
_KINDS = (
    ("keyword differ", "keyword (MAINTAINER -> LABEL...)"),
    ("inner flags differ", "ONBUILD's flags"),
    ("flags differ", "flags"),
    ("json differ", "exec form <-> shell form"),
    ("heredocs differ", "heredoc content"),
    ("values differ", "arguments"),
    ("install packages differ", "install packages"),
    ("shell token", "shell script"),
    ("instructions vs", "number of instructions"),
    ("directives differ", "parser directives"),
    ("parse", "parse error"),
)


def _kinds(found: Sequence[tuple[str, str]]) -> list[tuple[str, int]]:
    """How many differences of each kind, most first."""
    counts: dict[str, int] = {}
    for _, why in found:
        kind = next((name for words, name in _KINDS if words in why), "other")
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _print_failures(tallies: dict[tuple[str, str], Tally]) -> None:
    kinds: tuple[tuple[str, Callable[[Tally], list[tuple[str, str]]]], ...] = (
        ("error", lambda t: t.errors),
        ("no longer parses", lambda t: t.unparsable),
        ("meaning changed", lambda t: t.meaning),
        ("not idempotent", lambda t: t.unstable),
    )
    for tool in ("dlint", "dockerfmt"):
        print(f"\n## {tool}")
        found = False
        for (_, name), tally in tallies.items():
            if name != tool:
                continue
            for kind, pick in kinds:
                for path, why in pick(tally):
                    print(f"{path}: {kind}: {why}")
                    found = True
        if not found:
            print("(none)")


def _node_version() -> str:
    run = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return run.stdout.strip() or "?"


if __name__ == "__main__":
    main()
