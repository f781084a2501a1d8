"""DLX311 zypper-cache: `zypper install` without `zypper clean` in the same RUN."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.layers._shared import CacheRule

__all__ = ["ZypperCache"]


class ZypperCache(CacheRule):
    """`zypper install` without `zypper clean` in the same RUN.

    ## What it does
    Reports `zypper install` (`in`, `update`, `dist-upgrade`, `patch`...) in a RUN that does
    not run `zypper clean` (`cc`) or remove `/var/cache/zypp` after it, and has no cache or
    tmpfs mount on it.

    **Differences from hadolint.**
    hadolint only looks at `install`/`in` (and fires on `zypper remove install`), so it
    misses `zypper dup`; it does not accept removing `/var/cache/zypp`.

    ## Why
    zypper keeps repository metadata in `/var/cache/zypp`, left in the layer for nothing.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl && zypper clean --all
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `zypper clean --all` (`sudo` too when the install
    used it), in the RUN's own style (see `apt-lists-not-removed`). A later step that
    relied on the cached metadata refreshes it again (one run with `--no-refresh` may
    fail). No fix for exec form, a RUN ending in `&`, a heredoc mixed with other
    commands, or a non-root USER without `sudo`.
    """

    code = "DLX311"
    name = "zypper-cache"
    aliases = ("DL3036",)
    severity = Severity.WARNING
    families = frozenset({"zypper"})
    advice = "leaves the zypper cache in this layer; end the RUN with `zypper clean --all`"
    cleanup = "zypper clean --all"
    fix = "sometimes"
