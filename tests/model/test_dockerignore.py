""".dockerignore semantics: hand-written cases and a differential test against docker-py.

The oracle is Docker's Python SDK (``docker.utils.build``). It re-implements Docker's
matcher, but with bugs against the Go code (``moby/patternmatcher`` and BuildKit's
``tonistiigi/fsutil`` walk) that dlint follows. Those are listed in `ORACLE_BUGS` and
`WALK_ORACLE_BUGS`, one case each: the test asserts dlint's Go answer *and* that the SDK
still answers differently. The hypothesis generators stay inside the language where the
SDK is faithful; every construct they leave out is one of those table entries.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docker.utils import build as sdk
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dlint_dockerfile.model.dockerignore import (
    DockerIgnore,
    DockerIgnoreReadError,
    IgnorePattern,
    go_clean,
    go_path_match,
)


def excluded(text: str, path: str) -> bool:
    ignore = DockerIgnore.from_text(text)
    assert not ignore.errors, ignore.errors
    return ignore.is_excluded(path)


# ----------------------------------------------------------------- reading the file


def test_comments_blank_lines_and_trimming() -> None:
    ignore = DockerIgnore.from_text("# comment\n\n   \n\t*.log \t\n  # not a comment\n")
    assert [p.pattern for p in ignore.patterns] == ["*.log", "# not a comment"]
    assert ignore.is_excluded("a.log")
    assert ignore.is_excluded("# not a comment")  # '#' counts only as the first character
    assert not ignore.is_excluded("comment")


def test_go_whitespace_is_trimmed_but_not_python_only_whitespace() -> None:
    ignore = DockerIgnore.from_text("\xa0a\u3000\nb\x1c\n")
    assert [p.pattern for p in ignore.patterns] == ["a", "b\x1c"]


def test_bom_crlf_and_positions() -> None:
    ignore = DockerIgnore.from_text("\ufeff  foo\r\n\r\n\t!bar \r\n")
    foo, bar = ignore.patterns
    assert (foo.text, foo.pattern, foo.exclusion, foo.line, foo.column, foo.end_column) == (
        "foo",
        "foo",
        False,
        1,
        3,
        6,
    )
    assert (bar.text, bar.pattern, bar.exclusion, bar.line, bar.column) == (
        "!bar",
        "bar",
        True,
        3,
        2,
    )


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("/foo", "foo"),
        ("./foo", "foo"),
        ("/./foo/", "foo"),
        ("foo/", "foo"),
        ("a/../b", "b"),
        ("a//b///c", "a/b/c"),
        ("/../x", "x"),
        ("../x", "../x"),
        ("! foo/", "foo"),
        ("!/foo", "foo"),
        ("a/./b/..", "a"),
        (".", "."),
    ],
)
def test_patterns_are_cleaned_like_go(line: str, cleaned: str) -> None:
    (pattern,) = DockerIgnore.from_text(line).patterns
    assert pattern.pattern == cleaned
    assert pattern.text == line


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "."),
        ("a/b/../c", "a/c"),
        ("../../a", "../../a"),
        ("a/../..", ".."),
        ("/..", "/"),
        ("//a//", "/a"),
        ("./", "."),
        ("a\\b/./c", "a\\b/c"),
    ],
)
def test_go_clean(path: str, expected: str) -> None:
    assert go_clean(path) == expected


def test_cleaned_patterns_match_the_cleaned_path() -> None:
    assert excluded("/a/../b/", "b")
    assert excluded("./b", "b/c")
    assert not excluded("../b", "b")  # stays "../b": matches nothing in the context
    assert not excluded(".", "a")  # "For historical reasons, the pattern . is ignored."


# ----------------------------------------------------------------- the pattern language


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*", "a", True),
        ("*", "a/b", True),  # through the parent directory "a"
        ("*.md", "README.md", True),
        ("*.md", "docs/x.md", False),  # '*' never crosses '/'
        ("*/*.md", "docs/x.md", True),
        ("?.txt", "a.txt", True),
        ("?.txt", "ab.txt", False),
        ("a?b", "a/b", False),
        ("**/*.go", "x.go", True),
        ("**/*.go", "a/b/c/x.go", True),
        ("**/x", "x", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**/b", "a/xb", False),
        ("a/**", "a/x/y", True),
        ("a/**", "a", False),
        ("**", "anything/at/all", True),
        ("[a-c]x", "bx", True),
        ("[a-c]x", "dx", False),
        ("[abc]", "c", True),
        ("[^a]x", "bx", True),
        ("[^a]x", "ax", False),
        ("[!a]x", "!x", True),  # Go: '!' is not a negation, just a member of the class
        ("[!a]x", "bx", False),
        ("[\\]]", "]", True),
        ("\\*.txt", "*.txt", True),
        ("\\*.txt", "a.txt", False),
        ("\\[x\\]", "[x]", True),
        ("a.b", "aXb", False),  # '.' is literal
        ("a+(b)|{c}$", "a+(b)|{c}$", True),  # regexp metacharacters are literal
        ("**.txt", "a/b.txt", True),  # Go's suffix fast path: "**" + literal = ends with
        ("**a", "xa", True),
        ("[*]", "]", True),  # Go passes '*' inside a class into its regexp: "[[^/]*]"
        ("[*]", "*", False),
        ("a\\d", "a1", True),  # "\d" reaches Go's regexp as a digit class
        ("a\\d", "ad", False),
        ("^a*", "ab", True),  # '^' is not escaped: an anchor at the start ...
        ("x^*", "x^y", False),  # ... and an impossible one in the middle
        ("x^y", "x^y", True),  # without wildcards the pattern is compared literally
        ("[[:digit:]]x", "7x", True),
        ("a\\x41", "aA", True),
    ],
)
def test_pattern_language(pattern: str, path: str, expected: bool) -> None:
    assert excluded(pattern, path) is expected


def test_match_kinds() -> None:
    kinds = {p.text: p.kind for p in DockerIgnore.from_text("a/b\na/**\n**/b\n**\na*\n").patterns}
    assert kinds == {
        "a/b": "exact",
        "a/**": "prefix",
        "**/b": "suffix",
        "**": "suffix",
        "a*": "regexp",
    }


def test_last_matching_pattern_wins() -> None:
    text = "*.log\n!keep.log\nkeep*\n"
    assert excluded(text, "a.log")
    assert excluded(text, "keep.log")  # re-included, then excluded again by "keep*"
    assert not excluded("*.log\n!keep.log\n", "keep.log")
    assert excluded("!keep.log\n*.log\n", "keep.log")  # order matters


def test_parent_directory_rule() -> None:
    assert excluded("build", "build/x/y/z.o")
    assert excluded("a/b", "a/b/c")
    assert not excluded("a/b", "a/bc")
    assert excluded("**/cache", "x/cache/y/z")
    assert not excluded("build", "rebuild/x")


def test_reinclusion_under_an_excluded_directory() -> None:
    text = "node_modules\n!node_modules/keep\n"
    assert excluded(text, "node_modules")
    assert excluded(text, "node_modules/other/x.js")
    assert not excluded(text, "node_modules/keep")
    assert not excluded(text, "node_modules/keep/deep/x.js")
    assert not excluded("*\n!src\n", "src/main.py")
    assert excluded("*\n!src\n", "tests/t.py")


def test_matching_pattern_reports_the_decider() -> None:
    ignore = DockerIgnore.from_text("*.log\n!keep.log\nbuild\n")
    decider = ignore.matching_pattern("build/out/a.o")
    assert decider is not None and decider.text == "build" and decider.line == 3
    keep = ignore.matching_pattern("keep.log")
    assert keep is not None and keep.exclusion and keep.line == 2
    assert ignore.matching_pattern("src/a.py") is None
    assert ignore.matching_pattern(".") is None
    assert ignore.matching_pattern("./build/") is decider  # the path is cleaned too


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "column", "needle"),
    [
        ("ok\n  [a-\n", 2, 3, "syntax error in pattern"),
        ("[]a]", 1, 1, "syntax error in pattern"),
        ("a[", 1, 1, "syntax error in pattern"),
        ("x\\", 1, 1, "syntax error in pattern"),
        ("a\n\n  !  \n", 3, 3, 'illegal exclusion pattern: "!"'),
        ("!/", 1, 1, 'illegal exclusion pattern: "!"'),
        ("[z-a]", 1, 1, "invalid character class range"),
        ("a\\q*", 1, 1, "invalid escape sequence"),
    ],
)
def test_bad_patterns_are_recorded_and_skipped(
    text: str, line: int, column: int, needle: str
) -> None:
    ignore = DockerIgnore.from_text(text)
    (error,) = ignore.errors
    assert (error.line, error.column) == (line, column)
    assert needle in error.message
    assert "Docker fails the build" in error.message
    assert all(p.line != line for p in ignore.patterns)


def test_bad_pattern_does_not_hide_the_others() -> None:
    ignore = DockerIgnore.from_text("*.log\n[a-\n!x.log\n")
    assert [p.text for p in ignore.patterns] == ["*.log", "!x.log"]
    assert ignore.is_excluded("a.log") and not ignore.is_excluded("x.log")
    assert str(ignore.errors[0]).startswith("2:1: ")


def test_unsupported_unicode_class_is_reported_not_blamed_on_docker() -> None:
    (error,) = DockerIgnore.from_text("\\pL*").errors
    assert "dlint skips it" in error.message and "Docker fails" not in error.message


def test_overlong_line_is_an_error() -> None:
    ignore = DockerIgnore.from_text("a\n" + "x" * 70_000 + "\nb\n")
    assert [p.text for p in ignore.patterns] == ["a", "b"]
    (error,) = ignore.errors
    assert error.line == 2 and "token too long" in error.message
    assert not DockerIgnore.from_text("y" * 65_535).errors


def test_compile_raises_value_error_for_bad_entries() -> None:
    assert IgnorePattern.compile("!a").exclusion
    with pytest.raises(ValueError, match="syntax error in pattern"):
        IgnorePattern.compile("[")


def test_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DockerIgnoreReadError, match="directory") as info:
        DockerIgnore.from_file(tmp_path)
    assert info.value.path == tmp_path

    with pytest.raises(DockerIgnoreReadError, match="no such file"):
        DockerIgnore.from_file(tmp_path / "missing")

    locked = tmp_path / "locked"
    locked.write_text("a\n")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(DockerIgnoreReadError, match="permission denied") as info:
        DockerIgnore.from_file(locked)
    assert info.value.reason == "permission denied"


def test_bytes_that_are_not_utf8_match_as_bytes(tmp_path: Path) -> None:
    """Docker reads .dockerignore as bytes (no decoding); file names are bytes too."""
    latin1 = tmp_path / ".dockerignore"
    latin1.write_bytes(b"ok\ncaf\xe9\n")
    ignore = DockerIgnore.from_file(latin1)
    assert ignore.is_excluded(os.fsdecode(b"caf\xe9"))
    assert not ignore.is_excluded("caf\u00e9")  # the UTF-8 spelling is another name


def test_from_file_keeps_the_path(tmp_path: Path) -> None:
    path = tmp_path / ".dockerignore"
    path.write_text("\ufeffa\n", encoding="utf-8")
    ignore = DockerIgnore.from_file(path)
    assert ignore.path == path and [p.pattern for p in ignore.patterns] == ["a"]


# ----------------------------------------------------------------- Go's filepath.Match


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("*.json", "package.json", True),
        ("package*.json", "package-lock.json", True),
        ("*", "a/b", False),
        ("a/*", "a/b", True),
        ("a/**/b", "a/x/b", True),  # "**" is just "*" here
        ("a/**/b", "a/x/y/b", False),
        ("[a-c]?", "bz", True),
        ("[^a-c]", "d", True),
        ("[!a]", "!", True),
        ("\\*", "*", True),
        ("\\*", "a", False),
        ("[", "[", False),  # malformed: no match
        ("a[", "b", False),
        ("é?", "éé", True),
    ],
)
def test_go_path_match(pattern: str, name: str, expected: bool) -> None:
    assert go_path_match(pattern, name) is expected


# ----------------------------------------------------------------- BuildKit's walk


def walk(text: str, entries: list[tuple[str, bool]]) -> list[str]:
    return list(DockerIgnore.from_text(text).walk(entries))


def test_walk_prunes_excluded_directories() -> None:
    entries = [("a", True), ("a/b", False), ("a/k", True), ("a/k/x", False), ("c", False)]
    assert walk("a\n", entries) == ["c"]
    assert walk("a\n!a/k\n", entries) == ["a/k", "a/k/x", "c"]
    assert walk("a\n!*/b\n", entries) == ["a/b", "c"]  # wildcard exception: no pruning
    assert walk("", entries) == [p for p, _ in entries]


def test_walk_uses_parent_results_not_parent_matching() -> None:
    # fsutil's MatchesUsingParentResults: "!a" was skipped for "a" (nothing excluded it
    # then), so it does not count as a parent match for "a/b": a/b stays excluded.
    entries = [("a", True), ("a/b", False), ("a/c", False)]
    assert walk("a/b\n!a\n", entries) == ["a", "a/c"]
    ignore = DockerIgnore.from_text("a/b\n!a\n")
    assert not ignore.is_excluded("a/b")  # MatchesOrParentMatches disagrees


# ----------------------------------------------------------------- oracle: docker-py


@dataclass(frozen=True)
class OracleBug:
    patterns: tuple[str, ...]
    path: str
    go_excluded: bool
    why: str
    go_rejects: bool = False  # Docker fails the build on this file: dlint records an error


#: Per-path cases where docker-py's PatternMatcher differs from Go; dlint answers as Go.
ORACLE_BUGS = [
    OracleBug(("README.md",), "readme.md", False, "SDK lower-cases; Go matches case-sensitively"),
    OracleBug(("[!a]",), "b", False, "SDK treats [!a] as negation; Go's class is {'!', 'a'}"),
    OracleBug(("[^a]",), "b", True, "Go negates with [^a]; SDK escapes '^' as a member"),
    OracleBug(("\\*.txt",), "*.txt", True, "Go's '\\' escapes; SDK takes it literally"),
    OracleBug(("a\\d",), "a1", True, "Go hands '\\d' to its regexp (a digit); SDK: literal"),
    OracleBug(("**.txt",), "a/b.txt", True, "Go: leading ** + literal rest = suffix match"),
    OracleBug(("../secret",), "secret", False, "Go keeps a leading '..' (no match); SDK drops it"),
    OracleBug(("[ab",), "[ab", False, "Go: syntax error (build fails); SDK: literal '['", True),
    OracleBug(("a", "!"), "a", True, "Go: illegal exclusion pattern; SDK reads '!' as '!.'", True),
    OracleBug(("**/x",), "a/b/x/c", True, "SDK implements the deprecated Matches (one parent)"),
    OracleBug(("[*]",), "]", True, "Go turns '*' in a class into regexp text: [[^/]*]"),
    OracleBug(("^a*",), "ab", True, "Go leaves '^' unescaped: an anchor; SDK: literal '^'"),
    OracleBug(("a\x1c",), "a", False, "Go's TrimSpace keeps U+001C; Python's strip drops it"),
    OracleBug(("a",), "a\n", False, "SDK's '$' also matches before a final newline"),
    OracleBug((".dockerignore",), ".dockerignore", True, "SDK always re-includes .dockerignore"),
]


def sdk_excluded(patterns: list[str], path: str) -> bool:
    return bool(sdk.PatternMatcher(list(patterns)).matches(path))


@pytest.mark.parametrize("bug", ORACLE_BUGS, ids=lambda b: b.why)
def test_known_oracle_bugs(bug: OracleBug) -> None:
    ignore = DockerIgnore.from_text("\n".join(bug.patterns))
    assert bool(ignore.errors) is bug.go_rejects
    assert ignore.is_excluded(bug.path) is bug.go_excluded  # with a bad line skipped
    if bug.go_rejects:
        return  # the SDK accepts the file without complaint (it never raises here)
    assert sdk_excluded(list(bug.patterns), bug.path) is not bug.go_excluded


# A pattern is generated as tokens and rendered twice: in Go's syntax for dlint and in
# fnmatch's syntax for the SDK (only negated classes differ: "[^..]" vs "[!..]").


@dataclass(frozen=True)
class Line:
    """A generated .dockerignore line in both syntaxes, and a path it matches."""

    go: str
    py: str
    sample: str


@dataclass(frozen=True)
class Token:
    go: str
    py: str
    sample: str  # text this token matches


@st.composite
def char_class(draw: st.DrawFn, *, negated_ok: bool) -> Token:
    members = draw(st.lists(st.sampled_from(["a", "b", "c", "a-b", "b-c"]), min_size=1))
    body = "".join(members)
    if negated_ok and draw(st.booleans()):
        return Token(f"[^{body}]", f"[!{body}]", "z")
    return Token(f"[{body}]", f"[{body}]", members[0][0])


@st.composite
def segment(draw: st.DrawFn, *, negated_ok: bool) -> Token:
    tokens: list[Token] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["lit", "lit", "lit", "star", "any", "class"]))
        if kind == "lit":
            ch = draw(st.sampled_from("ab."))
            tokens.append(Token(ch, ch, ch))
        elif kind == "star":
            if tokens and tokens[-1].go == "*":
                continue  # "**" inside a segment is not generated: see "**.txt" in ORACLE_BUGS
            tokens.append(Token("*", "*", draw(st.sampled_from(["", "a", "ba"]))))
        elif kind == "any":
            tokens.append(Token("?", "?", "b"))
        else:
            tokens.append(draw(char_class(negated_ok=negated_ok)))
    go = "".join(t.go for t in tokens)
    if go in (".", ".."):  # cleaning would drop or climb: see ORACLE_BUGS' "../secret"
        return Token("a" + go, "a" + go, "a" + go)
    sample = "".join(t.sample for t in tokens)
    assume(sample not in ("", ".", ".."))  # not a path segment
    return Token(go, "".join(t.py for t in tokens), sample)


@st.composite
def pattern_line(draw: st.DrawFn, *, double_star: bool, negated_ok: bool, bang: bool) -> Line:
    parts: list[Token] = []
    for _ in range(draw(st.integers(1, 3))):
        if double_star and draw(st.integers(0, 4)) == 0:
            parts.append(Token("**", "**", draw(st.sampled_from(["a", "a/b"]))))
        else:
            parts.append(draw(segment(negated_ok=negated_ok)))
        if draw(st.integers(0, 6)) == 0:  # a detour that cleaning removes
            parts.append(Token("x/..", "x/..", ""))
    glue = double_star and draw(st.integers(0, 5)) == 0  # a trailing "**" glued to a segment
    if glue and parts[-1].go == "x/..":
        parts.pop()
    glue = glue and not parts[-1].go.endswith("*")
    go = "/".join(p.go for p in parts) + ("**" if glue else "")
    py = "/".join(p.py for p in parts) + ("**" if glue else "")
    sample = "/".join(p.sample for p in parts if p.sample)
    prefix = draw(st.sampled_from(["", "", "/", "./"]))
    suffix = draw(st.sampled_from(["", "", "/"]))
    go, py = prefix + go + suffix, prefix + py + suffix
    if bang and draw(st.integers(0, 2)) == 0:
        space = draw(st.sampled_from(["", " "]))
        go, py = "!" + space + go, "!" + space + py
    return Line(go, py, sample)


@st.composite
def pattern_lists(
    draw: st.DrawFn, *, double_star: bool, negated_ok: bool, bang: bool
) -> list[Line]:
    """Lines, some of which name (with or without '!') what an earlier line matches, so
    that re-inclusion and last-match-wins are exercised often."""
    lines: list[Line] = []
    for _ in range(draw(st.integers(0, 6))):
        if lines and draw(st.integers(0, 2)) == 0:
            target = draw(st.sampled_from(lines)).sample
            target = draw(st.sampled_from([target, target.rsplit("/", 1)[0]]))
            mark = "!" if bang and draw(st.integers(0, 3)) else ""
            lines.append(Line(mark + target, mark + target, target))
        else:
            lines.append(
                draw(pattern_line(double_star=double_star, negated_ok=negated_ok, bang=bang))
            )
    return lines


path_segments = st.one_of(
    st.sampled_from(["a", "b", "ab", "ba", "a.b", "aa"]),
    st.text(alphabet="abc.", min_size=1, max_size=3).filter(lambda s: s not in (".", "..")),
)
paths = st.lists(path_segments, min_size=1, max_size=4).map("/".join)


def probes(lines: list[Line], extra: list[str]) -> list[str]:
    """Paths to ask about: each line's sample, a child and the parent of it, and ``extra``."""
    out = list(extra)
    for line in lines:
        out += [line.sample, line.sample + "/a", line.sample.rsplit("/", 1)[0]]
    return out


