"""MAINTAINER is deprecated; use a label."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.labels import label_set_before
from dlint_dockerfile.syntax import Instruction, Text

__all__ = ["MaintainerDeprecated"]


_AUTHORS = "org.opencontainers.image.authors"


class MaintainerDeprecated(Rule):
    """MAINTAINER is deprecated; use a label.

    ## What it does
    Reports the `MAINTAINER` instruction.

    ## Why
    It has been deprecated since Docker 1.13 (hadolint DL4000, BuildKit
    `MaintainerDeprecated`). The `org.opencontainers.image.authors` label carries the same
    information where tools look for it.

    ## Example
    ```dockerfile
    FROM alpine
    MAINTAINER Jane Doe <jane@example.com>
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    ```

    ## Fix safety
    Unsafe: the fix replaces the instruction with
    `LABEL org.opencontainers.image.authors="..."` (keyword case kept, `"`, `\\` and `$`
    escaped), so the image's legacy `Author` field is no longer set and the image gets
    that label (its value replaces the one the base image may give it). A MAINTAINER that
    spans continuation lines or sits in ONBUILD is not rewritten, nor one after a LABEL
    that sets `org.opencontainers.image.authors` (in the stage or a stage it is built
    on), whose value the new label would replace.
    """

    code = "DLX009"
    name = "maintainer-deprecated"
    aliases = ("DL4000", "MaintainerDeprecated")
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_maintainer(self, instruction: Instruction) -> None:
        self.report(
            instruction.keyword,
            "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=... instead",
            fix=self._fix(instruction),
        )

    def _fix(self, instruction: Instruction) -> Fix | None:
        if self.model.is_trigger(instruction):
            return None
        if label_set_before(self.model, instruction, _AUTHORS):
            return None  # the new label would replace that one
        texts = [a for a in instruction.arguments if isinstance(a, Text)]
        if len(texts) != 1 or "\n" in texts[0].raw:
            return None
        value = texts[0].value.strip()
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
        keyword = instruction.keyword.raw
        label = "label" if keyword.islower() else "LABEL"
        start = self.model.index.span(instruction.keyword)[0]
        end = self.model.index.span(texts[0])[1]
        content = f'{label} {_AUTHORS}="{escaped}"'
        return Fix(
            "replace MAINTAINER with an authors LABEL",
            (Edit(start, end, content),),
            Applicability.UNSAFE,
        )
