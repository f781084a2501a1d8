"""Lines that `dlint format` would write differently."""

from __future__ import annotations

from dlint_dockerfile.format.edits import format_edits
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.format_options import FormatOptions
from dlint_dockerfile.lint.rule import Rule

__all__ = ["Unformatted"]


class Unformatted(Rule):
    """Lines that `dlint format` would write differently.

    ## What it does
    Reports each block of lines that `dlint format` would change, with the options of the
    configuration's `format` table: keyword case, spacing, continuation indentation,
    where `&&`/`||`/`|` sit at a line break, flag order, exec-form spacing, long install
    lists one package per line and sorted, blank lines. Off by default: select it (or
    run `dlint format --check`) where a project has adopted the formatter, so that an
    editor shows what the formatter would change and offers it as a fix.

    ## Why
    One style, applied by a tool, ends review comments about style, and diffs show only
    what changed.

    ## Example
    ```dockerfile
    from debian:12
    run apt-get update && \\
      apt-get install -y curl git
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update \\
        && apt-get install -y curl git
    ```

    ## Fix safety
    Safe: the fix writes the block as `dlint format` does, and the formatter proves each
    instruction it rewrites reads the same to BuildKit (same flags, values, heredocs,
    and for shell commands the same shell tokens); an instruction it cannot prove so is
    left as written. The finding and the formatter are one piece of code.
    """

    code = "DLX922"
    name = "unformatted"
    category = "style"
    severity = Severity.STYLE
    fix = "always"
    default_enabled = False

    def finish(self) -> None:
        options = self.ctx.settings.get("format")
        if not isinstance(options, FormatOptions):
            options = FormatOptions()
        code = self.model.tree.code
        lines = self.model.index.lines
        for edit in format_edits(code, options):
            end = edit.end - 1 if code[edit.end - 1] == "\n" else edit.end  # not the ending
            first, last = lines.line(edit.start), lines.line(end)
            where = f"line {first} differs" if first == last else f"lines {first}-{last} differ"
            what = _what(code[edit.start : edit.end], edit.content)
            self.report(
                (edit.start, end),
                f"{where} from `dlint format`'s style ({what}); run `dlint format`",
                fix=Fix("format the lines", (edit,), Applicability.SAFE),
            )


def _what(old: str, new: str) -> str:
    """What a block changes, in a few words."""
    if _text_lines(old) == _text_lines(new):
        return "blank lines"
    squeezed_old, squeezed_new = "".join(old.split()), "".join(new.split())
    if squeezed_old == squeezed_new:
        return "spacing and indentation"
    if squeezed_old.lower() == squeezed_new.lower():
        return "keyword case and spacing"
    return "keyword case, line breaks or order"


def _text_lines(block: str) -> list[str]:
    return [line for line in block.split("\n") if line.strip()]
