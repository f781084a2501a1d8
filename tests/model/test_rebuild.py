"""Rebuild prediction: which steps a change of the build context reruns (buildah's cache).

Each case is a small project in a temp dir; the semantics were checked against real
buildah builds (``bench/rebuild.py``), BuildKit's from its source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.model import DockerfileModel, build_model
from dlint_dockerfile.model.rebuild import (
    RebuildPrediction,
    needed_stages,
    predict_rebuild,
    stage_steps,
)


def project(root: Path, dockerfile: str, files: dict[str, str]) -> DockerfileModel:
    for rel, content in {**files, "Dockerfile": dockerfile}.items():
        path = root / rel
        if rel.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    dockerfile_path = root / "Dockerfile"
    return build_model(dockerfile, dockerfile_path, BuildContext.for_dockerfile(dockerfile_path))


def rebuilt(prediction: RebuildPrediction) -> dict[str, list[str]]:
    """Stage → the rebuilt steps as ``KEYWORD@line`` (``?`` marks an uncertain step)."""
    out: dict[str, list[str]] = {}
    for stage in prediction.stages:
        model_steps = []
        for step in stage.steps:
            node = step.instruction
            mark = "" if step.certain else "?"
            model_steps.append(f"{node.name}{mark}")
        out[stage.stage.name or str(stage.stage.index)] = model_steps
    return out


def first_reason(prediction: RebuildPrediction, stage: str | None = None) -> str:
    for item in prediction.stages:
        if stage in (None, item.stage.name) and item.steps:
            return item.steps[0].reason
    raise AssertionError("nothing rebuilt")


PYTHON_APP = """\
FROM debian:bookworm-slim
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY src/ ./src/
COPY *.cfg ./
ENV PORT=8000
CMD ["python", "-m", "src"]
"""
PYTHON_FILES = {
    "requirements.txt": "flask\n",
    "src/app.py": "print(1)\n",
    "src/util/helpers.py": "",
    "setup.cfg": "[x]\n",
    "README.md": "readme\n",
    "notes/todo.txt": "",
    ".dockerignore": "notes\n*.md\n",
}


@pytest.fixture
def app(tmp_path: Path) -> DockerfileModel:
    return project(tmp_path, PYTHON_APP, PYTHON_FILES)


# ------------------------------------------------------------------ COPY from the context


def test_changed_manifest_reruns_its_copy_and_everything_after(app: DockerfileModel) -> None:
    prediction = predict_rebuild(app, ["requirements.txt"])
    assert rebuilt(prediction) == {"0": ["COPY", "RUN", "COPY", "COPY", "ENV", "CMD"]}
    stage = prediction.stages[0]
    assert stage.first is stage.steps[0].instruction
    assert stage.steps[0].reason == "COPY takes the changed file requirements.txt"
    assert [s.reason for s in stage.steps[1:]] == [""] * 5
    assert prediction.changed == ["requirements.txt"]
    assert prediction.ignored == []


def test_changed_source_file_keeps_the_install_cached(app: DockerfileModel) -> None:
    prediction = predict_rebuild(app, ["src/util/helpers.py"])
    assert rebuilt(prediction) == {"0": ["COPY", "COPY", "ENV", "CMD"]}
    assert first_reason(prediction) == "COPY takes the changed file src/util/helpers.py"


def test_a_changed_folder_is_everything_below_it(app: DockerfileModel) -> None:
    prediction = predict_rebuild(app, ["src"])
    assert rebuilt(prediction) == {"0": ["COPY", "COPY", "ENV", "CMD"]}
    assert first_reason(prediction) == (
        "COPY takes the changed files src/app.py, src/util/helpers.py"
    )


def test_file_no_source_takes_rebuilds_nothing(app: DockerfileModel, tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("all:\n")
    app = project(tmp_path, PYTHON_APP, {})
    prediction = predict_rebuild(app, ["Makefile"])
    assert rebuilt(prediction) == {"0": []}
    assert prediction.stages[0].first is None
    assert prediction.ignored == []


def test_ignored_file_rebuilds_nothing_even_under_copy_all(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian\nWORKDIR /app\nCOPY . .\nRUN ls\n",
        {"app.py": "", "notes.md": "", "docs/guide.md": "", ".dockerignore": "*.md\ndocs\n"},
    )
    prediction = predict_rebuild(model, ["notes.md", "docs", "docs/guide.md"])
    assert rebuilt(prediction) == {"0": []}
    assert prediction.ignored == ["notes.md", "docs", "docs/guide.md"]
    prediction = predict_rebuild(model, ["app.py"])
    assert rebuilt(prediction) == {"0": ["COPY", "RUN"]}


def test_a_folder_partly_ignored_is_not_ignored(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian\nCOPY . /app\n",
        {"src/a.py": "", "src/a.log": "", ".dockerignore": "**/*.log\n"},
    )
    assert predict_rebuild(model, ["src/a.log"]).ignored == ["src/a.log"]
    prediction = predict_rebuild(model, ["src"])
    assert prediction.ignored == []
    assert first_reason(prediction) == "COPY takes the changed file src/a.py"


def test_dockerignore_exception_lets_a_file_in(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian\nCOPY . /app\n",
        {"README.md": "", "CHANGES.md": "", ".dockerignore": "*.md\n!README.md\n"},
    )
    assert rebuilt(predict_rebuild(model, ["CHANGES.md"])) == {"0": []}
    assert rebuilt(predict_rebuild(model, ["README.md"])) == {"0": ["COPY"]}


def test_wildcard_source(app: DockerfileModel, tmp_path: Path) -> None:
    assert rebuilt(predict_rebuild(app, ["setup.cfg"])) == {"0": ["COPY", "ENV", "CMD"]}
    (tmp_path / "extra.cfg").write_text("new")  # a new match of the wildcard
    app = project(tmp_path, PYTHON_APP, {})
    assert first_reason(predict_rebuild(app, ["extra.cfg"])) == (
        "COPY takes the changed file extra.cfg"
    )
    (tmp_path / "setup.cfgx").write_text("")  # not a match
    app = project(tmp_path, PYTHON_APP, {})
    assert rebuilt(predict_rebuild(app, ["setup.cfgx"])) == {"0": []}


def test_deleted_paths(app: DockerfileModel) -> None:
    # a deleted file below a copied folder, a deleted wildcard match, a deleted ignored file
    prediction = predict_rebuild(app, ["src/old.py"])
    assert rebuilt(prediction) == {"0": ["COPY", "COPY", "ENV", "CMD"]}
    assert "src/old.py is not in the context: taken as deleted" in prediction.notes
    assert rebuilt(predict_rebuild(app, ["old.cfg"])) == {"0": ["COPY", "ENV", "CMD"]}
    deleted_ignored = predict_rebuild(app, ["notes/done.txt"])
    assert rebuilt(deleted_ignored) == {"0": []}
    assert deleted_ignored.ignored == ["notes/done.txt"]
    assert rebuilt(predict_rebuild(app, ["gone.txt"])) == {"0": []}


def test_new_empty_folder_below_a_copied_folder(app: DockerfileModel, tmp_path: Path) -> None:
    (tmp_path / "src" / "empty").mkdir()
    app = project(tmp_path, PYTHON_APP, {})
    assert rebuilt(predict_rebuild(app, ["src/empty"])) == {"0": ["COPY", "COPY", "ENV", "CMD"]}


def test_whole_context_changed(app: DockerfileModel) -> None:
    prediction = predict_rebuild(app, ["."])
    assert prediction.changed == ["."]
    assert rebuilt(prediction) == {"0": ["COPY", "RUN", "COPY", "COPY", "ENV", "CMD"]}


def test_paths_are_cleaned_and_absolute_ones_accepted(
    app: DockerfileModel, tmp_path: Path
) -> None:
    prediction = predict_rebuild(app, ["./src//app.py", str(tmp_path / "src" / "app.py")])
    assert prediction.changed == ["src/app.py"]
    assert rebuilt(prediction) == {"0": ["COPY", "COPY", "ENV", "CMD"]}


def test_chown_and_chmod_do_not_matter(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian\nCOPY --chown=1000:1000 --chmod=0644 a.txt /a/\nCOPY b.txt /b/\n",
        {"a.txt": "", "b.txt": ""},
    )
    assert rebuilt(predict_rebuild(model, ["a.txt"])) == {"0": ["COPY", "COPY"]}
    assert rebuilt(predict_rebuild(model, ["b.txt"])) == {"0": ["COPY"]}


def test_add_url_is_not_from_the_context(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian\nADD https://example.com/r.txt /r.txt\nADD local.txt /l.txt\nRUN cat /r.txt\n",
        {"local.txt": "", "r.txt": ""},
    )
    assert rebuilt(predict_rebuild(model, ["r.txt"])) == {"0": []}
    assert rebuilt(predict_rebuild(model, ["local.txt"])) == {"0": ["ADD", "RUN"]}


def test_heredoc_copy_takes_nothing(tmp_path: Path) -> None:
    model = project(tmp_path, "FROM debian\nCOPY <<EOF /x\nhello\nEOF\nRUN cat /x\n", {"x": ""})
    assert rebuilt(predict_rebuild(model, ["x"])) == {"0": []}


def test_copy_exclude_is_buildkit_only_flag(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian\nCOPY --exclude=*.md docs/ /docs/\n",
        {"docs/a.md": "", "docs/a.txt": ""},
    )
    assert rebuilt(predict_rebuild(model, ["docs/a.md"], builder="buildkit")) == {"0": []}
    assert rebuilt(predict_rebuild(model, ["docs/a.txt"], builder="buildkit")) == {"0": ["COPY"]}


# ------------------------------------------------------------------ variables and symlinks


def test_source_from_a_variable(tmp_path: Path) -> None:
    files = {"conf/a.ini": "", "other.txt": ""}
    known = project(tmp_path, "FROM debian\nARG DIR=conf\nCOPY ${DIR}/ /etc/app/\n", files)
    assert rebuilt(predict_rebuild(known, ["conf/a.ini"])) == {"0": ["COPY"]}
    assert rebuilt(predict_rebuild(known, ["other.txt"])) == {"0": []}
    unknown = project(tmp_path, "FROM debian\nARG DIR\nCOPY ${DIR}/ /etc/app/\nRUN ls\n", files)
    prediction = predict_rebuild(unknown, ["conf/a.ini"])
    assert rebuilt(prediction) == {"0": ["COPY?", "RUN?"]}
    assert any("has a variable without a known value" in n for n in prediction.notes)


def test_source_through_a_symlinked_folder(tmp_path: Path) -> None:
    (tmp_path / "linked").symlink_to("real")
    model = project(tmp_path, "FROM debian\nCOPY linked/a.txt /x/\n", {"real/a.txt": ""})
    prediction = predict_rebuild(model, ["real/a.txt"])
    assert rebuilt(prediction) == {"0": ["COPY?"]}
    assert any("symlinked folder" in n for n in prediction.notes)


# ------------------------------------------------------------------ RUN mounts


MOUNT = """\
FROM debian
COPY a.txt /a/
RUN --mount=type=bind,source=m.txt,target=/m.txt cat /m.txt
RUN --mount=type=cache,target=/root/.cache echo cached
"""


def test_bind_mount_from_the_context_stays_cached_with_buildah(tmp_path: Path) -> None:
    model = project(tmp_path, MOUNT, {"a.txt": "", "m.txt": ""})
    prediction = predict_rebuild(model, ["m.txt"])
    assert rebuilt(prediction) == {"0": []}
    assert prediction.notes == [
        "line 3: RUN --mount=type=bind mounts the changed m.txt from the context, but buildah "
        "keys a RUN by its text: it stays cached (BuildKit reruns it)"
    ]


def test_bind_mount_from_the_context_reruns_with_buildkit(tmp_path: Path) -> None:
    model = project(tmp_path, MOUNT, {"a.txt": "", "m.txt": ""})
    prediction = predict_rebuild(model, ["m.txt"], builder="buildkit")
    assert rebuilt(prediction) == {"0": ["RUN", "RUN"]}
    assert first_reason(prediction) == (
        "RUN --mount=type=bind mounts the changed m.txt from the context"
    )
    assert prediction.notes == []


# ------------------------------------------------------------------ multi-stage


MULTI = """\
FROM debian AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY cmd/ ./cmd/
RUN go build -o /out/app ./cmd

