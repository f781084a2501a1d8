"""The context report's data (`build_report`): sizes, folders, ignore patterns, the
proposal, what each source takes, and the files nothing takes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.context_report import (
    Amount,
    ContextReport,
    FolderSize,
    PatternEffect,
    Proposal,
    ProposalEffect,
    Rest,
    SourceUse,
    UnusedFolder,
    build_report,
)
from dlint_dockerfile.model.model import build_model


def make(root: Path, files: dict[str, int | str]) -> Path:
    """Files of a given size (an int: that many bytes) or content."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x" * content if isinstance(content, int) else content)
    return root


def report(
    root: Path, dockerfile: str, proposal: Proposal = (), **limits: int
) -> ContextReport:
    path = root / "Dockerfile"
    path.write_text(dockerfile)
    model = build_model(dockerfile, path, BuildContext.for_dockerfile(path))
    return build_report(model, proposal, **limits)


DOCKERFILE = "FROM alpine\n"  # 12 bytes


def test_sizes_sent_excluded_and_in_all(tmp_path: Path) -> None:
    make(tmp_path, {"a.txt": 10, "src/b.py": 100, "node_modules/x/i.js": 1000,
                    ".dockerignore": "node_modules\n"})
    found = report(tmp_path, DOCKERFILE)
    assert found.sent == Amount(4, 10 + 100 + 12 + 13)  # the Dockerfile and the ignore file too
    assert found.excluded == Amount(1, 1000)
    assert found.total == Amount(5, 1135)
    assert found.complete and found.ignore_readable and not found.issues


def test_a_symlink_counts_as_its_own_size(tmp_path: Path) -> None:
    make(tmp_path, {"big.bin": 5000})
    os.symlink("big.bin", tmp_path / "link")  # 7 bytes: its target's name
    os.symlink("/nowhere/at/all", tmp_path / "dangling")  # 15 bytes
    found = report(tmp_path, DOCKERFILE)
    assert found.sent == Amount(4, 5000 + 7 + 15 + 12)


def test_biggest_folders_with_their_biggest_subfolders_and_the_rest(tmp_path: Path) -> None:
    make(tmp_path, {
        "src/app/a.py": 300, "src/app/b.py": 300, "src/lib/c.py": 200, "src/tools/d.py": 100,
        "src/e.py": 50, "docs/guide/x.md": 400, "web/y.js": 20, "tiny/z": 1,
    })
    found = report(tmp_path, DOCKERFILE, top_folders=2, top_subfolders=2)
    assert found.folders == (
        FolderSize("src", 5, 950, (FolderSize("src/app", 2, 600), FolderSize("src/lib", 1, 200))),
        FolderSize("docs", 1, 400, (FolderSize("docs/guide", 1, 400),)),
    )
    assert found.other_folders == Rest(2, 2, 21)
    assert found.root_files == Amount(1, 12)


def test_what_each_pattern_keeps_out(tmp_path: Path) -> None:
    make(tmp_path, {
        "node_modules/a/i.js": 100, "node_modules/a/node_modules/b/j.js": 50,
        "x.log": 7, "sub/y.log": 9, "README.md": 3, "NOTES.md": 4,
        "docs/a.txt": 5, "docs/b.txt": 6,
        ".dockerignore": "node_modules\n*.log\n*.md\n!README.md\ndocs\ndocs/*.txt\nnope\n!gone\n",
    })
    found = report(tmp_path, DOCKERFILE)
    assert found.patterns == (
        PatternEffect("node_modules", 1, 1, False, 2, 150),  # the folder: everything below
        PatternEffect("*.log", 2, 1, False, 1, 7),  # the root's only (Go's filepath.Match)
        PatternEffect("*.md", 3, 1, False, 1, 4),
        PatternEffect("!README.md", 4, 1, True, 1, 3),  # brought back
        PatternEffect("docs", 5, 1, False, 2, 11),  # the walk skips the folder whole
        PatternEffect("docs/*.txt", 6, 1, False, 0, 0),  # nothing left to keep out
        PatternEffect("nope", 7, 1, False, 0, 0),
        PatternEffect("!gone", 8, 1, True, 0, 0),
    )
    assert found.excluded == Amount(6, 150 + 7 + 4 + 11)


