"""DLX102 install-from-earlier-update: an apt install relying on an update in an earlier layer."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from dlint_dockerfile.edits.layers import prefix_command
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.model import Stage, parse_mount
from dlint_dockerfile.rules.cache._shared import start_line
from dlint_dockerfile.shell import Command, Script
from dlint_dockerfile.shell.installs import APT, APT_INSTALLS, display, removes_apt_lists
from dlint_dockerfile.shell.script import raw_command
from dlint_dockerfile.syntax import Instruction

__all__ = ["InstallFromEarlierUpdate"]


def _subcommand_end(command: Command) -> int:
    """End of ``apt-get [options] install``: where a report on the command stops."""
    positionals = command.positionals
    return positionals[0].end if positionals else command.end


_LISTS = "/var/lib/apt/lists"


@dataclass
class _Lists:
    """Where apt's lists are and which RUN's update left them (its line), per location."""

    layers: dict[int, int | None] = field(default_factory=dict)  # stage index -> line
    caches: dict[str, int | None] = field(default_factory=dict)  # cache mount id -> line


class InstallFromEarlierUpdate(Rule):
    """An apt install that relies on an `apt-get update` done in an earlier layer.

    ## What it does
    Reports `apt-get install` (also `apt`/`aptitude`, `upgrade`, `build-dep`...) in a RUN
    that does not run `apt-get update` itself, when an earlier RUN of the stage (or of the
    stage it is built on) ran `apt-get update` and left the lists in place. The report
    names the line of that earlier update. Lists removed in between
    (`rm -rf /var/lib/apt/lists/*`) end the reliance; lists kept in a cache mount
    (`--mount=type=cache,target=/var/lib/apt`) are followed by mount id. There is no
    hadolint equivalent.

    ## Why
    Each RUN is a cached layer. When this RUN changes (a package is added) but the update
    RUN does not, the update layer comes from the cache with lists that may be weeks old:
    the install then fails with "Unable to locate package" or 404s, or installs outdated
    versions. apt never refreshes its lists by itself. apk, dnf, yum and zypper refresh a
    stale index on their own (apk after `--cache-max-age`, dnf/yum after
    `metadata_expire`, zypper with autorefresh), so only apt is checked.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends ca-certificates curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: the fix puts `apt-get update && ` (the install's own tool, with `sudo` when
    the install uses it) in front of the install, so it gets fresh lists; the versions
    installed may change, and the lists land in this layer (see
    `apt-lists-not-removed`). An update-only RUN left behind is the business of
    `update-without-install`, whose fix removes it. No fix when the install follows `||`
    or `|`, is negated, sits in `$(...)` or an `sh -c` string, or is escaped.
    """

    code = "DLX102"
    name = "install-from-earlier-update"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.lists = _Lists()
        self.triggers: list[Instruction] = []

    def visit_run(self, instruction: Instruction) -> None:
        if self.model.is_trigger(instruction):
            self.triggers.append(instruction)  # runs in a child image: checked at the end
            return
        stage = self.model.stage_of(instruction)
        script = self.model.script(instruction)
        if stage is None or script is None:
            return
        location = self._location(instruction)
        before = self._state(stage, location)
        after = self._scan(instruction, script, before)
        if location == "layer":
            self.lists.layers[stage.index] = after
        elif location is not None:
            self.lists.caches[location] = after

    def finish(self) -> None:
        for trigger in self.triggers:
            stage = self.model.stage_of(trigger)
            script = self.model.script(trigger)
            if stage is not None and script is not None:
                self._scan(trigger, script, self._state(stage, self._location(trigger)))

    def _state(self, stage: Stage, location: str | None) -> int | None:
        if location is None:
            return None
        if location != "layer":
            return self.lists.caches.get(location)
        current: Stage | None = stage
        while current is not None:
            if current.index in self.lists.layers:
                return self.lists.layers[current.index]
            current = current.parent
        return None

    def _location(self, instruction: Instruction) -> str | None:
        """``layer``, ``cache:<id>`` (a cache mount over the lists) or None (tmpfs, bind)."""
        for flag in instruction.flags:
            if flag.name != "mount" or flag.argument is None:
                continue
            fields = parse_mount(flag.argument)
            target = fields.get("target") or fields.get("dst") or fields.get("destination")
            if not target:
                continue
            target = posixpath.normpath(posixpath.join(self.model.workdir_at(instruction), target))
            covers = target in ("/", _LISTS) or _LISTS.startswith(target + "/")
            if not covers:
                continue
            if fields.get("type", "bind").lower() == "cache":
                return "cache:" + (fields.get("id") or target)
            return None
        return "layer"

    def _scan(self, instruction: Instruction, script: Script, before: int | None) -> int | None:
        """Report the first install relying on ``before``; return the state after the RUN."""
        local = False
        current = before
        reported = False
        for raw in script.all_commands():
            command = raw.unwrapped()
            if command.basename in APT and command.subcommand == "update":
                local = True
            elif removes_apt_lists(command):
                local = False
                current = None
            elif (
                command.basename in APT
                and command.subcommand in APT_INSTALLS
                and not local
                and current is not None
                and not reported
            ):
                reported = True
                what = display(command)
                self.report(
                    (command.start, _subcommand_end(command)),
                    f"'{what}' relies on the package lists fetched by the apt-get update on "
                    f"line {current}, an earlier cached step: when this RUN is rebuilt but that "
                    "one is not, the lists can be stale (packages not found, old versions); "
                    f"run {command.basename} update && {what} in this RUN",
                    fix=self._fix(command),
                )
        if local:
            return start_line(self, instruction)
        return current

    def _fix(self, command: Command) -> Fix | None:
        """``apt-get update && `` in front of the install (``sudo`` too when it has it)."""
        raw = raw_command(command)
        text = f"{command.basename} update"
        if raw.basename == "sudo":
            text = f"sudo {text}"
        edit = prefix_command(self.model, command, text)
        if edit is None:
            return None
        return Fix(f"run {text} first", (edit,), Applicability.UNSAFE)
