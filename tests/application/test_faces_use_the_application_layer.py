"""The faces (the command line, `syncer/cli/`, and the review page, `syncer/web/`) reach the
sync engine, the state files, the planner and the list edits only through the application
layer (`syncer.application`), so both call the same use cases and each rule has one home."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "syncer"
BEHIND_THE_LAYER = ("syncer.sync", "syncer.state", "syncer.plan", "syncer.editing")
FACES = [face for face in ("cli", "web") if (PACKAGE / face).is_dir()]


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, at any depth (a lazy import in a function too);
    `from syncer import sync` counts as `syncer.sync`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def reaches_behind(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in BEHIND_THE_LAYER)


def test_the_import_finder_sees_every_form_of_import(tmp_path: Path) -> None:
    source = tmp_path / "face.py"
    source.write_text(
        "import syncer.state\n"
        "from syncer import sync\n"
        "from syncer.plan import plan\n"
        "def later():\n"
        "    from syncer.editing import pin\n"
        "from syncer.application import sync_lists\n",
        encoding="utf-8",
    )

    found = [m for m in imported_modules(source) if reaches_behind(m)]

    assert found == ["syncer.state", "syncer.sync", "syncer.plan", "syncer.plan.plan",
                     "syncer.editing", "syncer.editing.pin"]  # fmt: skip


@pytest.mark.parametrize("face", FACES)
def test_a_face_never_imports_what_is_behind_the_application_layer(face: str) -> None:
    files = sorted((PACKAGE / face).rglob("*.py"))
    assert files

    behind = {
        path.relative_to(PACKAGE).as_posix(): [
            m for m in imported_modules(path) if reaches_behind(m)
        ]
        for path in files
    }

    assert {path: modules for path, modules in behind.items() if modules} == {}


def test_the_cli_uses_the_application_layer() -> None:
    uses = {
        path.name
        for path in (PACKAGE / "cli").glob("*.py")
        if any(m.startswith("syncer.application") for m in imported_modules(path))
    }

    assert {"run.py", "decide.py", "importer.py", "account.py"} <= uses
