"""DLX307 pip-cache: `pip install` without `--no-cache-dir`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.model.layer_caches import Producer
from dlint_dockerfile.rules.layers._shared import CacheRule, option_fix
from dlint_dockerfile.syntax import Instruction

__all__ = ["PipCache"]


class PipCache(CacheRule):
    """`pip install` without `--no-cache-dir`.

    ## What it does
    Reports `pip install` (`pip3`, `pip3.12`, `python -m pip`) without `--no-cache-dir`,
    unless `PIP_NO_CACHE_DIR` is set (ENV or ARG in the stage, or on the command), the RUN
    mounts a cache or tmpfs on the pip cache (`~/.cache/pip`, `$PIP_CACHE_DIR`), or removes
    it after the install (`rm -rf ~/.cache/pip`, `pip cache purge`).

    **Differences from hadolint.**
    pip disables its cache for any boolean value of `PIP_NO_CACHE_DIR`, even `0` or
    `false` (a documented compatibility quirk), so dlint accepts them where hadolint does
    not. dlint also accepts an ARG, a cache or tmpfs mount on a parent such as
    `/root/.cache` or on another user's home, a removal of the cache (`rm -rf ~/.cache/pip`,
    `pip cache purge`, a `--cache-dir` removed afterwards) in the same RUN, and an ENV seen
    by an ONBUILD trigger; it checks `sudo pip` and `/usr/local/bin/pip`.

    ## Why
    pip keeps every wheel it downloads in its cache; in an image that cache is dead weight,
    often larger than the installed packages.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install flask
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    ```

    ## Fix safety
    Safe: the fix inserts `--no-cache-dir` right after `install`. pip installs the same
    packages without keeping the downloads. No fix when the word is escaped or inside an
    `sh -c` string.
    """

    code = "DLX307"
    name = "pip-cache"
    aliases = ("DL3042",)
    severity = Severity.WARNING
    families = frozenset({"pip"})
    actions = frozenset({"install"})
    advice = (
        "keeps the downloaded packages in the pip cache; add `--no-cache-dir` "
        "(or set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache on /root/.cache/pip)"
    )
    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        return option_fix(
            producer.command, "--no-cache-dir", "add --no-cache-dir", Applicability.SAFE
        )
