"""A LABEL key that breaks Docker's key conventions."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.labels import label_key_problem, label_pairs
from dlint_dockerfile.syntax import Instruction

__all__ = ["InvalidLabelKey"]


class InvalidLabelKey(Rule):
    """A LABEL key that breaks Docker's key conventions.

    ## What it does
    Reports label keys with upper-case letters or characters other than letters, digits,
    `.`, `-` and `_`, keys not starting with a letter or not ending with a letter or digit,
    repeated `..`/`--`, and the namespaces reserved for Docker (`com.docker.*`,
    `io.docker.*`, `org.dockerproject.*`), like hadolint's DL3048.

    ## Why
    Docker recommends reverse-DNS, lower-case keys; tools that read labels (registries,
    Kubernetes, OCI annotations) expect them and ignore or reject others.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL Maintainer=me@example.com
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.authors=me@example.com
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX911"
    name = "invalid-label-key"
    aliases = ("DL3048",)
    category = "style"
    severity = Severity.STYLE

    def visit_label(self, instruction: Instruction) -> None:
        for node, raw, _ in label_pairs(instruction):
            key = self.model.expand(raw, instruction)
            if not key.complete or not key.text:
                continue
            problem = label_key_problem(key.text)
            if problem:
                self.report(node, f"label key '{key.text}' {problem}")
