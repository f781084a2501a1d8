"""A `semver` label of the `label-schema` whose value is not a semantic version."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import LabelFormatRule, format_docs

__all__ = ["LabelNotSemver"]


class LabelNotSemver(LabelFormatRule):
    __doc__ = format_docs(
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
