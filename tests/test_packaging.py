"""The wheel ships every package and the resources the app loads at run time."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kcp_pos.ui.shell.resources import style_sheet_path, translations_dir

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_python_package_is_listed_for_the_wheel() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]  # type: ignore[index]
    listed = set(setuptools["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kcp_pos").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert setuptools["package-dir"]["kcp_pos.resources"] == "resources"


def test_resources_the_app_loads_exist_and_are_shipped() -> None:
    assert style_sheet_path().is_file()
    assert (translations_dir() / "kcp_pos_ko.qm").is_file()
    shipped = _pyproject()["tool"]["setuptools"]["package-data"]["kcp_pos.resources"]  # type: ignore[index]
    for pattern in shipped:
        assert list((ROOT / "resources").glob(pattern)), f"{pattern} matches nothing"
