"""Shell family rules (DLX7xx): what RUN scripts do that misbehaves in an image build."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dlint_dockerfile.fixers.edits import (
    insert_after_word,
    insert_lines_after,
    insert_lines_before,
    word_is_plain,
)
from dlint_dockerfile.fixers.layers import SH_PATHS
from dlint_dockerfile.fixers.shell import (
    has_comment_line,
    heredoc_interpreter,
    keyword_case,
    prefix_script,
    replace_word,
    script_start,
)
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.base_family import base_family
from dlint_dockerfile.model.copies import copy_args, is_absolute_dest
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.model.mounts import cache_mount, relative_mount
from dlint_dockerfile.model.workdirs import known_workdir
from dlint_dockerfile.shell import Command, Script, ShellDialect, ShellWord
from dlint_dockerfile.shell.options import APT_DRY_RUN
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.syntax import Instruction, JsonString, Word

__all__ = [
    "SHELL_RULES",
    "AptGetInstallYes",
    "AptInsteadOfAptGet",
    "CdInRun",
    "DnfInstallYes",
    "InteractiveCommand",
    "LinkOverBinSh",
    "PipExternallyManaged",
    "PipeWithoutPipefail",
    "SudoInRun",
    "UseraddHighUid",
    "WgetAndCurl",
    "WgetProgress",
    "YumInstallYes",
    "ZypperDistUpgrade",
    "ZypperNonInteractive",
]


def _shell_script(rule: Rule, instruction: Instruction) -> Script | None:
    """The script of a shell-form (or heredoc) RUN; None for exec form and non-POSIX shells."""
    if instruction.exec_form is not None and not instruction.heredocs:
        return None
    return rule.model.script(instruction)


def _commands(rule: Rule, instruction: Instruction) -> tuple[Command, ...]:
    """Every command of a RUN (``sh -c`` bodies included), unwrapped from ``sudo``/``env``."""
    script = _shell_script(rule, instruction)
    return () if script is None else script.unwrapped_commands


def _name_span(command: Command) -> tuple[int, int]:
    name = command.name
    if name is None:
        return command.start, command.end
    return name.start, name.end


def _sets_pipefail(command: Command) -> bool:
    """``set -o pipefail``, ``set -euxo pipefail``, ``set -e -o pipefail``."""
    if command.basename != "set":
        return False
    args = command.args
    for i, word in enumerate(args[:-1]):
        value = word.value or ""
        short = value[:1] == "-" and value[1:2] not in ("-", "")
        if short and value.endswith("o") and args[i + 1].value == "pipefail":
            return True
    return False


class PipeWithoutPipefail(Rule):
    """A RUN pipes commands, but a failure before the last `|` does not fail the build.

    ## What it does
    Reports the first pipeline of a RUN when the stage's shell is a POSIX shell and pipefail
    is not on: neither the `SHELL` line (`-o pipefail`) nor a `set -o pipefail` earlier in
    the same RUN turns it on. With `/bin/sh` or `dash`, which may lack pipefail, the message
    suggests switching `SHELL` to bash.

    **Differences from hadolint.** hadolint (DL4006) ignores `set -o pipefail` inside the
    RUN; dlint accepts it, since the shell then does fail the pipeline. Pipes inside a `bash
    -c '...'` body run in a shell of their own and are not reported, as in hadolint.

    ## Why
    A pipeline's status is that of its last command: `curl -fsSL $URL | tar -xz` succeeds
    when the download fails, and the build goes on with a broken layer.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    ```

    ## Fix safety
    Unsafe: with pipefail on, a pipeline whose first command is cut short fails the build
    (`yes | head -1`, a `grep -q` that stops reading early), and a new SHELL changes how
    every later RUN and shell-form CMD/ENTRYPOINT of the stage runs. The fix depends on the
    shell that runs the script:

    - a shell with pipefail (a `SHELL` of bash, zsh, ksh, mksh or ash; a `/bin/sh` that is
      bash or BusyBox ash: Fedora, CentOS, RHEL UBI, Rocky, Alma, Amazon and Oracle Linux,
      openSUSE, Arch, Alpine, BusyBox; a heredoc whose `#!` line or `RUN <<EOF bash` names
      such a shell): pipefail is turned on in this RUN only. A leading `set -eux` becomes
      `set -euxo pipefail`; otherwise `set -o pipefail && ` goes before the script (`; `
      when the script starts a background job, a line of its own at the top of a heredoc).
    - the default `/bin/sh` (dash) on Debian, Ubuntu and the official images built on them
      (bash is always installed there): `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` goes
      above the stage's first RUN that pipes, so the stage's later RUNs run in bash too
      (`echo` and other dash built-ins behave differently in bash). The SHELL is also
      recorded in the image: the stages built on the stage and the images built FROM it
      run their shell-form instructions (ONBUILD triggers too) in bash with pipefail,
      and so does Docker a shell-form HEALTHCHECK the base image gives. No such fix when
      the stage, or a stage built on it, has a shell-form HEALTHCHECK (wherever it is
      written, Docker runs it with the image's SHELL: a check such as
      `wget -qO- localhost | grep -q ok` could start failing).

    No fix is offered for an `ONBUILD` trigger (it runs in another build, with that build's
    SHELL), for an explicit `/bin/dash`, for a Debian or Ubuntu `/bin/sh` given options
    other than `-c`, for a heredoc run by a shell without pipefail, or when the base image
    is unknown (a variable, `scratch`, distroless, Windows, or an image dlint does not
    know).
    """

    code = "DLX701"
    name = "pipe-without-pipefail"
    aliases = ("DL4006",)
    category = "shell"
    # Official images pipe downloads under /bin/sh (dash has no pipefail): real but
    # rarely actionable there, so info by default; raise it with `severity:` in config.
    severity = Severity.INFO

    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage, the RUN a `SHELL` line goes before (the first one reported).
        self._shell_anchor: dict[int, Instruction] = {}

    def visit_run(self, instruction: Instruction) -> None:
        dialect = self.model.shell_at(instruction)
        if dialect.sets_pipefail:
            return
        script = _shell_script(self, instruction)
        if script is None:
            return
        commands = script.commands
        for i, command in enumerate(commands):
            if _sets_pipefail(command):
                return
            if command.operator != "|" or i == 0:
                continue
            end = i
            while end + 1 < len(commands) and commands[end + 1].operator == "|":
                end += 1
            start = commands[i - 1].start
            if dialect.supports_pipefail:
                advice = (
                    "add `set -o pipefail &&` before it or "
                    f'`SHELL ["{dialect.argv[0]}", "-o", "pipefail", "-c"]`'
                )
            else:
                advice = 'use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (`/bin/ash` on Alpine)'
            self.report(
                (start, commands[end].end),
                f"a failure before the last `|` is ignored because pipefail is off; {advice}",
                fix=self._fix(instruction, script, dialect),
            )
            return

    def _fix(self, instruction: Instruction, script: Script, dialect: ShellDialect) -> Fix | None:
        model = self.model
        if model.outer(instruction) is not instruction:
            return None  # a trigger runs in another build, with that build's SHELL
        family = base_family(model, instruction)
        interpreter = heredoc_interpreter(model, instruction, script)
        if interpreter is not None:  # `#!/bin/bash` or `RUN <<EOF bash`: SHELL is not used
            dialect = ShellDialect((interpreter,))
            if dialect.name != "sh" and not dialect.supports_pipefail:
                return None
        plain_sh = dialect.name == "sh"
        if dialect.supports_pipefail or (plain_sh and family in _SH_WITH_PIPEFAIL):
            edit = _set_pipefail(model, instruction, script)
            if edit is None:
                return None
            return Fix("turn pipefail on in this RUN", (edit,), Applicability.UNSAFE)
        if dialect.argv == ("/bin/sh", "-c") and family == "debian":
            stage = model.stage_of(instruction)
            if stage is None or _shell_healthcheck(model, stage):
                return None
            key = stage.index
            anchor = self._shell_anchor.setdefault(key, instruction)
            shell = keyword_case(anchor, "SHELL") + ' ["/bin/bash", "-o", "pipefail", "-c"]'
            return Fix(
                "run the stage's shell commands with bash -o pipefail",
                (insert_lines_before(model, anchor, [shell]),),
                Applicability.UNSAFE,
            )
        return None


def _shell_healthcheck(model: DockerfileModel, stage: Stage) -> bool:
    """Whether the image of ``stage``, or of a stage built on it, has a shell-form
    HEALTHCHECK (an ONBUILD one too): Docker runs it with the image's SHELL."""
    for item in model.instructions:
        target = item.inner or item
        if target.name != "HEALTHCHECK" or target.shell_form is None:
            continue
        own = model.stage_of(item)
        while own is not None and own is not stage:
            own = own.parent
        if own is stage:
            return True
    return False


