"""DLX803 pipe-to-shell: a downloaded script is piped straight into a shell."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.security._shared import INTERPRETER
from dlint_dockerfile.shell import Command
from dlint_dockerfile.shell.script import SHELLS
from dlint_dockerfile.syntax import Instruction

__all__ = ["PipeToShell"]


_DOWNLOADERS = frozenset({"curl", "wget", "fetch"})


def _runs_stdin(command: Command) -> bool:
    """Whether ``command`` is a shell or interpreter running the script it reads on stdin."""
    base = command.basename or ""
    if base in SHELLS:
        if command.has_option("-c"):
            return False
        if command.has_option("-s"):
            return True
        positionals = command.positionals
        if base == "busybox":
            if not positionals or positionals[0].value not in SHELLS:
                return False
            positionals = positionals[1:]
        return not positionals or positionals[0].value in ("-", "/dev/stdin")
    if INTERPRETER.match(base):
        if command.has_option("-c", "-e", "-m", "-r", "--eval", "-E"):
            return False
        values = [w.value for w in command.args]
        return not [v for v in values if v is None or not v.startswith("-")] or values[:1] == ["-"]
    return False


class PipeToShell(Rule):
    """A downloaded script is piped straight into a shell.

    ## What it does
    Reports `curl ... | sh`, `wget -O- ... | bash`, `curl ... | python3 -` and similar: a
    shell or interpreter reading its program from a download in the same pipeline.

    ## Why
    Nothing checks what was downloaded before it runs as root in the build: a compromised
    server, a hijacked DNS name or a truncated download runs arbitrary code, and the build is
    not reproducible. Download the script, check its checksum, then run it.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL https://example.com/install.sh | sh
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0d2a4e5d0c2 \\
        https://example.com/install.sh /tmp/install.sh
    RUN sh /tmp/install.sh && rm /tmp/install.sh
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX803"
    name = "pipe-to-shell"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        for raw in script.all_commands():
            if raw.operator != "|":
                continue
            command = raw.unwrapped()
            if not _runs_stdin(command):
                continue
            source = self._downloader(raw)
            if source is None or command.name is None:
                continue
            self.report(
                (command.name.start, raw.end),
                f"a script downloaded by {source} is piped into {command.basename}; download "
                "it to a file, verify its checksum, then run it",
            )

    @staticmethod
    def _downloader(command: Command) -> str | None:
        current: Command | None = command
        for _ in range(16):
            if current is None or current.operator != "|":
                return None
            current = current.previous
            if current is None:
                return None
            base = current.unwrapped().basename
            if base in _DOWNLOADERS:
                return base
        return None
