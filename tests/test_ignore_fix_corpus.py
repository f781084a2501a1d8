"""The .dockerignore fixes on every Dockerfile of corpus/real and wild: no COPY/ADD source is lost.

The corpus holds Dockerfiles (and the few .dockerignore files beside them), not their
projects. Each file gets a made-up context in a temporary folder: every local COPY/ADD
source it names (a wildcard made concrete; a folder when the source ends with ``/``), the
corpus's .dockerignore when there is one, and what people leave lying around, at the root
and inside each copied folder: ``.git``, ``node_modules``, a virtualenv, caches, build
output beside its manifest, editor files, logs, ``.env`` files and a private key. Then the
fix loop of ``dlint --fix --unsafe-fixes`` (every default rule) runs, its files are
written, and every source of the original and of the fixed Dockerfile is resolved against
the context before and after: nothing found before may be missing or excluded after.
Each file runs twice: as it is, and with a last line that copies some of that clutter by
name, which the fixes must then leave in the context.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from dlint_dockerfile.lint.fixing import fix_text
from dlint_dockerfile.lint.runner import LintSettings
from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.copy_sources import iter_local_sources
from dlint_dockerfile.model.dockerignore import go_clean
from dlint_dockerfile.model.model import DockerfileModel
from tests.conftest import corpus_files

DOCKERFILES = [
    p for p in (*corpus_files("real"), *corpus_files("wild")) if p.name != ".dockerignore"
]
JUNK = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/objects/ab/cdef": "",
    "node_modules/left-pad/index.js": "",
    ".venv/pyvenv.cfg": "home = /usr\n",
    "__pycache__/m.cpython-311.pyc": "",
    ".env": "TOKEN=1\n",
    ".env.example": "TOKEN=\n",
    "id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
    "debug.log": "",
    ".DS_Store": "",
    ".idea/workspace.xml": "",
    "package.json": "{}\n",
    "dist/index.js": "",
    "pom.xml": "<project/>\n",
    "target/app.jar": "",
}
#: The line that names clutter (the second run of each file).
NAMED = "COPY .git/HEAD .env debug.log node_modules/left-pad/index.js id_rsa .DS_Store /named/\n"
INSIDE = {".env": "A=1\n", "__pycache__/x.pyc": "", ".DS_Store": "", "npm-debug.log": ""}
_WILDCARD = re.compile(r"\[!?\]?[^\]]*\]|[*?]")


def _concrete(source: str) -> str:
    """A path a wildcard source matches: ``*`` and ``?`` become ``x``, a class its first
    member."""

    def one(match: re.Match[str]) -> str:
        text = match.group()
        if text in "*?":
            return "x"
        members = text.lstrip("[!^").rstrip("]") or "x"
        return members[0]

    return _WILDCARD.sub(one, source)


def _sources(text: str, context: BuildContext | None) -> list[tuple[str, bool]]:
    """Every local source of the Dockerfile: (as written, expanded; ends with '/')."""
    from dlint_dockerfile.syntax import parse

    model = DockerfileModel(parse(text), None, context)
    found = []
    for instruction in model.instructions:
        inner = instruction.inner if instruction.name == "ONBUILD" else instruction
        if inner is None or inner.name not in ("COPY", "ADD"):
            continue
        for source in iter_local_sources(copy_args(model, inner)):
            if "\\" not in source.text_or_raw:
                found.append((source.text_or_raw, source.text_or_raw.endswith("/")))
    return found


def _put(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(text, encoding="utf-8")
    except (FileExistsError, NotADirectoryError, IsADirectoryError):
        pass  # a file where a folder should be, or the other way round: keep the first


def make_context(dockerfile: Path, root: Path, *, named: bool = False) -> Path:
    """A made-up project for a corpus Dockerfile (see the module docstring)."""
    text = dockerfile.read_text(encoding="utf-8", errors="surrogateescape")
    if named:
        text += ("" if text.endswith("\n") else "\n") + NAMED
    target = root / "Dockerfile"
    root.mkdir(parents=True)
    target.write_text(text, encoding="utf-8", errors="surrogateescape")
    ignore = dockerfile.with_name(".dockerignore")
    if ignore.exists():
        shutil.copyfile(ignore, root / ".dockerignore")
    for source, folder in _sources(text, None):
        path = go_clean("/" + _concrete(source))[1:]
        if not path or path.startswith(".."):
            continue
        if folder:
            for name, content in INSIDE.items():
                _put(root / path / name, content)
            _put(root / path / "keep.txt", "")
        else:
            _put(root / path, "")
    for name, content in JUNK.items():
        _put(root / name, content)
    return target


def _resolved(text: str, dockerfile: Path) -> dict[str, tuple[bool, bool, frozenset[str]]]:
    """Each source → (missing, matched nothing, the entries it names that are sent)."""
    context = BuildContext.for_dockerfile(dockerfile)
    out = {}
    for source, _ in _sources(text, context):
        match = context.copy_sources(source)
        depth = match.path.count("/") + 1
        named = frozenset(
            "/".join(f.split("/")[:depth]) if match.wildcard else match.path
            for f in match.included
        )
        out[source] = (match.missing, not match.included, named)
    return out


def check(dockerfile: Path, root: Path, *, named: bool = False) -> Counter[str]:
    """Fix the made-up project of ``dockerfile``; fail if a source lost what it named.
    Counts what happened (for the closing numbers)."""
    path = make_context(dockerfile, root, named=named)
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    before = _resolved(text, path)
    outcome = fix_text(
        text,
        LintSettings.default(),
        unsafe=True,
        file_path=path,
        context=BuildContext.for_dockerfile(path),
    )
    for name, (_, new) in outcome.files.items():
        Path(name).write_text(new, encoding="utf-8", errors="surrogateescape")
    path.write_text(outcome.text, encoding="utf-8", errors="surrogateescape")
    counts: Counter[str] = Counter(files=1)
    for old, _ in outcome.files.values():
        counts["ignore files created" if old is None else "ignore files extended"] += 1
    for version in (text, outcome.text):
        after = _resolved(version, path)
        for source, (missing, empty, named) in after.items():
            counts["sources checked"] += 1
            was = before.get(source)
            if was is None:
                continue  # a source only a fix wrote (checked through the original)
            assert not missing or was[0], f"{dockerfile}: {source!r} is missing after the fix"
            assert not empty or was[1], f"{dockerfile}: {source!r} copies nothing after the fix"
            assert named == was[2], f"{dockerfile}: {source!r} lost {sorted(was[2] - named)}"
    return counts


@pytest.mark.parametrize("named", [False, True], ids=["as-is", "named-clutter"])
@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_no_source_is_lost(dockerfile: Path, named: bool, tmp_path: Path) -> None:
    check(dockerfile, tmp_path / "project", named=named)
