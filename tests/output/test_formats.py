"""Golden tests of every output format, plus structural checks of the machine formats.

Set ``DLINT_UPDATE_SNAPSHOTS=1`` to rewrite the files in ``golden/`` instead of comparing.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import dlint_dockerfile
from dlint_dockerfile.lint.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.runner import FileResult
from dlint_dockerfile.output import FORMATS, docs_url, render
from dlint_dockerfile.syntax import LineIndex
from tests.conftest import SCHEMAS
from tests.golden import check_golden, check_no_orphans

GOLDEN = Path(__file__).resolve().parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
JSON_KEYS = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "aliases",
    "severity",
    "message",
    "fix",
]


# -- rules -------------------------------------------------------------------------------


class UntaggedImage(Rule):
    """Always tag the image of a `FROM`.

    ## What it does
    Flags `FROM` images without a tag or digest.

    ## Why
    An untagged image is `latest`, which changes under you.

    ## Example
    ```dockerfile
    FROM ubuntu
    ```

    ## Use instead
    ```dockerfile
    FROM ubuntu:24.04
    ```

    ## Fix safety
    Safe: the tag pinned is the one `latest` points to today.
    """

    code = "DLT001"
    name = "untagged-image"
    aliases = ("DL3006",)
    category = "pinning"
    severity = Severity.ERROR
    fix = "always"


class AptRecommends(Rule):
    """Install apt packages without recommended extras.

    ## What it does
    Flags `apt-get install` without `--no-install-recommends`.

    ## Why
    Recommended packages bloat the image.

    ## Example
    ```dockerfile
    RUN apt-get install -y curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Fix safety
    Unsafe: a program may need a recommended package.
    """

    code = "DLT002"
    name = "apt-recommends"
    aliases = ("DL3015",)
    category = "layers"
    severity = Severity.WARNING
    fix = "sometimes"


class LabelText(Rule):
    """Label values should be plain ASCII.

    ## What it does
    Notes non-ASCII label values.

    ## Why
    Some registries mangle them.

    ## Example
    ```dockerfile
    LABEL x="café"
    ```

    ## Use instead
    ```dockerfile
    LABEL x="cafe"
    ```

    ## Fix safety
    No fix.
    """

    code = "DLT003"
    name = "label-ascii"
    category = "style"
    severity = Severity.INFO


class TabIndent(Rule):
    """Indent continuation lines with spaces.

    ## What it does
    Flags tabs used for indentation.

    ## Why
    Consistency.

    ## Example
    ```dockerfile
    RUN a && \\
    \tb
    ```

    ## Use instead
    ```dockerfile
    RUN a && \\
        b
    ```

    ## Fix safety
    No fix.
    """

    code = "DLT004"
    name = "tab-indent"
    category = "style"
    severity = Severity.STYLE


class OddMessage(Rule):
    """A rule whose messages need escaping everywhere.

    ## What it does
    Reports text with `<`, `&`, `%`, `:` and `,` in it.

    ## Why
    To test the output formats.

    ## Example
    ```dockerfile
    COPY . /app
    ```

    ## Use instead
    ```dockerfile
    COPY src/ /app
    ```

    ## Fix safety
    No fix.
    """

    code = "DLT005"
    name = "odd-message"
    category = "security"
    severity = Severity.WARNING


class LongRun(Rule):
    """Split very long RUN instructions.

    ## What it does
    Notes RUN instructions spanning many lines.

    ## Why
    They are hard to read.

    ## Example
    ```dockerfile
    RUN a && b && c
    ```

    ## Use instead
    A script file.

    ## Fix safety
    No fix.
    """

    code = "DLT006"
    name = "long-run"
    category = "layers"
    severity = Severity.INFO


class FinalNewline(Rule):
    """End the file with a newline.

    ## What it does
    Flags a missing final newline.

    ## Why
    Tools expect one.

    ## Example
    `CMD ["x"]` without a newline.

    ## Use instead
    The same with a newline.

    ## Fix safety
    Display only.
    """

    code = "DLT007"
    name = "final-newline"
    category = "style"
    severity = Severity.STYLE
    fix = "always"


RULES: dict[str, type[Rule]] = {
    r.code: r
    for r in (UntaggedImage, AptRecommends, LabelText, TabIndent, OddMessage, LongRun, FinalNewline)
}
REGISTRY = Registry(RULES.values())


# -- results -----------------------------------------------------------------------------

TEXT_A = (
    "FROM ubuntu\n"
    "RUN apt-get update && \\\n"
    "\tapt-get install -y curl\n"
    'LABEL description="café ☕ 日本 𝄞"\n'
    "COPY . /app\n"
)
TEXT_C = (
    "FROM alpine:3.20\r\n"
    "RUN apk add --no-cache \\\n"
    "    a \\\n"
    "    b \\\n"
    "    c \\\n"
    "    d \\\n"
    "    e \\\n"
    "    f \\\n"
    "    g\n"
    'CMD ["sh"]'
)


def finding(
    path: str,
    text: str,
    code: str,
    start: int,
    end: int,
    message: str,
    *,
    fix: Fix | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(
        code=code,
        name=rule.name,
        message=message,
        severity=severity or rule.severity,
        start=start,
        end=end,
        range=LineIndex(text).range(start, end),
        aliases=rule.aliases,
        fix=fix,
        path=path,
    )


def span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_results() -> list[FileResult]:
    """Four files: findings of every kind, a clean file, a long one and an unreadable one."""
    path_a = "my dir, v2/Dockerfile"
    a = TEXT_A
    image = span(a, "ubuntu")
    run_start = a.index("RUN")
    run_end = a.index("\nLABEL")
    install = a.index("install -y") + len("install ")
    findings_a = [
        finding(
            path_a,
            a,
            "DLT001",
            *image,
            "image 'ubuntu' has no tag",
            fix=Fix("Pin ubuntu:24.04", (Edit(image[1], image[1], ":24.04"),)),
        ),
        finding(
            path_a,
            a,
            "DLT002",
            run_start,
            run_end,
            "apt-get install without --no-install-recommends",
            fix=Fix(
                "Add --no-install-recommends",
                (Edit(install, install, "--no-install-recommends "),),
                Applicability.UNSAFE,
            ),
        ),
        finding(path_a, a, "DLT004", *span(a, "apt-get", 1), "continuation line indented by a tab"),
        finding(path_a, a, "DLT003", *span(a, "☕ 日本 𝄞"), "label value is not ASCII: ☕ 日本 𝄞"),
        finding(
            path_a,
            a,
            "DLT005",
            *span(a, ". /app"),
            'copies <everything> & "more": 100% of it,\nincluding secrets\r\nand keys',
        ),
    ]
    path_c = "sub/Dockerfile.prod"
    c = TEXT_C
    findings_c = [
        finding(path_c, c, "DLT006", c.index("RUN"), c.index("    g") + 5, "RUN spans 8 lines"),
        finding(
            path_c,
            c,
            "DLT004",
            c.index("FROM"),
            c.index("RUN"),
            "whole line, CRLF included",
            severity=Severity.WARNING,
        ),
        finding(
            path_c,
            c,
            "DLT007",
            len(c),
            len(c),
            "no newline at end of file",
            fix=Fix("Add a final newline", (Edit(len(c), len(c), "\n"),), Applicability.DISPLAY),
        ),
    ]
    return [
        FileResult(path_a, sorted(findings_a, key=lambda d: d.sort_key), a),
        FileResult("Dockerfile", [], "FROM alpine:3.20\n"),
        FileResult(path_c, sorted(findings_c, key=lambda d: d.sort_key), c),
        FileResult("missing/Dockerfile", [], None, "cannot read: No such file or directory"),
    ]


def output(fmt: str, results: list[FileResult] | None = None, /, **options: Any) -> str:
    stream = io.StringIO()
    render(
        make_results() if results is None else results, fmt, stream, registry=REGISTRY, **options
    )
    return stream.getvalue()


@pytest.fixture(autouse=True)
def _fixed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dlint_dockerfile, "__version__", "0.0.0-test")


# -- goldens -----------------------------------------------------------------------------

GOLDEN_CASES = {
    "text.txt": ("text", {}),
    "text-fixes-statistics.txt": ("text", {"show_fixes": True, "statistics": True}),
    "text-quiet.txt": ("text", {"quiet": True}),
    "json.json": ("json", {}),
    "sarif.json": ("sarif", {}),
    "github.txt": ("github", {}),
    "gitlab.json": ("gitlab", {}),
    "checkstyle.xml": ("checkstyle", {}),
    "junit.xml": ("junit", {}),
    "gnu.txt": ("gnu", {}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str) -> None:
    fmt, options = GOLDEN_CASES[name]
    check_golden(GOLDEN / name, output(fmt, **options))


def test_every_format_has_a_golden() -> None:
    assert {fmt for fmt, _ in GOLDEN_CASES.values()} == set(FORMATS)
    check_no_orphans(GOLDEN, "*", GOLDEN_CASES)


# -- structure of the machine formats ----------------------------------------------------


def test_sarif_validates_against_the_schema() -> None:
    from jsonschema.validators import validator_for

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema)
    log = json.loads(output("sarif"))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    assert rules[0]["helpUri"] == docs_url("DLT001")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert run["columnKind"] == "unicodeCodePoints"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert len(invocation["toolExecutionNotifications"]) == 1
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"my%20dir,%20v2/Dockerfile", "sub/Dockerfile.prod"}
    fixed = [r for r in run["results"] if "fixes" in r]
    assert [r["ruleId"] for r in fixed] == ["DLT001", "DLT002", "DLT007"]


def test_sarif_of_a_clean_run_is_successful_and_valid() -> None:
    from jsonschema.validators import validator_for

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(output("sarif", [FileResult("Dockerfile", [], "FROM a\n")]))
    validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert log["runs"][0]["results"] == []


def test_sarif_rule_missing_from_the_registry() -> None:
    text = "FROM a\n"
    d = Diagnostic("XX999", "mystery", "m", Severity.ERROR, 0, 4, LineIndex(text).range(0, 4))
    log = json.loads(output("sarif", [FileResult("Dockerfile", [d], text)]))
    assert log["runs"][0]["tool"]["driver"]["rules"] == [
        {"id": "XX999", "name": "mystery", "helpUri": docs_url("XX999")}
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("Dockerfile", "Dockerfile"),
        ("a b/ü,x/Dockerfile", "a%20b/%C3%BC,x/Dockerfile"),
        ("sub\\Dockerfile", "sub/Dockerfile"),
        ("/abs/my file", "file:///abs/my%20file"),
        ("C:\\work\\Dockerfile", "file:///C:/work/Dockerfile"),
        ("100%/Dockerfile", "100%25/Dockerfile"),
    ],
)
def test_sarif_artifact_uri(path: str, uri: str) -> None:
    from dlint_dockerfile.output.sarif import artifact_uri

    assert artifact_uri(path) == uri


def test_json_keys_and_values() -> None:
    items = json.loads(output("json"))
    assert len(items) == 8
    for item in items:
        assert list(item) == JSON_KEYS
        assert item["severity"] in ("error", "warning", "info", "style")
        if item["fix"] is not None:
            assert list(item["fix"]) == ["applicability", "title", "edits"]
            for edit in item["fix"]["edits"]:
                assert list(edit) == ["line", "column", "end_line", "end_column", "text"]
    assert {item["path"] for item in items} == {"my dir, v2/Dockerfile", "sub/Dockerfile.prod"}
    assert {item["fix"]["applicability"] for item in items if item["fix"]} == {
        "safe",
        "unsafe",
        "display-only",
    }
    assert output("json", []) == "[]\n"


def test_gitlab_report() -> None:
    items = json.loads(output("gitlab"))
    assert len(items) == 8
    assert len({item["fingerprint"] for item in items}) == len(items)
    for item in items:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in ("info", "minor", "major", "critical", "blocker")
        location = item["location"]
        assert location["lines"]["begin"] == location["positions"]["begin"]["line"]
        assert location["lines"]["end"] >= location["lines"]["begin"]
    assert json.loads(output("gitlab")) == items  # stable
    # Moving a finding down a line keeps its fingerprint; repeating it gives a new one.
    text = "FROM a\nFROM a\n"
    first = finding("D", text, "DLT001", 5, 6, "untagged")
    second = finding("D", text, "DLT001", 12, 13, "untagged")
    moved = finding("D", "\n" + text, "DLT001", 6, 7, "untagged")
    prints = [
        item["fingerprint"]
        for result in (
            FileResult("D", [first, second], text),
            FileResult("D", [moved], "\n" + text),
        )
        for item in json.loads(output("gitlab", [result]))
    ]
    assert prints[0] != prints[1]
    assert prints[0] == prints[2]


def test_github_escaping() -> None:
    lines = output("github").splitlines()
    assert len(lines) == 9
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    odd = next(line for line in lines if "DLT005" in line)
    assert odd.endswith(
        '::copies <everything> & "more": 100%25 of it,%0Aincluding secrets%0D%0Aand keys'
    )
    assert "file=my dir%2C v2/Dockerfile," in odd
    assert (
        lines[-1]
        == "::error file=missing/Dockerfile,title=dlint::cannot read: No such file or directory"
    )
    property_text = "a:b,c%d\ne"
    results = [
        FileResult(property_text, [finding(property_text, "FROM a", "DLT001", 5, 6, "m")], "FROM a")
    ]
    assert output("github", results).startswith("::error file=a%3Ab%2Cc%25d%0Ae,line=1,")


def test_checkstyle_parses_with_every_file() -> None:
    root = ET.fromstring(output("checkstyle").encode())
    assert root.tag == "checkstyle"
    files = root.findall("file")
    assert [f.get("name") for f in files] == [r.path for r in make_results()]
    assert [len(f.findall("error")) for f in files] == [5, 0, 3, 0]
    assert len(files[3].findall("exception")) == 1
    odd = files[0].findall("error")[4]
    assert (
        odd.get("message")
        == 'copies <everything> & "more": 100% of it,\nincluding secrets\r\nand keys'
    )
    assert odd.get("source") == "dlint.DLT005"
    assert files[0].findall("error")[3].get("message") == "label value is not ASCII: ☕ 日本 𝄞"
    assert {e.get("severity") for e in root.iter("error")} == {"error", "warning", "info"}


def test_junit_parses_with_correct_counts() -> None:
    root = ET.fromstring(output("junit").encode())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "dlint"
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == (
            "4",
            "2",
            "1",
        )
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.path for r in make_results()]
    assert [len(c.findall("failure")) for c in cases] == [1, 0, 1, 0]
    assert [len(c.findall("error")) for c in cases] == [0, 0, 0, 1]
    failure = cases[0].find("failure")
    assert failure is not None and failure.text is not None
    assert len(failure.text.splitlines()) == 7  # five findings, one message has two newlines


def test_xml_drops_characters_xml_cannot_carry() -> None:
    text = "FROM a\n"
    d = finding("x\x1b", text, "DLT001", 5, 6, "bad \x00\x1b \udc80 byte")
    for fmt in ("checkstyle", "junit"):
        document = output(fmt, [FileResult("x\x1b", [d], text)])
        assert document.isascii()
        ET.fromstring(document.encode())


def test_gnu_lines() -> None:
    lines = output("gnu").splitlines()
    assert len(lines) == 8
    pattern = re.compile(r"^.+:\d+\.\d+-\d+\.\d+: (error|warning|info|style): DLT\d{3} .+$")
    assert all(pattern.match(line) for line in lines)
    # The tab before "apt-get" advances to column 9; wide characters count two columns.
    assert lines[2].startswith("my dir, v2/Dockerfile:3.9-3.16: style: DLT004 ")
    assert lines[3].startswith("my dir, v2/Dockerfile:4.25-4.34: info: DLT003 ")


# -- text --------------------------------------------------------------------------------


def test_text_without_color_has_no_escape_codes() -> None:
    for options in ({}, {"show_fixes": True, "statistics": True}, {"quiet": True}):
        assert "\x1b" not in output("text", **options)


def test_text_with_color_differs_only_by_colour() -> None:
    for options in ({}, {"show_fixes": True, "statistics": True}, {"quiet": True}):
        colored = output("text", color=True, **options)
        assert "\x1b[" in colored
        assert ANSI.sub("", colored) == output("text", **options)


def test_text_summary_lines() -> None:
    assert output("text", []) == "No problems found in 0 files.\n"
    clean = [FileResult("Dockerfile", [], "FROM a\n")]
    assert output("text", clean) == "No problems found in 1 file.\n"
    assert output("text", clean, quiet=True) == ""
    assert output("text", clean, quiet=True, color=True) == ""
    text = "FROM a\n"
    one = [FileResult("D", [finding("D", text, "DLT001", 5, 6, "m")], text)]
    assert output("text", one).endswith(
        "Found 1 problem (1 error, 0 warnings, 0 info, 0 style) in 1 file.\n"
    )


def test_text_frame_is_skipped_without_source() -> None:
    text = "FROM a\n"
    d = finding("D", text, "DLT001", 5, 6, "m", fix=Fix("Pin", (Edit(6, 6, ":1"),)))
    assert output("text", [FileResult("D", [d], None)]).splitlines()[:2] == [
        "D:1:6: DLT001 [untagged-image] m",
        "  = help: Pin",
    ]


def test_text_neutralises_control_and_bidi_characters() -> None:
    text = 'LABEL a="\x1b[31m\u202eevil"\n'
    d = finding("D\x07", text, "DLT003", 0, len(text) - 1, "msg \x1b[2J")
    shown = output("text", [FileResult("D\x07", [d], text)])
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert shown.splitlines()[1] == ' 1 | LABEL a="\u241b[31m\ufffdevil"'
    assert shown.splitlines()[2] == "   | " + "^" * 20


def test_text_lone_surrogates_are_replaced() -> None:
    text = "FROM caf\udce9\n"
    d = finding("D", text, "DLT001", 5, 9, "image caf\udce9")
    for fmt in FORMATS:
        output(fmt, [FileResult("D", [d], text)]).encode("utf-8")


def test_text_fix_diff_joining_and_deleting_lines() -> None:
    text = "RUN a \\\n    b\nRUN c\n"
    join = Fix("Join", (Edit(text.index(" \\"), text.index("b"), " "),))
    delete = Fix("Delete", (Edit(text.index("RUN c"), len(text), ""),))
    results = [
        FileResult(
            "D",
            [
                finding("D", text, "DLT006", 0, text.index("\nRUN c"), "join", fix=join),
                finding("D", text, "DLT006", text.index("RUN c"), len(text) - 1, "x", fix=delete),
            ],
            text,
        )
    ]
    lines = output("text", results, show_fixes=True).splitlines()
    assert lines[5:9] == ["   = help: Join", " 1 - RUN a \\", " 2 -     b", " 1 + RUN a b"]
    assert lines[13:16] == ["   = help: Delete", " 3 - RUN c", ""]


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        output("xml")


def test_importing_the_package_does_not_import_rich_or_formats() -> None:
    import subprocess
    import sys

    code = (
        "import sys, io, dlint_dockerfile.output as o; "
        "from dlint_dockerfile.lint.registry import Registry; "
        "o.render([], 'text', io.StringIO(), registry=Registry([])); "
        "print(sorted(m for m in sys.modules if m.startswith(('rich', 'dlint_dockerfile.output'))))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    expected = [f"dlint_dockerfile.output{part}" for part in ("", ".common", ".text")]
    assert found.strip() == str(expected)
