"""Fix invariants over every Dockerfile of ../shared/corpus, safe fixes and with unsafe ones:
the result parses with BuildKit's parser, a second run changes nothing, no applicable fix is
left undone, bytes outside the edited ranges are identical, CRLF files stay CRLF."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dlint.lint.files import is_dockerfile_name
from dlint.lint.fixing import fix_text, is_applicable
from dlint.lint.registry import default_registry
from dlint.lint.runner import LintSettings
from dlint.model.context import BuildContext
from dlint.syntax import PositionIndex, parse
from tests.conftest import CORPUS, corpus_files, shared_nodes
from tests.fix_invariants import buildkit_parses, changed_outside_edits

FILES = [
    p
    for p in corpus_files()
    if is_dockerfile_name(p.name)
    or (p.parent.parent.name == "testfiles" and p.name == "Dockerfile")
]


#: The layers family: after every fix (unsafe ones too), none of their problems may be
#: left in another shape (a fix that leaves what its rule names, like an `apk update` kept
#: in front of `apk add --no-cache`, would be found again here).
LAYERS_RULES = frozenset({f"DLX3{n:02}" for n in range(1, 13)})
#: The layers findings `--fix --unsafe-fixes` leaves in the corpus, each with the reason
#: no fix can remove it, by corpus-relative path and code.
LAYERS_LEFT = {
    ("real/docker+awesome-compose/nginx-wsgi-flask/flask/Dockerfile", "DLX301"): (
        "the first RUN is `export FLASK_APP=...`: joined, it would change the second's env"
    ),
    ("wild/2fe51fd23d4b7e62229962fcbaad68c1933dc466.Dockerfile", "DLX301"): "RUN export",
    ("wild/46b9e9f89a40c7e910da46e61c07715646284e1a.Dockerfile", "DLX301"): (
        "the first RUN ends with a comment"
    ),
    ("wild/e9b45e09f3f293982593e01b69771a0b0b59e353.Dockerfile", "DLX301"): "an exec-form RUN",
    **dict.fromkeys(
        [
            ("wild/1d252a3e3b3a9ed73f92ef192b2dfd2fea70c623.Dockerfile", "DLX302"),
            ("wild/3653b1dba8359f086a6a21d3a5003e80a46083a7.Dockerfile", "DLX302"),
            ("wild/4c4b7df3e6eb48f2fc3b3b8a2f12928fc77ddccb.Dockerfile", "DLX302"),
            ("wild/64f0aa9857aded98aba7d2f4bf6305d2fed5dc4c.Dockerfile", "DLX302"),
            ("wild/ede10c8ad63803ee9b8a61ea80ab84c328ea286d.Dockerfile", "DLX302"),
        ],
        "instructions between the COPY and the RUN: only a RUN right after it is moved",
    ),
    **dict.fromkeys(
        [
            ("wild/16d21e5e62209994e568f090502818b9632bfb3a.Dockerfile", "DLX303"),
            ("wild/21b9c0080675e0f770f1079e139fedb099f2e40d.Dockerfile", "DLX303"),
            ("wild/23077812bf65a73d28672e25979372820706dfa7.Dockerfile", "DLX303"),
            ("wild/4384a69a13fa6720569be3960ab7d399943cca53.Dockerfile", "DLX303"),
            ("wild/56ca9bd1109fe35a1ce9b6bdb3b9b32080c4abb3.Dockerfile", "DLX303"),
            ("wild/7ab1c72fa41ddcef5900151ecc5a48a37186f4a4.Dockerfile", "DLX303"),
            ("wild/7b1b83cbb7d627493e3b8bcf7e90bf028d31d94c.Dockerfile", "DLX303"),
            ("wild/7c387c50c618b8f378b9bc0c4b1bbd72576136fa.Dockerfile", "DLX303"),
            ("wild/8de4823961687f50a45f8c5482f822b8739a8ea3.Dockerfile", "DLX303"),
            ("wild/9521435d85c58a29445f1cf047b581d4119ee664.Dockerfile", "DLX303"),
            ("wild/974461dc3396430a1fe94ff8443e5e2e965b8371.Dockerfile", "DLX303"),
            ("wild/a79cda943b7f56a13588e9c173e439729047090c.Dockerfile", "DLX303"),
            ("wild/bbe3bebacf10fae4295d9caac3ccc3b81d830dfb.Dockerfile", "DLX303"),
            ("wild/e93104adf85a108bcb6309b605468f5675434d0c.Dockerfile", "DLX303"),
        ],
        "the cleanup is not in the RUN right after the one it cleans up after",
    ),
    **dict.fromkeys(
        [
            ("wild/ba64beafe683a299159446df2de10b9cbd2cd42e.Dockerfile", "DLX304"),
            ("wild/f6240fac0cbf2bfbe92be48eb61d3b35837517ba.Dockerfile", "DLX304"),
            ("wild/f870caf757f1f9bf1f15f38656617f30507d416c.Dockerfile", "DLX304"),
        ],
        "an update that nothing in the file installs from (update-without-install)",
    ),
    ("wild/5c8ac23e268ad9ef4b4c927762dc4d412ccc612b.Dockerfile", "DLX304"): (
        "the RUN's script does not parse (a comment in backticks between package names)"
    ),
    ("wild/21a17d83fef83768c06fd7e1884f6898b0047b5d.Dockerfile", "DLX306"): (
        "the useless `apk update` sits in an `if ...; fi`: it is not removed from a compound"
    ),
}


def _utf8(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None


@cache
def _settings() -> LintSettings:
    """Every rule that has a fix (the others cannot change the text)."""
    registry = default_registry()
    return LintSettings(tuple(r for r in registry.rules if r.fix != "never"), registry=registry)


def _check(path: Path, unsafe: bool) -> None:
    text = _utf8(path)
    if text is None:
        pytest.skip("not UTF-8")
    settings = _settings()
    context = BuildContext.for_dockerfile(path)
    outcome = fix_text(text, settings, unsafe=unsafe, file_path=path, context=context)
    fixed = outcome.text
    # no applicable fix left undone (a refused one is reported, not silently dropped)
    refused = {(d.code, d.message) for d in outcome.refused}
    undone = [
        d
        for d in outcome.remaining
        if is_applicable(d, unsafe) and (d.code, d.message) not in refused
    ]
    assert undone == [], f"fixes left undone: {[(d.code, d.message) for d in undone]}"
    where = str(path.relative_to(CORPUS))
    if unsafe and where.startswith(("real/", "wild/")):  # not BuildKit's parser tests
        left = {(where, d.code) for d in outcome.remaining if d.code in LAYERS_RULES}
        assert left <= LAYERS_LEFT.keys(), f"layers problems left after --fix: {left}"
    if not outcome.changed:
        return
    # the fixed text parses to a tree holding every node once (the index refuses others)
    tree = parse(fixed)
    assert shared_nodes(tree) == [], "a node sits twice in the fixed file's tree"
    PositionIndex(tree)
    # BuildKit still reads it
    if buildkit_parses(text):
        assert buildkit_parses(fixed), "BuildKit cannot parse the fixed file"
    # idempotent
    second = fix_text(fixed, settings, unsafe=unsafe, file_path=path, context=context)
    assert second.text == fixed, "a second --fix changed the file again"
    # bytes outside the edited ranges are untouched: every changed line of the original
    # overlaps an edited range
    outside = changed_outside_edits(outcome)
    assert outside is None, f"lines {outside[0]}-{outside[1]} changed outside every edit"
    # line endings
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        assert "\n" not in fixed.replace("\r\n", ""), "a CRLF file got LF line endings"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_safe_fixes(path: Path) -> None:
    _check(path, unsafe=False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_unsafe_fixes(path: Path) -> None:
    _check(path, unsafe=True)


def test_corpus_is_there() -> None:
    assert len(FILES) > 700


def test_layers_problems_left_are_still_there() -> None:
    """Every explained leftover names a corpus file (the list does not go stale)."""
    assert all((CORPUS / where).is_file() for where, _ in LAYERS_LEFT)
