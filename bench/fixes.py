"""What ``dlint --fix`` repairs on the corpus, with hadolint as a neutral judge.

For ``../shared/corpus/real`` and ``../shared/corpus/wild``: dlint's findings (default
rules) before fixing, after ``--fix`` and after ``--fix --unsafe-fixes``, per category;
then, on one corpus (default ``wild``), hadolint's findings per DL code on the original
files and on the files fixed with ``--fix --unsafe-fixes``, and the share that disappears.

Usage::

    python bench/fixes.py [--judge wild|real] [--codes DL3020,DL3015,...]
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def files_of(name: str) -> list[Path]:
    from dlint_dockerfile.lint.files import is_dockerfile_name

    return sorted(
        p for p in (CORPUS / name).rglob("*") if p.is_file() and is_dockerfile_name(p.name)
    )


def fix_corpus(
    files: list[Path],
) -> tuple[Counter[str], Counter[str], Counter[str], dict[Path, str]]:
    """Findings per category before, after safe fixes, after unsafe fixes; fixed texts."""
    from dlint_dockerfile.lint.files import read_dockerfile
    from dlint_dockerfile.lint.fixing import fix_text
    from dlint_dockerfile.lint.runner import LintSettings
    from dlint_dockerfile.model.context import BuildContext

    settings = LintSettings.default()
    registry = settings.registry
    before: Counter[str] = Counter()
    safe: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    fixed: dict[Path, str] = {}

    def category(code: str, name: str) -> str:
        rule = registry.get(code) or registry.get(name)
        return rule.category if rule is not None else "?"

    for file in files:
        text, _ = read_dockerfile(file)
        if text is None:
            continue
        context = BuildContext.for_dockerfile(file)
        first = fix_text(text, settings, file_path=file, context=context)
        if first.passes == 0:
            original = first.remaining
        else:
            unfixed = fix_text(text, settings, file_path=file, context=context, max_passes=0)
            original = unfixed.remaining
        before.update(category(d.code, d.name) for d in original)
        safe.update(category(d.code, d.name) for d in first.remaining)
        second = fix_text(text, settings, unsafe=True, file_path=file, context=context)
        unsafe.update(category(d.code, d.name) for d in second.remaining)
        fixed[file] = second.text
    return before, safe, unsafe, fixed


def hadolint_codes(paths: list[Path]) -> Counter[str]:
    from _hadolint import executable, findings

    exe = executable()
    found: Counter[str] = Counter()
    for path in paths:
        found.update(
            r["code"] for r in findings(path, exe) if str(r.get("code", "")).startswith("DL")
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--judge", default="wild", choices=("wild", "real"))
    args = parser.parse_args()
    judged: dict[Path, str] = {}
    judged_files: list[Path] = []
    for name in ("real", "wild"):
        files = files_of(name)
        before, safe, unsafe, fixed = fix_corpus(files)
        print(f"\n{name}: {len(files)} files, dlint findings (default rules) per category")
        print(
            f"{'category':12} {'before':>7} {'--fix':>7} {'resolved':>9} "
            f"{'+unsafe':>8} {'resolved':>9}"
        )
        for category in sorted(before, key=lambda c: -before[c]):
            b, s, u = before[category], safe[category], unsafe[category]
            print(f"{category:12} {b:7} {s:7} {b - s:9} {u:8} {b - u:9}")
        b, s, u = sum(before.values()), sum(safe.values()), sum(unsafe.values())
        print(f"{'total':12} {b:7} {s:7} {b - s:9} {u:8} {b - u:9}")
        if name == args.judge:
            judged, judged_files = fixed, files
    with tempfile.TemporaryDirectory() as folder:
        copies = []
        for number, file in enumerate(judged_files):
            if file not in judged:
                continue
            copy = Path(folder) / f"{number}.Dockerfile"
            copy.write_text(judged[file], encoding="utf-8")
            copies.append(copy)
        original = hadolint_codes([f for f in judged_files if f in judged])
        after = hadolint_codes(copies)
    print(f"\nhadolint on {args.judge}: DL findings before and after --fix --unsafe-fixes")
    print(f"{'code':8} {'before':>7} {'after':>7} {'removed':>8}")
    for code in sorted(original, key=lambda c: -original[c]):
        b, a = original[code], after.get(code, 0)
        print(f"{code:8} {b:7} {a:7} {(b - a) / b:8.0%}")
    new = sorted(set(after) - set(original))
    if new:
        print("new after fixing:", ", ".join(f"{c} ({after[c]})" for c in new))


if __name__ == "__main__":
    main()
