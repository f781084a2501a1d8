"""DLX806 private-key-in-image: a RUN writes a private key into the image."""

from __future__ import annotations

import re

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import in_final_image
from dlint_dockerfile.shell import Command
from dlint_dockerfile.syntax import Instruction

__all__ = ["PrivateKeyInImage"]


_PEM_PRIVATE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
#: ssh-keygen options that read, convert or inspect keys instead of generating one.
_KEYGEN_NO_NEW_KEY = frozenset("yelFRLiepcQrsBDHkYGTMK")


def _keygen_file(command: Command) -> tuple[bool, str | None]:
    """Whether ``ssh-keygen`` generates a key, and the ``-f`` file it writes (if static)."""
    options = [o for o in command.options if not o.long]
    generates = not any(o.name in _KEYGEN_NO_NEW_KEY for o in options)
    path = next((o.value for o in reversed(options) if o.name == "f"), None)
    return generates, path


def _removed_later(command: Command, path: str | None) -> bool:
    """Whether a later command of the same script runs ``rm`` on ``path`` or a parent of it."""
    current = command.next
    while current is not None:
        target = current.unwrapped()
        if target.basename in ("rm", "shred") and path is not None:
            for word in target.positionals:
                value = (word.value or "").rstrip("/")
                if value and (path == value or path.startswith(value + "/")):
                    return True
        current = current.next
    return False


class PrivateKeyInImage(Rule):
    """A RUN instruction writes a private key into the image.

    ## What it does
    Reports a PEM private key (`-----BEGIN ... PRIVATE KEY-----`) written by a RUN command
    or heredoc, and `ssh-keygen` generating a key in the final image's stages without
    removing it later in the same RUN. Keys generated in a builder stage that is not part of
    the final image are not reported.

    ## Why
    Every file of a layer ships with the image: anyone who pulls it gets the key, and all
    containers share the same one (for SSH host keys, every container then has the same
    identity). Mount keys at build time with `RUN --mount=type=ssh` or
    `--mount=type=secret`, and generate host keys when the container starts.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN ssh-keygen -q -t ed25519 -N "" -f /root/.ssh/id_ed25519
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN --mount=type=ssh git clone git@github.com:example/private.git /src
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX806"
    name = "private-key-in-image"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        spans: list[tuple[int, int]] = []
        if script is not None:
            shipped = in_final_image(self.model, instruction)
            for raw in script.all_commands():
                command = raw.unwrapped()
                for word in command.args:
                    if word.value is not None and _PEM_PRIVATE.search(word.value):
                        spans.append((word.start, word.end))
                        self.report(
                            (word.start, word.end),
                            "a private key is written by this RUN and ships in the image "
                            "layer; mount it with RUN --mount=type=secret instead",
                        )
                if command.basename == "ssh-keygen" and shipped and command.name is not None:
                    generates, path = _keygen_file(command)
                    if generates and not _removed_later(raw, path):
                        self.report(
                            (command.name.start, command.end),
                            "ssh-keygen writes a private key into the image layer, shared by "
                            "every container; generate it at container start or remove it in "
                            "the same RUN",
                        )
        for heredoc in instruction.heredocs:
            match = _PEM_PRIVATE.search(heredoc.body)
            if match is None:
                continue
            start, _ = self.model.index.span(heredoc)
            if not any(a <= start + match.start() < b for a, b in spans):
                self.report(
                    (start + match.start(), start + match.end()),
                    "a private key is written by this RUN and ships in the image layer; mount "
                    "it with RUN --mount=type=secret instead",
                )
