"""Every fix: before/after fixtures, safety honest, result parses, a second run idle."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import parse
from tests.rules.fixture_runner import (
    Case,
    FixCase,
    load_fixtures,
    run_case,
    run_fix,
)

FIX_CASES = [case for fixtures in load_fixtures() for case in fixtures.fixes]
NO_FIX_CASES = [case for fixtures in load_fixtures() for case in fixtures.no_fixes]
RULES = default_registry().rules


@pytest.mark.parametrize("case", FIX_CASES, ids=lambda c: c.id)
def test_fix(case: FixCase, tmp_path: Path) -> None:
    after, others = run_fix(case, tmp_path / "unsafe", unsafe=True)
    assert after == case.after
    assert others == case.files_after
    assert after != case.before or others, "a fix case must change the text or a file"
    safe_only = run_fix(case, tmp_path / "safe", unsafe=False)
    if case.unsafe:
        assert safe_only == (case.before, {}), "an unsafe fix must need --unsafe-fixes"
    else:
        assert safe_only == (case.after, case.files_after), "a safe fix needs no flag"
    before_issues = sorted(i.code for _, i in parse(case.before).all_issues())
    after_issues = sorted(i.code for _, i in parse(after).all_issues())
    assert set(after_issues) <= set(before_issues), "the fix made a syntax problem"
    again = FixCase(
        case.rule, case.name, after, after, True, case.settings, case.select,
        {**case.files, **others},
    )
    assert run_fix(again, tmp_path / "again", unsafe=True) == (after, {}), (
        "a second --fix must change nothing"
    )


@pytest.mark.parametrize("case", NO_FIX_CASES, ids=lambda c: c.id.replace("-fix-", "-no-fix-"))
def test_no_fix(case: FixCase, tmp_path: Path) -> None:
    fired = run_case(
        Case(
            case.rule,
            "fire",
            case.name,
            case.before,
            files=case.files,
            settings=case.settings,
            select=case.select,
        ),
        tmp_path / "lint",
    )
    assert fired, "a no_fix case must be one the rule fires on"
    assert run_fix(case, tmp_path / "fix", unsafe=True) == (case.before, {})


#: Rules whose fix needs a service the fixtures have not (a registry): the test of the fix
#: that runs it against the real service instead.
FIXES_TESTED_ELSEWHERE = {
    "DLX203": ("tests/registry/test_pin_command.py", "def test_dlx203_fix_with_lookups"),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_fix_metadata_matches_fixtures(rule: type[Rule]) -> None:
    cases = [c for c in FIX_CASES if c.rule == rule.code]
    safety = rule.docs().sections["Fix safety"]
    if rule.fix == "never":
        assert not cases, f"{rule.code} has fix cases but says fix = 'never'"
        return
    elsewhere = FIXES_TESTED_ELSEWHERE.get(rule.code)
    if elsewhere is not None:
        path, test = elsewhere
        assert test in (Path(__file__).resolve().parents[2] / path).read_text(), elsewhere
        return
    assert cases, f"{rule.code} says it fixes but has no fix cases"
    assert "No automatic fix" not in safety, f"{rule.code}: document the fix's safety"
    if any(c.unsafe for c in cases):
        assert "unsafe" in safety.lower(), f"{rule.code}: say when the fix is unsafe"
