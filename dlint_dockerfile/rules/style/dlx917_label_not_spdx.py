"""A `spdx` label of the `label-schema` whose value is not an SPDX license expression."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import LabelFormatRule, format_docs

__all__ = ["LabelNotSpdx"]


class LabelNotSpdx(LabelFormatRule):
    __doc__ = format_docs(
        "spdx",
        "org.opencontainers.image.licenses=Apache2",
        "org.opencontainers.image.licenses=Apache-2.0",
        "License scanners only understand SPDX identifiers.",
        "\n\n    Differences from hadolint: DL3054 accepts a single identifier only; dlint also"
        "\n    accepts SPDX expressions such as `MIT OR Apache-2.0`, which the OCI"
        "\n    `licenses` annotation is defined to hold.",
    )
    code = "DLX917"
    name = "label-not-spdx"
    aliases = ("DL3054",)
    category = "style"
    severity = Severity.WARNING
    label_type = "spdx"
