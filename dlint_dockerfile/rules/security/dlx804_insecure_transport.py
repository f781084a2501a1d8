"""DLX804 insecure-transport: TLS certificate or package signature checks turned off."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.security._shared import unquote
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.shell.pip import pip_command, pip_spelling
from dlint_dockerfile.syntax import Instruction, KeyValue, Text, Word

__all__ = ["InsecureTransport"]


_FALSE = frozenset({"false", "0", "no", "off"})


def _env_disables(name: str, value: str) -> str | None:
    """What an environment variable turns off, or None."""
    upper = name.upper()
    low = value.strip().lower()
    if upper == "GIT_SSL_NO_VERIFY" and low and low not in _FALSE:
        return "git's TLS certificate checks"
    if upper == "PIP_TRUSTED_HOST" and low:
        return "pip's TLS checks for the trusted hosts"
    if upper == "NODE_TLS_REJECT_UNAUTHORIZED" and low == "0":
        return "Node.js TLS certificate checks"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL") and low in _FALSE:
        return "npm's TLS certificate checks"
    if upper == "PYTHONHTTPSVERIFY" and low == "0":
        return "Python's TLS certificate checks"
    return None


def _local_packages(command: Command, suffix: str) -> bool:
    """Whether every package a command installs is a local file (built in the build)."""
    files = [w.text for w in command.positionals[1:]]
    return bool(files) and all(
        f.endswith(suffix) and "://" not in f and not f.startswith("http") for f in files
    )


def _command_disables(command: Command) -> tuple[int, int, str, str] | None:
    """Where ``command`` turns a check off, how it is spelled, and what it turns off."""
    base = command.basename or ""
    option = None
    what = ""
    if base == "curl":
        option, what = command.option("-k", "--insecure"), "TLS certificate checks"
    elif base == "wget":
        option, what = command.option("--no-check-certificate"), "TLS certificate checks"
    elif (pip := pip_command(command)) is not None:
        option, what = pip.option("--trusted-host"), "TLS checks for the trusted host"
        base = pip_spelling(pip)
    elif base == "apk":
        if _local_packages(command, ".apk"):
            return None
        option, what = command.option("--allow-untrusted"), "package signature checks"
    elif base in ("yum", "dnf", "microdnf", "tdnf"):
        if _local_packages(command, ".rpm"):
            return None
        option, what = command.option("--nogpgcheck"), "package signature checks"
    elif base in ("apt-get", "apt"):
        option = command.option("--allow-unauthenticated")
        what = "package signature checks"
    elif base == "git":
        for opt in command.options:
            if opt.name == "c" and not opt.long and opt.value is not None:
                key, _, setting = opt.value.partition("=")
                if key.lower() == "http.sslverify" and setting.lower() in _FALSE:
                    word = opt.word
                    last = opt.value_word or word
                    spelled = f"git -c {opt.value}"
                    return word.start, last.end, spelled, "TLS certificate checks"
        words = [w.value or "" for w in command.positionals]
        if words[:1] == ["config"]:
            for i, key in enumerate(words[:-1]):
                if key.lower() == "http.sslverify" and words[i + 1].lower() in _FALSE:
                    first, last = command.positionals[i], command.positionals[i + 1]
                    spelled = f"git config {first.text} {last.text}"
                    return first.start, last.end, spelled, "TLS certificate checks"
        return None
    elif base in ("npm", "yarn", "pnpm"):
        words = [w.value or "" for w in command.positionals]
        if words[:2] == ["config", "set"] and len(words) >= 3:
            key, _, value = words[2].partition("=")
            if not value and len(words) >= 4:
                value = words[3]
            if key == "strict-ssl" and value.lower() in _FALSE:
                first = command.positionals[2]
                last = command.positionals[3] if "=" not in words[2] else first
                spelled = " ".join(
                    w.text for w in command.positionals[: 4 if last is not first else 3]
                )
                return first.start, last.end, f"{base} {spelled}", "TLS certificate checks"
        return None
    if option is None:
        return None
    word = option.word
    return word.start, word.end, f"{base} {word.text}", what


class InsecureTransport(Rule):
    """TLS certificate or package signature checks are turned off.

    ## What it does
    Reports `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`,
    `apk --allow-untrusted`, `yum`/`dnf --nogpgcheck`, `apt-get --allow-unauthenticated`,
    `git -c http.sslVerify=false`, `git config http.sslVerify false`,
    `npm config set strict-ssl false`, and the variables with the same effect
    (`GIT_SSL_NO_VERIFY`, `PIP_TRUSTED_HOST`, `NODE_TLS_REJECT_UNAUTHORIZED=0`...) set by ENV
    or in a RUN command.

    ## Why
    Without these checks anyone on the network path (a proxy, a hijacked mirror) can swap
    what the build downloads, and the image runs it. Fix the certificate store (install
    `ca-certificates`, add the corporate CA) instead of turning verification off.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN wget --no-check-certificate -O /tmp/tool.tgz https://example.com/tool.tgz
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache ca-certificates \\
     && wget -O /tmp/tool.tgz https://example.com/tool.tgz
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX804"
    name = "insecure-transport"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=True):
            for assignment in command.assignments:
                name, eq, value = (assignment.value or "").partition("=")
                what = _env_disables(name, value) if eq else None
                if what:
                    self._say(assignment, what, f"{name}={value}")
            if command.basename == "export":
                for word in command.args:
                    name, eq, value = (word.value or "").partition("=")
                    what = _env_disables(name, value) if eq else None
                    if what:
                        self._say(word, what, f"{name}={value}")
            found = _command_disables(command)
            if found is not None:
                start, end, spelled, what = found
                self.report((start, end), self._message(what, spelled))

    def visit_env(self, instruction: Instruction) -> None:
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            words = [a for a in args if isinstance(a, (Word, Text))]
            if len(words) == 2:
                what = _env_disables(words[0].value, words[1].value)
                if what:
                    self.report(words[0], self._message(what, words[0].value))
            return
        for pair in args:
            if isinstance(pair, KeyValue):
                what = _env_disables(pair.key, unquote(pair.value))
                if what:
                    self.report(pair, self._message(what, pair.key))

    def _say(self, word: ShellWord, what: str, spelled: str) -> None:
        self.report((word.start, word.end), self._message(what, spelled))

    @staticmethod
    def _message(what: str, spelled: str) -> str:
        return (
            f"{spelled} turns off {what}; keep them on and fix the certificate or key store instead"
        )
