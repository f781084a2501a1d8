"""DLX801 last-user-root: the final image's last USER is root."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.syntax import Instruction, Text, Word

__all__ = ["LastUserRoot"]


def _is_root(user: str) -> bool:
    name = user.strip().split(":", 1)[0]
    return name in ("root", "0")


class LastUserRoot(Rule):
    """The final image runs as root.

    ## What it does
    Reports the last `USER` instruction of the final stage (or, when the final stage has
    none, of the stage it is built `FROM`) when it switches to `root` or UID `0`. A final
    stage without any `USER` is `no-user` (DLX807)'s, which reports application images
    whose base runs as root. To keep an explicit `USER root` on purpose, say why above it:
    `# dlint: ignore=DLX801 -- reason`.

    Differences from hadolint: DL3002 checks the last `USER` of every stage; dlint only checks
    the image that is shipped, because builder stages commonly and harmlessly run as root.

    ## Why
    A process running as root inside a container is root on the host's kernel: any escape or
    writable host mount becomes a full compromise. Switch back to an unprivileged user once
    the steps that need root are done.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app
    USER root
    CMD ["sleep", "infinity"]
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app
    USER app
    CMD ["sleep", "infinity"]
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX801"
    name = "last-user-root"
    aliases = ("DL3002",)
    category = "security"
    severity = Severity.WARNING

    def finish(self) -> None:
        stage: Stage | None = self.model.final_stage
        seen: set[int] = set()
        while stage is not None and stage.index not in seen:
            seen.add(stage.index)
            users = [i for i in stage.instructions if i.name == "USER" and i.inner is None]
            if users:
                self._check(users[-1])
                return
            stage = stage.parent

    def _check(self, instruction: Instruction) -> None:
        text = next((a for a in instruction.arguments if isinstance(a, (Text, Word))), None)
        if text is None:
            return
        expansion = self.model.expand(text.value, instruction)
        if not expansion.complete or not _is_root(expansion.text):
            return
        self.report(
            text,
            f"the image runs as root (USER {text.value}); switch to an unprivileged user "
            "after the steps that need root",
        )
