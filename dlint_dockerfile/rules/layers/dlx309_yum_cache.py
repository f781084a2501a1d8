"""DLX309 yum-cache: `yum install` without `yum clean all` in the same RUN."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.layers._shared import CacheRule

__all__ = ["YumCache"]


class YumCache(CacheRule):
    """`yum install` without `yum clean all` in the same RUN.

    ## What it does
    Reports `yum install` (and `update`, `groupinstall`, `reinstall`...) in a RUN that does
    not run `yum clean all` or remove `/var/cache/yum` after it, and has no cache or tmpfs
    mount on it.

    **Differences from hadolint.**
    hadolint only looks at `install`, accepts `yum clean` of anything (`yum clean packages`
    leaves the metadata), misses a `yum makecache` after the clean, and does not accept cache
    mounts.

    ## Why
    yum keeps repository metadata and packages in `/var/cache/yum`: tens to hundreds of
    megabytes left in the layer.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `yum clean all` (`sudo` too when the install used
    it), in the RUN's own style (see `apt-lists-not-removed`). A later step that relied
    on the cached metadata downloads it again (one run with `-C`/`--cacheonly` fails).
    No fix for exec form, a RUN ending in `&`, a heredoc mixed with other commands, or a
    non-root USER without `sudo`.
    """

    code = "DLX309"
    name = "yum-cache"
    aliases = ("DL3032",)
    severity = Severity.WARNING
    families = frozenset({"yum"})
    advice = "leaves the yum cache in this layer; end the RUN with `yum clean all`"
    cleanup = "yum clean all"
    fix = "sometimes"