@settings(max_examples=300, deadline=None)
@given(
    line=pattern_line(double_star=True, negated_ok=True, bang=False),
    names=st.lists(paths, max_size=4),
)
def test_single_pattern_matches_like_the_sdk(line: Line, names: list[str]) -> None:
    (pattern,) = DockerIgnore.from_text(line.go).patterns
    oracle = sdk.Pattern(line.py)
    assert pattern.matches(line.sample), line  # the generator's sample is a real match
    for name in probes([line], names):
        assert pattern.matches(name) == oracle.match(name), (line.go, name)


@settings(max_examples=250, deadline=None)
@given(
    lines=pattern_lists(double_star=False, negated_ok=False, bang=True),
    names=st.lists(paths, max_size=4),
)
def test_pattern_lists_decide_like_the_sdk(lines: list[Line], names: list[str]) -> None:
    # Without "**" and negated classes a pattern only matches paths with as many segments
    # as it has, so the SDK's deprecated one-parent check equals MatchesOrParentMatches.
    ignore = DockerIgnore.from_text("\n".join([*(line.go for line in lines), "!.dockerignore"]))
    matcher = sdk.PatternMatcher([line.py for line in lines])
    for name in probes(lines, names):
        assert ignore.is_excluded(name) == bool(matcher.matches(name)), (lines, name)


