"""The package's layout, as ARCHITECTURE.md states it: layers whose imports point one way, no import cycles
(every import counts, lazy ones inside functions included), no module over 450 lines, at most 10 modules at the
package root. Imports are read from the source (ast), so nothing is imported to check them."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "k8sjobs_edu"
# A module may import its own layer and the layers below it, never one above.
LAYERS = {"api": 0, "controller": 1, "containers": 1, "cluster": 2, "kubectl": 3, "teach": 4, "widgets": 4,
          "cli": 5}
MAX_LINES = 450
MAX_ROOT_MODULES = 10
UI_LIBRARIES = ("matplotlib", "ipywidgets", "IPython")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The package's modules (and, for other libraries, their top-level names) that ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES and target.startswith("k8sjobs_edu"):
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target if target.startswith("k8sjobs_edu") else target.split(".")[0])
    return found


def own_imports(name: str) -> set[str]:
    path = MODULES[name]
    targets = {t for t in imported(name, path) if t.startswith("k8sjobs_edu")}
    if path.name == "__init__.py":  # a package's face re-exporting its own children is not a dependency
        targets = {t for t in targets if not t.startswith(name + ".")}
    return targets


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_module_imports_a_layer_above_its_own():
    upward = [f"{name} -> {target}" for name in MODULES if layer(name) in LAYERS for target in own_imports(name)
              if layer(target) in LAYERS and LAYERS[layer(target)] > LAYERS[layer(name)]]
    assert upward == []


def test_containers_are_used_by_the_cluster_only_and_the_controller_stays_pure():
    users = {name for name in MODULES for target in own_imports(name) if layer(target) == "containers"}
    assert {layer(name) for name in users} <= {"containers", "cluster", ""}
    controller_reaches = {layer(t) for name in MODULES if layer(name) == "controller" for t in own_imports(name)}
    assert controller_reaches <= {"api", "controller"}


def test_nothing_below_teach_imports_a_drawing_or_widget_library():
    drawing = [f"{name} imports {library}" for name, path in MODULES.items()
               if layer(name) not in ("teach", "widgets", "cli")
               for library in imported(name, path) if library in UI_LIBRARIES]
    assert drawing == []


def test_there_are_no_import_cycles():
    graph = {name: own_imports(name) for name in MODULES}
    state, cycles = {}, []

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_450_lines(name):
    assert len(MODULES[name].read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_at_most_ten_modules_at_the_package_root():
    root = [name for name, path in MODULES.items() if name.count(".") == 1 and path.name != "__init__.py"]
    assert len(root) <= MAX_ROOT_MODULES, root


def test_every_subpackage_says_what_it_is_for():
    undocumented = [name for name, path in MODULES.items()
                    if path.name == "__init__.py" and not ast.get_docstring(ast.parse(path.read_text()))]
    assert undocumented == []
