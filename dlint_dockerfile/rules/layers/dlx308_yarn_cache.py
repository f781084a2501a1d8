"""DLX308 yarn-cache: `yarn install` without `yarn cache clean` in the same RUN."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.model.layer_caches import Producer
from dlint_dockerfile.rules.layers._shared import CacheRule, cleanup_fix
from dlint_dockerfile.syntax import Instruction

__all__ = ["YarnCache"]


class YarnCache(CacheRule):
    """`yarn install` without `yarn cache clean` in the same RUN.

    ## What it does
    Reports `yarn install` (and a bare `yarn`) in a RUN that does not run `yarn cache clean`
    after it, has no cache or tmpfs mount on the yarn cache and does not remove it. Like
    hadolint, only stages that end up in the final image are checked.

    **Differences from hadolint.**
    dlint also counts a bare `yarn`, which is `yarn install`; it accepts removing the cache
    directory, and cache mounts on `--cache-folder`, `YARN_CACHE_FOLDER` or a parent of the
    default cache.

    ## Why
    Yarn keeps a copy of every package in its global cache, which in an image doubles the
    size of `node_modules` for nothing.

    ## Example
    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile && yarn cache clean
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `yarn cache clean`, in the RUN's own style (see
    `apt-lists-not-removed`). A later `yarn install --offline` that relied on the cache
    would fail. No fix when the install uses `--cache-folder` (the clean would empty
    another folder; the message says to remove that folder instead), for exec form, a
    RUN ending in `&` or a heredoc mixed with other commands.
    """

    code = "DLX308"
    name = "yarn-cache"
    aliases = ("DL3060",)
    severity = Severity.INFO
    families = frozenset({"yarn"})
    actions = frozenset({None, "install"})
    final_only = True
    advice = (
        "leaves the yarn cache in this layer; run `yarn cache clean` at the end of the RUN "
        "(or mount a cache on it)"
    )
    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        if producer.command.has_option("--cache-folder"):
            return None  # `yarn cache clean` would clean another folder
        return cleanup_fix(
            self.model, instruction, producer.command, "yarn cache clean", needs_root=False
        )

    def message(self, instruction: Instruction, producer: Producer) -> str:
        option = producer.command.command.option("--cache-folder")
        if option is None:
            return super().message(instruction, producer)
        # `yarn cache clean` empties the default cache, not this one
        head = f"`{producer.command.head}` leaves the yarn cache in"
        folder = option.value
        if not folder:  # a variable
            return (
                f"{head} its --cache-folder in this layer; remove that folder at the end of "
                "the RUN (or mount a cache on it)"
            )
        return (
            f"{head} {folder} in this layer; end the RUN with `rm -rf {folder}` (or mount a "
            "cache on it)"
        )