# ----------------------------------------------------------------- oracle: a real tree


def make_tree(root: Path, files: list[str]) -> None:
    """Create ``files``; one that clashes with an earlier file or directory is left out."""
    for rel in files:
        path = root / rel
        if path.exists() or any(parent.is_file() for parent in path.parents):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel)


def tree_entries(root: Path) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for current, dirs, files in os.walk(root):
        dirs.sort()
        rel_dir = os.path.relpath(current, root)
        for name in sorted(dirs + files):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            out.append((rel, name in dirs))
    out.sort(key=lambda e: e[0].split("/"))
    return out


def sent_by_dlint(root: Path, lines: list[str]) -> set[str]:
    ignore = DockerIgnore.from_text("\n".join([*lines, "!Dockerfile", "!.dockerignore"]))
    return set(ignore.walk(tree_entries(root)))


def sent_by_sdk(root: Path, lines: list[str]) -> set[str]:
    return set(sdk.exclude_paths(str(root), list(lines)))


FIXED_TREE = [
    "Dockerfile",
    "README.md",
    "app/main.py",
    "app/cache/x.bin",
    "app/cache/keep.txt",
    "build/out/a.o",
    "build/out/keep.o",
    "docs/guide.md",
    "logs/a.log",
    "logs/important.log",
    "node_modules/keep/index.js",
    "node_modules/left/index.js",
    "src/a/b/c.py",
]
FIXED_PATTERNS = [
    "node_modules",
    "!node_modules/keep",
    "*.md",
    "!README.md",
    "logs/*.log",
    "!logs/important.log",
    "build/**",
    "!build/out/keep.o",
    "**/cache",
    "src/a/b",
    "!src/a",
]


