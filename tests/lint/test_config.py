"""Configuration: discovery, precedence, every source's translation, and exact errors."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dlint_dockerfile.lint.config import (
    Config,
    ConfigError,
    PerPath,
    clear_config_cache,
    config_for,
    find_config,
    load_config,
)
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lint.rule import Rule


class EveryRun(Rule):
    code = "DLX901"
    name = "every-run"
    aliases = ("EveryRunCheck",)
    category = "style"


class AptPin(Rule):
    code = "DLX902"
    name = "apt-pin"
    aliases = ("DL3008",)
    category = "pinning"
    settings: ClassVar[dict[str, Any]] = {"max-layers": 10, "allowed-users": ["root"]}


REGISTRY = Registry([EveryRun, AptPin])


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No per-user hadolint config and no cached discovery leak into a test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg"))
    clear_config_cache()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load(path: Path) -> Config:
    return load_config(path, REGISTRY)


def error_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load(path)
    return info.value


# -- discovery -----------------------------------------------------------------------------


def test_discovery_walks_up_to_the_nearest_config(tmp_path: Path) -> None:
    top = write(tmp_path / "proj" / ".dlint.yaml", "ignore: [DLX901]\n")
    nested = write(tmp_path / "proj" / "svc" / ".dlint.yml", "ignore: [DLX902]\n")
    dockerfile = write(tmp_path / "proj" / "svc" / "deep" / "er" / "Dockerfile", "FROM a\n")
    other = write(tmp_path / "proj" / "web" / "Dockerfile", "FROM a\n")
    assert find_config(dockerfile) == nested
    assert find_config(other) == top
    assert find_config(other.parent) == top  # a directory is its own start
    assert find_config(tmp_path / "elsewhere" / "Dockerfile") is None


def test_precedence_within_one_directory(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[tool.dlint]\nignore = []\n")
    dockerfile = tmp_path / "Dockerfile"
    assert find_config(dockerfile) == pyproject
    yml = write(tmp_path / ".dlint.yml", "{}\n")
    assert find_config(dockerfile) == yml
    yaml = write(tmp_path / ".dlint.yaml", "{}\n")
    assert find_config(dockerfile) == yaml


def test_pyproject_without_tool_dlint_does_not_count(tmp_path: Path) -> None:
    outer = write(tmp_path / ".dlint.yml", "{}\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nx = 1\n')
    write(tmp_path / "other" / "pyproject.toml", "[tool.dlintish]\nx = 1\n")
    assert find_config(tmp_path / "pkg" / "Dockerfile") == outer
    assert find_config(tmp_path / "other" / "Dockerfile") == outer


def test_broken_pyproject_that_names_tool_dlint_counts(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[tool.dlint]\nignore = [\n")
    assert find_config(tmp_path / "Dockerfile") == pyproject
    with pytest.raises(ConfigError) as info:
        config_for(tmp_path / "Dockerfile", REGISTRY)
    assert str(info.value) == f"{pyproject}:3:1: invalid TOML: Invalid value"


def test_any_dlint_config_on_the_walk_beats_a_nearer_hadolint_config(tmp_path: Path) -> None:
    dlint = write(tmp_path / ".dlint.yaml", "{}\n")
    write(tmp_path / "a" / ".hadolint.yaml", "ignored: [DL3008]\n")
    assert find_config(tmp_path / "a" / "b" / "Dockerfile") == dlint


def test_hadolint_fallback_walks_up_and_prefers_yaml(tmp_path: Path) -> None:
    yml = write(tmp_path / "a" / ".hadolint.yml", "ignored: []\n")
    assert find_config(tmp_path / "a" / "b" / "Dockerfile") == yml
    yaml = write(tmp_path / "a" / ".hadolint.yaml", "ignored: []\n")
    assert find_config(tmp_path / "a" / "b" / "Dockerfile") == yaml


def test_per_user_hadolint_configs_come_last(tmp_path: Path) -> None:
    dockerfile = tmp_path / "proj" / "Dockerfile"
    home = tmp_path / "home"
    dot_config = write(home / ".config" / "hadolint.yaml", "ignored: []\n")
    assert find_config(dockerfile) == dot_config
    xdg = write(home / "xdg" / "hadolint.yml", "ignored: []\n")
    assert find_config(dockerfile) == xdg
    project = write(tmp_path / "proj" / ".hadolint.yaml", "ignored: []\n")
    assert find_config(dockerfile) == project


def test_no_config_gives_the_defaults(tmp_path: Path) -> None:
    config = config_for(tmp_path / "Dockerfile", REGISTRY)
    assert config == Config()
    assert config.kind == "default"
    assert config.path is None
    assert config.select is None
    assert config.matching_overrides(tmp_path / "Dockerfile") == []


def test_config_for_caches_per_directory_and_file(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "ignore: [DLX901]\n")
    first = config_for(tmp_path / "a" / "Dockerfile", REGISTRY)
    path.unlink()
    assert config_for(tmp_path / "a" / "Dockerfile", REGISTRY) is first
    assert config_for(tmp_path / "b" / "Dockerfile", REGISTRY) is first  # same config file
    clear_config_cache()
    assert config_for(tmp_path / "a" / "Dockerfile", REGISTRY).kind == "default"


def test_config_for_caches_errors_too(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "selct: []\n")
    with pytest.raises(ConfigError):
        config_for(tmp_path / "Dockerfile", REGISTRY)
    path.write_text("select: []\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        config_for(tmp_path / "x" / "Dockerfile", REGISTRY)


# -- dlint's own schema --------------------------------------------------------------------


def test_dlint_yaml_every_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".dlint.yaml",
        """
        select: [ALL]
        extend-select: [pinning]
        ignore: [every-run, DLX90]
        severity:
          DLX901: error
          apt-pin: Info
        fail-level: warning
        context: ../build
        settings:
          trusted-registries: [docker.io, ghcr.io]
          label-schema: {maintainer: text, org.opencontainers.image.source: url}
          strict-labels: true
          disable-ignore-pragma: false
          max-layers: 12
          allowed-users: [app]
        per-path:
          - paths: ["legacy/**", "*.dev.Dockerfile"]
            ignore: [DLX902]
            extend-select: [style]
            severity: {EveryRunCheck: style}
        """,
    )
    config = load(path)
    assert config.kind == "dlint"
    assert config.path == path
    assert config.select == ("ALL",)
    assert config.extend_select == ("pinning",)
    assert config.ignore == ("every-run", "DLX90")
    assert config.severity == {"DLX901": Severity.ERROR, "apt-pin": Severity.INFO}
    assert config.fail_level is Severity.WARNING
    assert config.no_fail is False
    assert config.context == tmp_path.parent / "build"
    assert config.settings == {
        "trusted-registries": ("docker.io", "ghcr.io"),
        "label-schema": {"maintainer": "text", "org.opencontainers.image.source": "url"},
        "strict-labels": True,
        "disable-ignore-pragma": False,
        "max-layers": 12,
        "allowed-users": ("app",),
    }
    assert config.per_path == (
        PerPath(
            patterns=("legacy/**", "*.dev.Dockerfile"),
            ignore=("DLX902",),
            extend_select=("style",),
            severity={"EveryRunCheck": Severity.STYLE},
        ),
    )


def test_fail_level_none_means_never_fail(tmp_path: Path) -> None:
    config = load(write(tmp_path / ".dlint.yaml", "fail-level: none\n"))
    assert (config.fail_level, config.no_fail, config.fail_level_set) == (None, True, True)
    unset = load(write(tmp_path / "x.yaml", "select: []\n"))
    assert (unset.fail_level, unset.no_fail, unset.fail_level_set) == (None, False, False)


def test_empty_config_file_changes_nothing(tmp_path: Path) -> None:
    config = load(write(tmp_path / ".dlint.yaml", "# nothing yet\n"))
    assert config == Config(path=tmp_path / ".dlint.yaml", kind="dlint")


def test_pyproject_tool_dlint(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "demo"

        [tool.dlint]
        select = ["DLX9"]
        ignore = ["DL3008"]
        fail-level = "error"

        [tool.dlint.severity]
        every-run = "warning"

        [tool.dlint.settings]
        trusted-registries = ["docker.io"]
        label-schema = { maintainer = "email" }

        [[tool.dlint.per-path]]
        paths = ["ci/**"]
        ignore = ["style"]
        """,
    )
    config = load(path)
    assert config.kind == "pyproject"
    assert config.select == ("DLX9",)
    assert config.ignore == ("DL3008",)
    assert config.fail_level is Severity.ERROR
    assert config.severity == {"every-run": Severity.WARNING}
    assert config.settings == {
        "trusted-registries": ("docker.io",),
        "label-schema": {"maintainer": "email"},
    }
    assert config.per_path == (PerPath(("ci/**",), ignore=("style",)),)


