"""The pipeline can be read off the folders: every module's imports (read with ast, those inside
functions and under TYPE_CHECKING included) go down the layers, never up, and no chain of
imports comes back to where it started."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = SRC / "claimcheck"

# A package may import its own modules and those of packages of a lower rank, nothing else:
#   cli, api -> pipeline -> (match, net, report, draft) -> (extract, store, claimsfile)
#   -> quantities
#   -> lexicon, config -> model
# ("claimcheck" is the package's own __init__: the version, which anything may read.)
RANK = {
    "claimcheck": 0,
    "model": 0,
    "lexicon": 1,
    "config": 1,
    "quantities": 2,
    "extract": 3,
    "store": 3,
    "claimsfile": 3,
    "match": 4,
    "net": 4,
    "report": 4,
    "draft": 4,
    "pipeline": 5,
    "api": 6,
    "cli": 6,
    "__main__": 7,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def layer(module: str) -> str:
    """The package a module belongs to: "match" for claimcheck.match.rules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imported(module: str) -> Iterator[tuple[str, int]]:
    """The claimcheck modules ``module`` imports, with the line of each import."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "claimcheck":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "claimcheck":
                continue
            for alias in node.names:
                # `from claimcheck.net import deadline` imports the module net.deadline
                sub = f"{base}.{alias.name}"
                yield (sub if sub in MODULES else base), node.lineno


# The package's own __init__ is the public facade: it hands out claimcheck.api's names, loading
# them on first use (in __getattr__, or for type checkers only), so it never runs the pipeline
# at import; those imports are the one exception to the rules below.
FACADE = ("claimcheck", "claimcheck.api")


def imports(module: str) -> Iterator[tuple[str, int]]:
    """:func:`imported`, without the facade's lazy imports of the API."""
    for target, line in imported(module):
        if (module, target.rpartition(".")[0] or target) == FACADE or (module, target) == FACADE:
            continue
        yield target, line


def test_the_facade_loads_the_api_lazily() -> None:
    tree = ast.parse(MODULES["claimcheck"].read_text(encoding="utf-8"))
    for node in tree.body:  # at module level only under TYPE_CHECKING
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert not (node.module or "").startswith("claimcheck"), ast.dump(node)
    lazy = [t for t, _ in imported("claimcheck")]
    assert lazy and all(t.startswith("claimcheck.api") for t in lazy)


def test_every_import_resolves_to_a_module() -> None:
    missing = [
        f"{module}:{line}: {target}"
        for module in MODULES
        for target, line in imported(module)
        if target not in MODULES
    ]
    assert not missing, missing


def test_every_package_has_a_rank() -> None:
    assert {layer(m) for m in MODULES} <= set(RANK)


def test_imports_go_down_the_layers() -> None:
    upward = [
        f"{module}:{line} ({layer(module)}) imports {target} ({layer(target)})"
        for module in MODULES
        for target, line in imports(module)
        if layer(target) != layer(module) and RANK[layer(target)] >= RANK[layer(module)]
    ]
    assert not upward, upward


def test_no_import_cycles() -> None:
    graph = {m: sorted({t for t, _ in imports(m) if t in MODULES and t != m}) for m in MODULES}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in graph:
        if start not in state:
            cycle = visit(start)
            assert cycle is None, " -> ".join(cycle)


def test_the_checker_sees_what_it_should() -> None:
    # a self-test: the rules above are only as good as the import reader
    net_imports = {t for t, _ in imported("claimcheck.net.connection")}
    assert {"claimcheck.net.deadline", "claimcheck.net.netsafety"} <= net_imports
    lazy = {t for t, _ in imported("claimcheck.net.httpfaults")}
    assert "claimcheck.extract" in lazy  # imported inside a function
    assert layer("claimcheck.match.rules") == "match" and layer("claimcheck") == "claimcheck"
