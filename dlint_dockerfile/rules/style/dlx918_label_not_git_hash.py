"""A `hash` label of the `label-schema` whose value is not a git commit hash."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import LabelFormatRule, format_docs

__all__ = ["LabelNotGitHash"]


class LabelNotGitHash(LabelFormatRule):
    __doc__ = format_docs(
        "hash",
        "org.opencontainers.image.revision=main",
        "org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567",
        "A branch name moves; the revision label should identify the exact commit.",
    )
    code = "DLX918"
    name = "label-not-git-hash"
    aliases = ("DL3055",)
    category = "style"
    severity = Severity.WARNING
    label_type = "hash"
