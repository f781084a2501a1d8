"""Unit tests of the cache family's helpers (the rules themselves have YAML fixtures)."""

from __future__ import annotations

import pytest

from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.rules.cache.dlx105_volatile_arg_declared_early import volatile_arg
from dlint_dockerfile.shell import Script
from dlint_dockerfile.shell.installs import install_steps, is_manifest, maybe_installs
from dlint_dockerfile.syntax import parse


def _script(run: str) -> Script:
    model = DockerfileModel(parse(f"FROM scratch\nRUN {run}\n"))
    script = model.script(model.instructions[1])
    assert script is not None
    return script


@pytest.mark.parametrize(
    ("name", "default", "volatile"),
    [
        ("GIT_COMMIT", None, True),
        ("COMMIT", None, True),
        ("VCS_REF", None, True),
        ("BUILD_DATE", None, True),
        ("BUILD_NUMBER", "0", True),
        ("CACHE_BUST", "1", True),
        ("CACHEBUST", None, True),
        ("SHA", None, True),
        ("GIT_SHA", None, True),
        ("CI_COMMIT_SHA", None, True),
        ("VERSION", None, True),
        ("version", "0.0.0", True),
        ("APP_VERSION", None, True),
        ("REVISION", "unknown", True),
        ("NODE_VERSION", "22", False),
        ("PYTHON_VERSION", None, False),
        ("UPDATE_CHANNEL", None, False),
        ("NODE_SHA256", None, False),
        ("SHA", "b4880fb7a3d81edd190a029440cdf17f308621af68475a4fe976296e71ff4a4b", False),
        ("GOLANG_COMMIT", "'72aa6db7943024b48c4d41c1fbc32b57b9fa036e'", False),
    ],
)
def test_volatile_arg_names(name: str, default: str | None, volatile: bool) -> None:
    assert volatile_arg(name, default) is volatile


@pytest.mark.parametrize(
    ("source", "broad"),
    [
        (".", True),
        ("./", True),
        ("*", True),
        ("./*", True),
        ("src/", True),
        ("src", True),
        ("./app", True),
        ("src/*", True),
        ("package.json", False),
        ("package*.json", False),
        ("*.py", False),
        ("Gemfile", False),
        ("Makefile", False),
        ("LICENSE", False),
        ("requirements.txt", False),
    ],
)
def test_broad_sources_by_name(source: str, broad: bool) -> None:
    """Without a build context, the source's name says whether it copies the tree."""
    text = f"FROM node:22\nWORKDIR /app\nCOPY {source} ./\nRUN npm ci\n"
    codes = {d.code for d in lint_text(text, LintSettings.default()).diagnostics}
    assert ("DLX103" in codes) is broad


@pytest.mark.parametrize(
    ("run", "found"),
    [
        ("npm ci", ["npm ci"]),
        ("npm install --omit=dev", ["npm install"]),
        ("npm install -g pnpm", []),
        ("npm install express", []),
        ("yarn --frozen-lockfile", ["yarn"]),
        ("yarn global add serve", []),
        ("pnpm install --frozen-lockfile && pnpm fetch", ["pnpm install", "pnpm fetch"]),
        ("pip install --no-cache-dir -r requirements.txt", ["pip install -r requirements.txt"]),
        ("python3 -m pip install -r req.txt", ["pip install -r req.txt"]),
        ("uv pip install -r requirements.txt", ["pip install -r requirements.txt"]),
        ("pip install flask", []),
        ("pip install -e .", []),
        ("poetry install --no-root", ["poetry install"]),
        ("pipenv install --deploy --system", ["pipenv install"]),
        ("uv sync --frozen", ["uv sync"]),
        ("bundle install --jobs 4", ["bundle install"]),
        ("go mod download", ["go mod download"]),
        ("go build ./...", []),
        ("cargo build --release", ["cargo build"]),
        ("mvn -B dependency:go-offline", ["mvn dependency:go-offline"]),
        ("./mvnw clean package -DskipTests", ["mvnw package"]),
        ("mvn clean", []),
        ("./gradlew clean build", ["gradlew build"]),
        ("composer install --no-dev", ["composer install"]),
        ("gosu app bundle install", ["bundle install"]),
    ],
)
def test_install_steps(run: str, found: list[str]) -> None:
    assert [s.text for s in install_steps(_script(run), "/app")] == found


def test_install_step_directory_follows_cd_and_prefix() -> None:
    steps = install_steps(_script("cd web && npm ci && npm --prefix ../api ci"), "/app")
    assert [s.directory for s in steps] == ["/app/web", "/app/api"]


def test_prepare_command_for_build_steps() -> None:
    steps = install_steps(_script("cargo build && poetry install && mvn package"), "/app")
    assert [s.prepare for s in steps] == [
        "cargo fetch",
        "poetry install --no-root",
        "mvn dependency:go-offline",
    ]


@pytest.mark.parametrize(
    ("run", "installs"),
    [
        ("apt-get update", False),
        ("apt-get update && apt-get install -y curl", True),
        ("apt-get update && rm -rf /var/lib/apt/lists/*", False),
        ("apt-get update && xargs apt-get install -y < pkgs", True),
        ("apt-get update && ./setup.sh", True),
        ("apt-get update && curl -fsSL https://x | bash", True),
        ("apt-get update && $CMD", True),
        ("apt-get update && eatmydata apt-get install -y x", True),
        ("apt-get update && echo done", False),
        ("apt-get update && apt-get clean", False),
    ],
)
def test_maybe_installs(run: str, installs: bool) -> None:
    assert any(maybe_installs(c) for c in _script(run).all_commands()) is installs


def test_manifest_names() -> None:
    assert is_manifest("app/requirements-dev.txt")
    assert is_manifest("Cargo.lock")
    assert not is_manifest("src/main.rs")
