"""The layers contract and the import graph: data flows one way and no module imports in a circle.

The contract itself is in pyproject.toml (``[tool.importlinter]``); ``lint-imports`` checks it.
"""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
from helpers import REPO

import translate_cli

LINT_IMPORTS = [
    sys.executable,
    "-c",
    "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
    "--no-logo",
    "--no-cache",
]
CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]
# Cycles that exist today and are being fixed; the test fails once one is gone, so the list shrinks.
KNOWN_CYCLES: list[list[str]] = []


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(LINT_IMPORTS, cwd=cwd, capture_output=True, text=True)


def test_the_layers_contract_is_kept() -> None:
    done = lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_top_level_module_is_in_a_layer() -> None:
    # A new module outside the contract would be free to import anything.
    [layers] = [c for c in CONTRACTS if c["type"] == "layers"]
    named = {
        part.strip().strip("()").removeprefix("translate_cli.")
        for layer in layers["layers"]
        for part in layer.replace("\\", "").split(":")
    }
    found = {m.name for m in pkgutil.iter_modules(translate_cli.__path__)} - {"__main__"}
    assert found - named == set(), "add these modules to a layer in pyproject.toml"


def test_the_contract_catches_an_upward_import_and_rich_in_the_core(tmp_path: Path) -> None:
    # A copy of the package with two violations: the text layer importing the store, and a
    # core module importing rich. lint-imports run there must name both and fail.
    shutil.copytree(
        REPO / "translate_cli",
        tmp_path / "translate_cli",
        ignore=shutil.ignore_patterns("__pycache__", "data"),
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "translate_cli" / "text" / "upward.py").write_text(
        "from translate_cli.store import Store\n", encoding="utf-8"
    )
    (tmp_path / "translate_cli" / "status_rich.py").write_text("import rich\n", encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "translate_cli.text.upward -> translate_cli.store" in done.stdout
    assert "translate_cli.status_rich -> rich" in done.stdout
    assert "2 broken" in done.stdout


def import_cycles(package: str) -> list[list[str]]:
    """Every set of modules that import each other in a circle (Tarjan's strongly connected
    components over all imports, those inside functions too, except ``if TYPE_CHECKING:``)."""
    graph = grimp.build_graph(package, cache_dir=None, exclude_type_checking_imports=True)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_no_import_cycles_between_modules() -> None:
    assert import_cycles("translate_cli") == sorted(KNOWN_CYCLES)


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "loopy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from loopy import b\n", encoding="utf-8")
    (pkg / "b.py").write_text("def f():\n    from loopy import c\n", encoding="utf-8")
    (pkg / "c.py").write_text("import loopy.a\n", encoding="utf-8")
    (pkg / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import loopy.e\n",
        encoding="utf-8",
    )
    (pkg / "e.py").write_text("import loopy.d\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        assert import_cycles("loopy") == [["loopy.a", "loopy.b", "loopy.c"]]
    finally:
        sys.path.remove(str(tmp_path))
