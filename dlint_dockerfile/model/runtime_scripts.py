"""What the scripts an image runs run in turn: a shell script of the build context named
by CMD or ENTRYPOINT (``./run.sh``), and the ``package.json`` script of ``npm start``.

`context_file` finds the build-context file a COPY or ADD put at a path of the image;
`script_programs` lists the programs a shell script runs; `npm_script` reads one script
of a ``package.json``.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterable

from dlint_dockerfile.model.copies import copy_args, is_remote
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell import ShellSource, parse_script
from dlint_dockerfile.syntax import Instruction

__all__ = ["context_file", "npm_script", "script_programs"]

#: Bytes read of a script or a package.json.
_LIMIT = 262144


def context_file(
    model: DockerfileModel,
    copies: Iterable[Instruction],
    path: str,
    workdir_of: Callable[[Instruction], str],
) -> str | None:
    """The text of the build-context file that one of the COPY/ADD ``copies`` put at
    ``path`` in the image (``workdir_of(instruction)`` gives an instruction's working
    directory); None when no copy brought it or the context is not readable."""
    context = model.context
    if context is None:
        return None
    for instruction in copies:
        if instruction.name not in ("COPY", "ADD"):
            continue
        args = copy_args(model, instruction)
        if args.from_flag or args.dest is None or args.dest.text is None:
            continue
        target = posixpath.normpath(posixpath.join(workdir_of(instruction), args.dest.text))
        for source in args.sources:
            if source.heredoc or source.text is None or is_remote(source.text):
                continue
            relative = _relative(path, target, source.text, len(args.sources))
            if relative is None:
                continue
            data = context.read(relative, _LIMIT)
            if data is not None:
                return data.decode("utf-8", "replace")
    return None


def _relative(path: str, target: str, source: str, sources: int) -> str | None:
    """The context path a COPY of ``source`` to ``target`` puts at ``path``."""
    source = source.lstrip("/")
    if path == target and sources == 1:
        return posixpath.normpath(source)
    if path.startswith(target.rstrip("/") + "/"):
        rest = path[len(target.rstrip("/")) + 1 :]
        if posixpath.basename(source.rstrip("/")) == rest:
            return posixpath.normpath(source)
        return posixpath.normpath(posixpath.join(source, rest))
    return None


def script_programs(text: str) -> list[str]:
    """The names of the programs a shell script runs (``cc``, ``exec``'s ``/tmp/report``)."""
    script = parse_script(ShellSource.from_pieces([(text, 0)], len(text)))
    names: list[str] = []
    for command in script.all_commands():
        for layer in (command, command.unwrapped()):
            if layer.basename and layer.basename not in names:
                names.append(layer.basename)
    return names


def npm_script(package_json: str, name: str) -> str | None:
    """The ``scripts`` entry ``name`` of a package.json (``start`` defaults to
    ``node server.js``, as npm does); None when it has none."""
    try:
        data = json.loads(package_json)
    except ValueError:
        return None
    scripts = data.get("scripts") if isinstance(data, dict) else None
    found = scripts.get(name) if isinstance(scripts, dict) else None
    if isinstance(found, str):
        return found
    return "node server.js" if name == "start" else None
