"""The shape of the house: no import cycles inside ``engine``, no module over ~500 lines, no add-in or
web framework imported by the engine. Imports under ``if TYPE_CHECKING:`` are for type checkers only
and do not count."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "engine"
MAX_LINES = 500
FORBIDDEN = {"xlwings", "flask", "fastapi", "django", "starlette", "uvicorn", "aiohttp", "tornado", "bottle"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node except the bodies of ``if TYPE_CHECKING:`` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", getattr(child.test, "attr", None)) == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The modules ``path`` imports (at any depth, lazily or not), as names known in ``modules`` or top-level."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            # "from engine.report import formats" imports the module engine.report.formats
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in ENGINE.rglob("*.py")}
    modules = set(paths)
    graph = {}
    for name, path in paths.items():
        targets = set()
        for target in imported_modules(path, modules):
            # a module imports its parent packages too, but those edges are Python's, not ours
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                targets.add(target)
        graph[name] = targets
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles_inside_engine():
    assert find_cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_over_500_lines():
    long = {module_name(p): n for p in ENGINE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_engine_never_imports_the_add_in_or_a_web_framework():
    modules = set(import_graph())
    offenders = {module_name(p): sorted(t for t in imported_modules(p, modules) if t.split(".")[0] in FORBIDDEN)
                 for p in ENGINE.rglob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_pane_s_engine_imports_only_what_the_browser_bundle_ships(tmp_path):
    """The static add-in runs ``addin.service`` (validator, mark plan, annotated copy) in Pyodide with only
    the wheels of ``addin.bundle``: pandas, numpy, scikit-learn or a web framework on that path would
    break the pane. Checked here in CPython, without a browser, on real workbooks of every template."""
    import subprocess
    import sys

    script = """
import sys
for name in ("pandas", "numpy", "sklearn", "scipy", "xlwings", "starlette", "uvicorn", "lxml", "PIL"):
    sys.modules[name] = None  # importing it now fails
from pathlib import Path
from addin.service import annotate_in_memory, check_in_memory
from engine.benchmarks import DOMAIN_IDS, get_domain
from engine.templates.writer import write_template
folder = Path(sys.argv[1])
for domain_id in DOMAIN_IDS:
    path = write_template(get_domain(domain_id), folder / f"{domain_id}.xlsx")
    result = check_in_memory(path.read_bytes(), path.name, "da")
    assert result["template"] == domain_id, result["status"]
    assert annotate_in_memory(path.read_bytes(), path.name, "en") is not None
print("ok")
"""
    root = ENGINE.parent
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
