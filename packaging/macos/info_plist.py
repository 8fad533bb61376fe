"""The Info.plist values of kcp-pos.app, for PyInstaller's BUNDLE in packaging/kcp-pos.spec:

    from info_plist import info_plist      # with packaging/macos on sys.path
    BUNDLE(..., bundle_identifier=info_plist()["CFBundleIdentifier"], info_plist=info_plist())

Run in the build environment (kcp-pos and PySide6 installed), where the version and the lowest
macOS the Qt wheels run on are read from the installed distributions, never typed twice.
`python packaging/macos/info_plist.py` prints the values.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

BUNDLE_ID = "kr.kcp-pos.terminal"
"""Fixed for good: macOS keeps the app's permissions and keychain access under it."""
APP_NAME = "kcp-pos"
QT_DISTRIBUTION = "PySide6-Essentials"
FALLBACK_MINIMUM_MACOS = "13.0"
"""PySide6 6.10-6.11's wheels are tagged macosx_13_0 (Qt 6.8-6.9: 12.0, up to 6.7: 11.0)."""


def app_version() -> str:
    """kcp-pos's version as installed in the build environment."""
    try:
        return metadata.version(APP_NAME)
    except metadata.PackageNotFoundError:
        from kcp_pos import __version__

        return __version__


def short_version(version: str) -> str:
    """CFBundleShortVersionString: three numbers (`0.2.0rc1` -> `0.2.0`)."""
    match = re.match(r"^\d+(\.\d+){0,2}", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    return match.group(0)


def minimum_macos(distribution: str = QT_DISTRIBUTION) -> str:
    """The lowest macOS in the installed Qt wheel's platform tag (`macosx_13_0_universal2`
    -> `13.0`): the app cannot run below it."""
    try:
        wheel = metadata.distribution(distribution).read_text("WHEEL") or ""
    except metadata.PackageNotFoundError:
        return FALLBACK_MINIMUM_MACOS
    found = re.findall(r"macosx_(\d+)_(\d+)_", wheel)
    if not found:
        return FALLBACK_MINIMUM_MACOS
    major, minor = max((int(a), int(b)) for a, b in found)
    return f"{major}.{minor}"


def info_plist(version: str | None = None) -> dict[str, Any]:
    version = version or app_version()
    short = short_version(version)
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": short,
        "CFBundleVersion": short,
        "CFBundlePackageType": "APPL",
        "CFBundleDevelopmentRegion": "ko",
        "CFBundleLocalizations": ["ko", "en"],
        "LSMinimumSystemVersion": minimum_macos(),
        "LSApplicationCategoryType": "public.app-category.business",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": "Copyright (C) kcp-pos authors",
    }


if __name__ == "__main__":
    for key, value in info_plist().items():
        print(f"{key} = {value!r}")
