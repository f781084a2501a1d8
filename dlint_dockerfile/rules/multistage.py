"""Multistage family (DLX6xx): stage names, references between stages, what ships."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from dlint_dockerfile.fixers.edits import replace_node
from dlint_dockerfile.fixers.multistage import reference_edit
from dlint_dockerfile.fixers.runtime import delete_dead_instruction
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.build_steps import (
    build_step,
    dev_package,
    installs_dependencies,
    removes_packages,
    venv_argument,
)
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.model.model import Stage, StageReference
from dlint_dockerfile.model.reference import ImageReferenceError, has_variables, parse_reference
from dlint_dockerfile.model.runtime_bases import runtime_base
from dlint_dockerfile.shell.packages import PackageCommand, package_commands
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.shell.script import Command, Script
from dlint_dockerfile.syntax import ErrorInstruction, Flag, Instruction, Word

__all__ = [
    "BuildInFinalStage",
    "CopyFromOwnStage",
    "CopyFromStageIndex",
    "CopyFromUnknownStage",
    "DuplicateStageName",
    "InvalidStageName",
    "ReservedStageName",
    "StageNameCasing",
    "UnusedStage",
]

#: BuildKit's stage-name grammar, checked on the lower-cased name.
_STAGE_NAME = re.compile(r"[a-z][a-z0-9_.-]*\Z")
_RESERVED = {
    "scratch": "FROM scratch means the empty image",
    "context": "BuildKit uses it for the build context",
}


def _named_stages(stages: list[Stage]) -> list[tuple[Stage, Word]]:
    out = []
    for stage in stages:
        word = stage.name_word
        if stage.name is not None and word is not None:
            out.append((stage, word))
    return out


# ------------------------------------------------------------------ stage names


class DuplicateStageName(Rule):
    """Stage names must be unique.

    ## What it does
    Reports a `FROM ... AS name` whose name an earlier stage already uses. Like BuildKit,
    names are compared case-insensitively (`AS Build` and `AS build` collide).

    Differences from hadolint: hadolint's DL3024 compares names case-sensitively and misses
    `Build` / `build`, which BuildKit treats as the same name.

    ## Why
    `FROM name` and `COPY --from=name` cannot tell the stages apart, so one of them is
    silently never used, or the wrong one is. BuildKit warns (`DuplicateStageName`).

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM node:22 AS build
    RUN npm run build
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build-api
    RUN go build -o /app .
    FROM node:22 AS build-web
    RUN npm run build
    FROM alpine:3.20
    COPY --from=build-api /app /app
    ```

    ## Fix safety
    No automatic fix: which references meant which stage cannot be known.
    """

    code = "DLX601"
    name = "duplicate-stage-name"
    aliases = ("DL3024", "DuplicateStageName")
    category = "multistage"
    severity = Severity.ERROR

    def finish(self) -> None:
        seen: dict[str, Stage] = {}
        for stage, word in _named_stages(self.model.stages):
            key = word.value.lower()
            first = seen.get(key)
            if first is None:
                seen[key] = stage
                continue
            line = line_of(self.model, first.from_instruction)
            self.report(
                word,
                f'duplicate stage name "{word.value}": the stage on line {line} already uses '
                "it (names are case-insensitive); give each stage its own name",
            )


class ReservedStageName(Rule):
    """`scratch` and `context` cannot name a stage.

    ## What it does
    Reports `FROM ... AS scratch` and `FROM ... AS context`, in any case.

    Differences from hadolint: hadolint's DL3063 compares case-sensitively; BuildKit
    lower-cases stage names first, so `AS Scratch` is reserved too.

    ## Why
    BuildKit reserves these names (`ReservedStageName`): `scratch` is the empty image in
    `FROM scratch`, and `context` is the name of the build context.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS scratch
    RUN echo hi > /hi
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20 AS work
    RUN echo hi > /hi
    ```

    ## Fix safety
    No automatic fix: the new name is the author's choice (and `FROM scratch` in other
    stages means the empty image, not this stage).
    """

    code = "DLX602"
    name = "reserved-stage-name"
    aliases = ("DL3063", "ReservedStageName")
    category = "multistage"
    severity = Severity.WARNING

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.name_word if stage is not None and stage.name is not None else None
        if word is None:
            return
        why = _RESERVED.get(word.value.lower())
        if why is not None:
            self.report(
                word,
                f'"{word.value}" is a reserved name ({why}) and should not name a stage; '
                "choose another name",
            )


class StageNameCasing(Rule):
    """Stage names should be lower case.

    ## What it does
    Reports stage names with upper-case letters (BuildKit check `StageNameCasing`).

    ## Why
    BuildKit lower-cases stage names: `AS Build` defines the stage `build`. Writing them in
    lower case everywhere avoids believing `Build` and `build` are different stages.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS Builder
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS builder
    ```

    ## Fix safety
    Unsafe: the fix lower-cases the name and every reference to the stage in the file
    (`FROM name`, `COPY --from=name`, `RUN --mount=from=name`; ONBUILD triggers name the
    stages of the child image and are left alone). BuildKit and the classic builder read
    the same names, and match `docker build --target` without regard to case, but Podman
    and Buildah compare stage names and `--target` as written: a script, CI job, compose
    or bake file that builds `--target Builder` stops finding the stage there. No fix is
    offered when a reference spells the name through a variable or an escape.
    """

    code = "DLX603"
    name = "stage-name-casing"
    aliases = ("StageNameCasing",)
    category = "multistage"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.name_word if stage is not None and stage.name is not None else None
        if word is None or word.value == word.value.lower():
            return
        self.report(
            word,
            f'stage name "{word.value}" should be lowercase: BuildKit reads it as '
            f'"{word.value.lower()}"',
            fix=self._fix(stage, word) if stage is not None else None,
        )

    def _fix(self, stage: Stage, word: Word) -> Fix | None:
        if word.raw != word.value:
            return None
        lower = word.value.lower()
        edits = [replace_node(self.model, word, lower)]
        for ref in self.model.references:
            if ref.stage is not stage or ref.instruction.name == "ONBUILD":
                continue
            if ref.text == lower:
                continue
            edit = reference_edit(self.model, ref, lower)
            if edit is None:
                return None
            edits.append(edit)
        return Fix(
            "lower-case the stage name and its references", tuple(edits), Applicability.UNSAFE
        )


class InvalidStageName(Rule):
    """A stage name BuildKit rejects.

    ## What it does
    Reports a `FROM ... AS name` whose name does not start with a letter or holds
    characters other than letters, digits, `-`, `_` and `.` (variables are not expanded in
    stage names either).

    ## Why
    BuildKit fails with `invalid name for build stage`.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS 1st-build
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build-1
    ```

    ## Fix safety
    No automatic fix: the new name is the author's choice, and the references to the stage
    change with it.
    """

    code = "DLX604"
    name = "invalid-stage-name"
    category = "multistage"
    severity = Severity.ERROR

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.name_word if stage is not None and stage.name is not None else None
        if word is None or _STAGE_NAME.match(word.value.lower()):
            return
        self.report(
            word,
            f'invalid stage name "{word.value}": a name starts with a letter, followed by '
            'letters, digits, "-", "_" or "." (BuildKit fails the build)',
        )


# ------------------------------------------------------------ --from references


def _copy_references(rule: Rule) -> list[tuple[StageReference, Stage]]:
    """COPY --from and RUN --mount from= references outside ONBUILD, with their stage."""
    out = []
    for ref in rule.model.references:
        if ref.kind == "from" or ref.instruction.name not in ("COPY", "RUN"):
            continue
        stage = rule.model.stage_of(ref.instruction)
        if stage is not None:
            out.append((ref, stage))
    return out


def _target(rule: Rule, ref: StageReference) -> Stage | None:
    """The stage a reference names, looking at every stage of the file (BuildKit does, and
    then fails on a stage defined later)."""
    if ref.kind == "copy-from" and has_variables(_raw_from(ref), rule.model.escape):
        return None  # BuildKit fails: it does not expand --from
    wanted = ref.text.lower()
    found = rule.model.stage_called(wanted)
    if found is not None:
        return found
    if ref.kind == "copy-from" and wanted.isdecimal():
        number = int(wanted)
        if number < len(rule.model.stages):
            return rule.model.stages[number]
    return None


def _raw_from(ref: StageReference) -> str:
    if isinstance(ref.node, Flag) and ref.kind == "copy-from":
        return ref.node.argument or ""
    return ref.text


class CopyFromUnknownStage(Rule):
    """`COPY --from` should name a stage defined above (or a tagged image).

    ## What it does
    Checks `COPY --from=` and `RUN --mount=from=` (outside ONBUILD) and reports:

    - a stage defined later in the file (BuildKit fails: a stage can only copy from stages
      built before it);
    - a stage index that does not exist;
    - a name that is no stage but close to one (`buidl` for `build`): a typo;
    - a name that is no stage and no tagged image (`--from=nginx`): BuildKit copies from the
      image `nginx:latest`, a moving target, or fails to pull a misspelt stage name;
    - a variable in `COPY --from`, which BuildKit does not expand.

    A tagged or digested image (`--from=nginx:1.27`) is fine. Stage names are compared
    case-insensitively, like BuildKit.

    Differences from hadolint: hadolint's DL3022 compares stage names case-sensitively
    (`--from=Build` for a stage `build` is fine for BuildKit), accepts any `--from`
    containing `:` and checks neither `RUN --mount=from=` nor stage indexes.

    ## Why
    A misspelt stage name does not fail where you would expect: BuildKit reads it as an
    image name and tries to pull it.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=buidl /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Fix safety
    Unsafe: for a name close to the name of an earlier stage (the message's "did you
    mean"), the fix writes that stage's name instead. The instruction then uses the
    stage's files instead of pulling an image (and that stage is built whenever this
    one is, with `--target` too): a guess, though a likely one. No fix is
    offered for the other cases (a stage defined later, an index out of range, an untagged
    image, a variable), nor when the close name belongs to a stage that is not built
    before this one or is no valid stage name (BuildKit fails on it), or the reference is
    not written as is.
    """

    code = "DLX605"
    name = "copy-from-unknown-stage"
    aliases = ("DL3022",)
    category = "multistage"
    severity = Severity.WARNING
    fix = "sometimes"

    def finish(self) -> None:
        stages = self.model.stages
        for ref, current in _copy_references(self):
            node = ref.node
            if ref.kind == "copy-from" and has_variables(_raw_from(ref), self.model.escape):
                self.report(
                    node,
                    "BuildKit does not expand variables in COPY --from; name the image in a "
                    "stage instead (ARG IMAGE before the first FROM, FROM ${IMAGE} AS src, "
                    "COPY --from=src)",
                )
                continue
            text = ref.text
            if not text:
                continue
            target = _target(self, ref)
            if target is not None:
                if target.index > current.index:
                    self.report(
                        node,
                        f'stage "{text}" is defined after this instruction (line '
                        f"{line_of(self.model, target.from_instruction)}): a stage can only use "
                        "stages built before it; move that stage up",
                    )
                continue
            if text.isdecimal():
                if ref.kind == "copy-from":
                    self.report(
                        node,
                        f"there is no stage {text}: stages are numbered from 0 and this file "
                        f"has {len(stages)}",
                    )
                continue
            names = [s.name for s in stages if s.name is not None]
            close = difflib.get_close_matches(text.lower(), [n.lower() for n in names], 1, 0.75)
            if close:
                self.report(
                    node,
                    f'no stage is named "{text}" (did you mean "{close[0]}"?); BuildKit would '
                    "try to pull an image of that name",
                    fix=self._fix(ref, current, close[0]),
                )
                continue
            try:
                image = parse_reference(text)
            except ImageReferenceError:
                self.report(node, f'"{text}" is neither a stage of this file nor an image name')
                continue
            if image.tag is None and image.digest is None and "/" not in text:
                # an untagged image with a path is an image, reported by image-without-tag
                self.report(
                    node,
                    f'no stage is named "{text}", so BuildKit uses the image "{text}:latest"; '
                    "pin the image tag, or fix the stage name",
                )

    def _fix(self, ref: StageReference, current: Stage, close: str) -> Fix | None:
        stage = self.model.stage_named(close)
        if stage is None or stage.name is None or stage.index >= current.index:
            return None
        if not _STAGE_NAME.match(stage.name.lower()):
            return None  # BuildKit fails on that name: no reference can use it
        edit = reference_edit(self.model, ref, stage.name)
        if edit is None:
            return None
        return Fix(f'use the stage "{stage.name}"', (edit,), Applicability.UNSAFE)


class CopyFromOwnStage(Rule):
    """A stage cannot copy from itself.

    ## What it does
    Reports `COPY --from=` (and `RUN --mount=from=`) naming the stage the instruction is
    in, by name or by index.

    Differences from hadolint: hadolint's DL3023 compares names case-sensitively and does
    not check indexes or mounts.

    ## Why
    A stage's files do not exist before the stage is built: BuildKit fails the build.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    COPY --from=build /src /src
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    COPY . /src
    ```

    ## Fix safety
    No automatic fix: which earlier stage (or the build context) the files should come
    from cannot be known.
    """

    code = "DLX606"
    name = "copy-from-own-stage"
    aliases = ("DL3023",)
    category = "multistage"
    severity = Severity.ERROR

    def finish(self) -> None:
        for ref, current in _copy_references(self):
            if _target(self, ref) is current:
                what = "COPY --from" if ref.kind == "copy-from" else "RUN --mount=from"
                self.report(
                    ref.node,
                    f"{what}={ref.text} names the stage it is in: a stage cannot use its own "
                    "files before it is built; use an earlier stage",
                )


class CopyFromStageIndex(Rule):
    """Refer to a named stage by its name, not its index.

    ## What it does
    Reports `COPY --from=N` when stage N has a name.

    ## Why
    Indexes change when a stage is added, removed or moved, and then silently copy from
    the wrong stage; names say what is copied.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=0 /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Fix safety
    Safe: the fix writes the stage's name (as the stage spells it) in place of the index;
    both name the same stage. No fix is offered when another stage has the same name
    (the name would then be ambiguous) or the index is not written as is.
    """

    code = "DLX607"
    name = "copy-from-stage-index"
    category = "multistage"
    severity = Severity.STYLE
    fix = "sometimes"

    def finish(self) -> None:
        for ref, current in _copy_references(self):
            if ref.kind != "copy-from" or not ref.text.isdecimal():
                continue
            target = _target(self, ref)
            if target is None or target.name is None or target.index >= current.index:
                continue
            self.report(
                ref.node,
                f"use the stage name: --from={target.name} instead of --from={ref.text} "
                "(indexes change when stages are added or moved)",
                fix=self._fix(ref, target),
            )

    def _fix(self, ref: StageReference, target: Stage) -> Fix | None:
        name = target.name
        assert name is not None
        if any(
            s is not target and s.name is not None and s.name.lower() == name.lower()
            for s in self.model.stages
        ):
            return None
        edit = reference_edit(self.model, ref, name)
        if edit is None:
            return None
        return Fix(f"use the stage name {name}", (edit,))


class UnusedStage(Rule):
    """A stage the final stage does not use.

    ## What it does
    Reports stages that the last stage does not depend on, directly or through other
    stages (`FROM stage`, `COPY --from`, `RUN --mount=from`).

    ## Why
    `docker build` builds the last stage and what it needs, so these stages are skipped.
    A named one can still be built with `docker build --target name` (a test or debug
    image, say): that is why this is only information. An unnamed one cannot be a target
    and is dead code.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM golang:1.23 AS lint
    RUN go vet ./...
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Fix safety
    Safe, in one case: a `FROM` line directly followed by another `FROM` (an empty stage
    with no name) is deleted, with the comment lines that describe it alone. Nothing uses
    it and it adds nothing to the image. No fix is offered when a `COPY --from` names a
    stage by its index (deleting a stage renumbers the ones after it). Stages with
    instructions or a name get no fix: whether to remove them, or build them with
    `--target`, is the author's choice.
    """

    code = "DLX608"
    name = "unused-stage"
    category = "multistage"
    severity = Severity.INFO
    fix = "sometimes"

    def finish(self) -> None:
        for stage in self.model.unused_stages():
            if isinstance(stage.from_instruction, ErrorInstruction):
                continue  # a syntax error (DLX001)
            word = stage.name_word if stage.name is not None else None
            if word is not None:
                self.report(
                    word,
                    f'stage "{stage.name}" is not used by the final stage, so docker build '
                    f"skips it unless you build it with --target {stage.key}",
                )
            elif not stage.instructions:
                self.report(
                    stage.from_instruction.keyword,
                    "this FROM is followed by another FROM, which starts a new image: a "
                    "Dockerfile does not combine base images; remove this line",
                    fix=self._fix(stage),
                )
            else:
                self.report(
                    stage.from_instruction.keyword,
                    f"stage {stage.index} is not used by the final stage and has no name to "
                    "build it with --target: it is never built; remove it or name it",
                )

    def _fix(self, stage: Stage) -> Fix | None:
        if any(ref.kind == "copy-from" and ref.text.isdecimal() for ref in self.model.references):
            return None
        edits = delete_dead_instruction(self.model, stage.from_instruction)
        return Fix("remove the unused FROM", edits)


# ------------------------------------------------------------ build in final stage

class BuildInFinalStage(Rule):
    """The final image builds its artifacts: a builder stage would keep the toolchain out.

    ## What it does
    In the final stage, reports a RUN that compiles or builds (`go build`, `cargo build`,
    `npm run build`, `yarn build`, `mvn package`, `gradle build`, `dotnet publish`,
    `gcc`/`make`/`cmake`, `javac`/`jar`, `pip wheel`) or installs a compiler or development package
    (`build-essential`, `gcc`, `*-dev`, `*-devel`), once per RUN. Without either, it
    reports the first install of the application's dependencies (`pip install`, `npm ci`,
    `yarn install`, `python -m venv`) on a build image that has a slimmer runtime base
    (`python:3.12` and `python:3.12-slim`, `node:22` and `node:22-slim`: see the table
    below), whose compilers and headers would ship in the image.

    To leave images whose purpose is the toolchain alone (official language images, CI
    images), it only fires when the image brings in the sources of a project: a `COPY`
    or `ADD` of files (from the build context, a URL or a git repository) or a RUN that
    checks a repository out (`git clone`, `svn checkout`, `hg clone`), in the final stage
    or a stage it is built `FROM`. A build step also fires when its own RUN downloads the
    sources first (`curl`, `wget`, a checkout: `git clone ... && go build`), unless that
    RUN deletes a tree afterwards (`rm -rf /usr/src/...`: the sources do not ship, as in
    the official images that build their runtime). A RUN that also removes packages
    (`apk del`, `apt-get purge`, `dnf remove`...) is not reported: it already keeps its
    build dependencies out of the layer. A CMD or ENTRYPOINT plays no part: the official
    base images have one too.

    ## Why
    Everything the final stage installs or produces ships in the image: compilers,
    headers, sources, package caches, intermediate objects. Building in a separate stage
    (`FROM golang:1.23 AS build`) and copying only the artifacts (`COPY --from=build`)
    gives a smaller image with less to patch and a smaller attack surface.

    ## Example
    ```dockerfile
    FROM golang:1.22-bookworm
    WORKDIR /src
    COPY . .
    RUN go build -o /usr/local/bin/app .
    CMD ["app"]
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22-bookworm AS build
    WORKDIR /src
    COPY . .
    RUN go build -o /usr/local/bin/app .

    FROM debian:bookworm-slim
    WORKDIR /src
    COPY . .
    COPY --from=build /usr/local/bin/app /usr/local/bin/app

    CMD ["app"]
    ```

    ## Fix safety
    The fix, unsafe (`--fix --unsafe-fixes`, `--diff`, the editor's quick fix), rewrites
    the stage into a builder stage and a runtime stage, with a minimal edit:

    - the builder is the stage as it was up to its last build step (the last RUN other
      than one that only creates users, directories, links or modes), named `build`; a
      named final stage gives its name to the runtime stage (`--target` still builds the
      image) and the builder becomes `NAME-build`;
    - the runtime stage starts right after it: `FROM` the runtime base, the packages the
      builder installed that are not build-only (compilers, `make`, `git`, `pkg-config`,
      `-dev` packages become their run-time library: `libpq-dev` → `libpq5`), then the
      builder's instructions it needs, repeated byte for byte in order (ARG, ENV, WORKDIR,
      USER, LABEL, EXPOSE and the other settings; COPY and ADD of files the program may
      read; RUNs that only create users), then `COPY --from=build` of each artifact to
      the same absolute path, with `--chown` when the build ran as another user than root;
    - everything after the split stays where it was, byte for byte: CMD, ENTRYPOINT,
      HEALTHCHECK and the other runtime settings, COPYs, RUNs that only touch files.

    The artifacts are what the image runs: the programs of CMD, ENTRYPOINT and HEALTHCHECK
    (resolved through PATH as the original image would) and the files they name (`java
    -jar app.jar`, `node dist/index.js`), each found among the outputs the build names
    (`-o`, `go install`, `cargo build`, `mvn package`, `jar cf`, `cp`, `make install` into
    the empty `/usr/local` of a distribution image), or else the whole working directory
    of the build that holds it; for Node.js and Python, the application's WORKDIR and its
    virtual environments, whole. When the build image adds a directory to PATH that holds
    an artifact (`/go/bin`), the runtime stage adds it too; when the build image has a
    WORKDIR (`golang`: `/go`) the Dockerfile does not replace, the runtime stage sets it.

    The runtime base keeps the builder's distribution release, C library and language
    version (never glibc ↔ musl, never an older release); it comes from a table shipped
    with dlint (`dlint_dockerfile/model/runtime_bases.toml`), which the `runtime-bases` setting
    extends (`{"golang:1.23": "debian:bookworm-slim"}`):

    | Build image | Runtime base |
    |---|---|
    | `golang:X[-CODENAME]` (1.19-1.22: bookworm, 1.25+: trixie) | `debian:CODENAME-slim` |
    | `golang:X-alpineA.B` | `alpine:A.B` |
    | `rust:X[-CODENAME]` (1.54+ bullseye, 1.70+ bookworm, 1.90+ trixie) | `debian:CODENAME-slim` |
    | `rust:X-alpineA.B` | `alpine:A.B` |
    | `gcc:X-CODENAME`, `gcc:12` (bookworm) | `debian:CODENAME-slim` |
    | `buildpack-deps:CODENAME` | `debian:CODENAME-slim` |
    | `python:X.Y[-CODENAME]` | `python:X.Y-slim[-CODENAME]` |
    | `node:X[-CODENAME]` | `node:X[-CODENAME]-slim` |
    | `eclipse-temurin:X[-jdk][-VARIANT]` | `eclipse-temurin:X-jre[-VARIANT]` |
    | `maven:V-eclipse-temurin-X`, `gradle:V-jdkX` | `eclipse-temurin:X-jre` |
    | `python` and `node` slim or alpine images, `debian`, `ubuntu`, `alpine`... | the same image |

    Before it is offered, the rewrite is checked: it parses; the runtime stage has every
    runtime setting of the original final stage, byte for byte, in order; it builds
    nothing (a second `--fix` changes nothing); it brings no new warning or error of the
    default rules. `dlint verify` builds both and compares the images.

    The finding says why there is no rewrite when any of that is unknown:

    - the final stage is built FROM another stage, has `FROM --platform`, or a base image
      that is a variable, or not in the table (or a tag that does not say its Debian
      release);
    - the stage has no CMD or ENTRYPOINT of its own;
    - CMD, ENTRYPOINT or HEALTHCHECK runs the toolchain (`go run`, `cargo`, `mvn`,
      `javac`, `tsc`, `ts-node`, `nodemon`, `npm install`...), a program named by a
      variable, a program the build does not visibly make, a program whose origin is not
      known (downloaded by a RUN, say), or only a script of the sources (its programs are
      not known); a script of the build context it runs (`./run.sh`), or the package.json
      script of `npm start`, runs the toolchain (dlint reads them from the context);
    - a RUN puts a file on PATH that is not an artifact (`ln -s .../cmake
      /usr/local/bin/cmake`): the runtime might run it;
    - a Python or Node.js application without a WORKDIR, a `pip install` into the build
      image's own site-packages (use a virtual environment), a global `npm install -g`,
      dependencies installed outside the application's folder (`--modules-folder`,
      `--prefix`, after a `cd`, `NODE_PATH`, `PYTHONPATH`, `node_modules` on PATH);
    - the Dockerfile already removes build dependencies, a package name is a variable,
      packages of a package manager other than apt and apk, a `-dev` package whose
      run-time library is not known (or only for another Debian release);
    - a COPY destination that is a variable, a user created in a RUN that also builds,
      ONBUILD triggers in the builder;
    - the check above fails.
    """

    code = "DLX609"
    name = "build-in-final-stage"
    category = "multistage"
    severity = Severity.INFO
    fix = "sometimes"
    settings: ClassVar[dict[str, Any]] = {"runtime-bases": {}}

    def finish(self) -> None:
        stage = self.model.final_stage
        if stage is None:
            return
        application = self._application_image(stage)
        for instruction in stage.instructions:
            if instruction.name != "RUN":
                continue
            script = self.model.script(instruction)
            if script is None:
                continue
            packages = package_commands(script)
            if removes_packages(packages):
                continue
            if self._check(script, {p.origin: p for p in packages}, application):
                return  # once per file: the fix is one builder stage
        if application:
            self._check_build_image(stage)

    def _check_build_image(self, stage: Stage) -> None:
        """Report the first install of the application's dependencies (``pip install``,
        ``npm ci``, ``python -m venv``) on a build image whose runtime base is slimmer."""
        image = stage.image
        if image is None or stage.parent is not None:
            return
        runtime = runtime_base(image, stage.base.text, self.setting("runtime-bases")).runtime
        if runtime is None or runtime == stage.base.text:
            return
        for instruction in stage.instructions:
            script = self.model.script(instruction) if instruction.name == "RUN" else None
            for command in script.all_commands() if script is not None else ():
                target = command.unwrapped()
                if not installs_dependencies(target) or target.name is None:
                    continue
                what = _install_head(target)
                message = (
                    f"{what} installs the application on {stage.base.text}, a build image, so "
                    "its compilers and headers ship in the image; install in a build stage "
                    f"and run on {runtime}"
                )
                self._report_with_fix((target.name.start, target.end), message)
                return

    def _check(
        self, script: Script, packages: dict[int, PackageCommand], application: bool
    ) -> bool:
        """Report the RUN's first build step or development package; a build step also
        when the RUN downloads its sources first (and does not remove them after)."""
        downloaded = False
        commands = script.all_commands()
        for at, command in enumerate(commands):
            target = command.unwrapped()
            step = build_step(target)
            if step is not None and (
                application or (downloaded and not _removes_trees(commands[at + 1 :]))
            ):
                start = target.name.start if target.name is not None else target.start
                message = (
                    f"{step} runs in the final stage, so the toolchain, the sources and the "
                    "build cache ship in the image; build in a separate stage and COPY --from "
                    "it only the artifacts"
                )
                self._report_with_fix((start, target.end), message)
                return True
            downloaded = downloaded or _downloads(target)
            found = packages.get(command.start)
            package = dev_package(found) if found is not None and application else None
            if package is not None:
                value, start, end = package
                message = (
                    f"{value} is a build dependency installed in the final stage, so it ships "
                    "in the image; build in a separate stage and COPY --from it only the "
                    "artifacts (or remove it in this same RUN)"
                )
                self._report_with_fix((start, end), message)
                return True
        return False

    def _report_with_fix(self, where: tuple[int, int], message: str) -> None:
        """Report with the multi-stage rewrite, or say why there is none."""
        from dlint_dockerfile.rules._split_fix import split_fix  # rarely needed: not at start-up

        found = split_fix(self.model, self.setting("runtime-bases"))
        if isinstance(found, Fix):
            self.report(where, message, fix=found)
        elif found is not None:
            self.report(where, f"{message}; no automatic rewrite: {found.reason}")
        else:
            self.report(where, message)

    def _application_image(self, stage: Stage) -> bool:
        """Whether the image (the stage or one it is built FROM) brings in the sources of
        a project: COPY or ADD of files (from the build context, a URL or a git
        repository), or a RUN that checks a repository out (`git clone`...)."""
        current: Stage | None = stage
        while current is not None:
            if any(self._brings_sources(i) for i in current.instructions):
                return True
            current = current.parent
        return False

    def _brings_sources(self, instruction: Instruction) -> bool:
        if instruction.name in ("COPY", "ADD"):
            args = copy_args(self.model, instruction)
            return not args.from_flag and any(not s.heredoc for s in args.sources)
        if instruction.name != "RUN":
            return False
        script = self.model.script(instruction)
        return script is not None and any(
            _checks_out(c.unwrapped()) for c in script.all_commands()
        )


def _install_head(command: Command) -> str:
    """``pip install``, ``npm ci``, ``python -m venv``: how a finding names an install."""
    if venv_argument(command) is not None:
        return f"{command.basename} -m venv" if command.basename != "virtualenv" else "virtualenv"
    pip = pip_command(command)
    if pip is not None:
        return f"pip {pip.subcommand or ''}".strip()
    return f"{command.basename} {command.subcommand or ''}".strip()


#: Version-control commands that check sources out.
_CHECKOUTS = {
    "git": frozenset({"clone"}),
    "svn": frozenset({"checkout", "co", "export"}),
    "hg": frozenset({"clone"}),
}


def _checks_out(command: Command) -> bool:
    """``git clone``, ``svn checkout``, ``hg clone``."""
    checkouts = _CHECKOUTS.get(command.basename or "")
    return checkouts is not None and command.subcommand in checkouts


def _downloads(command: Command) -> bool:
    """A checkout, or ``curl``/``wget`` (sources fetched as an archive)."""
    return command.basename in ("curl", "wget") or _checks_out(command)


def _removes_trees(commands: Sequence[Command]) -> bool:
    """An ``rm -r`` among ``commands``: the RUN deletes what it built from (the sources
    it downloaded), as the official images do."""
    return any(
        c.unwrapped().basename == "rm" and c.unwrapped().has_option("-r", "-R", "--recursive")
        for c in commands
    )


MULTISTAGE_RULES: tuple[type[Rule], ...] = (
    DuplicateStageName,
    ReservedStageName,
    StageNameCasing,
    InvalidStageName,
    CopyFromUnknownStage,
    CopyFromOwnStage,
    CopyFromStageIndex,
    UnusedStage,
    BuildInFinalStage,
)