def test_foreign_codes_are_accepted_and_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".dlint.yaml",
        """
        ignore: [DL3059, JSONArgsRecommended, sc2086, DL1001]
        severity: {DL4006: error, UndefinedVar: info}
        """,
    )
    config = load(path)
    assert config.ignore == ("DL3059", "JSONArgsRecommended", "sc2086", "DL1001")
    assert config.severity == {"DL4006": Severity.ERROR, "UndefinedVar": Severity.INFO}


# -- explicit --config ---------------------------------------------------------------------


def test_explicit_config_wins_and_its_kind_follows_its_name(tmp_path: Path) -> None:
    write(tmp_path / ".dlint.yaml", "ignore: [DLX901]\n")
    dockerfile = tmp_path / "Dockerfile"
    custom = write(tmp_path / "ci" / "lint-config.yaml", "ignore: [DLX902]\n")
    assert config_for(dockerfile, REGISTRY, explicit=custom).ignore == ("DLX902",)
    hadolint = write(tmp_path / "ci" / ".hadolint.yaml", "ignored: [DL3007]\n")
    explicit = config_for(dockerfile, REGISTRY, explicit=hadolint)
    assert (explicit.kind, explicit.ignore) == ("hadolint", ("DL3007",))
    toml = write(tmp_path / "ci" / "pyproject.toml", '[tool.dlint]\nignore = ["DL3006"]\n')
    assert config_for(dockerfile, REGISTRY, explicit=toml).kind == "pyproject"
    assert config_for(dockerfile, REGISTRY).ignore == ("DLX901",)