FROM debian AS assets
COPY static/ /static/
COPY templates/ /templates/

FROM debian AS tests
COPY tests/ /tests/
RUN run-tests

FROM build AS debug
RUN echo debug

FROM debian
COPY --from=assets /static /srv/static
RUN echo static
COPY --from=build /out/app /usr/local/bin/app
COPY --from=assets /templates /srv/templates
CMD ["app"]
"""
MULTI_FILES = {
    "go.mod": "",
    "cmd/main.go": "",
    "static/site.css": "",
    "templates/index.html": "",
    "tests/test_a.sh": "",
}


@pytest.fixture
def multi(tmp_path: Path) -> DockerfileModel:
    return project(tmp_path, MULTI, MULTI_FILES)


def test_unused_stages_are_skipped(multi: DockerfileModel) -> None:
    assert [s.name for s in needed_stages(multi)] == ["build", "assets", None]
    prediction = predict_rebuild(multi, ["tests/test_a.sh"])
    assert [s.stage.name for s in prediction.stages] == ["build", "assets", None]
    assert all(s.first is None for s in prediction.stages)


def test_target_selects_the_stages(multi: DockerfileModel) -> None:
    prediction = predict_rebuild(multi, ["tests/test_a.sh"], target="tests")
    assert rebuilt(prediction) == {"tests": ["COPY", "RUN"]}
    assert [s.name for s in needed_stages(multi, "debug")] == ["build", "debug"]
    assert [s.name for s in needed_stages(multi, "3")] == ["build", "debug"]
    with pytest.raises(ValueError, match="no stage 'nope' in the Dockerfile"):
        predict_rebuild(multi, [], target="nope")


def test_copy_from_a_stage_whose_copied_files_changed(multi: DockerfileModel) -> None:
    prediction = predict_rebuild(multi, ["templates/index.html"])
    assert rebuilt(prediction) == {"build": [], "assets": ["COPY"], "4": ["COPY", "CMD"]}
    final = prediction.stages[-1]
    assert final.steps[0].certain
    assert final.steps[0].reason == (
        "COPY --from=assets: /templates changed in stage assets (COPY at line 10)"
    )


def test_copy_from_a_stage_rebuilt_elsewhere_stays_cached(multi: DockerfileModel) -> None:
    # static/ changed: the assets stage reruns from its first COPY, but /templates is
    # written by a COPY of unchanged files, so COPY --from=assets /templates stays cached
    prediction = predict_rebuild(multi, ["static/site.css"])
    assert rebuilt(prediction)["assets"] == ["COPY", "COPY"]
    final = prediction.stages[-1]
    assert [s.instruction.name for s in final.steps] == ["COPY", "RUN", "COPY", "COPY", "CMD"]
    assert final.steps[0].reason.startswith("COPY --from=assets: /static changed")


def test_copy_from_after_a_rerun_run_is_uncertain(multi: DockerfileModel) -> None:
    prediction = predict_rebuild(multi, ["cmd/main.go"])
    assert rebuilt(prediction)["build"] == ["COPY", "RUN"]
    final = prediction.stages[-1]
    assert [f"{s.instruction.name}{'' if s.certain else '?'}" for s in final.steps] == [
        "COPY?",
        "COPY?",
        "CMD?",
    ]
    assert final.steps[0].reason == (
        "COPY --from=build: /out/app may have changed in stage build (RUN at line 6 re-ran); "
        "rebuilt if the files it copies came out different"
    )


def test_from_a_rebuilt_stage_reruns_every_step(multi: DockerfileModel) -> None:
    prediction = predict_rebuild(multi, ["go.mod"], target="debug")
    assert rebuilt(prediction) == {
        "build": ["COPY", "RUN", "COPY", "RUN"],
        "debug": ["RUN"],
    }
    assert first_reason(prediction, "debug") == "its base stage build was rebuilt"


def test_from_a_stage_rebuilt_only_maybe(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian AS a\nCOPY x /x\nRUN make\n"
        "FROM debian AS b\nCOPY --from=a /out /out\n"
        "FROM b\nRUN echo\n",
        {"x": ""},
    )
    prediction = predict_rebuild(model, ["x"])
    assert rebuilt(prediction) == {"a": ["COPY", "RUN"], "b": ["COPY?"], "2": ["RUN?"]}
    assert first_reason(prediction, None) == "COPY takes the changed file x"
    assert prediction.stages[2].steps[0].reason == (
        "its base stage b was rebuilt (if the files it depends on came out different)"
    )


def test_an_uncertain_step_then_a_certain_one(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian AS a\nCOPY x /x\nRUN make\nFROM debian\nCOPY --from=a /out /out\n"
        "COPY y /y\nRUN echo\n",
        {"x": "", "y": ""},
    )
    final = predict_rebuild(model, ["x", "y"]).stages[-1]
    assert [(s.instruction.name, s.certain, bool(s.reason)) for s in final.steps] == [
        ("COPY", False, True),
        ("COPY", True, True),
        ("RUN", True, False),
    ]
    assert final.steps[1].reason == "COPY takes the changed file y"


def test_copy_from_an_image_is_not_affected(tmp_path: Path) -> None:
    model = project(
        tmp_path, "FROM debian\nCOPY --from=nginx:1 /etc/nginx /etc/nginx\nCOPY a /a\n", {"a": ""}
    )
    assert rebuilt(predict_rebuild(model, ["a"])) == {"0": ["COPY"]}


def test_bind_mount_from_a_stage(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian AS m\nCOPY t.txt /t/\n"
        "FROM debian\nRUN --mount=type=bind,from=m,source=/t,target=/mt cat /mt/t.txt\n",
        {"t.txt": ""},
    )
    buildah = predict_rebuild(model, ["t.txt"])
    assert rebuilt(buildah) == {"m": ["COPY"], "1": []}
    assert "buildah keys a RUN by its text" in buildah.notes[0]
    buildkit = predict_rebuild(model, ["t.txt"], builder="buildkit")
    assert rebuilt(buildkit) == {"m": ["COPY"], "1": ["RUN"]}
    assert needed_stages(model)[0].name == "m"  # a mount makes the stage needed


def test_landings_of_files_and_folders(tmp_path: Path) -> None:
    # where a changed file lands decides which COPY --from sees it
    model = project(
        tmp_path,
        "FROM debian AS a\nCOPY conf/ /etc/app/\nCOPY one.txt /opt/\nCOPY two.txt /srv/two\n"
        "FROM debian\nCOPY --from=a /etc/app/main.ini /x\nCOPY --from=a /opt/other /y\n"
        "COPY --from=a /srv/two /z\n",
        {"conf/main.ini": "", "conf/extra.ini": "", "one.txt": "", "two.txt": ""},
    )
    assert rebuilt(predict_rebuild(model, ["conf/extra.ini"]))["1"] == []
    assert rebuilt(predict_rebuild(model, ["conf/main.ini"]))["1"] == ["COPY", "COPY", "COPY"]
    assert rebuilt(predict_rebuild(model, ["one.txt"]))["1"] == []
    assert rebuilt(predict_rebuild(model, ["two.txt"]))["1"] == ["COPY"]


def test_copy_from_with_a_wildcard_source(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian AS a\nCOPY dist/ /dist/\nFROM debian\nCOPY --from=a /dist/*.whl /wheels/\n",
        {"dist/x.whl": "", "dist/x.tar.gz": ""},
    )
    assert rebuilt(predict_rebuild(model, ["dist/x.whl"]))["1"] == ["COPY"]
    assert rebuilt(predict_rebuild(model, ["dist/x.tar.gz"]))["1"] == []


def test_parents_keeps_the_context_path(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian AS a\nCOPY --parents pkgs/*/package.json /app/\n"
        "FROM debian\nCOPY --from=a /app/pkgs/web /web\n",
        {"pkgs/web/package.json": "", "pkgs/api/package.json": ""},
    )
    assert rebuilt(predict_rebuild(model, ["pkgs/web/package.json"], builder="buildkit"))["1"] == [
        "COPY"
    ]
    assert rebuilt(predict_rebuild(model, ["pkgs/api/package.json"], builder="buildkit"))[
        "1"
    ] == []


def test_copy_link_is_not_rerun_by_earlier_steps_with_buildkit(tmp_path: Path) -> None:
    model = project(
        tmp_path, "FROM debian\nCOPY a /a\nCOPY --link b /b\nRUN ls\n", {"a": "", "b": ""}
    )
    assert rebuilt(predict_rebuild(model, ["a"], builder="buildkit")) == {"0": ["COPY", "RUN"]}
    assert rebuilt(predict_rebuild(model, ["a"])) == {"0": ["COPY", "COPY", "RUN"]}


# ------------------------------------------------------------------ ONBUILD


ONBUILD = """\
FROM debian AS base
ONBUILD COPY src/ /onb/
ONBUILD RUN ls /onb
RUN echo base

