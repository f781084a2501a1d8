"""A parser directive written where BuildKit ignores it."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.syntax._shared import DIRECTIVE_LIKE
from dlint_dockerfile.syntax import CommentLine

__all__ = ["MisplacedDirective"]


class MisplacedDirective(Rule):
    """A parser directive written where BuildKit ignores it.

    ## What it does
    Reports `# syntax=` and `# escape=` comments that are not in the file's very first lines:
    after an instruction, a blank line or another comment, BuildKit reads them as comments.

    ## Why
    The frontend version or escape character you asked for is silently not used, so the file
    is parsed differently from what you expect.

    ## Example
    ```dockerfile
    # My image
    # syntax=docker/dockerfile:1
    FROM alpine
    ```

    ## Use instead
    ```dockerfile
    # syntax=docker/dockerfile:1
    # My image
    FROM alpine
    ```

    ## Fix safety
    No automatic fix (moving the line changes how the file is parsed).
    """

    code = "DLX004"
    name = "misplaced-directive"
    category = "syntax"
    severity = Severity.WARNING

    def finish(self) -> None:
        tree = self.model.tree
        lines = [line for i in tree.instructions for line in i.leading] + list(tree.footer)
        for line in lines:
            if not isinstance(line, CommentLine):
                continue
            match = DIRECTIVE_LIKE.match(line.raw.strip())
            if match and match.group(1).lower() in ("syntax", "escape"):
                self.report(
                    line,
                    f"parser directive '{match.group(1).lower()}' is ignored here: directives "
                    "must come first, before any instruction, comment or blank line",
                )
