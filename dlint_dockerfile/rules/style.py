"""Style family (DLX9xx): metadata, WORKDIR/USER style and BuildKit's variable checks."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any, ClassVar

from dlint_dockerfile.fixers.edits import line_ending
from dlint_dockerfile.fixers.syntax import rename_variable_fix, split_instruction_fix, typo_distance
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.lint.suppression import is_pragma
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.labels import (
    LABEL_CHECKS,
    image_labels,
    label_key_problem,
    label_pairs,
)
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.model.reference import ImageReferenceError, parse_reference
from dlint_dockerfile.model.variables import PLATFORM_ARGS, PROXY_ARGS, Expansion
from dlint_dockerfile.syntax import (
    CommentLine,
    ExecForm,
    Flag,
    Instruction,
    KeyValue,
    Text,
    Token,
    Trivia,
    Word,
)
from dlint_dockerfile.syntax.nodes import Node

__all__ = [
    "CopyEntireFilesystem",
    "EmptyLabel",
    "EnvSelfReference",
    "FromPlatformFlagConstDisallowed",
    "HealthcheckMissing",
    "InvalidDefaultArgInFrom",
    "InvalidDefinitionDescription",
    "InvalidLabelKey",
    "LabelNotEmail",
    "LabelNotGitHash",
    "LabelNotRfc3339",
    "LabelNotSemver",
    "LabelNotSpdx",
    "LabelNotUrl",
    "MissingRequiredLabel",
    "RedundantTargetPlatform",
    "SuperfluousLabel",
    "UndefinedArgInFrom",
    "UndefinedVar",
    "UserWithoutNumericId",
    "WorkdirRelativePath",
]

_MODIFIERS = (":-", ":+", ":?", "-", "+", "?")


def _has_default(text: str, name: str) -> bool:
    """True when every ``${name...}`` in ``text`` carries a modifier (``${name:-x}``)."""
    marker = "${" + name
    position = text.find(marker)
    if position < 0 or f"${name}" in text.replace(marker, ""):
        return False
    while position >= 0:
        rest = text[position + len(marker) :]
        if not rest.startswith(_MODIFIERS):
            return False
        position = text.find(marker, position + 1)
    return True


def _closest(name: str, candidates: list[str]) -> str | None:
    """The candidate one or two typing mistakes away from ``name``, or None."""
    limit = min(2, max(1, len(name) // 4))
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if candidate == name or abs(len(candidate) - len(name)) > limit:
            continue
        distance = typo_distance(name.lower(), candidate.lower())
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _suggest(name: str, candidates: list[str]) -> str:
    """`` (did you mean 'X'?)`` for a candidate one or two typing mistakes away."""
    best = _closest(name, candidates)
    return f" (did you mean '{best}'?)" if best else ""


def _rename(model: DockerfileModel, node: Node, old: str, new: str | None) -> Fix | None:
    """The unsafe fix writing ``$new`` for ``$old`` in ``node`` (see `rename_variable_fix`)."""
    if new is None or not isinstance(node, Token):
        return None
    return rename_variable_fix(model, node, old, new, f"replace ${old} with ${new}")


def _is_absolute(path: str) -> bool:
    """POSIX absolute, or a Windows drive / UNC path."""
    if path.startswith(("/", "\\")):
        return True
    return len(path) >= 2 and path[0].isalpha() and path[1] == ":"


class WorkdirRelativePath(Rule):
    """A relative WORKDIR resolved against the base image's working directory.

    ## What it does
    Reports a `WORKDIR` with a relative path when no absolute `WORKDIR` was set before it in
    the stage (or in the stage it is built from), as BuildKit's `WorkdirRelativePath` check
    does. A path starting with a variable whose value is unknown is left alone.

    Differences from hadolint:
    hadolint's DL3000 reports every relative `WORKDIR`, even `WORKDIR /app` followed by
    `WORKDIR src`, which is well defined (`/app/src`); dlint follows BuildKit and reports only
    the paths that depend on the base image. ONBUILD triggers are not checked (the
    downstream image decides their directory), like hadolint.

    ## Why
    The directory then depends on the base image's `WORKDIR`, which can change with a new
    version of the image and silently move your files.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    WORKDIR app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    WORKDIR /app
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX901"
    name = "workdir-relative-path"
    aliases = ("DL3000", "WorkdirRelativePath")
    category = "style"
    severity = Severity.WARNING

    def visit_workdir(self, instruction: Instruction) -> None:
        if self.model.outer(instruction) is not instruction:
            return
        node = next((a for a in instruction.arguments if isinstance(a, Text)), None)
        if node is None:
            return
        raw = node.value.strip()
        expansion = self.model.expand(raw, instruction)
        if _is_absolute(expansion.text) or _is_absolute(raw.strip("\"'")):
            return
        if not expansion.complete and raw.lstrip("\"'").startswith("$"):
            return
        stage = self.model.stage_of(instruction)
        if stage is None or self._absolute_before(stage, instruction):
            return
        self.report(
            node,
            f"relative WORKDIR '{raw}' depends on the base image's working directory; "
            "use an absolute path",
        )

    def _absolute_before(self, stage: Stage, instruction: Instruction | None) -> bool:
        for ins in stage.instructions:
            if ins is instruction:
                break
            if ins.name == "WORKDIR":
                node = next((a for a in ins.arguments if isinstance(a, Text)), None)
                if node is not None and _is_absolute(self.model.expand(node.value, ins).text):
                    return True
        return stage.parent is not None and self._absolute_before(stage.parent, None)