@dataclass(frozen=True)
class WalkBug:
    files: tuple[str, ...]
    patterns: tuple[str, ...]
    path: str
    go_sent: bool
    why: str


#: Walk cases where docker-py's exclude_paths differs from BuildKit's context walk.
WALK_ORACLE_BUGS = [
    WalkBug(("a/b", "a/c"), ("a", "!*/b"), "a/b", True, "SDK prunes despite a wildcard '!'"),
    WalkBug(
        ("a/b/f",),
        ("a/b", "!a"),
        "a/b/f",
        False,
        "BuildKit's MatchesUsingParentResults ignores '!a' skipped at 'a'; SDK re-includes",
    ),
    WalkBug(("Dockerfile",), ("*",), "Dockerfile", False, "SDK re-adds the Dockerfile"),
    WalkBug(("x",), ("*",), ".dockerignore", False, "SDK re-adds .dockerignore"),
]


def test_fixed_tree_against_the_sdk(tmp_path: Path) -> None:
    make_tree(tmp_path, FIXED_TREE)
    ours = sent_by_dlint(tmp_path, FIXED_PATTERNS)
    theirs = sent_by_sdk(tmp_path, FIXED_PATTERNS)
    # Only the WALK_ORACLE_BUGS case "a/b then !a" shows up here (as src/a/b/...).
    assert theirs - ours == {"src/a/b", "src/a/b/c.py"}
    assert ours - theirs == set()
    assert "app/cache/keep.txt" not in ours and "node_modules/keep/index.js" in ours
    assert "build/out/keep.o" in ours and "build/out/a.o" not in ours


