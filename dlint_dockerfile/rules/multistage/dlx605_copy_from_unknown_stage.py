"""DLX605: `COPY --from` should name a stage defined above (or a tagged image)."""

from __future__ import annotations

from dlint_dockerfile.edits.multistage import reference_edit
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.model.model import Stage, StageReference
from dlint_dockerfile.model.reference import ImageReferenceError, has_variables, parse_reference
from dlint_dockerfile.rules.multistage._shared import (
    STAGE_NAME,
    copy_references,
    raw_from,
    referenced_stage,
)

__all__ = ["CopyFromUnknownStage"]


class CopyFromUnknownStage(Rule):
    """`COPY --from` should name a stage defined above (or a tagged image).

    ## What it does
    Checks `COPY --from=` and `RUN --mount=from=` (outside ONBUILD) and reports:

    - a stage defined later in the file (BuildKit fails: a stage can only copy from stages
      built before it);
    - a stage index that does not exist;
    - a name that is no stage but close to one (`buidl` for `build`): a typo;
    - a name that is no stage and no tagged image (`--from=nginx`): BuildKit copies from the
      image `nginx:latest`, a moving target, or fails to pull a misspelt stage name;
    - a variable in `COPY --from`, which BuildKit does not expand.

    A tagged or digested image (`--from=nginx:1.27`) is fine. Stage names are compared
    case-insensitively, like BuildKit.

    Differences from hadolint: hadolint's DL3022 compares stage names case-sensitively
    (`--from=Build` for a stage `build` is fine for BuildKit), accepts any `--from`
    containing `:` and checks neither `RUN --mount=from=` nor stage indexes.

    ## Why
    A misspelt stage name does not fail where you would expect: BuildKit reads it as an
    image name and tries to pull it.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=buidl /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Fix safety
    Unsafe: for a name close to the name of an earlier stage (the message's "did you
    mean"), the fix writes that stage's name instead. The instruction then uses the
    stage's files instead of pulling an image (and that stage is built whenever this
    one is, with `--target` too): a guess, though a likely one. No fix is
    offered for the other cases (a stage defined later, an index out of range, an untagged
    image, a variable), nor when the close name belongs to a stage that is not built
    before this one or is no valid stage name (BuildKit fails on it), or the reference is
    not written as is.
    """

    code = "DLX605"
    name = "copy-from-unknown-stage"
    aliases = ("DL3022",)
    category = "multistage"
    severity = Severity.WARNING
    fix = "sometimes"

    def finish(self) -> None:
        stages = self.model.stages
        for ref, current in copy_references(self):
            node = ref.node
            if ref.kind == "copy-from" and has_variables(raw_from(ref), self.model.escape):
                self.report(
                    node,
                    "BuildKit does not expand variables in COPY --from; name the image in a "
                    "stage instead (ARG IMAGE before the first FROM, FROM ${IMAGE} AS src, "
                    "COPY --from=src)",
                )
                continue
            text = ref.text
            if not text:
                continue
            target = referenced_stage(self, ref)
            if target is not None:
                if target.index > current.index:
                    self.report(
                        node,
                        f'stage "{text}" is defined after this instruction (line '
                        f"{line_of(self.model, target.from_instruction)}): a stage can only use "
                        "stages built before it; move that stage up",
                    )
                continue
            if text.isdecimal():
                if ref.kind == "copy-from":
                    self.report(
                        node,
                        f"there is no stage {text}: stages are numbered from 0 and this file "
                        f"has {len(stages)}",
                    )
                continue
            names = [s.name for s in stages if s.name is not None]
            import difflib  # only for did-you-mean hints

            close = difflib.get_close_matches(text.lower(), [n.lower() for n in names], 1, 0.75)
            if close:
                self.report(
                    node,
                    f'no stage is named "{text}" (did you mean "{close[0]}"?); BuildKit would '
                    "try to pull an image of that name",
                    fix=self._fix(ref, current, close[0]),
                )
                continue
            try:
                image = parse_reference(text)
            except ImageReferenceError:
                self.report(node, f'"{text}" is neither a stage of this file nor an image name')
                continue
            if image.tag is None and image.digest is None and "/" not in text:
                # an untagged image with a path is an image, reported by image-without-tag
                self.report(
                    node,
                    f'no stage is named "{text}", so BuildKit uses the image "{text}:latest"; '
                    "pin the image tag, or fix the stage name",
                )

    def _fix(self, ref: StageReference, current: Stage, close: str) -> Fix | None:
        stage = self.model.stage_named(close)
        if stage is None or stage.name is None or stage.index >= current.index:
            return None
        if not STAGE_NAME.match(stage.name.lower()):
            return None  # BuildKit fails on that name: no reference can use it
        edit = reference_edit(self.model, ref, stage.name)
        if edit is None:
            return None
        return Fix(f'use the stage "{stage.name}"', (edit,), Applicability.UNSAFE)