def test_a_re_included_file_leaves_its_folder_decided_file_by_file(tmp_path: Path) -> None:
    make(tmp_path, {"node_modules/keep/k.js": 1, "node_modules/drop/d.js": 2,
                    "node_modules/top.js": 4,
                    ".dockerignore": "node_modules\n!node_modules/keep\n"})
    found = report(tmp_path, DOCKERFILE)
    assert [(p.pattern, p.files, p.bytes) for p in found.patterns] == [
        ("node_modules", 2, 6),
        ("!node_modules/keep", 1, 1),
    ]


def test_without_an_ignore_file_nothing_is_kept_out(tmp_path: Path) -> None:
    make(tmp_path, {"a": 1})
    found = report(tmp_path, DOCKERFILE)
    assert found.ignore_path is None and found.ignore_readable
    assert found.patterns == () and found.excluded == Amount()


def test_an_unreadable_ignore_file_is_reported_and_left_out(tmp_path: Path) -> None:
    make(tmp_path, {"a": 1, ".dockerignore/x": 2})  # a folder: it cannot be read as a file
    found = report(tmp_path, DOCKERFILE)
    assert not found.ignore_readable
    assert [i.message for i in found.issues] == [
        "cannot read the ignore file: it is a directory; Docker fails the build"
    ]
    assert found.sent == Amount(3, 1 + 2 + 12) and found.patterns == ()


def test_the_proposal_per_group(tmp_path: Path) -> None:
    make(tmp_path, {
        "dist/a.js": 100, "dist/b.js": 50, "coverage/c.json": 7, "src/m.py": 3,
        ".git/HEAD": 20, "old.log": 9, "node_modules/x.js": 1000,
        ".dockerignore": "node_modules\n",
    })
    dockerfile = "FROM alpine\nCOPY dist/a.js /a.js\n"
    proposal = [
        ("# build output", ["dist", "coverage/"]),
        ("# version control", [".git"]),
        ("# already out", ["node_modules", "*.nothing"]),
    ]
    found = report(tmp_path, dockerfile, proposal)
    assert found.proposal == (
        ProposalEffect("# build output", ("dist", "coverage/"), 3, 157, 1),
        ProposalEffect("# version control", (".git",), 1, 20, 0),
        ProposalEffect("# already out", ("node_modules", "*.nothing"), 0, 0, 0),
    )
    assert found.proposal_total == Amount(4, 177)
    assert report(tmp_path, dockerfile).proposal == ()


def test_a_file_two_groups_keep_out_counts_for_the_first(tmp_path: Path) -> None:
    make(tmp_path, {"a.log": 1, "b.tmp": 2})
    found = report(tmp_path, DOCKERFILE, [("# one", ["*.log"]), ("# two", ["*.log", "*.tmp"])])
    assert [(g.comment, g.files) for g in found.proposal] == [("# one", 1), ("# two", 1)]


def test_a_bad_proposed_pattern_is_an_error(tmp_path: Path) -> None:
    message = r"^proposed \.dockerignore pattern '\[': syntax error in pattern"
    with pytest.raises(ValueError, match=message):
        report(tmp_path, DOCKERFILE, [("# bad", ["ok", "["])])


def test_the_model_must_have_a_context() -> None:
    with pytest.raises(ValueError, match="no build context"):
        build_report(build_model(DOCKERFILE))


def test_what_each_source_takes(tmp_path: Path) -> None:
    make(tmp_path, {
        "package.json": 10, "src/a.py": 100, "src/b.txt": 20, "src/c.log": 5,
        "lib/x.py": 1, ".dockerignore": "*/*.log\n",
    })
    dockerfile = (
        "FROM python:3 AS build\n"
        "ARG DIR=src\n"
        "COPY package.json ./\n"
        "COPY --exclude=*.txt ${DIR} /src\n"
        "COPY missing.txt /\n"
        "COPY --exclude=*.py lib /lib\n"
        "ADD https://example.com/a.tgz /\n"
        "COPY <<EOF /x\nhi\nEOF\n"
        "ARG UNSET\n"
        "COPY $UNSET ${UNDECLARED:-package.json} /y\n"
        "FROM scratch AS unused\n"
        "COPY src/b.txt /\n"
        "FROM alpine\n"
        "COPY --from=build /src /src\n"
        "ONBUILD COPY . /app\n"
    )
    found = report(tmp_path, dockerfile)
    context = "context"
    assert found.sources == (
        SourceUse("COPY", "build", True, 3, 6, "package.json", "package.json", context, 1, 10),
        SourceUse("COPY", "build", True, 4, 22, "${DIR}", "src", context, 1, 100, 1),
        SourceUse("COPY", "build", True, 5, 6, "missing.txt", "missing.txt", context,
                  note="not found in the context: the build fails"),
        SourceUse("COPY", "build", True, 6, 21, "lib", "lib", context,
                  note="--exclude leaves out every file it names"),
        SourceUse("ADD", "build", True, 7, 5, "https://example.com/a.tgz",
                  "https://example.com/a.tgz", "url"),
        SourceUse("COPY", "build", True, 8, 6, "<<EOF", None, "heredoc"),
        SourceUse("COPY", "build", True, 12, 6, "$UNSET", None, "unknown",
                  note="a variable without a value", listed=False),
        # never declared: empty for BuildKit, which takes no --build-arg for it
        SourceUse("COPY", "build", True, 12, 13, "${UNDECLARED:-package.json}", "package.json",
                  context, 1, 10),
        SourceUse("COPY", "unused", False, 14, 6, "src/b.txt", "src/b.txt", context, 1, 20),
        SourceUse("COPY", "2", True, 16, 19, "/src", "/src", "from", note="--from=build"),
        SourceUse("COPY", "2", True, 17, 14, ".", ".", "onbuild"),
    )
    assert not found.unused_exact


