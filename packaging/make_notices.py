"""Write the bundle's third-party notices from what is installed in the build environment:
`THIRD-PARTY-NOTICES.txt` in the folder given, by `kcp_pos.licences` (the same text the About
dialog builds when run from source): every distribution `kcp-pos` needs at run time, with its
version, its licence and the licence and notice files it ships; then the Python interpreter's
own licence file, which the bundle ships too (it lists the components of that Python build).
Build tools are not among them. Nothing here is written by hand.

    python packaging/make_notices.py OUT_DIR
"""

from __future__ import annotations

import sys
import sysconfig
import textwrap
from pathlib import Path

from kcp_pos.licences import NOTICES_FILE_NAME, build_notices, runtime_distributions

QT_NOTICES = (
    "Qt {version} (in PySide6, including Qt WebEngine and the Chromium code in it) is under the "
    "LGPL-3.0 (LGPL-3.0.txt beside this file); the licences of the third-party code in Qt are "
    "listed at https://doc.qt.io/qt-6/licenses-used-in-qt.html."
)


def python_licence() -> tuple[Path, str] | None:
    """The running interpreter's LICENSE.txt (python.org and pyenv builds: beside the standard
    library; Windows: in the installation folder)."""
    for folder in (Path(sysconfig.get_paths()["stdlib"]), Path(sys.base_prefix)):
        path = folder / "LICENSE.txt"
        if path.is_file():
            return path, path.read_text(encoding="utf-8", errors="replace")
    return None


def notices() -> str:
    from PySide6 import __version__ as pyside_version

    parts = [build_notices().rstrip("\n"), "", "=" * 78]
    found = python_licence()
    version = ".".join(map(str, sys.version_info[:3]))
    if found is None:
        parts.append(f"Python {version}: PSF License; its licence file was not found at build.")
    else:
        parts += [f"Python {version} (the interpreter in this bundle)", "", found[1].rstrip()]
    parts += ["", "=" * 78, textwrap.fill(QT_NOTICES.format(version=pyside_version), 78), ""]
    return "\n".join(parts)


if __name__ == "__main__":
    path = Path(sys.argv[1]) / NOTICES_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notices(), encoding="utf-8")
    print(f"notices: {path} ({len(runtime_distributions())} distributions and Python)")