def test_explicit_pyproject_needs_a_tool_dlint_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert str(error_of(path)) == f"{path}:1:1: no [tool.dlint] table"


def test_explicit_config_relative_paths_use_its_directory(tmp_path: Path) -> None:
    path = write(
        tmp_path / "ci" / "dlint.yaml",
        """
        context: ..
        per-path:
          - paths: [legacy/**]
            ignore: [DLX901]
        """,
    )
    config = load_config(path, REGISTRY)
    assert config.context == tmp_path
    assert config.matching_overrides(tmp_path / "ci" / "legacy" / "Dockerfile")
    assert not config.matching_overrides(tmp_path / "legacy" / "Dockerfile")


# -- hadolint translation ------------------------------------------------------------------


def test_hadolint_every_key_translated(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".hadolint.yaml",
        """
        ignored:
          - DL3000
          - SC1010
          - DL3008
        override:
          error: [DL3001, DL3002]
          warning: [DL3042]
          info: [DL3032]
          style: [DL3015]
        trustedRegistries:
          - docker.io
          - "*.gcr.io"
        failure-threshold: warning
        label-schema:
          author: text
          contact: email
          created: rfc3339
          version: semver
          documentation: url
          git-revision: hash
          license: spdx
        strict-labels: true
        disable-ignore-pragma: true
        no-fail: false
        no-color: true
        format: json
        verbose: false
        """,
    )
    config = load(path)
    assert config.kind == "hadolint"
    assert config.select is None
    assert config.ignore == ("DL3000", "SC1010", "DL3008")
    assert config.severity == {
        "DL3001": Severity.ERROR,
        "DL3002": Severity.ERROR,
        "DL3042": Severity.WARNING,
        "DL3032": Severity.INFO,
        "DL3015": Severity.STYLE,
    }
    assert config.fail_level is Severity.WARNING
    assert config.no_fail is False
    assert config.settings == {
        "trusted-registries": ("docker.io", "*.gcr.io"),
        "label-schema": {
            "author": "text",
            "contact": "email",
            "created": "rfc3339",
            "version": "semver",
            "documentation": "url",
            "git-revision": "hash",
            "license": "spdx",
        },
        "strict-labels": True,
        "disable-ignore-pragma": True,
    }


@pytest.mark.parametrize(
    ("text", "fail_level", "no_fail"),
    [
        ("failure-threshold: ignore\n", None, True),
        ("failure-threshold: none\n", None, True),
        ("failure-threshold: style\n", Severity.STYLE, False),
        ("failure-threshold: error\nno-fail: true\n", None, True),
        ("no-fail: true\n", None, True),
    ],
)
def test_hadolint_failure_settings(
    tmp_path: Path, text: str, fail_level: Severity | None, no_fail: bool
) -> None:
    config = load(write(tmp_path / ".hadolint.yml", text))
    assert (config.fail_level, config.no_fail) == (fail_level, no_fail)
    assert config.fail_level_set is True


