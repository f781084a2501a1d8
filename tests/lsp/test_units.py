"""The server's parts in process: positions, document changes, guarded rules, settings,
code actions, conversions, formatting edits."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from dlint_dockerfile.format import FormatOptions, format_text
from dlint_dockerfile.lint.diagnostic import (
    Applicability,
    Diagnostic,
    Edit,
    FileEdit,
    Fix,
    Severity,
)
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.runner import LintSettings, lint_model
from dlint_dockerfile.lsp.actions import (
    EditTarget,
    fix_all_action,
    fix_all_edit,
    ignore_edit,
    quick_fixes,
    wanted,
)
from dlint_dockerfile.lsp.convert import code_url, to_lsp
from dlint_dockerfile.lsp.documents import apply_change, uri_to_path
from dlint_dockerfile.lsp.engine import LintEngine, Outcome, Snapshot
from dlint_dockerfile.lsp.formatting import formatting_edits, requested_lines
from dlint_dockerfile.lsp.guard import collect_failures, guard_settings
from dlint_dockerfile.lsp.hover import hover, keyword_at
from dlint_dockerfile.lsp.positions import UTF8, UTF16, UTF32, PositionMap, units
from dlint_dockerfile.lsp.settings import parse_client_settings
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Instruction, parse
from tests.lsp.helpers import apply_text_edits

REGISTRY = default_registry()


def lint(text: str, encoding: str = UTF16) -> Outcome:
    engine = LintEngine(REGISTRY)
    engine.encoding = encoding  # type: ignore[assignment]
    return engine.lint(Snapshot("untitled:Dockerfile", text, 1, None), 0)


# -- positions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utf16", "utf8"),
    [("a", 1, 1), ("é", 1, 2), ("中", 1, 3), ("😀", 2, 4), ("\udcff", 1, 3), ("\ufeff", 1, 3)],
)
def test_units(text: str, utf16: int, utf8: int) -> None:
    assert units(text, UTF16) == utf16
    assert units(text, UTF8) == utf8
    assert units(text, UTF32) == 1


def test_line_breaks_follow_the_lsp() -> None:
    positions = PositionMap("a\r\nb\rc\nd", UTF16)
    assert positions.line_count == 4
    assert [positions.position(i) for i in range(8)] == [
        (0, 0), (0, 1), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (3, 0)
    ]  # fmt: skip
    assert positions.offset(1, 0) == 3
    assert positions.offset(1, 99) == 4  # past the end of a line: its end
    assert positions.offset(9, 0) == 8  # past the last line: the end of the text
    assert positions.line_span(0) == (0, 1)


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_round_trip(encoding: str) -> None:
    text = "\ufeffFROM x\nRUN echo 😀 é\udcff 中 ok\r\nlast"
    positions = PositionMap(text, encoding)  # type: ignore[arg-type]
    for offset in range(len(text) + 1):
        line, character = positions.position(offset)
        if text[offset - 1 : offset] == "\r" and text[offset : offset + 1] == "\n":
            continue  # inside a CRLF: the line's end
        assert positions.offset(line, character) == offset


def test_apply_change() -> None:
    text = "RUN 😀 x\nB\n"
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=0, character=7), end=types.Position(line=0, character=8)
        ),
        text="y",
    )
    assert apply_change(text, change, UTF16) == "RUN 😀 y\nB\n"
    whole = types.TextDocumentContentChangeWholeDocument(text="new")
    assert apply_change(text, whole, UTF16) == "new"


def test_uri_to_path() -> None:
    assert uri_to_path("file:///tmp/a%20b/Dockerfile") == Path("/tmp/a b/Dockerfile")
    assert uri_to_path("untitled:Untitled-1") is None


# -- guarded rules ---------------------------------------------------------------------------


class _Flaky(Rule):
    """Reports every RUN, raises on the second one.

    ## What it does
    x
    """

    code = "DLX998"
    name = "flaky"
    category = "style"

    def visit_run(self, instruction: Instruction) -> None:
        self.report(instruction.keyword, "a run")
        self.runs = getattr(self, "runs", 0) + 1
        if self.runs == 2:
            raise RuntimeError("second")


def test_guard_drops_a_failing_rule() -> None:
    text = "FROM alpine:3.20\nRUN a\nRUN b\n"
    model = DockerfileModel(parse(text))
    settings = LintSettings((_Flaky,), registry=REGISTRY)
    with pytest.raises(RuntimeError):
        lint_model(model, settings)
    with collect_failures() as failures:
        found = lint_model(DockerfileModel(parse(text)), guard_settings(settings))
    assert found == []
    assert [(f.code, f.error) for f in failures] == [("DLX998", "RuntimeError: second")]


def test_guarded_settings_run_the_same_rules() -> None:
    settings = LintSettings.default()
    guarded = guard_settings(settings)
    assert guarded.rules is settings.rules and guarded.on_rule_failure is not None
    assert settings.on_rule_failure is None


class _BrokenAtStart(_Flaky):
    code = "DLX997"

    def __init__(self, *args: Any) -> None:
        raise ValueError("no")


class _BrokenAtFinish(_Flaky):
    code = "DLX996"

    def visit_run(self, instruction: Instruction) -> None:
        self.report(instruction.keyword, "a run")

    def finish(self) -> None:
        raise KeyError("end")


def test_guard_covers_construction_and_finish_and_keeps_the_others() -> None:
    text = "FROM alpine:3.20\nRUN a\n"
    rules = (_BrokenAtStart, _BrokenAtFinish, _Flaky)
    settings = LintSettings(rules, registry=REGISTRY)
    with collect_failures() as failures:
        found = lint_model(DockerfileModel(parse(text)), guard_settings(settings))
    assert [(f.code, f.error) for f in failures] == [
        ("DLX997", "ValueError: no"),
        ("DLX996", "KeyError: 'end'"),
    ]
    assert [d.code for d in found] == ["DLX998"]  # one RUN: the flaky rule did not fail
    with pytest.raises(ValueError):
        lint_model(DockerfileModel(parse(text)), settings)


def test_guarded_settings_still_report_unused_suppressions() -> None:
    text = "FROM alpine:3.20\n# dlint: ignore=DLX006\nRUN true\n"
    plain = lint_model(DockerfileModel(parse(text)), LintSettings.default())
    guarded_found = lint_model(DockerfileModel(parse(text)), guard_settings(LintSettings.default()))
    assert [d.code for d in plain] == [d.code for d in guarded_found]
    assert "DLX014" in [d.code for d in guarded_found]


# -- settings --------------------------------------------------------------------------------


def test_client_settings() -> None:
    settings = parse_client_settings(
        {"extend-select": "DLX9, nope", "ignore": ["DLX006"], "debounceMs": 10, "x": 1},
        REGISTRY,
    )
    assert settings.extend_select == ("DLX9",)
    assert settings.ignore == ("DLX006",)
    assert settings.debounce_ms == 10
    assert settings.select is None
    assert len(settings.problems) == 2  # 'nope' and 'x'
    assert parse_client_settings(None, REGISTRY, settings) is settings
    bad = parse_client_settings({"debounceMs": -1, "select": 3}, REGISTRY)
    assert bad.select is None and len(bad.problems) == 2
    assert parse_client_settings([1], REGISTRY).problems
    assert parse_client_settings({"diagnosticMode": "push"}, REGISTRY).diagnostic_mode == "push"
    assert parse_client_settings({"diagnosticMode": "x"}, REGISTRY).problems


def test_pin_lookups_are_off_unless_the_editor_asks() -> None:
    """DLX203's "pin digest" fix reaches the network only when the editor turns it on."""
    from dlint_dockerfile.lint.session import SessionOptions
    from dlint_dockerfile.lsp.engine import _with_selection

    off = parse_client_settings({}, REGISTRY)
    assert off.pin_lookups is False
    assert _with_selection(SessionOptions(), off).selection.settings == {}
    on = parse_client_settings({"pinLookups": True}, REGISTRY)
    assert _with_selection(SessionOptions(), on).selection.settings == {"pin-lookups": True}
    assert parse_client_settings({"pinLookups": "yes"}, REGISTRY).problems == (
        "pinLookups must be true or false, not 'yes'",
    )


