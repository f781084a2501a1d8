"""``dlint context [PATH]``: what a Dockerfile's build context sends to the builder, and
where it goes (`dlint_dockerfile.model.context_report`).

PATH is a Dockerfile or a folder holding ``Dockerfile`` (default ``.``). The context is
found as ``dlint`` finds it (`LintSession.context_for`): ``--context``, else the
configuration's ``context``, else the Dockerfile's folder. Exit codes: 0 the report was
made; 2 a usage, configuration or file problem (``dlint: error: ...`` on stderr). An
unreadable ignore file is such a problem, but the report is still made without it, as
the linter goes on without it.

The options live in `parser`; a new one is an ``add_argument`` there and a look at
``args`` in `main`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.context_report import Proposal
    from dlint_dockerfile.model.model import DockerfileModel

__all__ = ["EXIT_ERROR", "EXIT_OK", "ContextCommandError", "ignore_fix_proposal", "main", "parser"]

EXIT_OK = 0
EXIT_ERROR = 2

#: What dlint's .dockerignore fix proposes for a model: (group comment, patterns), and
#: the patterns it withholds with why.
Propose = Callable[["DockerfileModel"], "tuple[Proposal, Sequence[tuple[str, str]]]"]


class ContextCommandError(Exception):
    """A usage, configuration or file problem (exit 2)."""


def parser() -> argparse.ArgumentParser:
    """The command line of ``dlint context``."""
    made = argparse.ArgumentParser(
        prog="dlint context",
        description="Report what a Dockerfile's build context sends to the builder and where "
        "it goes: the size sent and kept out by the .dockerignore, the biggest folders sent, "
        "what each ignore pattern keeps out, what each COPY/ADD source and RUN bind mount "
        "takes, and the files sent that nothing takes. Exit codes: 0 the report was made, "
        "2 a usage, configuration or file error.",
    )
    made.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="a Dockerfile, or a folder holding one named Dockerfile (default: .)",
    )
    made.add_argument(
        "--context",
        metavar="DIR",
        help="build context directory (default: the configuration's, else the Dockerfile's "
        "folder)",
    )
    made.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: found walking up from the Dockerfile)",
    )
    made.add_argument(
        "--changed",
        nargs="+",
        metavar="FILE",
        help="instead of the report: what a rebuild reruns after these files or folders "
        "of the context changed (paths as on the command line; deleted ones too), per "
        "stage: the first step whose cache they invalidate, why, and every step after it",
    )
    made.add_argument(
        "--target",
        metavar="STAGE",
        help="with --changed: the stage built (name or index; default: the last)",
    )
    made.add_argument(
        "--builder",
        choices=("buildkit", "buildah"),
        default="buildkit",
        help="with --changed: whose cache rules (default: buildkit, as docker build; "
        "buildah's differ for RUN bind mounts and ONBUILD)",
    )
    made.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), or json (a stable schema, 'version': 1)",
    )
    made.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal without NO_COLOR)",
    )
    return made


def main(argv: Sequence[str], *, propose: Propose | None = None) -> int:
    """Run ``dlint context``; returns the exit code. ``propose``: the patterns dlint's
    .dockerignore fix would add, whose effect the report shows (default: what the fix
    of DLX406, DLX407 and DLX408 would write, `ignore_fix_proposal`)."""
    args = parser().parse_args(list(argv))
    try:
        model = _model(args)
    except ContextCommandError as exc:
        print(f"dlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.changed:
        return _changed(args, model)
    if args.target is not None:
        print("dlint: error: --target chooses the stage --changed predicts for", file=sys.stderr)
        return EXIT_ERROR
    from dlint_dockerfile.model.context_report import build_report

    groups, withheld = (propose or ignore_fix_proposal)(model)
    report = build_report(model, groups, withheld=withheld)
    failed = not report.ignore_readable
    for issue in report.issues:
        level = "error" if failed and issue.path == report.ignore_path else "warning"
        print(f"dlint: {level}: {issue}", file=sys.stderr)
    if args.format == "json":
        from dlint_dockerfile.output.context_report import render_json

        render_json(report, sys.stdout)
    else:
        from dlint_dockerfile.output.common import use_color
        from dlint_dockerfile.output.context_report import render_text

        render_text(report, sys.stdout, color=use_color(args.color, sys.stdout))
    sys.stdout.flush()
    return EXIT_ERROR if failed else EXIT_OK


def _changed(args: argparse.Namespace, model: DockerfileModel) -> int:
    """``--changed``: the rebuild prediction, as text or JSON."""
    from dlint_dockerfile.model.rebuild import predict_rebuild

    context = model.context
    assert context is not None
    root = Path(os.path.abspath(context.root))
    changed = []
    for name in args.changed:
        path = Path(os.path.abspath(name))
        if path != root and root not in path.parents:
            print(
                f"dlint: error: --changed {name}: not in the build context {context.root}",
                file=sys.stderr,
            )
            return EXIT_ERROR
        changed.append(path.relative_to(root).as_posix() or ".")
    try:
        prediction = predict_rebuild(model, changed, args.target, builder=args.builder)
    except ValueError as exc:
        print(f"dlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "json":
        from dlint_dockerfile.output.rebuild import render_json

        render_json(model, prediction, args.builder, sys.stdout)
    else:
        from dlint_dockerfile.output.common import use_color
        from dlint_dockerfile.output.rebuild import render_text

        color = use_color(args.color, sys.stdout)
        render_text(model, prediction, args.builder, sys.stdout, color=color)
    sys.stdout.flush()
    return EXIT_OK


def ignore_fix_proposal(model: DockerfileModel) -> tuple[Proposal, list[tuple[str, str]]]:
    """What the .dockerignore fixes would add for everything the listing shows (as
    DLX406's fix does, also when an ignore file exists), and what they withhold."""
    from dlint_dockerfile.model.ignore_proposal import listing_candidates, propose

    context = model.context
    assert context is not None
    proposal = propose(model, context, listing_candidates(model, context))
    if proposal is None:
        return (), []
    return proposal.groups, [(w.pattern, w.reason) for w in proposal.withheld]


def _model(args: argparse.Namespace) -> DockerfileModel:
    """The Dockerfile PATH names, modelled with its build context."""
    from dlint_dockerfile.lint.files import read_dockerfile
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import parse

    dockerfile = _dockerfile(Path(args.path))
    text, error = read_dockerfile(dockerfile)
    if text is None:
        raise ContextCommandError(f"{dockerfile}: {error}")
    context = _context(args, dockerfile)
    return DockerfileModel(parse(text), dockerfile, context)


def _dockerfile(path: Path) -> Path:
    if path.is_dir():
        found = path / "Dockerfile"
        if not found.is_file():
            raise ContextCommandError(
                f"{path}: no file named Dockerfile in this folder; name the Dockerfile: "
                f"dlint context {path / 'NAME'}"
            )
        return found
    if not path.exists():
        raise ContextCommandError(f"{path}: no such file or directory")
    return path


def _context(args: argparse.Namespace, dockerfile: Path) -> BuildContext:
    """The build context ``dlint`` would use for ``dockerfile``, listed in full."""
    from dlint_dockerfile.lint.config import ConfigError
    from dlint_dockerfile.lint.session import LintSession, SessionOptions

    options = SessionOptions(
        config=Path(args.config) if args.config else None,
        context=Path(args.context) if args.context else None,
    )
    session = LintSession(options)
    try:
        config = session.config_for(session.lookup(dockerfile))
    except ConfigError as exc:
        raise ContextCommandError(str(exc)) from None
    if options.context is not None:
        if not options.context.is_dir():
            raise ContextCommandError(f"--context {args.context}: not a directory")
    elif config.context is not None and not config.context.is_dir():
        where = f" (set in {config.path})" if config.path is not None else ""
        raise ContextCommandError(f"build context {config.context}{where}: not a directory")
    context = session.context_for(dockerfile, config)
    assert context is not None  # a Dockerfile on disk always has one
    # Docker sends everything: the report counts it all, past the linter's bound.
    context.max_entries = None
    return context
