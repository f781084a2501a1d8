"""DLX101 update-without-install: a package index update in a RUN that installs nothing."""

from __future__ import annotations

from dlint_dockerfile.edits.layers import prefix_command, remove_command
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.cache._shared import later_instructions, start_line
from dlint_dockerfile.shell import Command
from dlint_dockerfile.shell.installs import (
    APT,
    consumes_index,
    display,
    index_updates,
    maybe_installs,
)
from dlint_dockerfile.shell.script import raw_command
from dlint_dockerfile.syntax import Instruction

__all__ = ["UpdateWithoutInstall"]


def _family(manager: str | None) -> str:
    if manager in APT:
        return "apt"
    if manager in ("yum", "dnf", "microdnf", "tdnf"):
        return "rpm"
    return manager or ""


class UpdateWithoutInstall(Rule):
    """A package index update in a RUN that installs nothing.

    ## What it does
    Reports `apt-get update` (also `apt update`, `apk update`, `yum makecache`,
    `dnf makecache`, `zypper refresh`) in a RUN that installs no package. Anything that
    could install or read the index in the same RUN keeps it quiet: an install, upgrade or
    search of any package manager, an installer tool (`install_packages`, `rosdep`...), a
    script (`./setup.sh`, `curl ... | sh`), `xargs apt-get install`, or a command whose name
    is a variable. There is no hadolint equivalent.

    ## Why
    The index is downloaded into this RUN's layer, and the layer is cached as long as the
    line does not change: weeks later, a new install step in a later RUN reuses that old
    index and fails to find packages or installs outdated ones (see `install-from-earlier-update`).
    Alone, the update only adds a layer of package lists. Run the update in the same RUN
    as the install, so both are redone together.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: when a later RUN of the stage installs with the same package manager, the
    fix moves the update there: it is removed from this RUN (with the operator that joins
    it; the whole RUN when nothing but `set`/`true` would be left) and put in front of the
    install as written (`apt-get update -qq && apt-get install ...`), unless that RUN
    already updates before installing. The install then uses a fresh index, and this
    layer no longer holds one. When nothing after the update uses its index (no later
    install with that package manager, nor anything that may install: an installer tool,
    a script, a command named by a variable; an `apk add --update` or `--no-cache` fetches
    its own index), the fix removes the update. Then an image built FROM this one that
    installs without updating first would find no lists: the reason this fix is unsafe
    too. No removal when another stage or an ONBUILD trigger builds on this stage. No
    fix when a RUN in between may install or run a script, when the USER
    differs, when the install's RUN lacks a flag of this one (a `--mount`, `--network`)
    or has another `--network`, when the update is joined with `||` or `|`, sits inside
    a compound command beside other work (`if ...; then apt-get update && x; fi`; an
    `if` that only updates goes whole) or an `sh -c` string, or when the install is not
    at the start of a
    statement joined by `&&`, `;` or a line break. The fix and the one of
    `install-from-earlier-update` touch the same spot, so the fix loop applies one of
    them and the other no longer fires.
    """

    code = "DLX101"
    name = "update-without-install"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        updates = list(index_updates(script))
        if not updates or any(maybe_installs(c) for c in script.all_commands()):
            return
        for update in updates:
            family = _family(update.basename)
            later = self._later_install(instruction, family)
            self.report(
                (update.start, update.end),
                self._message(instruction, update, later),
                fix=self._fix(instruction, update, later),
            )

    def _fix(
        self,
        instruction: Instruction,
        update: Command,
        later: tuple[Instruction, Command] | None,
    ) -> Fix | None:
        """Move the update into the RUN of the install that needs it: remove it here
        (the whole RUN when nothing else is left) and put it in front of the install,
        unless that RUN already updates before installing."""
        if later is None:
            return self._removal(instruction, update)
        model = self.model
        run, install = later
        if model.user_at(model.outer(run)) != model.user_at(model.outer(instruction)):
            return None
        if not _flags_carry_over(model.outer(instruction), model.outer(run)):
            return None  # the update would run without a mount or with another network
        for between in later_instructions(self, instruction):
            if between is run:
                break
            if between.name != "RUN":
                continue
            script = model.script(between)
            if script is None or any(maybe_installs(c) for c in script.all_commands()):
                return None  # it may use the index this RUN leaves
        removal = remove_command(model, instruction, update)
        if removal is None:
            return None
        edits = [removal[0]]
        script = model.script(run)
        family = _family(update.basename)
        updated = script is not None and any(
            _family(u.basename) == family and u.start < install.start for u in index_updates(script)
        )
        if not updated:
            prefix = prefix_command(model, install, self._update_text(update))
            if prefix is None:
                return None
            edits.append(prefix)
        return Fix(
            f"move '{display(update)}' into the RUN of the {display(install)}",
            tuple(edits),
            Applicability.UNSAFE,
        )

    def _removal(self, instruction: Instruction, update: Command) -> Fix | None:
        """Nothing after the update uses its index: remove it (the whole RUN when
        nothing else is left). Not when a later RUN may install or run a script, when
        another stage or an ONBUILD trigger builds on this one, or for a trigger."""
        model = self.model
        stage = model.stage_of(instruction)
        if stage is None or model.outer(instruction) is not instruction:
            return None  # an ONBUILD trigger: the child image may use the lists
        if any(other.parent is stage for other in model.stages):
            return None  # a later stage builds on this one and may use the lists
        family = _family(update.basename)
        for later in later_instructions(self, instruction):
            if later.name == "ONBUILD":
                return None
            if later.name != "RUN":
                continue
            script = model.script(later)
            if script is None or any(_may_use(raw, family) for raw in script.all_commands()):
                return None
        removal = remove_command(model, instruction, update)
        if removal is None:
            return None
        title = f"remove '{display(update)}': nothing after it uses the index"
        return Fix(title, (removal[0],), Applicability.UNSAFE)

    def _update_text(self, update: Command) -> str:
        """The update as written (with ``sudo``, options) when it is on one plain line."""
        raw = raw_command(update)
        code = self.model.tree.code
        text = code[raw.start : raw.end]
        script = raw.script
        if script is not None and script.depth == 0 and "\n" not in text:
            written = script.source.text[raw.text_start : raw.text_end]
            if written == text:
                return text
        prefix = "sudo " if raw.basename == "sudo" else ""
        return prefix + display(update)

    def _message(
        self,
        instruction: Instruction,
        update: Command,
        later: tuple[Instruction, Command] | None,
    ) -> str:
        what = display(update)
        family = _family(update.basename)
        message = (
            f"'{what}' in a RUN that installs nothing: the index it downloads is frozen in "
            "this cached layer and goes stale"
        )
        if later is None:
            message += "; remove it, or run it in the same RUN as the install"
        else:
            run, command = later
            install, line = display(command), start_line(self, run)
            if family == "apt":
                message += (
                    f", so the {install} on line {line} can use old lists; run "
                    f"{what} && {install} in the same RUN"
                )
            else:
                message += f"; run it in the same RUN as the {install} on line {line}"
        if family == "apk":
            message += " (or use apk add --no-cache)"
        return message

    def _later_install(
        self, instruction: Instruction, family: str
    ) -> tuple[Instruction, Command] | None:
        for later in later_instructions(self, instruction):
            if later.name != "RUN":
                continue
            script = self.model.script(later)
            if script is None:
                continue
            for raw in script.all_commands():
                command = raw.unwrapped()
                if consumes_index(command) and _family(command.basename) == family:
                    if _own_index(command):
                        continue
                    return later, command
        return None


def _may_use(raw: Command, family: str) -> bool:
    """Whether a later command may use the index an update of ``family`` leaves: it may
    install (`maybe_installs`), and is not another manager's, nor an ``apk add`` that
    fetches its own index."""
    if not maybe_installs(raw):
        return False
    command = raw.unwrapped()
    if consumes_index(command):
        return _family(command.basename) == family and not _own_index(command)
    return True


def _own_index(command: Command) -> bool:
    """An ``apk add --update`` (``-U``, ``--no-cache``): it fetches its own index."""
    return command.basename == "apk" and command.has_option("--no-cache", "--update", "-U")


def _flags_carry_over(source: Instruction, target: Instruction) -> bool:
    """Whether ``target`` has every flag of ``source`` (mounts, network, security) and
    the same network: what ``source`` runs can run in ``target`` alike."""

    def flags(instruction: Instruction) -> set[tuple[str, str | None]]:
        return {(f.name.lower(), f.argument) for f in instruction.flags}

    def network(instruction: Instruction) -> set[tuple[str, str | None]]:
        return {f for f in flags(instruction) if f[0] == "network"}

    return flags(source) <= flags(target) and network(source) == network(target)
