"""DLX704 apt-instead-of-apt-get: a RUN uses `apt` instead of `apt-get`."""

from __future__ import annotations

from dlint_dockerfile.edits.shell import replace_word
from dlint_dockerfile.edits.text import word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.base_family import base_family
from dlint_dockerfile.model.mounts import cache_mount
from dlint_dockerfile.model.run_commands import run_commands, shell_script
from dlint_dockerfile.rules.shell._shared import name_span
from dlint_dockerfile.shell import Command
from dlint_dockerfile.syntax import Instruction

__all__ = ["AptInsteadOfAptGet"]


class AptInsteadOfAptGet(Rule):
    """A RUN uses `apt`, whose interface is meant for people, not scripts.

    ## What it does
    Reports every `apt` command in a RUN.

    **Differences from hadolint.** hadolint (DL3027) misses `apt` run through `sudo` or
    `env`; dlint reports it.

    ## Why
    `apt` warns that its CLI is not stable, shows progress bars and may change behaviour
    between releases. `apt-get` and `apt-cache` are the scriptable tools.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt update && apt install -y curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    The fix renames `apt` to `apt-get` for the actions apt-get runs the same way:

    - `update`, `remove`, `purge`, `autoremove`, `clean`, `autoclean`: safe.
    - `install`, `dist-upgrade`, `build-dep`, and `full-upgrade` (written `apt-get
      dist-upgrade`): safe when the downloaded packages do not stay in the layer with
      apt-get either: the base image is Debian, Ubuntu or an official image built on them
      (Docker's `docker-clean` apt setting deletes them), or the RUN runs `apt-get clean`,
      removes `/var/cache/apt/...` or mounts a cache there. Otherwise unsafe: apt deletes
      the downloaded `.deb` files after installing, apt-get keeps them in
      `/var/cache/apt/archives`, so the layer may grow.
    - `upgrade`: unsafe, since `apt upgrade` installs new dependencies and `apt-get
      upgrade` holds back the packages that need them.

    Only the output changes otherwise (no progress bar, no CLI warning). No fix is offered
    for `apt list`, `search`, `show`, `policy` and the other actions whose apt-get or
    apt-cache counterpart prints something else, or for an `apt` in an `sh -c` body.
    """

    code = "DLX704"
    name = "apt-instead-of-apt-get"
    aliases = ("DL3027",)
    category = "shell"
    severity = Severity.WARNING

    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename == "apt":
                self.report(
                    name_span(command),
                    "use `apt-get` or `apt-cache` instead of `apt`",
                    fix=self._fix(instruction, command),
                )

    def _fix(self, instruction: Instruction, command: Command) -> Fix | None:
        name = command.name
        positionals = command.positionals
        if name is None or not positionals:
            return None
        action = positionals[0].value or ""
        if action not in _APT_GET_SAME and action not in _APT_DOWNLOADS and action != "upgrade":
            return None
        if name.text != name.value or not word_is_plain(command, name):
            return None
        edits = [Edit(name.end, name.end, "-get")]
        if action == "full-upgrade":
            renamed = replace_word(command, positionals[0], "dist-upgrade")
            if renamed is None:
                return None
            edits.append(renamed)
        safe = action in _APT_GET_SAME or (
            action in _APT_DOWNLOADS and self._debs_do_not_stay(instruction)
        )
        title = f"use `apt-get {_APT_DOWNLOADS.get(action, action)}`"
        applicability = Applicability.SAFE if safe else Applicability.UNSAFE
        return Fix(title, tuple(edits), applicability)

    def _debs_do_not_stay(self, instruction: Instruction) -> bool:
        """Whether the downloaded .deb files leave the layer with apt-get too, as they do
        with apt: Docker's Debian and Ubuntu images delete them (`docker-clean`), or the
        RUN cleans or mounts /var/cache/apt."""
        model = self.model
        outer = model.outer(instruction)
        if base_family(model, instruction) == "debian" or cache_mount(outer, "/var/cache/apt"):
            return True
        script = shell_script(self.model, instruction)
        if script is None:  # pragma: no cover - the rule found a command
            return False
        for command in script.all_commands():
            command = command.unwrapped()
            if command.basename in ("apt-get", "apt") and command.subcommand == "clean":
                return True
            if command.basename == "rm" and any(
                (w.value or "").startswith("/var/cache/apt") for w in command.positionals
            ):
                return True
        return False


#: apt actions that apt-get runs the same way and that download nothing.
_APT_GET_SAME = frozenset({"update", "remove", "purge", "autoremove", "clean", "autoclean"})
#: apt actions that download packages, with the apt-get action that does the same.
_APT_DOWNLOADS = {
    "install": "install",
    "dist-upgrade": "dist-upgrade",
    "full-upgrade": "dist-upgrade",
    "build-dep": "build-dep",
}
