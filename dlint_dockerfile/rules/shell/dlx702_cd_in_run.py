"""DLX702 cd-in-run: a RUN changes directory with `cd` where WORKDIR would say it."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dlint_dockerfile.edits.shell import has_comment_line, keyword_case
from dlint_dockerfile.edits.text import insert_lines_after, insert_lines_before, word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args, is_absolute_dest
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.model.mounts import relative_mount
from dlint_dockerfile.model.run_commands import run_commands, shell_script
from dlint_dockerfile.model.workdirs import known_workdir
from dlint_dockerfile.rules.shell._shared import name_span
from dlint_dockerfile.shell import Command, Script
from dlint_dockerfile.shell.outline import script_start
from dlint_dockerfile.syntax import Instruction, JsonString, Word

__all__ = ["CdInRun"]


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
        script = shell_script(self.model, instruction)
        if script is None:
            return
        top = [c.start for c in script.commands if "subshell" not in c.context]
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename != "cd" or command.in_substitution:
                continue
            if "subshell" in command.context and any(s > command.end for s in top):
                continue
            self.report(
                name_span(command),
                "use WORKDIR to change directory instead of `cd`",
                fix=self._fix(instruction, script, command),
            )

    def _fix(self, instruction: Instruction, script: Script, command: Command) -> Fix | None:
        """``RUN cd /dir && rest`` → ``WORKDIR /dir`` + ``RUN rest`` (+ ``WORKDIR`` back
        to the directory before, when anything after uses it)."""
        model = self.model
        if model.is_trigger(instruction):
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
    script = shell_script(model, instruction)
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