def test_bind_mounts_of_the_context_take_files(tmp_path: Path) -> None:
    make(tmp_path, {"go.mod": 5, "go.sum": 6, "cmd/main.go": 7, "web/x.js": 8})
    dockerfile = (
        "FROM golang\n"
        "RUN --mount=type=bind,source=cmd,target=/src/cmd"
        " --mount=type=cache,target=/root/.cache --mount=from=build,target=/b go build\n"
        "RUN --mount=target=/ctx true\n"
    )
    found = report(tmp_path, dockerfile)
    assert [(s.instruction, s.line, s.column, s.source, s.resolved, s.files, s.bytes)
            for s in found.sources] == [
        ("RUN", 2, 5, "cmd", "cmd", 1, 7),
        ("RUN", 3, 5, ".", ".", 5, 5 + 6 + 7 + 8 + len(dockerfile)),
    ]
    assert found.unused == Amount()
    assert found.unused_folders == ()


def test_unused_files_by_folder(tmp_path: Path) -> None:
    make(tmp_path, {
        "src/app/main.py": 100, "src/app/old.py": 30, "src/notes.txt": 4,
        "docs/a.md": 50, "docs/img/b.png": 500, "tests/t.py": 60, "README.md": 2,
    })
    dockerfile = "FROM python\nCOPY src/app/main.py /app/\n"
    found = report(tmp_path, dockerfile, top_unused=3)
    assert found.unused == Amount(7, 30 + 4 + 50 + 500 + 60 + 2 + len(dockerfile))
    assert found.unused_folders == (
        UnusedFolder("docs", True, 2, 550),  # nothing below docs/ is taken
        UnusedFolder("tests", True, 1, 60),
        UnusedFolder("", False, 2, 2 + len(dockerfile)),  # the root: some files
    )
    assert found.other_unused == Rest(2, 2, 34)  # src/app (old.py) and src (notes.txt)
    assert found.unused_exact


def test_nothing_copied_leaves_every_file_unused(tmp_path: Path) -> None:
    make(tmp_path, {"a/b/c": 1, "d": 2})
    found = report(tmp_path, DOCKERFILE)
    assert found.sources == ()
    assert found.unused_folders == (
        UnusedFolder("", False, 2, 14),
        UnusedFolder("a", True, 1, 1),
    )


def test_sources_dlint_cannot_list_or_that_take_nothing(tmp_path: Path) -> None:
    make(tmp_path, {"src/a.py": 1, "src/c.log": 2, "top.txt": 3, ".dockerignore": "*/*.log\n"})
    os.symlink("src", tmp_path / "linked")
    dockerfile = "FROM alpine\nCOPY src/*.log linked/a.py ../top.txt /x/\n"
    found = report(tmp_path, dockerfile)
    assert [(s.source, s.files, s.ignored, s.note, s.listed) for s in found.sources] == [
        ("src/*.log", 0, 1, "every file it names is excluded by the ignore file", True),
        ("linked/a.py", 0, 0, "through a symlinked folder, which dlint does not follow", False),
        ("../top.txt", 1, 0, "climbs out of the context (BuildKit reads it from the root)", True),
    ]
    assert not found.unused_exact
