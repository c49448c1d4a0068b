"""Every test can fail: its body (or a helper of tests/ that it calls, followed by name) holds an
`assert`, a `pytest.raises`/`warns`/`fail`, or a call to an `assert_*` function (pandas.testing and
the like). A test that only runs code and checks nothing passes whatever the code does (issue 17:
tests/test_privacy.py once had one)."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CHECKING_ATTRIBUTES = {"raises", "warns", "fail", "deprecated_call"}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Name):
                names.add(n.func.id)
            elif isinstance(n.func, ast.Attribute):
                names.add(n.func.attr)
    return names


def _checks_directly(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Assert):
            return True
        if isinstance(n, ast.Call):
            name = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
            if name in CHECKING_ATTRIBUTES or name.startswith("assert_"):
                return True
    return False


def _functions() -> dict[str, list[tuple[str, ast.FunctionDef]]]:
    found: dict[str, list[tuple[str, ast.FunctionDef]]] = {}
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.setdefault(node.name, []).append((path.name, node))
    return found


def test_every_test_function_asserts_something():
    functions = _functions()
    checking = {name for name, defs in functions.items() if any(_checks_directly(d) for _, d in defs)}
    grew = True
    while grew:  # helpers that call checking helpers check too
        grew = False
        for name, defs in functions.items():
            if name not in checking and any(_called(d) & checking for _, d in defs):
                checking.add(name)
                grew = True
    tests = [(file, node) for defs in functions.values() for file, node in defs
             if file.startswith("test_") and node.name.startswith("test")]
    assert len(tests) > 500  # the walk found the suite
    silent = [f"{file}:{node.lineno} {node.name}" for file, node in tests
              if not _checks_directly(node) and not _called(node) & checking]
    assert not silent, "tests that check nothing:\n" + "\n".join(silent)


def test_the_check_catches_a_test_that_checks_nothing():
    tree = ast.parse("def test_x():\n    compute(1)\n\ndef test_y():\n    assert compute(1) == 2\n")
    silent, checked = tree.body
    assert not _checks_directly(silent) and _checks_directly(checked)
    call = ast.parse("def test_z(df):\n    pd.testing.assert_frame_equal(df, df)\n").body[0]
    assert _checks_directly(call)
