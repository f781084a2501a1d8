"""No import cycle between packages, and the layers point one way (DESIGN.md §1), seen
through every import: inside functions, under ``TYPE_CHECKING``, and the modules loaded
with ``importlib``, which import-linter cannot see. A string that names a module of the
package counts as an import of it (``importlib.import_module(INDEX_MODULE)``, a rule's
module in the generated index); so does, in a package's ``__init__``, a string that names
one of its submodules (a family's list of rule modules).

The registry's load of the rules (``lint.registry`` → ``rules``, ``rules.index``) is the
one import that points up: the engine reaches the rules through it alone. The engine and
the rules may therefore depend on each other through it; any other package on such a
cycle fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from dlint_dockerfile._toml import toml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "dlint_dockerfile"

#: The imports allowed to point up the layers: the registry loading the rules.
PLUGIN_LOADS = frozenset(
    {
        ("dlint_dockerfile.lint.registry", "dlint_dockerfile.rules"),
        ("dlint_dockerfile.lint.registry", "dlint_dockerfile.rules.index"),
    }
)
#: The packages a cycle through a plugin load may pass: the engine and the rules.
PLUGIN_CYCLE = frozenset({"dlint_dockerfile.lint", "dlint_dockerfile.rules"})

Graph = dict[str, set[str]]


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _module_of(name: str) -> str | None:
    """The module that ``name`` (a module, or a name inside one) is loaded from."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _imported_names(module: str, path: Path) -> Iterator[str]:
    """Every dotted name the module imports, wherever the import is written, and the
    modules its strings name."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith(f"{PACKAGE}.") and node.value in known:
                yield node.value
            elif is_package and f"{module}.{node.value}" in known:
                yield f"{module}.{node.value}"


@cache
def module_graph() -> Graph:
    """Module → the modules it imports; a module of a subpackage also imports the
    subpackage's ``__init__`` (Python runs it first)."""
    graph: Graph = {}
    for module, path in modules().items():
        targets = {_module_of(name) for name in _imported_names(module, path)}
        parent = module.rpartition(".")[0]
        if parent != PACKAGE and parent:
            targets.add(parent)
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


def package_of(module: str) -> str:
    """``dlint_dockerfile.X`` for a module of subpackage or top-level module X."""
    return ".".join(module.split(".")[:2])


def _cycle(graph: Graph, first: str, second: str, allowed: set[str]) -> str:
    """The shortest cycle within ``allowed`` taking the edge ``first -> second``."""
    previous = {second: second}
    frontier = [second]
    while first not in previous and frontier:
        following: list[str] = []
        for node in frontier:
            for target in sorted(graph[node] & allowed):
                if target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    path = [first]
    while path[-1] != second:
        path.append(previous[path[-1]])
    return " -> ".join([first, *reversed(path)])


def _strongly_connected(graph: Graph) -> list[set[str]]:
    """The strongly connected components of ``graph`` (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _layers() -> list[tuple[list[str], bool]]:
    """The layers of pyproject's import-linter contract, top first: the packages in
    each, and whether they are independent of each other (``|``, not ``:``)."""
    config = toml().loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return [
        ([name.strip() for name in layer.replace(":", "|").split("|")], "|" in layer)
        for layer in layers
    ]


def test_the_graph_sees_imports_in_functions_and_modules_named_by_strings() -> None:
    graph = module_graph()
    assert "dlint_dockerfile.rules.index" in graph["dlint_dockerfile.lint.registry"]
    assert "dlint_dockerfile.syntax" in graph["dlint_dockerfile"]  # inside __getattr__
    rule = "dlint_dockerfile.rules.syntax.dlx015_invalid_suppression"
    assert rule in graph["dlint_dockerfile.rules.index"]  # a RuleSpec's module
    assert rule in graph["dlint_dockerfile.rules.syntax"]  # the family's RULES
    assert "dlint_dockerfile.rules.syntax" in graph["dlint_dockerfile.rules"]  # FAMILIES


def test_no_cycle_between_packages() -> None:
    """Package → package, the registry's load of the rules left out."""
    graph: Graph = {}
    for module, targets in module_graph().items():
        edges = graph.setdefault(package_of(module), set())
        for target in targets:
            if (module, target) not in PLUGIN_LOADS and package_of(target) != package_of(module):
                edges.add(package_of(target))
    for component in _strongly_connected(graph):
        if len(component) > 1:
            first = min(component)
            second = min(graph[first] & component)
            cycle = _cycle(graph, first, second, component)
            raise AssertionError(f"import cycle between packages: {cycle}")


def test_no_cycle_through_the_registry_but_the_engine_and_the_rules() -> None:
    """Module → module, every import counted: a module below the rules that reaches the
    registry makes every rule a dependency of its own."""
    graph = module_graph()
    for component in _strongly_connected(graph):
        crossing = sorted(
            (module, target)
            for module in component
            for target in graph[module] & component
            if package_of(module) != package_of(target)
        )
        if any(package_of(m) not in PLUGIN_CYCLE for m in component) and crossing:
            outside = [e for e in crossing if package_of(e[0]) not in PLUGIN_CYCLE] or crossing
            cycle = _cycle(graph, *outside[0], component)
            raise AssertionError(f"import cycle between packages: {cycle}")


def test_layers_point_one_way_through_every_import() -> None:
    layers = _layers()
    level = {package: i for i, (names, _) in enumerate(layers) for package in names}
    broken = []
    for module, targets in sorted(module_graph().items()):
        source = package_of(module)
        for target in sorted(targets):
            into = package_of(target)
            if source == into or (module, target) in PLUGIN_LOADS:
                continue
            if source not in level or into not in level:
                continue  # a module the contract leaves out (_record, _toml, __main__...)
            upward = level[source] > level[into]
            sideways = level[source] == level[into] and layers[level[source]][1]
            if upward or sideways:
                broken.append(f"{module} -> {target}")
    assert not broken, "imports against the layers:\n" + "\n".join(broken)