FROM base AS kid
RUN ls /onb
COPY other.txt /o/

FROM kid
RUN echo grandkid
"""


def test_onbuild_is_dropped_by_buildahs_default_format(tmp_path: Path) -> None:
    model = project(tmp_path, ONBUILD, {"src/s.txt": "", "other.txt": ""})
    prediction = predict_rebuild(model, ["src/s.txt"])
    assert rebuilt(prediction) == {"base": [], "kid": [], "2": []}
    assert prediction.notes == [
        "stage base has ONBUILD triggers: buildah's default OCI format drops them "
        "(they run with --format docker: predict with onbuild=True)"
    ]


def test_onbuild_triggers_run_first_in_the_child_stage(tmp_path: Path) -> None:
    model = project(tmp_path, ONBUILD, {"src/s.txt": "", "other.txt": ""})
    kid = model.stages[1]
    steps = stage_steps(model, kid, onbuild=True)
    assert [(s.name, model.is_trigger(s)) for s in steps] == [
        ("COPY", True),
        ("RUN", True),
        ("RUN", False),
        ("COPY", False),
    ]
    assert [s.name for s in stage_steps(model, model.stages[2], onbuild=True)] == ["RUN"]
    prediction = predict_rebuild(model, ["src/s.txt"], onbuild=True)
    assert rebuilt(prediction) == {"base": [], "kid": ["COPY", "RUN", "RUN", "COPY"], "2": ["RUN"]}
    assert first_reason(prediction, "kid") == (
        "ONBUILD trigger of stage base: COPY takes the changed file src/s.txt"
    )
    assert prediction.stages[1].steps[0].instruction is steps[0]
    assert rebuilt(predict_rebuild(model, ["other.txt"], builder="buildkit")) == {
        "base": [],
        "kid": ["COPY"],
        "2": ["RUN"],
    }


# ------------------------------------------------------------------ notes and errors


def test_changed_dockerignore_and_dockerfile_are_noted(app: DockerfileModel) -> None:
    prediction = predict_rebuild(app, [".dockerignore", "Dockerfile"])
    assert prediction.notes == [
        ".dockerignore changed: files it newly lets in or keeps out changed too "
        "(list them to see what they rebuild)",
        "Dockerfile changed: instructions that differ from the last build rerun too "
        "(this predicts the context's changes only)",
    ]


def test_errors(app: DockerfileModel, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the build context"):
        predict_rebuild(app, ["../elsewhere.txt"])
    with pytest.raises(ValueError, match="outside the build context"):
        predict_rebuild(app, ["/etc/passwd"])
    with pytest.raises(ValueError, match="unknown builder 'docker'"):
        predict_rebuild(app, [], builder="docker")  # type: ignore[arg-type]
    without_context = build_model(PYTHON_APP, tmp_path / "Dockerfile")
    with pytest.raises(ValueError, match="needs the build context"):
        predict_rebuild(without_context, ["src/app.py"])


def test_reasons_name_the_keywords_line_not_the_comment_above(tmp_path: Path) -> None:
    model = project(
        tmp_path,
        "FROM debian:bookworm-slim AS build\nCOPY src/ /src/\n\n# build it\n"
        "RUN cp -r /src /out\n\nFROM debian:bookworm-slim\nCOPY --from=build /out /app\n",
        {"src/a.txt": "a\n"},
    )
    prediction = predict_rebuild(model, ["src/a.txt"])
    final = prediction.stages[-1].steps[0].reason
    assert "(RUN at line 5 re-ran)" in final, final

