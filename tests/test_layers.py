"""The house rules: metrics/ and data_access/ never import Streamlit; nothing imports a page; the pages
and ui/ compute no figure (metrics/pipeline/ does)."""
import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["metrics", "data_access", "demo"])
def test_core_packages_never_import_streamlit(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offenders = [str(f.relative_to(ROOT)) for f in files if "streamlit" in _imports(f)]
    assert offenders == []


PURE_METRICS_IMPORTS = {"numpy", "pandas", "vocab", "metrics"}


@pytest.mark.parametrize("module", sorted(str(p.relative_to(ROOT / "metrics")) for p in (ROOT / "metrics").rglob("*.py")
                                          if p.name not in ("__main__.py",)))
def test_metric_modules_are_pure(module):
    """Computations take DataFrames: no database, no files, no Streamlit (only __main__ reads data)."""
    import sys

    tree = ast.parse((ROOT / "metrics" / module).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {f"{node.module}.{a.name}" for a in node.names}
    outside = {n for n in names if n.split(".")[0] not in sys.stdlib_module_names}
    assert {n.split(".")[0] for n in outside} <= PURE_METRICS_IMPORTS


DEMO_IMPORTS = {"numpy", "pandas", "vocab", "demo"}


def _top_level_and_nested_imports(path: Path) -> tuple[set[str], list[int]]:
    """Every module a file imports, and the lines of imports not at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names, nested = set(), []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif node.module:
                names.add(node.module)
            if node.col_offset > 0:
                nested.append(node.lineno)
    return names, nested


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "demo").glob("*.py")))
def test_demo_stands_on_the_vocabulary_alone(module):
    """The demo generator imports numpy, pandas, the standard library and vocab/ only (never data_access,
    metrics or ui: data_access.bootstrap imports it), and only at module level."""
    import sys

    names, nested = _top_level_and_nested_imports(ROOT / "demo" / module)
    outside = {n.split(".")[0] for n in names} - set(sys.stdlib_module_names)
    assert outside <= DEMO_IMPORTS
    assert nested == []


def test_vocab_imports_nothing_of_the_project():
    for path in sorted((ROOT / "vocab").glob("*.py")):
        names, _nested = _top_level_and_nested_imports(path)
        assert {n.split(".")[0] for n in names} & {"data_access", "metrics", "ui", "demo", "bench"} == set(), path.name


def test_nothing_imports_a_page_or_the_entrypoint():
    files = [f for f in ROOT.rglob("*.py") if ".venv" not in f.parts and "tests" not in f.parts]
    offenders = [str(f.relative_to(ROOT)) for f in files if _imports(f) & {"pages", "app"}]
    assert offenders == []


# Grouping and reshaping that make a figure belong to metrics/ (one home per figure); ui/ and pages/
# only cache, label and draw. The exceptions lay out a chart, they compute no figure.
FIGURE_CALLS = {"groupby", "pivot_table", "pivot", "agg", "aggregate", "resample", "value_counts", "crosstab"}
CHART_LAYOUT = {
    ("ui/charts/training.py", "groupby"),  # stacks the histogram's bars by hand (Vega-Lite cannot, x to x2)
    ("ui/charts/service.py", "groupby"),  # orders service types by their slowest office
}


def test_pages_and_ui_compute_no_figure():
    files = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])
    found = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FIGURE_CALLS:
                found.add((str(f.relative_to(ROOT)), node.func.attr, node.lineno))
    assert {(f, call) for f, call, _ in found} - CHART_LAYOUT == set(), sorted(found)
    assert CHART_LAYOUT <= {(f, call) for f, call, _ in found}  # an exception no longer needed goes


def test_pages_draw_tables_through_ui_tables():
    """Every grid goes through ui.tables (show or grid), which draws a missing cell as the dash: a page's
    own st.dataframe showed the grid's "None" (seen in a browser)."""
    files = sorted([*(ROOT / "pages").glob("*.py"), ROOT / "app.py", *(ROOT / "ui").rglob("*.py")])
    found = []
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "dataframe"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
                found.append((str(f.relative_to(ROOT)), node.lineno))
    assert {f for f, _ in found} == {"ui/tables.py"}, found
