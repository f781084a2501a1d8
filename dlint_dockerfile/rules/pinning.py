"""Pinning family (DLX2xx): images, packages and sources that should name a fixed version."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator
from typing import Any, ClassVar

from dlint_dockerfile._record import record
from dlint_dockerfile.fixers.shell import replace_word
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.copy_sources import copy_match
from dlint_dockerfile.model.model import Stage, parse_mount
from dlint_dockerfile.model.reference import (
    DEFAULT_REGISTRY,
    ImageReference,
    ImageReferenceError,
    parse_reference,
)
from dlint_dockerfile.shell import Command, Option, Script, ShellWord, parse_options
from dlint_dockerfile.shell.installs import install_steps
from dlint_dockerfile.shell.pins import (
    apk_pinned,
    apt_pinned,
    gem_pinned,
    go_local,
    go_pinned,
    has_option,
    is_path,
    merged_spec,
    npm_pinned,
    pip_pinned,
    ref_is_fixed,
    rpm_pinned,
    subcommand_options,
    words_after,
    zypper_pinned,
)
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.syntax import Flag, Instruction

__all__ = [
    "ImageLatestTag",
    "ImageWithoutDigest",
    "ImageWithoutTag",
    "NpmInstallWithLockFile",
    "UnpinnedApkPackage",
    "UnpinnedAptPackage",
    "UnpinnedDnfPackage",
    "UnpinnedGem",
    "UnpinnedGitClone",
    "UnpinnedGoPackage",
    "UnpinnedNpmPackage",
    "UnpinnedPipPackage",
    "UnpinnedYumPackage",
    "UnpinnedZypperPackage",
    "UntrustedRegistry",
]


# ------------------------------------------------------------------------- images


@record
class _ImageUse:
    """An image the build pulls: a FROM base, or a ``--from`` that names no stage."""

    #: the parsed reference; None when a variable without a value hides part of it
    image: ImageReference | None
    #: the (normalised) registry, known even when only the tag is a variable
    registry: str | None
    #: absolute offsets of the reference as written (a word, or a flag's value)
    span: tuple[int, int]
    #: True when the written text is the reference itself (no variable, no quotes)
    literal: bool
    what: str  # "base image 'x'", "image 'x' in --from"


def _image_uses(rule: Rule) -> Iterator[_ImageUse]:
    """Every image of the file, resolved through ARG defaults.

    An image with a variable that has no value has ``image`` None, and its registry if
    the written text shows it (``ghcr.io/org/app:$TAG``).
    """
    model = rule.model
    for stage in model.stages:
        use = _stage_image(rule, stage)
        if use is not None:
            yield use
    for ref in model.references:
        if ref.kind == "from" or not isinstance(ref.node, Flag):
            continue
        flag = ref.node
        raw = flag.argument
        if ref.kind == "mount-from" and raw is not None:
            raw = parse_mount(raw).get("from")
        if not raw:
            continue
        expansion = model.expand(raw, ref.instruction)
        text = expansion.text
        start, end = model.index.span(flag)
        if not expansion.complete:
            registry = _written_registry(raw)
            if registry is not None:
                yield _ImageUse(None, registry, (start, end), False, f"image '{raw}' in --from")
            continue
        if not text or text.lower() == "scratch":
            continue
        if text.isdigit() or model.stage_named(text) is not None:
            continue  # a stage (also one defined later in the file)
        try:
            image = parse_reference(text)
        except ImageReferenceError:
            continue
        literal = ref.kind == "copy-from" and flag.raw == flag.value and raw == text
        if literal:
            start = end - len(text)
        what = f"image '{text}' in --from"
        yield _ImageUse(image, image.registry, (start, end), literal, what)


def _stage_image(rule: Rule, stage: Stage) -> _ImageUse | None:
    word = stage.base_word
    if word is None or stage.parent is not None or stage.is_scratch:
        return None
    span = rule.model.index.span(word)
    image = stage.image
    if image is None:
        if stage.base.complete:
            return None  # not a valid reference: the syntax rules report it
        registry = _written_registry(word.value)
        if registry is None:
            return None
        return _ImageUse(None, registry, span, False, f"base image '{word.value}'")
    literal = word.raw == stage.base.text
    what = f"base image '{stage.base.text}'"
    if not literal:
        what += f" (from '{word.raw}')"
    return _ImageUse(image, image.registry, span, literal, what)


def _written_registry(text: str) -> str | None:
    """The registry of a reference whose variables have no value, if the text shows it.

    ``ghcr.io/org/app:$TAG`` → ``ghcr.io``; ``debian:$TAG`` → ``docker.io``;
    ``$REGISTRY/app`` → None.
    """
    cut = text.find("$")
    prefix = text if cut < 0 else text[:cut]
    first, slash, _ = prefix.partition("/")
    if not slash:
        if "/" not in text and ":" in prefix and prefix[0] not in ":$":
            return DEFAULT_REGISTRY  # only the tag is a variable
        return None
    if first == "localhost" or "." in first or ":" in first or first.lower() != first:
        return _normal_registry(first)
    return DEFAULT_REGISTRY


class ImageWithoutTag(Rule):
    """An image without a tag or digest: it means `:latest`.

    ## What it does
    Reports a `FROM` base image, and an image named by `COPY --from` or
    `RUN --mount=from=`, that has neither a tag nor a digest. Stage names (`FROM build`),
    `scratch` and images pinned by digest (`@sha256:...`) are fine. A base given through
    an ARG (`FROM $BASE`) is checked with the ARG's default value; without a default it is
    not checked.

    Differences from hadolint (DL3006): hadolint does not resolve ARG defaults, so
    `ARG BASE=debian` + `FROM $BASE` passes there, and it only checks `FROM`. It compares
    stage names case-sensitively (BuildKit does not), so it reports `FROM build` after
    `FROM golang:1.23 AS Build`, and it misses `FROM localhost:5000/app`.

    ## Why
    Without a tag Docker pulls `latest`, which changes whenever the image is republished:
    two builds of the same Dockerfile can get different systems, and a new major version
    can break the build without any change on your side.

    ## Example
    ```dockerfile
    FROM debian
    RUN echo hi
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12.7
    RUN echo hi
    ```

    ## Fix safety
    No automatic fix: which version to pin is your choice.
    """

    code = "DLX201"
    name = "image-without-tag"
    aliases = ("DL3006",)
    category = "pinning"
    severity = Severity.WARNING

    def finish(self) -> None:
        for use in _image_uses(self):
            image = use.image
            if image is not None and image.tag is None and image.digest is None:
                name = image.familiar_name
                self.report(
                    use.span,
                    f"{use.what} has no tag, so it pulls '{name}:latest': "
                    f"pin a version tag ('{name}:<version>') or a digest",
                )


class ImageLatestTag(Rule):
    """An image pinned to the moving `latest` tag.

    ## What it does
    Reports a `FROM` base image, and an image named by `COPY --from` or
    `RUN --mount=from=`, whose tag is `latest`, unless it also carries a digest
    (`image:latest@sha256:...` is pinned by the digest). A base given through an ARG is
    checked with the ARG's default value.

    Differences from hadolint (DL3007): hadolint does not resolve ARG defaults and only
    checks `FROM`.

    ## Why
    `latest` is whatever was pushed last: builds are not reproducible and can break when
    the image gets a new major version.

    ## Example
    ```dockerfile
    FROM node:latest
    ```

    ## Use instead
    ```dockerfile
    FROM node:22.11
    ```

    ## Fix safety
    No automatic fix: which version to pin is your choice.
    """

    code = "DLX202"
    name = "image-latest-tag"
    aliases = ("DL3007",)
    category = "pinning"
    severity = Severity.WARNING

    def finish(self) -> None:
        for use in _image_uses(self):
            image = use.image
            if image is None or image.tag != "latest" or image.digest is not None:
                continue
            span = use.span
            if use.literal and image.tag_span is not None:
                # point at ':latest'
                span = (span[0] + image.tag_span[0] - 1, span[0] + image.tag_span[1])
            self.report(
                span,
                f"{use.what} uses the 'latest' tag, which changes over time: "
                "pin a version tag or a digest",
            )


class ImageWithoutDigest(Rule):
    """An image not pinned by digest (opt-in).

    ## What it does
    Reports a `FROM` base image, and an image named by `COPY --from` or
    `RUN --mount=from=`, that has no `@sha256:...` digest. Stage names, `scratch` and
    bases given through an ARG without a default are not checked.

    This rule is off by default: select it (`DLX203`) when every build must be
    bit-for-bit reproducible.

    ## Why
    A tag can be moved to another image at any time (a rebuilt `debian:12.7` gets security
    fixes, and a registry can be compromised). A digest names exactly one image. Pair it
    with a tool that updates digests (Renovate, Dependabot) so images still get fixes.

    ## Example
    ```dockerfile
    FROM debian:12.7
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12.7@sha256:b8084b1a576c5504a031936e1132574f4ce1d6cc7130bf8b5f3dd0dc6b3e9d9a
    ```

    ## Fix safety
    No automatic fix: the digest has to be looked up in the registry.
    """

    code = "DLX203"
    name = "image-without-digest"
    category = "pinning"
    severity = Severity.INFO
    default_enabled = False

    def finish(self) -> None:
        for use in _image_uses(self):
            if use.image is not None and use.image.digest is None:
                self.report(
                    use.span,
                    f"{use.what} is not pinned by digest: add '@sha256:<digest>' so the "
                    "build always uses the same image",
                )


_DOCKER_HUB_ALIASES = frozenset(
    {
        "docker.io",
        "index.docker.io",
        "registry-1.docker.io",
        "hub.docker.com",
        "registry.hub.docker.com",
    }
)


def _normal_registry(name: str) -> str:
    name = name.strip().lower().rstrip("/")
    return DEFAULT_REGISTRY if name in _DOCKER_HUB_ALIASES else name


def _registry_allowed(registry: str, allowed: frozenset[str]) -> bool:
    registry = registry.lower()
    for entry in allowed:
        if entry.startswith("*."):
            if registry.endswith(entry[1:]):
                return True
        elif registry == entry:
            return True
    return False


class UntrustedRegistry(Rule):
    """An image from a registry that is not in `trusted-registries`.

    ## What it does
    When the `trusted-registries` setting lists registries, reports every `FROM` base
    image, and every image named by `COPY --from` or `RUN --mount=from=`, that comes from
    another registry. An image without a registry (`debian`, `myorg/app`) comes from
    Docker Hub, `docker.io`; `index.docker.io`, `registry-1.docker.io` and
    `hub.docker.com` also mean Docker Hub. An entry `*.example.com` allows every
    sub-domain of `example.com`. With an empty list (the default) the rule is silent.

    A base given through an ARG is checked with the ARG's default value; when a variable
    has no value the registry is still checked if the text shows it
    (`mcr.microsoft.com/dotnet/aspnet:$TAG`).

    Differences from hadolint (DL3026): hadolint compares registry names as written, so
    with `docker.io` trusted it rejects `index.docker.io/library/debian`, and with
    `hub.docker.com` trusted it rejects `docker.io/library/debian`; here all of them are
    Docker Hub. hadolint does not resolve ARG defaults and does not check ONBUILD
    `COPY --from` or `RUN --mount=from=` images.

    ## Why
    Images from unknown registries can carry anything. An allow-list keeps base images to
    the mirrors and vendors your organisation has vetted.

    ## Example
    ```dockerfile
    FROM quay.io/prometheus/busybox:1.36
    ```

    ## Use instead
    ```dockerfile
    FROM docker.io/library/busybox:1.36
    ```

    with, in the configuration:

    ```toml
    [settings]
    trusted-registries = ["docker.io"]
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "DLX204"
    name = "untrusted-registry"
    aliases = ("DL3026",)
    category = "pinning"
    severity = Severity.ERROR
    settings: ClassVar[dict[str, Any]] = {"trusted-registries": ()}
    #: What the documented Example needs to fire (the rule is silent without a list).
    example_settings: ClassVar[dict[str, Any]] = {"trusted-registries": ("docker.io",)}

    def finish(self) -> None:
        setting = self.setting("trusted-registries") or ()
        if isinstance(setting, str):
            setting = (setting,)
        allowed = frozenset(_normal_registry(str(r)) for r in setting if str(r).strip())
        if not allowed:
            return
        shown = ", ".join(sorted(allowed))
        for use in _image_uses(self):
            registry = use.registry
            if registry is not None and not _registry_allowed(registry, allowed):
                self.report(
                    use.span,
                    f"{use.what} comes from registry '{registry}', which is not in "
                    f"trusted-registries ({shown}): use an image from a trusted registry",
                )


# ------------------------------------------------------------------- packages


class _PackageRule(Rule):
    """Reports the package words of one package manager that carry no version.

    Subclasses give ``packages(script)``: the unpinned package words, each with its
    message. Words that expand a variable or a command are never reported: a version
    given through ``$VERSION`` counts as pinned.
    """

    tool: ClassVar[str] = ""

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        for word, message in self.packages(script):
            self.report((word.start, word.end), message)

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        raise NotImplementedError  # pragma: no cover

    def unpinned(self, value: str, hint: str) -> str:
        return f"{self.tool} package '{value}' is not pinned: use {hint}"


def _after_subcommand(command: Command) -> tuple[ShellWord, ...]:
    positionals = command.positionals
    return words_after(command, positionals[0]) if positionals else ()


def _static(words: tuple[ShellWord, ...]) -> Iterator[tuple[ShellWord, str]]:
    for word in words:
        if word.value is not None and word.value:
            yield word, word.value


class UnpinnedAptPackage(_PackageRule):
    """`apt-get install` of a package without a version.

    ## What it does
    Reports each package of `apt-get install` (also `apt install`, `aptitude install`,
    through `sudo`, in `sh -c`) written without `=version`. A package with a target
    release (`curl/bookworm-backports`) or a local `.deb` file is fine, and so is a
    version given through a variable (`curl=$CURL_VERSION`).

    Differences from hadolint (DL3008): hadolint only knows `apt-get`, not `apt install`.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version, each build installs whatever the archive has that day: an image
    rebuilt later can behave differently, and a cached layer hides the change until the
    cache is cleared.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the archive.
    """

    code = "DLX205"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-apt-package"
    aliases = ("DL3008",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "apt"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("apt-get", "apt", "aptitude", subcommand="install"):
            for word, value in _static(command.arguments_after_subcommand()):
                if not apt_pinned(value):
                    yield word, self.unpinned(value, f"'{value}=<version>'")


class UnpinnedApkPackage(_PackageRule):
    """`apk add` of a package without a version.

    ## What it does
    Reports each package of `apk add` written without a version constraint (`pkg=1.2.3`,
    `pkg~1.2`, `pkg>=1.2`...). The name of a `--virtual`/`-t` group, a local `.apk` file
    and a version through a variable are fine; `pkg@edge` (a repository tag) is not a
    version.

    Differences from hadolint (DL3018): like every package rule here, it does not check a
    word that expands a variable or a command (`$BUILD_DEPS`), which hadolint reports, and
    it sees commands run through `sudo`, `env` or `sh -c`, which hadolint misses.

    ## Why
    Without a version, each build installs whatever the repository has that day, so two
    builds of one Dockerfile can differ. `pkg~1.2` pins the minor version and still gets
    patch releases.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl~8.11
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repository.
    """

    code = "DLX206"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-apk-package"
    aliases = ("DL3018",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "apk"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("apk", subcommand="add"):
            for word, value in _static(command.arguments_after_subcommand()):
                if not apk_pinned(value):
                    name = value.split("@", 1)[0] or value
                    yield word, self.unpinned(value, f"'{name}=<version>' or '{name}~<version>'")


#: pip's options that take a value, beyond the shared spec.
_PIP_SPEC = merged_spec(
    "pip",
    long="root-user-action use-feature use-deprecated install-option build-option "
    "keyring-provider group log-file",
)


def _pip_installs(script: Script) -> Iterator[tuple[tuple[Option, ...], tuple[ShellWord, ...]]]:
    """The options and positionals after ``install`` of ``pip``/``pip3.12``/``python -m
    pip``."""
    for command in script.all_commands():
        pip = pip_command(command.unwrapped())
        if pip is None:
            continue
        sub, options, positionals = subcommand_options(pip.args, _PIP_SPEC)
        if sub == "install":
            yield options, positionals


def _pip_hint(value: str) -> str:
    if "://" in value or value.startswith(("git+", "hg+", "svn+", "bzr+")):
        return f"a tag or commit: '{value}@<ref>'"
    return f"'{value}==<version>' or a requirements file"


class UnpinnedPipPackage(_PackageRule):
    """`pip install` of a package without a version.

    ## What it does
    Reports each package of `pip install` (also `pip3`, `python -m pip`) written without a
    version specifier (`==`, `>=`, `~=`, `<`...). Requirement files (`-r`), local paths
    (`.`, `./pkg`), archives, URLs, editable installs (`-e`) and VCS URLs with a ref
    (`git+https://...@v1.2`) are fine. A command with a constraints file (`-c`) is not
    checked: the constraints pin the versions.

    Differences from hadolint (DL3013): hadolint skips the whole command when it has `-r`
    or `.`, so `pip install -r requirements.txt flask` passes there although `flask` is
    unpinned; here `flask` is reported. hadolint reports `pip install ..`, a local path. A
    VCS URL counts as pinned only with `@ref` after its path (`git+ssh://git@host/repo` is
    not pinned by the `git@` user).
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version, each build installs the newest release: a new major version can
    break the image without any change on your side. `pip install --upgrade pip` is
    reported too; pin it (`pip==24.3.1`) or leave pip as the base image ships it.

    ## Example
    ```dockerfile
    FROM python:3.12
    RUN pip install --no-cache-dir flask
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12
    RUN pip install --no-cache-dir flask==3.1.0
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX207"
    name = "unpinned-pip-package"
    aliases = ("DL3013",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "pip"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for options, positionals in _pip_installs(script):
            if has_option(options, "c", "constraint"):
                continue
            for word, value in _static(positionals):
                if not pip_pinned(value):
                    yield word, self.unpinned(value, _pip_hint(value))


_NPM_INSTALL = ("install", "i", "in", "add", "isntall")
#: npm's options that take a value, beyond the shared spec.
_NPM_SPEC = merged_spec(
    "npm",
    long="loglevel location install-strategy before otp only also save-prefix script-shell "
    "proxy https-proxy cafile ca cert key fetch-retries fetch-timeout maxsockets "
    "node-options auth-type scope",
)


def _npm_hint(value: str) -> str:
    name = value.rsplit("@", 1)[0] if value.rfind("@") > 0 else value
    unscoped = name.partition("/")[2] if name.startswith("@") else name
    if "/" in unscoped or ":" in unscoped:
        return f"a tag or commit: '{name}#<ref>'"
    return f"'{name}@<version>'"


class UnpinnedNpmPackage(_PackageRule):
    """`npm install` of a package without a version.

    ## What it does
    Reports each package of `npm install` (also `npm i`, `npm add`) written without a
    version (`pkg@1.2.3`, `@scope/pkg@^2`). `npm install` and `npm ci` without packages
    (they follow the lock file), local folders, tarballs and git URLs with a `#ref` are
    fine. A dist-tag without a digit (`@latest`, `@next`, `@beta`) is not a version.

    Differences from hadolint (DL3016): hadolint accepts any `@tag`, so
    `npm install -g npm@latest` passes there; here it is reported because `@latest` is
    exactly what an unpinned install gets. hadolint only knows `npm install`, not `npm i`
    or `npm add`, reports GitHub sources with a ref (`github:org/lib#v1.2.0`,
    `org/lib#abc1234`), and reads the value of `--loglevel warn` as a package.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs the newest release, so builds are not
    reproducible and a new major version can break the image.

    ## Example
    ```dockerfile
    FROM node:22
    RUN npm install -g typescript
    ```

    ## Use instead
    ```dockerfile
    FROM node:22
    RUN npm install -g typescript@5.7.2
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX208"
    name = "unpinned-npm-package"
    aliases = ("DL3016",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "npm"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("npm"):
            sub, _, positionals = subcommand_options(command.args, _NPM_SPEC)
            if sub not in _NPM_INSTALL:
                continue
            for word, value in _static(positionals):
                if not npm_pinned(value):
                    yield word, self.unpinned(value, _npm_hint(value))


_GEM_SPEC = merged_spec("gem")


class UnpinnedGem(_PackageRule):
    """`gem install` of a gem without a version.

    ## What it does
    Reports each gem of `gem install` (also `gem i`) written without a version
    (`bundler:2.5.23`) when the command has no `-v`/`--version`. Local `.gem` files are
    fine; the build options after `--` are not gems.

    Differences from hadolint (DL3028): hadolint reports a local `.gem` file, and misses
    gems after some options (`gem install -N bundler`).
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs the newest release, so builds are not
    reproducible and a new major version can break the image.

    ## Example
    ```dockerfile
    FROM ruby:3.3
    RUN gem install bundler
    ```

    ## Use instead
    ```dockerfile
    FROM ruby:3.3
    RUN gem install bundler:2.5.23
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX209"
    name = "unpinned-gem"
    aliases = ("DL3028",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "gem"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("gem"):
            if command.subcommand not in ("install", "i"):
                continue
            options, positionals = parse_options(
                _after_subcommand(command), _GEM_SPEC, stop_at_double_dash=True
            )
            if has_option(options, "v", "version"):
                continue
            for word, value in _static(positionals):
                if not gem_pinned(value):
                    yield word, self.unpinned(value, f"'{value}:<version>' or '-v <version>'")

    def unpinned(self, value: str, hint: str) -> str:
        return f"gem '{value}' is not pinned: use {hint}"


#: Go build flags that take a value (Go's flags have one dash: ``-tags netgo``).
_GO_SPEC = merged_spec(
    "go",
    long="C o p asmflags buildmode compiler gccgoflags gcflags installsuffix ldflags mod "
    "modfile overlay pgo pkgdir tags toolexec covermode coverpkg exec",
    single_dash=True,
)


class UnpinnedGoPackage(_PackageRule):
    """`go install` / `go get` of a remote package without a version.

    ## What it does
    Reports each remote package of `go install` and `go get` written without
    `@version`, or with a moving query (`@latest`, `@master`, `@upgrade`: a query without
    a digit). Packages of the current module and the standard library (`./...`, `.`,
    `std`, paths without a domain) are fine, and so is a version through a variable.

    Differences from hadolint (DL3062): hadolint accepts `@master`/`@main` and reports
    packages of the standard library or the current module (`go install std`,
    `go install myapp/cmd/server`).
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    `go install pkg@latest` builds whatever was tagged last: the tool you get changes
    from build to build. A version (`@v1.2.3`) or a commit is reproducible and is
    checked against the Go checksum database.

    ## Example
    ```dockerfile
    FROM golang:1.23
    RUN go install golang.org/x/tools/gopls@latest
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23
    RUN go install golang.org/x/tools/gopls@v0.16.2
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX210"
    name = "unpinned-go-package"
    aliases = ("DL3062",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "go"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("go"):
            sub, _, positionals = subcommand_options(command.args, _GO_SPEC)
            if sub not in ("install", "get"):
                continue
            for word, value in _static(positionals):
                if not go_local(value) and not go_pinned(value):
                    yield word, self.unpinned(value, f"'{value.split('@', 1)[0]}@<version>'")


def _rpm_packages(
    rule: _PackageRule, script: Script, names: tuple[str, ...]
) -> Iterator[tuple[ShellWord, str]]:
    """Packages and modules of yum/dnf ``install`` and ``module install``."""
    for command in script.find(*names):
        positionals = command.positionals
        if not positionals:
            continue
        sub = positionals[0].value
        if sub == "install":
            for word, value in _static(positionals[1:]):
                if value.startswith("@"):
                    continue  # a group or a module: no package version
                if not rpm_pinned(value):
                    yield word, rule.unpinned(value, f"'{value}-<version>'")
        elif sub == "module" and len(positionals) > 1 and positionals[1].value == "install":
            for word, value in _static(positionals[2:]):
                if ":" not in value:
                    yield (
                        word,
                        (f"{rule.tool} module '{value}' has no stream: use '{value}:<stream>'"),
                    )


class UnpinnedYumPackage(_PackageRule):
    """`yum install` of a package without a version.

    ## What it does
    Reports each package of `yum install` whose name does not end in a version
    (`httpd-2.4.6` or `httpd-2.4.6-99.el7`: the last `-` part starts with a digit), and
    each module of `yum module install` without a stream (`nodejs:18`). Local `.rpm`
    files, URLs, paths, groups (`@name`) and capabilities (`'perl(JSON)'`) are fine.

    Differences from hadolint (DL3033): hadolint counts any digit-led part after a `-`,
    so `java-11-openjdk` passes there although it is a package name; it reports local
    `.rpm` files without a `-`, groups (`@development`), capabilities (`'perl(JSON)'`)
    and the value of `--enablerepo epel`.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs whatever the repositories have that day, so
    two builds of one Dockerfile can differ.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM rockylinux:9
    RUN yum install -y httpd && yum clean all
    ```

    ## Use instead
    ```dockerfile
    FROM rockylinux:9
    RUN yum install -y httpd-2.4.62 && yum clean all
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repositories.
    """

    code = "DLX211"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-yum-package"
    aliases = ("DL3033",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "yum"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        return _rpm_packages(self, script, ("yum",))


class UnpinnedDnfPackage(_PackageRule):
    """`dnf install` of a package without a version.

    ## What it does
    Reports each package of `dnf install` (also `microdnf` and `tdnf`) whose name does not
    end in a version (`httpd-2.4.62`, `httpd-2.4.62-1.el9`), and each module of
    `dnf module install` without a stream (`nodejs:20`). Local `.rpm` files, URLs, paths,
    groups (`@name`) and capabilities (`'dnf-command(config-manager)'`) are fine.

    Differences from hadolint (DL3041): hadolint counts any digit-led part after a `-`,
    so `java-17-openjdk` passes there although it is a package name; it reports groups
    (`@Development Tools`), capabilities (`'dnf-command(config-manager)'`) and paths
    (`/usr/bin/python3`), which have no version.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs whatever the repositories have that day, so
    two builds of one Dockerfile can differ.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM fedora:41
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:41
    RUN dnf install -y httpd-2.4.62 && dnf clean all
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repositories.
    """

    code = "DLX212"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-dnf-package"
    aliases = ("DL3041",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "dnf"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        return _rpm_packages(self, script, ("dnf", "microdnf", "tdnf"))


#: ``zypper install`` options that take a value (``-t`` is ``--type`` after the command).
_ZYPPER_SPEC = merged_spec("zypper", short="tr", long="type repo from download")


class UnpinnedZypperPackage(_PackageRule):
    """`zypper install` of a package without a version.

    ## What it does
    Reports each package of `zypper install` (also `zypper in`) written without a version
    constraint (`curl=8.6.0`, `'curl>=8'`). Local `.rpm` files, URLs and non-package
    types (`-t pattern devel_basis`) are fine.

    Differences from hadolint (DL3037): hadolint reads `-t pattern` as a flag and reports
    `pattern` and the pattern name as packages.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs whatever the repositories have that day, so
    two builds of one Dockerfile can differ.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install -y curl
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install -y curl=8.6.0
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repositories.
    """

    code = "DLX213"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-zypper-package"
    aliases = ("DL3037",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "zypper"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("zypper"):
            if command.subcommand not in ("install", "in"):
                continue
            options, positionals = parse_options(_after_subcommand(command), _ZYPPER_SPEC)
            if any(o.value != "package" for o in options if o.name in ("t", "type")):
                continue
            for word, value in _static(positionals):
                if not zypper_pinned(value):
                    yield word, self.unpinned(value, f"'{value}=<version>'")


# ------------------------------------------------------------------------ git


_CLONE_SPEC = merged_spec(
    "git",
    short="bojuc",
    long="branch origin upload-pack reference reference-if-able separate-git-dir depth "
    "jobs template shallow-since shallow-exclude config filter server-option bundle-uri "
    "revision",
)
_CHECKOUT_SPEC = merged_spec("git", short="bBcC", long="orphan conflict pathspec-from-file depth")
_FIXING_COMMANDS = frozenset({"checkout", "switch", "reset", "fetch"})


def _fixed_ref(word: ShellWord | None, value: str | None) -> bool:
    """A ref (``word``, holding ``value``) that pins: a variable (unknown, trusted) or a
    digit-bearing ref; not one that is missing."""
    if word is None:
        return False
    return True if value is None else ref_is_fixed(value)


class UnpinnedGitClone(Rule):
    """`git clone` of a branch rather than a tag or commit.

    ## What it does
    Reports the repository URL of a `git clone` that follows a branch: without
    `--branch`/`-b`, or with a branch name, and with no later `git checkout`,
    `git switch`, `git reset` or `git fetch` of a fixed ref in the same stage. Such a
    command (in the same RUN or a later one) fixes the closest clone before it.

    A ref counts as fixed when it contains a digit — a tag (`v1.2.3`, `2024.06`,
    `jdk-21+35`) or a commit sha — or is a variable (`--branch "$VERSION"`). A ref
    without a digit (`main`, `master`, `develop`, `stable`) is a branch. The heuristic
    cannot tell a branch called `release-2` from a tag; it then stays silent. Clones of
    local paths are not checked.

    ## Why
    A branch moves: every build gets whatever was pushed last, so two builds of the same
    Dockerfile can contain different code, and a cached layer silently keeps an old one.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN git clone --depth 1 https://github.com/madler/zlib.git /src/zlib
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN git clone --depth 1 --branch v1.3.1 https://github.com/madler/zlib.git /src/zlib
    ```

    ## Fix safety
    No automatic fix: which tag or commit to use is your choice.
    """

    code = "DLX214"
    name = "unpinned-git-clone"
    category = "pinning"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        # per stage (and ONBUILD or not): the clones on a branch, in order, and whether
        # a later checkout of a fixed ref follows each
        self.clones: dict[tuple[int, bool], list[tuple[ShellWord, bool]]] = {}

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        stage = self.model.stage_of(instruction)
        onbuild = self.model.outer(instruction).name == "ONBUILD"
        clones = self.clones.setdefault((stage.index if stage else -1, onbuild), [])
        for command in script.find("git"):
            sub = command.subcommand
            if sub == "clone":
                url = self._unpinned_clone(command)
                if url is not None:
                    clones.append((url, False))
            elif sub in _FIXING_COMMANDS and clones and not clones[-1][1]:
                _, positionals = parse_options(_after_subcommand(command), _CHECKOUT_SPEC)
                if any(_fixed_ref(w, w.value) for w in positionals):
                    clones[-1] = (clones[-1][0], True)  # it fixes the latest clone

    def _unpinned_clone(self, command: Command) -> ShellWord | None:
        options, positionals = parse_options(_after_subcommand(command), _CLONE_SPEC)
        if not positionals:
            return None
        url = positionals[0]
        if url.value is not None and (is_path(url.value) or url.value.startswith("file://")):
            return None
        for option in options:
            if option.name in ("b", "branch", "revision") and _fixed_ref(
                option.value_word, option.value
            ):
                return None
        return url

    def finish(self) -> None:
        for clones in self.clones.values():
            for url, fixed in clones:
                if fixed:
                    continue
                self.report(
                    (url.start, url.end),
                    f"git clone of '{url.value or url.text}' follows a branch: clone a tag "
                    "with --branch <tag>, or check out a commit after cloning",
                )


# ------------------------------------------------------------------------- DLX215

#: npm's lock files: ``npm ci`` installs exactly what one of them says.
_NPM_LOCKS = ("package-lock.json", "npm-shrinkwrap.json")
#: ``npm install`` options (without dashes) that mean the same to ``npm ci``. Any other
#: option (``--save``, ``--no-package-lock``, ``--package-lock-only``...) has no ``npm ci``
#: equivalent or is not known here: the fix is then not offered.
_CI_OPTIONS = frozenset(
    {
        *("omit", "include", "production", "only", "also", "ignore-scripts", "no-audit"),
        *("audit", "no-fund", "fund", "loglevel", "silent", "quiet", "verbose", "s", "q"),
        *("d", "dd", "ddd", "progress", "no-progress", "prefer-offline", "prefer-online"),
        *("offline", "legacy-peer-deps", "strict-peer-deps", "force", "registry", "cache"),
        *("prefix", "no-optional", "unsafe-perm", "no-update-notifier", "update-notifier"),
        *("foreground-scripts", "install-links", "workspace", "workspaces", "w", "color"),
        *("no-color", "userconfig", "install-strategy", "no-bin-links", "bin-links"),
        *("fetch-retries", "fetch-timeout", "maxsockets", "engine-strict", "script-shell"),
    }
)


def _is_lock(path: str) -> bool:
    return posixpath.basename(path) in _NPM_LOCKS


class NpmInstallWithLockFile(Rule):
    """`npm install` where a lock file is there and `npm ci` is meant.

    ## What it does
    Reports `npm install` (or `npm i`) without packages in a RUN whose directory holds an
    npm lock file (`package-lock.json` or `npm-shrinkwrap.json`) copied into the stage (or
    a stage it is built `FROM`): by a COPY/ADD source naming it, a wildcard matching its
    name (`package*.json`; when the build context is known, only if the wildcard takes a
    lock file from it), or a folder copy (`COPY . .`) that takes one from the build
    context. The RUN's directory is its WORKDIR, followed through `cd` and `--prefix`; it
    must be the folder the lock file lands in. Global installs (`npm install -g pkg`),
    installs of named packages (`npm install pkg@1.2.3`) and stages where no lock file is
    known are not reported.

    ## Why
    `npm install` resolves the version ranges of `package.json` again and may rewrite the
    lock file: two builds of the same commit can get different dependencies. `npm ci`
    installs exactly the locked versions, fails when `package.json` and the lock disagree,
    and is made for automated builds.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm install --omit=dev
    COPY . .
    CMD ["node", "server.js"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev
    COPY . .
    CMD ["node", "server.js"]
    ```

    ## Fix safety
    Unsafe: the fix replaces `install` (or `i`) with `ci` and keeps the options, which
    must all be ones `npm ci` takes the same way (`--omit=dev`, `--production`,
    `--ignore-scripts`, `--no-audit`, `--legacy-peer-deps`, `--registry`...). `npm ci`
    fails when the lock file is out of sync with `package.json` (the build breaks until
    it is regenerated), removes an existing `node_modules` before installing, and needs
    npm 5.7 or later (older images, such as Node.js 8.6, do not have it). No fix
    is offered for an option `npm ci` does not take the same way (`--save`,
    `--no-package-lock`...) or does not know, or when the word is inside a quoted
    `sh -c` script.
    """

    code = "DLX215"
    name = "npm-install-with-lock-file"
    category = "pinning"
    severity = Severity.WARNING
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage index: the folders a lock file was copied to.
        self.locks: dict[int, set[str]] = {}
        #: Per stage index: the folders ONBUILD COPY triggers copy a lock file to.
        self.trigger_locks: dict[int, set[str]] = {}

    def _folders(self, instruction: Instruction) -> set[str] | None:
        """The folders known to hold a lock file before ``instruction`` (for a trigger:
        those of the image and of the triggers before it)."""
        stage = self.model.stage_of(instruction)
        if stage is None:
            return None
        folders = self.locks.get(stage.index)
        if folders is None:
            parent = stage.parent
            inherited = self.locks.get(parent.index, set()) if parent is not None else set()
            folders = self.locks[stage.index] = set(inherited)
        if self.model.outer(instruction) is instruction:
            return folders
        return folders | self.trigger_locks.get(stage.index, set())

    def visit_copy(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        args = copy_args(self.model, instruction)
        if stage is None or args.dest is None or args.dest.text is None:
            return
        regular = self._folders(instruction)
        if self.model.outer(instruction) is not instruction or regular is None:
            folders = self.trigger_locks.setdefault(stage.index, set())
        else:
            folders = regular
        dest = posixpath.join(self.model.workdir_at(instruction), args.dest.text)
        several = len(args.sources) > 1
        for source in args.sources:
            text = source.text
            if text is None or source.heredoc or "://" in text:
                continue
            for inside in self._locks_taken(text, args.from_flag):
                # ``COPY package-lock.json /app`` copies into the folder /app, as usual
                target = posixpath.dirname(dest) if _is_lock(dest) and not several else dest
                folders.add(posixpath.normpath(posixpath.join(target, inside)))

    visit_add = visit_copy

    def _locks_taken(self, source: str, from_stage: bool) -> list[str]:
        """Where, relative to the destination, a source puts lock files: ``""`` (a lock
        file named or matched) or the folders of those a folder copy brings."""
        name = posixpath.basename(source.rstrip("/"))
        wildcard = any(c in name for c in "*?[")
        named = _is_lock(name) or (
            wildcard and any(fnmatch.fnmatchcase(lock, name) for lock in _NPM_LOCKS)
        )
        context = self.model.context
        if from_stage or context is None:
            return [""] if named else []
        match = copy_match(context, source)
        if match.matched_nothing or match.through_symlink:
            return [""] if named else []
        if named:
            return [""] if any(_is_lock(f) for f in match.included) else []
        base = match.path if not match.wildcard else ""
        found: list[str] = []
        for path in match.included:
            if _is_lock(path) and (not base or path.startswith(base + "/")):
                relative = path[len(base) + 1 :] if base else path
                found.append(posixpath.dirname(relative))
        return found

    def visit_run(self, instruction: Instruction) -> None:
        folders = self._folders(instruction)
        script = self.model.script(instruction)
        if not folders or script is None:
            return
        if not self._workdir_known(instruction):
            return
        for step in install_steps(script, self.model.workdir_at(instruction)):
            command = step.command
            sub = command.positionals[0] if command.positionals else None
            if step.tool != "npm" or sub is None or sub.value not in ("install", "i"):
                continue
            if step.directory is None or step.directory not in folders:
                continue
            name = command.name
            start = name.start if name is not None else sub.start
            self.report(
                (start, sub.end),
                f"npm {sub.value} with a lock file in {step.directory}: use npm ci, which "
                "installs exactly the locked versions and fails when package.json and the "
                "lock disagree",
                fix=self._fix(command, sub),
            )

    def _workdir_known(self, instruction: Instruction) -> bool:
        """No WORKDIR before the RUN (in its stage or those it is built on) uses a variable
        of unknown value (the model reads it as empty)."""
        model = self.model
        outer = model.outer(instruction)
        stage = model.stage_of(outer)
        for _ in model.stages:
            if stage is None:
                break
            for other in stage.instructions:
                if other is outer:
                    break
                if other.name == "WORKDIR":
                    text = "".join(a.code for a in other.arguments).strip()
                    if not model.expand(text, other).complete:
                        return False
            stage = stage.parent
        return True

    @staticmethod
    def _fix(command: Command, sub: ShellWord) -> Fix | None:
        if any(o.name not in _CI_OPTIONS for o in command.options):
            return None
        edit = replace_word(command, sub, "ci")
        if edit is None:
            return None
        return Fix("use npm ci", (edit,), Applicability.UNSAFE)


PINNING_RULES: tuple[type[Rule], ...] = (
    ImageWithoutTag,
    ImageLatestTag,
    ImageWithoutDigest,
    UntrustedRegistry,
    UnpinnedAptPackage,
    UnpinnedApkPackage,
    UnpinnedPipPackage,
    UnpinnedNpmPackage,
    UnpinnedGem,
    UnpinnedGoPackage,
    UnpinnedYumPackage,
    UnpinnedDnfPackage,
    UnpinnedZypperPackage,
    UnpinnedGitClone,
    NpmInstallWithLockFile,
)
