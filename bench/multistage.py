"""DLX609's multi-stage rewrite, proven by building: every sample, then the corpus.

Samples (``bench/multistage/samples/<name>/``: a single-stage ``Dockerfile``, the sources,
``expected.txt``, the output of the image's own command or of ``smoke.txt``, and
``meta.json``: ``{"expect": "rewrite" | "decline", "ecosystem": ...}``): dlint either
offers the rewrite or says why not; each rewrite goes through ``dlint verify`` (a real
build before and after, image configs, sizes and a smoke run compared), and both smoke
outputs must equal ``expected.txt``. The table and the totals: the share of the samples
that should be rewritten that are, the share of rewrites that build, run the same and
keep the config, the median size change, and the rewrites of samples that must be
declined (none allowed).

Corpus (``--corpus``): how many files of ``../shared/corpus/{wild,real}`` get a rewrite,
how many are declined and why, and that every rewritten file parses with BuildKit's
parser and is stable under a second ``--fix``.

Needs root, buildah and the stand-in base images (``bench/multistage/images/build.sh``,
run first when they are missing). Usage::

    python bench/multistage.py [--only NAME ...] [--corpus] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "bench" / "multistage" / "samples"
IMAGES = ROOT / "bench" / "multistage" / "images" / "build.sh"
CORPUS = Path(os.environ.get("DLINT_SHARED", ROOT.parent / "shared")) / "corpus"
BUILD_ENV = {"STORAGE_DRIVER": "vfs", "BUILDAH_ISOLATION": "chroot"}


@dataclass
class Outcome:
    name: str
    ecosystem: str
    expect: str
    rewritten: bool
    reason: str = ""
    verdict: str = ""
    size_before: int | None = None
    size_after: int | None = None
    change: float | None = None
    output_as_expected: bool | None = None
    differences: str = ""
    seconds: float = 0.0


def _dlint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlint_dockerfile", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **BUILD_ENV},
        check=False,
    )


def offered(dockerfile: Path) -> tuple[bool, str]:
    """Whether DLX609 offers its rewrite on ``dockerfile``, or why not."""
    run = _dlint("--no-cache", "--select", "DLX609", "--format", "json", str(dockerfile))
    findings = json.loads(run.stdout or "[]")
    if not findings:
        return False, "DLX609 does not fire"
    finding = findings[0]
    if finding.get("fix"):
        return True, ""
    message: str = finding["message"]
    return False, message.split("no automatic rewrite: ", 1)[-1]


def run_sample(directory: Path) -> Outcome:
    meta = json.loads((directory / "meta.json").read_text())
    dockerfile = directory / "Dockerfile"
    rewritten, reason = offered(dockerfile)
    outcome = Outcome(directory.name, meta.get("ecosystem", ""), meta["expect"], rewritten, reason)
    if rewritten:
        verify_sample(directory, "DLX609", outcome)
    return outcome


def verify_sample(directory: Path, select: str, outcome: Outcome) -> list[str]:
    """``dlint verify --select SELECT`` on the sample in ``directory`` (its ``smoke.txt``
    when it has one), recorded in ``outcome``; returns the codes of the fixes applied."""
    args = ["verify", "--select", select, "--builder", "buildah", "--format", "json"]
    smoke = directory / "smoke.txt"
    if smoke.is_file():
        args += ["--smoke", smoke.read_text().strip()]
    run = _dlint(*args, str(directory / "Dockerfile"), cwd=directory)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        outcome.verdict = f"error: {run.stderr.strip()[-300:]}"
        return []
    outcome.verdict = report["verdict"]
    fixes = [f["code"] for f in report.get("fixes", [])]
    if outcome.verdict == "nothing-to-fix":
        return fixes
    before, after = report["before"], report["after"]
    outcome.size_before, outcome.size_after = before["image_size"], after["image_size"]
    outcome.change = report["size_change_percent"]
    outcome.seconds = (before.get("build_seconds") or 0) + (after.get("build_seconds") or 0)
    outcome.differences = "; ".join(
        f"{d['field']} {d.get('key') or ''}".strip() for d in report["differences"]
    )
    expected = (directory / "expected.txt").read_text()
    outputs = [side["smoke"]["output"] if side.get("smoke") else None for side in (before, after)]
    outcome.output_as_expected = all(o == expected for o in outputs)
    return fixes


def _mb(size: int | None) -> str:
    return "" if size is None else f"{size / 1e6:.0f} MB"


def print_samples(outcomes: list[Outcome]) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="DLX609 rewrites, built with buildah (dlint verify)")
    for column in ("sample", "eco", "expect", "dlint", "verdict", "before", "after", "change"):
        table.add_column(column)
    table.add_column("output = expected.txt")
    for o in outcomes:
        dlint = "rewrite" if o.rewritten else f"declined: {o.reason}"
        verdict = o.verdict + (f" ({o.differences})" if o.differences else "")
        change = "" if o.change is None else f"{o.change:+.1f}%"
        expected = "" if o.output_as_expected is None else ("yes" if o.output_as_expected else "NO")
        table.add_row(
            o.name, o.ecosystem, o.expect, dlint, verdict, _mb(o.size_before),
            _mb(o.size_after), change, expected,
        )  # fmt: skip
    Console(width=200).print(table)
    should = [o for o in outcomes if o.expect == "rewrite"]
    rewritten = [o for o in should if o.rewritten]
    proven = [o for o in rewritten if o.verdict == "same" and o.output_as_expected]
    wrongly = [o for o in outcomes if o.expect == "decline" and o.rewritten]
    changes = [o.change for o in rewritten if o.change is not None]
    print(f"rewritten: {len(rewritten)}/{len(should)} of the samples to rewrite")
    print(f"proven (builds, same config, output as expected): {len(proven)}/{len(rewritten)}")
    if changes:
        print(f"median size change: {statistics.median(changes):+.1f}% (of the rewrites)")
    declines = [o for o in outcomes if o.expect == "decline"]
    print(f"rewrites of samples to decline: {len(wrongly)}/{len(declines)}")
    ok = len(proven) == len(rewritten) and not wrongly
    return 0 if ok else 1


def corpus_report() -> None:
    """Rewrites and declines on the corpus; rewritten files parse with BuildKit and are
    stable under a second fix."""
    from dlint_dockerfile.lint.files import is_dockerfile_name
    from dlint_dockerfile.lint.fixing import fix_text
    from dlint_dockerfile.lint.registry import default_registry
    from dlint_dockerfile.lint.runner import LintSettings, lint_text
    sys.path.insert(0, str(ROOT))  # the tests' BuildKit parser check
    from tests.fix_invariants import buildkit_parses

    registry = default_registry()
    only = LintSettings(registry.resolve("DLX609"), registry=registry)
    for name in ("wild", "real"):
        files = sorted(
            p for p in (CORPUS / name).rglob("*") if p.is_file() and is_dockerfile_name(p.name)
        )
        reasons: Counter[str] = Counter()
        rewritten = unstable = unparsed = fired = 0
        for path in files:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            found = [d for d in lint_text(text, only).diagnostics if d.code == "DLX609"]
            if not found:
                continue
            fired += 1
            if found[0].fix is None:
                reason = found[0].message.split("no automatic rewrite: ", 1)[-1]
                reason = re.sub(r"known for [^:]+:", "known for X:", reason)
                reasons[re.sub(r"runs \S+", "runs X", reason)] += 1
                continue
            rewritten += 1
            fixed = fix_text(text, only, unsafe=True).text
            unparsed += not buildkit_parses(fixed)
            unstable += fix_text(fixed, only, unsafe=True).text != fixed
        print(
            f"{name}: {len(files)} files, DLX609 on {fired}, rewritten {rewritten}, declined "
            f"{fired - rewritten}; rewritten files BuildKit cannot parse: {unparsed}, changed "
            f"by a second --fix: {unstable}"
        )
        for reason, count in reasons.most_common(10):
            print(f"  {count:4d}  {reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="sample names")
    parser.add_argument("--corpus", action="store_true", help="also measure the corpus")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        parser.error("needs root (buildah --isolation chroot)")
    images = subprocess.run(["bash", str(IMAGES)], check=False)
    if images.returncode != 0:
        return images.returncode
    directories = sorted(d for d in SAMPLES.iterdir() if (d / "meta.json").is_file())
    if args.only:
        directories = [d for d in directories if d.name in args.only]
    outcomes = []
    for directory in directories:
        print(f"{directory.name} ...", file=sys.stderr, flush=True)
        outcomes.append(run_sample(directory))
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    status = print_samples(outcomes)
    if args.corpus:
        corpus_report()
    return status


if __name__ == "__main__":
    sys.exit(main())