def test_hadolint_single_trusted_registry_and_empty_keys(tmp_path: Path) -> None:
    config = load(write(tmp_path / ".hadolint.yaml", "trustedRegistries: my.co:5000\nignored:\n"))
    assert config.settings == {"trusted-registries": ("my.co:5000",)}
    assert config.ignore == ()


def test_hadolint_unknown_key_and_level(tmp_path: Path) -> None:
    path = write(tmp_path / ".hadolint.yaml", "override:\n  warn: [DL3008]\n")
    assert str(error_of(path)) == (
        f"{path}:2:3: unknown key 'warn' in 'override' (did you mean 'warning'?)"
    )
    path = write(tmp_path / ".hadolint.yaml", "# hadolint\nignore: [DL3008]\n")
    error = error_of(path)
    assert str(error) == f"{path}:2:1: unknown key 'ignore' (did you mean 'ignored'?)"
    assert (error.line, error.column, error.key) == (2, 1, "ignore")


# -- per-path globs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "relative", "expected"),
    [
        ("legacy/**", "legacy/Dockerfile", True),
        ("legacy/**", "legacy/a/b/Dockerfile", True),
        ("legacy/**", "src/legacy/Dockerfile", False),
        ("legacy", "legacy/a/Dockerfile", True),
        ("legacy", "src/legacy/Dockerfile", True),
        ("/legacy", "src/legacy/Dockerfile", False),
        ("legacy/", "legacy", False),
        ("legacy/", "legacy/Dockerfile", True),
        ("*.dev.Dockerfile", "app.dev.Dockerfile", True),
        ("*.dev.Dockerfile", "svc/a/app.dev.Dockerfile", True),
        ("*.dev.Dockerfile", "app.Dockerfile", False),
        ("svc/*/Dockerfile", "svc/a/Dockerfile", True),
        ("svc/*/Dockerfile", "svc/a/b/Dockerfile", False),
        ("svc/**/Dockerfile", "svc/Dockerfile", True),
        ("svc/**/Dockerfile", "svc/a/b/Dockerfile", True),
        ("**/ci/*.Dockerfile", "x/y/ci/test.Dockerfile", True),
        ("./docker/Dockerfile.?", "docker/Dockerfile.a", True),
        ("docker/Dockerfile.[ab]", "docker/Dockerfile.b", True),
        ("docker/Dockerfile.[!ab]", "docker/Dockerfile.b", False),
        ("Dockerfile", "a/b/Dockerfile", True),
        ("a/Dockerfile", "b/a/Dockerfile", False),
    ],
)
def test_per_path_globs(pattern: str, relative: str, expected: bool) -> None:
    assert PerPath((pattern,)).matches(relative) is expected


def test_matching_overrides_in_config_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".dlint.yaml",
        """
        per-path:
          - paths: ["**"]
            ignore: [DLX901]
          - paths: ["legacy/**", "*.dev.Dockerfile"]
            severity: {DLX902: style}
          - paths: ["svc/*/Dockerfile"]
            extend-select: [apt-pin]
        """,
    )
    config = load(path)
    every, legacy, svc = config.per_path
    assert config.matching_overrides(tmp_path / "legacy" / "x" / "Dockerfile") == [every, legacy]
    assert config.matching_overrides(tmp_path / "a" / "b.dev.Dockerfile") == [every, legacy]
    assert config.matching_overrides(tmp_path / "svc" / "api" / "Dockerfile") == [every, svc]
    assert config.matching_overrides(tmp_path / "Dockerfile") == [every]
    # outside the config's tree only name patterns can match
    assert config.matching_overrides(tmp_path.parent / "w.dev.Dockerfile") == [every, legacy]


# -- errors --------------------------------------------------------------------------------


def test_unknown_top_level_key_with_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "ignore: []\nselct: [ALL]\n")
    error = error_of(path)
    assert str(error) == f"{path}:2:1: unknown key 'selct' (did you mean 'select'?)"
    assert (error.path, error.line, error.column, error.key) == (path, 2, 1, "selct")
    assert error.message == "unknown key 'selct' (did you mean 'select'?)"


def test_unknown_key_without_a_close_match(tmp_path: Path) -> None:
    path = tmp_path / ".dlint.yaml"
    path.write_text("  zzz: 1\n", encoding="utf-8")
    assert str(error_of(path)) == f"{path}:1:3: unknown key 'zzz'"


