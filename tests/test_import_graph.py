"""The house's layers, read from the code: vocab/ at the bottom imports nothing of the project; metrics/
and data_access/ stand on it and never on each other (the report command excepted) nor on ui/; no
module imports itself round a circle; no import hides inside a function; no SQL outside data_access/."""
import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("vocab", "metrics", "data_access", "demo", "ui", "bench")
# Who may import whom (top-level packages); app.py and pages/ sit above everything.
ALLOWED = {
    "vocab": {"vocab"},
    "metrics": {"metrics", "vocab"},
    "demo": {"demo", "vocab"},
    "data_access": {"data_access", "vocab", "demo"},
    "ui": {"ui", "metrics", "data_access", "vocab"},
    "bench": {"bench", "metrics", "data_access", "vocab", "demo", "ui"},
}
# The report command reads the data and computes the report: the one module on both layers. Its brief
# also draws each signal page's key chart with the pages' own builders (ui.charts, pure: altair, pandas,
# metrics and vocab, never Streamlit, as test_the_chart_builders_never_reach_streamlit checks), so that
# the PDF shows the very charts the pages show instead of a second copy of them in metrics/.
EXCEPTIONS = {"metrics.__main__": {"data_access", "ui.charts"}}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    files = [p for p in ROOT.rglob("*.py")
             if not {".venv", "tests", "migrations", "docs"} & set(p.relative_to(ROOT).parts)]
    return {_module_name(p): p for p in files}


SOURCES = _sources()


def _imported(name: str, path: Path, node: ast.AST) -> list[str]:
    """The project modules an import statement names (a package's `from p import m` names p.m)."""
    if isinstance(node, ast.Import):
        targets = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = name.split(".")[: len(name.split(".")) - node.level + (path.name == "__init__.py")]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in SOURCES else module for a in node.names]
    else:
        return []
    return [t for t in targets if t in SOURCES or t.split(".")[0] in PACKAGES]


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in SOURCES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {t for node in ast.walk(tree) for t in _imported(name, path, node) if t != name}
    return graph


GRAPH = _graph()


def test_the_graph_is_read_from_every_package():
    assert {n.split(".")[0] for n in GRAPH} >= {"vocab", "metrics", "data_access", "ui", "pages", "app"}
    assert "vocab.codes" in GRAPH["metrics.appraisal"]  # an edge the code certainly has


def _excepted(src: str, dst: str) -> bool:
    """Whether `dst` is a package or module EXCEPTIONS lets `src` import (a module's own submodules too)."""
    return any(dst == e or dst.startswith(e + ".") for e in EXCEPTIONS.get(src, ()))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below(package):
    offenders = sorted(
        f"{src} -> {dst}" for src, dsts in GRAPH.items() if src.split(".")[0] == package
        for dst in dsts
        if dst.split(".")[0] not in ALLOWED[package] and not _excepted(src, dst))
    assert offenders == []


def test_an_exception_names_only_what_it_lets_in():
    """metrics.__main__ may import ui.charts, not the rest of ui (ui.data, ui.frame import Streamlit)."""
    assert _excepted("metrics.__main__", "ui.charts.brief") and _excepted("metrics.__main__", "ui.charts")
    assert not _excepted("metrics.__main__", "ui.data") and not _excepted("metrics.__main__", "ui.chartsx")
    assert not _excepted("metrics.report", "ui.charts")


def _third_party(path: Path) -> set[str]:
    """The top-level names of every module a file imports, the project's included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def reach(start: str) -> set[str]:
    """Every project module `start` imports, directly or through others (itself included)."""
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in GRAPH:
            continue
        seen.add(name)
        todo += [*GRAPH[name], *(p for p in (name.rsplit(".", 1)[0],) if "." in name)]  # a package's __init__
    return seen


def test_the_chart_builders_never_reach_streamlit():
    """What the command imports of ui (the exception above) stays free of Streamlit, however deep."""
    reached = reach("ui.charts.brief")
    assert {"ui.charts", "ui.charts.appraisal", "metrics.brief", "ui"} <= reached
    assert {m for m in reached if m.startswith("ui.")} <= {m for m in GRAPH if m.startswith("ui.charts")}
    assert [m for m in sorted(reached) if "streamlit" in _third_party(SOURCES[m])] == []
    assert "streamlit" in _third_party(SOURCES["ui.data"])  # the check sees a Streamlit import where one is


def test_no_module_imports_itself_round_a_circle():
    index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert circles == []


def test_the_circle_check_finds_a_circle():
    """The check above on a planted circle (a -> b -> a), so it is known to bite."""
    global GRAPH
    kept = GRAPH
    GRAPH = {"a": {"b"}, "b": {"a"}}
    try:
        with pytest.raises(AssertionError):
            test_no_module_imports_itself_round_a_circle()
    finally:
        GRAPH = kept


def test_no_import_of_the_project_hides_inside_a_function():
    """An import inside a function is how a circle is dodged; the project imports at the top."""
    offenders = []
    for name, path in SOURCES.items():
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                offenders += [f"{name}:{node.lineno}" for node in ast.walk(fn) if _imported(name, path, node)]
    assert offenders == []


SQL_FREE = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
TYPES_ONLY = {"Engine", "Connection"}


def test_no_sql_outside_data_access():
    """Pages and the UI package ask data_access; they hold no query, table model or execute call."""
    offenders = []
    for path in SQL_FREE:
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
                offenders += [f"{where}:{node.lineno} sqlalchemy.{a.name}" for a in node.names
                              if a.name not in TYPES_ONLY]
            elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "sqlalchemy" for a in node.names):
                offenders.append(f"{where}:{node.lineno} import sqlalchemy")
            elif isinstance(node, ast.ImportFrom) and node.module == "data_access.models":
                offenders.append(f"{where}:{node.lineno} data_access.models")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
                offenders.append(f"{where}:{node.lineno} .execute()")
    assert len(SQL_FREE) > 10 and offenders == []
