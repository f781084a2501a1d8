"""DLX609: The final image builds its artifacts: a builder stage would keep the toolchain out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.build_steps import (
    build_step,
    dev_package,
    installs_dependencies,
    removes_packages,
    venv_argument,
)
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.model.runtime_bases import runtime_base
from dlint_dockerfile.shell.packages import PackageCommand, package_commands
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.shell.script import Command, Script
from dlint_dockerfile.syntax import Instruction

__all__ = ["BuildInFinalStage"]


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
        # rarely needed: not at start-up
        from dlint_dockerfile.rules.multistage.dlx609_build_in_final_stage.fix import split_fix

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
