"""The .dockerignore fixes (DLX406, DLX407, DLX408), proven by building.

Each sample project of ``bench/multistage/samples`` is copied to a temporary folder and
given the clutter real projects carry: a git repository (whose history holds a deleted
8 MB file), a virtualenv, bytecode caches, editor files, a log, a ``.env`` with a token,
a private key, and for Node projects a local ``node_modules``. Then ``dlint verify
--select DLX406,DLX407,DLX408 --builder buildah`` builds the project before and after the
fixes (the after build gets the ignore file the fixes write), compares the images and
runs each image's command; both outputs must equal the sample's ``expected.txt``. The
table: the fixes applied, the verdict, the image sizes and what the fixes saved.

Needs root, buildah and the stand-in base images (``bench/multistage/images/build.sh``).
Usage::

    python bench/ignore_fix.py [--only NAME ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from multistage import SAMPLES, Outcome, _mb, verify_sample

#: What people leave in a project folder (path → content).
CLUTTER = {
    ".venv/pyvenv.cfg": "home = /usr/bin\n",
    ".venv/lib/python3.11/site-packages/six.py": "# six\n" * 400_000,
    "__pycache__/helpers.cpython-311.pyc": "\0" * 512,
    ".DS_Store": "\0" * 64,
    "debug.log": "started\n" * 100,
    ".env": "API_TOKEN=sk-live-0123456789abcdef\n",
    "deploy/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n",
}
NODE_CLUTTER = {"node_modules/left-pad/index.js": "module.exports = 1;\n" * 200_000}
FIXES = "DLX406,DLX407,DLX408"


def run_sample(sample: Path, work: Path) -> tuple[Outcome, list[str]]:
    """The sample copied into ``work`` with clutter, verified; and the fixes applied."""
    project = work / sample.name
    shutil.copytree(sample, project)
    clutter = dict(CLUTTER)
    if (project / "package.json").exists():
        clutter.update(NODE_CLUTTER)
    for name, content in clutter.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    _git_history(project)
    outcome = Outcome(sample.name, "", "", True)
    return outcome, verify_sample(project, FIXES, outcome)


def _git_history(project: Path) -> None:
    """Make ``project`` a real git repository whose history holds an 8 MB file since
    deleted (what a ``.git`` folder weighs in a project that once committed a binary)."""
    blob = project / "old-dataset.bin"
    blob.write_bytes(os.urandom(8_000_000))

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
            cwd=project, check=True, capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    blob.unlink()
    git("commit", "-qam", "drop the dataset")


def print_table(outcomes: list[tuple[Outcome, list[str]]]) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="The .dockerignore fixes, built with buildah (dlint verify)")
    for column in ("sample", "fixes", "verdict", "before", "after", "saved", "output"):
        table.add_column(column)
    bad = 0
    for o, fixes in outcomes:
        ok = o.verdict in ("same", "nothing-to-fix") and o.output_as_expected is not False
        bad += not ok
        saved = ""
        if o.size_before is not None and o.size_after is not None:
            saved = f"{(o.size_before - o.size_after) / 1e6:.1f} MB"
        output = {None: "", True: "as expected", False: "DIFFERENT"}[o.output_as_expected]
        table.add_row(
            o.name, ", ".join(fixes), o.verdict + (f" ({o.differences})" if o.differences else ""),
            _mb(o.size_before), _mb(o.size_after), saved, output,
        )
    Console(width=160).print(table)
    fixed = [o for o, _ in outcomes if o.verdict != "nothing-to-fix"]
    same = sum(o.verdict == "same" and bool(o.output_as_expected) for o in fixed)
    print(
        f"{len(fixed)} of {len(outcomes)} samples get a fix; {same} of them build and run "
        f"the same after it, {bad} not"
    )
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these samples only")
    parser.add_argument("--json", metavar="FILE", help="also write the outcomes as JSON")
    args = parser.parse_args(argv)
    samples = sorted(p for p in SAMPLES.iterdir() if (p / "Dockerfile").is_file())
    if args.only:
        samples = [p for p in samples if p.name in args.only]
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="dlint-ignore-fix-") as work:
        for sample in samples:
            print(f"{sample.name} ...", file=sys.stderr, flush=True)
            outcomes.append(run_sample(sample, Path(work)))
    if args.json:
        rows = [{**asdict(o), "fixes": fixes} for o, fixes in outcomes]
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return print_table(outcomes)


if __name__ == "__main__":
    sys.exit(main())