#: Base families whose /bin/sh has `set -o pipefail` (bash, BusyBox ash).
_SH_WITH_PIPEFAIL = frozenset({"rpm", "arch", "alpine", "busybox"})
_SHORT_FLAGS = re.compile(r"-[A-Za-z]+")
_OPTION_NAME = re.compile(r"[a-z]+")


def _set_pipefail(model: DockerfileModel, instruction: Instruction, script: Script) -> Edit | None:
    """``set -eux`` at the start of the script becomes ``set -euxo pipefail``; any other
    script gets ``set -o pipefail && `` (a line of its own in a heredoc)."""
    at = script_start(script)
    first = script.commands[0] if script.commands else None
    if first is not None and first.text_start == at and not first.context:
        extended = _extend_set(first)
        if extended is not None:
            return extended
    # `set -o pipefail && a | b & c` would set it in the background job only
    background = any(c.operator == "&" for c in script.commands)
    background = background or script.source.text.rstrip().endswith("&")
    separator = "; " if background else " && "
    return prefix_script(model, instruction, script, "set -o pipefail", separator)


def _value_at(words: tuple[ShellWord, ...], i: int) -> str:
    return (words[i].value or "") if i < len(words) else ""


def _extend_set(command: Command) -> Edit | None:
    """``set -e`` → ``set -eo pipefail``, ``set -o errexit`` → ``... -o pipefail``."""
    if command.name_value != "set" or command.assignments or command.redirects:
        return None
    args = command.args
    i = 0
    while i < len(args):
        value = args[i].value or ""
        if _SHORT_FLAGS.fullmatch(value) and "o" not in value:
            i += 1
        elif value == "-o" and _OPTION_NAME.fullmatch(_value_at(args, i + 1)):
            i += 2
        else:
            return None
    if not args or not word_is_plain(command, args[-1]):
        return None
    last = args[-1]
    suffix = "o pipefail" if len(args) == 1 else " -o pipefail"
    return Edit(last.end, last.end, suffix)


