"""The ribbon add-in of the desktop route: built reproducibly from xlwings' template, VBA untouched.

Excel itself is not here; what is checked is what Excel would load: the package, the ribbon XML
and its callback, the unchanged VBA project, and the module the callback imports.
"""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytest.importorskip("xlwings")
from addin.xlam import CUSTOM_UI_PART, NAME, build, template_path  # noqa: E402

UI = "{http://schemas.microsoft.com/office/2006/01/customui}"


def test_build_is_reproducible_and_changes_only_the_ribbon(tmp_path: Path) -> None:
    first, module = build(tmp_path / "a")
    second, _ = build(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert first.name == f"{NAME}.xlam" and module.name == f"{NAME}.py"
    with zipfile.ZipFile(template_path()) as template, zipfile.ZipFile(first) as built:
        assert built.testzip() is None
        assert sorted(built.namelist()) == sorted(template.namelist())
        changed = [name for name in built.namelist() if built.read(name) != template.read(name)]
        assert changed == [CUSTOM_UI_PART]
        assert b"vbaProject.bin" in built.read("xl/_rels/workbook.xml.rels")
        assert CUSTOM_UI_PART.encode() in built.read("_rels/.rels")
        ribbon = ElementTree.fromstring(built.read(CUSTOM_UI_PART))
    [tab] = ribbon.iter(UI + "tab")
    [button] = ribbon.iter(UI + "button")
    assert tab.get("label") == "kommunebench"
    assert button.get("onAction") == "RibbonMyAddin.RunMain"  # the template's only callback: <name>.main()


def test_the_module_the_button_imports_checks_the_active_workbook(tmp_path: Path) -> None:
    _, module = build(tmp_path)
    tree = ast.parse(module.read_text(encoding="utf-8"))
    [main] = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main"]
    assert ast.unparse(main.body[-1]) == "check_workbook(xw.books.active)"
    namespace: dict = {}
    exec(compile(tree, str(module), "exec"), namespace)  # imports xlwings and addin.desktop for real
    assert callable(namespace["main"]) and namespace["check_workbook"].__module__ == "addin.desktop"
