"""DLX310 dnf-cache: `dnf install` without `dnf clean all` in the same RUN."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.model.layer_caches import Producer
from dlint_dockerfile.rules.layers._shared import CacheRule, cleanup_fix
from dlint_dockerfile.syntax import Instruction

__all__ = ["DnfCache"]


class DnfCache(CacheRule):
    """`dnf install` without `dnf clean all` in the same RUN.

    ## What it does
    Reports `dnf`, `microdnf` and `tdnf` installs and upgrades in a RUN that does not run
    `dnf clean all` or remove `/var/cache/dnf` (`/var/cache/yum`) after them, and has no
    cache or tmpfs mount on the cache.

    **Differences from hadolint.**
    hadolint accepts any `rm -rf` as a cleanup (`rm -rf /tmp/*`) and does not accept cache
    mounts; it skips `dnf update` but checks `dnf upgrade` (the same command): dlint checks
    both.

    ## Why
    dnf keeps repository metadata in `/var/cache/dnf`, often more than a hundred megabytes.

    ## Example
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `dnf clean all` (`microdnf`/`tdnf` as used, with
    `sudo` when the install used it), in the RUN's own style (see
    `apt-lists-not-removed`). A later step that relied on the cached metadata downloads
    it again (one run with `-C`/`--cacheonly` fails). No fix for exec form, a RUN ending
    in `&`, a heredoc mixed with other commands, or a non-root USER without `sudo`.
    """

    code = "DLX310"
    name = "dnf-cache"
    aliases = ("DL3040",)
    severity = Severity.WARNING
    families = frozenset({"dnf"})

    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        tool = producer.command.command.basename or "dnf"
        return cleanup_fix(self.model, instruction, producer.command, f"{tool} clean all")

    def message(self, instruction: Instruction, producer: Producer) -> str:
        tool = producer.command.command.basename or "dnf"
        return (
            f"`{producer.command.head}` leaves the {tool} cache in this layer; end the RUN "
            f"with `{tool} clean all`"
        )
