"""``dlint context`` on a generated 100,000-file build context, against ``dlint --no-cache``.

Generates, in a temporary directory, the context of a web application as it sits in a
developer's checkout: ``src/`` (nested packages of modules), ``node_modules/`` (packages
with nested ``node_modules`` of their own, deep trees), ``.git/objects`` (loose objects
and packs), build output (``dist/``), ``docs/``, ``tests/`` and some logs, a
``.dockerignore`` keeping ``node_modules``, ``.git`` and the logs out, and a two-stage
Dockerfile that copies the manifests, then ``src/``, then copies the built files from the
first stage. File sizes are realistic but the files are sparse (``truncate``): the
generated tree takes next to no disk space, and ``lstat`` reports the sizes.

Then, as whole processes (fresh each run, output to /dev/null), ``--runs`` times each,
interleaved: ``dlint context --format text CTX``, ``dlint context --format json CTX``,
and ``dlint --no-cache CTX/Dockerfile`` (the linter, whose context rules list the same
context). Reports the median wall time and the peak RSS of each (the child's own
``ru_maxrss``, from ``os.wait4``: what ``getrusage(RUSAGE_CHILDREN)`` reports for a single
child). Usage::

    python bench/context_report.py [--files 100000] [--runs 5] [--keep DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from _proc import (
    Run,
    check,
    dlint_command,
    dlint_env,
    ensure_bytecode,
    machine,
    measure,
    median,
    seconds,
    table,
    workspace,
)

DOCKERFILE = """\
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src/ src/
RUN npm run build

FROM node:20-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY package.json ./
CMD ["node", "dist/index.js"]
"""
DOCKERIGNORE = "node_modules\n.git\n*.log\ncoverage\n"
#: Share of the files in each part of the tree.
SHARES = {"node_modules": 0.62, ".git": 0.18, "src": 0.08, "dist": 0.06, "docs": 0.03}


def _sized(path: Path, size: int) -> None:
    """A sparse file of ``size`` bytes."""
    with path.open("wb") as stream:
        stream.truncate(size)


def _fill(
    folder: Path,
    count: int,
    rng: random.Random,
    *,
    depth: int,
    fanout: int,
    suffixes: tuple[str, ...],
    mean_size: int,
) -> int:
    """``count`` files below ``folder`` in a tree ``depth`` levels deep, ``fanout``
    sub-folders per level; returns how many were made."""
    made = 0
    folders = [folder]
    for level in range(depth):
        prefix = "pkg" if level == 0 else "mod"
        folders = [f / f"{prefix}{i:02d}" for f in folders for i in range(fanout)]
    for f in folders:
        f.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        where = folders[i % len(folders)]
        size = max(0, int(rng.expovariate(1 / mean_size)))
        _sized(where / f"file{i:06d}{suffixes[i % len(suffixes)]}", size)
        made += 1
    return made


def _node_modules(root: Path, count: int, rng: random.Random) -> int:
    """Packages of a few files each, a nested ``node_modules`` in every fifth, deep
    ``lib/`` trees in the big ones."""
    made = 0
    index = 0
    while made < count:
        package = root / f"package-{index:05d}"
        if index % 5 == 4:
            package = root / f"package-{index - 1:05d}" / "node_modules" / f"dep-{index:05d}"
        lib = package / "lib" / "internal" / ("utils" if index % 3 else "core")
        lib.mkdir(parents=True, exist_ok=True)
        _sized(package / "package.json", 400 + rng.randrange(1600))
        _sized(package / "README.md", rng.randrange(8000))
        made += 2
        for j in range(min(count - made, 4 + rng.randrange(12))):
            _sized(lib / f"m{j}.js", int(rng.expovariate(1 / 6000)))
            made += 1
        index += 1
    return made


def _git(root: Path, count: int, rng: random.Random) -> int:
    objects = root / "objects"
    made = 0
    for i in range(count - 2):
        folder = objects / f"{i % 256:02x}"
        folder.mkdir(parents=True, exist_ok=True)
        _sized(folder / f"{rng.getrandbits(152):038x}", 100 + int(rng.expovariate(1 / 2000)))
        made += 1
    (objects / "pack").mkdir(parents=True, exist_ok=True)
    _sized(objects / "pack" / "pack-0001.pack", 180_000_000)
    _sized(objects / "pack" / "pack-0001.idx", 2_000_000)
    return made + 2


def generate(root: Path, files: int, seed: int = 21) -> int:
    """The context of ``files`` files (about) in ``root``; returns how many were made."""
    rng = random.Random(seed)
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / ".dockerignore").write_text(DOCKERIGNORE)
    top = {"package.json": 1500, "package-lock.json": 400_000, "tsconfig.json": 600,
           "README.md": 5000}
    for name, size in top.items():
        _sized(root / name, size)
    made = 6
    share = {name: int(files * part) for name, part in SHARES.items()}
    made += _node_modules(root / "node_modules", share["node_modules"], rng)
    made += _git(root / ".git", share[".git"], rng)
    sources = (".ts", ".tsx", ".css", ".json")
    made += _fill(root / "src", share["src"], rng, depth=2, fanout=8, suffixes=sources,
                  mean_size=3000)
    made += _fill(root / "dist", share["dist"], rng, depth=1, fanout=6,
                  suffixes=(".js", ".js.map"), mean_size=20000)
    made += _fill(root / "docs", share["docs"], rng, depth=1, fanout=3,
                  suffixes=(".md", ".png"), mean_size=30000)
    made += _fill(root / "tests", max(0, files - made - 50), rng, depth=1, fanout=4,
                  suffixes=(".test.ts",), mean_size=2500)
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    for i in range(min(50, max(0, files - made))):
        _sized(logs / f"build-{i:03d}.log", 50_000)
        made += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=100_000, help="files (default 100,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate in DIR and keep it")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    args = parser.parse_args()

    ensure_bytecode()
    with workspace(None, "dlint-bench-cache-") as cache, workspace(
        args.keep, "dlint-bench-context-"
    ) as root:
        env = dlint_env(cache)
        dlint = dlint_command(env)
        made = generate(root, args.files)
        entries = sum(len(d) + len(f) for _, d, f in os.walk(root))
        print(f"generated {made:,} files ({entries:,} entries) in {root}", file=sys.stderr)
        commands = {
            "dlint context": [*dlint, "context", str(root)],
            "dlint context --format json": [*dlint, "context", "--format", "json", str(root)],
            "dlint --no-cache FILE": [
                *dlint, "--no-cache", "--exit-zero", str(root / "Dockerfile")
            ],
        }
        runs: dict[str, list[Run]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                run = measure(command, env=env)
                check(run, name)
                runs[name].append(run)
    rows = []
    results: dict[str, Any] = {}
    for name, done in runs.items():
        wall = median([r.seconds for r in done])
        rss = median([r.rss_mb for r in done])
        rows.append([name, seconds(wall), f"{rss:.0f} MB"])
        results[name] = {
            "seconds": [r.seconds for r in done],
            "max_rss_kib": [r.max_rss_kib for r in done],
        }
    print(f"\n{made:,} files, {entries:,} entries; median of {args.runs} runs\n")
    print(table(["command", "wall time", "peak RSS"], rows))
    if args.json is not None:
        report = {
            "files": made,
            "entries": entries,
            "runs": args.runs,
            "machine": machine(dlint, None),
            "results": results,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
