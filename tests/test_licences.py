"""The notices and licence texts (kcp_pos/licences.py), from this environment's distributions."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from kcp_pos import licences
from kcp_pos.licences import (
    NOTICES_FILE_NAME,
    build_notices,
    lgpl_text,
    own_licence,
    runtime_distributions,
    third_party_notices,
    write_notices,
)


def test_runtime_distributions_follow_the_requirements_without_the_extras() -> None:
    names = {d.name.lower().replace("_", "-") for d in runtime_distributions()}
    # direct requirements, and theirs (httpx -> httpcore -> h11; pydantic -> pydantic-core)
    assert {"httpx", "httpcore", "h11", "pydantic", "pydantic-core", "pyside6-essentials"} <= names
    assert {"shiboken6", "sqlalchemy", "uvicorn", "keyring"} <= names
    assert "kcp-pos" not in names
    assert not {"pytest", "hypothesis", "mypy", "ruff"} & names  # the `test` extra


def test_built_notices_carry_versions_licences_and_the_shipped_licence_files() -> None:
    notices = build_notices()
    httpx = metadata.distribution("httpx")
    assert f"httpx {httpx.version}" in notices
    assert "Licence: BSD-3-Clause" in notices
    # httpx ships its LICENSE.md: its text is in the notices, not only its name
    shipped = next(f for f in httpx.files or [] if f.name.startswith("LICENSE"))
    assert shipped.read_text(encoding="utf-8").strip().splitlines()[0] in notices
    assert f"PySide6_Essentials {metadata.version('PySide6-Essentials')}" in notices


def test_write_notices_writes_what_build_notices_gives(tmp_path: Path) -> None:
    path = tmp_path / "licenses" / NOTICES_FILE_NAME
    write_notices(path)
    assert path.read_text(encoding="utf-8") == build_notices()


def test_a_bundled_notices_file_wins_over_the_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen bundle (PyInstaller's sys._MEIPASS) carries the file written at build time."""
    folder = tmp_path / "resources" / "licenses"
    folder.mkdir(parents=True)
    (folder / NOTICES_FILE_NAME).write_text("Name: httpx\nVersion: 0.0\n", encoding="utf-8")
    monkeypatch.setattr(licences.sys, "_MEIPASS", str(tmp_path), raising=False)
    assert third_party_notices() == "Name: httpx\nVersion: 0.0\n"


def test_the_lgpl_text_and_the_apps_own_licence_are_found() -> None:
    text = lgpl_text()
    assert text is not None
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Version 3" in text
    assert own_licence() == "Proprietary"
