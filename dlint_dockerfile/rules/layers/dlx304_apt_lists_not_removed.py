"""DLX304 apt-lists-not-removed: `apt-get update` without removing the apt lists in the same RUN."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.model.layer_caches import Producer
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.rules.layers._shared import CacheRule, cleanup_fix, keyword_line
from dlint_dockerfile.shell import Script
from dlint_dockerfile.shell.installs import maybe_installs
from dlint_dockerfile.syntax import Instruction

__all__ = ["AptListsLeft"]


#: apt sub-commands that read the package lists.
_APT_READS = frozenset(
    {
        "install",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "build-dep",
        "source",
        "download",
        "reinstall",
        "satisfy",
        "search",
        "show",
        "policy",
        "madison",
        "depends",
        "rdepends",
    }
)


def _later_apt_reader(model: DockerfileModel, instruction: Instruction) -> Instruction | None:
    """A later RUN of the stage (or of a stage built on it, or a trigger) that reads the
    apt lists before updating them itself: it relies on the lists this RUN leaves."""
    stage = model.stage_of(instruction)
    outer = model.outer(instruction)
    refreshed: set[int] = set()  # stages whose own update replaced the lists
    seen = False
    for item in model.instructions:
        if item is outer:
            seen = True
            continue
        target = item.inner or item
        if not seen or target.name != "RUN":
            continue
        own = model.stage_of(item)
        current = own
        while current is not None and current is not stage and current.index not in refreshed:
            current = current.parent
        if current is not stage or (stage is not None and stage.index in refreshed):
            continue  # another lineage, or lists refreshed on the way
        script = model.script(item)
        first = _first_apt_use(script) if script is not None else None
        if first == "read":
            return item
        if first == "update" and own is not None and item.inner is None:
            refreshed.add(own.index)
    return None


def _first_apt_use(script: Script) -> str | None:
    for raw in script.all_commands():
        command = raw.unwrapped()
        if command.basename in ("apt-get", "apt", "aptitude", "apt-cache"):
            sub = command.subcommand
            if sub == "update" and command.basename != "apt-cache":
                return "update"
            if sub in _APT_READS:
                return "read"
    return None


class AptListsLeft(CacheRule):
    """`apt-get update` without removing the apt lists in the same RUN.

    ## What it does
    Reports `apt-get update` (and `apt update`) in a RUN that does not end with
    `rm -rf /var/lib/apt/lists/*` (or `apt-get dist-clean`) and has no cache or tmpfs mount
    on `/var/lib/apt/lists`. Like hadolint, only stages that end up in the final image (the
    last stage and the stages it builds FROM) are checked.

    **Differences from hadolint.**
    The removal must come after the update and must remove the lists: hadolint accepts any
    `rm -rf` anywhere in the RUN, but not `apt-get dist-clean` (which removes the lists and
    which the official Debian-based images use). A cache mount on `/var/lib/apt` (a parent
    of the lists) counts; paths in `rm` and mount targets are expanded with the stage's
    ARG/ENV values; `sudo apt-get update` is checked. A stage used only by non-final stages
    is not checked, and neither is an ONBUILD trigger in a stage outside the final image.

    ## Why
    The lists are tens of megabytes the image never needs at runtime. Removing them in a
    later RUN does not help: they stay in the layer that downloaded them.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `rm -rf /var/lib/apt/lists/*` (`sudo rm` when the
    update used `sudo`): ` && rm ...` on a one-line RUN; on continued lines, a new
    continued line with the RUN's own operator placement (`&& \\` at the end of the line
    or ` \\` then `&&` at the start of the next), indentation and escape character; `;`
    is kept instead of `&&` only under `set -e`. In a heredoc, a new line after
    `set -e`, else ` && rm ...` on the last line, so the RUN still fails when its last
    command does. The lists are gone from the image, so a later `apt-get install` without
    its own update would fail: no fix is offered when a later RUN of the stage (or of a
    stage built on it, or an ONBUILD trigger) reads the lists before updating them (the
    message then says to update in that RUN too, see `install-from-earlier-update`). No
    fix either when nothing after the update in the RUN could use the lists (the update
    itself is the problem, see `update-without-install`), for exec form, a RUN ending
    in `&`, a heredoc mixed with other commands, or a non-root USER without `sudo`.
    """

    code = "DLX304"
    name = "apt-lists-not-removed"
    aliases = ("DL3009",)
    severity = Severity.INFO
    families = frozenset({"apt"})
    actions = frozenset({"update"})
    final_only = True
    fix = "sometimes"

    def wanted(self, instruction: Instruction, producer: Producer) -> bool:
        return producer.kind == "apt-lists"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        if not self._used_here(instruction, producer):
            return None  # nothing here uses the lists: the update itself is the problem
        if self._reader(instruction) is not None:
            return None  # a later install relies on these lists
        return cleanup_fix(
            self.model, instruction, producer.command, "rm -rf /var/lib/apt/lists/*"
        )

    def _used_here(self, instruction: Instruction, producer: Producer) -> bool:
        """Whether a command after the update in the same RUN may use the lists."""
        script = self.model.script(instruction)
        return script is not None and any(
            c.start > producer.command.origin and maybe_installs(c) for c in script.all_commands()
        )

    def _reader(self, instruction: Instruction) -> Instruction | None:
        """The later RUN that reads the lists this one leaves (worked out once)."""
        model = self.model
        return model.derive(
            "apt-reader", instruction, lambda: _later_apt_reader(model, instruction)
        )

    def message(self, instruction: Instruction, producer: Producer) -> str:
        head = f"`{producer.command.head}` leaves the apt lists in this layer"
        mount = "(or mount a cache on /var/lib/apt/lists)"
        reader = self._reader(instruction)
        if reader is None:
            return f"{head}; end the RUN with `rm -rf /var/lib/apt/lists/*` {mount}"
        # removing them here would break the later RUN: it must update itself
        line = keyword_line(self.model, reader)
        if not self._used_here(instruction, producer):
            return (
                f"{head} for the RUN on line {line}: update in that RUN instead, and end it "
                f"with `rm -rf /var/lib/apt/lists/*` {mount}"
            )
        return (
            f"{head}, and the RUN on line {line} reads them: update in that RUN too, then "
            f"end both with `rm -rf /var/lib/apt/lists/*` {mount}"
        )