def test_client_settings_name_codes_dlint_has_no_rule_for() -> None:
    """Issue 18, bug 10: selecting a retired hadolint code selected nothing in silence."""
    chosen = parse_client_settings({"select": "DL3005,DLX201", "ignore": "DL3017"}, REGISTRY)
    assert chosen.select == ("DL3005", "DLX201")
    assert chosen.problems == (
        "select: DL3005 selects no rule: removed from hadolint "
        "(apt-get upgrade is a choice, not a mistake)",
    )


# -- code actions and conversions ------------------------------------------------------------


def _with(outcome: Outcome, diagnostics: list[Diagnostic]) -> Outcome:
    outcome.diagnostics = diagnostics
    outcome.converted = [to_lsp(d, outcome.positions, REGISTRY) for d in diagnostics]
    return outcome


def _diagnostic(outcome: Outcome, start: int, end: int, fix: Fix | None) -> Diagnostic:
    assert outcome.model is not None
    return Diagnostic(
        code="DLX006",
        name="x",
        message="m",
        severity=Severity.STYLE,
        start=start,
        end=end,
        range=outcome.model.index.lines.range(start, end),
        fix=fix,
    )


def test_display_only_fixes_are_not_offered() -> None:
    outcome = lint("FROM alpine:3.20\nrun true\n")
    display = Fix("look", (Edit(17, 20, "RUN"),), Applicability.DISPLAY)
    unsafe = Fix("change", (Edit(17, 20, "RUN"),), Applicability.UNSAFE)
    outcome = _with(
        outcome, [_diagnostic(outcome, 17, 20, display), _diagnostic(outcome, 17, 20, unsafe)]
    )
    target = EditTarget("untitled:Dockerfile", 1, document_changes=False)
    everything = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=9, character=0)
    )
    titles = [a.title for a in quick_fixes(outcome, everything, target)]
    assert titles == ["Fix DLX006 (unsafe): change", "dlint: ignore DLX006 for this instruction"]