@pytest.mark.parametrize("bug", WALK_ORACLE_BUGS, ids=lambda b: b.why)
def test_known_walk_oracle_bugs(bug: WalkBug, tmp_path: Path) -> None:
    make_tree(tmp_path, [*bug.files, ".dockerignore"])
    ignore = DockerIgnore.from_text("\n".join(bug.patterns))
    ours = set(ignore.walk(tree_entries(tmp_path)))
    assert (bug.path in ours) is bug.go_sent
    assert (bug.path in sent_by_sdk(tmp_path, list(bug.patterns))) is not bug.go_sent


tree_files = st.lists(
    st.lists(st.sampled_from(["a", "b", "ab", "c.txt", "a.b"]), min_size=1, max_size=3).map(
        "/".join
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    files=tree_files,
    lines=pattern_lists(double_star=True, negated_ok=True, bang=False),
)
def test_real_tree_walk_like_the_sdk(files: list[str], lines: list[Line]) -> None:
    # No user '!' patterns: every excluded directory is pruned by both, so the SDK's
    # one-parent check cannot show. exclude_paths adds "!Dockerfile" (and its matcher
    # "!.dockerignore"); dlint gets the same two lines.
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_tree(root, files)
        ours = sent_by_dlint(root, [line.go for line in lines])
        theirs = sent_by_sdk(root, [line.py for line in lines])
        assert ours == theirs, (files, lines)


@settings(max_examples=150, deadline=None)
@given(
    files=tree_files,
    lines=pattern_lists(double_star=True, negated_ok=True, bang=False),
)
def test_walk_agrees_with_is_excluded_without_exceptions(
    files: list[str], lines: list[Line]
) -> None:
    # Without '!' lines BuildKit's walk and MatchesOrParentMatches agree on every entry.
    entries: dict[str, bool] = {}
    for rel in files:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            entries.setdefault("/".join(parts[:i]), True)
        entries.setdefault(rel, False)
    ordered = sorted(entries.items(), key=lambda e: e[0].split("/"))
    ignore = DockerIgnore.from_text("\n".join(line.go for line in lines))
    sent = set(ignore.walk(ordered))
    for path, _ in ordered:
        assert (path in sent) is not ignore.is_excluded(path), (lines, path)
