"""A `rfc3339` label of the `label-schema` whose value is not an RFC 3339 date-time."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import LabelFormatRule, format_docs

__all__ = ["LabelNotRfc3339"]


class LabelNotRfc3339(LabelFormatRule):
    __doc__ = format_docs(
        "rfc3339",
        "org.opencontainers.image.created=2024-05-01",
        "org.opencontainers.image.created=2024-05-01T12:00:00Z",
        "OCI annotations and registries parse the date-time; a partial date is rejected.",
        "\n\n    Like hadolint, a full date-time with `T` and a time zone is required.",
    )
    code = "DLX916"
    name = "label-not-rfc3339"
    aliases = ("DL3053",)
    category = "style"
    severity = Severity.WARNING
    label_type = "rfc3339"
