"""A generated monorepo of many Dockerfiles: dlint cold, cached, after a small change; hadolint.

Generates ``--files`` Dockerfiles (default 10,000) from ``../shared/corpus`` (``real`` then
``wild``, cycled), each in its own folder (``services/svc-00001/Dockerfile``), every one
made distinct by a last comment line (``# bench.id svc-00001``) so no two files are
byte-identical. Some folders also get a ``.dockerignore`` and small context files
(``package.json``, ``requirements.txt``, ``src/main.py``) so the rules that read the build
context have work. Then times, as whole processes on the monorepo's root directory:

- dlint cold: ``dlint --exit-zero ROOT`` with a new, empty cache directory each run;
- dlint ``--no-cache`` (each run right after a cold one, for the per-pair ratio);
- dlint cached: the same again on the last cold run's cache, nothing changed;
- dlint after a change: one line of 1% of the files changed before each run (another 1%
  each run), same cache;
- hadolint on ``--hadolint-sample`` files (default 1,000, spread evenly) in one process
  (files as arguments), and dlint ``--no-cache`` on the same sample; hadolint's time for all
  the files is extrapolated from its time per file (``--hadolint-all`` measures it).

``--runs`` (default 3) repeats the dlint measurements; medians and per-pair ratios are
reported with files/s, CPU time and peak RSS (the largest single process: see
``_proc.py``). Output goes to /dev/null. The inputs live in a temporary directory removed
at the end (``--keep DIR`` generates them in DIR and leaves them there); the caches always
go to a temporary directory. Usage::

    python bench/monorepo.py [--files 10000] [--runs 3] [--hadolint-sample 1000]
                             [--hadolint-all] [--keep DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _proc import (
    Run,
    check,
    compare,
    corpus_files,
    dlint_command,
    dlint_env,
    ensure_bytecode,
    hadolint_command,
    machine,
    measure,
    median,
    seconds,
    table,
    tree_size,
    workspace,
)

DOCKERIGNORE = b".git\nnode_modules/\n*.log\n__pycache__/\n.env\ndist/\n"
PACKAGE_JSON = (
    '{\n  "name": "svc-%05d",\n  "version": "1.0.0",\n  "private": true,\n'
    '  "scripts": {"start": "node src/index.js"},\n'
    '  "dependencies": {"express": "^4.19.2"}\n}\n'
)
REQUIREMENTS = "flask==3.0.3\ngunicorn==22.0.0\nrequests==2.32.3\n# svc-%05d\n"
MAIN_PY = 'import os\n\nprint("svc-%05d", os.environ.get("PORT", "8080"))\n'


def marker(index: int, touched: int = 0) -> bytes:
    """The last line that makes file ``index`` unique (changed when touched)."""
    suffix = f" touched-{touched}" if touched else ""
    return f"# bench.id svc-{index:05d}{suffix}\n".encode()


def context_files(index: int) -> dict[str, bytes]:
    """The files beside Dockerfile ``index``: none for a quarter of them, a few for the rest."""
    files: dict[str, bytes] = {}
    if index % 3 == 0:
        files[".dockerignore"] = DOCKERIGNORE
    if index % 4 == 0:
        files["package.json"] = (PACKAGE_JSON % index).encode()
    if index % 4 == 1:
        files["requirements.txt"] = (REQUIREMENTS % index).encode()
    if index % 4 in (1, 2):
        files["src/main.py"] = (MAIN_PY % index).encode()
    return files


def generate(root: Path, count: int, sources: Sequence[Path]) -> list[Path]:
    """``count`` distinct Dockerfiles with their contexts below ``root``; their paths."""
    texts = [p.read_bytes() for p in sources]
    dockerfiles = []
    for index in range(1, count + 1):
        folder = root / "services" / f"svc-{index:05d}"
        text = texts[(index - 1) % len(texts)]
        if text and not text.endswith(b"\n"):
            text += b"\n"
        for name, content in {"Dockerfile": text + marker(index), **context_files(index)}.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        dockerfiles.append(folder / "Dockerfile")
    return dockerfiles


def touch(files: Sequence[Path], round_: int) -> list[Path]:
    """Change the last line of 1% of ``files`` (a different 1% each round); those files."""
    chosen = list(files[round_ % 100 :: 100]) or [files[round_ % len(files)]]
    for path in chosen:
        index = int(path.parent.name.removeprefix("svc-"))
        text = path.read_bytes()
        old = _current_marker(text, index)
        path.write_bytes(text[: -len(old)] + marker(index, round_ + 1))
    return chosen


def _current_marker(text: bytes, index: int) -> bytes:
    last = text[text.rstrip(b"\n").rfind(b"\n") + 1 :]
    if not last.startswith(marker(index).rstrip(b"\n")):
        raise RuntimeError(f"svc-{index:05d}: the marker line is gone")
    return last


def sample(files: Sequence[Path], size: int) -> list[Path]:
    """``size`` of ``files`` spread evenly (all of them when there are fewer)."""
    if size >= len(files):
        return list(files)
    return [files[k * len(files) // size] for k in range(size)]


@dataclass
class Results:
    cold: list[Run] = field(default_factory=list)
    no_cache: list[Run] = field(default_factory=list)
    cached: list[Run] = field(default_factory=list)
    touched: list[Run] = field(default_factory=list)
    touched_files: int = 0
    cache_files: int = 0
    cache_bytes: int = 0
    hadolint: Run | None = None
    hadolint_files: int = 0
    dlint_sample: Run | None = None


def run_dlint(
    root: Path, files: Sequence[Path], dlint: list[str], scratch: Path, runs: int
) -> Results:
    """Cold and ``--no-cache`` in pairs, then cached, then after touching 1% each run."""
    results = Results()
    target = str(root)
    cache = scratch / "cache-0"
    for r in range(runs):
        if cache.exists():
            shutil.rmtree(cache)
        cache = scratch / f"cache-{r + 1}"
        cache.mkdir()
        env = dlint_env(cache)
        results.cold.append(_timed("dlint cold", [*dlint, "--exit-zero", target], env))
        results.no_cache.append(
            _timed("dlint --no-cache", [*dlint, "--no-cache", "--exit-zero", target], env)
        )
    results.cache_files, results.cache_bytes = tree_size(cache)
    env = dlint_env(cache)
    for _ in range(runs):
        results.cached.append(_timed("dlint cached", [*dlint, "--exit-zero", target], env))
    for r in range(runs):
        results.touched_files = len(touch(files, r))
        results.touched.append(_timed("dlint 1% changed", [*dlint, "--exit-zero", target], env))
    return results


def _timed(
    label: str, command: list[str], env: dict[str, str] | None, cwd: Path | None = None
) -> Run:
    run = measure(command, env=env, cwd=cwd)
    check(run, label)
    print(f"{label}: {seconds(run.seconds)}, {run.rss_mb:.0f} MB", file=sys.stderr)
    return run


def run_hadolint(
    root: Path,
    chosen: Sequence[Path],
    hadolint: list[str],
    dlint: list[str],
    env: dict[str, str],
    results: Results,
) -> None:
    """hadolint on ``chosen`` in one process, then dlint ``--no-cache`` on the same files."""
    relative = [str(p.relative_to(root)) for p in chosen]
    results.hadolint_files = len(chosen)
    results.hadolint = _timed("hadolint", [*hadolint, "--no-fail", *relative], None, root)
    results.dlint_sample = _timed(
        "dlint --no-cache (hadolint's files)",
        [*dlint, "--no-cache", "--exit-zero", *relative],
        env,
        root,
    )


def report(results: Results, count: int) -> str:
    def row(label: str, runs: Sequence[Run], files: int = count) -> list[str]:
        times = [r.seconds for r in runs]
        return [
            label,
            " ".join(f"{t:.2f}" for t in times),
            seconds(median(times)),
            f"{files / median(times):,.0f}",
            f"{median([r.cpu_seconds for r in runs]):.1f} s",
            f"{max(r.rss_mb for r in runs):.0f} MB",
        ]

    rows = [
        row("dlint cold (empty cache)", results.cold),
        row("dlint --no-cache", results.no_cache),
        row("dlint cached (nothing changed)", results.cached),
        row(f"dlint cached, {results.touched_files} files (1%) changed", results.touched),
    ]
    ratio_rows = [
        _ratio("cold / cached", results.cold, results.cached),
        _ratio("cold / --no-cache", results.cold, results.no_cache),
        _ratio("1% changed / cached", results.touched, results.cached),
    ]
    if results.hadolint and results.dlint_sample:
        n = results.hadolint_files
        rows.append(row(f"hadolint, {n:,} files, one process", [results.hadolint], n))
        rows.append(row(f"dlint --no-cache, the same {n:,} files", [results.dlint_sample], n))
        ratio_rows.append(
            _ratio(
                f"hadolint / dlint --no-cache ({n:,} files)",
                [results.hadolint],
                [results.dlint_sample],
            )
        )
        if n < count:
            per_file = results.hadolint.seconds / n
            rows.append(
                [
                    f"hadolint, all {count:,} files: EXTRAPOLATED",
                    "-",
                    f"{per_file * count:.1f} s (extrapolated)",
                    f"{1 / per_file:,.0f}",
                    "-",
                    "-",
                ]
            )
            cold = median([r.seconds for r in results.cold])
            ratio_rows.append(
                ["hadolint EXTRAPOLATED / dlint cold", "-", f"{per_file * count / cold:.1f}x"]
            )
    main = table(["measurement", "runs (s)", "median", "files/s", "CPU", "peak RSS"], rows)
    ratios = table(["time ratio", "per pair", "median"], ratio_rows)
    cache = (
        f"cache after a cold run: {results.cache_files:,} files, {results.cache_bytes / 1e6:.1f} MB"
    )
    return f"{main}\n\n{ratios}\n\n{cache}"


def _ratio(label: str, a: Sequence[Run], b: Sequence[Run]) -> list[str]:
    ratios, middle = compare([r.seconds for r in a], [r.seconds for r in b])
    return [label, " ".join(f"{x:.2f}" for x in ratios), f"{middle:.2f}x"]


def as_json(results: Results, count: int, info: dict[str, Any]) -> dict[str, Any]:
    def runs(done: Sequence[Run]) -> dict[str, Any]:
        return {
            "seconds": [r.seconds for r in done],
            "cpu_seconds": [r.cpu_seconds for r in done],
            "max_rss_kib": [r.max_rss_kib for r in done],
            "median_seconds": median([r.seconds for r in done]),
        }

    report: dict[str, Any] = {
        "machine": info,
        "files": count,
        "cold": runs(results.cold),
        "no_cache": runs(results.no_cache),
        "cached": runs(results.cached),
        "touched": {**runs(results.touched), "files_changed_per_run": results.touched_files},
        "ratios": {
            "cold/cached": compare(
                [r.seconds for r in results.cold], [r.seconds for r in results.cached]
            ),
            "cold/no_cache": compare(
                [r.seconds for r in results.cold], [r.seconds for r in results.no_cache]
            ),
        },
        "cache": {"files": results.cache_files, "bytes": results.cache_bytes},
    }
    if results.hadolint and results.dlint_sample:
        n = results.hadolint_files
        report["hadolint"] = {
            "files": n,
            **runs([results.hadolint]),
            "extrapolated_seconds_all_files": results.hadolint.seconds / n * count,
            "extrapolated": n < count,
        }
        report["dlint_no_cache_same_files"] = runs([results.dlint_sample])
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000, help="Dockerfiles (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each dlint measurement")
    parser.add_argument(
        "--hadolint-sample", type=int, default=1_000, metavar="N", help="files for hadolint"
    )
    parser.add_argument("--hadolint-all", action="store_true", help="hadolint on every file")
    parser.add_argument("--no-hadolint", action="store_true", help="skip hadolint")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate in DIR and keep it")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    args = parser.parse_args()
    if args.files < 1 or args.runs < 1:
        parser.error("--files and --runs must be at least 1")

    hadolint = None if args.no_hadolint else hadolint_command()
    ensure_bytecode()
    sources = corpus_files("real") + corpus_files("wild")
    with (
        tempfile.TemporaryDirectory(prefix="dlint-bench-caches-") as scratch,
        workspace(args.keep, "dlint-bench-monorepo-") as root,
    ):
        env = dlint_env(Path(scratch) / "cache-sample")
        dlint = dlint_command(env)
        info = machine(dlint, hadolint)
        start = time.perf_counter()
        files = generate(root, args.files, sources)
        made = time.perf_counter() - start
        count, size = tree_size(root)
        print(
            f"monorepo {root}: {len(files):,} Dockerfiles from {len(sources)} corpus files, "
            f"{count:,} files, {size / 1e6:.1f} MB, generated in {made:.1f} s; "
            f"{info['cpus']} CPUs; {info['dlint']} ({' '.join(dlint)}); {info['hadolint']}"
        )
        measure([*dlint, "--no-cache", str(files[0])], env=env)  # warm-ups, untimed
        if hadolint is not None:
            measure([*hadolint, "--no-fail", str(files[0])])
        results = run_dlint(root, files, dlint, Path(scratch), args.runs)
        if hadolint is not None:
            chosen = files if args.hadolint_all else sample(files, args.hadolint_sample)
            run_hadolint(root, chosen, hadolint, dlint, env, results)

    print(f"\n## Monorepo: {len(files):,} Dockerfiles, {args.runs} runs, {info['cpus']} CPUs\n")
    print(report(results, len(files)))
    if args.keep:
        print(f"\ninputs kept in {args.keep} (the last run changed 1% of the files)")
    if args.json:
        args.json.write_text(json.dumps(as_json(results, len(files), info), indent=2) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
