"""Write the Windows version resource of the bundle's executables, for PyInstaller's `version=`.

`packaging/kcp-pos.spec` passes `build/packaging/windows-version.txt` as `version=` to both
executables when the file exists on Windows; `packaging/build-windows.ps1` writes it first:

    python packaging/windows/version_info.py 0.1.0 build/packaging/windows-version.txt
    python packaging/windows/version_info.py --numeric 0.1.0     # prints 0.1.0.0 (for ISCC)

The text is PyInstaller's version-file format (a `VSVersionInfo(...)` expression), so Explorer's
Properties > Details and the installer show the product, the company and the version.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PRODUCT = "kcp-pos"
COMPANY = "kcp-pos"
DESCRIPTION = "kcp-pos payment terminal (PortOne V1 / NHN KCP)"
COPYRIGHT = "Copyright (C) kcp-pos authors"


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """`0.1.0` -> (0, 1, 0, 0); a suffix (`0.2.0rc1`, `1.0.0+local`) is dropped: Windows wants
    four numbers, each below 65536."""
    match = re.match(r"^\d+(\.\d+)*", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    numbers = [int(part) for part in match.group(0).split(".")][:4]
    numbers += [0] * (4 - len(numbers))
    if any(number > 0xFFFF for number in numbers):
        raise ValueError(f"a Windows version number is at most 65535: {version!r}")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_file_text(version: str) -> str:
    """PyInstaller's version file for `version` (the full text is kept in the strings)."""
    numbers = numeric_version(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": PRODUCT,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{PRODUCT}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# Written by packaging/windows/version_info.py; not edited by hand.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo(
      [
        StringTable(
          '040904B0',
          [
{string_structs},
          ],
        )
      ]
    ),
    VarFileInfo([VarStruct('Translation', [0x0409, 1200])]),
  ],
)
"""


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--numeric":
        print(".".join(str(number) for number in numeric_version(argv[1])))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    version, out = argv[0], Path(argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(version_file_text(version), encoding="utf-8")
    print(f"version_info: {out} ({version})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
