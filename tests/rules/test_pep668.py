"""DLX716: which base images have an externally-managed system Python, and how sure."""

from __future__ import annotations

import pytest

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.rules.shell.dlx716_pip_externally_managed import pep668_base


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("debian:12", True),
        ("debian:bookworm-slim", True),
        ("debian:trixie-20250811", True),
        ("debian", True),
        ("debian:stable-slim", True),
        ("debian:11", None),
        ("debian:bullseye", None),
        ("debian:oldstable", None),
        ("ubuntu:24.04", True),
        ("ubuntu:23.04", True),
        ("ubuntu:noble-20240423", True),
        ("ubuntu:22.04", None),
        ("ubuntu:jammy", None),
        ("alpine:3.19", True),
        ("alpine:3.20.3", True),
        ("alpine:edge", True),
        ("alpine:3.18", None),
        ("docker.io/library/debian:12", True),
        ("node:22-bookworm", False),
        ("golang:1.23-alpine3.20", False),
        ("golang:1.21-alpine3.18", None),
        ("python:3.12-bookworm", None),
        ("continuumio/miniconda3:24.7.1-0", None),
        ("myorg/debian:12", None),
    ],
)
def test_pep668_base(image: str, expected: bool | None) -> None:
    model = build_model(f"FROM {image}\n")
    assert pep668_base(model.stages[0]) is expected


@pytest.mark.parametrize(
    ("image", "severity"), [("debian:12", Severity.ERROR), ("node:22-bookworm", Severity.WARNING)]
)
def test_severity_says_how_sure(image: str, severity: Severity) -> None:
    registry = default_registry()
    rule = registry.get("DLX716")
    assert rule is not None
    text = f"FROM {image}\nRUN apt-get install -y python3-pip && pip install flask==3.0.3\n"
    found = lint_text(text, LintSettings((rule,), registry=registry)).diagnostics
    assert [d.severity for d in found] == [severity]
