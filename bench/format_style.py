"""Which style do Dockerfiles already have? The share of corpus files that are a fixed point
of ``dlint format`` (formatting changes nothing), per option, to choose the defaults.

Each row changes one option from the defaults (``indent`` shows every value). Usage::

    python bench/format_style.py
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dlint_dockerfile.format import FormatOptions, format_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PARTS = ("real", "wild")

VARIANTS: list[tuple[str, dict[str, object]]] = [
    ("defaults", {}),
    ("indent = 4", {"indent": 4}),
    ("indent = 2", {"indent": 2}),
    ('indent = "tab"', {"indent": "tab"}),
    ('operators = "end"', {"operators": "end"}),
    ("split-packages = 0 (never)", {"split_packages": 0}),
    ("split-packages = 2", {"split_packages": 2}),
    ("split-packages = 3", {"split_packages": 3}),
    ("sort-packages = false", {"sort_packages": False}),
]


def texts(part: str) -> list[str]:
    files = sorted(
        p for p in (CORPUS / part).rglob("*") if p.is_file() and "dockerignore" not in p.name
    )
    return [p.read_bytes().decode("utf-8", "surrogateescape") for p in files]


def main() -> None:
    corpus = {part: texts(part) for part in PARTS}
    header = " | ".join(f"{part} ({len(corpus[part])})" for part in PARTS)
    print(f"| options | {header} |")
    print("| --- |" + " --- |" * len(PARTS))
    for name, change in VARIANTS:
        options = dataclasses.replace(FormatOptions(), **change)  # type: ignore[arg-type]
        cells = []
        for part in PARTS:
            fixed = sum(format_text(t, options) == t for t in corpus[part])
            cells.append(f"{fixed} ({100 * fixed / len(corpus[part]):.1f}%)")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
