"""The model builds for every corpus file; every RUN of the real corpus yields commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.model.model import build_model
from tests.conftest import CORPUS, corpus_files, read_text

DOCKERFILES = [p for p in corpus_files() if "dockerignore" not in p.name and p.name != "result"]
REAL = [p for p in corpus_files("real") if "dockerignore" not in p.name]

#: RUNs tree-sitter-bash cannot parse cleanly, by (file, line), with the reason.
#: Every entry is checked to still fail, so the list cannot go stale.
KNOWN_UNPARSEABLE: dict[tuple[str, int], str] = {
    (
        "wild/5c8ac23e268ad9ef4b4c927762dc4d412ccc612b.Dockerfile",
        8,
    ): "a comment inside backticks (`#Fb folly deps`) as an inline comment: valid bash, "
    "but tree-sitter-bash reads the backquoted comment as an unterminated substitution",
    (
        "wild/d50a917d32a63f1d4ef39d8354fdc319051816f9.Dockerfile",
        45,
    ): "`mongod ... --fork & && python ...`: genuinely broken shell (`&` then `&&`)",
}


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_model_builds(path: Path) -> None:
    model = build_model(read_text(path))
    assert len(model.stages) == sum(1 for i in model.instructions if i.name == "FROM")
    for instruction in model.instructions:
        model.script(instruction)


def test_every_run_yields_commands() -> None:
    failures: dict[tuple[str, int], str] = {}
    runs = 0
    for path in [p for p in DOCKERFILES if not p.is_relative_to(CORPUS / "buildkit-parser")]:
        model = build_model(read_text(path))
        for instruction in model.instructions:
            if (instruction.inner or instruction).name != "RUN":
                continue
            script = model.script(instruction)
            if script is None:
                assert not model.shell_at(instruction).is_posix or _other_shebang(instruction)
                continue
            runs += 1
            line = model.index.lines.position(model.index.body_start(instruction)).line
            key = (str(path.relative_to(CORPUS)), line)
            if not script.commands:
                failures[key] = "no commands"
            elif script.errors:
                failures[key] = script.errors[0].message
    assert runs > 3000
    assert set(failures) == set(KNOWN_UNPARSEABLE), failures


def _other_shebang(instruction: object) -> bool:
    heredocs = getattr(instruction, "heredocs", ())
    return bool(heredocs) and heredocs[0].body.startswith("#!")


def test_real_corpus_has_no_unparseable_run() -> None:
    for path in REAL:
        model = build_model(read_text(path))
        for instruction in model.instructions:
            script = model.script(instruction)
            if script is not None:
                assert script.ok, (path, instruction.code)