class CdInRun(Rule):
    """A RUN changes directory with `cd`; `WORKDIR` says it once and for every instruction.

    ## What it does
    Reports `cd` in a RUN, except in a `$(...)` substitution and in a `( ... )` subshell that
    more commands of the RUN follow (`(cd src && make) && make install`).

    **Differences from hadolint.** hadolint (DL3003) also reports `(cd src && make) && make
    install` and `$(cd dir && pwd)`, where the directory changes for part of the RUN only,
    which `WORKDIR` cannot express. hadolint does not look inside `sh -c '...'` bodies; dlint
    does. dlint does not know where a subshell ends, so in `(cd a && make); (cd b && make)`
    the first `cd` is still reported.

    ## Why
    `cd` only lasts for the RUN it is in, so later instructions silently run elsewhere;
    a `WORKDIR` is visible in the file and in the image config.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN cd /usr/src/app && make
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    WORKDIR /usr/src/app
    RUN make
    ```

    ## Fix safety
    When the RUN starts with `cd /absolute/dir && ...`, the fix removes `cd /absolute/dir && `
    and:

    - if the working directory before the RUN is that directory, nothing else: safe. The
      file must set it exactly: an absolute WORKDIR comes before in the stage or a stage
      it is built on, no WORKDIR from there on uses a variable (a build argument could
      change it), and no other fix of this rule moves it first.
    - otherwise it writes `WORKDIR /absolute/dir` above the RUN (keyword case kept):
      unsafe. Nothing after the RUN sees another working directory: when an absolute
      WORKDIR of the stage follows before any instruction that uses the working
      directory, that WORKDIR sets it again; otherwise the fix also writes `WORKDIR`
      back to the directory before, below the RUN, and when that directory is not known
      exactly (as above; a stage that inherits its base image's) no fix is offered. So
      later instructions, the stages built on the stage, its ONBUILD triggers and the
      image's working directory (where CMD, ENTRYPOINT and HEALTHCHECK, its own or its
      base image's, start) are unchanged.

    What uses the working directory, conservatively: a relative WORKDIR, a COPY or ADD to
    a relative destination (or one written with a variable), a relative VOLUME, and
    every RUN but one that starts with `cd /dir && `, joins all its other commands with
    `&&` or `|` (a failed `cd` runs nothing more) and mounts nothing on a relative target.

    What changes: each WORKDIR written adds a history entry and a layer to the image
    (empty when the directory exists, none for `/`); WORKDIR creates a missing
    directory where the `cd` failed the build, and the WORKDIR written back creates the
    directory before again if the RUN deleted it. Later RUNs that `cd` to the same
    directory lose their `cd` in the next round, without another WORKDIR.

    Comment lines between the `cd` and the next command stay. No fix is offered when the
    `cd` is not the RUN's first command, is not followed by `&&`, takes a relative,
    variable or quoted directory or options, sits in a subshell, an `sh -c` body or an
    `ONBUILD` trigger; nor when the RUN mounts something on a relative target (BuildKit
    mounts it under the working directory) or goes back to where it started (`cd -`,
    `$OLDPWD`).
    """

    code = "DLX702"
    name = "cd-in-run"
    aliases = ("DL3003",)
    category = "shell"
    # `cd` inside a RUN is normal in build scripts; only a habit worth noting by default.
    severity = Severity.INFO
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage, the directory a WORKDIR fix offered earlier in this lint moves to.
        self._moved_to: dict[int, str] = {}

    def visit_workdir(self, instruction: Instruction) -> None:
        if self.model.outer(instruction) is instruction:
            stage = self.model.stage_of(instruction)
            self._moved_to.pop(stage.index if stage is not None else -1, None)

    def visit_run(self, instruction: Instruction) -> None:
        script = _shell_script(self, instruction)
        if script is None:
            return
        top = [c.start for c in script.commands if "subshell" not in c.context]
        for command in _commands(self, instruction):
            if command.basename != "cd" or command.in_substitution:
                continue
            if "subshell" in command.context and any(s > command.end for s in top):
                continue
            self.report(
                _name_span(command),
                "use WORKDIR to change directory instead of `cd`",
                fix=self._fix(instruction, script, command),
            )

    def _fix(self, instruction: Instruction, script: Script, command: Command) -> Fix | None:
        """``RUN cd /dir && rest`` → ``WORKDIR /dir`` + ``RUN rest`` (+ ``WORKDIR`` back
        to the directory before, when anything after uses it)."""
        model = self.model
        if model.outer(instruction) is not instruction:
            return None
        cd = _leading_cd(script)
        if cd is None or command.name is not cd.command.name:
            return None
        if relative_mount(instruction) or _goes_back(script):
            return None  # the RUN itself would see another directory
        directory = cd.directory
        edits = _cut_cd(model, cd.command, cd.operator, cd.rest)
        resolved = posixpath.normpath(directory)
        stage = model.stage_of(instruction)
        key = stage.index if stage is not None else -1
        moved = self._moved_to.get(key)
        if moved == resolved:
            return None  # an earlier RUN's fix moves there; offered again after it
        settled = moved is None and not self._moved_before(stage)
        previous = known_workdir(model, instruction) if settled else None
        if previous == resolved:
            return Fix(f"remove `cd {directory}`: it is the WORKDIR", tuple(edits))
        keyword = keyword_case(instruction, "WORKDIR")
        if _workdir_kept_after(model, instruction):
            self._moved_to[key] = resolved
        elif previous is not None:
            edits.append(insert_lines_after(model, instruction, [f"{keyword} {previous}"]))
        else:
            return None  # the directory before is not known: it cannot be set back
        return Fix(
            f"move `cd {directory}` to a WORKDIR instruction",
            (insert_lines_before(model, instruction, [f"{keyword} {directory}"]), *edits),
            Applicability.UNSAFE,
        )

    def _moved_before(self, stage: Stage | None) -> bool:
        """Whether a WORKDIR fix offered in a stage this one is built on may change the
        working directory it inherits."""
        parent = stage.parent if stage is not None else None
        for _ in range(len(self.model.stages)):
            if parent is None:
                return False
            if parent.index in self._moved_to:
                return True
            parent = parent.parent
        return False


def _cut_cd(model: DockerfileModel, cd: Command, operator: int, rest: int) -> list[Edit]:
    """Edits removing ``cd DIR && `` up to the next command at ``rest``; comment lines in
    between stay, and so do the line continuations around them."""
    start = cd.start
    if not has_comment_line(model, start, rest):
        return [Edit(start, rest, "")]
    code = model.tree.code

    def blanks_end(i: int) -> int:
        while i < len(code) and code[i] in " \t":
            i += 1
        return i

    after_operator = blanks_end(operator + 2)
    if "\n" not in code[start:operator]:  # `cd DIR && \` + comment lines + the command
        return [Edit(start, after_operator, "")]
    # `cd DIR \`, comment lines, `&& command`: cut both lines and keep the comments
    same_line = "\n" not in code[operator:rest]
    return [
        Edit(start, blanks_end(cd.end), ""),
        Edit(operator, rest if same_line else after_operator, ""),
    ]




#: Directories written the same way in WORKDIR as in `cd`: absolute, nothing to quote.
_WORKDIR_PATH = re.compile(r"/[A-Za-z0-9_./@%+=:,~-]*")


@dataclass(frozen=True)
class _LeadingCd:
    """``cd /absolute/dir && `` starting a script: the command, its directory, and the
    offsets in the file of its ``&&`` and of the command after it."""

    command: Command
    directory: str
    operator: int
    rest: int


def _leading_cd(script: Script) -> _LeadingCd | None:
    """The script's ``cd /dir && `` when it is its first command, written plainly."""
    first = script.commands[0] if script.commands else None
    if first is None or first.basename != "cd" or first.name is None:
        return None
    if first.context or first.text_start != script_start(script):
        return None
    if first.assignments or first.redirects or len(first.args) != 1:
        return None
    target = first.args[0]
    directory = target.value
    if directory is None or not _WORKDIR_PATH.fullmatch(directory):
        return None
    if not (word_is_plain(first, first.name) and word_is_plain(first, target)):
        return None
    text = script.source.text
    at = first.text_end
    while at < len(text) and text[at] in " \t":
        at += 1
    if text[at : at + 2] != "&&":
        return None
    operator = script.source.offset(at)
    at += 2
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    if at >= len(text):
        return None
    return _LeadingCd(first, directory, operator, script.source.offset(at))


def _goes_back(script: Script) -> bool:
    """Whether the script uses the directory it was started in after a `cd`: ``cd -`` or
    ``$OLDPWD``."""
    for command in script.all_commands():
        if command.basename == "cd" and command.args and command.args[0].value == "-":
            return True
        if any("OLDPWD" in word.variables for word in command.words):
            return True
    return False


#: How an instruction relates to the working directory it starts in (see `_workdir_use`).
_IGNORES, _USES, _SETS = "ignores", "uses", "sets"