def test_unknown_nested_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".dlint.yaml",
        """
        settings:
          trusted-registry: [docker.io]
        """,
    )
    error = error_of(path)
    assert str(error) == (
        f"{path}:2:3: unknown key 'trusted-registry' in 'settings' "
        "(did you mean 'trusted-registries'?)"
    )
    assert error.key == "settings.trusted-registry"
    path = write(
        tmp_path / ".dlint.yaml",
        """
        per-path:
          - paths: [a]
          - paths: [b]
            ignroe: [DLX901]
        """,
    )
    error = error_of(path)
    assert str(error) == (
        f"{path}:4:5: unknown key 'ignroe' in 'per-path[1]' (did you mean 'ignore'?)"
    )
    assert error.key == "per-path[1].ignroe"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("select: DLX901\n", "1:9", "'select' must be a list of rule selectors, got string"),
        (
            "ignore: [DLX901, 5]\n",
            "1:18",
            "'ignore[1]' must be a rule selector (string), got integer",
        ),
        ("severity: [DLX901]\n", "1:11", "'severity' must be a mapping, got list"),
        ("context: 3\n", "1:10", "'context' must be a string, got integer"),
        (
            "settings:\n  strict-labels: 'yes'\n",
            "2:18",
            "'settings.strict-labels' must be true or false, got string",
        ),
        (
            "settings:\n  max-layers: true\n",
            "2:15",
            "'settings.max-layers' must be an integer, got boolean",
        ),
        ("per-path: {paths: [a]}\n", "1:11", "'per-path' must be a list of mappings, got mapping"),
        ("per-path:\n  - ignore: [DLX901]\n", "2:5", "per-path entry needs 'paths'"),
        ("per-path:\n  - paths: []\n", "2:5", "per-path entry needs a non-empty 'paths'"),
        ("- select\n", "1:1", "the top level must be a mapping, got list"),
        ("select:\n", "1:1", "'select' must be a list of rule selectors, got null"),
        ("1: x\n", "1:1", "keys must be strings, got integer"),
    ],
)
def test_wrong_types(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = write(tmp_path / ".dlint.yaml", text)
    assert str(error_of(path)) == f"{path}:{where}: {message}"


def test_bad_severities(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "severity:\n  DLX901: warn\n")
    error = error_of(path)
    assert str(error) == f"{path}:2:11: invalid severity 'warn' (did you mean 'warning'?)"
    assert error.key == "severity.DLX901"
    path = write(tmp_path / ".dlint.yaml", "fail-level: fatal\n")
    assert str(error_of(path)) == (
        f"{path}:1:13: invalid severity 'fatal' (expected one of error, warning, info, style, none)"
    )
    path = write(tmp_path / ".hadolint.yaml", "failure-threshold: ignor\n")
    assert str(error_of(path)) == f"{path}:1:20: invalid severity 'ignor' (did you mean 'ignore'?)"


def test_bad_label_type(tmp_path: Path) -> None:
    path = write(tmp_path / ".hadolint.yaml", "label-schema:\n  homepage: uri\n")
    assert str(error_of(path)) == (
        f"{path}:2:13: unknown label type 'uri' for 'homepage' (did you mean 'url'?)"
    )


def test_unknown_selectors_with_suggestions(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "select: [ALL]\nignore: [every-rum]\n")
    error = error_of(path)
    assert (
        str(error) == f"{path}:2:10: unknown rule selector 'every-rum' (did you mean 'every-run'?)"
    )
    assert error.key == "ignore[0]"
    path = write(tmp_path / ".dlint.yaml", "severity:\n  DLX9O1: error\n")
    assert str(error_of(path)) == (
        f"{path}:2:3: unknown rule selector 'DLX9O1' (did you mean 'DLX901'?)"
    )
    path = write(tmp_path / ".dlint.yaml", "extend-select:\n  - DL30088\n")
    assert str(error_of(path)) == (
        f"{path}:2:5: unknown rule selector 'DL30088' (did you mean 'DL3008'?)"
    )
    path = write(tmp_path / ".dlint.yaml", "ignore: [qqqqqq]\n")
    assert str(error_of(path)) == f"{path}:1:10: unknown rule selector 'qqqqqq'"


def test_yaml_syntax_errors(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "select: [ALL\nignore: []\n")
    error = error_of(path)
    assert (error.line, error.column) == (2, 7)
    assert str(error).startswith(f"{path}:2:7: invalid YAML: ")
    assert "while parsing a flow sequence" in error.message
    path = write(tmp_path / ".dlint.yaml", "ignore: []\nselect: []\nignore: [DLX901]\n")
    error = error_of(path)
    assert (error.line, error.column) == (3, 1)
    assert "duplicate key" in error.message


def test_toml_syntax_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.dlint]\nselect = ["ALL"\nx = 1\n')
    assert str(error_of(path)) == f"{path}:3:1: invalid TOML: Unclosed array"
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.dlint]\nselect = ", encoding="utf-8")
    assert str(error_of(path)) == f"{path}:2:10: invalid TOML: Invalid value"


