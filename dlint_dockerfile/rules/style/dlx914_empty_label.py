"""A label of the `label-schema` set to an empty value."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.style._shared import SchemaRule
from dlint_dockerfile.syntax import Instruction

__all__ = ["EmptyLabel"]


class EmptyLabel(SchemaRule):
    """A label of the `label-schema` set to an empty value.

    ## What it does
    Reports a schema label whose value is empty (`LABEL version=""`, or a variable without
    a value). Silent without a schema.

    ## Why
    An empty required label satisfies the schema in name only.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=""
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX914"
    name = "empty-label"
    aliases = ("DL3051",)
    category = "style"
    severity = Severity.WARNING

    def visit_label(self, instruction: Instruction) -> None:
        schema = self.schema()
        if not schema:
            return
        for node, key, value in self.values(instruction):
            if key in schema and value.complete and not value.text.strip():
                self.report(node, f"label '{key}' is empty; give it a value")
