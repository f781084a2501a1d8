"""DLX405: ADD downloads a file over plain HTTP."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.rules.copy._shared import CopyRule
from dlint_dockerfile.shell.urls import has_port, plain_http_host
from dlint_dockerfile.syntax import Instruction

__all__ = ["AddOverHttp"]


class AddOverHttp(CopyRule):
    """ADD downloads a file over plain HTTP.

    ## What it does
    Reports an `ADD` source that is an `http://` URL (after variable expansion), unless
    `--checksum` pins the content or the host is the local machine.

    ## Why
    Anything between the builder and the server can read and replace a download over
    plain HTTP, and the image then runs whatever it received. HTTPS authenticates the
    server; `--checksum=sha256:...` makes the build fail if the content changes.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD http://example.com/tool.tar.gz /opt/
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ADD https://example.com/tool.tar.gz /opt/
    ```

    ## Fix safety
    Unsafe: the fix changes `http://` to `https://` in the URL as written. The server may
    not offer HTTPS, or serve something else there, so the build may fail or download
    other content; check the URL. No fix is offered when the URL comes from a variable or
    names a port (HTTPS is rarely served on the port HTTP was).
    """

    code = "DLX405"
    name = "add-over-http"
    category = "copy"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_add(self, instruction: Instruction) -> None:
        if instruction.flag("checksum") is not None:
            return
        for source in self._args(instruction).sources:
            text = source.text
            host = plain_http_host(text) if text is not None else None
            if text is None or host is None:
                continue
            self.report(
                source.node,
                f"ADD downloads '{text}' over plain HTTP, which anyone on the network path "
                "can tamper with: use https:// or pin the content with --checksum",
                fix=self._fix(source, host),
            )

    def _fix(self, source: Source, host: str) -> Fix | None:
        if has_port(host):
            return None  # an explicit port
        raw = source.node.code
        at = 1 if raw[:1] in ("'", '"') else 0
        if raw[at : at + 7].lower() != "http://":
            return None  # the URL comes from a variable
        offset = self.model.index.span(source.node)[0] + at + 4
        letter = "S" if raw[at + 3].isupper() else "s"
        return Fix("download over https://", (Edit(offset, offset, letter),), Applicability.UNSAFE)
