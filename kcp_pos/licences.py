"""The licence texts and the third-party notices the app shows in its About dialog.

An installed bundle carries them, generated at build time from the distributions it was built
from (`packaging/make_notices.py`), in `resources/licenses/`: `THIRD-PARTY-NOTICES.txt` and the
licence texts (`LGPL-3.0.txt`, which PySide6's wheels do not ship). Run from source, the
notices are absent and are written here at run time from `importlib.metadata`: the name,
version and licence of every distribution `kcp-pos` needs at run time (its `Requires-Dist`,
followed recursively), with the licence files each one ships. Nothing is written by hand.

Outside the layers (like `atomic_file.py`): the standard library only, no Qt, so the build can
use it too (`write_notices`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

APP_DISTRIBUTION = "kcp-pos"
LICENCES_FOLDER = "licenses"
NOTICES_FILE_NAME = "THIRD-PARTY-NOTICES.txt"
LGPL_FILE_NAME = "LGPL-3.0.txt"
QT_DISTRIBUTION = "PySide6-Essentials"
SYSTEM_LGPL_FILES = (Path("/usr/share/common-licenses/LGPL-3"),)
"""Where a Linux system keeps the LGPL v3 text (Debian's base-files), for a run from source."""
LGPL_ONLINE = "https://www.gnu.org/licenses/lgpl-3.0.html"
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_RULE = "=" * 78


@dataclass(frozen=True)
class RuntimeDistribution:
    """One distribution the app runs on, as its metadata describes it."""

    name: str
    version: str
    licence: str
    licence_texts: tuple[tuple[str, str], ...]
    """(file name, text) of each licence or notice file the distribution ships."""


def licences_dirs() -> list[Path]:
    """Where `resources/licenses/` may be, first found wins: a frozen bundle's (PyInstaller),
    the installed package's (`kcp_pos.resources`), the source tree's."""
    candidates: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        candidates.append(Path(frozen_root) / "resources" / LICENCES_FOLDER)
    try:
        installed = resources.files("kcp_pos.resources") / LICENCES_FOLDER
    except ModuleNotFoundError:  # an editable install or a source tree: no such package
        pass
    else:
        candidates.append(Path(str(installed)))
    candidates.append(Path(__file__).resolve().parents[1] / "resources" / LICENCES_FOLDER)
    return candidates


def bundled_file(name: str) -> Path | None:
    """`resources/licenses/<name>` where it exists, else None."""
    return next((path for d in licences_dirs() if (path := d / name).is_file()), None)


def third_party_notices() -> str:
    """The bundle's notices file, or (run from source) notices written now from the metadata."""
    bundled = bundled_file(NOTICES_FILE_NAME)
    if bundled is not None:
        return bundled.read_text(encoding="utf-8", errors="replace")
    return build_notices()


def lgpl_text() -> str | None:
    """The GNU LGPL v3 text (Qt's and PySide6's licence): the bundle's or the source tree's copy
    in `resources/licenses/`, else the one a distribution of Qt ships (PySide6's wheels ship
    none today), else the system's, else None (then point to `LGPL_ONLINE`)."""
    bundled = bundled_file(LGPL_FILE_NAME)
    if bundled is not None:
        return bundled.read_text(encoding="utf-8", errors="replace")
    for name in (QT_DISTRIBUTION, "shiboken6", "PySide6-Addons"):
        for _file_name, text in _shipped_licence_texts(name):
            if "LESSER GENERAL PUBLIC LICENSE" in text and "Version 3" in text:
                return text
    for path in SYSTEM_LGPL_FILES:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return None


def own_licence() -> str:
    """kcp-pos's own licence as its metadata says ("Proprietary"), or "" when the metadata is
    not there (a bundle built without it)."""
    try:
        distribution = metadata.distribution(APP_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""
    return licence_of(distribution)


def build_notices(root: str = APP_DISTRIBUTION) -> str:
    """Plain-text notices of every distribution `root` needs at run time, from their metadata."""
    parts = [
        f"Third-party software in {root}",
        "Written from the installed distributions' metadata (importlib.metadata).",
        "",
    ]
    for distribution in runtime_distributions(root):
        parts += [_RULE, f"{distribution.name} {distribution.version}"]
        parts.append(f"Licence: {distribution.licence or 'not stated in its metadata'}")
        for file_name, text in distribution.licence_texts:
            parts += ["", f"--- {file_name} ---", text.rstrip()]
        parts.append("")
    return "\n".join(parts) + "\n"


def write_notices(path: Path, root: str = APP_DISTRIBUTION) -> None:
    """Write `build_notices(root)` to `path` (UTF-8), for a build that has no better tool."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_notices(root), encoding="utf-8")


def runtime_distributions(root: str = APP_DISTRIBUTION) -> list[RuntimeDistribution]:
    """The installed distributions `root` requires, directly or not, sorted by name (`root`
    itself left out). Requirements of an extra are not followed; one with another marker
    (a platform, a Python version) is followed when it is installed: listing a notice too many
    is harmless, one too few is not."""
    found: dict[str, metadata.Distribution] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        key = _normalised(name)
        if key in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key] = distribution
        waiting += _required_names(distribution.requires or [])
    found.pop(_normalised(root), None)
    described = [_describe(distribution) for distribution in found.values()]
    return sorted(described, key=lambda d: d.name.lower())


def licence_of(distribution: metadata.Distribution) -> str:
    """The licence in a distribution's metadata: its SPDX expression, else a short `License`
    field, else its licence classifiers."""
    fields = distribution.metadata
    expression = _first(fields, "License-Expression")
    if expression:
        return expression
    field = _first(fields, "License")
    if field and "\n" not in field and len(field) <= 120:
        return field
    classifiers = [
        str(c).split(" :: ")[-1]
        for c in fields.get_all("Classifier") or []
        if str(c).startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    return field.splitlines()[0] if field else ""


def _first(fields: metadata.PackageMetadata, name: str) -> str:
    """A metadata field's first value, stripped ("" when absent)."""
    values = fields.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _describe(distribution: metadata.Distribution) -> RuntimeDistribution:
    name = str(distribution.metadata["Name"])
    return RuntimeDistribution(
        name=name,
        version=distribution.version,
        licence=licence_of(distribution),
        licence_texts=tuple(_shipped_licence_texts(name)),
    )


def _shipped_licence_texts(name: str) -> Iterator[tuple[str, str]]:
    """(file name, text) of the licence and notice files in a distribution's metadata folder
    (`*.dist-info/`, `*.dist-info/licenses/`), each once."""
    try:
        files = metadata.distribution(name).files or []
    except metadata.PackageNotFoundError:
        return
    seen: set[str] = set()
    for file in files:
        parts = file.parts
        in_metadata = bool(parts) and parts[0].endswith((".dist-info", ".egg-info"))
        if not in_metadata or not _LICENCE_FILE.search(file.name) or file.name in seen:
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        seen.add(file.name)
        yield file.name, text


def _required_names(requirements: Iterable[str]) -> list[str]:
    names = []
    for line in requirements:
        requirement, _, marker = line.partition(";")
        if "extra" in marker:
            continue
        match = _REQUIREMENT_NAME.match(requirement)
        if match is not None:
            names.append(match.group(1))
    return names


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
