"""DLX306 apk-add-cache: `apk add` without `--no-cache`."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from dlint_dockerfile.edits.layers import remove_command
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.model.layer_caches import Producer
from dlint_dockerfile.rules.layers._shared import (
    CacheRule,
    cache_analysis,
    option_fix,
    raw_producer,
)
from dlint_dockerfile.shell.installs import maybe_installs
from dlint_dockerfile.shell.packages import PackageCommand
from dlint_dockerfile.syntax import Instruction

__all__ = ["ApkCache"]


class ApkCache(CacheRule):
    """`apk add` without `--no-cache`.

    ## What it does
    Reports `apk add` without `--no-cache`, unless the RUN mounts a cache (or tmpfs) on
    `/var/cache/apk` or `/etc/apk/cache`, or removes `/var/cache/apk` (or runs
    `apk cache clean`) after it. Also reports an `apk update` whose index stays in the
    layer although every apk command after it in the RUN that reads an index fetches its
    own (`apk update && apk add --no-cache curl`): the update only leaves the index
    behind. An `apk update` that a later `apk upgrade` (or another command without
    `--no-cache`) reads is left alone.

    **Differences from hadolint.**
    hadolint also fires when the same RUN removes `/var/cache/apk/*` or runs
    `apk cache clean` afterwards, which leaves nothing behind; it accepts only a cache mount
    on `/var/cache/apk` written literally, and fires on any `apk` command with an `add`
    argument (`apk del add`).

    ## Why
    Without `--no-cache` apk keeps the package index it downloaded in `/var/cache/apk`, a
    few megabytes in every image built this way.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk add curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    ## Fix safety
    Safe: the fix inserts `--no-cache` right after `add`. apk installs the same packages
    from a freshly fetched index and keeps nothing in `/var/cache/apk`. An `apk update`
    before it that nothing else in the RUN reads is then useless, and would still leave
    its index: the fix removes it (with the `&&` joining it), and the fix of a reported
    `apk update` does just that. A later RUN that installs without `--no-cache` fetches
    an index itself when it finds none. No fix when the word is escaped or inside an
    `sh -c` string, or for an update inside an `sh -c` string or a compound command.
    """

    code = "DLX306"
    name = "apk-add-cache"
    aliases = ("DL3019",)
    severity = Severity.INFO
    families = frozenset({"apk"})
    actions = frozenset({"add", "update"})
    advice = "keeps the package index in /var/cache/apk; use `apk add --no-cache`"
    fix = "sometimes"

    def wanted(self, instruction: Instruction, producer: Producer) -> bool:
        if producer.command.action != "update":
            return True
        return self._useless(instruction, producer.command, frozenset())

    def message(self, instruction: Instruction, producer: Producer) -> str:
        if producer.command.action != "update":
            return super().message(instruction, producer)
        return (
            f"`{producer.command.head}` keeps the package index in /var/cache/apk, and "
            "nothing after it in this RUN reads it (`apk add --no-cache` fetches its own); "
            "remove the update"
        )

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        pc = producer.command
        if pc.action == "update":
            removal = self._removal(instruction, pc)
            return Fix("remove the update", (removal,)) if removal is not None else None
        fix = option_fix(pc, "--no-cache", "add --no-cache", Applicability.SAFE)
        update = self._update_before(instruction, pc)
        if fix is None or update is None or not self._useless(instruction, update, {pc.origin}):
            return fix
        removal = self._removal(instruction, update)
        if removal is None:
            return fix
        return Fix("add --no-cache and remove the update", (removal, *fix.edits))

    def _useless(
        self, instruction: Instruction, update: PackageCommand, fetching: AbstractSet[int]
    ) -> bool:
        """Whether nothing after ``update`` in the RUN may read its index: the apk
        commands that read one (there is one at least) all fetch their own, with
        ``--no-cache`` (or at ``fetching``), and no script or installer tool runs."""
        analysis = cache_analysis(self.model, instruction)
        script = self.model.script(instruction)
        if analysis is None or script is None:
            return False
        apk = {pc.origin: pc for pc in analysis.commands if pc.family == "apk"}
        readers = []
        for raw in script.all_commands():
            if raw.start <= update.origin:
                continue
            pc = apk.get(raw.start)
            if pc is None:
                if maybe_installs(raw):
                    return False  # `make`, `./build.sh`, `abuild -r`... may read it
            elif pc.action == "update":
                break  # a new index from here on
            elif pc.action in _APK_READS or pc.has_option("-U", "--update", "--update-cache"):
                readers.append(pc)
        return bool(readers) and all(
            r.has_option("--no-cache") or r.origin in fetching for r in readers
        )

    def _update_before(
        self, instruction: Instruction, add: PackageCommand
    ) -> PackageCommand | None:
        """The ``apk update`` whose index ``add`` reads, when it leaves it in the layer."""
        analysis = cache_analysis(self.model, instruction)
        found = None
        for producer in analysis.producers if analysis is not None else ():
            pc = producer.command
            if pc.family == "apk" and pc.action == "update" and pc.origin < add.origin:
                found = pc if producer.left else None
        return found

    def _removal(self, instruction: Instruction, update: PackageCommand) -> Edit | None:
        """The edit removing ``update`` (with the operator joining it) from the RUN."""
        script = self.model.script(instruction)
        raw = raw_producer(script, update) if script is not None else None
        removed = remove_command(self.model, instruction, raw) if raw is not None else None
        return removed[0] if removed is not None and not removed[1] else None


#: apk applets that read the package index.
_APK_READS = frozenset(
    {"add", "upgrade", "fix", "search", "fetch", "info", "list", "policy", "dot", "version"}
)
