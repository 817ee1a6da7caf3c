"""Small enough to read: no module in src/ over 600 lines, no class over 200, no function over 60
(counted from its first decorator to its last line). A function or class that is mostly a table
(data literals: dicts, lists, sets, tuples and strings of words) is exempt, as its size is its
vocabulary, not its logic."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "claimcheck"
FILES = sorted(ROOT.rglob("*.py"))
MAX_MODULE, MAX_CLASS, MAX_FUNCTION = 600, 200, 60
LITERALS = (ast.Dict, ast.List, ast.Set, ast.Tuple, ast.Constant, ast.JoinedStr)


def _span(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    return (node.end_lineno or node.lineno) - start + 1


def _mostly_data(node: ast.AST) -> bool:
    """Most of its lines are inside data literals of more than a few lines."""
    lines: set[int] = set()
    for child in ast.walk(node):
        if isinstance(child, LITERALS) and child.end_lineno and child.end_lineno - child.lineno > 3:
            lines.update(range(child.lineno, child.end_lineno + 1))
    return len(lines) > _span(node) / 2  # type: ignore[arg-type]


def _name(path: Path) -> str:
    return path.relative_to(ROOT.parent).as_posix()


def test_no_module_is_over_600_lines() -> None:
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in FILES}
    too_big = {name: n for name, n in sizes.items() if n > MAX_MODULE}
    assert not too_big, too_big


def test_no_class_is_over_200_lines_and_no_function_over_60() -> None:
    too_big = []
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                limit = MAX_CLASS
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                limit = MAX_FUNCTION
            else:
                continue
            if _span(node) > limit and not _mostly_data(node):
                too_big.append(f"{_name(path)}:{node.lineno} {node.name}: {_span(node)} lines")
    assert not too_big, too_big


def test_the_data_exemption_is_for_tables_only() -> None:
    table = ast.parse("def f():\n    return {\n" + "        'a': 1,\n" * 80 + "    }\n")
    logic = ast.parse("def f():\n" + "    x = 1\n" * 80)
    assert _mostly_data(table.body[0])
    assert not _mostly_data(logic.body[0])