def _workdir_use(model: DockerfileModel, instruction: Instruction) -> str:
    """Whether ``instruction`` uses the working directory it starts in (conservatively),
    ignores it, or sets an absolute one.

    Uses it: a relative WORKDIR; COPY/ADD to a relative destination (or one written with
    a variable); a relative VOLUME; a RUN, unless it starts with ``cd /dir && `` and
    nothing of it runs when that `cd` fails. CMD, ENTRYPOINT, HEALTHCHECK, ONBUILD
    triggers and the stages built on the stage take the working directory the stage
    ends with, wherever they are written (see `_workdir_kept_after`).
    """
    name = instruction.name
    if name == "WORKDIR":
        text = "".join(a.code for a in instruction.arguments).strip()
        return _SETS if is_absolute_dest(text) else _USES
    if name in ("COPY", "ADD"):
        dest = copy_args(model, instruction).dest
        return _IGNORES if dest is not None and is_absolute_dest(dest.raw) else _USES
    if name == "RUN":
        return _IGNORES if _run_ignores_workdir(model, instruction) else _USES
    if name == "VOLUME":
        paths = [a.value for a in instruction.arguments if isinstance(a, (Word, JsonString))]
        return _IGNORES if all(p.startswith("/") for p in paths) else _USES
    return _IGNORES


def _run_ignores_workdir(model: DockerfileModel, instruction: Instruction) -> bool:
    """A RUN that starts with ``cd /dir && `` whose other commands are all joined by
    ``&&`` or ``|`` (a failed `cd` runs nothing more), mounting nothing on a relative
    target."""
    if relative_mount(instruction):
        return False
    if instruction.exec_form is not None and not instruction.heredocs:
        return False
    script = model.script(instruction)
    if script is None or _leading_cd(script) is None:
        return False
    later = script.commands[1:]
    return all(c.operator in ("&&", "|") for c in later if not c.in_substitution)


def _workdir_kept_after(model: DockerfileModel, run: Instruction) -> bool:
    """Whether a working directory set just before ``run`` changes nothing after it: an
    absolute WORKDIR of the stage follows before any instruction that uses the working
    directory (see `_workdir_use`). Otherwise it would reach those instructions, or the
    end of the stage: the image's working directory, which the image's CMD, ENTRYPOINT
    and HEALTHCHECK (its own or its base image's), its ONBUILD triggers and the stages
    built on it start in."""
    stage = model.stage_of(run)
    if stage is None:
        return False
    instructions = stage.instructions
    at = next(i for i, x in enumerate(instructions) if x is run)
    for instruction in instructions[at + 1 :]:
        use = _workdir_use(model, instruction)
        if use != _IGNORES:
            return use == _SETS
    return False


class SudoInRun(Rule):
    """A RUN uses `sudo`; the build runs as the current USER and `sudo` only hides that.

    ## What it does
    Reports every `sudo` command in a RUN (also inside `sh -c` bodies).

    ## Why
    `sudo` needs to be installed and configured, may prompt or behave differently by TTY, and
    makes it unclear which user a step runs as. Switch with `USER root` for the steps that
    need it, and use `gosu`/`su-exec` at run time.

    ## Example
    ```dockerfile
    FROM debian:12
    USER app
    RUN sudo apt-get update
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update
    USER app
    ```

    ## Fix safety
    Unsafe: the fix removes `sudo` and its options (`-n`, `-E`, `-H`, `-u root`), leaving
    the command. It does so only when the RUN runs as root: after a `USER root`, or with
    no USER and a base image dlint knows (Debian, Ubuntu, Alpine, Fedora and the like,
    and the official images built on them, which run as root). The command still sees a
    different environment: sudo resets it and PATH, the plain command keeps the build's.
    No fix is offered after a USER that names another user (sudo is how the RUN gets
    root there: move the step above the USER instead), with no USER on an unknown base
    image (images that ship sudo often run as another user), for other sudo options
    (`-u app`, `-i`, `-s`...), for `sudo VAR=value cmd`, or inside an `sh -c` body.
    """

    code = "DLX703"
    name = "sudo-in-run"
    aliases = ("DL3004",)
    category = "shell"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        script = _shell_script(self, instruction)
        if script is None:
            return
        for command in script.all_commands():
            if command.basename == "sudo":
                self.report(
                    _name_span(command),
                    "do not use `sudo`; switch with USER instead",
                    fix=self._fix(instruction, command),
                )

    def _fix(self, instruction: Instruction, command: Command) -> Fix | None:
        """``sudo [-n|-E|-H|-u root] cmd`` → ``cmd``."""
        model = self.model
        user = model.user_at(instruction)
        if user is None and base_family(model, instruction) is None:
            return None  # images that ship sudo often run as another user by default
        if user is not None and user.partition(":")[0] not in _ROOT:
            return None  # sudo is how this RUN gets root: without it the command fails
        positionals = command.positionals
        name = command.name
        if not positionals or name is None:
            return None
        inner = positionals[0]
        if "=" in inner.text or inner.text.startswith("-"):
            return None  # `sudo VAR=1 cmd`, or an option dlint does not know
        own = command.args[: command.args.index(inner)]  # sudo's options, not the command's
        for option in command.options:
            if option.word not in own:
                continue
            if option.name not in _SUDO_HARMLESS and not (
                option.name in ("u", "user") and option.value in _ROOT
            ):
                return None
        if not (word_is_plain(command, name) and word_is_plain(command, inner)):
            return None
        start, end = name.start, inner.start
        if end - start != inner.text_start - name.text_start:
            return None  # a line continuation or escape in between
        return Fix("remove `sudo`", (Edit(start, end, ""),), Applicability.UNSAFE)


