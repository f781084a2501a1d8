"""The final image lacks a label the `label-schema` setting requires."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.rules.style._shared import SchemaRule

__all__ = ["MissingRequiredLabel"]


class MissingRequiredLabel(SchemaRule):
    """The final image lacks a label the `label-schema` setting requires.

    ## What it does
    With a `label-schema` setting (from `.hadolint.yaml` or dlint's configuration), reports
    each schema label that neither the final stage nor the stages it is built FROM set.
    Silent without a schema.

    Differences from hadolint: DL3049 checks every stage, builder stages included; their
    labels never reach the image, so dlint checks only the final one.

    ## Why
    Teams use a label schema so every published image carries its source, version and
    license; a missing label breaks that inventory.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=app \\
          org.opencontainers.image.source=https://github.com/example/app \\
          org.opencontainers.image.created=2024-05-01T12:00:00Z \\
          org.opencontainers.image.licenses=MIT \\
          org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567 \\
          org.opencontainers.image.version=1.2.3 \\
          org.opencontainers.image.authors=dev@example.com
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX912"
    name = "missing-required-label"
    aliases = ("DL3049",)
    category = "style"
    severity = Severity.INFO

    def finish(self) -> None:
        schema = self.schema()
        final = self.model.final_stage
        if not schema or final is None:
            return
        present: set[str] = set()
        stage: Stage | None = final
        while stage is not None:
            for ins in stage.instructions:
                if ins.name == "LABEL":
                    present.update(key for _, key, _ in self.values(ins))
            stage = stage.parent
        where = final.base_word or final.from_instruction
        for label in schema:
            if label not in present:
                self.report(where, f"the image has no label '{label}' (required by label-schema)")
