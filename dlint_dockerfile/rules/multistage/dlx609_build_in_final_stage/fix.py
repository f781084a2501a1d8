"""DLX609's fix: the multi-stage rewrite, offered only when it is proven statically.

`split_fix` plans the split (`dlint_dockerfile.model.build_plan`), writes it
(`dlint_dockerfile.edits.split_stage`) and checks the result before offering it: it parses, the
runtime stage keeps every runtime setting of the original final stage byte for byte, it
builds nothing, and it brings no new warning or error. Otherwise it says why not.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar

from dlint_dockerfile.edits.split_stage import added_settings, split_stage_edits
from dlint_dockerfile.edits.text import instruction_text
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.fixing import apply_edits, syntax_problems
from dlint_dockerfile.model.build_plan import Declined, SplitPlan, plan_split
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.syntax import parse

__all__ = ["split_fix"]

#: Set while a proof lints: the rule then reports without planning a fix.
_PROVING: ContextVar[bool] = ContextVar("dlint_split_proving", default=False)

#: Instructions whose values make the image's configuration.
_RUNTIME = frozenset(
    {
        "CMD",
        "ENTRYPOINT",
        "USER",
        "WORKDIR",
        "ENV",
        "LABEL",
        "EXPOSE",
        "VOLUME",
        "HEALTHCHECK",
        "SHELL",
        "STOPSIGNAL",
        "ONBUILD",
        "MAINTAINER",
    }
)


def split_fix(
    model: DockerfileModel, overrides: Mapping[str, str] | None = None
) -> Fix | Declined | None:
    """The rewrite as an unsafe fix, a `Declined` saying why there is none, or None when
    the final stage builds nothing."""
    if _PROVING.get():
        return None  # linting inside a proof: the fix is not wanted
    plan = plan_split(model, overrides)
    if not isinstance(plan, SplitPlan):
        return plan
    edits = split_stage_edits(model, plan)
    text = apply_edits(model.tree.code, edits)
    problem = _disproof(model, plan, text, overrides)
    if problem is not None:
        return Declined(problem)
    title = f"split into a build stage and a {plan.runtime_base} runtime stage"
    return Fix(title, tuple(edits), Applicability.UNSAFE)


def _disproof(
    model: DockerfileModel, plan: SplitPlan, text: str, overrides: Mapping[str, str] | None
) -> str | None:
    """Why the rewritten ``text`` is not right, or None."""
    tree = parse(text)
    if syntax_problems(tree) - syntax_problems(model.tree):
        return "the rewritten file would not parse"
    after = DockerfileModel(tree, model.path, model.context)
    final = after.final_stage
    if final is None or final.base.text != plan.runtime_base:
        return "the rewritten file would not end with the runtime stage"
    workdir, path = added_settings(plan)
    if _settings(model, plan.stage) != _settings(after, final, [*workdir, *path]):
        return "the runtime stage would not keep every runtime setting"
    if plan_split(after, overrides) is not None:
        return "the runtime stage would still build"
    new = _findings(text, model) - _findings(model.tree.code, model)  # repeated lines repeat theirs
    if new:
        return f"the rewrite would bring new findings ({', '.join(sorted(new))})"
    return None


def _settings(model: DockerfileModel, stage: Stage, added: list[str] | None = None) -> list[str]:
    """The runtime instructions of a stage as written, in order, without the ``added``
    ones (each once)."""
    skip = list(added or ())
    found = []
    for instruction in stage.instructions:
        if instruction.name not in _RUNTIME:
            continue
        written = instruction_text(model, instruction)
        if written in skip:
            skip.remove(written)
            continue
        found.append(written)
    return found


def _findings(text: str, model: DockerfileModel) -> set[str]:
    """The codes of the default rules' warnings and errors on ``text``."""
    from dlint_dockerfile.lint.runner import LintSettings, lint_text  # the runner runs this rule

    token = _PROVING.set(True)
    try:
        result = lint_text(
            text, LintSettings.default(), file_path=model.path, context=model.context
        )
    finally:
        _PROVING.reset(token)
    return {d.code for d in result.diagnostics if d.severity >= Severity.WARNING}
