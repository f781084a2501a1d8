"""A parser directive BuildKit rejects: repeated, or with an invalid value."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.rules.syntax._shared import DIRECTIVE_LIKE, IssueRule
from dlint_dockerfile.syntax import CommentLine

__all__ = ["InvalidDirective"]


_DIRECTIVE_NAMES = ("syntax", "escape", "check")


class InvalidDirective(IssueRule):
    """A parser directive BuildKit rejects: repeated, or with an invalid value.

    ## What it does
    Reports a second `# escape=`/`# syntax=`/`# check=` directive, an escape character other
    than `\\` or a backtick, a `# check=` value that is not `skip=...` / `error=true|false`, and a
    misspelt directive name in the header (`# sytnax=`).

    ## Why
    BuildKit fails on a repeated or invalid directive; a misspelt one is silently a comment, so
    the frontend or escape character you asked for is not used.

    ## Example
    ```dockerfile
    # escape=`
    # escape=\\
    FROM alpine
    ```

    ## Use instead
    ```dockerfile
    # escape=`
    FROM alpine
    ```

    ## Fix safety
    Unsafe: a misspelt directive name gets the fix of the name it is close to
    (`# sytnax=` → `# syntax=`). The line then becomes a directive, so BuildKit builds
    with the frontend it names, reads the file with the escape character it sets, or runs
    the build checks it sets (with `error=true`, a check's warning fails the build),
    which changes the whole build; review it. A repeated directive, an invalid value and a malformed
    `# check=` get no fix: which value was meant cannot be known.
    """

    code = "DLX003"
    name = "invalid-directive"
    category = "syntax"
    severity = Severity.ERROR
    fix = "sometimes"

    def finish(self) -> None:
        super().finish()
        check = self.model.tree.directive("check")
        if check is not None:
            problem = _check_problem(check.value)
            if problem:
                self.report(check, problem)
        tree = self.model.tree
        first = tree.instructions[0] if tree.instructions else None
        header = [line for line in (first.leading if first else tree.footer)]
        for line in header:
            if not isinstance(line, CommentLine):
                break
            match = DIRECTIVE_LIKE.match(line.raw.strip())
            if not match:
                break
            name = match.group(1).lower()
            if name in _DIRECTIVE_NAMES:
                continue
            import difflib  # only for did-you-mean hints

            close = difflib.get_close_matches(name, _DIRECTIVE_NAMES, n=1, cutoff=0.6)
            if close:
                raw = line.raw
                start = self.model.index.span(line)[0] + len(raw) - len(raw.lstrip())
                edit = Edit(start + match.start(1), start + match.end(1), close[0])
                self.report(
                    line,
                    f"'{match.group(1)}' is not a parser directive (did you mean '{close[0]}'?); "
                    "BuildKit reads this line as a comment",
                    fix=Fix(f"rename to {close[0]}", (edit,), Applicability.UNSAFE),
                )
            break


def _check_problem(value: str) -> str | None:
    for part in value.split(";"):
        key, eq, val = part.partition("=")
        key = key.strip().lower()
        if not eq or key not in ("skip", "error"):
            return f"invalid check directive {value!r}: expected 'skip=<checks|all>;error=<bool>'"
        if key == "error" and val.strip().lower() not in ("true", "false"):
            return f"invalid check directive: error={val.strip()!r} must be true or false"
    return None
