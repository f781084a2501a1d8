"""USER names a user instead of a numeric UID."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction, Text

__all__ = ["UserWithoutNumericId"]


class UserWithoutNumericId(Rule):
    """USER names a user instead of a numeric UID.

    ## What it does
    Reports `USER app` and `USER app:app`: a user part that is not a number. `USER 1000:app`
    is accepted (the group name is resolved inside the image). An ARG without a default is
    left alone (it usually receives a UID); an undefined variable is reported like
    hadolint's DL3066. Unlike hadolint, an ARG's default is checked (`ARG U=app` then
    `USER $U`), ONBUILD triggers are checked too, and Windows stages (no numeric UIDs there,
    `USER ContainerAdministrator`) are skipped. Off by default: a named user is fine
    for most images.

    ## Why
    Platforms that enforce non-root containers (Kubernetes `runAsNonRoot`, OpenShift) check
    the numeric UID from the image config and cannot resolve a name, so they refuse to start
    the container.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN adduser -D -u 10001 app
    USER app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN adduser -D -u 10001 app
    USER 10001
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX908"
    name = "user-without-numeric-id"
    aliases = ("DL3066",)
    category = "style"
    severity = Severity.INFO
    default_enabled = False

    def visit_user(self, instruction: Instruction) -> None:
        node = next((a for a in instruction.arguments if isinstance(a, Text)), None)
        if node is None:
            return
        if not self.model.shell_at(instruction).is_posix:
            return  # Windows images have no numeric UIDs (USER ContainerAdministrator)
        raw = node.value.strip()
        expansion = self.model.expand(raw.partition(":")[0], instruction)
        if expansion.text.isdigit() and expansion.complete:
            return
        if expansion.unresolved and not expansion.undefined:
            return  # an ARG without a default: probably given a UID at build time
        shown = self.model.expand(raw, instruction).text if expansion.complete else raw
        self.report(
            node,
            f"USER '{shown}' is not a numeric UID; platforms that check for non-root "
            "cannot resolve names, use the UID (e.g. USER 10001)",
        )
