"""Throughput and start-up, dlint vs hadolint on ``corpus/real``, as whole processes.

Batch, cold (no result cache): ``--runs`` rounds; each round runs, one after the other,
hadolint on all the Dockerfiles of ``../shared/corpus/real`` in one process
(``hadolint --no-fail FILES...``), dlint on the same files with its default jobs (all
cores: ``dlint --no-cache --exit-zero FILES...``) and dlint in one process (``-j 1``, the
per-core comparison). The order rotates from round to round. Prints each run, the
medians, the median of the per-round ratios (hadolint time / dlint time), CPU time and
peak RSS (the largest single process: see ``_proc.py``).

Start-up: ``--single-runs`` times each, round-robin, ``dlint --version``,
``dlint --no-cache FILE`` (cold), ``dlint FILE`` with a warm result cache (filled by one
untimed run first) and ``hadolint FILE``, on the median-sized Dockerfile of corpus/real;
median and p90.

Output goes to /dev/null. Each tool first runs once, untimed, on one file (loading its
binary and modules from disk). dlint's cache lives in a temporary directory
(``DLINT_CACHE_DIR``), removed at the end. Usage::

    python bench/throughput.py [--runs 5] [--single-runs 20] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
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
    p90,
    seconds,
    table,
    tree_size,
)

HADOLINT = "hadolint"
DLINT = "dlint"
DLINT_J1 = "dlint -j 1"
VERSION = "dlint --version"
COLD = "dlint --no-cache FILE"
WARM = "dlint FILE (warm cache)"
HADOLINT_ONE = "hadolint FILE"


def typical_file(files: Sequence[Path]) -> Path:
    """The median-sized file (by bytes; the smaller of the two middle ones)."""
    by_size = sorted(files, key=lambda p: (p.stat().st_size, str(p)))
    return by_size[(len(by_size) - 1) // 2]


def batch_commands(
    files: Sequence[Path], dlint: list[str], hadolint: list[str]
) -> dict[str, list[str]]:
    paths = [str(p) for p in files]
    return {
        HADOLINT: [*hadolint, "--no-fail", *paths],
        DLINT: [*dlint, "--no-cache", "--exit-zero", *paths],
        DLINT_J1: [*dlint, "--no-cache", "--exit-zero", "-j", "1", *paths],
    }


def run_batch(
    commands: dict[str, list[str]], rounds: int, env: dict[str, str]
) -> dict[str, list[Run]]:
    """``rounds`` runs of every command, the order rotated each round."""
    names = list(commands)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for i in range(rounds):
        order = names[i % len(names) :] + names[: i % len(names)]
        for name in order:
            run = measure(commands[name], env=None if name == HADOLINT else env)
            check(run, name)
            runs[name].append(run)
        times = "  ".join(f"{name} {seconds(runs[name][-1].seconds)}" for name in names)
        print(f"round {i + 1}/{rounds}: {times}", file=sys.stderr)
    return runs


def run_single(
    commands: dict[str, list[str]], rounds: int, env: dict[str, str]
) -> dict[str, list[Run]]:
    """``rounds`` runs of each single-file command, round-robin."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            run = measure(command, env=None if name == HADOLINT_ONE else env)
            check(run, name, ok=(0, 1))
            runs[name].append(run)
    return runs


def batch_report(runs: dict[str, list[Run]], files: int) -> str:
    rows = []
    for name, done in runs.items():
        times = [r.seconds for r in done]
        rows.append(
            [
                name,
                " ".join(f"{t:.2f}" for t in times),
                seconds(median(times)),
                f"{files / median(times):.0f}",
                f"{median([r.cpu_seconds for r in done]):.2f} s",
                f"{max(r.rss_mb for r in done):.0f} MB",
            ]
        )
    main = table(["command", "runs (s)", "median", "files/s", "CPU", "peak RSS"], rows)
    ratio_rows = []
    for other in (DLINT, DLINT_J1):
        ratios, middle = compare(
            [r.seconds for r in runs[HADOLINT]], [r.seconds for r in runs[other]]
        )
        ratio_rows.append(
            [f"hadolint / {other}", " ".join(f"{x:.1f}" for x in ratios), f"{middle:.1f}x"]
        )
    ratios_table = table(["time ratio", "per round", "median"], ratio_rows)
    return f"{main}\n\n{ratios_table}"


def single_report(runs: dict[str, list[Run]]) -> str:
    rows = []
    for name, done in runs.items():
        times = [r.seconds for r in done]
        rows.append(
            [
                name,
                seconds(median(times)),
                seconds(p90(times)),
                seconds(min(times)),
                f"{median([r.rss_mb for r in done]):.0f} MB",
            ]
        )
    return table(["command", "median", "p90", "min", "peak RSS"], rows)


def as_json(runs: dict[str, list[Run]]) -> dict[str, Any]:
    return {
        name: {
            "seconds": [r.seconds for r in done],
            "cpu_seconds": [r.cpu_seconds for r in done],
            "max_rss_kib": [r.max_rss_kib for r in done],
            "median_seconds": median([r.seconds for r in done]),
            "p90_seconds": p90([r.seconds for r in done]),
        }
        for name, done in runs.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="batch rounds (default 5)")
    parser.add_argument(
        "--single-runs", type=int, default=20, help="runs of each single-file command (default 20)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    args = parser.parse_args()

    hadolint = hadolint_command()
    ensure_bytecode()
    files = corpus_files("real")
    one = typical_file(files)
    with tempfile.TemporaryDirectory(prefix="dlint-bench-cache-") as cache:
        env = dlint_env(Path(cache))
        dlint = dlint_command(env)
        info = machine(dlint, hadolint)
        print(
            f"{len(files)} files of corpus/real ({sum(p.stat().st_size for p in files):,} bytes); "
            f"{info['cpus']} CPUs; {info['dlint']} ({' '.join(dlint)}); {info['hadolint']}"
        )
        for warm_up in ([*hadolint, "--no-fail", str(one)], [*dlint, "--no-cache", str(one)]):
            measure(warm_up, env=env)

        batch = run_batch(batch_commands(files, dlint, hadolint), args.runs, env)
        print(f"\n## Batch, cold: {len(files)} files, {args.runs} rounds\n")
        print(batch_report(batch, len(files)))

        lines = one.read_bytes().count(b"\n")
        print(
            f"\n## Start-up, one file, {args.single_runs} runs each\n\n"
            f"FILE = {one} ({one.stat().st_size:,} bytes, {lines} lines; median size)\n"
        )
        check(measure([*dlint, str(one)], env=env), "dlint FILE (filling the cache)", ok=(0, 1))
        if tree_size(Path(cache))[0] == 0:
            print(
                "note: dlint wrote nothing to DLINT_CACHE_DIR, so the warm-cache runs are"
                " uncached runs\n"
            )
        single = run_single(
            {
                VERSION: [*dlint, "--version"],
                COLD: [*dlint, "--no-cache", str(one)],
                WARM: [*dlint, str(one)],
                HADOLINT_ONE: [*hadolint, str(one)],
            },
            args.single_runs,
            env,
        )
        print(single_report(single))

    if args.json:
        report = {
            "machine": info,
            "files": [str(p) for p in files],
            "batch": as_json(batch),
            "batch_ratios": {
                f"hadolint / {other}": compare(
                    [r.seconds for r in batch[HADOLINT]], [r.seconds for r in batch[other]]
                )
                for other in (DLINT, DLINT_J1)
            },
            "single_file": str(one),
            "single": as_json(single),
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
