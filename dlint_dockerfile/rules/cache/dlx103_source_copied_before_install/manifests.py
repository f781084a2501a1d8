"""What a dependency manifest in the build context asks for beyond registry packages."""

from __future__ import annotations

import json
import posixpath
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext

__all__ = ["installs_project", "manifest_alone"]


#: Lifecycle scripts npm, yarn, pnpm and bun run during an install.
_LIFECYCLE = frozenset(
    {"preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare", "prepublish"}
)
_LOCAL_SPEC = ("file:", "link:", "workspace:", "portal:", "patch:")


def manifest_alone(tool: str, context: BuildContext, path: str) -> bool:
    """Does this manifest (a context-relative path) install from the registry alone (no
    local packages, workspaces, install scripts, nested requirement files)?"""
    data = context.read(path)
    if data is None:
        return False
    text = data.decode("utf-8", errors="replace")
    name = posixpath.basename(path)
    if tool in ("npm", "yarn", "pnpm", "pnpm-fetch", "bun"):
        if name == "package.json":
            return _package_json_alone(text)
        if name == ".yarnrc.yml":
            return "yarnPath" not in text and "patch:" not in text
        return name != "pnpm-workspace.yaml"
    if tool == "pip":
        for line in text.splitlines():
            item = line.split("#", 1)[0].strip()
            if item.startswith(("-r", "-c", "--requirement", "--constraint", "-e", "--editable")):
                return False
            if item.startswith((".", "/", "file:")) or "@ file:" in item:
                return False
            words = item.replace("=", " ").split()
            if item.startswith("-") and any(w.startswith((".", "/", "file:")) for w in words[1:]):
                return False  # --find-links ./wheels and the like
        return True
    if tool == "go" and name == "go.mod":
        return re.search(r"=>\s*\.{1,2}/", text) is None
    if tool == "bundler" and name == "Gemfile":
        return re.search(r"^\s*(gemspec|eval_gemfile)\b|\bpath[:=]", text, re.M) is None
    if tool in ("poetry", "uv", "pipenv") and name in ("pyproject.toml", "Pipfile"):
        return re.search(r"\bpath\s*=|\beditable\s*=|tool\.uv\.workspace", text) is None
    return True


def _package_json_alone(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or "workspaces" in data or "patchedDependencies" in data:
        return False
    scripts = data.get("scripts") or {}
    if not isinstance(scripts, dict) or _LIFECYCLE & set(scripts):
        return False
    for key in ("dependencies", "devDependencies", "optionalDependencies"):
        specs = data.get(key) or {}
        if not isinstance(specs, dict):
            return False
        if any(str(v).startswith((*_LOCAL_SPEC, ".", "/")) for v in specs.values()):
            return False
    return True


def installs_project(context: BuildContext, path: str) -> bool:
    """A requirements file (context-relative) that installs the project itself (``-e .``,
    ``.``) needs the source."""
    data = context.read(path)
    if data is None:
        return False
    text = data.decode("utf-8", errors="replace")
    for line in text.splitlines():
        item = line.split("#", 1)[0].strip()
        if item.startswith(("-e", "--editable")) or item in (".", "./") or item.startswith("./"):
            return True
        if item.startswith("file:"):
            return True
    return False
