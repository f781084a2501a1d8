"""Signal per file with default settings: dlint vs hadolint on the corpus.

For ``../shared/corpus/real`` (official images) and ``../shared/corpus/wild`` (everyday
files), prints the mean number of warning-or-error findings per file reported by dlint
(default rules, default severities) and by hadolint (default settings, ShellCheck
included), and the share of files each tool flags at all. The ``+SC`` column is dlint
with its opt-in ShellCheck rule selected too (``--extend-select SC``), which is what
hadolint's own count includes.

Usage::

    python bench/noise.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def files_of(name: str) -> list[Path]:
    from dlint_dockerfile.lint.files import is_dockerfile_name

    return sorted(
        p for p in (CORPUS / name).rglob("*") if p.is_file() and is_dockerfile_name(p.name)
    )


def hadolint_counts(files: list[Path]) -> list[int]:
    from _hadolint import executable, findings

    exe = executable()
    return [
        sum(1 for r in findings(file, exe) if r.get("level") in ("error", "warning"))
        for file in files
    ]


def dlint_counts(files: list[Path], shellcheck: bool = False) -> list[int]:
    from dlint_dockerfile.lint.diagnostic import Severity
    from dlint_dockerfile.lint.files import read_dockerfile
    from dlint_dockerfile.lint.runner import LintSettings, lint_text
    from dlint_dockerfile.model.context import BuildContext

    settings = LintSettings.default()
    if shellcheck:
        extra = settings.registry.get("DLX715")
        assert extra is not None
        settings = LintSettings((*settings.rules, extra), registry=settings.registry)
    counts = []
    for file in files:
        text, _ = read_dockerfile(file)
        if text is None:
            counts.append(0)
            continue
        context = BuildContext.for_dockerfile(file)
        result = lint_text(text, settings, path=str(file), file_path=file, context=context)
        counts.append(sum(1 for d in result.diagnostics if d.severity >= Severity.WARNING))
    return counts


def main() -> None:
    print(
        f"{'corpus':8} {'files':>6} {'dlint mean':>11} {'+SC mean':>9} {'hadolint mean':>14} "
        f"{'dlint flagged':>14} {'hadolint flagged':>17}"
    )
    for name in ("real", "wild"):
        files = files_of(name)
        ours = dlint_counts(files)
        with_sc = dlint_counts(files, shellcheck=True)
        theirs = hadolint_counts(files)
        n = len(files)
        print(
            f"{name:8} {n:6} {sum(ours) / n:11.2f} {sum(with_sc) / n:9.2f} {sum(theirs) / n:14.2f} "
            f"{sum(1 for c in ours if c) / n:14.0%} {sum(1 for c in theirs if c) / n:17.0%}"
        )


if __name__ == "__main__":
    main()