def test_a_fix_writing_another_file_needs_a_client_that_creates_files(tmp_path: Path) -> None:
    outcome = lint("FROM alpine:3.20\nrun true\n")
    other = FileEdit(str(tmp_path / ".dockerignore"), None, (Edit(0, 0, ".git\n"),))
    fix = Fix("Create .dockerignore keeping out .git", (), Applicability.SAFE, (other,))
    outcome = _with(outcome, [_diagnostic(outcome, 17, 20, fix)])
    everything = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=9, character=0)
    )
    for document_changes in (False, True):
        plain = EditTarget("untitled:Dockerfile", 1, document_changes)
        assert [a.title for a in quick_fixes(outcome, everything, plain)] == [
            "dlint: ignore DLX006 for this instruction"
        ]
    creating = EditTarget("untitled:Dockerfile", 1, True, create_files=True)
    action = quick_fixes(outcome, everything, creating)[0]
    assert action.title == "Fix DLX006: Create .dockerignore keeping out .git"
    assert action.edit is not None
    uri = (tmp_path / ".dockerignore").as_uri()
    start = types.Position(line=0, character=0)
    assert action.edit.document_changes == [
        types.CreateFile(uri=uri),
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
            edits=[types.TextEdit(range=types.Range(start=start, end=start), new_text=".git\n")],
        ),
    ]
    assert fix_all_action(outcome, creating, None) is None  # fix all leaves it out