_ROOT = frozenset({"root", "0", "#0"})
#: sudo options that do not change who runs the command or how.
_SUDO_HARMLESS = frozenset({"n", "non-interactive", "E", "preserve-env", "H", "set-home"})


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
        for command in _commands(self, instruction):
            if command.basename == "apt":
                self.report(
                    _name_span(command),
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
        script = _shell_script(self, instruction)
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


def _subcommand_span(command: Command) -> tuple[int, int]:
    start, end = _name_span(command)
    positionals = command.positionals
    if positionals:
        end = positionals[0].end
    return start, end


def _apt_quiet_level(command: Command) -> int:
    """How quiet ``apt-get`` is: ``-q`` counts 1, ``-qq`` 2, ``-q=2``/``--quiet=2`` 2."""
    level = 0
    words: set[int] = set()
    for option in command.options:
        text = option.word.value or ""
        if text.startswith(("-q=", "--quiet=")):
            if id(option.word) not in words:
                words.add(id(option.word))
                value = text.partition("=")[2]
                level += int(value) if value.isdigit() else 1
        elif option.name == ("quiet" if option.long else "q"):
            level += 1
    return level


class AptGetInstallYes(Rule):
    """`apt-get install` without `-y` waits for an answer the build never gives.

    ## What it does
    Reports `apt-get install` without `-y`/`--yes`/`--assume-yes` or a quiet level of 2
    (`-qq`, `-q -q`, `-q=2`), which implies yes. Dry runs (`-s`, `--simulate`...) install
    nothing and never ask, so they are left alone.

    **Differences from hadolint.** hadolint (DL3014) does not count `--quiet=2` and `-q=2`;
    dlint does, as apt-get does. hadolint also reports dry runs (`apt-get install -s`, used
    by the official postgres images to test whether a package exists); dlint does not.

    ## Why
    Without it apt-get asks for confirmation, reads end-of-file and aborts the install.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    Safe: the fix writes `-y` right after `install` (`apt-get install -y curl`, also when
    the packages follow on continuation lines). apt-get without it aborts the build as
    soon as it would ask; with it the install goes ahead as the RUN meant. No fix is
    offered when `install` is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX705"
    name = "apt-get-install-yes"
    aliases = ("DL3014",)
    category = "shell"
    severity = Severity.WARNING

    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename != "apt-get" or command.subcommand != "install":
                continue
            if command.has_option("-y", "--yes", "--assume-yes") or _apt_quiet_level(command) >= 2:
                continue
            if command.has_option(*APT_DRY_RUN):  # a dry run never asks
                continue
            self.report(
                _subcommand_span(command),
                "add `-y` so `apt-get install` does not prompt",
                fix=_option_fix(command, command.positionals[0], "-y", Applicability.SAFE),
            )


def _option_fix(
    command: Command, after: ShellWord, option: str, applicability: Applicability
) -> Fix | None:
    """A fix that writes ``option`` right after the word ``after`` (the command's name or
    its sub-command), on the same line."""
    edit = insert_after_word(command, after, option)
    if edit is None:
        return None
    return Fix(f"add `{option}`", (edit,), applicability)


class _YesRule(Rule):
    """`<manager> install` without its assume-yes option."""

    tools: tuple[str, ...] = ()
    actions: frozenset[str] = frozenset()
    yes: tuple[str, ...] = ("-y", "--assumeyes")
    hint = "-y"
    #: Whether the option goes right after the tool's name (a global option) rather than
    #: after the sub-command.
    global_option = False
    #: Tools whose older versions reject the option (the fix is unsafe for them).
    unsure: frozenset[str] = frozenset()
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename not in self.tools or command.subcommand not in self.actions:
                continue
            if command.has_option(*self.yes):
                continue
            head = f"{command.basename} {command.subcommand}"
            after = command.name if self.global_option else command.positionals[0]
            safety = Applicability.UNSAFE if command.basename in self.unsure else Applicability.SAFE
            self.report(
                _subcommand_span(command),
                f"add `{self.hint}` so `{head}` does not prompt",
                fix=_option_fix(command, after, self.hint, safety) if after is not None else None,
            )


class YumInstallYes(_YesRule):
    """`yum install` without `-y` waits for an answer the build never gives.

    ## What it does
    Reports `yum install`, `groupinstall` and `localinstall` without `-y`/`--assumeyes`.

    ## Why
    yum asks for confirmation, reads end-of-file and aborts.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install httpd && yum clean all
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Fix safety
    Safe: the fix writes `-y` right after the action (`yum install -y httpd`). Without it
    yum aborts the build when it would ask; with it the install goes ahead. No fix is
    offered when the action is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX706"
    name = "yum-install-yes"
    aliases = ("DL3030",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("yum",)
    actions = frozenset({"install", "groupinstall", "localinstall"})


class DnfInstallYes(_YesRule):
    """`dnf install` without `-y` waits for an answer the build never gives.

    ## What it does
    Reports `dnf`, `microdnf` and `tdnf` `install`, `groupinstall` and `localinstall` without
    `-y`/`--assumeyes`.

    **Differences from hadolint.** hadolint (DL3038) does not check `tdnf`, which prompts
    the same way.

    ## Why
    dnf asks for confirmation, reads end-of-file and aborts.

    ## Example
    ```dockerfile
    FROM fedora:40
    RUN dnf install httpd && dnf clean all
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Fix safety
    The fix writes `-y` right after the action (`dnf install -y httpd`): safe for `dnf` and
    `tdnf`, which otherwise abort the build when they would ask. Unsafe for `microdnf`:
    older versions (in early RHEL 8 and Oracle Linux 8 minimal images) never ask and do
    not accept `-y`, so the fix would break a build that works there. No fix is offered
    when the action is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX707"
    name = "dnf-install-yes"
    aliases = ("DL3038",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("dnf", "microdnf", "tdnf")
    actions = frozenset({"install", "groupinstall", "localinstall"})
    unsure = frozenset({"microdnf"})


class ZypperNonInteractive(_YesRule):
    """`zypper install` without `-n` waits for an answer the build never gives.

    ## What it does
    Reports zypper `install`/`in`, `remove`/`rm`, `source-install`/`si` and `patch` without
    `-n`/`--non-interactive` or `-y`/`--no-confirm`.

    ## Why
    zypper asks for confirmation, reads end-of-file and aborts.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install curl && zypper clean
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl && zypper clean
    ```

    ## Fix safety
    Safe: the fix writes the global option `--non-interactive` right after `zypper`
    (`zypper --non-interactive install curl`), as the message says. Without it zypper
    aborts the build when it would ask; with it zypper takes the default answers, which
    accept the install. No fix is offered when `zypper` is written inside an `sh -c '...'`
    body or with escapes.
    """

    code = "DLX708"
    name = "zypper-non-interactive"
    aliases = ("DL3034",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("zypper",)
    actions = frozenset({"install", "in", "remove", "rm", "source-install", "si", "patch"})
    yes = ("-n", "--non-interactive", "-y", "--no-confirm")
    hint = "--non-interactive"
    global_option = True


class ZypperDistUpgrade(Rule):
    """`zypper dist-upgrade` in a build moves the image to a different distribution state.

    ## What it does
    Reports `zypper dist-upgrade` and `zypper dup`.

    ## Why
    A dist-upgrade can change vendors and major versions of packages behind the base image's
    back; the result depends on the day of the build. Use a newer base image instead.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper -n dist-upgrade
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper -n patch
    ```

    ## Fix safety
    No automatic fix: replacing the upgrade (by `patch`, `update` or a newer base image)
    changes what ends up in the image, which only the author can decide.
    """

    code = "DLX709"
    name = "zypper-dist-upgrade"
    aliases = ("DL3035",)
    category = "shell"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename == "zypper" and command.subcommand in ("dist-upgrade", "dup"):
                self.report(
                    _subcommand_span(command),
                    "do not run `zypper dist-upgrade` in a build; use a newer base image",
                )


class WgetAndCurl(Rule):
    """A stage downloads with both `wget` and `curl`; one tool is enough.

    ## What it does
    Reports, once a stage has used both tools, the first `wget` or `curl` of every RUN from
    then on (the RUN that brings in the second tool included).

    ## Why
    Two download tools mean two packages to install and keep patched, and two sets of
    flags for failing on HTTP errors.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN wget -q https://example.com/a.tgz
    RUN curl -fsSLO https://example.com/b.tgz
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN curl -fsSLO https://example.com/a.tgz
    RUN curl -fsSLO https://example.com/b.tgz
    ```

    ## Fix safety
    No automatic fix: wget and curl options, defaults (redirects, HTTP errors, output
    file names) and exit codes differ, so rewriting one into the other is not mechanical.
    """

    code = "DLX710"
    name = "wget-and-curl"
    aliases = ("DL4001",)
    category = "shell"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._seen: dict[int, set[str]] = {}

    def visit_run(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        seen = self._seen.setdefault(stage.index if stage is not None else -1, set())
        first: Command | None = None
        for command in _commands(self, instruction):
            if command.basename in ("wget", "curl"):
                seen.add(command.basename)
                first = first or command
        if first is not None and len(seen) == 2:
            self.report(_name_span(first), "this stage uses both wget and curl; use only one")


_WGET_QUIET = ("-q", "--quiet", "--no-verbose", "--progress", "-o", "--output-file", "-a")


class WgetProgress(Rule):
    """`wget` without a progress setting floods the build log with progress bars.

    ## What it does
    Reports `wget` with none of `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=...`,
    `-o`/`--output-file` or `-a`/`--append-output`.

    ## Why
    Without a TTY wget prints a dot for every few kilobytes: large downloads write megabytes
    of log, which slows CI and hides real output.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN wget https://example.com/app.tgz
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN wget --progress=dot:giga https://example.com/app.tgz
    ```

    ## Fix safety
    Safe, only the build log changes: the fix writes `--progress=dot:giga` right after
    `wget` when the base image is Debian, Ubuntu, a RHEL/Fedora/SUSE family or Arch image
    (or an official image built on one), whose wget is GNU wget. On Alpine, BusyBox and
    unknown base images it writes `-q` instead: BusyBox wget has no `--progress` and would
    fail, and `-q` works with both (GNU wget then also hides its error messages). No fix
    is offered when `wget` is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX711"
    name = "wget-progress"
    aliases = ("DL3047",)
    category = "shell"
    severity = Severity.INFO
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename != "wget":
                continue
            if command.has_option(*_WGET_QUIET, "--append-output"):
                continue
            if any((w.value or "") == "-nv" for w in command.args):
                continue
            self.report(
                _name_span(command),
                "add `--progress=dot:giga` (or `-q`/`-nv`) so wget does not flood the log",
                fix=self._fix(instruction, command),
            )

    def _fix(self, instruction: Instruction, command: Command) -> Fix | None:
        if command.name is None:  # pragma: no cover - the rule found a name
            return None
        gnu = base_family(self.model, instruction) in _GNU_WGET
        option = "--progress=dot:giga" if gnu else "-q"
        return _option_fix(command, command.name, option, Applicability.SAFE)


#: Base families whose wget is GNU wget (BusyBox wget has no `--progress`).
_GNU_WGET = frozenset({"debian", "rpm", "arch"})


class UseraddHighUid(Rule):
    """`useradd` with a high UID and without `-l` writes huge lastlog/faillog files.

    ## What it does
    Reports `useradd -u UID` (or `--uid`) with a UID above 99999 and no `-l`/`--no-log-init`.

    **Differences from hadolint.** hadolint (DL3046) checks `-u` only (not `--uid`) and
    reports any UID given by a variable; dlint resolves the variable from its ARG/ENV default
    and stays silent when it has none.

    ## Why
    useradd reserves a record for every UID up to the new one in the sparse `/var/log/lastlog`
    and `faillog` files, and image layers store them in full: gigabytes for a large UID.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd -u 123456 app
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd -l -u 123456 app
    ```

    ## Fix safety
    Safe: the fix writes `-l` right after `useradd`. The user, its UID and home are the
    same; only the zeroed lastlog/faillog records of a user that never logged in are not
    written, which is what keeps the layer small. No fix is offered when `useradd` is
    written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX712"
    name = "useradd-high-uid"
    aliases = ("DL3046",)
    category = "shell"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename != "useradd" or command.has_option("-l", "--no-log-init"):
                continue
            option = command.option("-u", "--uid")
            if option is None:
                continue
            value = option.value
            if value is None:
                value = self._expanded_value(command, option.word, instruction)
            if value is None or not value.isdigit() or int(value) <= 99999:
                continue
            start, end = option.word.start, option.word.end
            text = option.word.value or ""
            if not text.endswith(value):
                args = command.args
                at = args.index(option.word)
                if at + 1 < len(args):
                    end = args[at + 1].end
            name = command.name
            self.report(
                (start, end),
                f"add `-l` (`--no-log-init`): UID {value} makes lastlog/faillog huge",
                fix=_option_fix(command, name, "-l", Applicability.SAFE) if name else None,
            )

    def _expanded_value(
        self, command: Command, word: ShellWord, instruction: Instruction
    ) -> str | None:
        """The value of ``-u $UID`` from the ARG/ENV defaults, when they give it."""
        args = command.args
        at = args.index(word)
        text = word.value or ""
        if text.startswith("--uid="):
            raw = word.text.partition("=")[2]
        elif at + 1 < len(args):
            raw = args[at + 1].text
        else:
            return None
        expansion = self.model.expand(raw.strip('"'), instruction)
        return expansion.text if expansion.complete else None


class LinkOverBinSh(Rule):
    """A RUN replaces `/bin/sh` with a link to another shell; use SHELL instead.

    ## What it does
    Reports `ln` whose destination is `/bin/sh` or `/usr/bin/sh`.

    **Differences from hadolint.** hadolint (DL4005) reports `/bin/sh` anywhere in an `ln`
    command, also as the link target (`ln -s /bin/sh /usr/local/bin/x`); dlint only reports
    it as the destination, and also reports `/usr/bin/sh` (the same file on merged-/usr
    systems).

    ## Why
    Relinking `/bin/sh` changes the shell of every script and package hook in the image,
    not just of the Dockerfile's RUNs. `SHELL` changes what RUN uses and nothing else.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN ln -sf /bin/bash /bin/sh
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    SHELL ["/bin/bash", "-c"]
    ```

    ## Fix safety
    No automatic fix: the link changes the shell of every script in the image, not only
    of RUN; whether a SHELL instruction is enough depends on what the image runs.
    """

    code = "DLX713"
    name = "link-over-bin-sh"
    aliases = ("DL4005",)
    category = "shell"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename != "ln":
                continue
            positionals = command.positionals
            if len(positionals) < 2 or positionals[-1].value not in SH_PATHS:
                continue
            target = positionals[-1]
            self.report(
                (target.start, target.end),
                "do not relink /bin/sh; use SHELL to change the shell of RUN",
            )


_INTERACTIVE = frozenset(
    {"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"}
)


class InteractiveCommand(Rule):
    """A RUN calls a command that is interactive or meaningless during a build.

    ## What it does
    Reports `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` and
    `ifconfig` run as commands (not as package names).

    ## Why
    A build step has no terminal, no init system and no running services: these commands
    hang, fail, or report on the throw-away build container rather than the final one.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN service nginx start
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    CMD ["nginx", "-g", "daemon off;"]
    ```

    ## Fix safety
    No automatic fix: removing the command may break the commands after it in the RUN
    (a service started for a later step), so it needs a person.
    """

    code = "DLX714"
    name = "interactive-command"
    aliases = ("DL3001",)
    category = "shell"
    severity = Severity.INFO

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            name = command.basename
            if name in _INTERACTIVE:
                self.report(
                    _name_span(command), f"`{name}` makes no sense in a build step; remove it"
                )


# -------------------------------------------------------------------------- DLX716

#: Debian and Ubuntu releases whose system Python is marked EXTERNALLY-MANAGED (PEP 668):
#: Debian 12 (bookworm) and later, Ubuntu 23.04 (lunar) and later.
_PEP668_CODENAMES = frozenset(
    {"bookworm", "trixie", "forky", "sid", "lunar", "mantic", "noble", "oracular"}
    | {"plucky", "questing"}
)
#: Tags of the distribution images that name such a release without a codename.
_PEP668_DISTRO_TAGS = {
    "debian": frozenset({"latest", "stable", "testing", "unstable", "experimental"}),
    "ubuntu": frozenset({"latest", "rolling", "devel"}),
    "alpine": frozenset({"latest", "edge"}),
}
#: Where a release number starts a tag: Debian 12+, Ubuntu 23.04+, Alpine 3.19+.
_PEP668_FIRST = {"debian": (12,), "ubuntu": (23, 4), "alpine": (3, 19)}
_RELEASE = re.compile(r"(\d+)(?:\.(\d+))?")
_ALPINE_TAG = re.compile(r"alpine(\d+)\.(\d+)")
#: Images with a Python of their own (built from source, conda): no marker there.
_OWN_PYTHON = ("python", "pypy", "conda", "mamba", "jupyter")
#: pip options that skip pip's externally-managed check (``--dry-run`` only with
#: ``--report``).
_PEP668_SKIP = ("--break-system-packages", "-t", "--target", "--prefix", "--root")
#: Commands after which, in the same RUN, pip may be another Python's.
_ENVIRONMENT_CHANGERS = frozenset(
    {".", "source", "conda", "mamba", "micromamba", "pyenv", "virtualenv", "uv", "poetry"}
)
#: Variables that turn the check off or point pip elsewhere when ENV or ARG sets them.
_PEP668_VARIABLES = ("PIP_BREAK_SYSTEM_PACKAGES", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "CONDA_PREFIX")
_STANDARD_PATH = frozenset(
    {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}
)


def _release_at_least(tag: str, first: tuple[int, ...]) -> bool:
    match = _RELEASE.match(tag)
    if match is None:
        return False
    numbers = tuple(int(n) for n in match.groups() if n is not None)
    return numbers >= first


def pep668_base(stage: Stage) -> bool | None:
    """Whether a root stage's image is a release whose apt/apk Python is externally managed:
    True for the distribution's own image (``debian:12``, ``ubuntu:24.04``,
    ``alpine:3.20``), False for another image whose tag names such a release
    (``node:22-bookworm``, ``golang:1.23-alpine3.20``), None when not known to be one."""
    image = stage.image
    if image is None:
        return None
    name = image.repository.rsplit("/", 1)[-1]
    tag = (image.tag or "latest").lower()
    if image.repository in (f"library/{name}", name) and name in _PEP668_FIRST:
        words = set(re.split(r"[-_.]", tag))
        if tag in _PEP668_DISTRO_TAGS[name] or words & _PEP668_CODENAMES:
            return True
        if name == "debian" and tag.startswith("stable-"):
            return True
        return _release_at_least(tag, _PEP668_FIRST[name]) or None
    if any(word in image.repository for word in _OWN_PYTHON):
        return None
    if set(re.split(r"[-_]", tag)) & _PEP668_CODENAMES:
        return False
    alpine = _ALPINE_TAG.search(tag)
    if alpine and (int(alpine.group(1)), int(alpine.group(2))) >= _PEP668_FIRST["alpine"]:
        return False
    return None


def _installs_system_python(command: Command) -> bool:
    """``apt-get install python3...`` or ``apk add python3 / py3-...``."""
    base = command.basename
    sub = command.subcommand
    packages = [w.value or "" for w in command.arguments_after_subcommand()]
    if base in ("apt-get", "apt") and sub == "install":
        return any(p.startswith("python3") or p == "python-is-python3" for p in packages)
    if base == "apk" and sub == "add":
        return any(p == "python3" or p.startswith(("python3=", "py3-")) for p in packages)
    return False


def _turns_check_off(word: ShellWord) -> bool:
    """A word that may turn pip's check off: the marker file named (removed), the
    ``break-system-packages`` setting (pip config, pip.conf) or its environment variable."""
    text = word.text
    return (
        "EXTERNALLY-MANAGED" in text
        or "break-system-packages" in text.lower()
        or "PIP_BREAK_SYSTEM_PACKAGES" in text
    )


class PipExternallyManaged(Rule):
    """`pip install` into a system Python that PEP 668 marks externally managed: the build fails.

    ## What it does
    Reports `pip install` and `pip uninstall` (also `pip3`, `python3 -m pip`) run with the
    Python of the distribution's packages on a release that marks it externally managed
    (PEP 668): Debian 12 (bookworm) and later, Ubuntu 23.04 (lunar) and later, Alpine 3.19
    and later, once the Dockerfile installs `python3` (or any `python3-*` / `py3-*`
    package) with `apt-get` or `apk` in the stage or a stage it is built on. It is an error
    on the distribution's own images (`debian:12`, `ubuntu:24.04`, `alpine:3.20`), where
    pip certainly fails with `error: externally-managed-environment`, and a warning on
    other images whose tag names such a release (`node:22-bookworm`).

    Not reported: the `python` and conda images (their Python is built apart, without the
    marker), pip run from a path (`/opt/venv/bin/pip`), the options pip exempts
    (`--break-system-packages`, `--target`, `--prefix`, `--root`, `--dry-run --report`;
    `--user` is not exempt), `PIP_BREAK_SYSTEM_PACKAGES` set by ENV, ARG or in the RUN, a
    `PATH` or `VIRTUAL_ENV` set by ENV (a venv), and a RUN that activates an environment
    (`. venv/bin/activate`, `conda`, `pyenv`...) before pip. Earlier commands that remove
    the `EXTERNALLY-MANAGED` file or set `break-system-packages` (`pip config set`,
    a `pip.conf`) also silence it. `pipx install` is fine.

    ## Why
    Since PEP 668, pip refuses to install into a Python that the system's package
    manager owns, because the two would overwrite each other's files: the RUN fails. A
    virtual environment keeps the application's packages apart; `apt-get install
    python3-<name>` installs the distribution's build of a package.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \\
     && rm -rf /var/lib/apt/lists/*
    RUN pip install --no-cache-dir requests==2.32.3
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends python3-venv \\
     && rm -rf /var/lib/apt/lists/*
    RUN python3 -m venv /opt/venv
    RUN /opt/venv/bin/pip install --no-cache-dir requests==2.32.3
    ```

    ## Fix safety
    Unsafe: the fix adds `--break-system-packages` after `install`: the build then works,
    but pip writes over the distribution's Python packages, which can break the system's
    own Python tools (and a later `apt-get` upgrade can overwrite what pip installed). A
    virtual environment is the better change; the fix only restores what the Dockerfile
    did before PEP 668. No fix for `pip uninstall` or when the word is inside a quoted
    `sh -c` script.
    """

    code = "DLX716"
    name = "pip-externally-managed"
    category = "shell"
    severity = Severity.ERROR
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage index: (a system Python was installed, the check was turned off).
        self.state: dict[int, tuple[bool, bool]] = {}

    def _state(self, stage: Stage) -> tuple[bool, bool]:
        found = self.state.get(stage.index)
        if found is None:
            parent = stage.parent
            found = self._state(parent) if parent is not None else (False, False)
            self.state[stage.index] = found
        return found

    def visit_run(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        script = _shell_script(self, instruction)
        if stage is None or script is None:
            return
        installed, escaped = self._state(stage)
        certain = self._base(stage)
        exported = changed = False
        for raw in script.all_commands():
            command = raw.unwrapped()
            installed = installed or _installs_system_python(command)
            pip = pip_command(command)
            runs_pip = pip is not None and pip.subcommand in ("install", "uninstall")
            off = any(_turns_check_off(w) for w in (*raw.assignments, *raw.args))
            if off and command.basename == "export":
                exported = True  # for the rest of this RUN
            elif off and not runs_pip:
                escaped = True  # a file or setting that stays
            changed = changed or command.basename in _ENVIRONMENT_CHANGERS
            if certain is None or not installed or escaped or exported or changed or off:
                continue
            if pip is not None and runs_pip and self._fails(instruction, command, pip):
                self._report(command, pip, certain)
        if self.model.outer(instruction) is instruction:
            self.state[stage.index] = (installed, escaped)

    def visit_copy(self, instruction: Instruction) -> None:
        """A copied pip configuration may set ``break-system-packages``: stay quiet."""
        stage = self.model.stage_of(instruction)
        if stage is None or self.model.outer(instruction) is not instruction:
            return
        args = copy_args(self.model, instruction)
        paths = [s.text_or_raw for s in args.sources]
        if args.dest is not None:
            paths.append(args.dest.text_or_raw)
        if any(posixpath.basename(p.rstrip("/")) in ("pip.conf", "pip.ini") for p in paths):
            self.state[stage.index] = (self._state(stage)[0], True)

    visit_add = visit_copy

    def _base(self, stage: Stage) -> bool | None:
        """`pep668_base` of the image at the root of the stage's ``FROM`` chain."""
        root = stage
        for _ in self.model.stages:
            if root.parent is None:
                break
            root = root.parent
        return pep668_base(root)

    def _fails(self, instruction: Instruction, command: Command, pip: Command) -> bool:
        name = command.name_value or ""
        if "/" in name and posixpath.dirname(name) not in ("/usr/bin", "/bin"):
            return False
        base = command.basename or ""
        if not base.startswith(("pip", "python3")):
            return False
        if pip.has_option(*_PEP668_SKIP) or (
            pip.has_option("--dry-run") and pip.has_option("--report")
        ):
            return False
        scope = self.model.scope_before(instruction)
        if any(scope.get(n) is not None for n in _PEP668_VARIABLES):
            return False
        path = scope.get("PATH")
        if path is not None and path.kind == "env":
            entries = (path.value or "").split(":")
            if any(e and e not in _STANDARD_PATH and "$" not in e for e in entries):
                return False
        return True

    def _report(self, command: Command, pip: Command, certain: bool) -> None:
        sub = pip.positionals[0]
        name = command.name
        start = name.start if name is not None else sub.start
        fails = "fails" if certain else "likely fails (the base image tag names such a release)"
        self.report(
            (start, sub.end),
            f"pip {sub.value} {fails}: the system Python belongs to apt/apk and is marked "
            "externally managed (PEP 668); install into a venv (python3 -m venv /opt/venv), "
            "use the distribution's python3-<name> packages, or pass --break-system-packages",
            severity=Severity.ERROR if certain else Severity.WARNING,
            fix=self._fix(pip, sub),
        )

    @staticmethod
    def _fix(pip: Command, sub: ShellWord) -> Fix | None:
        if sub.value != "install":
            return None
        return _option_fix(pip, sub, "--break-system-packages", Applicability.UNSAFE)


SHELL_RULES: tuple[type[Rule], ...] = (
    PipeWithoutPipefail,
    CdInRun,
    SudoInRun,
    AptInsteadOfAptGet,
    AptGetInstallYes,
    YumInstallYes,
    DnfInstallYes,
    ZypperNonInteractive,
    ZypperDistUpgrade,
    WgetAndCurl,
    WgetProgress,
    UseraddHighUid,
    LinkOverBinSh,
    InteractiveCommand,
    PipExternallyManaged,
)