def _expanded_nodes(instruction: Instruction) -> Iterator[tuple[Node, str]]:
    """The nodes of ``instruction`` BuildKit expands variables in, with their text."""
    name = instruction.name
    if name in ("COPY", "ADD"):
        for flag in instruction.flags:
            if flag.name in ("chown", "chmod") and flag.argument:
                yield flag, flag.argument
    if name in ("ENV", "LABEL"):
        for arg in instruction.arguments:
            if isinstance(arg, KeyValue):
                if name == "LABEL":
                    yield arg, arg.key
                yield arg, arg.value
            elif isinstance(arg, Text):
                yield arg, arg.value
        return
    if name == "ARG":
        for arg in instruction.arguments:
            if isinstance(arg, Word) and "=" in arg.value:
                yield arg, arg.value.partition("=")[2]
        return
    for arg in instruction.arguments:
        if isinstance(arg, (Word, Text)):
            yield arg, arg.value
        elif isinstance(arg, ExecForm):
            for element in arg.elements:
                yield element, element.value


_EXPANDED = frozenset(
    {"COPY", "ADD", "ENV", "LABEL", "WORKDIR", "USER", "EXPOSE", "VOLUME", "STOPSIGNAL", "ARG"}
)


class UndefinedVar(Rule):
    """A variable used in an instruction BuildKit expands, but never defined.

    ## What it does
    Reports `$NAME` in COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL and
    ARG defaults when no ARG or ENV before it in the stage defines `NAME`, with the closest
    defined name as a suggestion. RUN, CMD and ENTRYPOINT are left out: the shell expands
    those at run time. `${NAME:-default}` forms, the proxy ARGs and `PATH` (BuildKit gives
    every image a default one) are accepted.

    BuildKit also knows the base image's environment (`PATH`, `JAVA_HOME`...), which dlint
    does not. In a stage built on an image, a name is therefore only reported when it looks
    like a mistake: it is declared elsewhere in the file (a global ARG not re-declared in the
    stage, an ARG or ENV declared later) or it is close to a defined name (a typo). In a
    stage built from `scratch` every undefined name is reported.

    ## Why
    An undefined variable expands to an empty string, so `COPY app /opt/$APP_DIR/` copies to
    `/opt/` without any error.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ARG VERSION=1.0
    COPY app-$VERSOIN.tar.gz /tmp/
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ARG VERSION=1.0
    COPY app-$VERSION.tar.gz /tmp/
    ```

    ## Fix safety
    Unsafe: when the message suggests a defined name (`did you mean 'VERSION'?`), the fix writes
    it for the undefined one in that argument (`$VERSOIN` → `$VERSION`). The value changes
    from empty to the variable's, which is the point, and so does what reads the
    instruction's result: the environment an ENV sets, the directory a WORKDIR makes the
    working directory, for later instructions, the stages built on the stage and the
    container. The suggestion is a guess; review it. A name declared elsewhere (a global ARG
    to re-declare, an ARG declared later), a name with no close match, and an argument
    holding quotes or escape characters get no fix.
    """

    code = "DLX902"
    name = "undefined-var"
    aliases = ("UndefinedVar",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._declared: dict[int, set[str]] = {}

    def visit_instruction(self, instruction: Instruction) -> None:
        if instruction.name not in _EXPANDED or self.model.outer(instruction) is not instruction:
            return
        if not any("$" in text for _, text in _expanded_nodes(instruction)):
            return
        stage = self.model.stage_of(instruction)
        if stage is None:
            return
        scope = self.model.scope_before(instruction)
        known = sorted(scope.variables)
        for node, text in _expanded_nodes(instruction):
            if "$" not in text:
                continue
            expansion = self.model.expand(text, instruction)
            for name in sorted(expansion.undefined):
                if name in PROXY_ARGS or name == "PATH" or _has_default(text, name):
                    continue
                hint = _suggest(name, known)
                if _declares(instruction, name):
                    continue  # ENV A=1 B=$A is DLX907's; ENV PATH=$PATH:x may be the image's
                reason = self._reason(stage, instruction, name)
                if not hint and reason is None and not self._from_scratch(stage):
                    continue
                fix = _rename(self.model, node, name, _closest(name, known)) if not reason else None
                self.report(
                    node, f"variable '{name}' is not defined here{hint}{reason or ''}", fix=fix
                )

    def _reason(self, stage: Stage, instruction: Instruction, name: str) -> str | None:
        if name in PLATFORM_ARGS or any(_declares(ins, name) for ins in self.model.global_args):
            return f"; declare 'ARG {name}' in this stage to use the global ARG"
        later = stage.instructions[stage.instructions.index(instruction) + 1 :]
        if any(_declares(ins, name) for ins in later):
            return "; it is declared only later in the stage"
        return None

    def _from_scratch(self, stage: Stage) -> bool:
        root: Stage | None = stage
        while root is not None and root.parent is not None:
            root = root.parent
        return root is not None and root.is_scratch


def _declares(instruction: Instruction, name: str) -> bool:
    if instruction.name == "ARG":
        return any(
            isinstance(a, Word) and a.value.partition("=")[0] == name for a in instruction.arguments
        )
    if instruction.name == "ENV":
        for arg in instruction.arguments:
            if isinstance(arg, KeyValue) and arg.key == name:
                return True
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        return bool(words) and words[0].value == name
    return False


def _from_nodes(instruction: Instruction) -> Iterator[tuple[Node, str]]:
    platform = instruction.flag("platform")
    if platform is not None and platform.argument:
        yield platform, platform.argument
    words = [a for a in instruction.arguments if isinstance(a, Word)]
    if words:
        yield words[0], words[0].value


class UndefinedArgInFrom(Rule):
    """FROM uses a variable that is not a global ARG.

    ## What it does
    Reports a `$NAME` in a FROM image or `--platform` value when `NAME` is not declared by an
    ARG before the first FROM, nor one of BuildKit's platform ARGs (`TARGETPLATFORM`,
    `BUILDPLATFORM`...). The closest global ARG is suggested.

    ## Why
    Only global ARGs are visible in FROM; an ARG declared inside a stage or a typo expands to
    an empty string and the build pulls the wrong image or fails.

    ## Example
    ```dockerfile
    ARG VERSION=3.20
    FROM alpine:$VERSOIN
    ```

    ## Use instead
    ```dockerfile
    ARG VERSION=3.20
    FROM alpine:$VERSION
    ```

    ## Fix safety
    Unsafe: when the message suggests a global ARG (`did you mean 'VERSION'?`), the fix
    writes it for the undefined name (`$VERSOIN` → `$VERSION`), so the stage is built
    from another image than before; review it. Without a close global ARG there is no
    fix: the ARG to declare and its value are the author's to choose.
    """

    code = "DLX903"
    name = "undefined-arg-in-from"
    aliases = ("UndefinedArgInFrom",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        known = sorted(self.model.global_scope.variables)
        for node, text in _from_nodes(instruction):
            if "$" not in text:
                continue
            expansion = self.model.expand(text, instruction)
            for name in sorted(expansion.undefined):
                if _has_default(text, name):
                    continue
                hint = _suggest(name, known)
                self.report(
                    node,
                    f"FROM uses '{name}', which is not a global ARG{hint}; declare "
                    f"'ARG {name}=...' before the first FROM",
                    fix=_rename(self.model, node, name, _closest(name, known)),
                )


class InvalidDefaultArgInFrom(Rule):
    """A global ARG's default makes a FROM image reference invalid.

    ## What it does
    Expands the FROM image with the global ARGs' defaults (an ARG without a default is
    empty) and reports the line when the result is empty or not a valid image reference,
    e.g. `ARG TAG` then `FROM alpine:$TAG` gives `alpine:`.

    ## Why
    A build without `--build-arg` then fails; give the ARG a working default.

    ## Example
    ```dockerfile
    ARG TAG
    FROM alpine:$TAG
    ```

    ## Use instead
    ```dockerfile
    ARG TAG=3.20
    FROM alpine:$TAG
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX904"
    name = "invalid-default-arg-in-from"
    aliases = ("InvalidDefaultArgInFrom",)
    category = "syntax"
    severity = Severity.WARNING

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.base_word if stage is not None else None
        if stage is None or word is None or "$" not in word.value:
            return
        expansion: Expansion = stage.base
        if expansion.undefined or expansion.error or not expansion.unresolved:
            return  # undefined names are DLX903's
        if stage.parent is not None or expansion.text.lower() == "scratch":
            return
        names = ", ".join(sorted(expansion.unresolved))
        if not expansion.text:
            problem = "is empty"
        else:
            try:
                parse_reference(expansion.text)
            except ImageReferenceError as exc:
                problem = f"gives the invalid reference '{expansion.text}' ({exc})"
            else:
                return
        self.report(
            word,
            f"with the default of {names} the image {problem}; give the ARG a valid default",
        )


class RedundantTargetPlatform(Rule):
    """`FROM --platform=$TARGETPLATFORM` only repeats the default.

    ## What it does
    Reports a FROM whose `--platform` is exactly `$TARGETPLATFORM` (or `${TARGETPLATFORM}`),
    unless the file declares a global `ARG TARGETPLATFORM=...` with a default of its own:
    that default replaces the target platform, so the flag is not redundant.

    Differences from BuildKit's `RedundantTargetPlatform` check: BuildKit reports the flag
    even with such a default, where removing it would change the stage's platform.

    ## Why
    Stages are built for the target platform anyway; the flag adds noise and suggests a
    cross-compilation intent (`$BUILDPLATFORM`) that is not there.

    ## Example
    ```dockerfile
    FROM --platform=$TARGETPLATFORM alpine:3.20
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ```

    ## Fix safety
    Safe: the fix removes the flag and the blanks after it (`FROM alpine:3.20`); a line
    continuation right after the flag is joined, unless comment lines sit in it (then the
    blanks before the flag go instead). Without the flag BuildKit builds the stage for the
    target platform, which is what `$TARGETPLATFORM` holds.
    """

    code = "DLX905"
    name = "redundant-target-platform"
    aliases = ("DL3065", "RedundantTargetPlatform")
    category = "style"
    severity = Severity.INFO
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        flag = instruction.flag("platform")
        if flag is None or flag.argument is None:
            return
        if flag.argument.strip("\"'") not in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            return
        for arg in self.model.global_args:
            for word in arg.arguments:
                if isinstance(word, Word) and word.value.startswith("TARGETPLATFORM="):
                    return  # the global ARG's default replaces the target platform
        self.report(
            flag,
            "--platform=$TARGETPLATFORM is the default; remove the flag",
            fix=self._fix(instruction, flag),
        )

    def _fix(self, instruction: Instruction, flag: Flag) -> Fix | None:
        parts = instruction.parts
        at = next(i for i, part in enumerate(parts) if part is flag)
        if at + 2 >= len(parts) or not isinstance(parts[at + 1], Trivia):
            return None  # nothing after the flag: the FROM is broken anyway
        start, end = self.model.index.span(flag)
        after = parts[at + 1].code
        if not any(line.lstrip(" \t").startswith("#") for line in after.split("\n")[1:]):
            edit = Edit(start, end + len(after), "")
        else:
            before = parts[at - 1].code if isinstance(parts[at - 1], Trivia) else ""
            if not before or "\n" in before:
                return None  # the flag starts its line and comments follow it
            edit = Edit(start - len(before), end, "")
        return Fix("remove --platform=$TARGETPLATFORM", (edit,))


class FromPlatformFlagConstDisallowed(Rule):
    """FROM `--platform` set to a constant platform.

    ## What it does
    Reports `FROM --platform=linux/amd64` and other constant values; values built from
    variables (`$BUILDPLATFORM`) are the intended use of the flag and are accepted, like
    hadolint's DL3029 and BuildKit's check.

    ## Why
    A constant platform pins the stage to one architecture: builds for other platforms
    produce an image with the wrong binaries, or run them under emulation.

    ## Example
    ```dockerfile
    FROM --platform=linux/amd64 alpine:3.20
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX906"
    name = "from-platform-flag-const"
    aliases = ("DL3029", "FromPlatformFlagConstDisallowed")
    category = "style"
    severity = Severity.WARNING

    def visit_from(self, instruction: Instruction) -> None:
        flag = instruction.flag("platform")
        if flag is None or not flag.argument or "$" in flag.argument:
            return
        self.report(
            flag,
            f"--platform={flag.argument} pins the stage to one platform; remove it or use "
            "$BUILDPLATFORM/$TARGETPLATFORM",
        )


class EnvSelfReference(Rule):
    """An ENV value refers to a variable defined in the same ENV instruction.

    ## What it does
    Reports `ENV A=1 B=$A`: BuildKit expands every value of an ENV instruction with the
    environment before it, so `$A` is not the `1` on the same line.

    ## Why
    `B` gets the previous value of `A` (often empty), not the one you see on the line.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/opt/app
    ENV APP_BIN=$APP_HOME/bin
    ```

    ## Fix safety
    Unsafe: the fix starts a new ENV instruction at the pair that uses the variable (the blanks
    or line continuation before it become a line break, the pairs after it move along), so
    the variable has the value set on the line, as the author evidently meant; the value of
    the pair changes, and so does that of a pair after it that uses a variable set before it
    on the line; later instructions, the stages built on the stage and the container's
    environment see the new values. Review it. No fix is offered when a comment line sits
    between the pairs.
    """

    code = "DLX907"
    name = "env-self-reference"
    aliases = ("DL3044",)
    category = "style"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_env(self, instruction: Instruction) -> None:
        pairs = [a for a in instruction.arguments if isinstance(a, KeyValue)]
        defined: set[str] = set()
        for pair in pairs:
            if "$" in pair.value and defined:
                used = self.model.expand(pair.value, instruction)
                names = (used.used | used.unresolved | used.undefined) & defined
                for name in sorted(names):
                    self.report(
                        pair,
                        f"'{pair.key}' uses '{name}' defined in the same ENV instruction, "
                        "where it still has its previous value; move it to its own ENV",
                        fix=split_instruction_fix(
                            self.model, instruction, pair, f"move {pair.key} to its own ENV"
                        ),
                    )
            defined.add(pair.key)


class UserWithoutNumericId(Rule):
    """USER names a user instead of a numeric UID.

    ## What it does
    Reports `USER app` and `USER app:app`: a user part that is not a number. `USER 1000:app`
    is accepted (the group name is resolved inside the image). An ARG without a default is
    left alone (it usually receives a UID); an undefined variable is reported like
    hadolint's DL3066. Unlike hadolint, an ARG's default is checked (`ARG U=app` then
    `USER $U`), ONBUILD triggers are checked too, and Windows stages (no numeric UIDs there,
    `USER ContainerAdministrator`) are skipped. Off by default: a named user is fine
    for most images.

    ## Why
    Platforms that enforce non-root containers (Kubernetes `runAsNonRoot`, OpenShift) check
    the numeric UID from the image config and cannot resolve a name, so they refuse to start
    the container.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN adduser -D -u 10001 app
    USER app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN adduser -D -u 10001 app
    USER 10001
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX908"
    name = "user-without-numeric-id"
    aliases = ("DL3066",)
    category = "style"
    severity = Severity.INFO
    default_enabled = False

    def visit_user(self, instruction: Instruction) -> None:
        node = next((a for a in instruction.arguments if isinstance(a, Text)), None)
        if node is None:
            return
        if not self.model.shell_at(instruction).is_posix:
            return  # Windows images have no numeric UIDs (USER ContainerAdministrator)
        raw = node.value.strip()
        expansion = self.model.expand(raw.partition(":")[0], instruction)
        if expansion.text.isdigit() and expansion.complete:
            return
        if expansion.unresolved and not expansion.undefined:
            return  # an ARG without a default: probably given a UID at build time
        shown = self.model.expand(raw, instruction).text if expansion.complete else raw
        self.report(
            node,
            f"USER '{shown}' is not a numeric UID; platforms that check for non-root "
            "cannot resolve names, use the UID (e.g. USER 10001)",
        )


class CopyEntireFilesystem(Rule):
    """COPY --from copies another stage's whole filesystem.

    ## What it does
    Reports a `COPY --from=<stage>` whose source is the root directory (`/`, `/.`, also in
    the JSON form and through a variable). Like hadolint, `--from` an external image is
    accepted: some images (`docker/cli`-style bundles built FROM scratch) exist to be copied
    whole.

    Differences from hadolint: DL3067 only recognises a literal `/` in the shell form; dlint
    also reports `/.`, `["/", ...]` and `$ROOT` set to `/`.

    ## Why
    The whole image (package database, shells, caches, `/etc/passwd`) ends up in this stage,
    defeating the point of a multi-stage build and overwriting files of the current base.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /out/app .
    FROM alpine:3.20
    COPY --from=build / /
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /out/app .
    FROM alpine:3.20
    COPY --from=build /out/app /usr/local/bin/app
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX909"
    name = "copy-entire-filesystem"
    aliases = ("DL3067",)
    category = "style"
    severity = Severity.WARNING

    def visit_copy(self, instruction: Instruction) -> None:
        source = instruction.flag("from")
        if source is None or not source.argument or not self.model.stage_named(source.argument):
            return  # an image built to be copied whole (COPY --from=docker/cli / /) is fine
        for item in copy_args(self.model, instruction).sources:
            text = item.raw
            value = self.model.expand(text, instruction).text if "$" in text else text
            if value.strip("\"'") and posixpath.normpath(value.strip("\"'")) in ("/", "//"):
                self.report(
                    item.node,
                    "this copies the whole filesystem of the other stage; copy only the "
                    "files you need",
                )


class HealthcheckMissing(Rule):
    """The final image has no HEALTHCHECK.

    ## What it does
    Reports the final stage when neither it nor the stages it is built from declare a
    `HEALTHCHECK` (`HEALTHCHECK NONE` counts as a decision). Off by default: many images
    (CLIs, base images, Kubernetes workloads with probes) do not need one, and the base
    image may declare one that dlint cannot see.

    ## Why
    Without a health check, Docker and Swarm only know whether the process runs, not whether
    it serves requests.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    COPY site /usr/share/nginx/html
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    COPY site /usr/share/nginx/html
    HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX910"
    name = "healthcheck-missing"
    aliases = ("DL3057",)
    category = "style"
    severity = Severity.INFO
    default_enabled = False

    def finish(self) -> None:
        final = self.model.final_stage
        stage = final
        while stage is not None:
            if any(ins.name == "HEALTHCHECK" for ins in stage.instructions):
                return
            stage = stage.parent
        if final is None:
            return
        where = final.base_word or final.from_instruction
        self.report(
            where,
            "the final image has no HEALTHCHECK; add one so the runtime can tell it is healthy",
        )


class InvalidLabelKey(Rule):
    """A LABEL key that breaks Docker's key conventions.

    ## What it does
    Reports label keys with upper-case letters or characters other than letters, digits,
    `.`, `-` and `_`, keys not starting with a letter or not ending with a letter or digit,
    repeated `..`/`--`, and the namespaces reserved for Docker (`com.docker.*`,
    `io.docker.*`, `org.dockerproject.*`), like hadolint's DL3048.

    ## Why
    Docker recommends reverse-DNS, lower-case keys; tools that read labels (registries,
    Kubernetes, OCI annotations) expect them and ignore or reject others.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL Maintainer=me@example.com
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.authors=me@example.com
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX911"
    name = "invalid-label-key"
    aliases = ("DL3048",)
    category = "style"
    severity = Severity.STYLE

    def visit_label(self, instruction: Instruction) -> None:
        for node, raw, _ in label_pairs(instruction):
            key = self.model.expand(raw, instruction)
            if not key.complete or not key.text:
                continue
            problem = label_key_problem(key.text)
            if problem:
                self.report(node, f"label key '{key.text}' {problem}")


class _SchemaRule(Rule):
    """Base of the rules driven by the ``label-schema`` setting (silent without one)."""

    settings: ClassVar[dict[str, Any]] = {"label-schema": {}}
    example_settings: ClassVar[dict[str, Any]] = {
        "label-schema": {
            "org.opencontainers.image.source": "url",
            "org.opencontainers.image.created": "rfc3339",
            "org.opencontainers.image.licenses": "spdx",
            "org.opencontainers.image.revision": "hash",
            "org.opencontainers.image.version": "semver",
            "org.opencontainers.image.authors": "email",
            "org.opencontainers.image.title": "text",
        },
        "strict-labels": True,
    }

    def schema(self) -> dict[str, str]:
        value = self.setting("label-schema")
        return dict(value) if isinstance(value, dict) else {}

    def values(self, instruction: Instruction) -> Iterator[tuple[Node, str, Expansion]]:
        """``(node, key, expanded value)`` of the labels of ``instruction`` with a known key."""
        for node, raw_key, raw_value in label_pairs(instruction):
            key = self.model.expand(raw_key, instruction)
            if key.complete:
                yield node, key.text, self.model.expand(raw_value, instruction)


class MissingRequiredLabel(_SchemaRule):
    """The final image lacks a label the `label-schema` setting requires.

    ## What it does
    With a `label-schema` setting (from `.hadolint.yaml` or dlint's configuration), reports
    each schema label that neither the final stage nor the stages it is built FROM set.
    Silent without a schema.

    Differences from hadolint: DL3049 checks every stage, builder stages included; their
    labels never reach the image, so dlint checks only the final one.

    ## Why
    Teams use a label schema so every published image carries its source, version and
    license; a missing label breaks that inventory.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app \\
          org.opencontainers.image.source=https://github.com/example/app \\
          org.opencontainers.image.created=2024-05-01T12:00:00Z \\
          org.opencontainers.image.licenses=MIT \\
          org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567 \\
          org.opencontainers.image.version=1.2.3 \\
          org.opencontainers.image.authors=dev@example.com
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX912"
    name = "missing-required-label"
    aliases = ("DL3049",)
    category = "style"
    severity = Severity.INFO

    def finish(self) -> None:
        schema = self.schema()
        final = self.model.final_stage
        if not schema or final is None:
            return
        present: set[str] = set()
        stage: Stage | None = final
        while stage is not None:
            for ins in stage.instructions:
                if ins.name == "LABEL":
                    present.update(key for _, key, _ in self.values(ins))
            stage = stage.parent
        where = final.base_word or final.from_instruction
        for label in schema:
            if label not in present:
                self.report(where, f"the image has no label '{label}' (required by label-schema)")


class SuperfluousLabel(_SchemaRule):
    """A label not in the `label-schema`, with `strict-labels` on.

    ## What it does
    With `strict-labels: true` and a `label-schema`, reports every label key the schema does
    not list. Silent without a schema.

    ## Why
    A strict schema keeps labels consistent across a fleet of images; an unknown key is
    usually a typo of a schema label or an undocumented one.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.titel=app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app
    ```

    ## Fix safety
    Unsafe: when a schema label is a typing mistake or two away (`did you mean ...?`),
    the fix renames the key to it (`org.opencontainers.image.titel` →
    `org.opencontainers.image.title`). The image then carries another label than before
    (its value replaces the one the base image may give that label); review it. Keys with
    quotes or variables, keys with no close schema label, and keys whose schema label
    another label of the image sets (in the stage or a stage it is built on), or would
    get from this fix too, get no fix: one would replace the other.
    """

    code = "DLX913"
    name = "superfluous-label"
    aliases = ("DL3050",)
    category = "style"
    severity = Severity.INFO
    settings: ClassVar[dict[str, Any]] = {"label-schema": {}, "strict-labels": False}
    fix = "sometimes"

    def visit_label(self, instruction: Instruction) -> None:
        schema = self.schema()
        if not schema or not self.setting("strict-labels"):
            return
        for node, key, _ in self.values(instruction):
            if key not in schema:
                hint = _suggest(key, sorted(schema))
                self.report(
                    node,
                    f"label '{key}' is not in label-schema{hint}",
                    fix=self._fix(instruction, node, key, schema),
                )

    def _fix(
        self, instruction: Instruction, node: Node, key: str, schema: dict[str, str]
    ) -> Fix | None:
        label = _closest(key, sorted(schema))
        if label is None or not _renamable(node, key):
            return None
        for other, other_key in image_labels(self.model, instruction):
            if other is node:
                continue
            if other_key is None or other_key == label:
                return None  # the renamed label would replace that one, or the reverse
            if (
                other_key not in schema
                and _renamable(other, other_key)
                and _closest(other_key, sorted(schema)) == label
            ):
                return None  # both would be renamed to it
        start = self.model.index.span(node)[0]
        edit = Edit(start, start + len(key), label)
        return Fix(f"rename the label to {label}", (edit,), Applicability.UNSAFE)


def _renamable(node: Node, key: str) -> bool:
    """Whether the key is written as it is (not quoted, escaped or built from a variable)."""
    if not isinstance(node, (KeyValue, Word)):
        return False
    raw = node.raw
    return raw == key if isinstance(node, Word) else raw.startswith(key + "=")


class EmptyLabel(_SchemaRule):
    """A label of the `label-schema` set to an empty value.

    ## What it does
    Reports a schema label whose value is empty (`LABEL version=""`, or a variable without
    a value). Silent without a schema.

    ## Why
    An empty required label satisfies the schema in name only.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=""
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX914"
    name = "empty-label"
    aliases = ("DL3051",)
    category = "style"
    severity = Severity.WARNING

    def visit_label(self, instruction: Instruction) -> None:
        schema = self.schema()
        if not schema:
            return
        for node, key, value in self.values(instruction):
            if key in schema and value.complete and not value.text.strip():
                self.report(node, f"label '{key}' is empty; give it a value")


class _LabelFormatRule(_SchemaRule):
    """Checks the values of the schema labels of one type."""

    label_type: ClassVar[str] = ""

    def visit_label(self, instruction: Instruction) -> None:
        schema = self.schema()
        if self.label_type not in schema.values():
            return
        valid, expected = LABEL_CHECKS[self.label_type]
        for node, key, value in self.values(instruction):
            text = value.text.strip()
            if schema.get(key) != self.label_type or not value.complete or not text:
                continue
            if not valid(text):
                self.report(node, f"label '{key}' is '{text}', which is not {expected}")


def _format_docs(kind: str, bad: str, good: str, why: str, extra: str = "") -> str:
    return f"""A `{kind}` label of the `label-schema` whose value is not {LABEL_CHECKS[kind][1]}.

    ## What it does
    With a `label-schema` setting, reports labels typed `{kind}` whose value does not parse.
    Values holding a variable without a known value are skipped; empty values are DLX914's.
    Silent without a schema.{extra}

    ## Why
    {why}

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL {bad}
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL {good}
    ```

    ## Fix safety
    No automatic fix yet.
    """


class LabelNotUrl(_LabelFormatRule):
    __doc__ = _format_docs(
        "url",
        "org.opencontainers.image.source=github.com/example/app",
        "org.opencontainers.image.source=https://github.com/example/app",
        "Tools link to the URL; without a scheme it is not a link.",
    )
    code = "DLX915"
    name = "label-not-url"
    aliases = ("DL3052",)
    category = "style"
    severity = Severity.WARNING
    label_type = "url"


class LabelNotRfc3339(_LabelFormatRule):
    __doc__ = _format_docs(
        "rfc3339",
        "org.opencontainers.image.created=2024-05-01",
        "org.opencontainers.image.created=2024-05-01T12:00:00Z",
        "OCI annotations and registries parse the date-time; a partial date is rejected.",
        "\n\n    Like hadolint, a full date-time with `T` and a time zone is required.",
    )
    code = "DLX916"
    name = "label-not-rfc3339"
    aliases = ("DL3053",)
    category = "style"
    severity = Severity.WARNING
    label_type = "rfc3339"


class LabelNotSpdx(_LabelFormatRule):
    __doc__ = _format_docs(
        "spdx",
        "org.opencontainers.image.licenses=Apache2",
        "org.opencontainers.image.licenses=Apache-2.0",
        "License scanners only understand SPDX identifiers.",
        "\n\n    Differences from hadolint: DL3054 accepts a single identifier only; dlint also"
        "\n    accepts SPDX expressions such as `MIT OR Apache-2.0`, which the OCI"
        "\n    `licenses` annotation is defined to hold.",
    )
    code = "DLX917"
    name = "label-not-spdx"
    aliases = ("DL3054",)
    category = "style"
    severity = Severity.WARNING
    label_type = "spdx"


class LabelNotGitHash(_LabelFormatRule):
    __doc__ = _format_docs(
        "hash",
        "org.opencontainers.image.revision=main",
        "org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567",
        "A branch name moves; the revision label should identify the exact commit.",
    )
    code = "DLX918"
    name = "label-not-git-hash"
    aliases = ("DL3055",)
    category = "style"
    severity = Severity.WARNING
    label_type = "hash"


class LabelNotSemver(_LabelFormatRule):
    __doc__ = _format_docs(
        "semver",
        "org.opencontainers.image.version=v1.2",
        "org.opencontainers.image.version=1.2.0",
        "Tools compare and sort semantic versions; `v1.2` is not one.",
    )
    code = "DLX919"
    name = "label-not-semver"
    aliases = ("DL3056",)
    category = "style"
    severity = Severity.WARNING
    label_type = "semver"


class LabelNotEmail(_LabelFormatRule):
    __doc__ = _format_docs(
        "email",
        "org.opencontainers.image.authors=dev-at-example.com",
        "org.opencontainers.image.authors=dev@example.com",
        "Contact tooling needs an address it can write to.",
        "\n\n    Differences from hadolint: `Name <name@example.com>` is accepted too (RFC 5322"
        "\n    name-addr); DL3058 rejects it.",
    )
    code = "DLX920"
    name = "label-not-email"
    aliases = ("DL3058",)
    category = "style"
    severity = Severity.WARNING
    label_type = "email"


class InvalidDefinitionDescription(Rule):
    """A comment directly above a stage or ARG that is not its description.

    ## What it does
    BuildKit reads the comment directly above `FROM ... AS name` or `ARG name` as the
    description of that build target or argument (`docker build --call=outline`,
    `--call=targets`). Its description must start with the name: `# name what it is`.
    This reports a comment directly above such an instruction whose nearest line does not
    start with the stage name or one of the ARG names, as BuildKit's experimental
    `InvalidDefinitionDescription` check does. A blank line or an empty `#` line ends the
    comment block.

    Differences from BuildKit: pragma comments (`# dlint: ...`, `# hadolint ...`,
    `# check=...`) and parser directives are not descriptions and are skipped, so a
    suppression above an instruction does not turn into a finding. Opt-in, as in BuildKit.

    ## Why
    `docker build --call=outline` shows the comment as the description of the target or
    argument; a comment that describes something else becomes a misleading description.

    ## Example
    ```dockerfile
    # install the build tools
    FROM golang:1.23 AS build
    ```

    ## Use instead
    ```dockerfile
    # build compiles the server binary
    FROM golang:1.23 AS build
    ```

    ## Fix safety
    Safe: the fix inserts an empty line below the comment, so it is no longer read as a
    description (the finding's own advice). The image and the build are the same; only
    `docker build --call=outline` and `--call=targets` no longer show the comment as the
    description of the target or argument, which it did not describe. No fix is offered
    when suppression comments (`# dlint:`, `# hadolint`, `# check=`) sit above the
    comment: the empty line would cut them off from their instruction. A comment that is
    a real description with another wording needs rewriting by hand.
    """

    code = "DLX921"
    name = "invalid-definition-description"
    aliases = ("InvalidDefinitionDescription",)
    category = "style"
    severity = Severity.STYLE
    default_enabled = False
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        if self.model.outer(instruction) is not instruction:
            return
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        if len(words) == 3 and words[1].value.lower() == "as":
            self._check(instruction, "FROM", [(words[2].value, words[2])])

    def visit_arg(self, instruction: Instruction) -> None:
        if self.model.outer(instruction) is not instruction:
            return
        keys = [
            (word.value.partition("=")[0], word)
            for word in instruction.arguments
            if isinstance(word, Word)
        ]
        self._check(instruction, "ARG", keys)

    def _check(self, instruction: Instruction, keyword: str, keys: list[tuple[str, Word]]) -> None:
        comment = _description_comment(instruction)
        if comment is None or not keys:
            return
        first = comment.raw.rstrip("\r\n").lstrip()[1:].strip().split(" ")[0]
        if any(first == name for name, _ in keys):
            return
        example = keys[0][0] if len(keys) == 1 else "<arg_key>"
        name, word = keys[0]
        start, end = self.model.index.span(word)
        if word.raw.startswith(name):
            end = start + len(name)
        self.report(
            (start, end),
            f"comment for {keyword} should follow the format `# {example} <description>`; "
            "if it is not a description, put an empty line between it and the instruction",
            fix=self._fix(instruction, comment),
        )

    def _fix(self, instruction: Instruction, comment: CommentLine) -> Fix | None:
        block: list[CommentLine] = []
        for line in instruction.leading:
            block = [*block, line] if isinstance(line, CommentLine) else []
        above = block[: next(i for i, line in enumerate(block) if line is comment)]
        if any(is_pragma(line.raw) for line in above):
            return None  # an empty line below the comment would cut them off
        start, end = self.model.index.span(comment)
        newline = line_ending(self.model, start)
        return Fix("put an empty line below the comment", (Edit(end, end, newline),))


def _description_comment(instruction: Instruction) -> CommentLine | None:
    """The nearest comment line of the block directly above ``instruction``."""
    for line in reversed(instruction.leading):
        if not isinstance(line, CommentLine):
            return None
        text = line.raw.strip()
        if text == "#":
            return None
        if not is_pragma(text):
            return line
    return None


STYLE_RULES: tuple[type[Rule], ...] = (
    WorkdirRelativePath,
    UndefinedVar,
    UndefinedArgInFrom,
    InvalidDefaultArgInFrom,
    RedundantTargetPlatform,
    FromPlatformFlagConstDisallowed,
    EnvSelfReference,
    UserWithoutNumericId,
    CopyEntireFilesystem,
    HealthcheckMissing,
    InvalidLabelKey,
    MissingRequiredLabel,
    SuperfluousLabel,
    EmptyLabel,
    LabelNotUrl,
    LabelNotRfc3339,
    LabelNotSpdx,
    LabelNotGitHash,
    LabelNotSemver,
    LabelNotEmail,
    InvalidDefinitionDescription,
)
