"""Unit tests of the layers family helpers (package commands, cache places)."""

from __future__ import annotations

import pytest

from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.model.layer_caches import analyse
from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.model.package_caches import RunContext
from dlint_dockerfile.shell.packages import package_commands, package_name


def _run(text: str) -> tuple[RunContext, list[str]]:
    model = build_model(text)
    run = [i for i in model.instructions if i.name == "RUN"][-1]
    script = model.script(run)
    assert script is not None
    return RunContext(model, run), [f"{p.family}:{p.action}" for p in package_commands(script)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("apt-get -o Dpkg::Options::=--force-confold install -y curl", ["apt:install"]),
        ("sudo apt update", ["apt:update"]),
        ("python3 -m pip install flask", ["pip:install"]),
        ("python -u -mpip install flask", ["pip:install"]),
        ("python setup.py install", []),
        ("pip3.12 install -r req.txt", ["pip:install"]),
        ("/usr/local/bin/pip cache purge", ["pip:cache purge"]),
        ("yarn --frozen-lockfile", ["yarn:None"]),
        ("yarn global add pm2", ["yarn:global add"]),
        ("dnf module install -y nodejs:20", ["dnf:module install"]),
        ("pipx install black", []),
    ],
)
def test_package_commands(line: str, expected: list[str]) -> None:
    _, found = _run(f"FROM x\nRUN {line}\n")
    assert found == expected


def test_package_name_strips_versions() -> None:
    model = build_model("FROM x\nRUN pip install 'flask>=3' curl=8.5 $PKG\n")
    run = model.instructions[-1]
    script = model.script(run)
    assert script is not None
    words = package_commands(script)[0].packages
    assert [package_name(w) for w in words] == ["flask", "curl", None]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("RUN pip install flask", True),
        ("RUN pip install flask && rm -rf ~/.cache", False),
        ("RUN --mount=type=cache,target=/home/app/.cache/pip pip install flask", False),
        ("ENV PIP_CACHE_DIR=/pc\nRUN --mount=type=cache,target=/pc pip install flask", False),
        ("ENV PIP_NO_CACHE_DIR=false\nRUN pip install flask", False),
        ("RUN rm -rf /root/.cache/pip && pip install flask", True),
    ],
)
def test_pip_cache_left(text: str, left: bool) -> None:
    ctx, _ = _run(f"FROM python\n{text}\n")
    script = ctx.model.script(ctx.instruction)
    assert script is not None
    (producer,) = analyse(ctx, script).producers
    assert producer.left is left


def test_cache_places_follow_each_runs_home_and_variables() -> None:
    """Places are shared between RUNs with the same home and variables, never beyond."""
    model = build_model(
        "FROM x\nRUN true\nUSER app\nRUN true\nENV PIP_CACHE_DIR=/pc\nRUN true\n"
        "ENV XDG_CACHE_HOME=relative\nRUN rm -rf /pc /home/app/.cache/yarn /tmp/x\n"
    )
    runs = [RunContext(model, i) for i in model.instructions if i.name == "RUN"]
    assert [r.cache_paths("pip") for r in runs] == [
        ("/root/.cache/pip", "/root/.cache/pip"),
        ("/home/app/.cache/pip", "/root/.cache/pip"),
        ("/home/app/.cache/pip", "/root/.cache/pip", "/pc"),
        ("/home/app/.cache/pip", "/root/.cache/pip", "/pc"),
    ]
    assert runs[0].cache_paths("pip", ("/extra",))[0] == "/extra"
    assert runs[0].cache_paths("apt-lists") == ("/var/lib/apt/lists",)
    script = model.script(runs[-1].instruction)
    assert script is not None
    (rm,) = script.commands
    assert runs[-1].removed_kinds(rm) == {"pip", "yarn"}
    assert {k for k in ("pip", "yarn", "npm") if runs[-1].removes(rm, k)} == {"pip", "yarn"}


def test_home_follows_user() -> None:
    ctx, _ = _run("FROM x\nUSER app:app\nRUN true\n")
    assert ctx.home == "/home/app"
    assert ctx.resolve("~/.cache") == "/home/app/.cache"
    assert ctx.resolve("$UNKNOWN/x") is None


@pytest.mark.parametrize(
    ("name", "other", "before"),
    [
        ("curl", "git", True),
        ("python3-pip", "python3.12-dev", False),  # byte order only
        ("python3.12-dev", "python3-pip", False),  # punctuation-free order only
        ("libssl-dev", "libssl3", False),
        ("git", "curl", False),
    ],
)
def test_sort_order_accepts_both_habits(name: str, other: str, before: bool) -> None:
    """``name`` listed after ``other`` is out of order only when it sorts before it both ways."""
    text = f"FROM debian:12\nRUN apt-get install -y \\\n    {other} \\\n    {name}\n"
    codes = {d.code for d in lint_text(text, LintSettings.default()).diagnostics}
    assert ("DLX312" in codes) is before
