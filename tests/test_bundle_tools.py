"""The installers' pinned set and notices (packaging/): the lock pins every dependency with
hashes, and the notices cover exactly what the app runs on."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "packaging" / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        found = PIN.match(line)
        if found:
            pins[normalised(found.group(1))] = found.group(2)
    return pins


def make_notices() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_notices", ROOT / "packaging" / "make_notices.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_dependency_of_the_app_and_of_the_build_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked_pins()
    wanted = [Requirement(line) for line in project["dependencies"]]
    wanted += [Requirement("pyinstaller"), Requirement("pip-licenses")]
    for requirement in wanted:
        version = pins.get(normalised(requirement.name))
        assert version is not None, f"{requirement.name} is not in {LOCK.name}"
        assert requirement.specifier.contains(version), f"{requirement} but locked {version}"
    entries = re.split(r"^(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"), flags=re.M)
    pinned = [entry for entry in entries if PIN.match(entry)]
    assert len(pinned) == len(pins)
    assert all("--hash=sha256:" in entry for entry in pinned)


def test_the_notices_cover_the_app_s_run_time_distributions_only() -> None:
    names = {normalised(name) for name in make_notices().runtime_distributions()}
    assert {"pyside6-essentials", "pyside6-addons", "httpx", "uvicorn", "keyring"} <= names
    assert not names & {"kcp-pos", "pytest", "hypothesis", "ruff", "pyinstaller", "pip-licenses"}
    if sys.platform == "linux":
        assert "secretstorage" in names  # keyring's back end here, markers evaluated


@pytest.mark.skipif(importlib.util.find_spec("piplicenses") is None, reason="pip-licenses")
def test_the_notices_file_names_each_distribution_with_its_licence(tmp_path: Path) -> None:
    written = make_notices().write_notices(tmp_path)
    text = written.read_text(encoding="utf-8")
    assert "httpx" in text and "BSD" in text
    assert "PySide6" in text or "pyside6" in text.lower()
    assert "LGPL" in text
    assert "pytest" not in text.lower()
