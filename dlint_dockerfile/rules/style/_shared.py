"""Helpers of several style rules: the rules driven by the `label-schema` setting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.labels import LABEL_CHECKS, label_pairs
from dlint_dockerfile.model.variables import Expansion
from dlint_dockerfile.syntax import Instruction
from dlint_dockerfile.syntax.nodes import Node

__all__ = ["LabelFormatRule", "SchemaRule", "format_docs"]


class SchemaRule(Rule):
    """Base of the rules driven by the ``label-schema`` setting (silent without one)."""

    requires_setting = "label-schema"
    settings: ClassVar[dict[str, Any]] = {"label-schema": {}}
    example_settings: ClassVar[dict[str, Any]] = {
        "label-schema": {
            "org.opencontainers.image.source": "url",
            "org.opencontainers.image.created": "rfc3339",
            "org.opencontainers.image.licenses": "spdx",
            "org.opencontainers.image.revision": "hash",
            "org.opencontainers.image.version": "semver",
            "org.opencontainers.image.authors": "email",
            "org.opencontainers.image.title": "text",
        },
        "strict-labels": True,
    }

    def schema(self) -> dict[str, str]:
        value = self.setting("label-schema")
        return dict(value) if isinstance(value, dict) else {}

    def values(self, instruction: Instruction) -> Iterator[tuple[Node, str, Expansion]]:
        """``(node, key, expanded value)`` of the labels of ``instruction`` with a known key."""
        for node, raw_key, raw_value in label_pairs(instruction):
            key = self.model.expand(raw_key, instruction)
            if key.complete:
                yield node, key.text, self.model.expand(raw_value, instruction)


class LabelFormatRule(SchemaRule):
    """Checks the values of the schema labels of one type."""

    label_type: ClassVar[str] = ""

    def visit_label(self, instruction: Instruction) -> None:
        schema = self.schema()
        if self.label_type not in schema.values():
            return
        valid, expected = LABEL_CHECKS[self.label_type]
        for node, key, value in self.values(instruction):
            text = value.text.strip()
            if schema.get(key) != self.label_type or not value.complete or not text:
                continue
            if not valid(text):
                self.report(node, f"label '{key}' is '{text}', which is not {expected}")


def format_docs(kind: str, bad: str, good: str, why: str, extra: str = "") -> str:
    return f"""A `{kind}` label of the `label-schema` whose value is not {LABEL_CHECKS[kind][1]}.

    ## What it does
    With a `label-schema` setting, reports labels typed `{kind}` whose value does not parse.
    Values holding a variable without a known value are skipped; empty values are DLX914's.
    Silent without a schema.{extra}

    ## Why
    {why}

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL {bad}
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL {good}
    ```

    ## Fix safety
    No automatic fix yet.
    """
