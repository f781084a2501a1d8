"""DLX312 unsorted-packages: a one-package-per-line install list that is not sorted."""

from __future__ import annotations

from dlint_dockerfile.edits.packages import (
    first_unsorted,
    listed_packages,
    one_per_line,
    sort_edits,
)
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.layers._shared import cache_analysis
from dlint_dockerfile.syntax import Instruction

__all__ = ["UnsortedPackages"]


class UnsortedPackages(Rule):
    """A one-package-per-line install list that is not sorted.

    ## What it does
    When an install (`apt-get install`, `apk add`, `dnf install`, `pip install`...) lists
    its packages one per continuation line, reports the first package that is out of
    alphabetical order. Comment lines and blank lines inside the list start a new group,
    sorted on its own; version pins (`curl=8.5.0-2`) are ignored for the order, and so are
    variables, URLs, file paths and words written with quotes or escapes. Both byte order
    (`LC_ALL=C sort`) and the order that ignores punctuation are accepted (`python3-pip`
    and `python3.12-dev` in either order).

    ## Why
    A sorted list is easier to review: a diff adds or removes one line in a predictable
    place, and duplicates stand next to each other.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends \\
        git \\
        curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends \\
        curl \\
        git \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Safe: the fix sorts each group of the list (the groups comment and blank lines
    make), in the order that moves the fewest words among the two accepted ones (byte
    order, or the order that ignores punctuation). Only the package words trade places:
    every line keeps its indentation, options, pins and `\\`; variables, URLs, paths
    and words written with quotes or escapes stay where they are. The same packages are
    installed. No fix when a package word is inside an `sh -c` string. `dlint format`
    sorts with the same code.
    """

    code = "DLX312"
    name = "unsorted-packages"
    category = "layers"
    severity = Severity.STYLE
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        analysis = cache_analysis(self.model, instruction)
        if analysis is None:
            return
        code = self.model.tree.code
        for pc in analysis.commands:
            words = listed_packages(pc)
            if words is None or len(words) < 2 or not one_per_line(code, words):
                continue
            found = first_unsorted(code, words)
            if found is None:
                continue
            word, name, previous = found
            edits = sort_edits(code, pc, words)
            self.report(
                (word.start, word.end),
                f"package '{name}' is out of alphabetical order (it sorts before "
                f"'{previous}'); keep the list sorted",
                fix=Fix("sort the packages", tuple(edits), Applicability.SAFE) if edits else None,
            )
