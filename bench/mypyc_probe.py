"""What compiling dlint's modules with mypyc would buy: a probe, not a build.

Copies the ``dlint`` package into a scratch folder, compiles the ``--modules`` there with
mypyc (part of mypy, a ``dev`` dependency; it needs a C compiler and the Python headers),
then, for the generated big file of ``scaling.py`` at ``--size`` bytes, times in fresh
processes (best of ``--runs``, garbage collection off as the CLI has it) each phase —
parse, model and position index, shell scripts, rules — for the interpreted package and
the compiled copy, and checks that both parse every corpus file into the same tree.
Nothing is installed and nothing in the project changes; the copy is removed at the end
(``--keep DIR`` keeps it). The default modules are those that compile unchanged; a
module whose classes are read-once-cached (``DockerfileModel``) or weakly referenced
(``Script``) needs code changes first. Usage::

    python bench/mypyc_probe.py [--size 2500000] [--runs 3] [--modules a.py,b.py] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from _proc import CORPUS, ROOT, seconds, table, workspace
from scaling import big

MODULES = (
    "dlint_dockerfile/syntax/parser.py",
    "dlint_dockerfile/syntax/gotext.py",
    "dlint_dockerfile/syntax/words.py",
    "dlint_dockerfile/syntax/positions.py",
    "dlint_dockerfile/syntax/lines.py",
    "dlint_dockerfile/syntax/logical.py",
    "dlint_dockerfile/shell/source.py",
    "dlint_dockerfile/shell/extract.py",
    "dlint_dockerfile/model/variables.py",
)

#: Run in a fresh process with the package to measure first on ``sys.path``: the phase
#: times (best of N) as JSON, and a digest of the corpus's trees.
PHASES = r"""
import gc, hashlib, json, sys, time
from pathlib import Path
gc.disable()
from dlint_dockerfile.lint.runner import LintSettings, lint_model
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import parse
import dlint_dockerfile.syntax.parser as parser
text = Path(sys.argv[1]).read_text()
settings = LintSettings.default()
lint_model(DockerfileModel(parse("FROM a\nRUN b\n")), settings)
best = {}
for _ in range(int(sys.argv[2])):
    parser._instruction_alone.cache_clear()
    clock = time.perf_counter
    t0 = clock(); tree = parse(text); t1 = clock()
    model = DockerfileModel(tree); model.index; t2 = clock()
    for instruction in model.instructions:
        model.script(instruction)
    t3 = clock(); lint_model(model, settings); t4 = clock()
    took = {"parse": t1 - t0, "model": t2 - t1, "scripts": t3 - t2, "rules": t4 - t3}
    for name, seconds in took.items():
        best[name] = min(best.get(name, seconds), seconds)
    del model, tree
digest = hashlib.sha256()
for path in sorted(p for p in Path(sys.argv[3]).rglob("*") if p.is_file()):
    tree = parse(path.read_text(errors="surrogateescape"))
    digest.update(repr(tree).encode("utf-8", "surrogateescape"))
print(json.dumps({"best": best, "trees": digest.hexdigest(), "parser": parser.__file__}))
"""


@dataclass(frozen=True)
class Phases:
    """Best seconds per phase, the corpus's tree digest and the parser module's file."""

    best: dict[str, float]
    trees: str
    parser: str

    @property
    def total(self) -> float:
        return sum(self.best.values())


def phases(package_root: Path, text_file: Path, runs: int) -> Phases:
    """The phase times and tree digest of the package under ``package_root``."""
    done = subprocess.run(
        [sys.executable, "-c", PHASES, str(text_file), str(runs), str(CORPUS)],
        env={"PYTHONPATH": str(package_root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"error: the phases of {package_root} failed:\n{done.stderr}")
    found = json.loads(done.stdout)
    return Phases(found["best"], found["trees"], found["parser"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=2_500_000, help="bytes of the big file")
    parser.add_argument("--runs", type=int, default=3, help="runs per package (best of)")
    parser.add_argument("--modules", help="comma-separated paths under the project root")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it")
    args = parser.parse_args()
    modules = args.modules.split(",") if args.modules else list(MODULES)
    mypyc = shutil.which("mypyc", path=str(Path(sys.executable).parent))
    if mypyc is None:
        sys.exit("error: no mypyc beside this Python (pip install -e '.[dev]')")
    with workspace(args.keep, "dlint-mypyc-") as scratch:
        shutil.copytree(
            ROOT / "dlint", scratch / "dlint", ignore=shutil.ignore_patterns("__pycache__")
        )
        built = subprocess.run(
            [mypyc, *modules], cwd=scratch, capture_output=True, text=True, check=False
        )
        if built.returncode != 0:
            sys.exit(f"error: mypyc failed:\n{built.stdout[-3000:]}{built.stderr[-3000:]}")
        text_file = scratch / "Dockerfile"
        text_file.write_text(big(args.size))
        plain = phases(ROOT, text_file, args.runs)
        compiled = phases(scratch, text_file, args.runs)
        if not compiled.parser.endswith(".so"):
            sys.exit(f"error: the copy did not load its compiled parser ({compiled.parser})")
        rows = [
            [
                name,
                seconds(plain.best[name]),
                seconds(compiled.best[name]),
                ratio(plain.best[name], compiled.best[name]),
            ]
            for name in ("parse", "model", "scripts", "rules")
        ]
        rows.append(
            [
                "total",
                seconds(plain.total),
                seconds(compiled.total),
                ratio(plain.total, compiled.total),
            ]
        )
        print(
            f"{len(modules)} modules compiled; big file of {args.size:,} bytes, best of {args.runs}"
        )
        print(table(["phase", "interpreted", "compiled", "speed-up"], rows))
        same = plain.trees == compiled.trees
        print(f"corpus trees: {'the same' if same else 'DIFFERENT'}")
        if not same:
            sys.exit(1)


def ratio(before: float, after: float) -> str:
    return f"{before / after:.2f}x"


if __name__ == "__main__":
    main()
