"""BuildKit cannot read this instruction or file; the build fails here."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.syntax._shared import IssueRule

__all__ = ["SyntaxError_"]


class SyntaxError_(IssueRule):
    """BuildKit cannot read this instruction or file; the build fails here.

    ## What it does
    Reports what BuildKit's parser rejects: malformed ENV/LABEL pairs, exec-form JSON holding
    something other than strings, missing arguments, an unterminated heredoc, a file with no
    instructions, lines longer than BuildKit's limit.

    ## Why
    `docker build` stops at the first of these errors. dlint reports each one with its exact
    range and keeps reading the rest of the file.

    ## Example
    ```dockerfile
    FROM alpine
    ENV PATH
    CMD ["sh", 1]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    ENV PATH=/usr/local/bin:$PATH
    CMD ["sh", "1"]
    ```

    ## Fix safety
    No automatic fix: the intent of a broken line cannot be guessed.
    """

    code = "DLX001"
    name = "syntax-error"
    category = "syntax"
    severity = Severity.ERROR