def test_ignore_edit_keeps_bom_and_indentation() -> None:
    outcome = lint("\ufeff  FROM alpine:latest\n")
    assert outcome.model is not None
    edit = ignore_edit(outcome, outcome.model.instructions[0], "DLX202")
    assert edit == Edit(1, 1, "  # dlint: ignore=DLX202\n")


def test_fix_all_edit_is_minimal() -> None:
    outcome = lint("FROM a\r\nrun x\r\nRUN y\r\n")
    edits = fix_all_edit(outcome, "FROM a\r\nRUN x\r\nRUN y\r\n")
    assert [(e.range.start.line, e.range.start.character, e.new_text) for e in edits] == [
        (1, 0, "RUN")
    ]
    assert fix_all_edit(outcome, outcome.text) == []
    crlf = fix_all_edit(outcome, "FROM a\nrun x\r\nRUN y\r\n")
    assert crlf[0].range.start == types.Position(line=0, character=6)
    assert crlf[0].range.end == types.Position(line=1, character=0)
    assert crlf[0].new_text == "\n"


# -- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "lines"),
    [
        ((0, 0), (0, 0), (1, 1)),  # a cursor
        ((1, 3), (2, 2), (2, 3)),
        ((2, 2), (1, 3), (2, 3)),  # backwards
        ((0, 0), (2, 0), (1, 2)),  # whole lines: the end line is not selected
        ((1, 0), (1, 0), (2, 2)),  # an empty range at a line start is that line
        ((0, 0), (99, 0), (1, 4)),  # past the end
    ],
)
def test_requested_lines(
    start: tuple[int, int], end: tuple[int, int], lines: tuple[int, int]
) -> None:
    for text in ("A\nBB\nCCC\nD\n", "A\r\nBB\r\nCCC\r\nD\r\n"):
        rng = types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        )
        assert requested_lines(PositionMap(text, UTF16), rng) == lines, text


@pytest.mark.parametrize(
    "text",
    [
        "from  alpine\nWORKDIR /app\nrun  true\n",
        "from  alpine\r\nWORKDIR /app\r\nrun  true",  # CRLF, no final line break
        'from  alpine\nlabel a="\u00e9\U0001f600"',  # the last edit ends at a UTF-16 column
        "from  alpine\n\n\n\nrun  true\n",
        "",
    ],
)
def test_formatting_edits_apply_to_the_formatted_text(text: str) -> None:
    edits = formatting_edits(PositionMap(text, UTF16), FormatOptions())
    assert apply_text_edits(text, edits, "utf-16") == format_text(text)
    starts = [(e.range.start.line, e.range.start.character) for e in edits]
    assert starts == sorted(starts)


def test_formatting_edits_leave_unchanged_lines_alone() -> None:
    text = "".join(f"RUN echo {n}\n" for n in range(100))
    text = text.replace("RUN echo 10\n", "run  echo 10\n")
    edits = formatting_edits(PositionMap(text, UTF16), FormatOptions())
    assert [(e.range.start.line, e.range.end.line, e.new_text) for e in edits] == [
        (10, 11, "RUN echo 10\n")
    ]
    clean = format_text(text)
    assert formatting_edits(PositionMap(clean, UTF16), FormatOptions()) == []


