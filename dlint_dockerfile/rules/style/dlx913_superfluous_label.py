"""A label not in the `label-schema`, with `strict-labels` on."""

from __future__ import annotations

from typing import Any, ClassVar

from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.model.labels import image_labels
from dlint_dockerfile.rules.style._shared import SchemaRule
from dlint_dockerfile.syntax import Instruction, KeyValue, Word
from dlint_dockerfile.syntax.nodes import Node
from dlint_dockerfile.syntax.typos import closest, suggest

__all__ = ["SuperfluousLabel"]


class SuperfluousLabel(SchemaRule):
    """A label not in the `label-schema`, with `strict-labels` on.

    ## What it does
    With `strict-labels: true` and a `label-schema`, reports every label key the schema does
    not list. Silent without a schema.

    ## Why
    A strict schema keeps labels consistent across a fleet of images; an unknown key is
    usually a typo of a schema label or an undocumented one.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.titel=app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app
    ```

    ## Fix safety
    Unsafe: when a schema label is a typing mistake or two away (`did you mean ...?`),
    the fix renames the key to it (`org.opencontainers.image.titel` →
    `org.opencontainers.image.title`). The image then carries another label than before
    (its value replaces the one the base image may give that label); review it. Keys with
    quotes or variables, keys with no close schema label, and keys whose schema label
    another label of the image sets (in the stage or a stage it is built on), or would
    get from this fix too, get no fix: one would replace the other.
    """

    code = "DLX913"
    name = "superfluous-label"
    aliases = ("DL3050",)
    category = "style"
    severity = Severity.INFO
    settings: ClassVar[dict[str, Any]] = {"label-schema": {}, "strict-labels": False}
    fix = "sometimes"

    def visit_label(self, instruction: Instruction) -> None:
        schema = self.schema()
        if not schema or not self.setting("strict-labels"):
            return
        for node, key, _ in self.values(instruction):
            if key not in schema:
                hint = suggest(key, sorted(schema))
                self.report(
                    node,
                    f"label '{key}' is not in label-schema{hint}",
                    fix=self._fix(instruction, node, key, schema),
                )

    def _fix(
        self, instruction: Instruction, node: Node, key: str, schema: dict[str, str]
    ) -> Fix | None:
        label = closest(key, sorted(schema))
        if label is None or not _renamable(node, key):
            return None
        for other, other_key in image_labels(self.model, instruction):
            if other is node:
                continue
            if other_key is None or other_key == label:
                return None  # the renamed label would replace that one, or the reverse
            if (
                other_key not in schema
                and _renamable(other, other_key)
                and closest(other_key, sorted(schema)) == label
            ):
                return None  # both would be renamed to it
        start = self.model.index.span(node)[0]
        edit = Edit(start, start + len(key), label)
        return Fix(f"rename the label to {label}", (edit,), Applicability.UNSAFE)


def _renamable(node: Node, key: str) -> bool:
    """Whether the key is written as it is (not quoted, escaped or built from a variable)."""
    if not isinstance(node, (KeyValue, Word)):
        return False
    raw = node.raw
    return raw == key if isinstance(node, Word) else raw.startswith(key + "=")
