"""Output formats: lint results for people (``text``) and for machines (everything else).

`render` writes a sequence of `FileResult` objects in one of `FORMATS`. Each format lives in
a small module imported on first use, so importing this package costs next to nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from dlint_dockerfile.output.common import RenderOptions

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import FileResult
    from dlint_dockerfile.lint.registry import Registry

__all__ = ["FORMATS", "HOMEPAGE", "RenderOptions", "docs_url", "render"]

#: Every ``--format`` value, the human one first.
FORMATS = ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "gnu")
HOMEPAGE = "https://github.com/dlint-dev/dlint"

#: Format name → (module in this package, renderer function).
_RENDERERS = {
    "text": ("text", "render_text"),
    "json": ("machine", "render_json"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("machine", "render_github"),
    "gitlab": ("machine", "render_gitlab"),
    "checkstyle": ("xmlreport", "render_checkstyle"),
    "junit": ("xmlreport", "render_junit"),
    "gnu": ("machine", "render_gnu"),
}


def docs_url(code: str) -> str:
    """Where the documentation of rule ``code`` is published."""
    return f"{HOMEPAGE}/blob/main/docs/rules/{code}.md"


def render(
    results: Sequence[FileResult],
    fmt: str,
    stream: TextIO,
    *,
    registry: Registry | None = None,
    color: bool = False,
    show_fixes: bool = False,
    statistics: bool = False,
    quiet: bool = False,
) -> None:
    """Write ``results`` (in the order the files were given) to ``stream`` as ``fmt``.

    ``color``, ``show_fixes``, ``statistics`` and ``quiet`` only affect the ``text`` format.
    Raises `ValueError` for an unknown format.
    """
    try:
        module_name, function_name = _RENDERERS[fmt]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ValueError(f"unknown output format {fmt!r} (choose from {choices})") from None
    module = importlib.import_module(f"{__name__}.{module_name}")
    options = RenderOptions(registry, color, show_fixes, statistics, quiet)
    getattr(module, function_name)(results, stream, options)
