"""A `url` label of the `label-schema` whose value is not a URL."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import LabelFormatRule, format_docs

__all__ = ["LabelNotUrl"]


class LabelNotUrl(LabelFormatRule):
    __doc__ = format_docs(
        "url",
        "org.opencontainers.image.source=github.com/example/app",
        "org.opencontainers.image.source=https://github.com/example/app",
        "Tools link to the URL; without a scheme it is not a link.",
    )
    code = "DLX915"
    name = "label-not-url"
    aliases = ("DL3052",)
    category = "style"
    severity = Severity.WARNING
    label_type = "url"
