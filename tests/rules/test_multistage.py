"""Unit tests of the multistage family's helpers (the rules themselves are in fixtures)."""

from __future__ import annotations

import pytest

from dlint_dockerfile.model.build_steps import build_step, dev_package
from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.shell import Command
from dlint_dockerfile.shell.packages import package_commands


def _first_command(script_text: str) -> Command:
    model = build_model(f"FROM alpine\nRUN {script_text}\n")
    script = model.script(model.instructions[1])
    assert script is not None
    return script.commands[0].unwrapped()


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("go build ./...", "go build"),
        ("cargo install --path .", "cargo install"),
        ("npm run build", "npm run build"),
        ("yarn build", "yarn build"),
        ("pnpm run build:prod", "pnpm run build:prod"),
        ("mvn -B package", "mvn package"),
        ("./gradlew bootJar", "gradle bootJar"),
        ("make -j4", "make"),
        ("dotnet publish -c Release", "dotnet publish"),
        ("pip wheel -w /wheels .", "pip wheel"),
        ("python3 -m pip wheel -w /wheels .", "pip wheel"),
        ("npm ci", None),
        ("go version", None),
        ("mvn -v", None),
    ],
)
def testbuild_step(text: str, step: str | None) -> None:
    assert build_step(_first_command(text)) == step


@pytest.mark.parametrize(
    ("text", "package"),
    [
        ("apt-get install -y build-essential", "build-essential"),
        ("apk add --no-cache curl libffi-dev", "libffi-dev"),
        ("dnf install -y zlib-devel", "zlib-devel"),
        ("apk add gcc=13.2.1-r0", "gcc=13.2.1-r0"),
        ("apt-get install -y curl udev", None),
        ("apk del build-base", None),
    ],
)
def testdev_package(text: str, package: str | None) -> None:
    model = build_model(f"FROM alpine\nRUN {text}\n")
    script = model.script(model.instructions[1])
    assert script is not None
    (command,) = package_commands(script)
    found = dev_package(command)
    assert (found[0] if found else None) == package
