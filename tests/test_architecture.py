"""The shape of the code (issue 10): no import circles anywhere in the two packages, one folder
per feature, and every module short enough to read."""

from __future__ import annotations

from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
FEATURES = {"contacts", "research", "strategy", "copies"}


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    found = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                found.append((module, imported))
    return found


def test_no_import_circles() -> None:
    graph = grimp.build_graph("mash_desktop", "ui")
    assert _cycles(graph) == []


def test_services_and_ui_have_one_folder_per_feature() -> None:
    for layer in (ROOT / "mash_desktop" / "services", ROOT / "ui"):
        folders = {p.name for p in layer.iterdir() if (p / "__init__.py").exists()}
        assert folders >= FEATURES, layer


def test_every_module_is_under_450_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for folder in ("mash_desktop", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) >= 450
    }
    assert long == {}
