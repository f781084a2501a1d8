"""``dlint lsp`` with rules broken on purpose, for the robustness test.

DLX006 (instruction casing) raises in ``finish``; DLX305 (apt recommends) raises on the
second RUN it visits, after reporting on the first. Everything else is the real server.
"""

from __future__ import annotations

import sys
from typing import Any

from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lsp import main


def _boom(self: Any, *args: Any) -> None:
    raise RuntimeError("boom on purpose")


def break_rules() -> None:
    registry = default_registry()
    casing_spec = registry.get("DLX006")
    recommends_spec = registry.get("DLX305")
    assert casing_spec is not None and recommends_spec is not None
    casing, recommends = casing_spec.rule_class, recommends_spec.rule_class
    casing.finish = _boom  # type: ignore[method-assign]
    visit_run = recommends.visit_run  # type: ignore[attr-defined]

    def second_run_fails(self: Any, instruction: Any) -> None:
        runs = self.__dict__.setdefault("runs", 0) + 1
        self.__dict__["runs"] = runs
        if runs == 2:
            raise ValueError("second RUN")
        visit_run(self, instruction)

    recommends.visit_run = second_run_fails  # type: ignore[attr-defined]


if __name__ == "__main__":
    break_rules()
    sys.exit(main(sys.argv[1:]))
