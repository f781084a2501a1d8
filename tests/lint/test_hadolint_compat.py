"""A realistic ``.hadolint.yaml`` gives the same selection and severities in dlint."""

from __future__ import annotations

from pathlib import Path

from dlint_dockerfile.lint.config import config_for
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import lint_text
from dlint_dockerfile.lint.selection import CommandLineSelection, resolve_settings

HADOLINT_YAML = """\
failure-threshold: warning
ignored:
  - DL3008
  - DL3059
override:
  error:
    - DL3006
  info:
    - DL3018
trustedRegistries:
  - docker.io
  - ghcr.io
"""

DOCKERFILE = """\
FROM ubuntu
FROM quay.io/org/tool:1.0 AS tool
RUN apt-get update && apt-get install -y curl
RUN echo a
RUN apk add --no-cache git
"""


def test_hadolint_config_is_honoured(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text(HADOLINT_YAML, encoding="utf-8")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(DOCKERFILE, encoding="utf-8")
    registry = default_registry()
    config = config_for(dockerfile, registry)
    assert config is not None and config.kind == "hadolint"
    assert config.fail_level == Severity.WARNING
    settings = resolve_settings(registry, config, CommandLineSelection(), dockerfile)
    selected = {rule.code for rule in settings.rules}
    for alias in ("DL3008", "DL3059"):  # ignored
        rule = registry.get(alias)
        assert rule is not None and rule.code not in selected
    base = registry.get("DL3006")
    apk = registry.get("DL3018")
    assert base is not None and apk is not None
    assert settings.severities[base.code] == Severity.ERROR
    assert settings.severities[apk.code] == Severity.INFO
    assert tuple(settings.settings["trusted-registries"]) == ("docker.io", "ghcr.io")

    result = lint_text(DOCKERFILE, settings, file_path=dockerfile)
    found = {(d.code, d.severity, d.range.start.line) for d in result.diagnostics}
    assert (base.code, Severity.ERROR, 1) in found  # DL3006 overridden to error
    registry_rule = registry.get("DL3026")
    assert registry_rule is not None
    assert any(d.code == registry_rule.code and d.range.start.line == 2 for d in result.diagnostics)
    assert not any(d.code == registry.get("DL3008").code for d in result.diagnostics)  # type: ignore[union-attr]
    assert (apk.code, Severity.INFO, 5) in found


def test_disable_ignore_pragma_is_honoured(tmp_path: Path) -> None:
    """hadolint's ``disable-ignore-pragma: true`` makes its inline pragmas count for
    nothing; dlint accepted the key and kept honouring them (issue 18, a silent skip)."""
    text = "FROM ubuntu\nRUN true\n# hadolint ignore=DL3006\nFROM debian\nCOPY --from=0 / /\n"
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(text, encoding="utf-8")
    registry = default_registry()
    codes = []
    for disabled in (False, True):
        (tmp_path / ".hadolint.yaml").write_text(
            f"disable-ignore-pragma: {str(disabled).lower()}\n", encoding="utf-8"
        )
        from dlint_dockerfile.lint.config import clear_config_cache

        clear_config_cache()
        config = config_for(dockerfile, registry)
        settings = resolve_settings(registry, config, CommandLineSelection(), dockerfile)
        result = lint_text(text, settings, file_path=dockerfile)
        codes.append([(d.code, d.range.start.line) for d in result.diagnostics])
    unpinned = [(c, line) for c, line in codes[1] if c == "DLX201"]
    assert [(c, line) for c, line in codes[0] if c == "DLX201"] == [("DLX201", 1)]
    assert unpinned == [("DLX201", 1), ("DLX201", 4)]
