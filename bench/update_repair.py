"""How many lone index updates ``--fix --unsafe-fixes`` repairs on corpus/wild (issue 24).

A "lone update" is a DLX101 finding: a RUN that runs ``apt-get update`` (or another
manager's index update) and installs nothing. For every file of ``../shared/corpus/wild``:
the findings before, after ``--fix --unsafe-fixes`` (all default rules), whether every
fixed file still parses with BuildKit's parser (PyPI ``dockerfile``), and whether a second
``--fix`` changes anything. ``--list`` prints what is left, ``--sample N`` N rewrites.

Usage::

    python bench/update_repair.py [--list] [--sample 10]
"""

from __future__ import annotations

import argparse
import difflib
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wild"


def main() -> None:
    import dockerfile

    from dlint_dockerfile.lint.files import read_dockerfile
    from dlint_dockerfile.lint.fixing import fix_text
    from dlint_dockerfile.lint.runner import LintSettings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    settings = LintSettings.default()
    before = after = broken = unstable = files = 0
    left: list[tuple[Path, str]] = []
    rewrites: list[tuple[Path, str, str]] = []
    for path in sorted(CORPUS.glob("*.Dockerfile")):
        text, _ = read_dockerfile(path)
        if text is None:
            continue
        files += 1
        original = fix_text(text, settings, file_path=path, max_passes=0).remaining
        lone = [d for d in original if d.code == "DLX101"]
        if not lone:
            continue
        before += len(lone)
        fixed = fix_text(text, settings, unsafe=True, file_path=path)
        remaining = [d for d in fixed.remaining if d.code == "DLX101"]
        after += len(remaining)
        left.extend((path, d.message) for d in remaining)
        rewrites.append((path, text, fixed.text))
        try:
            dockerfile.parse_string(fixed.text)
        except dockerfile.GoParseError:
            try:
                dockerfile.parse_string(text)
            except dockerfile.GoParseError:
                pass  # it did not parse before either
            else:
                broken += 1
        again = fix_text(fixed.text, settings, unsafe=True, file_path=path)
        if again.text != fixed.text:
            unstable += 1
    removed = before - after
    share = 100 * removed / max(before, 1)
    print(f"corpus/wild: {files} files; lone index updates (DLX101) before {before}, after "
          f"--fix --unsafe-fixes {after}: {removed} removed ({share:.1f}%)")
    print(f"fixed files BuildKit no longer parses: {broken}; changed by a second --fix: {unstable}")
    if args.list:
        for path, message in left:
            print(f"  {path.name}: {message}")
    for path, text, new in random.Random(24).sample(rewrites, min(args.sample, len(rewrites))):
        print(f"\n===== {path.name}")
        diff = difflib.unified_diff(text.splitlines(), new.splitlines(), lineterm="", n=1)
        print("\n".join(list(diff)[2:60]))


if __name__ == "__main__":
    main()
