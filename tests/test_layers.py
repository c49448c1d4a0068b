"""The house rules: metrics/ and data_access/ never import Streamlit; nothing imports a page."""
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


@pytest.mark.parametrize("package", ["metrics", "data_access"])
def test_core_packages_never_import_streamlit(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offenders = [str(f.relative_to(ROOT)) for f in files if "streamlit" in _imports(f)]
    assert offenders == []


PURE_METRICS_IMPORTS = {"numpy", "pandas", "holidays", "data_access.codes", "metrics"}


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "metrics").glob("*.py")
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
    assert {n if n.startswith("data_access") else n.split(".")[0] for n in outside} <= PURE_METRICS_IMPORTS


def test_nothing_imports_a_page_or_the_entrypoint():
    files = [f for f in ROOT.rglob("*.py") if ".venv" not in f.parts and "tests" not in f.parts]
    offenders = [str(f.relative_to(ROOT)) for f in files if _imports(f) & {"pages", "app"}]
    assert offenders == []
