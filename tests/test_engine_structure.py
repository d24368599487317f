"""The engine's shape: layers that only point down, no import cycle, every module importable
on its own, no web stack behind `import webapp.engine`, and a command line that starts light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "webapp" / "engine"
#: Bottom to top: a module may import only from its own layer or the ones before it.
LAYERS = ("core", "qtypes", "loading", "compiling", "scoring", "analysis", "top")
#: Imports a function may make: the question types' form fields, so the engine stays web-free.
LAZY_ALLOWED = ("wtforms",)


def module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    """webapp.engine.<layer>.<module>; modules directly in webapp/engine are the top."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[2] in LAYERS else "top"


MODULES = {module_name(p): p for p in sorted(ENGINE.rglob("*.py"))}


def engine_imports(module: str, path: Path) -> list[tuple[str, bool]]:
    """(imported engine module, inside a function?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[:len(anchor) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in child.names]
                found.extend((t, nested) for t in targets if t in MODULES)
                if nested and not base.startswith(LAZY_ALLOWED):
                    found.append((f"<lazy {base}>", nested))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name in MODULES:
                        found.append((alias.name, nested))
                    if nested and not alias.name.startswith(LAZY_ALLOWED):
                        found.append((f"<lazy {alias.name}>", nested))
            visit(child, nested)

    visit(tree, False)
    return found


GRAPH = {m: [t for t, _ in engine_imports(m, p) if t != m and not t.startswith("<")]
         for m, p in MODULES.items()}


def test_the_layers_are_packages_of_the_engine():
    assert {layer_of(m) for m in MODULES} == set(LAYERS)


def test_imports_point_down_the_layers():
    upward = []
    for module, targets in GRAPH.items():
        for target in targets:
            if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(module)):
                upward.append(f"{module} -> {target}")
    assert not upward, upward


def test_no_import_inside_a_function_except_the_form_library():
    lazy = [f"{m}: {t}" for m, p in MODULES.items() for t, _ in engine_imports(m, p)
            if t.startswith("<lazy")]
    assert not lazy, lazy


def find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """A cycle of the graph as a path that ends where it starts, or [] when there is none."""
    visiting: set[str] = set()
    done: set[str] = set()

    def walk(node: str, trail: list[str]) -> list[str]:
        if node in visiting:
            return trail[trail.index(node):] + [node]
        if node in done:
            return []
        visiting.add(node)
        for target in graph.get(node, []):
            cycle = walk(target, trail + [node])
            if cycle:
                return cycle
        visiting.discard(node)
        done.add(node)
        return []

    for node in graph:
        cycle = walk(node, [])
        if cycle:
            return cycle
    return []


def test_the_import_graph_has_no_cycle():
    assert find_cycle(GRAPH) == []


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": []}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b"], "b": [], "c": ["a", "b"]}) == []


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ENGINE.parent.parent, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_engine_module_imports_on_its_own():
    code = f"""
import importlib, sys
for name in {sorted(MODULES)!r}:
    for loaded in [m for m in sys.modules if m.startswith("webapp")]:
        del sys.modules[loaded]
    importlib.import_module(name)
print("ok")
"""
    assert run_python(code).strip() == "ok"


@pytest.mark.parametrize("statement, forbidden", [
    ("import webapp.engine", ("flask", "sqlalchemy", "wtforms", "flask_wtf", "jinja2")),
    ("from webapp.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
     ("flask", "sqlalchemy", "numpy", "webapp.engine")),
])
def test_what_an_import_brings_in(statement, forbidden):
    code = statement + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    loaded = run_python(code).splitlines()[-1].split()
    assert not [m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden)]
