"""Per-rule snapshots (ruff's ``*.snap``): what the real code prints for each fixture.

``snapshots/CODE.snap`` holds, for every must-fire case, its findings as ``dlint``'s text
format renders them (no colour), and for every fix case the unified diff of what the fix
loop made of it (with ``--unsafe-fixes`` when the case is unsafe). Rendering, ranges,
messages and fixes all show up in the diff of a snapshot when they change.
``DLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules`` rewrites them.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from dlint_dockerfile.output.common import RenderOptions
from dlint_dockerfile.output.text import render_file
from tests.golden import SWITCH, check_golden, check_no_orphans
from tests.rules.fixture_runner import RuleFixtures, lint_case, load_fixtures, run_fix

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FIXTURES = load_fixtures()
_TEXT = RenderOptions(None)


@pytest.mark.parametrize("fixtures", FIXTURES, ids=lambda f: f.rule)
def test_snapshot(fixtures: RuleFixtures, tmp_path: Path) -> None:
    check_golden(SNAPSHOTS / f"{fixtures.rule}.snap", snapshot(fixtures, tmp_path))


def test_no_snapshot_without_a_rule() -> None:
    check_no_orphans(SNAPSHOTS, "*", (f"{f.rule}.snap" for f in FIXTURES))


def snapshot(fixtures: RuleFixtures, tmp_path: Path) -> str:
    """The snapshot text of one rule's fixtures."""
    parts = [f"# {fixtures.rule}: rewrite with {SWITCH}=1 python -m pytest tests/rules\n\n"]
    for number, case in enumerate(fixtures.cases):
        if case.kind == "fire":
            result = lint_case(case, tmp_path / f"fire{number}")
            parts.append(f"## fire: {case.name}\n\n{render_file(result, _TEXT)}")
    for number, fix in enumerate(fixtures.fixes):
        after, others = run_fix(fix, tmp_path / f"fix{number}", unsafe=fix.unsafe)
        parts.append(f"## fix: {fix.name}{' (unsafe)' if fix.unsafe else ''}\n\n")
        parts.extend(_diff(fix.before, after))
        for name, text in others.items():
            parts.append(f"\n### {name}\n\n")
            parts.extend(_diff(fix.files.get(name, ""), text))
        parts.append("\n")
    return "".join(parts).rstrip("\n") + "\n"


def _diff(before: str, after: str) -> list[str]:
    """A unified diff of two texts, line endings kept visible (``\\r`` as ``␍``)."""
    lines = list(difflib.unified_diff(_lines(before), _lines(after), "before", "after"))
    if not lines:
        return ["(no change)\n"]
    shown = []
    for line in lines:
        text = line.removesuffix("\n")
        shown.append(text.replace("\r", "\u240d") + "\n")
        if not line.endswith("\n"):
            shown.append("\\ no newline at end of file\n")
    return shown


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its ``\\n``; only ``\\n`` ends a line."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)
