"""The build context: listing, .dockerignore selection, and COPY/ADD source resolution."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlint_dockerfile.model.context import BuildContext, CopyMatch
from dlint_dockerfile.model.dockerignore import DockerIgnore, go_path_match


def make(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


APP = {
    "Dockerfile": "FROM scratch\n",
    "package.json": "{}",
    "package-lock.json": "{}",
    "README.md": "",
    "docs/guide.md": "",
    "src/main.py": "",
    "src/util/helpers.py": "",
    "src/util/data.json": "",
    "node_modules/left/index.js": "",
    "node_modules/keep/index.js": "",
    "logs/a.log": "",
    "a/x/b/deep.txt": "",
    "a/b": "",
    "star*.txt": "",
    ".dockerignore": "node_modules\n!node_modules/keep\n*.md\n!README.md\nlogs\n",
}


@pytest.fixture
def app(tmp_path: Path) -> BuildContext:
    make(tmp_path, APP)
    return BuildContext.for_dockerfile(tmp_path / "Dockerfile")


def copy(ctx: BuildContext, src: str) -> CopyMatch:
    return ctx.copy_sources(src)


def test_listing_and_filtering(app: BuildContext) -> None:
    assert app.all_files() == sorted(APP)
    assert app.excluded_files() == [
        "logs/a.log",
        "node_modules/left/index.js",
    ]
    included = app.included_files()
    assert "node_modules/keep/index.js" in included
    assert "docs/guide.md" in included  # "*.md" only matches at the root
    assert set(included) | set(app.excluded_files()) == set(app.all_files())
    assert app.issues == [] and not app.truncated


def test_copy_whole_context(app: BuildContext) -> None:
    for src in (".", "./", "/", "/.", "src/.."):
        match = copy(app, src)
        assert match.path == ""
        assert match.included == app.included_files()
        assert match.excluded == ["logs/a.log", "node_modules/left/index.js"]
        assert not match.matched_nothing and not match.missing and not match.outside


def test_copy_directory_takes_everything_below(app: BuildContext) -> None:
    match = copy(app, "src/")
    assert match.path == "src" and not match.wildcard
    assert match.included == ["src/main.py", "src/util/data.json", "src/util/helpers.py"]
    assert match.excluded == []
    assert copy(app, "/src/util").included == ["src/util/data.json", "src/util/helpers.py"]
    assert copy(app, "./src//util/").path == "src/util"


def test_copy_wildcards(app: BuildContext) -> None:
    assert copy(app, "*.json").included == ["package-lock.json", "package.json"]
    assert copy(app, "package*.json").included == ["package-lock.json", "package.json"]
    assert copy(app, "package?json").included == ["package.json"]
    assert copy(app, "[pR]*").included == ["README.md", "package-lock.json", "package.json"]
    assert copy(app, "src/*/*.py").included == ["src/util/helpers.py"]
    assert copy(app, "*/util").included == ["src/util/data.json", "src/util/helpers.py"]
    match = copy(app, "*.json")
    assert match.wildcard and match.path == "*.json"


def test_double_star_is_not_special_in_copy(app: BuildContext) -> None:
    # Without --parents, "**" is Go's "*": exactly one segment, never "a/b" itself.
    assert copy(app, "a/**/b").included == copy(app, "a/*/b").included == ["a/x/b/deep.txt"]
    assert copy(app, "**/*.py").included == ["src/main.py"]


def test_escaped_wildcards_are_literal(app: BuildContext) -> None:
    match = copy(app, "star\\*.txt")
    assert not match.wildcard  # BuildKit looks the name up as written: "star\*.txt"
    assert match.missing and match.matched_nothing
    assert copy(app, "star[*].txt").included == ["star*.txt"]


def test_copy_of_ignored_sources(app: BuildContext) -> None:
    nm = copy(app, "node_modules")
    assert nm.included == ["node_modules/keep/index.js"]
    assert nm.excluded == ["node_modules/left/index.js"]
    assert not nm.missing  # the directory still reaches the builder (it holds keep/)

    logs = copy(app, "logs/")
    assert logs.included == [] and logs.excluded == ["logs/a.log"]
    assert logs.missing and not logs.matched_nothing  # BuildKit: "/logs": not found

    docs = copy(app, "*.md")
    assert docs.included == ["README.md"] and docs.excluded == []

    log = copy(app, "logs/*.log")
    assert log.excluded == ["logs/a.log"] and not log.missing  # empty wildcards are allowed


def test_missing_and_outside_sources(app: BuildContext) -> None:
    nope = copy(app, "nope.txt")
    assert nope.matched_nothing and nope.missing and nope.included == nope.excluded == []
    wild = copy(app, "nope*")
    assert wild.matched_nothing and not wild.missing
    assert copy(app, "/app/x").missing
    out = copy(app, "../package.json")
    assert out.outside and out.path == "package.json"  # BuildKit clamps ".." at the root
    assert out.included == ["package.json"]
    assert copy(app, "src/../../x").outside
    assert not copy(app, "/../package.json").outside
    assert not copy(app, "src/../package.json").outside


def test_file_source(app: BuildContext) -> None:
    match = copy(app, "./src/main.py")
    assert (match.path, match.included, match.excluded) == ("src/main.py", ["src/main.py"], [])
    assert match.source == "./src/main.py"


def test_exists_has_file_is_ignored(app: BuildContext) -> None:
    assert app.exists("src") and app.exists("./src/main.py") and app.exists(".")
    assert app.exists("node_modules")  # parent of a re-included file
    assert not app.exists("logs") and app.exists("logs", include_ignored=True)
    assert app.is_ignored("logs") and app.is_ignored("logs/a.log")
    assert not app.is_ignored("src/main.py") and not app.is_ignored("missing")
    assert app.has_file("package.json") and app.has_file("/package.json")
    assert not app.has_file("src")  # a directory
    assert not app.has_file("helpers.py") and app.has_file("helpers.py", anywhere=True)
    assert not app.has_file("a.log", anywhere=True)  # ignored


# ----------------------------------------------------------------- which ignore file


def test_dockerfile_specific_ignore_wins(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "app.Dockerfile": "",
            "app.Dockerfile.dockerignore": "secret\n",
            ".dockerignore": "public\n",
            "secret": "",
            "public": "",
        },
    )
    ctx = BuildContext.for_dockerfile(tmp_path / "app.Dockerfile")
    assert ctx.ignore_path == tmp_path / "app.Dockerfile.dockerignore"
    assert ctx.is_ignored("secret") and not ctx.is_ignored("public")

    plain = BuildContext.for_dockerfile(tmp_path / "Dockerfile")  # no Dockerfile.dockerignore
    assert plain.ignore_path == tmp_path / ".dockerignore"
    assert plain.is_ignored("public") and not plain.is_ignored("secret")

    make(tmp_path, {"Dockerfile.dockerignore": "app.*\n"})
    named = BuildContext.for_dockerfile(tmp_path / "Dockerfile")
    assert named.ignore_path == tmp_path / "Dockerfile.dockerignore"
    assert named.is_ignored("app.Dockerfile") and not named.is_ignored("public")


def test_context_dir_override(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "docker/web.Dockerfile": "",
            "docker/.dockerignore": "x\n",  # beside the Dockerfile, not at the root: unused
            ".dockerignore": "y\n",
            "x": "",
            "y": "",
        },
    )
    ctx = BuildContext.for_dockerfile(tmp_path / "docker/web.Dockerfile", tmp_path)
    assert ctx.root == tmp_path and ctx.ignore_path == tmp_path / ".dockerignore"
    assert ctx.is_ignored("y") and not ctx.is_ignored("x")

    make(tmp_path, {"docker/web.Dockerfile.dockerignore": "x\n"})
    ctx = BuildContext.for_dockerfile(tmp_path / "docker/web.Dockerfile", tmp_path)
    assert ctx.ignore_path == tmp_path / "docker/web.Dockerfile.dockerignore"
    assert ctx.is_ignored("x") and not ctx.is_ignored("y")

    default = BuildContext.for_dockerfile(tmp_path / "docker/web.Dockerfile")
    assert default.root == tmp_path / "docker"


def test_no_ignore_file(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "", "a": ""})
    ctx = BuildContext.for_dockerfile(tmp_path / "Dockerfile")
    assert ctx.ignore is None and ctx.ignore_path is None
    assert ctx.included_files() == ctx.all_files() == ["Dockerfile", "a"]


# ----------------------------------------------------------------- robustness


def test_unreadable_ignore_file_is_an_issue_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").mkdir()
    make(tmp_path, {"Dockerfile": ""})
    ctx = BuildContext.for_dockerfile(tmp_path / "Dockerfile")
    assert ctx.ignore is None and ctx.ignore_path == tmp_path / ".dockerignore"
    (issue,) = ctx.issues
    assert issue.path == tmp_path / ".dockerignore"
    assert "directory" in issue.message and "Docker fails" in issue.message



def test_bad_patterns_become_positioned_issues(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "", ".dockerignore": "ok\n  [a-\n", "ok": ""})
    ctx = BuildContext.for_dockerfile(tmp_path / "Dockerfile")
    (issue,) = ctx.issues
    assert (issue.path, issue.line, issue.column) == (tmp_path / ".dockerignore", 2, 3)
    assert str(issue).startswith(f"{tmp_path / '.dockerignore'}:2:3: syntax error in pattern")
    assert ctx.is_ignored("ok")


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    make(outside, {"secret.txt": ""})
    root = make(tmp_path / "ctx", {"Dockerfile": "", "real/file.txt": ""})
    os.symlink(outside, root / "out")
    os.symlink("real", root / "alias")
    ctx = BuildContext.for_dockerfile(root / "Dockerfile")
    assert ctx.all_files() == ["Dockerfile", "alias", "out", "real/file.txt"]
    through = copy(ctx, "alias/file.txt")
    assert through.through_symlink and not through.missing and through.included == []
    assert copy(ctx, "alias/*.txt").through_symlink
    assert copy(ctx, "out").included == ["out"]  # the link itself is an entry


def test_missing_context_directory(tmp_path: Path) -> None:
    ctx = BuildContext(tmp_path / "nowhere")
    assert ctx.all_files() == []
    assert [i.message for i in ctx.issues] == ["the build context is not a directory"]
    assert copy(ctx, ".").matched_nothing is False
    assert copy(ctx, "x").missing


def test_max_entries_truncates(tmp_path: Path) -> None:
    make(tmp_path, {f"f{i}": "" for i in range(10)})
    ctx = BuildContext(tmp_path, max_entries=4)
    assert ctx.truncated and len(ctx.all_files()) == 4
    assert "stopped after 4 entries" in ctx.issues[-1].message
    assert not BuildContext(tmp_path).truncated


def test_walk_semantics_are_buildkits(tmp_path: Path) -> None:
    # "a/b" then "!a": BuildKit's walk keeps a/b out (see test_dockerignore).
    make(tmp_path, {"a/b/f": "", "a/c": ""})
    ctx = BuildContext(tmp_path, DockerIgnore.from_text("a/b\n!a\n"))
    assert ctx.included_files() == ["a/c"]
    assert copy(ctx, "a").excluded == ["a/b/f"]


def test_constructor_with_ignore_object(tmp_path: Path) -> None:
    make(tmp_path, {"keep.py": "", "drop.pyc": ""})
    ignore = DockerIgnore.from_text("*.pyc\n[\n")
    ctx = BuildContext(tmp_path, ignore)
    assert ctx.included_files() == ["keep.py"]
    (issue,) = ctx.issues
    assert issue.line == 2 and issue.path == Path(".dockerignore")


# ----------------------------------------------------------------- COPY wildcards, property

copy_segments = st.sampled_from(["a", "b", "ab", "*", "?", "[ab]", "[^a]*", "*.json", "**", "a*"])


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    files=st.lists(
        st.lists(st.sampled_from(["a", "b", "ab", "a.json"]), min_size=1, max_size=3).map("/".join),
        min_size=1,
        max_size=8,
    ),
    source=st.lists(copy_segments, min_size=1, max_size=3).map("/".join),
    prefix=st.sampled_from(["", "./", "/"]),
)
def test_wildcard_sources_follow_go_filepath_match(
    files: list[str], source: str, prefix: str
) -> None:
    # Reference: every entry whose whole path matches (Go's filepath.Match), not counting
    # entries below a matched directory; a directory brings all files below it.
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel in files:
            path = root / rel
            if path.exists() or any(p.is_file() for p in path.parents):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("")
        ctx = BuildContext(root)
        entries = [str(p.relative_to(root)) for p in sorted(root.rglob("*"))]
        matched = [e for e in entries if go_path_match(source, e)]
        tops = [m for m in matched if not any(m.startswith(o + "/") for o in matched)]
        expected = sorted(
            {f for f in ctx.all_files() for m in tops if f == m or f.startswith(m + "/")}
        )
        match = ctx.copy_sources(prefix + source)
        assert match.wildcard is any(c in source for c in "*?[")
        assert match.included == expected, (files, source)
        assert match.matched_nothing is (not tops)
