"""The installers' pinned set (packaging/requirements.lock): every dependency of the app and of
the build, pinned with hashes. The notices are kcp_pos.licences' (tests/test_licences.py)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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


def test_every_dependency_of_the_app_and_of_the_build_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked_pins()
    wanted = [Requirement(line) for line in project["dependencies"]]
    wanted += [Requirement("pyinstaller")]
    for requirement in wanted:
        version = pins.get(normalised(requirement.name))
        assert version is not None, f"{requirement.name} is not in {LOCK.name}"
        assert requirement.specifier.contains(version), f"{requirement} but locked {version}"
    entries = re.split(r"^(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"), flags=re.M)
    pinned = [entry for entry in entries if PIN.match(entry)]
    assert len(pinned) == len(pins)
    assert all("--hash=sha256:" in entry for entry in pinned)
