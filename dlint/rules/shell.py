"""Shell family rules (DLX7xx): what RUN scripts do that misbehaves in an image build."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dlint.lint.diagnostic import Severity
from dlint.lint.rule import Rule
from dlint.shell import Command, Script, ShellWord
from dlint.syntax import Instruction

__all__ = [
    "SHELL_RULES",
    "AptGetInstallYes",
    "AptInsteadOfAptGet",
    "CdInRun",
    "DnfInstallYes",
    "InteractiveCommand",
    "LinkOverBinSh",
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


def _commands(rule: Rule, instruction: Instruction) -> Iterator[Command]:
    """Every command of a RUN (``sh -c`` bodies included), unwrapped from ``sudo``/``env``."""
    script = _shell_script(rule, instruction)
    if script is None:
        return
    for command in script.all_commands():
        yield command.unwrapped()


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
    No automatic fix yet.
    """

    code = "DLX701"
    name = "pipe-without-pipefail"
    aliases = ("DL4006",)
    category = "shell"
    # Official images pipe downloads under /bin/sh (dash has no pipefail): real but
    # rarely actionable there, so info by default; raise it with `severity:` in config.
    severity = Severity.INFO

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
            )
            return


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
    No automatic fix yet.
    """

    code = "DLX702"
    name = "cd-in-run"
    aliases = ("DL3003",)
    category = "shell"
    # `cd` inside a RUN is normal in build scripts; only a habit worth noting by default.
    severity = Severity.INFO

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
            self.report(_name_span(command), "use WORKDIR to change directory instead of `cd`")


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
    No automatic fix yet.
    """

    code = "DLX703"
    name = "sudo-in-run"
    aliases = ("DL3004",)
    category = "shell"
    severity = Severity.ERROR

    def visit_run(self, instruction: Instruction) -> None:
        script = _shell_script(self, instruction)
        if script is None:
            return
        for command in script.all_commands():
            if command.basename == "sudo":
                self.report(_name_span(command), "do not use `sudo`; switch with USER instead")


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
    No automatic fix yet.
    """

    code = "DLX704"
    name = "apt-instead-of-apt-get"
    aliases = ("DL3027",)
    category = "shell"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename == "apt":
                self.report(_name_span(command), "use `apt-get` or `apt-cache` instead of `apt`")


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
    (`-qq`, `-q -q`, `-q=2`), which implies yes.

    **Differences from hadolint.** hadolint (DL3014) does not count `--quiet=2` and `-q=2`;
    dlint does, as apt-get does.

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
    No automatic fix yet.
    """

    code = "DLX705"
    name = "apt-get-install-yes"
    aliases = ("DL3014",)
    category = "shell"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename != "apt-get" or command.subcommand != "install":
                continue
            if command.has_option("-y", "--yes", "--assume-yes") or _apt_quiet_level(command) >= 2:
                continue
            self.report(_subcommand_span(command), "add `-y` so `apt-get install` does not prompt")


class _YesRule(Rule):
    """`<manager> install` without its assume-yes option."""

    tools: tuple[str, ...] = ()
    actions: frozenset[str] = frozenset()
    yes: tuple[str, ...] = ("-y", "--assumeyes")
    hint = "-y"

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename not in self.tools or command.subcommand not in self.actions:
                continue
            if command.has_option(*self.yes):
                continue
            head = f"{command.basename} {command.subcommand}"
            self.report(_subcommand_span(command), f"add `{self.hint}` so `{head}` does not prompt")


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
    No automatic fix yet.
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
    No automatic fix yet.
    """

    code = "DLX707"
    name = "dnf-install-yes"
    aliases = ("DL3038",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("dnf", "microdnf", "tdnf")
    actions = frozenset({"install", "groupinstall", "localinstall"})


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
    No automatic fix yet.
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
    No automatic fix yet.
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
    No automatic fix yet.
    """

    code = "DLX710"
    name = "wget-and-curl"
    aliases = ("DL4001",)
    category = "shell"
    severity = Severity.WARNING

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
    No automatic fix yet.
    """

    code = "DLX711"
    name = "wget-progress"
    aliases = ("DL3047",)
    category = "shell"
    severity = Severity.INFO

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
            )


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
    No automatic fix yet.
    """

    code = "DLX712"
    name = "useradd-high-uid"
    aliases = ("DL3046",)
    category = "shell"
    severity = Severity.WARNING

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
            self.report(
                (start, end),
                f"add `-l` (`--no-log-init`): UID {value} makes lastlog/faillog huge",
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


_SH_PATHS = frozenset({"/bin/sh", "/usr/bin/sh"})


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
    No automatic fix yet.
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
            if len(positionals) < 2 or positionals[-1].value not in _SH_PATHS:
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
    No automatic fix yet.
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
)
