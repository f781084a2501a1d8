"""Which image runs a build image's artifacts: the data table `runtime_bases.toml`.

`runtime_base` maps a build image (``golang:1.19``) to its runtime base
(``debian:bookworm-slim``) with what the build image adds that the runtime lacks (its
WORKDIR, its PATH directories, its toolchain commands); a plain distribution image runs
its own artifacts. Overrides from the configuration come first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from dlint_dockerfile._record import record
from dlint_dockerfile._toml import toml
from dlint_dockerfile.model.reference import ImageReference

__all__ = ["BaseFacts", "Tables", "runtime_base", "tables"]

#: Distribution images: their artifacts run on the same image.
_DISTRIBUTIONS = frozenset(
    {
        "debian",
        "ubuntu",
        "alpine",
        "fedora",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "oraclelinux",
        "archlinux",
        "opensuse/leap",
        "opensuse/tumbleweed",
        "redhat/ubi8",
        "redhat/ubi9",
    }
)
_VERSION = re.compile(r"\d+(?:\.\d+)*")


@record
class BaseFacts:
    """What DLX609's rewrite knows of a build image (``runtime`` None: no runtime base,
    ``why`` says what is missing)."""

    runtime: str | None
    why: str = ""
    workdir: str = "/"
    path: tuple[str, ...] = ()
    toolchain: frozenset[str] = frozenset()

    @property
    def alpine(self) -> bool:
        """Whether the runtime base is Alpine (musl)."""
        return self.runtime is not None and self.runtime.partition(":")[0] == "alpine"


@record
class Tables:
    """The word lists of `runtime_bases.toml` (see its comments)."""

    build_only: frozenset[str]
    dev_runtime: Mapping[str, Mapping[str, str]]
    toolchain: frozenset[str]
    file_commands: frozenset[str]
    base_programs: frozenset[str]
    runtime_programs: Mapping[str, frozenset[str]]


@cache
def _data() -> dict[str, Any]:
    text = Path(__file__).with_name("runtime_bases.toml").read_text("utf-8")
    data: dict[str, Any] = toml().loads(text)
    return data


def _table() -> tuple[dict[str, Any], ...]:
    return tuple(_data()["image"])


@cache
def tables() -> Tables:
    """The package and program lists of the data file."""
    packages, programs = _data()["packages"], _data()["programs"]
    return Tables(
        frozenset(packages["build-only"].split()),
        packages["runtime"],
        frozenset(programs["toolchain"].split()),
        frozenset(programs["files"].split()),
        frozenset(programs["base"].split()),
        {start: frozenset(words.split()) for start, words in programs["runtime"].items()},
    )


def _version_key(text: str) -> tuple[int, ...]:
    match = _VERSION.match(text)
    return tuple(int(p) for p in match.group(0).split(".")) if match else ()


def _fill(entry: Mapping[str, Any], groups: dict[str, str | None], tag: str) -> BaseFacts:
    facts = BaseFacts(
        None,
        workdir=entry.get("workdir", "/"),
        path=tuple(entry.get("path", ())),
        toolchain=frozenset(entry.get("toolchain", ())),
    )
    codename = groups.get("codename")
    version = groups.get("version") or ""
    template: str = entry["runtime"]
    if codename is None and "{codename}" in template:
        for minimum, name in entry.get("default-codename", ()):
            if version and _version_key(version) >= _version_key(minimum):
                codename = name or None
                break
        if codename is None:
            return replace(facts, why="the tag does not say which Debian release it is built on")
    values = {key: value or "" for key, value in groups.items()}
    values["tag"] = tag
    values["codename"] = codename or ""
    for key in ("codename", "variant"):
        values[f"-{key}"] = f"-{values[key]}" if values.get(key) else ""
    runtime = template
    for key, value in values.items():
        runtime = runtime.replace("{" + key + "}", value)
    if template == "{tag}":
        runtime = f"{entry['repository']}:{tag}"
    return replace(facts, runtime=runtime)


def runtime_base(
    image: ImageReference, written: str, overrides: Mapping[str, str] | None = None
) -> BaseFacts:
    """The runtime base of the build image ``image`` (``written`` as the FROM spells it);
    an override (by ``name:tag``, name or the text written) replaces the table's runtime
    and keeps what it knows of the build image."""
    name = image.familiar_name
    tag = image.tag or "latest"
    facts = _known(image, written, name, tag)
    for key in (f"{name}:{tag}", name, written):
        if overrides and key in overrides:
            runtime = overrides[key]
            return replace(facts, runtime=runtime, why="")
    return facts


def _known(image: ImageReference, written: str, name: str, tag: str) -> BaseFacts:
    if image.registry == "docker.io" and name in _DISTRIBUTIONS:
        return BaseFacts(written)
    known = False
    for entry in _table():
        if image.registry != "docker.io" or entry["repository"] != name:
            continue
        known = True
        match = re.fullmatch(entry["tag"], tag)
        if match is not None:
            return _fill(entry, match.groupdict(), tag)
    if known:
        return BaseFacts(None, f'the table of runtime bases has no entry for the tag "{tag}"')
    return BaseFacts(None, f"{name} is not in the table of runtime bases")
