"""Print a bundle folder's size unpacked and its ten biggest parts (files or Qt/library folders).

python packaging/bundle_size.py dist/kcp-pos
"""

from __future__ import annotations

import sys
from pathlib import Path

MIB = 1024 * 1024
TOP = 10


def sizes(root: Path) -> tuple[int, list[tuple[int, str]]]:
    total = 0
    parts: list[tuple[int, str]] = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total += size
            parts.append((size, str(path.relative_to(root))))
    parts.sort(reverse=True)
    return total, parts[:TOP]


def main(root: Path) -> None:
    total, biggest = sizes(root)
    print(f"bundle {root}: {total / MIB:.1f} MiB unpacked")
    for size, name in biggest:
        print(f"  {size / MIB:7.1f} MiB  {name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