def test_toml_errors_point_at_the_key_or_item(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """
        [tool.ruff]
        line-length = 100

        [tool.dlint]
        select = ["ALL"]
        ignore = [
            "DLX901",  # fine
            "every-rum",
        ]
        """,
    )
    assert str(error_of(path)) == (
        f"{path}:8:5: unknown rule selector 'every-rum' (did you mean 'every-run'?)"
    )
    path = write(
        tmp_path / "pyproject.toml",
        """
        [tool.dlint]
        ignore = []

        [tool.dlint.settings]
        label-schema = { maintainer = "txt" }
        strict_labels = true
        """,
    )
    assert str(error_of(path)) == (
        f"{path}:5:31: unknown label type 'txt' for 'maintainer' (did you mean 'text'?)"
    )
    path.write_text(path.read_text().replace('"txt"', '"text"'), encoding="utf-8")
    assert str(error_of(path)) == (
        f"{path}:6:1: unknown key 'strict_labels' in 'settings' (did you mean 'strict-labels'?)"
    )
    path = write(
        tmp_path / "pyproject.toml",
        """
        [tool.dlint]
        fail-level = "warn"

        [[tool.dlint.per-path]]
        paths = ["a"]

        [[tool.dlint.per-path]]
        paths = ["b"]
        severity = { DLX901 = "loud" }
        """,
    )
    assert str(error_of(path)) == f"{path}:2:14: invalid severity 'warn' (did you mean 'warning'?)"
    path.write_text(path.read_text().replace('"warn"', '"warning"'), encoding="utf-8")
    error = error_of(path)
    assert str(error).startswith(f"{path}:9:23: invalid severity 'loud'")
    assert error.key == "per-path[1].severity.DLX901"
    path = write(tmp_path / "pyproject.toml", "[tool]\ndlint = 3\n")
    assert str(error_of(path)) == f"{path}:2:9: the top level must be a mapping, got integer"


def test_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.yaml"
    assert str(error_of(missing)) == (
        f"{missing}:1:1: cannot read config file: No such file or directory"
    )
    directory = tmp_path / "dir.yaml"
    directory.mkdir()
    assert str(error_of(directory)) == f"{directory}:1:1: cannot read config file: Is a directory"
    path = write(tmp_path / ".dlint.yaml", "select: [ALL]\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ConfigError) as info:
        config_for(tmp_path / "Dockerfile", REGISTRY)
    assert str(info.value) == f"{path}:1:1: cannot read config file: Permission denied"


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / ".dlint.yaml"
    path.write_bytes(b"select: [ALL]\nignore: [\xff]\n")
    assert str(error_of(path)) == f"{path}:2:10: config file is not valid UTF-8"


def test_config_error_survives_pickling(tmp_path: Path) -> None:
    error = ConfigError(tmp_path / "x.yaml", 3, 4, "boom", "select")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.line, copy.column, copy.key) == (str(error), 3, 4, "select")


class _FakeRegistry:
    """The smallest registry: knows one code; its error carries a suggestion."""

    class Unknown(Exception):
        def __init__(self, suggestion: str | None) -> None:
            super().__init__(suggestion)
            self.suggestion = suggestion

    def resolve(self, selector: str) -> list[str]:
        if selector.upper() == "X100":
            return ["X100"]
        raise self.Unknown("X100" if selector.upper().startswith("X") else None)


def test_any_registry_with_the_protocol_works(tmp_path: Path) -> None:
    path = write(tmp_path / ".dlint.yaml", "ignore: [X100, DL3008, X10]\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, _FakeRegistry())
    assert str(info.value) == f"{path}:1:24: unknown rule selector 'X10' (did you mean 'X100'?)"
