"""An `email` label of the `label-schema` whose value is not an e-mail address."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import LabelFormatRule, format_docs

__all__ = ["LabelNotEmail"]


class LabelNotEmail(LabelFormatRule):
    __doc__ = format_docs(
        "email",
        "org.opencontainers.image.authors=dev-at-example.com",
        "org.opencontainers.image.authors=dev@example.com",
        "Contact tooling needs an address it can write to.",
        "\n\n    Differences from hadolint: `Name <name@example.com>` is accepted too (RFC 5322"
        "\n    name-addr); DL3058 rejects it.",
    )
    code = "DLX920"
    name = "label-not-email"
    aliases = ("DL3058",)
    category = "style"
    severity = Severity.WARNING
    label_type = "email"
