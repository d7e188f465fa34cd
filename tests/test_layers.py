"""The packages follow the pipeline, and imports run one way: down the layers, never up, never round.

Every import of every module counts, at module level, inside functions (lazy imports) and under
``TYPE_CHECKING``: a cycle that only a lazy import hides is still a cycle for a reader.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"

#: The layers, lowest first; a package imports only from layers below its own (and from itself).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("core",),
    ("rdf", "source"),
    ("mapping", "validation", "store"),
    ("query",),
    ("release", "site"),
    ("publish",),
    ("curation",),
    ("cli",),
)
LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def package_of(module: str) -> str:
    """``kg.mapping.tables`` → ``mapping``; ``kg.errors`` → ``errors``; the command line (``kg.cli``,
    ``kg.__main__``) and the public API (``kg``) → ``cli``, the top."""
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and MODULES[module].name == "__init__.py") or module == "kg.errors":
        return parts[1]
    return "cli"


@cache
def imports_of(module: str) -> frozenset[str]:
    """The kg modules ``module`` imports, wherever the import statement stands."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base.split(".")[0] != "kg":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    found.discard(module)
    return frozenset(m for m in found if m in MODULES)


def test_every_package_of_kg_has_a_layer():
    assert {package_of(m) for m in MODULES} <= set(LAYER)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_from_its_own_package_or_the_layers_below(module):
    own = package_of(module)
    upward = sorted(
        m for m in imports_of(module) if package_of(m) != own and LAYER[package_of(m)] >= LAYER[own] and m != "kg"
    )
    assert not upward, f"{module} ({own}, layer {LAYER[own]}) imports {upward}"


def test_no_module_imports_itself_back_through_a_cycle():
    seen: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for dep in sorted(imports_of(module)):
            if seen.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep] if dep in path else [module, dep])
            elif dep not in seen:
                visit(dep, [*path, dep])
        seen[module] = 2

    for module in sorted(MODULES):
        if module not in seen:
            visit(module, [module])
    assert not cycles, cycles


def test_the_layer_test_sees_lazy_and_type_checking_imports():
    """The walker must see an import inside a function and one under TYPE_CHECKING, or it proves nothing."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from kg.publish.build import build\n"
        "def f():\n    from kg.query import engine\n"
    )
    tree = ast.parse(source)
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert {"kg.publish.build", "kg.query"} <= names


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module} has {lines} lines; split it by job"


def test_every_exception_class_lives_in_errors_py():
    def is_exception(node: ast.ClassDef) -> bool:
        names = {
            b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases
        }
        return any(n.endswith(("Error", "Exception", "Failed", "Failure")) or n == "ValueError" for n in names)

    found = sorted(
        f"{module}.{node.name}"
        for module, path in MODULES.items()
        if module != "kg.errors"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and is_exception(node)
    )
    assert not found, found
