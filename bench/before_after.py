"""Start-up and throughput of dlint at another revision against this checkout, in one run.

Installs the ``--before`` revision (``git archive`` of it, ``pip install`` into a fresh
virtual environment with compiled bytecode) and this checkout the same way into a second
one, then times, interleaved round by round (the order rotating), whole processes:

- start-up on the median-sized file of ``corpus/real``: ``dlint --version``,
  ``dlint --no-cache FILE`` and ``hadolint FILE`` (``--single-runs`` each);
- throughput on all of ``corpus/real``: ``dlint --no-cache -j 1`` and with the default jobs
  (``--runs`` rounds).

Prints medians and the per-round ratios; ``--json`` also writes them. Usage::

    python bench/before_after.py --before REV [--runs 5] [--single-runs 21] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _proc import compare, corpus_files, dlint_env, hadolint_command, measure, median
from throughput import run_batch, typical_file

ROOT = Path(__file__).resolve().parents[1]


def install(source: Path, venv: Path) -> Path:
    """A virtual environment at ``venv`` with dlint installed from ``source`` (bytecode
    compiled, as pip installs it for a user); returns its ``dlint`` script."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(source)], check=True, cwd=source)
    return venv / "bin" / "dlint"


def export(revision: str, target: Path) -> Path:
    """The tree of ``revision`` written to ``target``."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def interleaved(
    commands: dict[str, list[str]], rounds: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Wall seconds of each command per round (`run_batch`: the order rotates from round to
    round), after one untimed run of each (binaries and modules read from disk)."""
    for command in commands.values():
        measure(command, env=env)
    runs = run_batch(commands, rounds, env)
    failed = sorted({name for name, done in runs.items() for run in done if run.returncode})
    if failed:
        sys.exit(f"error: {', '.join(failed)} failed (see above)")
    return {name: [run.seconds for run in runs[name]] for name in commands}


def report(title: str, times: dict[str, list[float]], pairs: list[tuple[str, str]]) -> dict:
    print(f"\n## {title}\n")
    for name, values in times.items():
        print(f"- {name}: {median(values) * 1000:.1f} ms (median of {len(values)})")
    ratios = {}
    for slower, faster in pairs:
        _, ratio = compare(times[slower], times[faster])
        ratios[f"{slower} / {faster}"] = ratio
        print(f"- {slower} / {faster}: {ratio:.2f} (median of per-round ratios)")
    return {"medians": {k: median(v) for k, v in times.items()}, "ratios": ratios}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the git revision to compare with")
    parser.add_argument("--runs", type=int, default=5, help="throughput rounds (default 5)")
    parser.add_argument("--single-runs", type=int, default=21, help="start-up rounds")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    args = parser.parse_args()
    files = corpus_files("real")
    typical = str(typical_file(files))
    paths = [str(p) for p in files]
    with tempfile.TemporaryDirectory(prefix="dlint-before-after-") as scratch:
        base = Path(scratch)
        old = install(export(args.before, base / "src"), base / "before")
        new = install(ROOT, base / "after")
        hadolint = hadolint_command()
        env = dlint_env(base / "cache")  # bytecode allowed; no result cache is used
        startup = interleaved(
            {
                "before --version": [str(old), "--version"],
                "after --version": [str(new), "--version"],
                "before --no-cache FILE": [str(old), "--no-cache", "--exit-zero", typical],
                "after --no-cache FILE": [str(new), "--no-cache", "--exit-zero", typical],
                "hadolint FILE": [*hadolint, "--no-fail", typical],
            },
            args.single_runs,
            env,
        )
        batch = interleaved(
            {
                "before -j 1": [str(old), "--no-cache", "--exit-zero", "-j", "1", *paths],
                "after -j 1": [str(new), "--no-cache", "--exit-zero", "-j", "1", *paths],
                "before": [str(old), "--no-cache", "--exit-zero", *paths],
                "after": [str(new), "--no-cache", "--exit-zero", *paths],
            },
            args.runs,
            env,
        )
    print(f"# dlint {args.before} (before) against this checkout (after)")
    print(f"\nstart-up file: {typical}; throughput: {len(files)} files of corpus/real")
    results = {
        "before": args.before,
        "startup": report(
            "Start-up, one file",
            startup,
            [
                ("after --no-cache FILE", "before --no-cache FILE"),
                ("after --no-cache FILE", "hadolint FILE"),
                ("before --no-cache FILE", "hadolint FILE"),
                ("after --version", "before --version"),
            ],
        ),
        "throughput": report(
            "Throughput, corpus/real", batch, [("after -j 1", "before -j 1"), ("after", "before")]
        ),
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
