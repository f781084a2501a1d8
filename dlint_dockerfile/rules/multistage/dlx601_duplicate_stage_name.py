"""DLX601: Stage names must be unique."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.syntax import Word

__all__ = ["DuplicateStageName"]


def _named_stages(stages: list[Stage]) -> list[tuple[Stage, Word]]:
    out = []
    for stage in stages:
        word = stage.name_word
        if stage.name is not None and word is not None:
            out.append((stage, word))
    return out


class DuplicateStageName(Rule):
    """Stage names must be unique.

    ## What it does
    Reports a `FROM ... AS name` whose name an earlier stage already uses. Like BuildKit,
    names are compared case-insensitively (`AS Build` and `AS build` collide).

    Differences from hadolint: hadolint's DL3024 compares names case-sensitively and misses
    `Build` / `build`, which BuildKit treats as the same name.

    ## Why
    `FROM name` and `COPY --from=name` cannot tell the stages apart, so one of them is
    silently never used, or the wrong one is. BuildKit warns (`DuplicateStageName`).

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM node:22 AS build
    RUN npm run build
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build-api
    RUN go build -o /app .
    FROM node:22 AS build-web
    RUN npm run build
    FROM alpine:3.20
    COPY --from=build-api /app /app
    ```

    ## Fix safety
    No automatic fix: which references meant which stage cannot be known.
    """

    code = "DLX601"
    name = "duplicate-stage-name"
    aliases = ("DL3024", "DuplicateStageName")
    category = "multistage"
    severity = Severity.ERROR

    def finish(self) -> None:
        seen: dict[str, Stage] = {}
        for stage, word in _named_stages(self.model.stages):
            key = word.value.lower()
            first = seen.get(key)
            if first is None:
                seen[key] = stage
                continue
            line = line_of(self.model, first.from_instruction)
            self.report(
                word,
                f'duplicate stage name "{word.value}": the stage on line {line} already uses '
                "it (names are case-insensitive); give each stage its own name",
            )