def test_engine_formats_an_untitled_document_and_refuses_a_huge_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = LintEngine(REGISTRY)
    text = "from  alpine:3.20\nrun  true\n"
    edits, problem = engine.format_document(Snapshot("untitled:Dockerfile", text, 1, None))
    assert problem is None
    assert apply_text_edits(text, edits, "utf-16") == "FROM alpine:3.20\nRUN true\n"
    monkeypatch.setattr("dlint_dockerfile.lsp.engine.MAX_CHARS", 10)
    edits, problem = engine.format_document(Snapshot("untitled:Dockerfile", text, 2, None))
    assert edits == [] and problem is not None and "larger than 10 characters" in problem


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.ERROR, types.DiagnosticSeverity.Error),
        (Severity.WARNING, types.DiagnosticSeverity.Warning),
        (Severity.INFO, types.DiagnosticSeverity.Information),
        (Severity.STYLE, types.DiagnosticSeverity.Hint),
    ],
)
def test_severity(severity: Severity, expected: types.DiagnosticSeverity) -> None:
    outcome = lint("FROM a\n")
    diagnostic = _diagnostic(outcome, 0, 4, None)
    diagnostic = replace(diagnostic, severity=severity)
    assert to_lsp(diagnostic, outcome.positions, REGISTRY).severity == expected


def test_code_urls() -> None:
    assert code_url("DLX006", REGISTRY) == (
        "https://github.com/dlint-dev/dlint/blob/main/docs/rules/DLX006.md"
    )
    assert code_url("SC2086", REGISTRY) == "https://www.shellcheck.net/wiki/SC2086"
    assert code_url("NOPE1", REGISTRY) is None


def test_kinds() -> None:
    assert wanted("source.fixAll.dlint", ["source"])
    assert wanted("source.fixAll.dlint", ["source.fixAll"])
    assert not wanted("source.fixAll.dlint", ["quickfix"])
    assert wanted("quickfix", None)


def test_hover_on_an_onbuild_trigger() -> None:
    outcome = lint("FROM alpine:3.20\nONBUILD RUN make\n")
    keyword = keyword_at(outcome, outcome.text.index("RUN make") + 1)
    assert keyword is not None and keyword.value == "RUN"
    shown = hover(outcome, types.Position(line=1, character=2))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.value.startswith("**ONBUILD**")


def test_huge_text_is_not_linted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dlint_dockerfile.lsp.engine.MAX_CHARS", 10)
    outcome = lint("FROM alpine:3.20\n")
    assert outcome.diagnostics == [] and "not linted" in outcome.lsp[0].message


def test_edits_reuse_the_last_tree_and_lint_as_a_fresh_engine() -> None:
    engine = LintEngine(REGISTRY)
    uri = "untitled:Dockerfile"
    versions = [
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\n",
        "FROM debian:12\nRUN apt-get update\n#RUN apt-get install curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install curl\nRUN apt-get update\n",
    ]
    for number, text in enumerate(versions, start=1):
        before = engine._trees.get(uri)
        outcome = engine.lint(Snapshot(uri, text, number, None), 0)
        fresh = LintEngine(REGISTRY).lint(Snapshot(uri, text, number, None), 0)
        assert outcome.diagnostics == fresh.diagnostics
        assert outcome.lsp == fresh.lsp
        if before is not None:
            kept = {id(i.parts) for i in before.instructions}
            assert any(id(i.parts) in kept for i in engine._trees[uri].instructions)
    engine.forget_document(uri)
    assert uri not in engine._trees


def test_log_level_reaches_dlints_own_loggers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``dlint lsp --log-level debug`` sets the level of the package's loggers (it named
    the command, not the import package, after the package was renamed)."""
    import logging

    from dlint_dockerfile import lsp
    from dlint_dockerfile.lsp.server import DlintLanguageServer

    monkeypatch.setattr(DlintLanguageServer, "start_io", lambda *args: None)
    monkeypatch.setattr(lsp, "_tune_garbage_collector", lambda: None)
    monkeypatch.setattr("sys.stdout", sys.stdout)  # main redirects it; undone by monkeypatch
    package = logging.getLogger("dlint_dockerfile")
    monkeypatch.setattr(package, "level", package.level)
    monkeypatch.setattr(logging.root, "handlers", list(logging.root.handlers))
    assert lsp.main(["--log-level", "debug", "--log-file", str(tmp_path / "log")]) == 0
    assert logging.getLogger("dlint_dockerfile.lsp.engine").isEnabledFor(logging.DEBUG)
